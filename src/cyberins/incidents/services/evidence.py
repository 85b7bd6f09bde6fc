"""Evidence and its chain of custody, and the provider's response report.

Evidence is kept with its SHA-256 from receipt and never deleted, only retired with a reason. Every
receipt, transfer, access, download and retirement appends a custody entry whose hash covers its fields
and the previous entry's hash (the first entry's "previous hash" is the file's SHA-256), so
:func:`verify_custody` detects a line edited, removed or inserted in the database.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, NotFound
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role, sees_everything, visible
from cyberins.incidents.errors import IncidentsError as E
from cyberins.incidents.models import (
    RESPONDERS,
    CustodyAction,
    CustodyEntry,
    EntryKind,
    Evidence,
    Incident,
    ResponseReport,
)
from cyberins.incidents.services.common import _writer, add_entry

#: Magic numbers of the types whose content can be told from the first bytes; any content that is an
#: executable is refused whatever its name says.
MAGIC = {"pdf": (b"%PDF-",), "png": (b"\x89PNG",), "jpg": (b"\xff\xd8",), "jpeg": (b"\xff\xd8",)}
EXECUTABLE = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"#!")
REPORT_PARTS = ("cause", "measures", "harm", "remediation", "lessons")


def _party(user: User) -> str:
    org = user.organisation
    name = user.get_full_name() or user.username
    return f"{name} ({org.name})" if org else name


def _check_file(name: str, content: bytes) -> str:
    """The file's type (its extension) if admitted by the settings and its content agrees; else a coded
    error. Nothing is stored before this passes."""
    if len(content) > settings.INCIDENT_EVIDENCE_MAX_BYTES:
        raise DomainError(E.EVIDENCE_TOO_LARGE, _("The file is larger than the limit."), field="file")
    kind = PurePath(name).suffix.lower().lstrip(".")
    admitted = {t.strip().lower() for t in settings.INCIDENT_EVIDENCE_TYPES if t.strip()}
    if (
        not content
        or kind not in admitted
        or content.startswith(EXECUTABLE)
        or (kind in MAGIC and not content.startswith(MAGIC[kind]))
    ):
        raise DomainError(E.EVIDENCE_TYPE, _("This type of file is not accepted as evidence."), field="file")
    return kind


def _entry_hash(entry: CustodyEntry, evidence: Evidence) -> str:
    fields = [
        entry.prev_hash,
        evidence.pk,
        evidence.sha256,
        entry.seq,
        entry.action,
        entry.actor_id,
        entry.from_party,
        entry.to_party,
        entry.at.astimezone(UTC).isoformat(),
        entry.purpose,
    ]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


def _custody(
    evidence: Evidence,
    action: str,
    *,
    actor: User,
    now: datetime,
    from_party: str = "",
    to_party: str = "",
    purpose: str = "",
) -> CustodyEntry:
    last = CustodyEntry.objects.filter(evidence=evidence).order_by("-seq").first()
    entry = CustodyEntry(
        evidence=evidence,
        seq=(last.seq + 1) if last else 1,
        action=action,
        actor=actor,
        from_party=from_party[:200],
        to_party=to_party[:200],
        at=now,
        purpose=purpose[:2000],
        prev_hash=last.entry_hash if last else evidence.sha256,
    )
    entry.entry_hash = _entry_hash(entry, evidence)
    entry.save()
    return entry


@dataclass(frozen=True)
class CustodyCheck:
    intact: bool
    entries: int
    #: the sequence numbers whose entry no longer matches the chain
    broken: tuple[int, ...]
    file_intact: bool


def verify_custody(evidence: Evidence) -> CustodyCheck:
    """Recompute the chain: a changed field, a removed or inserted entry, or a changed file is found."""
    prev, broken, expected_seq = evidence.sha256, [], 1
    entries = list(CustodyEntry.objects.filter(evidence=evidence).order_by("seq", "pk"))
    for entry in entries:
        if (
            entry.seq != expected_seq
            or entry.prev_hash != prev
            or _entry_hash(entry, evidence) != entry.entry_hash
        ):
            broken.append(entry.seq)
        prev, expected_seq = entry.entry_hash, entry.seq + 1
    try:
        with evidence.file.open("rb") as handle:
            file_intact = hashlib.sha256(handle.read()).hexdigest() == evidence.sha256
    except (FileNotFoundError, ValueError):
        file_intact = False
    intact = not broken and bool(entries) and entries[0].action == CustodyAction.RECEIVED and file_intact
    return CustodyCheck(intact, len(entries), tuple(broken), file_intact)


def _own_evidence(actor: User, evidence: Evidence) -> Evidence:
    found = visible(actor, Evidence.objects.select_related("incident")).filter(pk=evidence.pk).first()
    if found is None:
        raise NotFound()
    return Evidence.objects.select_for_update().select_related("incident").get(pk=found.pk)


@audited
def do_upload_evidence(
    *,
    actor: User,
    incident: Incident,
    name: str,
    content: bytes,
    description: str = "",
    received_from: str = "",
    now: datetime,
) -> Evidence:
    """Receive a file as evidence: limits checked first (nothing stored on refusal), SHA-256 on receipt."""
    incident = _writer(actor, incident)
    name = PurePath(name or "evidence").name[:200]
    _check_file(name, content)
    digest = hashlib.sha256(content).hexdigest()
    evidence = Evidence(
        incident=incident,
        name=name,
        description=description.strip(),
        content_type=PurePath(name).suffix.lower().lstrip("."),
        size=len(content),
        sha256=digest,
        received_by=actor,
        received_from=(received_from.strip() or _party(actor))[:200],
        received_at=now,
        holder=_party(actor)[:200],
    )
    evidence.file.save(digest, ContentFile(content), save=False)
    evidence.save()
    _custody(
        evidence,
        CustodyAction.RECEIVED,
        actor=actor,
        now=now,
        from_party=evidence.received_from,
        to_party=evidence.holder,
        purpose=description.strip() or _("Preserved as evidence"),
    )
    add_entry(
        incident,
        EntryKind.EVIDENCE,
        _("Evidence received: %(name)s (SHA-256 %(sha)s).") % {"name": name, "sha": digest},
        at=now,
        now=now,
        actor=actor,
        details={"evidence": evidence.pk, "sha256": digest},
    )
    record_change(
        actor=actor,
        obj=evidence,
        action="incident.evidence",
        after={"name": name, "sha256": digest, "size": len(content)},
        now=now,
    )
    return evidence


@audited
def do_transfer_evidence(
    *, actor: User, evidence: Evidence, to_party: str, purpose: str, now: datetime
) -> Evidence:
    evidence = _own_evidence(actor, evidence)
    if evidence.retired_at is not None:
        raise DomainError(E.EVIDENCE_RETIRED, _("This evidence is retired."), field="evidence")
    if not to_party.strip():
        raise DomainError(E.TEXT_REQUIRED, _("Write the entry."), field="to_party")
    if not purpose.strip():
        raise DomainError(E.REASON_REQUIRED, _("Give the reason."), field="purpose")
    before = evidence.holder
    evidence.holder = to_party.strip()[:200]
    evidence.save(update_fields=["holder"])
    _custody(
        evidence,
        CustodyAction.TRANSFERRED,
        actor=actor,
        now=now,
        from_party=before,
        to_party=evidence.holder,
        purpose=purpose.strip(),
    )
    add_entry(
        evidence.incident,
        EntryKind.EVIDENCE,
        _("Evidence %(name)s transferred from %(from)s to %(to)s.")
        % {"name": evidence.name, "from": before, "to": evidence.holder},
        at=now,
        now=now,
        actor=actor,
        details={"evidence": evidence.pk},
    )
    return evidence


@audited
def do_access_evidence(*, actor: User, evidence: Evidence, purpose: str = "", now: datetime) -> bytes:
    """The file's bytes for a download; the download is logged in the chain of custody."""
    evidence = _own_evidence(actor, evidence)
    with evidence.file.open("rb") as handle:
        content = handle.read()
    _custody(
        evidence,
        CustodyAction.DOWNLOADED,
        actor=actor,
        now=now,
        from_party=evidence.holder,
        to_party=_party(actor),
        purpose=purpose.strip() or _("Download"),
    )
    return content


@audited
def do_retire_evidence(*, actor: User, evidence: Evidence, reason: str, now: datetime) -> Evidence:
    """Evidence is never deleted: it is retired with a reason and stays in the log."""
    require_role(actor, *RESPONDERS, Role.CLAIMS_HANDLER)
    evidence = _own_evidence(actor, evidence)
    if evidence.retired_at is not None:
        raise DomainError(E.EVIDENCE_RETIRED, _("This evidence is retired."), field="evidence")
    if not reason.strip():
        raise DomainError(E.REASON_REQUIRED, _("Give the reason."), field="reason")
    evidence.retired_at, evidence.retired_reason = now, reason.strip()
    evidence.save(update_fields=["retired_at", "retired_reason"])
    _custody(
        evidence,
        CustodyAction.RETIRED,
        actor=actor,
        now=now,
        from_party=evidence.holder,
        purpose=reason.strip(),
    )
    add_entry(
        evidence.incident,
        EntryKind.EVIDENCE,
        _("Evidence %(name)s retired: %(reason)s") % {"name": evidence.name, "reason": reason.strip()},
        at=now,
        now=now,
        actor=actor,
        details={"evidence": evidence.pk},
    )
    record_change(
        actor=actor, obj=evidence, action="incident.evidence_retired", after={"reason": reason}, now=now
    )
    return evidence


# ---------------------------------------------------------------------------------------------------
# The provider's response report


@audited
def do_submit_response_report(
    *, actor: User, incident: Incident, content: bytes, now: datetime, **summary: str
) -> ResponseReport:
    """The dispatched provider's report (报告分析): a PDF and the structured summary. Only the provider
    the case was dispatched to sees the case (others get 404); a resubmission replaces the report."""
    require_role(actor, *RESPONDERS)
    incident = _writer(actor, incident)
    if incident.provider_id is None or (
        actor.organisation_id != incident.provider_id and not sees_everything(actor)
    ):
        raise NotFound()
    if incident.stage not in ("recovery", "reporting", "follow_up"):
        raise DomainError(E.WRONG_STAGE, _("This cannot be done at the case's present stage."), field="stage")
    parts = {k: str(summary.get(k, "")).strip() for k in REPORT_PARTS}
    if set(summary) - set(REPORT_PARTS):
        raise DomainError(E.INVALID_CHOICE, _("Choose one of the listed values."), field="summary")
    for key, text in parts.items():
        if not text:
            raise DomainError(
                E.INVALID_REPORT,
                _("Upload the report as a PDF and fill in every part of the summary."),
                field=key,
            )
    if not content.startswith(b"%PDF-") or len(content) > settings.INCIDENT_EVIDENCE_MAX_BYTES:
        raise DomainError(
            E.INVALID_REPORT,
            _("Upload the report as a PDF and fill in every part of the summary."),
            field="report",
        )
    digest = hashlib.sha256(content).hexdigest()
    report = ResponseReport.objects.filter(incident=incident).first() or ResponseReport(incident=incident)
    report.provider_id, report.pdf_sha256 = incident.provider_id, digest
    report.submitted_by, report.submitted_at = actor, now
    for key, text in parts.items():
        setattr(report, key, text)
    report.pdf.save("report.pdf", ContentFile(content), save=False)
    report.save()
    add_entry(
        incident,
        EntryKind.RESPONSE,
        _("Response report submitted (SHA-256 %(sha)s).") % {"sha": digest},
        at=now,
        now=now,
        actor=actor,
        details={"sha256": digest},
    )
    record_change(
        actor=actor, obj=report, action="incident.response_report", after={"sha256": digest}, now=now
    )
    return report

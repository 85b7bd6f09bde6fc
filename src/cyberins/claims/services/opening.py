"""Opening a claim from an incident, and the documents loop (保险法 Art. 22: one notice lists every
missing document; the claim may be returned from assessment for more and come back)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import InvalidState
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.accounts.transitions import transition
from cyberins.claims.errors import ClaimsError as E
from cyberins.claims.models import Claim, ClaimDocument, DocumentNotice
from cyberins.claims.rules import CHECKLIST, COMMON_DOCUMENTS, checklist
from cyberins.claims.services.common import claim_number, error, locked, require_state
from cyberins.incidents import queries as incident_queries
from cyberins.incidents.models import Incident

KNOWN_DOCUMENTS = {code for code, _label in COMMON_DOCUMENTS} | {
    code for docs in CHECKLIST.values() for code, _label in docs
}


@audited
def do_open_claim(*, actor: User, incident: Incident, description: str = "", now: datetime) -> Claim:
    """Open the claim of an incident (the insured, or the insurer's claims handler); at most one each."""
    require_role(actor, Role.APPLICANT, Role.CLAIMS_HANDLER)
    incident = incident_queries.incident(actor, incident.pk)
    if actor.has_role(Role.APPLICANT) and incident.reporting_org_id != actor.organisation_id:
        raise error(E.NOT_CLAIMABLE, "incident")
    if incident.not_security_incident:
        raise error(E.NOT_CLAIMABLE, "incident", InvalidState)
    if Claim.objects.filter(incident=incident).exists():
        raise error(E.ALREADY_CLAIMED, "incident", InvalidState)
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                number=claim_number(now),
                incident=incident,
                policy=incident.policy,
                insured=incident.reporting_org,
                insurer=incident.insurer,
                provider=incident.provider,
                description=description.strip(),
                opened_at=now,
                opened_by=actor,
                payable=Decimal(0),
            )
    except IntegrityError:
        raise error(E.ALREADY_CLAIMED, "incident", InvalidState) from None
    record_change(
        actor=actor,
        obj=claim,
        action="claim.open",
        after={"number": claim.number, "incident": incident.number, "policy": incident.policy.number},
        now=now,
    )
    return claim


def missing_documents(claim: Claim) -> list[tuple[str, str, object]]:
    """Checklist documents for the claim's coverages not yet received (requested ones included)."""
    received = set(claim.documents.filter(status="received").values_list("code", flat=True))
    coverages = list(claim.lines.order_by("pk").values_list("coverage", flat=True))
    return [row for row in checklist(coverages) if row[0] not in received]


@audited
def do_request_documents(
    *, actor: User, claim: Claim, extra: list[str] | None = None, note: str = "", now: datetime
) -> DocumentNotice:
    """Send ONE notice listing every missing document of the checklist (plus ``extra`` codes).

    From ``under_assessment`` this returns the claim to the insured (the loop, recorded on the notice).
    """
    require_role(actor, Role.CLAIMS_HANDLER)
    claim = locked(actor, claim)
    require_state(claim, "open", "under_assessment", "documents_requested")
    extra = list(extra or [])
    unknown = [code for code in extra if code not in KNOWN_DOCUMENTS]
    if unknown:
        raise error(E.UNKNOWN_DOCUMENT, "extra")
    rows = missing_documents(claim)
    codes = {code for code, _cov, _label in rows}
    rows += [(code, "", code) for code in dict.fromkeys(extra) if code not in codes]
    received = set(claim.documents.filter(status="received").values_list("code", flat=True))
    rows = [row for row in rows if row[0] not in received or row[0] in extra]
    if not rows:
        raise error(E.NOTHING_MISSING, "extra", InvalidState)
    returned = claim.status == "under_assessment"
    notice = DocumentNotice.objects.create(
        claim=claim,
        sequence=claim.notices.count() + 1,
        sent_at=now,
        sent_by=actor,
        returned=returned,
        note=note.strip(),
        codes=[code for code, _cov, _label in rows],
    )
    for code, coverage, _label in rows:
        document, created = ClaimDocument.objects.get_or_create(
            claim=claim, code=code, defaults={"coverage": coverage, "notice": notice}
        )
        if not created and document.status == "received":
            # asked again (the handler found it insufficient): back to requested on this notice
            ClaimDocument.objects.filter(pk=document.pk).update(
                status="requested", notice=notice, received_at=None
            )
    transition(
        claim,
        "documents_requested",
        actor=actor,
        now=now,
        reason=note.strip(),
        action="claim.return_for_documents" if returned else None,
        details={"notice": notice.sequence, "documents": notice.codes},
    )
    return notice


@audited
def do_receive_document(
    *, actor: User, claim: Claim, code: str, file: UploadedFile | None = None, now: datetime
) -> ClaimDocument:
    """The insured uploads a requested document (or the handler records one received otherwise)."""
    require_role(actor, Role.APPLICANT, Role.CLAIMS_HANDLER)
    claim = locked(actor, claim)
    require_state(claim, "open", "documents_requested", "under_assessment")
    document = claim.documents.filter(code=code).first()
    if document is None:
        raise error(E.UNKNOWN_DOCUMENT, "code")
    if document.status == "received":
        return document
    if file is not None:
        document.file.save(file.name or code, file, save=True)
    transition(document, "received", actor=actor, now=now, details={"claim": claim.number, "code": code})
    return document


@audited
def do_complete_documents(*, actor: User, claim: Claim, now: datetime) -> Claim:
    """The documents are complete: the claim goes to assessment and the decision clock starts."""
    require_role(actor, Role.CLAIMS_HANDLER)
    claim = locked(actor, claim)
    if claim.documents.filter(status="requested").exists():
        raise error(E.DOCUMENTS_MISSING, "documents", InvalidState)
    transition(claim, "under_assessment", actor=actor, now=now)
    return claim


@audited
def do_authorise_direct_payment(*, actor: User, claim: Claim, authorised: bool, now: datetime) -> Claim:
    """The insured authorises (or withdraws the authorisation of) paying the provider directly (直赔)."""
    require_role(actor, Role.APPLICANT)
    claim = locked(actor, claim)
    if claim.insured_id != actor.organisation_id:
        raise error(E.NOT_EDITABLE, "direct_payment_authorised", InvalidState)
    before = claim.direct_payment_authorised
    Claim.objects.filter(pk=claim.pk).update(direct_payment_authorised=bool(authorised))
    claim.direct_payment_authorised = bool(authorised)
    record_change(
        actor=actor,
        obj=claim,
        action="claim.authorise_direct_payment",
        before={"direct_payment_authorised": before},
        after={"direct_payment_authorised": bool(authorised)},
        now=now,
    )
    return claim

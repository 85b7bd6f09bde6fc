"""The case: stage moves, outages, manual timeline entries and re-grading."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, NotFound
from cyberins.accounts.models import User
from cyberins.accounts.scoping import require_role, sees_everything
from cyberins.accounts.transitions import transition
from cyberins.incidents import notices
from cyberins.incidents.errors import IncidentsError as E
from cyberins.incidents.models import (
    RESPONDERS,
    EntryKind,
    Incident,
    Outage,
    Stage,
    TimelineEntry,
)
from cyberins.incidents.services.common import _decimal, _locked, _require_aware, _writer, add_entry
from cyberins.terms.incidents import (
    ImpactFacts,
    grade,
    grade_name,
)


def _move(incident: Incident, to: str, *, actor: Any, now: datetime, note: str) -> bool:
    before = incident.stage
    changes: dict[str, Any] = {"stage_changed_at": now}
    if to == Stage.CLOSED and before == Stage.DETECTION:
        changes["not_security_incident"] = True
    changed = transition(incident, to, actor=actor, now=now, reason=note, changes=changes)
    if changed:
        for name, value in changes.items():
            setattr(incident, name, value)
        add_entry(
            incident,
            EntryKind.STAGE,
            _("Stage: %(before)s → %(after)s.") % {"before": Stage(before).label, "after": Stage(to).label}
            + (f" {note}" if note else ""),
            at=now,
            now=now,
            actor=actor,
            details={"from": before, "to": to},
        )
        notices.stage_changed(incident, note=note, now=now)
    return changed


@audited
def do_move_stage(*, actor: User, incident: Incident, stage: str, note: str = "", now: datetime) -> Incident:
    """Move the case along the seed's stages (the model's WORKFLOW); a jump is refused, nothing changes."""
    incident = _locked(actor, incident)
    if stage not in Stage.values:
        raise DomainError(E.INVALID_CHOICE, _("Choose one of the listed values."), field="stage")
    _move(incident, stage, actor=actor, now=now, note=note.strip())
    return incident


@audited
def do_record_outage(
    *,
    actor: User,
    incident: Incident,
    system: str,
    started_at: datetime,
    ended_at: datetime | None = None,
    now: datetime,
) -> Outage:
    """Record an outage of an affected system, or end the open one of that system.

    Only the responders of the dispatched provider (or the platform) record outages: their hours become
    the business-interruption loss of a claim, so the insured does not state them for itself."""
    incident = _writer(actor, incident)
    if not sees_everything(actor):
        require_role(actor, *RESPONDERS)
        if actor.organisation_id != incident.provider_id:
            raise NotFound()
    if not system.strip():
        raise DomainError(E.SYSTEM_REQUIRED, _("Name the affected system."), field="system")
    started_at = _require_aware(started_at, "started_at")
    if ended_at is not None and _require_aware(ended_at, "ended_at") < started_at:
        raise DomainError(E.INVALID_PERIOD, _("The end must not be before the start."), field="ended_at")
    outage, created = Outage.objects.get_or_create(
        incident=incident, system=system.strip(), started_at=started_at, defaults={"ended_at": ended_at}
    )
    if not created and ended_at is not None:
        outage.ended_at = ended_at
        outage.save(update_fields=["ended_at"])
    text = _("Outage of %(system)s from %(start)s") % {
        "system": outage.system,
        "start": started_at.isoformat(),
    }
    if outage.ended_at:
        text += _(" to %(end)s") % {"end": outage.ended_at.isoformat()}
    add_entry(incident, EntryKind.OUTAGE, text, at=outage.ended_at or started_at, now=now, actor=actor)
    record_change(
        actor=actor,
        obj=outage,
        action="incident.outage",
        after={"system": outage.system, "start": started_at, "end": outage.ended_at},
        now=now,
    )
    return outage


@audited
def do_add_timeline_entry(
    *, actor: User, incident: Incident, at: datetime, text: str, now: datetime
) -> TimelineEntry:
    incident = _locked(actor, incident)
    if not text.strip():
        raise DomainError(E.TEXT_REQUIRED, _("Write the entry."), field="text")
    at = _require_aware(at, "at")
    if at > now:
        raise DomainError(E.INVALID_TIME, _("This time cannot be after the report."), field="at")
    entry = add_entry(incident, EntryKind.NOTE, text.strip(), at=at, now=now, actor=actor)
    record_change(
        actor=actor, obj=entry, action="incident.note", after={"incident": incident.number}, now=now
    )
    return entry


@audited
def do_update_impact(
    *,
    actor: User,
    incident: Incident,
    personal_information_people: int,
    direct_loss: Any,
    critical_outage_hours: Any,
    now: datetime,
) -> Incident:
    """New impact facts re-grade the case; the change is kept in the timeline."""
    incident = _writer(actor, incident)
    if personal_information_people < 0:
        raise DomainError(
            E.INVALID_CHOICE, _("Enter a number of zero or more."), field="personal_information_people"
        )
    loss = _decimal(direct_loss, "direct_loss")
    hours = _decimal(critical_outage_hours, "critical_outage_hours")
    graded = grade(ImpactFacts(personal_information_people, loss, hours))
    before = incident.grade
    incident.personal_information_people, incident.direct_loss = personal_information_people, loss
    incident.critical_outage_hours, incident.grade = hours, graded.grade.value
    incident.save(
        update_fields=["personal_information_people", "direct_loss", "critical_outage_hours", "grade"]
    )
    if before != incident.grade:
        language = get_language() or "zh"
        add_entry(
            incident,
            EntryKind.GRADE,
            _("Re-graded: %(before)s → %(after)s.")
            % {"before": grade_name(before, language), "after": grade_name(incident.grade, language)},
            at=now,
            now=now,
            actor=actor,
            details={"from": before, "to": incident.grade, "draft_only": graded.draft_only},
        )
    record_change(
        actor=actor,
        obj=incident,
        action="incident.impact",
        before={"grade": before},
        after={"grade": incident.grade},
        now=now,
    )
    return incident

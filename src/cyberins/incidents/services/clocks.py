"""The service and regulatory clocks: facts for the pure rules, regulatory reports, the periodic tick."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.incidents.errors import IncidentsError as E
from cyberins.incidents.models import (
    EntryKind,
    Incident,
    Stage,
    TimelineEntry,
)
from cyberins.incidents.services.common import (
    _locked,
    _require_aware,
    add_entry,
    entry,
)
from cyberins.terms.incidents import (
    Clock,
    ClockFacts,
    ClockState,
    Grade,
    OperatorKind,
    clocks,
)

#: the fields :func:`clock_facts` and :func:`_new_breaches` read
CLOCK_FIELDS = (
    "reported_at",
    "discovered_at",
    "grade",
    "operator_kind",
    "team_hours",
    "callback_minutes",
    "team_arranged_at",
    "first_contact_at",
    "authority_reported_at",
    "closed_at",
    "not_security_incident",
    "summary_reported_at",
    "covered",
    "suspicious_only",
    "breaches",
)


def clock_facts(incident: Incident) -> ClockFacts:
    return ClockFacts(
        reported_at=incident.reported_at,
        discovered_at=incident.discovered_at,
        grade=Grade(incident.grade) if incident.grade else None,
        operator_kind=OperatorKind(incident.operator_kind),
        team_hours=incident.team_hours,
        callback_minutes=incident.callback_minutes,
        team_arranged_at=incident.team_arranged_at,
        first_contact_at=incident.first_contact_at,
        authority_reported_at=incident.authority_reported_at,
        handling_ended_at=incident.closed_at if not incident.not_security_incident else None,
        summary_reported_at=incident.summary_reported_at,
        service_owed=incident.covered and not incident.suspicious_only,
    )


def incident_clocks(incident: Incident, now: datetime) -> list[Clock]:
    return clocks(clock_facts(incident), now)


#: kind → the incident's field that meets the regulatory clock
REGULATORY_REPORTS = {"authority": "authority_reported_at", "summary": "summary_reported_at"}


@audited
def do_record_regulatory_report(
    *, actor: User, incident: Incident, kind: str, at: datetime, now: datetime
) -> Incident:
    """The insured (the network operator) records when it reported to the authority, or filed the
    处置总结报告; the platform tracks the clocks and does not send the reports."""
    require_role(actor, Role.APPLICANT)
    incident = _locked(actor, incident)
    if kind not in REGULATORY_REPORTS:
        raise DomainError(E.INVALID_CHOICE, _("Choose one of the listed values."), field="kind")
    at = _require_aware(at, "at")
    if at > now or at < incident.discovered_at:
        raise DomainError(E.INVALID_TIME, _("This time cannot be after the report."), field="at")
    field = REGULATORY_REPORTS[kind]
    setattr(incident, field, at)
    incident.save(update_fields=[field])
    add_entry(incident, EntryKind.NOTE, _("Regulatory report recorded: %(kind)s.") % {"kind": kind},
              at=at, now=now, actor=actor, details={"kind": kind})  # fmt: skip
    record_change(actor=actor, obj=incident, action="incident.regulatory_report", after={field: at}, now=now)
    return incident


# ---------------------------------------------------------------------------------------------------
# Clocks (periodic)


def open_for_clocks(now: datetime) -> Any:
    """Open cases, and closed ones whose summary report may still be due."""
    return Incident.objects.filter(
        Q(~Q(stage=Stage.CLOSED))
        | Q(closed_at__gte=now - timedelta(days=45), summary_reported_at__isnull=True)
    )


def _new_breaches(incident: Incident, now: datetime) -> list[Clock]:
    return [
        c
        for c in incident_clocks(incident, now)
        if c.state == ClockState.BREACHED and c.name not in incident.breaches
    ]


#: cases whose breaches one transaction records: a mass-breach tick (a ransomware wave) commits in chunks,
#: so it holds no giant transaction, and a crash mid-way leaves whole chunks done that the next tick skips
TICK_CHUNK = 500


def tick(*, now: datetime) -> int:
    """Record each clock breach once: a timeline entry, the escalation flag and an audit record per case.
    Idempotent; returns how many breaches it recorded. The clocks are computed over all open cases without
    locks; only the cases with a new breach are locked, TICK_CHUNK at a time, and checked again."""
    # Only the columns the clocks read: the tick scans every open case, and loading whole rows (texts,
    # JSON, eradication notes) cost several times the clock arithmetic on PostgreSQL.
    cases = open_for_clocks(now).only(*CLOCK_FIELDS).iterator(chunk_size=2000)
    due = [i.pk for i in cases if _new_breaches(i, now)]
    return sum(_record_breaches(due[at : at + TICK_CHUNK], now=now) for at in range(0, len(due), TICK_CHUNK))


def _breach_text(clock: Clock) -> str:
    return _("Clock %(name)s breached (due %(due)s); escalated to the operator and the insurer.") % {
        "name": clock.name,
        "due": clock.due_at.isoformat(),
    }


@audited
def _record_breaches(pks: list[int], *, now: datetime) -> int:
    """One transaction for one chunk: lock the cases, keep those still newly breached, then write in bulk —
    the timeline entries in one insert, the breaches in one update per distinct list (in a wave, one), the
    escalation in one update, and the audit records in the one insert that ``@audited`` makes at its end."""
    locked = (
        Incident.objects.select_for_update(no_key=True)
        .filter(pk__in=pks)
        .order_by("pk")  # one lock order for every tick: two ticks never deadlock on each other
        .only(*CLOCK_FIELDS)
    )
    entries: list[TimelineEntry] = []
    by_breaches: dict[tuple[str, ...], list[int]] = {}
    recorded = 0
    for incident in locked:
        new = _new_breaches(incident, now)
        if not new:  # recorded by a tick that ran meanwhile
            continue
        entries += [
            entry(incident, EntryKind.CLOCK, _breach_text(c), at=now, now=now,
                  details={"clock": c.name, "due": c.due_at.isoformat()})
            for c in new
        ]  # fmt: skip
        by_breaches.setdefault((*incident.breaches, *(c.name for c in new)), []).append(incident.pk)
        names = [c.name for c in new]
        record_change(actor=None, obj=incident, action="incident.breach", after={"clocks": names}, now=now)
        recorded += len(new)
    TimelineEntry.objects.bulk_create(entries, batch_size=TICK_CHUNK)
    for breaches, group in by_breaches.items():
        Incident.objects.filter(pk__in=group).update(breaches=list(breaches))
    changed = [pk for group in by_breaches.values() for pk in group]
    Incident.objects.filter(pk__in=changed, escalated_at__isnull=True).update(escalated_at=now)
    return recorded

"""The incident use cases: report (portal, API, hotline), stages, outages, timeline, dispatch, clocks.

Every ``do_*`` function is keyword-only, runs in one transaction (``@audited``) and writes its audit
record; a refused request raises a coded :class:`DomainError` and changes nothing. The rules themselves
(coverage, grading, clocks) are pure, in :mod:`cyberins.terms.incidents`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, NotFound
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role, sees_everything, visible
from cyberins.accounts.transitions import transition
from cyberins.incidents import notices
from cyberins.incidents.errors import IncidentsError as E
from cyberins.incidents.models import (
    Channel,
    EntryKind,
    HotlineCall,
    Incident,
    Outage,
    Stage,
    TimelineEntry,
)
from cyberins.network import find_region
from cyberins.policies.models import EndorsementKind, Policy
from cyberins.providers.models import Engagement, EngagementKind, EngagementStatus, OfferStatus, ServiceItem
from cyberins.providers.services import do_open_engagement, on_engagement
from cyberins.terms import local_date, require_aware
from cyberins.terms.incidents import (
    LOCATIONS,
    SUB_CLASSES,
    Clock,
    ClockFacts,
    ClockState,
    CoverageFacts,
    Grade,
    ImpactFacts,
    IncidentClass,
    OperatorKind,
    check_coverage,
    clocks,
    grade,
)

#: Two reports on one policy whose event times are closer than this are linked (the second to the first).
OVERLAP = timedelta(hours=24)
RESPONSE_SERVICE = "emergency_response"


def _require_aware(value: datetime, field: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise DomainError(E.INVALID_TIME, _("Give the time with its time zone."), field=field)
    return require_aware(value, field)


def add_entry(
    incident: Incident,
    kind: str,
    text: str,
    *,
    at: datetime,
    now: datetime,
    actor: Any = None,
    details: dict[str, Any] | None = None,
) -> TimelineEntry:
    return TimelineEntry.objects.create(
        incident=incident,
        at=at,
        kind=kind,
        text=text,
        details=details or {},
        actor=actor if isinstance(actor, User) else None,
        recorded_at=now,
    )


# ---------------------------------------------------------------------------------------------------
# Facts for the pure rules


def coverage_facts(policy: Policy, *, affected_system: str, location: str, on: datetime) -> CoverageFacts:
    """The policy's terms as of the event date: a cancellation counts from its effective date; the insured
    systems are those before any systems endorsement effective after the event."""
    day = local_date(on)
    cancelled_from = None
    systems = list(policy.systems)
    for endorsement in policy.endorsements.order_by("-sequence"):
        if endorsement.kind == EndorsementKind.CANCELLATION:
            cancelled_from = endorsement.effective_on
        elif endorsement.kind == EndorsementKind.SYSTEMS and endorsement.effective_on > day:
            systems = list(endorsement.before.get("systems", systems))
    if cancelled_from is None and policy.cancelled_at is not None:
        cancelled_from = local_date(policy.cancelled_at)
    unpaid = policy.instalments.filter(due_on__lte=day, paid_at__isnull=True).exists()
    return CoverageFacts(
        first_day=policy.first_day,
        last_day=policy.last_day,
        cancelled_from=cancelled_from,
        paid_by_event=not unpaid,
        insured_systems=tuple(str(s.get("name", "")) for s in systems if isinstance(s, dict)),
        affected_system=affected_system,
        has_response_cover=policy.coverages.filter(coverage="response_service").exists(),
        location=location,
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


# ---------------------------------------------------------------------------------------------------
# Report


def _number(now: datetime) -> str:
    day = local_date(now)
    prefix = f"BA{day:%Y%m%d}"
    count = Incident.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


#: The largest amounts the columns hold (direct loss: 14 digits, outage hours: 8, both to the cent).
LIMITS = {"direct_loss": Decimal("999999999999.99"), "critical_outage_hours": Decimal("999999.99")}


def _decimal(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(E.INVALID_CHOICE, _("Enter a number."), field=field) from None
    if not amount.is_finite() or amount < 0 or amount > LIMITS[field]:
        raise DomainError(E.INVALID_CHOICE, _("Enter a number of zero or more."), field=field)
    return amount.quantize(Decimal("0.01"))


def _classification(incident_class: str, sub_class: str) -> tuple[str, str]:
    if incident_class not in IncidentClass.__members__.values():
        raise DomainError(E.INVALID_CHOICE, _("Choose one of the listed values."), field="incident_class")
    if sub_class and sub_class not in SUB_CLASSES.get(IncidentClass(incident_class), {}):
        raise DomainError(E.INVALID_CHOICE, _("Choose one of the listed values."), field="sub_class")
    return incident_class, sub_class


def _report(
    *,
    actor: Any,
    policy: Policy,
    channel: str,
    summary: str,
    affected_system: str,
    occurred_at: datetime,
    discovered_at: datetime,
    location: str,
    suspicious_only: bool,
    incident_class: str,
    sub_class: str,
    operator_kind: str,
    personal_information_people: int,
    direct_loss: Any,
    critical_outage_hours: Any,
    now: datetime,
) -> Incident:
    if not summary.strip():
        raise DomainError(E.SUMMARY_REQUIRED, _("Describe what happened."), field="summary")
    if not affected_system.strip():
        raise DomainError(E.SYSTEM_REQUIRED, _("Name the affected system."), field="affected_system")
    occurred_at = _require_aware(occurred_at, "occurred_at")
    discovered_at = _require_aware(discovered_at, "discovered_at")
    for name, moment in (("occurred_at", occurred_at), ("discovered_at", discovered_at)):
        if moment > now:
            raise DomainError(E.INVALID_TIME, _("This time cannot be after the report."), field=name)
    if discovered_at < occurred_at:
        raise DomainError(E.INVALID_TIME, _("Discovery cannot precede the event."), field="discovered_at")
    if location not in LOCATIONS:
        raise DomainError(E.INVALID_CHOICE, _("Choose one of the listed values."), field="location")
    if operator_kind not in OperatorKind.__members__.values():
        raise DomainError(E.INVALID_CHOICE, _("Choose one of the listed values."), field="operator_kind")
    incident_class, sub_class = _classification(incident_class, sub_class)
    if personal_information_people < 0:
        raise DomainError(
            E.INVALID_CHOICE, _("Enter a number of zero or more."), field="personal_information_people"
        )
    loss = _decimal(direct_loss, "direct_loss")
    outage_hours = _decimal(critical_outage_hours, "critical_outage_hours")

    coverage = check_coverage(
        coverage_facts(policy, affected_system=affected_system.strip(), location=location, on=occurred_at),
        occurred_at,
    )
    graded = grade(ImpactFacts(personal_information_people, loss, outage_hours))
    earlier = (
        Incident.objects.filter(
            policy=policy, occurred_at__gte=occurred_at - OVERLAP, occurred_at__lte=occurred_at + OVERLAP
        )
        .exclude(stage=Stage.CLOSED)
        .order_by("reported_at", "pk")
        .first()
    )
    incident = Incident.objects.create(
        number=_number(now),
        policy=policy,
        reporting_org=policy.insured,
        insurer=policy.insurer,
        channel=channel,
        reported_at=now,
        discovered_at=discovered_at,
        occurred_at=occurred_at,
        summary=summary.strip(),
        affected_system=affected_system.strip(),
        location=location,
        suspicious_only=suspicious_only,
        operator_kind=operator_kind,
        covered=coverage.covered,
        coverage_reasons=[str(r) for r in coverage.reasons],
        incident_class=incident_class,
        sub_class=sub_class,
        grade=graded.grade.value,
        personal_information_people=personal_information_people,
        direct_loss=loss,
        critical_outage_hours=outage_hours,
        related_to=(earlier.related_to or earlier) if earlier else None,
    )
    add_entry(
        incident,
        EntryKind.REPORT,
        _("Reported through %(channel)s.") % {"channel": channel},
        at=now,
        now=now,
        actor=actor,
    )
    add_entry(
        incident,
        EntryKind.COVERAGE,
        _("Covered.")
        if coverage.covered
        else _("Not covered: %(reasons)s") % {"reasons": ", ".join(coverage.reasons)},
        at=now,
        now=now,
        details={"covered": coverage.covered, "reasons": incident.coverage_reasons},
    )
    record_change(
        actor=actor,
        obj=incident,
        action="incident.report",
        after={
            "number": incident.number,
            "policy": policy.number,
            "covered": coverage.covered,
            "reasons": incident.coverage_reasons,
            "grade": incident.grade,
        },
        now=now,
    )
    notices.reported(incident, now=now)
    if coverage.covered and not suspicious_only:
        _dispatch(incident, actor=actor, now=now)
    return incident


def _dispatch(incident: Incident, *, actor: Any, now: datetime) -> Engagement | None:
    """The emergency response goes to the provider network at once; the SLA clock runs from the report."""
    service = ServiceItem.objects.filter(code=RESPONSE_SERVICE).first()
    if service is None:
        return None
    insured = incident.reporting_org
    province, city = find_region(insured.province, insured.city)
    engagement = do_open_engagement(
        actor=actor,
        kind=EngagementKind.INCIDENT,
        reference=incident.number,
        service=service,
        province=province or "110000",
        city=city,
        needed_by=incident.reported_at + timedelta(hours=incident.team_hours),
        client=insured,
        insurer=incident.insurer,
        now=now,
    )
    incident.engagement = engagement
    incident.save(update_fields=["engagement"])
    pending = engagement.offers.filter(status=OfferStatus.PENDING).select_related("provider").first()
    text = (
        _("Emergency response offered to %(provider)s.") % {"provider": pending.provider.legal_name}
        if pending
        else _("No eligible provider for the emergency response; the operator assigns one.")
    )
    add_entry(incident, EntryKind.DISPATCH, text, at=now, now=now)
    return engagement


@audited
def do_report_incident(
    *,
    actor: User,
    policy: Policy,
    summary: str,
    affected_system: str,
    occurred_at: datetime,
    discovered_at: datetime,
    channel: str = Channel.PORTAL,
    location: str = "mainland",
    suspicious_only: bool = False,
    incident_class: str = "OTH",
    sub_class: str = "",
    operator_kind: str = "other",
    personal_information_people: int = 0,
    direct_loss: Any = 0,
    critical_outage_hours: Any = 0,
    now: datetime,
) -> Incident:
    """The insured reports an incident (or suspicious activity) on its own policy, in the portal or the
    API. Another organisation's policy → 404; an uncovered report is recorded with its reasons."""
    require_role(actor, Role.APPLICANT)
    if channel not in (Channel.PORTAL, Channel.API):
        raise DomainError(E.INVALID_CHOICE, _("Choose one of the listed values."), field="channel")
    own = visible(actor, Policy.objects.all())
    if not sees_everything(actor):
        own = own.filter(insured_id=actor.organisation_id)
    policy = own.select_related("insured", "insurer").filter(pk=policy.pk).first() or _not_found()
    return _report(
        actor=actor,
        policy=policy,
        channel=channel,
        summary=summary,
        affected_system=affected_system,
        occurred_at=occurred_at,
        discovered_at=discovered_at,
        location=location,
        suspicious_only=suspicious_only,
        incident_class=incident_class,
        sub_class=sub_class,
        operator_kind=operator_kind,
        personal_information_people=personal_information_people,
        direct_loss=direct_loss,
        critical_outage_hours=critical_outage_hours,
        now=now,
    )


def _not_found() -> Any:
    raise NotFound()


def offered_provider(incident: Incident) -> Any:
    """The provider the response is with now (accepted, else the pending offer), for the transfer."""
    if incident.engagement_id is None:
        return None
    engagement = incident.engagement
    assert engagement is not None
    if engagement.provider is not None:
        return engagement.provider
    offer = engagement.offers.filter(status=OfferStatus.PENDING).select_related("provider").first()
    return offer.provider if offer else None


@audited
def do_register_call(
    *,
    actor: User,
    policy: Policy,
    caller: str,
    callback_number: str,
    called_at: datetime,
    summary: str,
    affected_system: str = "",
    occurred_at: datetime | None = None,
    discovered_at: datetime | None = None,
    incident: Incident | None = None,
    now: datetime,
) -> HotlineCall:
    """The hotline agent registers a phone report (new incident, or a call on an existing one) and the
    transfer of the call to the dispatched provider's technical-support line."""
    require_role(actor, Role.HOTLINE_AGENT)
    policy = (
        visible(actor, Policy.objects.select_related("insured", "insurer")).filter(pk=policy.pk).first()
        or _not_found()
    )
    if not caller.strip() or not callback_number.strip():
        raise DomainError(
            E.CALLBACK_REQUIRED, _("Give the caller's name and callback number."), field="callback_number"
        )
    called_at = _require_aware(called_at, "called_at")
    if called_at > now:
        raise DomainError(E.INVALID_TIME, _("This time cannot be after the report."), field="called_at")
    if incident is None:
        incident = _report(
            actor=actor,
            policy=policy,
            channel=Channel.HOTLINE,
            summary=summary,
            affected_system=affected_system,
            occurred_at=occurred_at or called_at,
            discovered_at=discovered_at or called_at,
            location="mainland",
            suspicious_only=False,
            incident_class="OTH",
            sub_class="",
            operator_kind="other",
            personal_information_people=0,
            direct_loss=0,
            critical_outage_hours=0,
            now=now,
        )
    elif incident.policy_id != policy.pk:
        raise NotFound()
    provider = offered_provider(incident)
    call = HotlineCall.objects.create(
        incident=incident,
        agent=actor,
        caller=caller.strip(),
        callback_number=callback_number.strip(),
        called_at=called_at,
        summary=summary.strip(),
        transferred_to=provider.organisation if provider else None,
        transfer_number=provider.hotline if provider else "",
        transferred_at=now if provider else None,
    )
    if incident.first_contact_at is None:
        incident.first_contact_at = called_at
        incident.save(update_fields=["first_contact_at"])
    text = _("Call from %(caller)s registered.") % {"caller": call.caller}
    if provider:
        text += " " + _("Transferred to %(provider)s at %(number)s.") % {
            "provider": provider.legal_name,
            "number": provider.hotline,
        }
    add_entry(incident, EntryKind.CALL, text, at=called_at, now=now, actor=actor)
    record_change(
        actor=actor,
        obj=call,
        action="incident.call",
        after={"incident": incident.number, "transferred_to": call.transfer_number},
        now=now,
    )
    return call


# ---------------------------------------------------------------------------------------------------
# The provider network answers


@on_engagement(EngagementKind.INCIDENT)
def follow_engagement(engagement: Engagement, status: str, now: datetime) -> None:
    incident = Incident.objects.select_for_update().filter(engagement=engagement).first()
    if incident is None:
        return
    if status == EngagementStatus.ACCEPTED and engagement.provider is not None:
        incident.provider_id = engagement.provider.organisation_id
        incident.team_arranged_at = now
        incident.save(update_fields=["provider", "team_arranged_at"])
        add_entry(
            incident,
            EntryKind.DISPATCH,
            _("%(provider)s accepted the emergency response.") % {"provider": engagement.provider.legal_name},
            at=now,
            now=now,
        )
        if incident.stage == Stage.REPORTED:
            _move(incident, Stage.RESPONDING, actor=None, now=now, note="")
    elif status == EngagementStatus.UNFILLED:
        add_entry(
            incident,
            EntryKind.DISPATCH,
            _("No provider accepted; escalated to the platform operator."),
            at=now,
            now=now,
        )
        if incident.escalated_at is None:
            incident.escalated_at = now
            incident.save(update_fields=["escalated_at"])


# ---------------------------------------------------------------------------------------------------
# The case


def _locked(actor: Any, incident: Incident) -> Incident:
    found = visible(actor, Incident.objects.all()).filter(pk=incident.pk).values_list("pk", flat=True).first()
    if found is None:
        raise NotFound()
    return Incident.objects.select_for_update().get(pk=found)


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


def _writer(actor: User, incident: Incident) -> Incident:
    incident = _locked(actor, incident)
    if incident.stage == Stage.CLOSED:
        raise DomainError(E.INCIDENT_CLOSED, _("This incident is closed."), field="stage")
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
    """Record an outage of an affected system, or end the open one of that system."""
    incident = _writer(actor, incident)
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
        add_entry(
            incident,
            EntryKind.GRADE,
            _("Re-graded: %(before)s → %(after)s.") % {"before": before, "after": incident.grade},
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


def tick(*, now: datetime) -> int:
    """Record each clock breach once: a timeline entry and the escalation flag. Idempotent; returns how
    many breaches it recorded. The clocks are computed over all open cases without locks; only a case with
    a new breach is locked and checked again."""
    recorded = 0
    due = [i.pk for i in open_for_clocks(now).iterator(chunk_size=2000) if _new_breaches(i, now)]
    for pk in due:
        with transaction.atomic():
            incident = Incident.objects.select_for_update().get(pk=pk)
            new = _new_breaches(incident, now)
            if not new:
                continue
            for c in new:
                add_entry(
                    incident,
                    EntryKind.CLOCK,
                    _("Clock %(name)s breached (due %(due)s); escalated to the operator and the insurer.")
                    % {"name": c.name, "due": c.due_at.isoformat()},
                    at=now,
                    now=now,
                    details={"clock": c.name, "due": c.due_at.isoformat()},
                )
            incident.breaches = [*incident.breaches, *(c.name for c in new)]
            incident.escalated_at = incident.escalated_at or now
            incident.save(update_fields=["breaches", "escalated_at"])
            record_change(
                actor=None,
                obj=incident,
                action="incident.breach",
                after={"clocks": [c.name for c in new]},
                now=now,
            )
            recorded += len(new)
    return recorded

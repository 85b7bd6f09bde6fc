"""Report (portal, API, hotline), the coverage check at intake and the dispatch to the provider network."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, NotFound
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role, sees_everything, visible
from cyberins.incidents import notices
from cyberins.incidents.errors import IncidentsError as E
from cyberins.incidents.models import (
    Channel,
    EntryKind,
    FollowUpOrder,
    HotlineCall,
    Incident,
    Stage,
)
from cyberins.incidents.services.common import (
    _decimal,
    _not_found,
    _require_aware,
    add_entry,
)
from cyberins.incidents.services.stages import _move
from cyberins.network import find_region
from cyberins.policies.models import EndorsementKind, Policy
from cyberins.providers.models import Engagement, EngagementKind, EngagementStatus, OfferStatus, ServiceItem
from cyberins.providers.services import do_open_engagement, on_engagement
from cyberins.terms import local_date
from cyberins.terms.incidents import (
    LOCATIONS,
    SUB_CLASSES,
    CoverageFacts,
    ImpactFacts,
    IncidentClass,
    OperatorKind,
    check_coverage,
    grade,
)

#: Two reports on one policy whose event times are closer than this are linked (the second to the first).
OVERLAP = timedelta(hours=24)
RESPONSE_SERVICE = "emergency_response"


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


# ---------------------------------------------------------------------------------------------------
# Report


def _number(now: datetime) -> str:
    day = local_date(now)
    prefix = f"BA{day:%Y%m%d}"
    count = Incident.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


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
        _("Reported through %(channel)s.") % {"channel": Channel(channel).label},
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
        _follow_up_answered(engagement, status, now)
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


def _follow_up_answered(engagement: Engagement, status: str, now: datetime) -> None:
    """A follow-up service order's engagement was accepted or completed: kept in the case's timeline."""
    order = FollowUpOrder.objects.select_related("incident", "service").filter(engagement=engagement).first()
    if order is None or status not in (EngagementStatus.ACCEPTED, EngagementStatus.COMPLETED):
        return
    text = (
        _("%(provider)s accepted the follow-up service %(service)s.")
        if status == EngagementStatus.ACCEPTED
        else _("%(provider)s completed the follow-up service %(service)s.")
    )
    provider = engagement.provider.legal_name if engagement.provider else ""
    add_entry(
        order.incident,
        EntryKind.FOLLOW_UP,
        text % {"provider": provider, "service": order.service.name},
        at=now,
        now=now,
        details={"engagement": engagement.pk, "status": status},
    )

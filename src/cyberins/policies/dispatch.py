"""Service orders go to the provider network: each scheduled order becomes an engagement offered to the
best matching provider before its due date, and follows that engagement's progress.

A fixed inspection or vulnerability scan is performed by the provider's engineer running the platform's
health check against the insured's authorised assets (``do_run_engagement_check``); the engagement can
be completed only once that check has finished and the report is uploaded (see docs/providers.md)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, InvalidState, NotFound
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.accounts.transitions import transition
from cyberins.healthchecks.models import HealthCheck
from cyberins.healthchecks.services import do_start_health_check
from cyberins.network import find_region
from cyberins.policies.errors import PoliciesError as E
from cyberins.policies.inspections import CHECK_KIND, FINISHED, order_reference
from cyberins.policies.models import PolicyStatus, ServiceOrder, ServiceOrderStatus
from cyberins.providers.models import Engagement, EngagementKind, EngagementStatus
from cyberins.providers.services import (
    before_completion,
    do_open_engagement,
    lock_own_engagement,
    on_engagement,
)
from cyberins.terms import SHANGHAI, local_date

#: Orders are dispatched this many days before they are due (a month plus the offers' working days).
LEAD_DAYS = 35


@on_engagement(EngagementKind.SERVICE_ORDER)
def follow_engagement(engagement: Engagement, status: str, now: datetime) -> None:
    order = ServiceOrder.objects.select_for_update().filter(engagement=engagement).first()
    if order is None:
        return
    # The system moves the order: the provider's acceptance or completion is the reason, not a role.
    if status == EngagementStatus.ACCEPTED and engagement.provider is not None:
        changes = {"provider_id": engagement.provider.organisation_id}
        transition(order, ServiceOrderStatus.ASSIGNED, actor=None, now=now, changes=changes,
                   reason=f"accepted by {engagement.provider.legal_name}")  # fmt: skip
    elif status == EngagementStatus.COMPLETED and order.status == ServiceOrderStatus.ASSIGNED:
        transition(order, ServiceOrderStatus.DONE, actor=None, now=now, reason="engagement completed")


@before_completion(EngagementKind.SERVICE_ORDER)
def require_finished_check(engagement: Engagement) -> None:
    """A fixed inspection or scan completes only with its finished health check (the report is the
    provider's reading of it)."""
    if engagement.service.code not in CHECK_KIND:
        return
    order = ServiceOrder.objects.select_related("health_check").filter(engagement=engagement).first()
    if order is None:
        return
    if order.health_check is None or order.health_check.status not in FINISHED:
        raise InvalidState(
            E.CHECK_NOT_FINISHED,
            _("Run the health check against the insured's authorised assets and wait until it has finished."),
            field="health_check",
        )


@audited
def do_run_engagement_check(*, actor: User, engagement: Engagement, now: datetime) -> HealthCheck:
    """The provider's engineer starts the platform's health check for the fixed inspection or scan of
    the engagement's service order, on every asset the insured has declared and authorised.

    Another provider's engagement → 404; a check still running → coded error (a finished one may be
    re-run, e.g. after remediation; the order keeps the latest)."""
    require_role(actor, Role.PROVIDER_ENGINEER)
    engagement = lock_own_engagement(actor, engagement)
    order = (
        ServiceOrder.objects.select_for_update(of=("self",), no_key=True)
        .select_related("policy__insured", "service", "health_check")
        .filter(engagement=engagement)
        .first()
    )
    if order is None:
        raise NotFound()
    kind = CHECK_KIND.get(order.service.code)
    if kind is None:
        raise DomainError(E.NOT_AN_INSPECTION, _("This service is not a health check."), field="engagement")
    if engagement.status != EngagementStatus.ASSIGNED or order.policy.status != PolicyStatus.ISSUED:
        raise InvalidState(
            E.ORDER_NOT_SCHEDULED, _("This service order is not waiting to start."), field="engagement"
        )
    if order.health_check is not None and order.health_check.status not in FINISHED:
        raise InvalidState(
            E.CHECK_RUNNING, _("The health check of this order is still running."), field="health_check"
        )
    # The platform runs the check on the insured's behalf (the engineer is not one of its users).
    check = do_start_health_check(
        actor=None, organisation=order.policy.insured, kind=kind, service_order_ref=order_reference(order)
    )
    before = order.health_check_id
    order.health_check = check
    order.save(update_fields=["health_check"])
    if engagement.started_at is None:
        engagement.started_at = now
        engagement.save(update_fields=["started_at"])
    record_change(actor=actor, obj=order, action="service_order.run_check",
                  before={"health_check": before}, after={"health_check": check.pk}, now=now)  # fmt: skip
    return check


def dispatch_order(order: ServiceOrder, *, now: datetime) -> Engagement:
    insured = order.policy.insured
    province, city = find_region(insured.province, insured.city)
    due = order.due_on or local_date(now)
    engagement = do_open_engagement(
        actor=None,
        kind=EngagementKind.SERVICE_ORDER,
        reference=f"{order.policy.number}/SO-{order.pk}",
        service=order.service,
        province=province or "110000",
        city=city,
        needed_by=datetime.combine(due, time(23, 59, 59), tzinfo=SHANGHAI),
        client=insured,
        insurer=order.policy.insurer,
        now=now,
    )
    order.engagement = engagement
    order.save(update_fields=["engagement"])
    return engagement


def dispatch_due_orders(*, now: datetime, lead_days: int = LEAD_DAYS) -> int:
    """Periodic: scheduled orders due within ``lead_days`` and not yet dispatched get their engagement.
    Idempotent: an order with an engagement is skipped."""
    horizon = local_date(now) + timedelta(days=lead_days)
    pending = ServiceOrder.objects.filter(
        status=ServiceOrderStatus.SCHEDULED,
        engagement__isnull=True,
        policy__status=PolicyStatus.ISSUED,
        due_on__lte=horizon,
    ).values_list("pk", flat=True)
    handled = 0
    for pk in list(pending):
        with transaction.atomic():
            order = (
                ServiceOrder.objects.select_for_update(of=("self",))
                .select_related("policy__insured", "policy__insurer", "service")
                .filter(pk=pk, engagement__isnull=True, status=ServiceOrderStatus.SCHEDULED)
                .first()
            )
            if order is not None:
                dispatch_order(order, now=now)
                handled += 1
    return handled

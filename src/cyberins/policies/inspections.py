"""The policy's service schedule drives the health checks: the first fixed inspection within a month
of inception and the basic vulnerability scan six months later (特别约定 2 of the seed's COSCO policy).

The platform starts each due order as a health check of the matching kind on the insured's authorised
assets; the order keeps its health check (``ServiceOrder.health_check``) and is done when the check has
finished.
Findings of these checks are the ones the remediation warranty (特别约定 1) applies to.

Since the provider network, the order is normally performed by the provider that accepted its
engagement (``policies.dispatch``): its engineer runs the check. The platform starts the check itself
(the fallback) only for an order no provider holds: one never dispatched, or whose engagement was
cancelled, from ``within_days`` before it is due; one still on offer or unfilled, only from its due date
— and then it withdraws the engagement. An accepted or assigned engagement is never overtaken.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited
from cyberins.accounts.errors import DomainError, InvalidState
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.accounts.transitions import transition
from cyberins.healthchecks.models import HealthCheck, HealthCheckKind, HealthCheckStatus
from cyberins.healthchecks.services import do_start_health_check
from cyberins.policies.models import PolicyStatus, ServiceOrder, ServiceOrderStatus
from cyberins.providers.models import EngagementStatus, OfferStatus
from cyberins.providers.services import move_engagement, move_offer
from cyberins.terms import local_date

CHECK_KIND = {
    "fixed_inspection": HealthCheckKind.FIXED_INSPECTION,
    "vulnerability_scan": HealthCheckKind.VULNERABILITY_SCAN,
}
FINISHED = (HealthCheckStatus.DONE, HealthCheckStatus.INCOMPLETE, HealthCheckStatus.FAILED)


def order_reference(order: ServiceOrder) -> str:
    return f"SO-{order.pk}"


def due_inspections(*, now: datetime | None = None, within_days: int = 7) -> QuerySet[ServiceOrder]:
    """Scheduled inspections of issued policies the platform should start itself: due within
    ``within_days`` (or overdue) when no provider was ever asked, due today or earlier when the engagement
    is still on offer or unfilled; never when a provider holds it (accepted or assigned)."""
    today = local_date(now or timezone.now())
    horizon = today + timedelta(days=within_days)
    unheld = Q(engagement__isnull=True) | Q(engagement__status=EngagementStatus.CANCELLED)
    on_offer = (EngagementStatus.OFFERED, EngagementStatus.UNFILLED)
    untaken = Q(engagement__status__in=on_offer, due_on__lte=today)
    return (
        ServiceOrder.objects.select_related("policy__insured", "service")
        .filter(
            status=ServiceOrderStatus.SCHEDULED,
            service__code__in=list(CHECK_KIND),
            policy__status=PolicyStatus.ISSUED,
            due_on__lte=horizon,
        )
        .filter(unheld | untaken)
        .order_by("due_on", "pk")
    )


@audited
def do_start_inspection(
    *, actor: User | None, order: ServiceOrder, now: datetime | None = None
) -> HealthCheck:
    """Start a due order as a health check (``actor`` None: the scheduler, ``policies.inspections``).

    An order a provider holds (accepted or assigned engagement) is refused; one still on offer has its
    engagement withdrawn."""
    now = now or timezone.now()
    if actor is not None:
        require_role(actor, Role.PLATFORM_ADMIN)
    order = (
        ServiceOrder.objects.select_for_update(of=("self",), no_key=True)
        .select_related("policy__insured", "service", "engagement")
        .get(pk=order.pk)
    )
    engagement = order.engagement
    kind = CHECK_KIND.get(order.service.code)
    if kind is None:
        raise DomainError(
            "policies.not_an_inspection", _("This service is not a health check."), field="order"
        )
    if order.status != ServiceOrderStatus.SCHEDULED or order.policy.status != PolicyStatus.ISSUED:
        raise InvalidState(
            "policies.order_not_scheduled", _("This service order is not waiting to start."), field="order"
        )
    if engagement is not None and engagement.status not in (
        EngagementStatus.OFFERED,
        EngagementStatus.UNFILLED,
        EngagementStatus.CANCELLED,
    ):
        raise InvalidState(
            "policies.order_not_scheduled", _("This service order is not waiting to start."), field="order"
        )
    check = do_start_health_check(
        actor=actor, organisation=order.policy.insured, kind=kind, service_order_ref=order_reference(order)
    )
    if engagement is not None and engagement.status != EngagementStatus.CANCELLED:
        for offer in engagement.offers.select_for_update().filter(status=OfferStatus.PENDING):
            move_offer(offer, OfferStatus.WITHDRAWN, actor=None, now=now, reason="started by the platform")
        reason = "no provider took it by the due date; the platform runs the check"
        move_engagement(engagement, EngagementStatus.CANCELLED, actor=None, now=now, reason=reason)
    transition(
        order,
        ServiceOrderStatus.ASSIGNED,
        actor=actor,
        now=now,
        changes={"health_check_id": check.pk},
        details={"policy": order.policy.number},
    )
    return check


@audited
def do_complete_finished_inspections() -> list[ServiceOrder]:
    """Mark inspections the platform started done once their health check has finished (complete or
    not). An order a provider performs completes with its engagement (check finished + report)."""
    orders = (
        ServiceOrder.objects.select_for_update(of=("self",))
        .filter(status=ServiceOrderStatus.ASSIGNED, health_check__status__in=FINISHED)
        .filter(Q(engagement__isnull=True) | Q(engagement__status=EngagementStatus.CANCELLED))
    )
    done = []
    for order in orders.order_by("pk"):
        transition(
            order, ServiceOrderStatus.DONE, actor=None, details={"health_check": order.health_check_id}
        )
        done.append(order)
    return done

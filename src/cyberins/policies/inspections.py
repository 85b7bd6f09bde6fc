"""The policy's service schedule drives the health checks: the first fixed inspection within a month
of inception and the basic vulnerability scan six months later (特别约定 2 of the seed's COSCO policy).

The platform starts each due order as a health check of the matching kind on the insured's authorised
assets; the order keeps its health check (``ServiceOrder.health_check``) and is done when the check has
finished.
Findings of these checks are the ones the remediation warranty (特别约定 1) applies to.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import QuerySet
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
from cyberins.terms import local_date

CHECK_KIND = {
    "fixed_inspection": HealthCheckKind.FIXED_INSPECTION,
    "vulnerability_scan": HealthCheckKind.VULNERABILITY_SCAN,
}
FINISHED = (HealthCheckStatus.DONE, HealthCheckStatus.INCOMPLETE, HealthCheckStatus.FAILED)


def order_reference(order: ServiceOrder) -> str:
    return f"SO-{order.pk}"


def due_inspections(*, now: datetime | None = None, within_days: int = 7) -> QuerySet[ServiceOrder]:
    """Scheduled inspections of issued policies due within ``within_days`` (or overdue)."""
    horizon = local_date(now or timezone.now()) + timedelta(days=within_days)
    return (
        ServiceOrder.objects.select_related("policy__insured", "service")
        .filter(
            status=ServiceOrderStatus.SCHEDULED,
            service__code__in=list(CHECK_KIND),
            policy__status=PolicyStatus.ISSUED,
            due_on__lte=horizon,
        )
        .order_by("due_on", "pk")
    )


@audited
def do_start_inspection(*, actor: User | None, order: ServiceOrder) -> HealthCheck:
    """Start a due order as a health check (``actor`` None: the scheduler, ``policies.inspections``)."""
    if actor is not None:
        require_role(actor, Role.PLATFORM_ADMIN)
    order = (
        ServiceOrder.objects.select_for_update().select_related("policy__insured", "service").get(pk=order.pk)
    )
    kind = CHECK_KIND.get(order.service.code)
    if kind is None:
        raise DomainError(
            "policies.not_an_inspection", _("This service is not a health check."), field="order"
        )
    if order.status != ServiceOrderStatus.SCHEDULED or order.policy.status != PolicyStatus.ISSUED:
        raise InvalidState(
            "policies.order_not_scheduled", _("This service order is not waiting to start."), field="order"
        )
    check = do_start_health_check(
        actor=actor, organisation=order.policy.insured, kind=kind, service_order_ref=order_reference(order)
    )
    transition(
        order,
        ServiceOrderStatus.ASSIGNED,
        actor=actor,
        changes={"health_check_id": check.pk},
        details={"policy": order.policy.number},
    )
    return check


@audited
def do_complete_finished_inspections() -> list[ServiceOrder]:
    """Mark started inspections done once their health check has finished (complete or not)."""
    orders = ServiceOrder.objects.select_for_update().filter(
        status=ServiceOrderStatus.ASSIGNED, health_check__status__in=FINISHED
    )
    done = []
    for order in orders.order_by("pk"):
        transition(
            order, ServiceOrderStatus.DONE, actor=None, details={"health_check": order.health_check_id}
        )
        done.append(order)
    return done

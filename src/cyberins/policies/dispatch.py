"""Service orders go to the provider network: each scheduled order becomes an engagement offered to the
best matching provider before its due date, and follows that engagement's progress."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction

from cyberins.accounts.transitions import transition
from cyberins.network import find_region
from cyberins.policies.models import PolicyStatus, ServiceOrder, ServiceOrderStatus
from cyberins.providers.models import Engagement, EngagementKind, EngagementStatus
from cyberins.providers.services import do_open_engagement, on_engagement
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

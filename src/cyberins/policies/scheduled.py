"""The policies' periodic jobs (run by ``cyberins worker``; see docs/jobs.md)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from cyberins.accounts.errors import DomainError
from cyberins.accounts.periodic import periodic
from cyberins.policies import notices  # noqa: F401  (registers policies.reminders)
from cyberins.policies.dispatch import dispatch_due_orders
from cyberins.policies.inspections import (
    do_complete_finished_inspections,
    do_start_inspection,
    due_inspections,
)
from cyberins.policies.payments import do_lapse_policies
from cyberins.policies.servicing import do_expire_policies

logger = logging.getLogger(__name__)

#: scheduled inspections start this many days before they are due
INSPECTION_LEAD_DAYS = 7


@periodic("policies.expire", every=timedelta(hours=1))
def expire_policies(*, now: datetime) -> int:
    """Issued policies whose last day has passed (Asia/Shanghai) become expired."""
    return len(do_expire_policies(now=now))


@periodic("policies.inspections", every=timedelta(minutes=15))
def start_inspections(*, now: datetime) -> int:
    """Close inspections whose check finished, then start the fixed inspections and scans that are due
    and that no provider holds (the fallback; see policies.inspections and docs/providers.md)."""
    handled = len(do_complete_finished_inspections())
    for order in due_inspections(now=now, within_days=INSPECTION_LEAD_DAYS):
        try:
            do_start_inspection(actor=None, order=order, now=now)
        except DomainError as exc:
            # e.g. nothing authorised yet: the order stays scheduled and the next slot tries again
            logger.warning("inspection %s not started: %s", order.pk, exc.code)
        else:
            handled += 1
    return handled


@periodic("policies.dispatch_service_orders", every=timedelta(minutes=15))
def dispatch_service_orders(*, now: datetime) -> int:
    """Scheduled service orders due within 35 days are offered to the provider network (policies.dispatch);
    importing that module also makes the orders follow their engagements."""
    return dispatch_due_orders(now=now)


@periodic("policies.lapse", every=timedelta(hours=1))
def lapse_policies(*, now: datetime) -> int:
    """Issued policies with an instalment unpaid past the product's grace period lapse, where the product
    says so (policies.payments)."""
    return len(do_lapse_policies(now=now))

"""Periodic jobs of policies (registered with the shared scheduler when it is present)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from cyberins.policies.dispatch import dispatch_due_orders

try:  # the shared scheduler (accounts.periodic) is built on another branch; register when it is here
    from cyberins.accounts.periodic import periodic  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - until the branches are merged

    def periodic(name: str, *, every: timedelta) -> Callable[[Any], Any]:  # type: ignore[misc,unused-ignore]
        return lambda fn: fn


@periodic("policies.dispatch_service_orders", every=timedelta(minutes=15))
def dispatch_service_orders(*, now: datetime) -> int:
    """Scheduled service orders due within 35 days are offered to the provider network."""
    return dispatch_due_orders(now=now)

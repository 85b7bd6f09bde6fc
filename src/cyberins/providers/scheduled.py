"""Periodic jobs of the provider network (registered with the shared scheduler when it is present)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from cyberins.providers.services import expire_offers

try:  # the shared scheduler (accounts.periodic) is built on another branch; register when it is here
    from cyberins.accounts.periodic import periodic  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - until the branches are merged

    def periodic(name: str, *, every: timedelta) -> Callable[[Any], Any]:  # type: ignore[misc,unused-ignore]
        return lambda fn: fn


@periodic("providers.offer_timeouts", every=timedelta(minutes=1))
def offer_timeouts(*, now: datetime) -> int:
    """Offers past their deadline time out; the next candidate is offered the engagement."""
    return expire_offers(now=now)

"""Periodic jobs of the provider network (run by ``cyberins worker``; see docs/jobs.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

from cyberins.accounts.periodic import periodic
from cyberins.providers.services import expire_offers


@periodic("providers.offer_timeouts", every=timedelta(minutes=1))
def offer_timeouts(*, now: datetime) -> int:
    """Offers past their deadline time out; the next candidate is offered the engagement."""
    return expire_offers(now=now)

"""Periodic job of the claims app (run by ``cyberins worker``; see docs/jobs.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

from cyberins.accounts.periodic import periodic
from cyberins.claims.services import tick


@periodic("claims.clocks", every=timedelta(minutes=15))
def claim_clocks(*, now: datetime) -> int:
    """Record each breached 保险法 clock of a claim once (decision, payment, denial notice, minimum)."""
    return tick(now=now)

"""The health checks' periodic jobs (run by ``cyberins worker``; see docs/jobs.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

from cyberins.accounts.periodic import periodic
from cyberins.healthchecks.leases import do_recover_interrupted


@periodic("healthchecks.recover", every=timedelta(seconds=15))
def recover_interrupted(*, now: datetime) -> int:
    """Health checks whose worker died or stopped are queued again (bounded) or failed visibly."""
    return do_recover_interrupted(now=now)

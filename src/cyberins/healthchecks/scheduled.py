"""The health checks' periodic jobs (run by ``cyberins worker``; see docs/jobs.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from cyberins.accounts.periodic import periodic
from cyberins.healthchecks.leases import do_recover_interrupted

#: how often expired leases are looked for (CYBERINS_HEALTHCHECK_RECOVERY_SECONDS)
RECOVERY_PERIOD = timedelta(seconds=float(getattr(settings, "HEALTHCHECK_RECOVERY_SECONDS", 15)))


@periodic("healthchecks.recover", every=RECOVERY_PERIOD)
def recover_interrupted(*, now: datetime) -> int:
    """Health checks whose worker died or stopped are queued again (bounded) or failed visibly."""
    return do_recover_interrupted(now=now)

"""The kernel's periodic jobs (run by ``cyberins worker``; see docs/jobs.md and docs/audit.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

from cyberins.accounts.audit import seal_and_checkpoint
from cyberins.accounts.periodic import periodic


@periodic("accounts.audit_seal", every=timedelta(minutes=1))
def seal_audit_trail(*, now: datetime) -> int:
    """Seal audit records a server has not sealed yet, then checkpoint the chain head outside the database."""
    return seal_and_checkpoint(now=now)

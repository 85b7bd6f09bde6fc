"""Periodic job of the incidents app (run by ``cyberins worker``; see docs/jobs.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

from cyberins.accounts.periodic import periodic
from cyberins.incidents import clock_notices  # noqa: F401  (registers incidents.clock_notices)
from cyberins.incidents.services import remind_tasks, tick


@periodic("incidents.clocks", every=timedelta(minutes=1))
def incident_clocks(*, now: datetime) -> int:
    """Record each breached service or regulatory clock once (timeline entry, escalation flag)."""
    return tick(now=now)


@periodic("incidents.tasks", every=timedelta(minutes=5))
def task_reminders(*, now: datetime) -> int:
    """Record a reminder before each open task is due, and once it is overdue (timeline entries)."""
    return remind_tasks(now=now)

"""Periodic job: retry failed deliveries and send what a lost task did not."""

from __future__ import annotations

from datetime import datetime, timedelta

from cyberins.accounts.periodic import periodic
from cyberins.notifications.delivery import deliver_due


@periodic("notifications.deliver", every=timedelta(minutes=1))
def deliver_notifications(*, now: datetime) -> int:
    return deliver_due(now=now)

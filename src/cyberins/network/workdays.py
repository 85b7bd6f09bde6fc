"""Working-day deadlines (an inspection offer stays open two working days). Weekends only: the
statutory holiday calendar changes yearly and is not modelled."""

from __future__ import annotations

from datetime import datetime, timedelta


def add_working_days(start: datetime, days: int) -> datetime:
    """``start`` moved forward by ``days`` working days (Monday–Friday), keeping the time of day.

    A start on a weekend counts from the following Monday's same time.
    """
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    moment = start
    while moment.weekday() >= 5:
        moment += timedelta(days=1)
    remaining = days
    while remaining > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            remaining -= 1
    return moment

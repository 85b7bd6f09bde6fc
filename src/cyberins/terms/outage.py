"""Outage hours for business interruption, from the incident's outage records.

Outage records overlap (two systems down at once, a record reopened, a provider's and the
insured's record of the same outage): the insured's business was interrupted while *any*
record was open, so the hours are those of the union of the intervals, never their sum.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .dates import require_aware
from .errors import TermsError
from .text import Text

__all__ = ["HOURS_QUANTUM", "merge_intervals", "outage_hours"]

#: Hours are kept to the millionth (3.6 ms): exact for every whole second that is a
#: multiple of 3.6 ms and far below a cent on any hourly income.
HOURS_QUANTUM = Decimal("0.000001")
_MICROSECONDS_PER_HOUR = Decimal(3_600_000_000)


def merge_intervals(intervals: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """The union of ``(start, end)`` intervals as sorted, disjoint intervals.

    Intervals that touch (one ends when the next starts) are merged. Every datetime must be
    aware (``terms.naive_datetime``) and no interval may end before it starts
    (``terms.invalid_interval``, field ``intervals[i]``).
    """
    checked: list[tuple[datetime, datetime]] = []
    for index, (start, end) in enumerate(intervals):
        require_aware(start, f"intervals[{index}].start")
        require_aware(end, f"intervals[{index}].end")
        if end < start:
            raise TermsError(
                "terms.invalid_interval",
                f"intervals[{index}]",
                Text("中断时段的结束时间早于开始时间。", "The outage interval ends before it starts."),
            )
        checked.append((start, end))
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(checked):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def outage_hours(intervals: Iterable[tuple[datetime, datetime]]) -> Decimal:
    """Hours during which at least one outage record was open, as a Decimal to the millionth.

    ``[(08:00, 14:00), (12:00, 20:00), (22:00, 02:00 next day)]`` -> ``Decimal("16")``
    (08:00-20:00 and 22:00-02:00). No intervals -> 0.
    """
    total = sum((end - start for start, end in merge_intervals(intervals)), timedelta())
    microseconds = Decimal(total // timedelta(microseconds=1))
    hours = (microseconds / _MICROSECONDS_PER_HOUR).quantize(HOURS_QUANTUM, rounding=ROUND_HALF_UP)
    # Whole hours without the trailing zeros ("16", not "16.000000"), for labels and logs.
    return hours.quantize(Decimal(1)) if hours == hours.to_integral_value() else hours

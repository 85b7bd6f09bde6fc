"""Earned premium by calendar month (daily pro-rata), the denominator of a loss ratio over time.

The same daily basis as :mod:`~cyberins.terms.prorata`: the period runs from 00:00 on the first day to
24:00 on the last day, and a change effective on day ``d`` counts from 00:00 on ``d``.

* The premium written at issue is earned evenly over the period's days:
  ``premium / period_days`` a day.
* A premium change (an endorsement's additional or return premium, computed pro rata on the unexpired
  days) is earned evenly over the days from its effective day to the last day - exactly the days it
  was computed on.
* A cancellation effective on day ``c`` stops earning at 00:00 on ``c``: whatever of the net written
  premium (premium + changes - refund) is not yet earned by then is earned on ``c`` itself. Under a
  pro-rata refund that is zero up to rounding; under a short-rate refund or a minimum retained
  premium it is the amount the insurer keeps for the days it no longer covers.

Each month's amount is ``round_money`` of the exact share; the rounding difference is put in the last
month, so a policy's months always add up to its net written premium to the cent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .errors import TermsError
from .money import AmountInput, parse_amount, round_money
from .period import PolicyPeriod
from .text import Text

__all__ = ["PremiumChange", "earned_by_month", "month_start"]

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class PremiumChange:
    """An additional (> 0) or return (< 0) premium earned from ``effective_day`` to the last day."""

    effective_day: date
    amount: AmountInput


def month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def earned_by_month(
    premium: AmountInput,
    period: PolicyPeriod,
    changes: Sequence[PremiumChange] = (),
    *,
    cancelled_on: date | None = None,
    refund: AmountInput = ZERO,
) -> dict[date, Decimal]:
    """The premium earned in each calendar month (keyed by the month's first day), oldest first."""
    written = parse_amount(premium, "premium")
    returned = parse_amount(refund, "refund")
    if cancelled_on is not None and not period.contains_day(cancelled_on):
        raise TermsError(
            "terms.effective_day_outside_period",
            "cancelled_on",
            Text("注销生效日不在保险期间内。", "The cancellation day is outside the period of insurance."),
        )
    stop = period.last_day if cancelled_on is None else cancelled_on - timedelta(days=1)
    exact: dict[date, Decimal] = {}
    total = written - returned
    slices = [(period.first_day, written)]
    for index, change in enumerate(changes):
        amount = parse_amount(change.amount, f"changes[{index}].amount", allow_negative=True)
        if not period.contains_day(change.effective_day):
            raise TermsError(
                "terms.effective_day_outside_period",
                f"changes[{index}].effective_day",
                Text("批改生效日不在保险期间内。", "The change's effective day is outside the period."),
            )
        if cancelled_on is not None and change.effective_day >= cancelled_on:
            raise TermsError(
                "terms.change_after_cancellation",
                f"changes[{index}].effective_day",
                Text("批改生效日不得晚于注销生效日。", "A change cannot take effect after the cancellation."),
            )
        slices.append((change.effective_day, amount))
        total += amount
    for first, amount in slices:
        month = month_start(first)
        while month <= stop:
            share = _share_until(first, stop, month, amount, period)
            exact[month] = exact.get(month, Decimal(0)) + share
            month = _next_month(month)
    if cancelled_on is not None:  # what is not earned by the cancellation day is earned on it
        exact.setdefault(month_start(cancelled_on), Decimal(0))
    return _rounded(exact, total)


def _share_until(first: date, stop: date, month: date, amount: Decimal, period: PolicyPeriod) -> Decimal:
    """The exact share of ``amount`` (earned evenly from ``first`` to the last day) earned in ``month``
    on days up to ``stop``."""
    days = (period.last_day - first).days + 1
    start = max(first, month)
    end = min(_next_month(month) - timedelta(days=1), stop)
    return amount * max((end - start).days + 1, 0) / days


def _rounded(exact: dict[date, Decimal], total: Decimal) -> dict[date, Decimal]:
    """Each month rounded; the difference to ``total`` goes into the last month."""
    months = sorted(exact)
    result = {month: round_money(exact[month]) for month in months}
    if months:
        result[months[-1]] += total - sum(result.values(), ZERO)
    return result

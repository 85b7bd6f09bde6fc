"""Pro-rata premium for endorsements and cancellations, and instalment plans.

Daily basis. A change effective on day ``d`` takes effect at 00:00 on ``d`` (the same
convention as the period of insurance), so

* ``unexpired_days = last_day - d + 1`` (``d`` itself is unexpired), and
* ``days_in_force = d - first_day`` (the days already covered),

and ``period_days = days_in_force + unexpired_days`` is the period's actual length
(365 or 366 for a one-year policy - never a fixed 365).

Formulas (rounded once, at the end, with :func:`~cyberins.terms.money.round_money`):

* endorsement: ``adjustment = round_money((new_premium - old_premium) * unexpired_days / period_days)``;
  positive = additional premium (加费), negative = return premium (退费);
* pro-rata cancellation: ``refund = round_money(premium * unexpired_days / period_days)``,
  ``retained = premium - refund`` (so the two always add up to the premium);
* short-rate cancellation: ``retained = round_money(premium * short_rate(months_in_force))``,
  ``refund = premium - retained``;
* either way a minimum retained premium, if agreed, is kept: ``retained = max(retained, minimum)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from .dates import add_months
from .errors import TermsError
from .money import AmountInput, parse_amount, round_money
from .period import PolicyPeriod
from .text import Text


def _check_effective_day(period: PolicyPeriod, effective_day: date) -> None:
    if not period.contains_day(effective_day):
        raise TermsError(
            "terms.effective_day_outside_period",
            "effective_day",
            Text("生效日不在保险期间内。", "The effective day is outside the period of insurance."),
        )


def unexpired_days(period: PolicyPeriod, effective_day: date) -> int:
    """Days from 00:00 on ``effective_day`` to 24:00 on the last day, both days included."""
    _check_effective_day(period, effective_day)
    return (period.last_day - effective_day).days + 1


@dataclass(frozen=True, slots=True)
class ProRataAdjustment:
    """Result of :func:`endorsement_premium`; ``amount`` > 0 is charged, < 0 is returned."""

    effective_day: date
    unexpired_days: int
    period_days: int
    full_period_change: Decimal
    amount: Decimal

    @property
    def kind(self) -> Literal["additional", "return", "none"]:
        """``additional`` (加费), ``return`` (退费) or ``none``."""
        if self.amount > 0:
            return "additional"
        return "return" if self.amount < 0 else "none"


def endorsement_premium(
    period: PolicyPeriod, effective_day: date, *, old_premium: AmountInput, new_premium: AmountInput
) -> ProRataAdjustment:
    """Additional or return premium for a change effective at 00:00 on ``effective_day``.

    ``old_premium`` and ``new_premium`` are the premiums for the *whole* period at the old
    and new terms (e.g. rate x sum insured); only the unexpired share of the difference
    is charged or returned.
    """
    old = parse_amount(old_premium, "old_premium")
    new = parse_amount(new_premium, "new_premium")
    days_left = unexpired_days(period, effective_day)
    amount = round_money((new - old) * days_left / period.days)
    return ProRataAdjustment(effective_day, days_left, period.days, new - old, amount)


@dataclass(frozen=True, slots=True)
class SumInsuredChange:
    """One change of the sum insured: the new sum, from 00:00 on ``effective_day``."""

    effective_day: date
    sum_insured: Decimal


@dataclass(frozen=True, slots=True)
class HistoryAdjustment:
    """Result of :func:`endorsement_premium_from_history`."""

    #: the whole period's premium at the new sum insured, from the original terms (rounded once)
    full_period_premium: Decimal
    #: this endorsement's additional (> 0) or return (< 0) premium
    amount: Decimal
    #: every sum-insured endorsement's premium so far, this one included
    total_charged: Decimal


def endorsement_premium_from_history(
    period: PolicyPeriod,
    *,
    original_premium: AmountInput,
    original_sum_insured: AmountInput,
    history: Sequence[SumInsuredChange],
    charged: AmountInput,
    change: SumInsuredChange,
) -> HistoryAdjustment:
    """A change of sum insured priced from the policy's original terms and its endorsement history.

    Each full-period premium is ``original_premium x sum / original_sum_insured`` (never the last
    rounded premium, so a sum insured that comes back gives the original premium to the cent), and the
    endorsement charges the exact pro-rata total of the whole history, rounded once, less what the
    earlier endorsements already ``charged`` (so rounding errors never accumulate).
    """
    premium = parse_amount(original_premium, "original_premium")
    original = parse_amount(original_sum_insured, "original_sum_insured")
    if original <= 0:
        raise TermsError(
            "terms.invalid_sum_insured",
            "original_sum_insured",
            Text("原保险金额须大于零。", "The original sum insured must be positive."),
        )
    already = parse_amount(charged, "charged", allow_negative=True)

    def full(sum_insured: Decimal) -> Decimal:
        return premium * sum_insured / original

    exact = Decimal(0)
    current = original
    for step in (*history, change):
        exact += (
            (full(step.sum_insured) - full(current))
            * unexpired_days(period, step.effective_day)
            / period.days
        )
        current = step.sum_insured
    total = round_money(exact)
    return HistoryAdjustment(
        full_period_premium=round_money(full(change.sum_insured)), amount=total - already, total_charged=total
    )


@dataclass(frozen=True, slots=True)
class ShortRateTable:
    """Share of the premium retained by months in force; a started month counts in full.

    ``ratios[k - 1]`` is retained after ``k`` months; beyond the table, everything is retained.
    """

    ratios: tuple[Decimal, ...]

    def __post_init__(self) -> None:
        previous = Decimal(0)
        for ratio in self.ratios:
            if not previous <= ratio <= 1:
                raise TermsError(
                    "terms.invalid_short_rate_table",
                    "ratios",
                    Text(
                        "短期费率须在 0 到 1 之间且逐月不减。", "Ratios must be in [0, 1] and non-decreasing."
                    ),
                )
            previous = ratio

    def retained_ratio(self, months_in_force: int) -> Decimal:
        """Retained share after ``months_in_force`` months (0 months retains nothing)."""
        if months_in_force <= 0:
            return Decimal(0)
        if months_in_force > len(self.ratios):
            return Decimal(1)
        return self.ratios[months_in_force - 1]


# The short-period rate table (短期费率表) printed in common Chinese property clauses,
# e.g. 财产基本险/综合险条款: 1 month 10% ... 8 months 80%, 9 months 85%, 10 months 90%,
# 11 months 95%, 12 months 100%; less than a month counts as one month. Products may
# carry their own table - this is a default, not a rule.
STANDARD_SHORT_RATE_TABLE = ShortRateTable(
    tuple(Decimal(percent) / 100 for percent in (10, 20, 30, 40, 50, 60, 70, 80, 85, 90, 95, 100))
)


def months_in_force(period: PolicyPeriod, effective_day: date) -> int:
    """Calendar months begun between 00:00 on the first day and 00:00 on ``effective_day``.

    The smallest ``m`` with ``add_months(first_day, m) >= effective_day``: cancelling on
    10 July of a policy from 10 June is exactly 1 month, on 11 July it is 2.
    """
    _check_effective_day(period, effective_day)
    months = 0
    while add_months(period.first_day, months) < effective_day:
        months += 1
    return months


@dataclass(frozen=True, slots=True)
class CancellationRefund:
    """Result of :func:`cancellation_refund`; ``retained + refund == premium``."""

    effective_day: date
    basis: Literal["pro_rata", "short_rate"]
    days_in_force: int
    unexpired_days: int
    period_days: int
    premium: Decimal
    retained: Decimal
    refund: Decimal
    minimum_applied: bool


def cancellation_refund(
    period: PolicyPeriod,
    premium: AmountInput,
    effective_day: date,
    *,
    short_rate_table: ShortRateTable | None = None,
    minimum_retained: AmountInput = 0,
) -> CancellationRefund:
    """Refund of unearned premium when cover ends at 00:00 on ``effective_day``.

    Pro rata by default; with ``short_rate_table`` the retained premium follows the table
    (by months in force). ``minimum_retained`` (最低保留保费), capped at the premium, is
    kept in both cases.
    """
    total = parse_amount(premium, "premium")
    minimum = min(parse_amount(minimum_retained, "minimum_retained"), total)
    days_left = unexpired_days(period, effective_day)
    if short_rate_table is None:
        basis: Literal["pro_rata", "short_rate"] = "pro_rata"
        retained = total - round_money(total * days_left / period.days)
    else:
        basis = "short_rate"
        ratio = short_rate_table.retained_ratio(months_in_force(period, effective_day))
        retained = round_money(total * ratio)
    minimum_applied = retained < minimum
    retained = max(retained, minimum)
    return CancellationRefund(
        effective_day=effective_day,
        basis=basis,
        days_in_force=period.days - days_left,
        unexpired_days=days_left,
        period_days=period.days,
        premium=total,
        retained=retained,
        refund=total - retained,
        minimum_applied=minimum_applied,
    )


@dataclass(frozen=True, slots=True)
class Instalment:
    """One instalment (分期) of a premium: 1-based ``number``, due date and amount."""

    number: int
    due_on: date
    amount: Decimal


def instalment_plan(
    premium: AmountInput, count: int, first_due_on: date, *, every_months: int = 1
) -> tuple[Instalment, ...]:
    """Split a premium into ``count`` instalments that add up exactly to it.

    The premium is divided in whole cents (``divmod(cents, count)``), so no rounding is
    involved; the remainder (fewer than ``count`` cents) goes on the first instalment.
    Instalment ``k`` is due ``(k - 1) * every_months`` months after ``first_due_on``,
    computed from the anchor and clamped to month end (31 Jan, 28/29 Feb, 31 Mar ...).

    Example: 26,000.00 in 3 -> 8,666.68 + 8,666.66 + 8,666.66.
    """
    total = parse_amount(premium, "premium")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise TermsError(
            "terms.invalid_instalment_count",
            "count",
            Text("分期数须为正整数。", "Count must be a positive integer."),
        )
    if isinstance(every_months, bool) or not isinstance(every_months, int) or every_months < 1:
        raise TermsError(
            "terms.invalid_instalment_interval",
            "every_months",
            Text("分期间隔须为正整数个月。", "The interval must be a positive number of months."),
        )
    base, remainder = divmod(int(total * 100), count)
    return tuple(
        Instalment(
            number=k + 1,
            due_on=add_months(first_due_on, k * every_months),
            amount=Decimal(base + (remainder if k == 0 else 0)).scaleb(-2),  # exact cents
        )
        for k in range(count)
    )

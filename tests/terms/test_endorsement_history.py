"""Endorsements priced from the original terms and the history, without a database."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from cyberins.terms import (
    PolicyPeriod,
    SumInsuredChange,
    TermsError,
    endorsement_premium,
    endorsement_premium_from_history,
)

PERIOD = PolicyPeriod(date(2026, 6, 10), date(2027, 6, 9))  # 365 days
PREMIUM, SUM = Decimal("26000.00"), Decimal("190000.00")


def _run(sums: list[tuple[date, str]]) -> tuple[list[Decimal], Decimal]:
    history: list[SumInsuredChange] = []
    charged = Decimal("0.00")
    premium = PREMIUM
    charges = []
    for day, amount in sums:
        change = SumInsuredChange(day, Decimal(amount))
        result = endorsement_premium_from_history(
            PERIOD,
            original_premium=PREMIUM,
            original_sum_insured=SUM,
            history=history,
            charged=charged,
            change=change,
        )
        history.append(change)
        charged = result.total_charged
        charges.append(result.amount)
        premium = result.full_period_premium
    return charges, premium


def test_a_first_endorsement_matches_the_single_step_formula_when_the_premium_is_exact() -> None:
    # 26,000 × 380,000 / 190,000 = 52,000 exactly: both ways give 26,000 × 182 / 365.
    charges, premium = _run([(date(2026, 12, 10), "380000.00")])
    single = endorsement_premium(PERIOD, date(2026, 12, 10), old_premium=PREMIUM, new_premium="52000.00")
    assert premium == Decimal("52000.00")
    assert charges == [single.amount] == [Decimal("12964.38")]


@pytest.mark.parametrize("low", ["1000.00", "999.99", "123456.78"])
def test_a_hundred_round_trips_end_at_the_original_premium(low: str) -> None:
    steps = []
    day = date(2026, 6, 11)
    for _ in range(100):
        steps += [(day, low), (day + timedelta(days=1), "190000.00")]
        day += timedelta(days=3)
    charges, premium = _run(steps)
    assert premium == PREMIUM
    # the charges add up to the exact total rounded once: one day at the low sum per round trip
    full_low = PREMIUM * Decimal(low) / SUM
    exact = (full_low - PREMIUM) * 100 / 365
    assert sum(charges) == exact.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")


def test_bad_terms_are_refused() -> None:
    with pytest.raises(TermsError, match="effective"):
        _run([(date(2027, 6, 10), "1000.00")])
    with pytest.raises(TermsError):
        endorsement_premium_from_history(
            PERIOD,
            original_premium=PREMIUM,
            original_sum_insured="0.00",
            history=[],
            charged="0.00",
            change=SumInsuredChange(date(2026, 7, 1), Decimal("1.00")),
        )

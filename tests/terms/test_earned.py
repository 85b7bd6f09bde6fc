"""Earned premium by month: closed forms on a daily basis, and the months always add up to the net written."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from cyberins.terms import STANDARD_SHORT_RATE_TABLE, PolicyPeriod, cancellation_refund
from cyberins.terms.earned import PremiumChange, earned_by_month
from cyberins.terms.errors import TermsError

YEAR_2026 = PolicyPeriod(date(2026, 1, 1), date(2026, 12, 31))


def test_a_year_of_36500_earns_100_a_day() -> None:
    earned = earned_by_month(Decimal("36500.00"), YEAR_2026)

    assert earned[date(2026, 1, 1)] == Decimal("3100.00")
    assert earned[date(2026, 2, 1)] == Decimal("2800.00")
    assert earned[date(2026, 4, 1)] == Decimal("3000.00")
    assert len(earned) == 12
    assert sum(earned.values()) == Decimal("36500.00")


def test_a_leap_period_spreads_over_366_days_and_rounding_goes_to_the_last_month() -> None:
    period = PolicyPeriod.one_year_from(date(2024, 2, 15))  # to 2025-02-14, 366 days
    earned = earned_by_month(Decimal("10000.00"), period)

    assert earned[date(2024, 2, 1)] == Decimal("409.84")  # 15 days: 10000 × 15/366 = 409.836…
    assert earned[date(2024, 3, 1)] == Decimal("846.99")  # 31 days: 846.994…
    assert sum(earned.values()) == Decimal("10000.00")
    assert list(earned) == sorted(earned)


def test_an_additional_premium_is_earned_from_its_effective_day() -> None:
    earned = earned_by_month(
        Decimal("36500.00"), YEAR_2026, [PremiumChange(date(2026, 7, 1), Decimal("18400.00"))]
    )

    # 184 days from 1 July to 31 December: 100 a day more
    assert earned[date(2026, 6, 1)] == Decimal("3000.00")
    assert earned[date(2026, 7, 1)] == Decimal("3100.00") + Decimal("3100.00")
    assert sum(earned.values()) == Decimal("54900.00")


def test_a_pro_rata_cancellation_stops_earning_on_its_day() -> None:
    refund = cancellation_refund(YEAR_2026, Decimal("36500.00"), date(2026, 4, 1)).refund

    earned = earned_by_month(Decimal("36500.00"), YEAR_2026, cancelled_on=date(2026, 4, 1), refund=refund)

    assert refund == Decimal("27500.00")
    assert list(earned) == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)]
    assert earned[date(2026, 3, 1)] == Decimal("3100.00")
    assert earned[date(2026, 4, 1)] == Decimal("0.00")
    assert sum(earned.values()) == Decimal("9000.00")


def test_what_a_short_rate_cancellation_retains_is_earned_on_the_cancellation_day() -> None:
    refund = cancellation_refund(
        YEAR_2026, Decimal("36500.00"), date(2026, 4, 1), short_rate_table=STANDARD_SHORT_RATE_TABLE
    ).refund

    earned = earned_by_month(Decimal("36500.00"), YEAR_2026, cancelled_on=date(2026, 4, 1), refund=refund)

    assert earned[date(2026, 3, 1)] == Decimal("3100.00")
    assert earned[date(2026, 4, 1)] == Decimal("36500.00") - refund - Decimal("9000.00")
    assert earned[date(2026, 4, 1)] > 0


def test_the_months_add_up_to_the_net_written_premium_for_any_policy() -> None:
    rng = random.Random(20261127)
    for _ in range(300):
        first = date(2024, 1, 1) + timedelta(days=rng.randrange(800))
        period = PolicyPeriod.one_year_from(first)
        premium = Decimal(rng.randrange(100, 10_000_000)) / 100
        days = (period.last_day - first).days
        changes = [
            PremiumChange(
                first + timedelta(days=rng.randrange(days)), Decimal(rng.randrange(-50_000, 50_000)) / 100
            )
            for _ in range(rng.randrange(3))
        ]
        cancel = None
        refund = Decimal(0)
        if rng.random() < 0.5:
            latest = max((c.effective_day for c in changes), default=first)
            cancel = latest + timedelta(days=1 + rng.randrange((period.last_day - latest).days))
            refund = cancellation_refund(period, premium, cancel).refund
        earned = earned_by_month(premium, period, changes, cancelled_on=cancel, refund=refund)
        net = premium + sum((Decimal(c.amount) for c in changes), Decimal(0)) - refund
        assert sum(earned.values()) == net
        assert all(value == value.quantize(Decimal("0.01")) for value in earned.values())


def test_a_change_after_the_cancellation_is_refused_with_its_field() -> None:
    with pytest.raises(TermsError) as refused:
        earned_by_month(
            Decimal("100.00"),
            YEAR_2026,
            [PremiumChange(date(2026, 6, 1), Decimal("10.00"))],
            cancelled_on=date(2026, 5, 1),
        )
    assert (refused.value.code, refused.value.field) == (
        "terms.change_after_cancellation",
        "changes[0].effective_day",
    )

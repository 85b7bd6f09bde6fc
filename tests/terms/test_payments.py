"""Where the premium payments stand on a day (pure): the grace period counted from the due date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cyberins.terms import InstalmentState, Standing, payment_standing

PLAN = [
    InstalmentState(1, date(2026, 6, 9), Decimal("8666.68"), paid=True),
    InstalmentState(2, date(2026, 7, 9), Decimal("8666.66"), paid=False),
    InstalmentState(3, date(2026, 8, 9), Decimal("8666.66"), paid=False),
]


@pytest.mark.parametrize(
    ("today", "standing"),
    [
        (date(2026, 7, 9), Standing.PARTLY_PAID),  # due today: not late yet
        (date(2026, 7, 10), Standing.OVERDUE),  # the day after the due date
        (date(2026, 8, 8), Standing.OVERDUE),  # 9 July + 30 days = 8 August, the last day of grace
        (date(2026, 8, 9), Standing.LAPSED),
    ],
)
def test_an_unpaid_instalment_is_overdue_then_lapses_after_the_grace_days(today, standing) -> None:
    result = payment_standing(PLAN, today, grace_days=30, lapse_after_grace=True)

    assert result.standing == standing
    assert (result.paid_amount, result.unpaid_amount) == (Decimal("8666.68"), Decimal("17333.32"))


def test_the_grace_end_is_the_due_date_plus_the_grace_days() -> None:
    result = payment_standing(PLAN, date(2026, 7, 20), grace_days=30, lapse_after_grace=True)

    assert (result.overdue_instalment, result.grace_ends_on) == (2, date(2026, 8, 8))


def test_without_lapse_the_policy_stays_overdue() -> None:
    result = payment_standing(PLAN, date(2027, 1, 1), grace_days=30, lapse_after_grace=False)

    assert result.standing == Standing.OVERDUE
    assert result.overdue_instalment == 2  # the first unpaid one, not the latest


def test_paid_partly_paid_and_awaiting_payment() -> None:
    unpaid = [InstalmentState(i.number, i.due_on, i.amount, paid=False) for i in PLAN]
    paid = [InstalmentState(i.number, i.due_on, i.amount, paid=True) for i in PLAN]
    day = date(2026, 6, 1)

    assert payment_standing(unpaid, day, grace_days=30, lapse_after_grace=True).standing == "awaiting_payment"
    assert payment_standing(PLAN, day, grace_days=30, lapse_after_grace=True).standing == "partly_paid"
    every = payment_standing(paid, date(2027, 1, 1), grace_days=0, lapse_after_grace=True)
    assert (every.standing, every.unpaid_amount) == ("paid", Decimal("0"))


def test_a_negative_grace_period_is_refused() -> None:
    with pytest.raises(ValueError, match="grace_days"):
        payment_standing(PLAN, date(2026, 7, 1), grace_days=-1, lapse_after_grace=True)

from datetime import date
from decimal import Decimal

import pytest

from cyberins.terms import (
    STANDARD_SHORT_RATE_TABLE,
    PolicyPeriod,
    ShortRateTable,
    TermsError,
    cancellation_refund,
    endorsement_premium,
    instalment_plan,
    months_in_force,
    unexpired_days,
)

COSCO = PolicyPeriod(date(2019, 6, 10), date(2020, 6, 9))  # 366 days
PREMIUM = Decimal("26000.00")


@pytest.mark.parametrize(
    ("effective_day", "expected"),
    [
        (date(2019, 6, 10), 366),
        (date(2019, 12, 10), 183),  # 21+31+31+30+31+30+9 = 183 days in force
        (date(2020, 3, 1), 101),  # 31 + 30 + 31 + 9
        (date(2020, 6, 9), 1),
    ],
)
def test_unexpired_days(effective_day, expected):
    assert unexpired_days(COSCO, effective_day) == expected


@pytest.mark.parametrize("effective_day", [date(2019, 6, 9), date(2020, 6, 10)])
def test_effective_day_outside_period(effective_day):
    with pytest.raises(TermsError) as caught:
        cancellation_refund(COSCO, PREMIUM, effective_day)
    assert (caught.value.code, caught.value.field) == ("terms.effective_day_outside_period", "effective_day")


@pytest.mark.parametrize(
    ("premium", "effective_day", "refund", "retained", "days_in_force"),
    [
        (PREMIUM, date(2019, 12, 10), "13000.00", "13000.00", 183),  # 26,000 x 183/366
        (PREMIUM, date(2020, 3, 1), "7174.86", "18825.14", 265),  # 26,000 x 101/366 = 7,174.8634
        (PREMIUM, date(2019, 6, 10), "26000.00", "0.00", 0),
        (Decimal("1001.01"), date(2020, 6, 9), "2.74", "998.27", 365),  # 1,001.01/366 = 2.735 -> half up
    ],
)
def test_pro_rata_cancellation(premium, effective_day, refund, retained, days_in_force):
    result = cancellation_refund(COSCO, premium, effective_day)
    assert result.basis == "pro_rata"
    assert result.refund == Decimal(refund)
    assert result.retained == Decimal(retained)
    assert result.days_in_force == days_in_force
    assert result.retained + result.refund == result.premium
    assert not result.minimum_applied


@pytest.mark.parametrize(
    ("effective_day", "months", "retained", "refund"),
    [
        (date(2019, 6, 10), 0, "0.00", "26000.00"),
        (date(2019, 6, 11), 1, "2600.00", "23400.00"),
        (date(2019, 7, 10), 1, "2600.00", "23400.00"),  # exactly one month
        (date(2019, 7, 11), 2, "5200.00", "20800.00"),  # a started month counts in full
        (date(2020, 3, 1), 9, "22100.00", "3900.00"),  # 85 %
        (date(2020, 6, 9), 12, "26000.00", "0.00"),
    ],
)
def test_short_rate_cancellation(effective_day, months, retained, refund):
    assert months_in_force(COSCO, effective_day) == months
    result = cancellation_refund(COSCO, PREMIUM, effective_day, short_rate_table=STANDARD_SHORT_RATE_TABLE)
    assert result.basis == "short_rate"
    assert (result.retained, result.refund) == (Decimal(retained), Decimal(refund))


def test_minimum_retained_premium():
    result = cancellation_refund(COSCO, PREMIUM, date(2019, 12, 10), minimum_retained=Decimal("15000"))
    assert (result.retained, result.refund, result.minimum_applied) == (
        Decimal("15000.00"),
        Decimal("11000.00"),
        True,
    )
    # A minimum above the premium is capped at the premium: nothing is refunded.
    capped = cancellation_refund(COSCO, PREMIUM, date(2019, 6, 10), minimum_retained=Decimal("30000"))
    assert (capped.retained, capped.refund) == (PREMIUM, Decimal("0.00"))
    # A minimum below the pro-rata retained premium changes nothing.
    low = cancellation_refund(COSCO, PREMIUM, date(2019, 12, 10), minimum_retained=Decimal("1000"))
    assert (low.refund, low.minimum_applied) == (Decimal("13000.00"), False)


def test_short_rate_table_validation():
    assert ShortRateTable((Decimal("0.5"),)).retained_ratio(2) == Decimal(1)
    with pytest.raises(TermsError, match=r"terms\.invalid_short_rate_table"):
        ShortRateTable((Decimal("0.5"), Decimal("0.4")))


@pytest.mark.parametrize(
    ("old", "new", "effective_day", "amount", "kind"),
    [
        # Sum insured 190,000 -> 250,000 at the same rate: new premium 34,210.53;
        # 8,210.53 x 183/366 = 4,105.265 -> 4,105.27 (half up).
        ("26000.00", "34210.53", date(2019, 12, 10), "4105.27", "additional"),
        ("26000.00", "20000.00", date(2019, 12, 10), "-3000.00", "return"),
        ("26000.00", "20000.00", date(2020, 3, 1), "-1655.74", "return"),  # 6,000 x 101/366 = 1,655.737
        ("26000.00", "27000.00", date(2019, 6, 10), "1000.00", "additional"),
        ("26000.00", "26000.00", date(2019, 12, 10), "0.00", "none"),
    ],
)
def test_endorsement_premium(old, new, effective_day, amount, kind):
    result = endorsement_premium(COSCO, effective_day, old_premium=Decimal(old), new_premium=Decimal(new))
    assert result.amount == Decimal(amount)
    assert result.kind == kind
    assert result.full_period_change == Decimal(new) - Decimal(old)


def test_cosco_instalments_remainder_on_first():
    plan = instalment_plan(PREMIUM, 3, date(2019, 6, 25))
    assert [i.amount for i in plan] == [Decimal("8666.68"), Decimal("8666.66"), Decimal("8666.66")]
    assert [i.due_on for i in plan] == [date(2019, 6, 25), date(2019, 7, 25), date(2019, 8, 25)]
    assert [i.number for i in plan] == [1, 2, 3]


def test_instalment_due_dates_clamp_to_month_end_without_drift():
    plan = instalment_plan(Decimal("1000"), 4, date(2020, 1, 31), every_months=1)
    assert [i.due_on for i in plan] == [
        date(2020, 1, 31),
        date(2020, 2, 29),
        date(2020, 3, 31),
        date(2020, 4, 30),
    ]
    assert [i.amount for i in plan] == [Decimal("250.00")] * 4
    quarterly = instalment_plan(Decimal("1000"), 2, date(2019, 11, 30), every_months=3)
    assert [i.due_on for i in quarterly] == [date(2019, 11, 30), date(2020, 2, 29)]


@pytest.mark.parametrize(
    ("premium", "count", "first"),
    [
        ("100.00", 3, "33.34"),
        ("0.02", 3, "0.02"),
        ("26000.00", 12, "2166.74"),  # 2,166.66 x 12 = 25,999.92
        ("1.00", 1, "1.00"),
        ("12345.67", 7, "1763.71"),  # 1,763.66 x 7 = 12,345.62, remainder 0.05
    ],
)
def test_instalments_add_up_exactly(premium, count, first):
    plan = instalment_plan(Decimal(premium), count, date(2020, 1, 1))
    assert len(plan) == count
    assert plan[0].amount == Decimal(first)
    assert sum(i.amount for i in plan) == Decimal(premium)
    assert all(i.amount.as_tuple().exponent == -2 for i in plan)


@pytest.mark.parametrize(
    ("count", "every_months", "code"),
    [(0, 1, "terms.invalid_instalment_count"), (2, 0, "terms.invalid_instalment_interval")],
)
def test_instalment_plan_rejects(count, every_months, code):
    with pytest.raises(TermsError) as caught:
        instalment_plan(PREMIUM, count, date(2020, 1, 1), every_months=every_months)
    assert caught.value.code == code

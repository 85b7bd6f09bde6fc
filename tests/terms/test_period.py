from datetime import UTC, date, datetime, timedelta

import pytest

from cyberins.terms import SHANGHAI, PolicyPeriod, TermsError, add_months, local_date

COSCO = PolicyPeriod(date(2019, 6, 10), date(2020, 6, 9))


def test_cosco_period_bounds_and_days():
    assert COSCO.start == datetime(2019, 6, 10, tzinfo=SHANGHAI)
    assert COSCO.start.astimezone(UTC) == datetime(2019, 6, 9, 16, 0, tzinfo=UTC)
    assert COSCO.end == datetime(2020, 6, 10, tzinfo=SHANGHAI)
    assert COSCO.days == 366  # contains 29 Feb 2020


def test_cosco_wording():
    assert COSCO.wording_zh() == "自2019年6月10日零时起至2020年6月9日二十四时止"
    assert COSCO.wording_en() == "From 00:00 on 10 June 2019 to 24:00 on 9 June 2020"
    assert COSCO.wording().for_language("en-gb") == COSCO.wording_en()


@pytest.mark.parametrize(
    ("moment", "inside"),
    [
        (datetime(2019, 6, 9, 16, 0, tzinfo=UTC), True),  # 00:00 Shanghai on the first day
        (datetime(2019, 6, 9, 15, 59, 59, tzinfo=UTC), False),
        (datetime(2020, 6, 9, 23, 59, 59, tzinfo=SHANGHAI), True),
        (datetime(2020, 6, 10, 0, 0, tzinfo=SHANGHAI), False),  # 24:00 on the last day is outside
        (datetime(2020, 6, 9, 16, 0, tzinfo=UTC), False),
        (datetime(2020, 6, 9, 15, 59, tzinfo=UTC), True),
    ],
)
def test_contains(moment, inside):
    assert COSCO.contains(moment) is inside


def test_contains_rejects_naive_datetime():
    with pytest.raises(TermsError) as caught:
        COSCO.contains(datetime(2019, 7, 1, 12, 0))  # noqa: DTZ001 - naive on purpose
    assert (caught.value.code, caught.value.field) == ("terms.naive_datetime", "moment")


@pytest.mark.parametrize(
    ("first_day", "last_day", "days"),
    [
        (date(2019, 6, 10), date(2020, 6, 9), 366),
        (date(2021, 1, 1), date(2021, 12, 31), 365),
        (date(2024, 1, 1), date(2024, 12, 31), 366),
        (date(2023, 3, 1), date(2024, 2, 29), 366),
        (date(2023, 2, 28), date(2024, 2, 27), 365),
        (date(2024, 2, 29), date(2025, 2, 28), 366),  # anniversary of 29 Feb is 1 March; 29 Feb counts
        (date(2024, 3, 1), date(2025, 2, 28), 365),
    ],
)
def test_one_year_from(first_day, last_day, days):
    period = PolicyPeriod.one_year_from(first_day)
    assert (period.first_day, period.last_day, period.days) == (first_day, last_day, days)
    assert period.end - period.start == timedelta(days=days)


def test_single_day_period_and_reversed_period():
    assert PolicyPeriod(date(2020, 1, 1), date(2020, 1, 1)).days == 1
    with pytest.raises(TermsError, match=r"terms\.period_reversed"):
        PolicyPeriod(date(2020, 1, 2), date(2020, 1, 1))


def test_period_rejects_datetimes_as_days():
    with pytest.raises(TermsError, match=r"terms\.invalid_date"):
        PolicyPeriod(datetime(2020, 1, 1, tzinfo=UTC), date(2020, 12, 31))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2020, 1, 31), 1, date(2020, 2, 29)),
        (date(2021, 1, 31), 1, date(2021, 2, 28)),
        (date(2019, 8, 31), 6, date(2020, 2, 29)),
        (date(2019, 12, 15), 1, date(2020, 1, 15)),
        (date(2019, 6, 10), 12, date(2020, 6, 10)),
        (date(2020, 3, 31), -1, date(2020, 2, 29)),
        (date(2020, 5, 31), 0, date(2020, 5, 31)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_local_date_is_shanghai_date():
    assert local_date(datetime(2019, 6, 9, 16, 30, tzinfo=UTC)) == date(2019, 6, 10)
    assert local_date(datetime(2019, 6, 9, 15, 30, tzinfo=UTC)) == date(2019, 6, 9)

from datetime import datetime

import pytest

from cyberins.terms import SHANGHAI, CoverageTerms, LossLine, PolicyTerms, TermsError, adjust_claim

from .policy_samples import COSCO, INCIDENT, C, D, make_terms


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (lambda: CoverageTerms(C.LEGAL, D("1000"), D("1000")), "terms.deductible_exceeds_limit"),
        (lambda: CoverageTerms(C.LEGAL, D("1000"), D("-1")), "terms.negative_amount"),
        (lambda: CoverageTerms(C.LEGAL, D("0")), "terms.invalid_limit"),
        (
            lambda: CoverageTerms(C.LEGAL, D("1000"), waiting_period_hours=D(6)),
            "terms.waiting_period_not_applicable",
        ),
        (lambda: CoverageTerms("cyber_war", D("1000")), "terms.unknown_coverage"),  # type: ignore[arg-type]
        (
            lambda: PolicyTerms(COSCO, D("1000"), (CoverageTerms(C.LEGAL, D("2000")),)),
            "terms.sub_limit_exceeds_aggregate",
        ),
        (
            lambda: PolicyTerms(
                COSCO, D("9000"), (CoverageTerms(C.LEGAL, D("2000")), CoverageTerms("legal", D("3000")))
            ),  # type: ignore[arg-type]
            "terms.duplicate_coverage",
        ),
    ],
)
def test_invalid_terms(build, code):
    with pytest.raises(TermsError) as caught:
        build()
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("lines", "kwargs", "code", "field"),
    [
        ([LossLine(C.EXTORTION, D("1"), D("1"))], {}, "terms.coverage_not_insured", "lines[0].coverage"),
        (
            [LossLine(C.BUSINESS_INTERRUPTION, D("1"), D("1"))],
            {},
            "terms.outage_hours_required",
            "lines[0].outage_hours",
        ),
        (
            [LossLine(C.LEGAL, D("1"), D("1"), D(3))],
            {},
            "terms.outage_hours_not_applicable",
            "lines[0].outage_hours",
        ),
        ([LossLine(C.LEGAL, D("-1"), D("1"))], {}, "terms.negative_amount", "lines[0].claimed"),
        (
            [],
            {"incident_at": datetime(2020, 6, 10, tzinfo=SHANGHAI)},
            "terms.incident_outside_period",
            "incident_at",
        ),
        ([], {"incident_at": datetime(2019, 9, 1)}, "terms.naive_datetime", "incident_at"),  # noqa: DTZ001
        (
            [],
            {"paid_by_coverage": {"legal": D("40000.01")}},
            "terms.paid_exceeds_sub_limit",
            "paid_by_coverage.legal",
        ),
        (
            [],
            {"paid_by_coverage": {"extortion": D("1")}},
            "terms.coverage_not_insured",
            "paid_by_coverage.extortion",
        ),
        (
            [],
            {
                "paid_by_coverage": {
                    "data_breach": D("100000"),
                    "legal": D("40000"),
                    "restoration": D("60000"),
                }
            },
            "terms.paid_exceeds_aggregate",
            "paid_by_coverage",
        ),
    ],
)
def test_invalid_claims(lines, kwargs, code, field):
    arguments = {"incident_at": INCIDENT, **kwargs}
    with pytest.raises(TermsError) as caught:
        adjust_claim(make_terms(), lines, **arguments)
    assert (caught.value.code, caught.value.field) == (code, field)


def test_business_interruption_line_needs_exactly_one_rate():
    with pytest.raises(TermsError, match=r"terms\.income_loss_rate_required"):
        LossLine.business_interruption(claimed=D("1"), outage_hours=D(1))
    with pytest.raises(TermsError, match=r"terms\.income_loss_rate_required"):
        LossLine.business_interruption(
            claimed=D("1"), outage_hours=D(1), hourly_income_loss=D(1), daily_income_loss=D(24)
        )
    with pytest.raises(TermsError, match=r"terms\.not_positive"):
        LossLine.business_interruption(claimed=D("1"), outage_hours=D(0), hourly_income_loss=D(1))

"""Worked examples of the adjustment rules a claims handler and the insured see on the letter.

Each number is worked by hand in the comment above the assertion (closed forms such as
``(loss - deductible) x (1 - 10 %) x (1 - share)``).
"""

from datetime import UTC, datetime, timedelta

import pytest

from cyberins.terms import (
    SHANGHAI,
    CoverageTerms,
    LossLine,
    MitigationCost,
    PolicyTerms,
    RemediationWarranty,
    TermsError,
    adjust_claim,
    explanation_table,
    outage_hours,
)

from .policy_samples import COSCO, INCIDENT, C, D, finding, make_terms
from .test_adjustment import check_trail


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2019, 9, day, hour, minute, tzinfo=SHANGHAI)


def terms_with(*coverages: CoverageTerms, **policy: object) -> PolicyTerms:
    return PolicyTerms(period=COSCO, aggregate_limit=D("190000"), coverages=coverages, **policy)  # type: ignore[arg-type]


# --- the seed's 10 % warranty penalty -------------------------------------------------------------


def test_warranty_penalty_on_the_response_service_payout_and_on_a_loss_payout_explained():
    # Response service: 28,000 x 90 % = 25,200; restoration: (15,000 - 2,000) x 90 % = 11,700.
    lines = [
        LossLine(C.RESPONSE_SERVICE, D("28000"), D("28000")),
        LossLine(C.RESTORATION, D("15000"), D("15000")),
    ]
    result = adjust_claim(
        make_terms(warranty=RemediationWarranty()), lines, incident_at=INCIDENT, findings=[finding()]
    )
    assert [line.payable for line in result.lines] == [D("25200.00"), D("11700.00")]
    penalty_rows = [row for row in explanation_table(result) if row.step == "warranty_deductible"]
    assert [(row.item.zh, row.before, row.deducted, row.after) for row in penalty_rows] == [
        ("应急响应服务", D("28000.00"), D("2800.00"), D("25200.00")),
        ("复原成本", D("13000.00"), D("1300.00"), D("11700.00")),
    ]
    assert penalty_rows[0].reason.zh == "特别约定额外免赔 10%"
    assert penalty_rows[0].reason.en == "Additional 10% deductible (remediation warranty)"


# --- business interruption from outage records ----------------------------------------------------


def test_outage_hours_merge_overlapping_and_touching_records():
    # 08:00-14:00 and 12:00-20:00 overlap -> 08:00-20:00 (12 h); 20:00-20:30 touches it (+0.5 h);
    # 22:00-02:00 the next day is separate (4 h). 16.5 h, not the 18.5 h of the plain sum.
    records = [
        (at(1, 12), at(1, 20)),
        (at(1, 8), at(1, 14)),
        (at(1, 20), at(1, 20, 30)),
        (at(1, 22), at(2, 2)),
    ]
    assert outage_hours(records) == D("16.5")
    assert outage_hours([]) == D("0")
    assert str(outage_hours([(at(1, 8), at(1, 18))])) == "10"


def test_outage_hours_across_time_zones_count_real_time():
    # 09:00-11:00 Shanghai written in UTC (01:00-03:00Z) overlaps 08:00-10:00 Shanghai: 08:00-11:00.
    records = [(at(1, 8), at(1, 10)), (at(1, 9).astimezone(UTC), at(1, 11).astimezone(UTC))]
    assert outage_hours(records) == D("3")


def test_business_interruption_from_overlapping_outage_records_with_a_waiting_period():
    # Merged outage 16 h; 1,000/h -> 16,000 assessed; the first 12 h are the waiting period:
    # 16,000 x 12/16 = 12,000 deducted, 4,000 payable (no deductible on BI in make_terms).
    hours = outage_hours([(at(1, 8), at(1, 14)), (at(1, 12), at(1, 20)), (at(1, 22), at(2, 2))])
    line = LossLine.business_interruption(claimed=D("20000"), outage_hours=hours, hourly_income_loss=D(1000))
    result = adjust_claim(make_terms(), [line], incident_at=INCIDENT)
    (bi,) = result.lines
    assert (bi.assessed, bi.waiting_period_deduction, bi.payable) == (
        D("16000.00"),
        D("12000.00"),
        D("4000.00"),
    )
    waiting = next(row for row in explanation_table(result) if row.step == "waiting_period")
    assert waiting.reason.zh == "等待期 12 小时（中断 16 小时）"


def test_an_outage_shorter_than_the_waiting_period_pays_nothing():
    hours = outage_hours([(at(1, 8), at(1, 11, 30))])
    line = LossLine.business_interruption(claimed=D("9000"), outage_hours=hours, hourly_income_loss=D(1000))
    assert adjust_claim(make_terms(), [line], incident_at=INCIDENT).lines[0].payable == D("0.00")


@pytest.mark.parametrize(
    ("records", "code", "field"),
    [
        ([(at(1, 10), at(1, 9))], "terms.invalid_interval", "intervals[0]"),
        (
            [(at(1, 8), at(1, 9)), (datetime(2019, 9, 1, 8), at(1, 9))],  # noqa: DTZ001 - the naive one is refused
            "terms.naive_datetime",
            "intervals[1].start",
        ),
    ],
)
def test_outage_records_that_make_no_sense_are_refused(records, code, field):
    with pytest.raises(TermsError) as caught:
        outage_hours(records)
    assert (caught.value.code, caught.value.field) == (code, field)


# --- participation (共保 / 比例赔付) -------------------------------------------------------------------


def test_participation_share_after_the_deductibles_and_before_the_limits():
    # (15,000 - 2,000) x (1 - 10 %) x (1 - 20 %) = 9,360: participation 20 % of 11,700 = 2,340.
    terms = terms_with(
        CoverageTerms(C.RESTORATION, D("80000"), D("2000"), participation=D("0.20")),
        remediation_warranty=RemediationWarranty(),
    )
    line = LossLine(C.RESTORATION, D("15000"), D("15000"))
    result = adjust_claim(terms, [line], incident_at=INCIDENT, findings=[finding()])
    (restoration,) = result.lines
    assert restoration.participation_deduction == D("2340.00")
    assert restoration.payable == D("9360.00") == (D(15000) - D(2000)) * D("0.9") * D("0.8")
    assert [step.code for step in restoration.steps] == [
        "assessed",
        "deductible",
        "warranty_deductible",
        "participation",
        "sub_limit",
        "aggregate_limit",
        "payable",
    ]
    assert restoration.steps[3].label.zh == "被保险人自留比例 20%"
    assert result.total_participation == D("2340.00")
    check_trail(result)


def test_the_sub_limit_caps_the_insurers_share_not_the_loss():
    # 120,000 - 0 -> 30 % kept = 36,000 -> 84,000, capped at the 80,000 sub-limit.
    terms = terms_with(CoverageTerms(C.RESTORATION, D("80000"), participation=D("0.30")))
    result = adjust_claim(terms, [LossLine(C.RESTORATION, D("120000"), D("120000"))], incident_at=INCIDENT)
    line = result.lines[0]
    assert (line.participation_deduction, line.sub_limit_reduction, line.payable) == (
        D("36000.00"),
        D("4000.00"),
        D("80000.00"),
    )


# --- per-occurrence limits ---------------------------------------------------------------------------


def test_coverage_per_occurrence_limit_caps_one_claim_and_resets_for_the_next():
    terms = terms_with(CoverageTerms(C.DATA_BREACH, D("100000"), D("5000"), per_occurrence_limit=D("30000")))
    lines = [LossLine(C.DATA_BREACH, D("25000"), D("25000")), LossLine(C.DATA_BREACH, D("20000"), D("20000"))]
    # Line 1: 25,000 - 5,000 = 20,000. Line 2: 20,000, only 10,000 of the 30,000 left this occurrence.
    first = adjust_claim(terms, lines, incident_at=INCIDENT)
    assert [line.payable for line in first.lines] == [D("20000.00"), D("10000.00")]
    assert first.lines[1].occurrence_limit_reduction == D("10000.00")
    assert first.lines[1].steps[2].label.en == "Per-occurrence limit (available ¥10,000.00)"
    # The next occurrence has the full 30,000 again; the sub-limit has 70,000 left.
    second = adjust_claim(
        terms,
        [LossLine(C.DATA_BREACH, D("40000"), D("40000"))],
        incident_at=INCIDENT + timedelta(days=30),
        paid_by_coverage=first.paid_by_coverage,
    )
    assert second.lines[0].payable == D("30000.00")
    assert second.paid_by_coverage[C.DATA_BREACH] == D("60000.00")


def test_policy_per_occurrence_limit_caps_the_claim_across_coverages():
    # Claim A without breach would pay 28,000 + 24,000 + 13,000 = 65,000; the policy allows
    # 50,000 per occurrence: 28,000, then 22,000 of 24,000, then nothing.
    terms = PolicyTerms(
        period=COSCO,
        aggregate_limit=D("190000"),
        coverages=make_terms().coverages,
        per_occurrence_limit=D("50000"),
    )
    lines = [
        LossLine(C.RESPONSE_SERVICE, D("30000"), D("28000")),
        LossLine.business_interruption(claimed=D("40000"), outage_hours=D(36), hourly_income_loss=D(1000)),
        LossLine(C.RESTORATION, D("15000"), D("15000")),
    ]
    result = adjust_claim(terms, lines, incident_at=INCIDENT)
    assert [line.payable for line in result.lines] == [D("28000.00"), D("22000.00"), D("0.00")]
    assert [line.occurrence_limit_reduction for line in result.lines] == [
        D("0.00"),
        D("2000.00"),
        D("13000.00"),
    ]
    assert result.total_payable == D("50000.00")
    assert result.aggregate_remaining == D("140000.00")
    check_trail(result)


@pytest.mark.parametrize(
    ("build", "code", "field"),
    [
        (
            lambda: CoverageTerms(C.RESTORATION, D("80000"), participation=D("1")),
            "terms.invalid_share",
            "participation",
        ),
        (
            lambda: CoverageTerms(C.RESTORATION, D("80000"), participation=0.2),
            "terms.invalid_share",
            "participation",
        ),
        (
            lambda: CoverageTerms(C.RESTORATION, D("80000"), per_occurrence_limit=D("90000")),
            "terms.occurrence_limit_exceeds_limit",
            "per_occurrence_limit",
        ),
        (
            lambda: CoverageTerms(C.RESTORATION, D("80000"), per_occurrence_limit=D("0")),
            "terms.invalid_limit",
            "per_occurrence_limit",
        ),
        (
            lambda: terms_with(CoverageTerms(C.RESTORATION, D("80000")), per_occurrence_limit=D("200000")),
            "terms.occurrence_limit_exceeds_limit",
            "per_occurrence_limit",
        ),
    ],
)
def test_bad_participation_and_occurrence_terms_are_refused(build, code, field):
    with pytest.raises(TermsError) as caught:
        build()
    assert (caught.value.code, caught.value.field) == (code, field)


# --- mitigation costs (施救费用, 保险法 Art. 57) --------------------------------------------------------


def test_mitigation_costs_are_paid_beside_the_loss_without_deductible_or_penalty():
    # Restoration (15,000 - 2,000) x 90 % = 11,700; mitigation 8,000 (claimed 8,500) paid in full.
    terms = make_terms(warranty=RemediationWarranty())
    result = adjust_claim(
        terms,
        [LossLine(C.RESTORATION, D("15000"), D("15000"))],
        incident_at=INCIDENT,
        findings=[finding()],
        mitigation=[MitigationCost(D("8500"), D("8000"), "isolating the file servers")],
    )
    assert result.total_loss_payable == D("11700.00")
    assert result.total_mitigation_payable == D("8000.00")
    assert result.total_payable == D("19700.00")
    assert result.aggregate_remaining == D("178300.00")  # 190,000 - 11,700: mitigation does not erode
    rows = [row for row in explanation_table(result) if row.item.en.startswith("Mitigation")]
    assert rows[0].item.en == "Mitigation costs: isolating the file servers"
    assert [row.step for row in rows] == ["assessed", "mitigation_limit", "payable"]
    assert rows[-1].after == D("8000.00")


def test_mitigation_costs_are_paid_even_when_the_sum_insured_is_exhausted_but_not_beyond_it():
    terms = make_terms()
    result = adjust_claim(
        terms,
        [LossLine(C.RESTORATION, D("62000"), D("62000"))],
        incident_at=INCIDENT,
        paid_by_coverage={C.DATA_BREACH: D("100000"), C.LEGAL: D("40000")},  # 50,000 left
        mitigation=[MitigationCost(D("150000"), D("150000")), MitigationCost(D("60000"), D("60000"))],
    )
    assert result.lines[0].payable == D("50000.00")
    assert result.aggregate_remaining == D("0.00")
    # 150,000 + 60,000 = 210,000 is capped at the 190,000 sum insured: the second pays 40,000.
    assert [cost.payable for cost in result.mitigation] == [D("150000.00"), D("40000.00")]
    assert result.mitigation[1].limit_reduction == D("20000.00")
    assert result.total_payable == D("240000.00")


def test_bad_mitigation_amounts_name_the_field():
    with pytest.raises(TermsError) as caught:
        adjust_claim(
            make_terms(),
            [],
            incident_at=INCIDENT,
            mitigation=[MitigationCost(D("1"), D("1")), MitigationCost(D("-5"), D("1"))],
        )
    assert (caught.value.code, caught.value.field) == ("terms.negative_amount", "mitigation[1].claimed")


# --- the explanation table ---------------------------------------------------------------------------


def test_explanation_rows_chain_from_assessed_to_payable():
    lines = [
        LossLine(C.RESPONSE_SERVICE, D("30000"), D("28000")),
        LossLine.business_interruption(claimed=D("40000"), outage_hours=D(36), hourly_income_loss=D(1000)),
    ]
    result = adjust_claim(
        make_terms(), lines, incident_at=INCIDENT, mitigation=[MitigationCost(D("100"), D("100"))]
    )
    rows = explanation_table(result)
    assert rows[0].item.zh == "应急响应服务"
    assert rows[0].step == "assessed"
    for row in rows:
        assert row.before - row.deducted == row.after
        assert row.reason.zh
        assert row.reason.en
    payables = [row.after for row in rows if row.is_total]
    assert payables == [D("28000.00"), D("24000.00"), D("100.00")]
    assert sum(payables) == result.total_payable

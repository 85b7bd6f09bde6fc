from datetime import datetime

import pytest

from cyberins.terms import (
    SHANGHAI,
    LossLine,
    RemediationWarranty,
    adjust_claim,
)

from .policy_samples import INCIDENT, C, D, finding, make_terms

# Claim A: response 28,000 (claimed 30,000); BI 1,000/h x 36 h = 36,000 (claimed 40,000),
# waiting 12 h -> 24,000; restoration 15,000 - 2,000 deductible = 13,000. Total 65,000.
CLAIM_A = (
    LossLine(C.RESPONSE_SERVICE, D("30000"), D("28000")),
    LossLine.business_interruption(claimed=D("40000"), outage_hours=D(36), hourly_income_loss=D(1000)),
    LossLine(C.RESTORATION, D("15000"), D("15000")),
)


def check_trail(result):
    """Every line's trail starts at the assessed amount and its deductions add up to the payable."""
    for line in result.lines:
        assert line.steps[0].code == "assessed"
        assert line.steps[0].balance == line.assessed
        assert line.steps[-1].code == "payable"
        assert line.steps[-1].balance == line.payable
        assert line.assessed - sum(step.deducted for step in line.steps) == line.payable
        for step in line.steps:
            assert step.label.zh
            assert step.label.en


def test_claim_without_warranty_breach():
    result = adjust_claim(make_terms(warranty=RemediationWarranty()), CLAIM_A, incident_at=INCIDENT)
    assert [line.payable for line in result.lines] == [D("28000.00"), D("24000.00"), D("13000.00")]
    assert result.lines[1].waiting_period_deduction == D("12000.00")
    assert result.lines[2].deductible == D("2000.00")
    assert result.warranty_breached is False
    assert result.total_payable == D("65000.00")
    assert result.total_claimed == D("85000.00")
    assert result.total_assessed == D("79000.00")
    assert result.total_deductible == D("14000.00")
    assert result.aggregate_remaining == D("125000.00")
    check_trail(result)


def test_claim_with_warranty_breach_penalises_service_and_loss_payouts():
    terms = make_terms(warranty=RemediationWarranty())
    result = adjust_claim(terms, CLAIM_A, incident_at=INCIDENT, findings=[finding()])
    assert result.warranty_breached is True
    assert result.extra_deductible_ratio == D("0.10")
    assert [line.warranty_deductible for line in result.lines] == [D("2800.00"), D("2400.00"), D("1300.00")]
    assert [line.payable for line in result.lines] == [D("25200.00"), D("21600.00"), D("11700.00")]
    assert result.total_warranty_deductible == D("6500.00")
    assert result.total_payable == D("58500.00")
    assert [step.code for step in result.lines[1].steps] == [
        "assessed",
        "waiting_period",
        "deductible",
        "warranty_deductible",
        "sub_limit",
        "aggregate_limit",
        "payable",
    ]
    assert result.lines[1].steps[3].label.zh == "特别约定额外免赔 10%"
    check_trail(result)


def test_warranty_deductible_is_rounded_to_the_cent():
    # (12,345.67 - 2,000) x 10 % = 1,034.567 -> 1,034.57; payable 10,345.67 - 1,034.57 = 9,311.10.
    lines = [LossLine(C.RESTORATION, D("12345.67"), D("12345.67"))]
    result = adjust_claim(
        make_terms(warranty=RemediationWarranty()), lines, incident_at=INCIDENT, findings=[finding()]
    )
    assert result.lines[0].warranty_deductible == D("1034.57")
    assert result.lines[0].payable == D("9311.10")


@pytest.mark.parametrize(
    "evidence",
    [
        finding(remediated_at=datetime(2019, 8, 20, tzinfo=SHANGHAI)),  # fixed before the incident
        finding(notified_at=None),  # never formally notified
        finding(directly_related=False),  # not proven related
    ],
)
def test_no_penalty_when_warranty_not_breached(evidence):
    result = adjust_claim(
        make_terms(warranty=RemediationWarranty()), CLAIM_A, incident_at=INCIDENT, findings=[evidence]
    )
    assert result.warranty_breached is False
    assert result.total_warranty_deductible == D("0.00")
    assert result.total_payable == D("65000.00")
    assert "warranty_deductible" not in [step.code for line in result.lines for step in line.steps]


def test_no_penalty_without_the_warranty_in_force():
    result = adjust_claim(make_terms(warranty=None), CLAIM_A, incident_at=INCIDENT, findings=[finding()])
    assert result.warranty_breached is False
    assert result.total_payable == D("65000.00")


def test_one_breached_finding_among_several_is_enough():
    findings = [finding(directly_related=False), finding()]
    result = adjust_claim(
        make_terms(warranty=RemediationWarranty()), CLAIM_A, incident_at=INCIDENT, findings=findings
    )
    assert result.total_payable == D("58500.00")


def test_aggregate_exhaustion_across_two_claims():
    terms = make_terms()
    first = adjust_claim(
        terms,
        [LossLine(C.DATA_BREACH, D("105000"), D("105000")), LossLine(C.LEGAL, D("41000"), D("41000"))],
        incident_at=INCIDENT,
    )
    assert [line.payable for line in first.lines] == [D("100000.00"), D("40000.00")]
    assert first.aggregate_remaining == D("50000.00")
    assert first.paid_by_coverage[C.DATA_BREACH] == D("100000.00")

    second = adjust_claim(
        terms,
        [
            LossLine(C.DATA_BREACH, D("20000"), D("20000")),  # 15,000 after deductible, sub-limit used up
            LossLine(C.RESTORATION, D("62000"), D("62000")),  # 60,000 after deductible, 50,000 left
            LossLine(C.RESPONSE_SERVICE, D("8000"), D("8000")),  # nothing left at all
        ],
        incident_at=datetime(2020, 1, 5, 9, 0, tzinfo=SHANGHAI),
        paid_by_coverage=first.paid_by_coverage,
    )
    data_breach, restoration, response = second.lines
    assert (data_breach.sub_limit_reduction, data_breach.payable) == (D("15000.00"), D("0.00"))
    assert (restoration.aggregate_reduction, restoration.payable) == (D("10000.00"), D("50000.00"))
    assert (response.aggregate_reduction, response.payable) == (D("8000.00"), D("0.00"))
    assert second.aggregate_remaining == D("0.00")
    assert second.total_payable == D("50000.00")
    assert first.total_payable + second.total_payable == terms.aggregate_limit
    check_trail(second)


def test_sub_limit_caps_within_one_claim():
    # Data breach 112,000 - 5,000 = 107,000, capped at the 100,000 sub-limit.
    result = adjust_claim(
        make_terms(), [LossLine(C.DATA_BREACH, D("112000"), D("112000"))], incident_at=INCIDENT
    )
    assert (result.lines[0].sub_limit_reduction, result.lines[0].payable) == (D("7000.00"), D("100000.00"))


def test_response_service_outside_the_aggregate():
    terms = make_terms(response_erodes=False)
    result = adjust_claim(
        terms,
        [LossLine(C.RESPONSE_SERVICE, D("8000"), D("8000"))],
        incident_at=INCIDENT,
        paid_by_coverage={"data_breach": D("100000"), "legal": D("40000"), "restoration": D("50000")},
    )
    assert result.lines[0].payable == D("8000.00")
    assert result.aggregate_remaining == D("0.00")
    assert "aggregate_limit" not in [step.code for step in result.lines[0].steps]


@pytest.mark.parametrize(
    ("line", "waiting", "payable"),
    [
        (
            LossLine.business_interruption(claimed=D("9000"), outage_hours=D(8), hourly_income_loss=D(1000)),
            "8000.00",
            "0.00",
        ),
        (
            LossLine.business_interruption(
                claimed=D("99999"), outage_hours=D("12.5"), hourly_income_loss=D(1000)
            ),
            "12000.00",
            "500.00",
        ),
        (
            LossLine.business_interruption(
                claimed=D("99999"), outage_hours=D(30), daily_income_loss=D(24000)
            ),
            "12000.00",
            "18000.00",
        ),
        # Claimed 20,000 < assessed 30,000: the 12 of 30 hours come off the recognised 20,000.
        (
            LossLine.business_interruption(
                claimed=D("20000"), outage_hours=D(30), hourly_income_loss=D(1000)
            ),
            "8000.00",
            "12000.00",
        ),
    ],
)
def test_business_interruption_waiting_period(line, waiting, payable):
    result = adjust_claim(make_terms(), [line], incident_at=INCIDENT)
    assert result.lines[0].waiting_period_deduction == D(waiting)
    assert result.lines[0].payable == D(payable)
    check_trail(result)


def test_business_interruption_daily_rate_is_exact():
    line = LossLine.business_interruption(claimed=D("1000"), outage_hours=D(1), daily_income_loss=D("100"))
    assert line.assessed == D("4.17")  # 100 / 24 = 4.1666... -> 4.17


def test_deductible_is_consumed_once_per_coverage_per_claim():
    lines = [LossLine(C.RESTORATION, D("1500"), D("1500")), LossLine(C.RESTORATION, D("3000"), D("3000"))]
    result = adjust_claim(make_terms(), lines, incident_at=INCIDENT)
    assert [line.deductible for line in result.lines] == [D("1500.00"), D("500.00")]
    assert [line.payable for line in result.lines] == [D("0.00"), D("2500.00")]


def test_recognised_loss_is_limited_to_the_amount_claimed():
    result = adjust_claim(make_terms(), [LossLine(C.LEGAL, D("5000"), D("6000"))], incident_at=INCIDENT)
    assert result.lines[0].steps[1].code == "claimed_cap"
    assert result.lines[0].payable == D("4000.00")  # 5,000 - 1,000 deductible

"""Worked examples of the assessment (定损) on the seed's plan: every coverage ¥500,000 sub-limit and
¥10,000 deductible, ¥1,000,000 sum insured, 12-hour BI waiting period, the 10% remediation warranty."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from cyberins.accounts.errors import DomainError
from cyberins.claims.models import LossLine
from cyberins.claims.services import (
    do_add_line,
    do_approve,
    do_assess,
    do_assess_line,
    do_complete_documents,
    do_open_claim,
    reserves,
)
from cyberins.terms import SHANGHAI
from tests import factories as f
from tests.claims.conftest import incident_at

T = datetime(2026, 9, 1, 10, 0, tzinfo=SHANGHAI)


def assessed_claim(case, incident, lines, *, related=(), now=None):
    """Open, add the lines (coverage, claimed, assessed, reasons), complete documents, assess."""
    now = now or incident.occurred_at + timedelta(days=2)
    claim = do_open_claim(actor=case["applicant"], incident=incident, now=now)
    made = [
        (do_add_line(actor=case["applicant"], claim=claim, coverage=c, claimed=claimed, now=now), a, r)
        for c, claimed, a, r in lines
    ]
    do_complete_documents(actor=case["adjuster"], claim=claim, now=now)
    for line, value, reasons in made:
        do_assess_line(actor=case["adjuster"], line=line, assessed=value, reductions=reasons, now=now)
    return do_assess(actor=case["adjuster"], claim=claim, related_findings=list(related), now=now)


def test_the_ten_percent_penalty_applies_to_the_service_and_the_loss_payout(case) -> None:
    incident = incident_at(case, T)
    # notified in July, due in August, still open on 1 September; the adjuster links it to the attack
    item = f.remediation_item(
        organisation=case["policy"].insured, notified_at=T - timedelta(days=60), due_at=T - timedelta(days=15)
    )
    claim = assessed_claim(
        case,
        incident,
        [
            ("restoration", "200000", "180000", ["above_market_rate"]),
            ("response_service", "60000", "60000", []),
        ],
        related=[item.pk],
    )
    # service first: 60,000 − 10,000 deductible = 50,000, less 10% = 45,000
    # restoration: 180,000 − 10,000 = 170,000, less 10% = 153,000
    payable = {line.coverage: line.payable for line in claim.lines.all()}
    assert payable == {"response_service": Decimal("45000.00"), "restoration": Decimal("153000.00")}
    assert claim.payable == Decimal("198000.00")
    assert claim.penalty_applied
    steps = {line["coverage"]: line["steps"] for line in claim.assessment["lines"]}
    penalty = next(s for s in steps["response_service"] if s["code"] == "warranty_deductible")
    assert (penalty["before"], penalty["deducted"], penalty["after"]) == ("50000.00", "5000.00", "45000.00")
    assert "10%" in penalty["why_zh"]
    assert "remediation warranty" in penalty["why_en"]
    # the reserves follow the assessment, per coverage
    assert reserves(claim) == {"response_service": Decimal("45000.00"), "restoration": Decimal("153000.00")}


@pytest.mark.parametrize(
    ("due", "remediated", "related", "penalty"),
    [
        (T - timedelta(days=15), None, True, True),
        (T + timedelta(days=1), None, True, False),  # not yet overdue at the incident
        (T - timedelta(days=15), T - timedelta(days=2), True, False),  # remediated before
        (T - timedelta(days=15), None, False, False),  # not linked by the adjuster
    ],
)
def test_the_penalty_needs_a_notified_overdue_finding_linked_to_the_incident(
    case, due, remediated, related, penalty
) -> None:
    incident = incident_at(case, T)
    item = f.remediation_item(
        organisation=case["policy"].insured,
        notified_at=T - timedelta(days=60),
        due_at=due,
        remediated_at=remediated,
    )
    claim = assessed_claim(
        case, incident, [("restoration", "110000", "110000", [])], related=[item.pk] if related else []
    )
    assert claim.penalty_applied is penalty
    assert claim.payable == (Decimal("90000.00") if penalty else Decimal("100000.00"))


def test_business_interruption_from_the_outage_records_with_the_waiting_period(case) -> None:
    # two systems down in overlapping windows: 09:00–21:00 and 15:00–次日 09:00 → 24 merged hours
    incident = incident_at(
        case,
        T - timedelta(hours=1),
        outages=[
            (T - timedelta(hours=1), T + timedelta(hours=11)),
            (T + timedelta(hours=5), T + timedelta(hours=23)),
        ],
    )
    now = T + timedelta(days=2)
    claim = do_open_claim(actor=case["applicant"], incident=incident, now=now)
    line = do_add_line(
        actor=case["applicant"], claim=claim, coverage="business_interruption", hourly_income="5000", now=now
    )
    assert (line.outage_hours, line.claimed, line.source) == (
        Decimal("24.00"),
        Decimal("120000.00"),
        "outages",
    )
    do_complete_documents(actor=case["adjuster"], claim=claim, now=now)
    do_assess_line(actor=case["adjuster"], line=line, assessed="120000", now=now)
    claim = do_assess(actor=case["adjuster"], claim=claim, now=now)
    # waiting period 12 of 24 hours: 60,000 off; then the 10,000 deductible → 50,000
    (row,) = claim.assessment["lines"]
    waiting = next(s for s in row["steps"] if s["code"] == "waiting_period")
    assert (waiting["deducted"], waiting["after"]) == ("60000.00", "60000.00")
    assert claim.payable == Decimal("50000.00")


def test_a_business_interruption_line_needs_ended_outages(case) -> None:
    incident = incident_at(case, T)
    now = T + timedelta(days=1)
    claim = do_open_claim(actor=case["applicant"], incident=incident, now=now)
    with pytest.raises(DomainError) as refused:
        do_add_line(
            actor=case["applicant"], claim=claim, coverage="business_interruption", claimed="1", now=now
        )
    assert refused.value.code == "claims.no_outage"
    assert not LossLine.objects.exists()


def test_the_service_fee_defaults_to_the_engagements_price_book_rate(case) -> None:
    incident = incident_at(case, T)
    now = T + timedelta(days=1)
    claim = do_open_claim(actor=case["adjuster"], incident=incident, now=now)
    line = do_add_line(actor=case["adjuster"], claim=claim, coverage="response_service", now=now)
    assert incident.engagement.unit_price
    assert line.claimed == incident.engagement.unit_price
    assert line.source == "price_book"


def test_the_aggregate_limit_erodes_across_two_claims(case) -> None:
    # sum insured 1,000,000: the first claim takes 390,000 + 390,000 (after the deductibles)
    first = assessed_claim(
        case,
        incident_at(case, T),
        [("restoration", "400000", "400000", []), ("legal", "400000", "400000", [])],
    )
    assert first.payable == Decimal("780000.00")
    do_approve(actor=case["approver"], claim=first, now=T + timedelta(days=3))
    second = assessed_claim(
        case, incident_at(case, T + timedelta(days=10)), [("regulatory", "250000", "250000", [])]
    )
    # 240,000 after the deductible, but only 220,000 of the aggregate is left
    step = next(s for s in second.assessment["lines"][0]["steps"] if s["code"] == "aggregate_limit")
    assert (step["deducted"], step["after"]) == ("20000.00", "220000.00")
    assert second.payable == Decimal("220000.00")

"""The pure incident rules (cyberins.terms.incidents), without a database: coverage reasons, grading
thresholds and the clocks under an injected ``now``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from cyberins.terms import SHANGHAI, TermsError
from cyberins.terms.incidents import (
    ClockFacts,
    ClockState,
    CoverageFacts,
    CoverageReason,
    Grade,
    ImpactFacts,
    OperatorKind,
    check_coverage,
    clocks,
    grade,
    thresholds,
)

R = CoverageReason
BASE = CoverageFacts(
    first_day=date(2026, 6, 10),
    last_day=date(2027, 6, 9),
    cancelled_from=None,
    paid_by_event=True,
    insured_systems=("核心业务系统",),
    affected_system="核心业务系统",
    has_response_cover=True,
)


def at(y: int, m: int, d: int, h: int = 10) -> datetime:
    return datetime(y, m, d, h, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("changes", "event", "reasons"),
    [
        ({}, at(2026, 7, 1), ()),
        ({}, at(2026, 6, 10, 0), ()),  # the first day from 00:00 Shanghai
        ({}, datetime(2026, 6, 9, 15, 59, tzinfo=UTC), (R.NOT_STARTED,)),  # 23:59 on 9 June in Shanghai
        ({}, at(2027, 6, 9, 23), ()),
        ({}, at(2027, 6, 10, 0), (R.ENDED,)),
        ({"cancelled_from": date(2026, 9, 1)}, at(2026, 8, 31, 23), ()),
        ({"cancelled_from": date(2026, 9, 1)}, at(2026, 9, 1, 0), (R.CANCELLED,)),
        ({"paid_by_event": False}, at(2026, 7, 1), (R.UNPAID,)),
        ({"affected_system": " 核心业务系统 "}, at(2026, 7, 1), ()),
        ({"affected_system": "办公网"}, at(2026, 7, 1), (R.SYSTEM_NOT_INSURED,)),
        ({"has_response_cover": False}, at(2026, 7, 1), (R.NO_RESPONSE_COVER,)),
        ({"location": "hong_kong"}, at(2026, 7, 1), (R.OUTSIDE_TERRITORY,)),
        (
            {"cancelled_from": date(2026, 6, 20), "affected_system": "办公网", "location": "abroad"},
            at(2027, 7, 1),
            (R.ENDED, R.CANCELLED, R.SYSTEM_NOT_INSURED, R.OUTSIDE_TERRITORY),
        ),
    ],
)
def test_coverage_check_returns_every_reason(changes, event, reasons) -> None:
    from dataclasses import replace

    result = check_coverage(replace(BASE, **changes), event)
    assert result.reasons == reasons
    assert result.covered is (reasons == ())


def test_coverage_check_refuses_a_naive_time() -> None:
    with pytest.raises(TermsError):
        check_coverage(BASE, datetime(2026, 7, 1, 10))  # noqa: DTZ001


@pytest.mark.parametrize(
    ("facts", "expected", "draft_only"),
    [
        (ImpactFacts(), Grade.GENERAL, False),
        (ImpactFacts(personal_information_people=999_999), Grade.GENERAL, False),
        (ImpactFacts(personal_information_people=1_000_000), Grade.SIGNIFICANT, False),
        (ImpactFacts(personal_information_people=10_000_000), Grade.MAJOR, False),
        (ImpactFacts(personal_information_people=100_000_000), Grade.ESPECIALLY_MAJOR, False),
        (ImpactFacts(direct_loss_cny=Decimal("4999999.99")), Grade.GENERAL, False),
        (ImpactFacts(direct_loss_cny=Decimal(5_000_000)), Grade.SIGNIFICANT, True),
        (ImpactFacts(direct_loss_cny=Decimal(20_000_000)), Grade.MAJOR, True),
        (ImpactFacts(direct_loss_cny=Decimal(100_000_000)), Grade.ESPECIALLY_MAJOR, False),
        (ImpactFacts(critical_outage_hours=Decimal("0.5")), Grade.SIGNIFICANT, True),
        (ImpactFacts(critical_outage_hours=Decimal(2)), Grade.MAJOR, True),
        (ImpactFacts(critical_outage_hours=Decimal(6)), Grade.ESPECIALLY_MAJOR, False),
        (ImpactFacts(main_function_outage_hours=Decimal(24)), Grade.ESPECIALLY_MAJOR, False),
        # the most severe fact wins
        (
            ImpactFacts(personal_information_people=2_000_000, critical_outage_hours=Decimal(3)),
            Grade.MAJOR,
            True,
        ),
    ],
)
def test_grading_thresholds(facts, expected, draft_only) -> None:
    result = grade(facts)
    assert result.grade is expected
    assert result.draft_only is draft_only
    assert result.reportable is (expected is not Grade.GENERAL)


def test_every_threshold_names_its_source() -> None:
    assert len(thresholds()) == 12
    assert all(t.source for t in thresholds())
    # the final annex gives personal-information thresholds for every grade
    assert not any(t.draft for t in thresholds() if t.fact == "personal_information_people")


REPORTED = datetime(2026, 7, 1, 2, 0, tzinfo=UTC)


def states(facts: ClockFacts, now: datetime) -> dict[str, ClockState]:
    return {c.name: c.state for c in clocks(facts, now)}


def test_service_clocks_run_from_the_report() -> None:
    facts = ClockFacts(reported_at=REPORTED, discovered_at=REPORTED - timedelta(hours=3), grade=Grade.GENERAL)
    assert states(facts, REPORTED) == {"first_contact": "pending", "team_arranged": "pending"}
    assert states(facts, REPORTED + timedelta(minutes=50))["first_contact"] == "due_soon"
    assert states(facts, REPORTED + timedelta(hours=20))["team_arranged"] == "due_soon"
    assert states(facts, REPORTED + timedelta(hours=24, seconds=1))["team_arranged"] == "breached"
    met = ClockFacts(
        reported_at=REPORTED,
        discovered_at=REPORTED,
        grade=None,
        first_contact_at=REPORTED + timedelta(minutes=5),
        team_arranged_at=REPORTED + timedelta(hours=25),
    )
    assert states(met, REPORTED + timedelta(days=3)) == {"first_contact": "met", "team_arranged": "breached"}
    due = {c.name: c.due_at for c in clocks(met, REPORTED)}
    assert due["team_arranged"] == REPORTED + timedelta(hours=24)


@pytest.mark.parametrize(
    ("kind", "hours"), [(OperatorKind.CII, 1), (OperatorKind.STATE_ORGAN, 2), (OperatorKind.OTHER, 4)]
)
def test_authority_report_from_discovery_when_significant_or_above(kind, hours) -> None:
    discovered = REPORTED - timedelta(minutes=30)
    facts = ClockFacts(
        reported_at=REPORTED, discovered_at=discovered, grade=Grade.SIGNIFICANT, operator_kind=kind
    )
    (authority,) = [c for c in clocks(facts, REPORTED) if c.name == "authority_report"]
    assert authority.due_at == discovered + timedelta(hours=hours)
    assert states(facts, discovered + timedelta(hours=hours, minutes=1))["authority_report"] == "breached"
    general = ClockFacts(
        reported_at=REPORTED, discovered_at=discovered, grade=Grade.GENERAL, operator_kind=kind
    )
    assert "authority_report" not in states(general, REPORTED)


def test_summary_report_within_30_days_of_the_end_of_handling() -> None:
    ended = REPORTED + timedelta(days=5)
    facts = ClockFacts(
        reported_at=REPORTED,
        discovered_at=REPORTED,
        grade=Grade.MAJOR,
        handling_ended_at=ended,
        service_owed=False,
    )
    (summary,) = [c for c in clocks(facts, ended) if c.name == "summary_report"]
    assert summary.due_at == ended + timedelta(days=30)
    assert "team_arranged" not in states(facts, ended)
    assert states(facts, ended + timedelta(days=31))["summary_report"] == "breached"

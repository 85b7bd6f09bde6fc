from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from cyberins.terms import (
    SHANGHAI,
    FindingEvidence,
    PolicyPeriod,
    RemediationWarranty,
    ScheduledServiceKind,
    ServiceScheduleWarranty,
    TermsError,
    warranty_breached,
)

SEED_REMEDIATION = (
    "固定检测时发现的系统隐患，正式通知被保险人后，被保险人应自负成本及时整改，未及时整改导致后续网络安全事故的发生，"
    "并被证明事故发生与之前发现隐患直接相关的，被保险人需对该起事故的安全服务赔付和损失费用赔付承担额外10%的免赔。"
)
SEED_SCHEDULE = (
    "本保单自起保1个月内，由安全服务商完成保险方案约定的首次固定检测服务，另一次基础漏洞扫描在半年后进行。"
)
COSCO = PolicyPeriod(date(2019, 6, 10), date(2020, 6, 9))


def shanghai(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


NOTIFIED = shanghai(2019, 7, 15, 10, 0)
DUE = shanghai(2019, 8, 15, 0, 0)
INCIDENT = shanghai(2019, 9, 1, 3, 0)


def test_remediation_warranty_text_is_the_seed_text():
    warranty = RemediationWarranty()
    assert warranty.extra_deductible_ratio == Decimal("0.10")
    assert warranty.text().zh == SEED_REMEDIATION
    assert "additional deductible of 10%" in warranty.text().en


def test_remediation_warranty_renders_its_parameter():
    text = RemediationWarranty(Decimal("0.125")).text()
    assert "承担额外12.5%的免赔" in text.zh
    assert "12.5%" in text.en


@pytest.mark.parametrize("ratio", [Decimal(0), Decimal(1), Decimal("-0.1"), Decimal("NaN"), 0.1])
def test_remediation_warranty_rejects_bad_ratio(ratio):
    with pytest.raises(TermsError, match=r"terms\.invalid_ratio"):
        RemediationWarranty(ratio)


def test_service_schedule_text_is_the_seed_text():
    assert ServiceScheduleWarranty().text().zh == SEED_SCHEDULE
    assert "within 1 month of inception" in ServiceScheduleWarranty().text().en
    other = ServiceScheduleWarranty(
        first_inspection_within_months=2, vulnerability_scan_after_months=4
    ).text()
    assert "自起保2个月内" in other.zh
    assert "在4个月后进行" in other.zh
    assert "within 2 months" in other.en


def test_cosco_service_schedule():
    inspection, scan = ServiceScheduleWarranty().schedule(COSCO)
    assert (inspection.kind, inspection.due_on) == (ScheduledServiceKind.FIXED_INSPECTION, date(2019, 7, 10))
    assert (scan.kind, scan.due_on) == (ScheduledServiceKind.VULNERABILITY_SCAN, date(2019, 12, 10))
    assert inspection.text.zh == "首次固定检测最迟于2019年7月10日完成"
    assert scan.text.en == "Basic vulnerability scan due on 10 December 2019"


def test_service_schedule_clamps_to_month_end():
    period = PolicyPeriod.one_year_from(date(2019, 8, 31))
    inspection, scan = ServiceScheduleWarranty().schedule(period)
    assert (inspection.due_on, scan.due_on) == (date(2019, 9, 30), date(2020, 2, 29))


def test_service_schedule_outside_short_period():
    with pytest.raises(TermsError, match=r"terms\.service_outside_period"):
        ServiceScheduleWarranty().schedule(PolicyPeriod(date(2019, 6, 10), date(2019, 9, 9)))


def breached(**changes: object) -> bool:
    arguments: dict[str, object] = {
        "finding_notified_at": NOTIFIED,
        "due_at": DUE,
        "remediated_at": None,
        "incident_at": INCIDENT,
        "directly_related": True,
    }
    arguments.update(changes)
    return warranty_breached(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, True),  # notified, deadline passed, still open, related
        ({"remediated_at": shanghai(2019, 8, 20)}, False),  # fixed late, but before the incident
        ({"remediated_at": shanghai(2019, 8, 1)}, False),  # fixed in time
        ({"remediated_at": shanghai(2019, 9, 2)}, True),  # fixed only after the incident
        ({"remediated_at": INCIDENT}, True),  # not fixed *before* the incident
        ({"finding_notified_at": None}, False),  # never formally notified
        ({"directly_related": False}, False),  # not proven directly related
        ({"incident_at": shanghai(2019, 8, 10)}, False),  # still within the remediation deadline
        ({"incident_at": DUE}, False),  # at the deadline is still in time
        ({"incident_at": DUE + timedelta(seconds=1)}, True),
        ({"due_at": datetime(2019, 8, 14, 16, 0, tzinfo=UTC)}, True),  # same instant as DUE, in UTC
        ({"finding_notified_at": shanghai(2019, 9, 2), "due_at": shanghai(2019, 9, 30)}, False),  # after
    ],
)
def test_warranty_breached(changes, expected):
    assert breached(**changes) is expected


@pytest.mark.parametrize("field", ["finding_notified_at", "due_at", "remediated_at", "incident_at"])
def test_warranty_breached_rejects_naive_datetimes(field):
    with pytest.raises(TermsError) as caught:
        breached(**{field: datetime(2019, 8, 1)})  # noqa: DTZ001 - naive on purpose
    assert (caught.value.code, caught.value.field) == ("terms.naive_datetime", field)


def test_warranty_breached_rejects_deadline_before_notice():
    with pytest.raises(TermsError, match=r"terms\.due_before_notice"):
        breached(due_at=shanghai(2019, 7, 1))


def test_finding_evidence_delegates():
    finding = FindingEvidence(NOTIFIED, DUE, None, directly_related=True, reference="HC-1/F-3")
    assert finding.breached(INCIDENT) is True
    assert finding.breached(shanghai(2019, 8, 1)) is False

"""Warranty templates (特别约定) of the seed's COSCO policy, as data with rendered texts.

1. Remediation warranty: "固定检测时发现的系统隐患，正式通知被保险人后，被保险人应自负成本及时
   整改，未及时整改导致后续网络安全事故的发生，并被证明事故发生与之前发现隐患直接相关的，被保险人
   需对该起事故的安全服务赔付和损失费用赔付承担额外10%的免赔。"
2. Service-schedule warranty: "本保单自起保1个月内，由安全服务商完成保险方案约定的首次固定检测
   服务，另一次基础漏洞扫描在半年后进行。"
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from .dates import add_months, format_date_en, format_date_zh, require_aware
from .errors import TermsError
from .period import PolicyPeriod
from .text import Text


def _percent(ratio: Decimal) -> str:
    """``Decimal("0.10") -> "10%"``, ``Decimal("0.125") -> "12.5%"``."""
    return f"{(ratio * 100).normalize():f}%"


@dataclass(frozen=True, slots=True)
class RemediationWarranty:
    """Extra deductible when an incident stems from a notified, unremediated finding.

    The ratio applies to the security-service payout and to the loss payouts of that
    incident; see :mod:`cyberins.terms.adjustment` for where it sits in the calculation.
    """

    extra_deductible_ratio: Decimal = Decimal("0.10")

    def __post_init__(self) -> None:
        ratio = self.extra_deductible_ratio
        if not isinstance(ratio, Decimal) or not ratio.is_finite() or not 0 < ratio < 1:
            raise TermsError(
                "terms.invalid_ratio",
                "extra_deductible_ratio",
                Text("额外免赔比例须大于 0 且小于 1。", "The ratio must be a Decimal between 0 and 1."),
            )

    def text(self) -> Text:
        """The warranty wording with the ratio filled in (the seed's text at 10%)."""
        percent = _percent(self.extra_deductible_ratio)
        return Text(
            "固定检测时发现的系统隐患，正式通知被保险人后，被保险人应自负成本及时整改，未及时整改导致后续"
            "网络安全事故的发生，并被证明事故发生与之前发现隐患直接相关的，被保险人需对该起事故的安全服务"
            f"赔付和损失费用赔付承担额外{percent}的免赔。",
            "Where a system weakness found during a fixed inspection has been formally notified to the"
            " Insured, the Insured shall remediate it promptly at its own cost. If it is not remediated in"
            " time, a cyber-security incident follows, and the incident is proven to be directly related to"
            " the weakness found earlier, the Insured shall bear an additional deductible of"
            f" {percent} on both the security-service payout and the loss payout for that incident.",
        )


def warranty_breached(
    *,
    finding_notified_at: datetime | None,
    due_at: datetime,
    remediated_at: datetime | None,
    incident_at: datetime,
    directly_related: bool,
) -> bool:
    """Whether the remediation warranty is breached for one finding and one incident.

    True only when all of these hold (each is a phrase of the warranty):

    * 正式通知被保险人: the finding was formally notified (``finding_notified_at`` is not
      None) no later than the incident;
    * 未及时整改: the remediation deadline had passed when the incident happened
      (``due_at < incident_at``; an incident at or before the deadline is within time) and
      the finding was not remediated before the incident (``remediated_at`` is None or not
      earlier than ``incident_at``);
    * 被证明…直接相关: the incident is proven directly related to the finding.

    All datetimes must be timezone-aware (``terms.naive_datetime``); a deadline before the
    notice is rejected (``terms.due_before_notice``). Arguments are keyword-only because
    four of them are datetimes and a positional mix-up would go unnoticed.
    """
    require_aware(due_at, "due_at")
    require_aware(incident_at, "incident_at")
    if remediated_at is not None:
        require_aware(remediated_at, "remediated_at")
    if finding_notified_at is None:
        return False
    require_aware(finding_notified_at, "finding_notified_at")
    if due_at < finding_notified_at:
        raise TermsError(
            "terms.due_before_notice",
            "due_at",
            Text("整改期限早于正式通知时间。", "The remediation deadline is before the notice."),
        )
    notified_before_incident = finding_notified_at <= incident_at
    deadline_passed = due_at < incident_at
    still_open = remediated_at is None or remediated_at >= incident_at
    return notified_before_incident and deadline_passed and still_open and bool(directly_related)


@dataclass(frozen=True, slots=True)
class FindingEvidence:
    """A health-check finding as evidence for the remediation warranty in a claim."""

    notified_at: datetime | None
    due_at: datetime
    remediated_at: datetime | None
    directly_related: bool
    reference: str = ""

    def breached(self, incident_at: datetime) -> bool:
        """:func:`warranty_breached` for this finding and ``incident_at``."""
        return warranty_breached(
            finding_notified_at=self.notified_at,
            due_at=self.due_at,
            remediated_at=self.remediated_at,
            incident_at=incident_at,
            directly_related=self.directly_related,
        )


class ScheduledServiceKind(StrEnum):
    """Scheduled health checks during the policy (DESIGN.md glossary)."""

    FIXED_INSPECTION = "fixed_inspection"
    VULNERABILITY_SCAN = "vulnerability_scan"


@dataclass(frozen=True, slots=True)
class ScheduledService:
    """A scheduled service and the date it falls due (24:00 that day, Asia/Shanghai)."""

    kind: ScheduledServiceKind
    due_on: date
    text: Text


def _months_zh(months: int) -> str:
    return "半年" if months == 6 else f"{months}个月"


def _months_en(months: int) -> str:
    return "1 month" if months == 1 else f"{months} months"


@dataclass(frozen=True, slots=True)
class ServiceScheduleWarranty:
    """First fixed inspection within N months of inception, a basic scan M months after inception.

    "另一次基础漏洞扫描在半年后进行" is read as six months after inception (起保), not after
    the first inspection: the wording counts both services from the start of cover.
    """

    first_inspection_within_months: int = 1
    vulnerability_scan_after_months: int = 6

    def __post_init__(self) -> None:
        for field in ("first_inspection_within_months", "vulnerability_scan_after_months"):
            months = getattr(self, field)
            if isinstance(months, bool) or not isinstance(months, int) or months < 1:
                raise TermsError(
                    "terms.invalid_months",
                    field,
                    Text("月数须为正整数。", "Months must be a positive integer."),
                )

    def text(self) -> Text:
        """The warranty wording with the months filled in (the seed's text for 1 and 6)."""
        within, after = self.first_inspection_within_months, self.vulnerability_scan_after_months
        return Text(
            f"本保单自起保{_months_zh(within)}内，由安全服务商完成保险方案约定的首次固定检测服务，"
            f"另一次基础漏洞扫描在{_months_zh(after)}后进行。",
            f"The security service provider shall complete the first fixed inspection agreed in the"
            f" insurance plan within {_months_en(within)} of inception; a further basic vulnerability scan"
            f" shall be carried out {_months_en(after)} after inception.",
        )

    def schedule(self, period: PolicyPeriod) -> tuple[ScheduledService, ...]:
        """Due dates counted from the first day with :func:`~cyberins.terms.dates.add_months`.

        Per 《民法典》 art. 201-202 the corresponding day of the month is the last day
        (clamped to month end): cover from 10 June 2019 -> inspection by 10 July 2019,
        scan on 10 December 2019. Raises ``terms.service_outside_period`` when a date
        falls after the last day of cover.
        """
        inspection_on = add_months(period.first_day, self.first_inspection_within_months)
        scan_on = add_months(period.first_day, self.vulnerability_scan_after_months)
        if not (period.contains_day(inspection_on) and period.contains_day(scan_on)):
            raise TermsError(
                "terms.service_outside_period",
                "period",
                Text(
                    "约定的服务日期超出保险期间。",
                    "A scheduled service falls outside the period of insurance.",
                ),
            )
        return (
            ScheduledService(
                ScheduledServiceKind.FIXED_INSPECTION,
                inspection_on,
                Text(
                    f"首次固定检测最迟于{format_date_zh(inspection_on)}完成",
                    f"First fixed inspection to be completed no later than {format_date_en(inspection_on)}",
                ),
            ),
            ScheduledService(
                ScheduledServiceKind.VULNERABILITY_SCAN,
                scan_on,
                Text(
                    f"基础漏洞扫描于{format_date_zh(scan_on)}进行",
                    f"Basic vulnerability scan due on {format_date_en(scan_on)}",
                ),
            ),
        )

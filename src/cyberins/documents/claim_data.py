"""What the claim documents print: plain frozen dataclasses, no Django.

The claims app maps a claim onto :class:`SettlementLetter` (赔款通知书) or
:class:`LossAdjustmentReport` (公估报告) and passes the explanation table of
:func:`cyberins.terms.explanation_table` unchanged, so the insured reads on paper exactly
the steps shown on the claim page. Bilingual wording is :class:`~cyberins.terms.Text`;
the renderers pick one language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from cyberins.terms import ExplanationRow, Text, require_aware

from .parties import Insurer

__all__ = [
    "ClaimAmounts",
    "ClaimPayment",
    "InsuredSystem",
    "LossAdjustmentReport",
    "ReviewLevel",
    "SettlementLetter",
    "revision_label",
]


@dataclass(frozen=True)
class ClaimAmounts:
    """索赔金额 / 核损金额 / 建议赔额 (or 赔付金额): the three figures every claim document heads with."""

    claimed: Decimal
    assessed: Decimal
    payable: Decimal

    def __post_init__(self) -> None:
        for name in ("claimed", "assessed", "payable"):
            value = getattr(self, name)
            if not isinstance(value, Decimal) or value < 0 or value != value.quantize(Decimal("0.01")):
                raise ValueError(f"{name} must be a non-negative Decimal fixed to the cent, not {value!r}")


@dataclass(frozen=True)
class ClaimPayment:
    """One payment of the settlement: to the insured, or directly to a provider (直赔)."""

    payee: str
    amount: Decimal
    purpose: Text
    account: str = ""
    """Printed as given; the caller masks account numbers (``**** 1234``)."""


@dataclass(frozen=True)
class SettlementLetter:
    """The settlement letter (赔款通知书) sent to the insured when the amount is agreed."""

    insurer: Insurer
    letter_number: str
    letter_date: date
    claim_number: str
    policy_number: str
    insured_name: str
    product_name: Text
    incident_at: datetime
    incident_summary: Text
    amounts: ClaimAmounts
    explanation: tuple[ExplanationRow, ...]
    payments: tuple[ClaimPayment, ...]
    warranty_penalty_applied: bool = False
    insured_address: str = ""
    payment_within_days: int = 10
    """保险法 Art. 23: payment within 10 days of the agreement (or as the policy agrees)."""
    contact: str = ""

    def __post_init__(self) -> None:
        require_aware(self.incident_at, "incident_at")
        paid = sum((payment.amount for payment in self.payments), Decimal("0.00"))
        if paid != self.amounts.payable:
            raise ValueError(f"the payments ({paid}) do not add up to the payable ({self.amounts.payable})")
        closing = [row.after for row in self.explanation if row.is_total]
        if self.explanation and sum(closing, Decimal("0.00")) != self.amounts.payable:
            raise ValueError("the explanation table does not add up to the payable")


@dataclass(frozen=True)
class InsuredSystem:
    """An insured information system named in the report (名称, 用途, 等保级别 ...)."""

    name: str
    description: Text
    protection_level: str = ""
    """网络安全等级保护 level, e.g. ``第二级``; empty when not graded."""


@dataclass(frozen=True)
class ReviewLevel:
    """One level of review of the report (编制 / 审核 / 复核 / 签发) and who signed it when."""

    role: Text
    name: str
    signed_on: date | None = None
    opinion: Text | None = None


def revision_label(revision: int) -> str:
    """``""`` for the original report, ``"R1"``, ``"R2"`` ... for corrected versions."""
    if revision < 0:
        raise ValueError("revision must be 0 (original) or a positive correction number")
    return f"R{revision}" if revision else ""


@dataclass(frozen=True)
class LossAdjustmentReport:
    """The loss-adjustment report (公估报告) in the usual structure of a Chinese adjuster's report.

    一、概述 (overview with 索赔金额 / 核损金额 / 建议赔额), 二、委托与查勘范围 (scope), 三、被保险人及
    保险标的 (the insured and its systems), 四、事故经过、原因及责任认定 (cause and liability),
    五、损失核定及理算 (the calculation), 六、结论, then the review levels. ``revision`` 0 is the
    original; a corrected version is numbered R1, R2 ... and states what it corrects.
    """

    adjuster: str
    report_number: str
    report_date: date
    insurer: Insurer
    claim_number: str
    policy_number: str
    insured_name: str
    insured_address: str
    insured_business: Text
    product_name: Text
    policy_period: Text
    sum_insured: Decimal
    incident_at: datetime
    reported_at: datetime
    amounts: ClaimAmounts
    scope: Text
    systems: tuple[InsuredSystem, ...]
    course_of_events: Text
    cause: Text
    liability: Text
    explanation: tuple[ExplanationRow, ...]
    conclusion: Text
    reviews: tuple[ReviewLevel, ...]
    documents_reviewed: tuple[Text, ...] = ()
    warranty_penalty_applied: bool = False
    warranty_reasoning: Text | None = None
    revision: int = 0
    revision_note: Text | None = None

    def __post_init__(self) -> None:
        require_aware(self.incident_at, "incident_at")
        require_aware(self.reported_at, "reported_at")
        revision_label(self.revision)
        if self.revision and self.revision_note is None:
            raise ValueError("a corrected version (R1, R2 ...) must say what it corrects (revision_note)")

    @property
    def numbered(self) -> str:
        """The report number with its revision: ``GG-2019-0042-R1``."""
        label = revision_label(self.revision)
        return f"{self.report_number}-{label}" if label else self.report_number

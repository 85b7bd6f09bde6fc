"""The data printed on a policy schedule: plain frozen dataclasses, Decimal amounts, dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .parties import Insurer


@dataclass(frozen=True)
class ScheduleItem:
    """One line of the interest table: 项目 / 保险方案 / 币种 / 保险金额 / 费率 / 保险费."""

    item: str
    plan: str
    sum_insured: Decimal
    premium: Decimal
    rate: Decimal | None = None
    """Premium / sum insured; None prints ``-`` (the COSCO sample's 'as arranged')."""
    currency: str = "CNY"


@dataclass(frozen=True)
class CoverageLine:
    """A coverage (保险责任) with its sub-limit, deductible and waiting period."""

    code: str
    name_zh: str
    name_en: str
    sub_limit: Decimal
    deductible: Decimal
    waiting_period_hours: Decimal | None = None
    deductible_basis_zh: str = "每次事故"
    deductible_basis_en: str = "each and every loss"


@dataclass(frozen=True)
class Instalment:
    """One payment of the payment plan (缴费计划)."""

    number: int
    due_date: date
    amount: Decimal


@dataclass(frozen=True)
class Warranty:
    """A special agreement (特别约定), numbered as printed."""

    number: int
    text_zh: str
    text_en: str = ""


@dataclass(frozen=True)
class IncludedService:
    """A security service bundled with the policy, e.g. 固定检测 (fixed inspection)."""

    name_zh: str
    name_en: str
    detail_zh: str = ""
    detail_en: str = ""


@dataclass(frozen=True)
class ServiceAppointment:
    """A scheduled delivery of an included service; the status labels come translated."""

    service_zh: str
    service_en: str
    due_date: date
    status_zh: str
    status_en: str


@dataclass(frozen=True)
class PolicySchedule:
    """Everything printed on a policy schedule; amounts are Decimal, fixed to the cent by the caller."""

    insurer: Insurer
    policy_number: str
    preamble_zh: str
    preamble_en: str
    insured_name: str
    insured_address: str
    nature_of_business: str
    system_name: str
    system_type: str | None
    operation_number: int
    equipment_number: int
    items: tuple[ScheduleItem, ...]
    total_sum_insured: Decimal
    total_sum_insured_uppercase: str
    """``人民币壹拾玖万元整``, computed by the caller (cyberins.terms.chinese_uppercase)."""
    total_premium: Decimal
    period_start: date
    period_end: date
    period_wording_zh: str
    period_wording_en: str
    product_name_zh: str
    product_name_en: str
    issue_date: date
    currency: str = "CNY"
    title_zh: str = "网络安全应急响应服务险保险单（正本）"
    title_en: str = "CYBER RISKS EMERGENCY RESPONSE INSURANCE (ORIGINAL)"
    rate_wording: str = "As arranged"
    payment_terms_zh: str = ""
    payment_terms_en: str = ""
    instalments: tuple[Instalment, ...] = ()
    coverages: tuple[CoverageLine, ...] = ()
    warranties: tuple[Warranty, ...] = ()
    included_services: tuple[IncludedService, ...] = ()
    service_schedule: tuple[ServiceAppointment, ...] = ()
    issue_place: str = ""

    def __post_init__(self) -> None:
        if self.period_end < self.period_start:
            raise ValueError(f"period ends ({self.period_end}) before it starts ({self.period_start})")
        if self.items and sum(item.sum_insured for item in self.items) != self.total_sum_insured:
            raise ValueError("total_sum_insured differs from the sum of the items' sums insured")
        if self.items and sum(item.premium for item in self.items) != self.total_premium:
            raise ValueError("total_premium differs from the sum of the items' premiums")

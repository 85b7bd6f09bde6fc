from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema


class BindIn(Schema):
    plan: str
    first_day: date
    instalments: int = 1


class PaymentIn(Schema):
    reference: str


class SumInsuredIn(Schema):
    sum_insured: Decimal
    effective_on: date


class SystemsIn(Schema):
    systems: list[dict[str, Any]]
    effective_on: date


class CancelIn(Schema):
    effective_on: date
    reason: str


class InstalmentOut(Schema):
    sequence: int
    amount: Decimal
    due_on: date
    paid_at: datetime | None
    payment_reference: str


class CoverageOut(Schema):
    coverage: str
    sub_limit: Decimal
    deductible: Decimal
    waiting_period_hours: int


class WarrantyOut(Schema):
    kind: str
    text_zh: str
    text_en: str


class ServiceOrderOut(Schema):
    id: int
    service: str
    due_on: date | None
    status: str
    price: Decimal

    @staticmethod
    def resolve_service(obj: Any) -> str:
        return str(obj.service.code)


class EndorsementOut(Schema):
    sequence: int
    kind: str
    effective_on: date
    premium_change: Decimal
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str


class PolicyOut(Schema):
    id: int
    number: str
    status: str
    insured: str
    insurer: str
    product: str
    product_version: int
    plan: str
    first_day: date
    last_day: date
    period_zh: str
    period_en: str
    sum_insured: Decimal
    premium: Decimal
    rate: Decimal
    paid: bool
    premium_breakdown: dict[str, Any]
    systems: list[dict[str, Any]]
    instalments: list[InstalmentOut]
    coverages: list[CoverageOut]
    warranties: list[WarrantyOut]
    service_orders: list[ServiceOrderOut]
    endorsements: list[EndorsementOut]

    @staticmethod
    def resolve_insured(obj: Any) -> str:
        return str(obj.insured.name)

    @staticmethod
    def resolve_insurer(obj: Any) -> str:
        return str(obj.insurer.name)

    @staticmethod
    def resolve_product(obj: Any) -> str:
        return str(obj.product_version.product.name)

    @staticmethod
    def resolve_product_version(obj: Any) -> int:
        return int(obj.product_version.number)

    @staticmethod
    def resolve_plan(obj: Any) -> str:
        return str(obj.plan.code)

    @staticmethod
    def resolve_period_zh(obj: Any) -> str:
        return str(obj.period.wording_zh())

    @staticmethod
    def resolve_period_en(obj: Any) -> str:
        return str(obj.period.wording_en())

    @staticmethod
    def resolve_instalments(obj: Any) -> list[Any]:
        return list(obj.instalments.all())

    @staticmethod
    def resolve_coverages(obj: Any) -> list[Any]:
        return list(obj.coverages.all())

    @staticmethod
    def resolve_warranties(obj: Any) -> list[Any]:
        return list(obj.warranties.all())

    @staticmethod
    def resolve_service_orders(obj: Any) -> list[Any]:
        return list(obj.service_orders.select_related("service"))

    @staticmethod
    def resolve_endorsements(obj: Any) -> list[Any]:
        return list(obj.endorsements.all())

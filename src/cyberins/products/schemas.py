from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Schema


class CoverageOut(Schema):
    coverage: str
    sub_limit: Decimal
    deductible: Decimal
    waiting_period_hours: int


class PlanServiceOut(Schema):
    service: str
    name: str
    rule: str
    months: int
    quantity: int
    unit_price: Decimal

    @staticmethod
    def resolve_service(obj: Any) -> str:
        return obj.service.code

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.service.name

    @staticmethod
    def resolve_unit_price(obj: Any) -> Decimal:
        return obj.service.unit_price


class PlanOut(Schema):
    id: int
    code: str
    name: str
    sum_insured: Decimal
    minimum_premium: Decimal
    coverages: list[CoverageOut]
    services: list[PlanServiceOut]

    @staticmethod
    def resolve_coverages(obj: Any) -> list[object]:
        return list(obj.coverages.all())

    @staticmethod
    def resolve_services(obj: Any) -> list[object]:
        return list(obj.services.select_related("service"))


class WarrantyOut(Schema):
    kind: str
    text_zh: str
    text_en: str


class VersionOut(Schema):
    id: int
    product_code: str
    product_name: str
    product_name_en: str
    insurer: str
    number: int
    status: str
    published_at: datetime | None
    quote_validity_days: int
    plans: list[PlanOut]
    warranties: list[WarrantyOut]

    @staticmethod
    def resolve_product_code(obj: Any) -> str:
        return obj.product.code

    @staticmethod
    def resolve_product_name(obj: Any) -> str:
        return obj.product.name

    @staticmethod
    def resolve_product_name_en(obj: Any) -> str:
        return obj.product.name_en

    @staticmethod
    def resolve_insurer(obj: Any) -> str:
        return obj.product.insurer.name

    @staticmethod
    def resolve_plans(obj: Any) -> list[object]:
        return list(obj.plans.all())

    @staticmethod
    def resolve_warranties(obj: Any) -> list[object]:
        return list(obj.warranties.all())


class QuestionnaireOut(Schema):
    version_id: int
    questions: list[dict[str, object]]


class TransitionIn(Schema):
    action: str

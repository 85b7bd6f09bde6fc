from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from cyberins.accounts.schema_types import TextLimit


class CoverageOut(Schema):
    coverage: str
    sub_limit: Decimal
    deductible: Decimal
    waiting_period_hours: int


class PlanServiceOut(Schema):
    service: str = Field(alias="service.code")
    name: str = Field(alias="service.name")
    rule: str
    months: int
    quantity: int
    unit_price: Decimal = Field(alias="service.unit_price")


class PlanOut(Schema):
    id: int
    code: str
    name: str
    sum_insured: Decimal
    minimum_premium: Decimal
    coverages: list[CoverageOut]
    services: list[PlanServiceOut]

    @staticmethod
    def resolve_services(obj: Any) -> list[object]:
        return list(obj.services.select_related("service"))


class WarrantyOut(Schema):
    kind: str
    text_zh: str
    text_en: str


class VersionOut(Schema):
    id: int
    product_code: str = Field(alias="product.code")
    product_name: str = Field(alias="product.official_name")
    product_name_en: str | None = Field(alias="product.name_en")
    insurer: str = Field(alias="product.insurer.name")
    number: int
    status: str
    published_at: datetime | None
    quote_validity_days: int
    claim_decision_days: int
    plans: list[PlanOut]
    warranties: list[WarrantyOut]


class QuestionnaireOut(Schema):
    version_id: int
    questions: list[dict[str, object]]


class TransitionIn(Schema):
    action: Annotated[str, TextLimit(40)]

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from cyberins.accounts.requests import actor
from cyberins.accounts.schema_types import Amount, Flag, Id, model_text
from cyberins.underwriting.models import Application
from cyberins.underwriting.queries import option_for


class ApplicationIn(Schema):
    product_version: Id
    answers: dict[str, Any] = Field(default_factory=dict)
    submit: Flag = False


class AnswersIn(Schema):
    answers: dict[str, Any] = Field(default_factory=dict)


class DecisionIn(Schema):
    approve: Flag
    adjustment: Amount = Decimal(1)
    note: Annotated[str, model_text(Application, "underwriter_note")] = ""


class QuoteOut(Schema):
    id: int
    application_id: int
    status: str
    valid_until: date
    options: list[dict[str, Any]]
    assumption_set: dict[str, Any]
    accepted_plan: str
    created_at: datetime

    @staticmethod
    def resolve_options(obj: Any, context: Any) -> list[dict[str, Any]]:
        """Insurer roles see each option's whole breakdown; the insured sees the insurance price, the
        service price and VAT (the loads and the expected loss are omitted; see the README)."""
        user = actor(context["request"])
        return [option_for(user, option) for option in obj.options]


class ApplicationOut(Schema):
    id: int
    applicant: str = Field(alias="applicant.name")
    insurer: str = Field(alias="insurer.name")
    product_version: int = Field(alias="product_version_id")
    product: str = Field(alias="product_version.product.name")
    status: str
    answers: dict[str, Any]
    health_grade: str
    reasons: list[dict[str, Any]]
    adjustment: Decimal
    underwriter_note: str
    previous_policy_number: str
    submitted_at: datetime | None
    decided_at: datetime | None
    quote: QuoteOut | None

    @staticmethod
    def resolve_quote(obj: Any) -> Any:
        return getattr(obj, "current_quote", None) or obj.quotes.order_by("-created_at").first()

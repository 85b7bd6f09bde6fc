from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from cyberins.accounts.schema_types import Amount, Flag, Int64, IsoDate, TextLimit, model_text
from cyberins.policies.models import Endorsement, Instalment, Payment, VendorProposal
from cyberins.underwriting.models import Quote


class BindIn(Schema):
    plan: Annotated[str, model_text(Quote, "accepted_plan")]
    first_day: IsoDate
    instalments: Int64 = 1


class PaymentIn(Schema):
    reference: Annotated[str, model_text(Instalment, "payment_reference")]


class SumInsuredIn(Schema):
    sum_insured: Amount
    effective_on: IsoDate


class SystemsIn(Schema):
    systems: list[dict[str, Any]] = Field(max_length=1000)
    effective_on: IsoDate


class CancelIn(Schema):
    effective_on: IsoDate
    reason: Annotated[str, model_text(Endorsement, "reason")]


class InstalmentOut(Schema):
    sequence: int
    amount: Decimal
    due_on: date
    paid_at: datetime | None
    payment_reference: str


class PolicyCoverageOut(Schema):
    coverage: str
    sub_limit: Decimal
    deductible: Decimal
    waiting_period_hours: int


class PolicyWarrantyOut(Schema):
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
    insured: str = Field(alias="insured_name")
    insured_address: str
    insurer: str = Field(alias="insurer.name")
    product: str = Field(alias="product_version.product.name")
    product_version: int = Field(alias="product_version.number")
    plan: str = Field(alias="plan.code")
    first_day: date
    last_day: date
    period_zh: str
    period_en: str
    sum_insured: Decimal
    premium: Decimal
    rate: Decimal
    paid: bool
    #: in_force, paid_not_started, partly_paid, awaiting_payment, overdue, lapsed — or the ended status
    state: str
    premium_breakdown: dict[str, Any]
    systems: list[dict[str, Any]]
    instalments: list[InstalmentOut]
    coverages: list[PolicyCoverageOut]
    warranties: list[PolicyWarrantyOut]
    service_orders: list[ServiceOrderOut]
    endorsements: list[EndorsementOut]

    @staticmethod
    def resolve_state(obj: Any) -> str:
        from django.utils import timezone

        from cyberins.policies.payments import policy_state

        return policy_state(obj, timezone.now())[0]

    @staticmethod
    def resolve_period_zh(obj: Any) -> str:
        return str(obj.period.wording_zh())

    @staticmethod
    def resolve_period_en(obj: Any) -> str:
        return str(obj.period.wording_en())

    @staticmethod
    def resolve_service_orders(obj: Any) -> list[Any]:
        return list(obj.service_orders.select_related("service"))


class VendorProposalIn(Schema):
    vendor_name: Annotated[str, model_text(VendorProposal, "vendor_name")]
    #: checked by the service (GB 32100-2015) so a wrong code is a field error, not a schema error
    credit_code: Annotated[str, TextLimit(64)]


class VendorDecisionIn(Schema):
    approve: Flag
    reason: Annotated[str, model_text(VendorProposal, "reason")] = ""


class VendorProposalOut(Schema):
    id: int
    service_order: int = Field(alias="service_order_id")
    vendor_name: str
    credit_code: str
    status: str
    proposed_at: datetime
    decided_at: datetime | None
    reason: str
    #: the order may be paid to this vendor (only once the insurer approved it)
    payable: bool


class PaymentDeclarationIn(Schema):
    amount: Amount
    reference: Annotated[str, model_text(Payment, "reference")]
    paid_on: IsoDate


class PaymentDecisionIn(Schema):
    confirm: Flag
    reason: Annotated[str, model_text(Payment, "reason")] = ""


class PaymentOut(Schema):
    id: int
    policy: str = Field(alias="instalment.policy.number")
    instalment: int = Field(alias="instalment.sequence")
    amount: Decimal
    reference: str
    paid_on: date
    status: str
    declared_at: datetime
    decided_at: datetime | None
    reason: str

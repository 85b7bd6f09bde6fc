"""API shapes of the claims app."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from cyberins.accounts.schema_types import Amount, Flag, Id, Text, TextLimit

Code = Annotated[str, TextLimit(40)]


class OpenIn(Schema):
    incident: Id
    description: Text = ""


class LineIn(Schema):
    coverage: Annotated[str, TextLimit(32)]
    claimed: Amount | None = None
    description: Text = ""
    hourly_income: Amount | None = None
    documents: list[Code] = Field(default_factory=list, max_length=50)


class LineAssessmentIn(Schema):
    assessed: Amount
    reductions: list[Code] = Field(default_factory=list, max_length=50)


class DocumentRequestIn(Schema):
    extra: list[Code] = Field(default_factory=list, max_length=50)
    note: Text = ""


class ClaimAuthorisationIn(Schema):
    authorised: Flag


class AssessIn(Schema):
    related_findings: list[Id] = Field(default_factory=list, max_length=50)


class NoteIn(Schema):
    note: Text = ""


class ReasonIn(Schema):
    reason: Text = ""


class DenyIn(Schema):
    reasons: Text
    notify: Flag = True


class ReserveIn(Schema):
    coverage: Annotated[str, TextLimit(32)]
    reserve: Amount
    note: Text


class ClaimPaymentIn(Schema):
    amount: Amount
    payee: Annotated[str, TextLimit(10)] = "insured"
    reference: Annotated[str, TextLimit(60)] = ""


class RecoveryIn(Schema):
    kind: Annotated[str, TextLimit(12)]
    amount: Amount
    source: Annotated[str, TextLimit(200)] = ""


class LineOut(Schema):
    id: int
    coverage: str
    description: str
    claimed: Decimal
    assessed: Decimal | None
    reductions: list[str]
    documents: list[str]
    outage_hours: Decimal | None
    hourly_income: Decimal | None
    source: str
    payable: Decimal | None


class DocumentOut(Schema):
    code: str
    label: str
    coverage: str
    status: str
    notice: int
    received_at: datetime | None


class NoticeOut(Schema):
    sequence: int
    sent_at: datetime
    returned: bool
    note: str
    codes: list[str]


class ReserveOut(Schema):
    coverage: str
    change: Decimal
    reserve_after: Decimal
    reason: str
    note: str
    at: datetime


class ApprovalOut(Schema):
    approver: str
    amount: Decimal
    authority_limit: Decimal
    at: datetime
    note: str


class ClaimPaymentOut(Schema):
    id: int
    claim: str
    payee: str
    paid_to: str
    amount: Decimal
    status: str
    paid_at: datetime
    reference: str
    reversed_at: datetime | None
    reversal_reason: str


class RecoveryOut(Schema):
    kind: str
    amount: Decimal
    source: str
    received_at: datetime


class ClaimClockOut(Schema):
    name: str
    due_at: datetime
    state: str
    done_at: datetime | None


class ClaimOut(Schema):
    id: int
    number: str
    policy: str
    incident: int
    incident_number: str
    incident_at: datetime
    status: str
    insured: str
    insurer: str
    provider: str | None
    opened_at: datetime
    direct_payment_authorised: bool
    penalty_applied: bool
    claimed: Decimal
    assessed: Decimal
    payable: Decimal
    reserve: Decimal
    paid: Decimal
    outstanding: Decimal
    recovered: Decimal
    net_incurred: Decimal
    denial_reasons: str
    denial_notice_at: datetime | None
    breaches: list[str]
    clocks: list[ClaimClockOut]


class ClaimDetailOut(ClaimOut):
    lines: list[LineOut]
    documents: list[DocumentOut]
    notices: list[NoticeOut]
    explanation: dict[str, Any]
    reserves: list[ReserveOut]
    approvals: list[ApprovalOut]
    payments: list[ClaimPaymentOut]
    recoveries: list[RecoveryOut]

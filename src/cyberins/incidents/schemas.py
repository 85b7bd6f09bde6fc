"""API shapes of the incidents app."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Schema


class ReportIn(Schema):
    policy: int
    summary: str
    affected_system: str
    occurred_at: datetime
    discovered_at: datetime
    location: str = "mainland"
    suspicious_only: bool = False
    incident_class: str = "OTH"
    sub_class: str = ""
    operator_kind: str = "other"
    personal_information_people: int = 0
    direct_loss: Decimal = Decimal(0)
    critical_outage_hours: Decimal = Decimal(0)


class CallIn(Schema):
    policy: int
    caller: str
    callback_number: str
    called_at: datetime
    summary: str = ""
    affected_system: str = ""
    occurred_at: datetime | None = None
    discovered_at: datetime | None = None
    incident: int | None = None


class StageIn(Schema):
    stage: str
    note: str = ""


class OutageIn(Schema):
    system: str
    started_at: datetime
    ended_at: datetime | None = None


class EntryIn(Schema):
    at: datetime
    text: str


class ImpactIn(Schema):
    personal_information_people: int = 0
    direct_loss: Decimal = Decimal(0)
    critical_outage_hours: Decimal = Decimal(0)


class ClockOut(Schema):
    name: str
    started_at: datetime
    due_at: datetime
    met_at: datetime | None
    state: str


class EntryOut(Schema):
    at: datetime
    kind: str
    text: str


class OutageOut(Schema):
    system: str
    started_at: datetime
    ended_at: datetime | None


class CallOut(Schema):
    id: int
    incident: int
    incident_number: str
    caller: str
    callback_number: str
    called_at: datetime
    transferred_to: str | None
    transfer_number: str
    transferred_at: datetime | None


class IncidentOut(Schema):
    id: int
    number: str
    policy: str
    insured: str
    insurer: str
    channel: str
    reported_at: datetime
    discovered_at: datetime
    occurred_at: datetime
    summary: str
    affected_system: str
    suspicious_only: bool
    covered: bool
    coverage_reasons: list[str]
    incident_class: str
    sub_class: str
    grade: str
    stage: str
    not_security_incident: bool
    related_to: str | None
    provider: str | None
    escalated: bool
    breaches: list[str]
    clocks: list[ClockOut]


class IncidentDetailOut(IncidentOut):
    timeline: list[EntryOut]
    outages: list[OutageOut]
    calls: list[CallOut]

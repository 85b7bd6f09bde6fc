"""API shapes of the incidents app."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema

from cyberins.accounts.schema_types import Amount, Flag, Id, Int64, IsoDateTime, Text, TextLimit, model_text
from cyberins.incidents.models import HotlineCall, Incident, Outage


class ReportIn(Schema):
    policy: Id
    summary: Annotated[str, model_text(Incident, "summary")]
    affected_system: Annotated[str, model_text(Incident, "affected_system")]
    occurred_at: IsoDateTime
    discovered_at: IsoDateTime
    location: Annotated[str, model_text(Incident, "location")] = "mainland"
    suspicious_only: Flag = False
    incident_class: Annotated[str, model_text(Incident, "incident_class")] = "OTH"
    sub_class: Annotated[str, model_text(Incident, "sub_class")] = ""
    operator_kind: Annotated[str, model_text(Incident, "operator_kind")] = "other"
    personal_information_people: Int64 = 0
    direct_loss: Amount = Decimal(0)
    critical_outage_hours: Amount = Decimal(0)


class CallIn(Schema):
    policy: Id
    caller: Annotated[str, model_text(HotlineCall, "caller")]
    callback_number: Annotated[str, model_text(HotlineCall, "callback_number")]
    called_at: IsoDateTime
    summary: Annotated[str, model_text(HotlineCall, "summary")] = ""
    affected_system: Annotated[str, model_text(Incident, "affected_system")] = ""
    occurred_at: IsoDateTime | None = None
    discovered_at: IsoDateTime | None = None
    incident: Id | None = None


class StageIn(Schema):
    stage: Annotated[str, model_text(Incident, "stage")]
    note: Text = ""


class OutageIn(Schema):
    system: Annotated[str, model_text(Outage, "system")]
    started_at: IsoDateTime
    ended_at: IsoDateTime | None = None


class EntryIn(Schema):
    at: IsoDateTime
    text: Text


class RegulatoryReportIn(Schema):
    kind: Annotated[str, TextLimit(20)]
    at: IsoDateTime


class ImpactIn(Schema):
    personal_information_people: Int64 = 0
    direct_loss: Amount = Decimal(0)
    critical_outage_hours: Amount = Decimal(0)


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
    author: str = ""

    @staticmethod
    def resolve_author(obj: Any) -> str:
        user = getattr(obj, "actor", None)
        if user is None:
            return ""
        org = user.organisation
        return f"{user.get_full_name() or user.username} ({org.name})" if org else user.username


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


class EradicationOut(Schema):
    root_cause: str
    attack_technique: str
    attack_technique_name: str
    exploited_cve: str
    #: the insured's health-check finding of the exploited vulnerability (the claims penalty reads it)
    related_finding: int | None
    affected_records: int | None


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
    eradication: EradicationOut


class IncidentDetailOut(IncidentOut):
    timeline: list[EntryOut]
    outages: list[OutageOut]
    calls: list[CallOut]

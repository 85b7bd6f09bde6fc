"""API shapes of the case's work: tasks, eradication, evidence and custody, response report, follow-ups."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Schema

from cyberins.accounts.schema_types import Flag, Id, Int64, IsoDateTime, Text, TextLimit, model_text
from cyberins.incidents.models import Evidence, Incident, Task


class TaskIn(Schema):
    title: Annotated[str, model_text(Task, "title")]
    owner: Id
    due_at: IsoDateTime
    stage: Annotated[str, TextLimit(12)] = ""


class TaskDoneIn(Schema):
    cancel: Flag = False


class TaskOut(Schema):
    id: int
    title: str
    stage: str
    owner: str
    owner_id: int
    due_at: datetime
    status: str
    done_at: datetime | None
    overdue: bool


class EradicationIn(Schema):
    root_cause: Text
    attack_technique: Annotated[str, TextLimit(20)]
    attack_technique_name: Annotated[str, model_text(Incident, "attack_technique_name")] = ""
    exploited_cve: Annotated[str, TextLimit(40)] = ""
    finding: Id | None = None
    affected_records: Int64 | None = None


class MessageIn(Schema):
    text: Text


class TransferIn(Schema):
    to_party: Annotated[str, model_text(Evidence, "holder")]
    purpose: Text


class RetireIn(Schema):
    reason: Text


class CustodyOut(Schema):
    seq: int
    action: str
    by: str
    from_party: str
    to_party: str
    at: datetime
    purpose: str
    entry_hash: str


class EvidenceOut(Schema):
    id: int
    name: str
    description: str
    content_type: str
    size: int
    sha256: str
    received_from: str
    received_at: datetime
    holder: str
    retired_at: datetime | None
    retired_reason: str


class EvidenceDetailOut(EvidenceOut):
    custody: list[CustodyOut]
    custody_intact: bool
    broken_entries: list[int]
    file_intact: bool


class ResponseReportOut(Schema):
    provider: str
    pdf_sha256: str
    cause: str
    measures: str
    harm: str
    remediation: str
    lessons: str
    submitted_at: datetime


class FollowUpIn(Schema):
    service: Annotated[str, TextLimit(40)]


class FollowUpOut(Schema):
    id: int
    service: str
    engagement: int
    engagement_status: str
    ordered_at: datetime

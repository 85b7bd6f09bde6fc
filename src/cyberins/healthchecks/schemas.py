from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.utils import timezone
from ninja import Field, Schema

from cyberins.accounts.schema_types import Id, IsoDateTime, Port, model_text
from cyberins.healthchecks.models import (
    Asset,
    HealthCheck,
    RemediationEvent,
    RemediationItem,
    ScanAuthorisation,
)


class AssetIn(Schema):
    name: Annotated[str, model_text(Asset, "name")]
    address: Annotated[str, model_text(Asset, "address")]
    ports: list[Port] = Field(default_factory=list, max_length=100)
    #: the platform administrator declares for an organisation; others for their own
    organisation_id: Id | None = None


class AssetPatch(Schema):
    name: Annotated[str, model_text(Asset, "name")]


class AssetOut(Schema):
    id: int
    organisation_id: int
    name: str
    kind: str
    address: str
    host: str
    ports: list[int]
    declared_at: datetime
    retired_at: datetime | None


class AuthorisationIn(Schema):
    asset_ids: list[Id] = Field(max_length=1000)
    authorised_by: Annotated[str, model_text(ScanAuthorisation, "authorised_by")]
    authorised_at: IsoDateTime | None = None
    valid_until: IsoDateTime | None = None
    statement: Annotated[str, model_text(ScanAuthorisation, "statement")] = ""
    organisation_id: Id | None = None


class AuthorisationOut(Schema):
    id: int
    reference: str
    organisation_id: int
    asset_ids: list[int]
    authorised_by: str
    authorised_at: datetime
    valid_until: datetime | None
    statement: str
    recorded_at: datetime
    revoked_at: datetime | None

    @staticmethod
    def resolve_asset_ids(obj: ScanAuthorisation) -> list[int]:
        return sorted(a.pk for a in obj.assets.all())


class HealthCheckIn(Schema):
    kind: Annotated[str, model_text(HealthCheck, "kind")]
    #: default: every asset declared and authorised now
    asset_ids: list[Id] | None = Field(default=None, max_length=1000)
    service_order_ref: Annotated[str, model_text(HealthCheck, "service_order_ref")] = ""
    organisation_id: Id | None = None


class HealthCheckAccepted(Schema):
    id: int
    number: str
    status: str


class ProgressOut(Schema):
    done: int
    total: int
    percent: int


class HealthCheckOut(Schema):
    id: int
    number: str
    organisation_id: int
    kind: str
    status: str
    #: a fix verification: the finding it rescans, and fixed / still_present / inconclusive once done
    verifies_id: int | None
    verification_outcome: str
    progress: ProgressOut
    asset_ids: list[int]
    service_order_ref: str
    requested_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    score: int | None
    grade: str
    premium_modifier: str | None
    premium_uncalibrated: bool
    triggers: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    #: {as_of: {source: date}, stale: [source]} — the vulnerability data the scan matched against
    vulnerability_data: dict[str, Any]
    error: str

    @staticmethod
    def resolve_progress(obj: HealthCheck) -> dict[str, int]:
        return {"done": obj.progress_done, "total": obj.progress_total, "percent": obj.progress_percent}

    @staticmethod
    def resolve_asset_ids(obj: HealthCheck) -> list[int]:
        return sorted(a.pk for a in obj.assets.all())

    @staticmethod
    def resolve_premium_modifier(obj: HealthCheck) -> str | None:
        return None if obj.premium_modifier is None else str(obj.premium_modifier)

    @staticmethod
    def resolve_targets(obj: HealthCheck) -> list[dict[str, Any]]:
        return list(obj.target_results)

    @staticmethod
    def resolve_error(obj: HealthCheck) -> str:
        return obj.error_message


class FindingOut(Schema):
    id: int
    health_check_id: int
    asset_id: int | None
    target: str
    check_id: str
    title_zh: str
    title_en: str
    advice_zh: str
    advice_en: str
    severity: str
    confidence: str
    cwe: str
    evidence: str
    cves: list[str]
    cvss: float | None
    kev: bool
    ransomware: bool
    due_at: datetime | None
    tags: list[str]


class NotifyIn(Schema):
    #: default: every finding of the check with a remediation deadline
    finding_ids: list[Id] | None = Field(default=None, max_length=10_000)


class FixedIn(Schema):
    fixed_at: IsoDateTime | None = None
    note: Annotated[str, model_text(RemediationEvent, "note")] = ""


class EventOut(Schema):
    at: datetime
    action: str
    from_status: str
    to_status: str
    health_check_id: int | None
    note: str


class ItemOut(Schema):
    id: int
    organisation_id: int
    finding_id: int
    health_check_id: int
    check_id: str
    target: str
    title_zh: str
    title_en: str
    severity: str
    status: str
    overdue: bool
    notified_at: datetime
    due_at: datetime
    fixed_at: datetime | None
    closed_at: datetime | None
    remediated_at: datetime | None

    @staticmethod
    def resolve_health_check_id(obj: RemediationItem) -> int:
        return obj.finding.health_check_id

    @staticmethod
    def resolve_check_id(obj: RemediationItem) -> str:
        return obj.finding.check_id

    @staticmethod
    def resolve_target(obj: RemediationItem) -> str:
        return obj.finding.target

    @staticmethod
    def resolve_title_zh(obj: RemediationItem) -> str:
        return obj.finding.title_zh

    @staticmethod
    def resolve_title_en(obj: RemediationItem) -> str:
        return obj.finding.title_en

    @staticmethod
    def resolve_severity(obj: RemediationItem) -> str:
        return obj.finding.severity

    @staticmethod
    def resolve_overdue(obj: RemediationItem) -> bool:
        return obj.is_overdue(timezone.now())


class ItemDetailOut(ItemOut):
    events: list[EventOut]

    @staticmethod
    def resolve_events(obj: RemediationItem) -> list[Any]:
        return list(obj.events.all())


class ScorePointOut(Schema):
    at: datetime
    score: int
    grade: str
    health_check: str


class FindingSpanOut(Schema):
    #: ``host|port|check``: the same problem on the same service across checks
    key: str
    first_seen: datetime
    fixed_at: datetime | None
    #: the check (number) that no longer found it, or the fix verification that found it gone
    fixed_by: str
    days_to_fix: float | None


class CadenceOut(Schema):
    #: median days from first sighting to fix over the fixed findings; null until one is fixed
    median_days: float | None
    fixed: int
    still_open: int
    findings: list[FindingSpanOut]


class TrendsOut(Schema):
    organisation_id: int
    history: list[ScorePointOut]
    cadence: CadenceOut

"""API shapes of the provider network."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema


class RegionOut(Schema):
    province: str
    city: str


class CertificationOut(Schema):
    id: int
    issuer: str
    name: str
    level: str
    scope: str
    covers: list[str]
    valid_from: date
    valid_until: date | None


class ProviderOut(Schema):
    id: int
    organisation: int = Field(alias="organisation_id")
    legal_name: str
    credit_code: str
    hotline: str
    capacity: int
    remote: bool
    services: list[str]
    regions: list[RegionOut]
    certifications: list[CertificationOut]

    @staticmethod
    def resolve_services(obj: Any) -> list[str]:
        return [s.code for s in obj.services.all()]

    @staticmethod
    def resolve_regions(obj: Any) -> list[Any]:
        return list(obj.regions.all())

    @staticmethod
    def resolve_certifications(obj: Any) -> list[Any]:
        return list(obj.certifications.all())


class ProviderIn(Schema):
    organisation: int
    legal_name: str
    credit_code: str
    hotline: str
    capacity: int
    remote: bool = False
    services: list[str] = Field(default_factory=list)
    regions: list[RegionOut] = Field(default_factory=list)


class CertificationIn(Schema):
    issuer: str
    name: str
    level: str = ""
    scope: str = ""
    number: str = ""
    covers: list[str] = Field(default_factory=list)
    valid_from: date
    valid_until: date | None = None


class PerformanceOut(Schema):
    offers: int
    accepted: int
    declined: int
    expired: int
    acceptance_rate: float | None
    minutes_to_accept: float | None
    hours_to_start: float | None
    completed: int
    on_time: int
    on_time_rate: float | None
    late: int
    overdue: int
    sla_breaches: int
    ratings: int
    satisfaction: Decimal | None


class PriceOut(Schema):
    id: int
    service: str = Field(alias="item.code")
    unit: str = Field(alias="item.unit")
    provider: int | None = Field(None, alias="provider_id")
    unit_price: Decimal
    valid_from: date
    valid_until: date | None


class PriceIn(Schema):
    service: str
    unit_price: str
    valid_from: date
    own: bool = Field(False, description="true: the manager's provider's own rate; false: the standard price")


class ReasonOut(Schema):
    code: str
    ok: bool
    detail: str


class AssessmentOut(Schema):
    provider: int
    name: str
    eligible: bool
    rank: int | None
    proximity: str
    sla: float
    load_share: float
    price: Decimal | None
    reasons: list[ReasonOut]


class GapOut(Schema):
    province: str
    city: str
    service: str
    reasons: dict[str, int]


class OfferOut(Schema):
    id: int
    engagement: int = Field(alias="engagement_id")
    reference: str = Field(alias="engagement.reference")
    service: str = Field(alias="engagement.service.code")
    provider: int = Field(alias="provider_id")
    status: str
    rank: int | None
    reasons: list[dict[str, str]]
    manual: bool
    offered_at: datetime
    deadline: datetime
    answered_at: datetime | None
    reason: str


class DeclineIn(Schema):
    reason: str


class EngagementOut(Schema):
    id: int
    kind: str
    reference: str
    service: str = Field(alias="service.code")
    province: str
    city: str
    needed_by: datetime
    status: str
    provider: int | None = Field(None, alias="provider_id")
    engineer: int | None = Field(None, alias="engineer_id")
    unit_price: Decimal | None
    accepted_at: datetime | None
    started_at: datetime | None
    completed_at: datetime | None
    report_sha256: str
    summary: str
    rating: int | None
    overdue: bool

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        from django.utils import timezone

        return bool(obj.is_overdue(timezone.now()))


class AssignIn(Schema):
    provider: int
    reason: str


class EngineerIn(Schema):
    engineer: int


class WorkIn(Schema):
    day: date
    hours: str
    note: str = ""


class WorkOut(Schema):
    id: int
    engineer: int = Field(alias="engineer_id")
    day: date
    hours: Decimal
    note: str


class RateIn(Schema):
    rating: int
    comment: str = ""

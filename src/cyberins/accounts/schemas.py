from __future__ import annotations

from datetime import datetime

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


class OrganisationOut(Schema):
    id: int
    kind: str
    name: str
    short_name: str
    province: str
    city: str
    address: str
    industry: str
    phone: str


class OrganisationPatch(Schema):
    name: str | None = None
    short_name: str | None = None
    province: str | None = None
    city: str | None = None
    address: str | None = None
    phone: str | None = None
    industry: str | None = None


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    roles: list[str]
    organisation: OrganisationOut | None


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str


class AuditRecordOut(Schema):
    seq: int | None
    at: datetime
    actor_name: str
    object_type: str
    object_id: str
    action: str
    before: dict[str, object] | None
    after: dict[str, object] | None
    hash: str | None

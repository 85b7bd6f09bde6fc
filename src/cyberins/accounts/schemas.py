from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Schema

from cyberins.accounts.models import ApiToken, Organisation
from cyberins.accounts.schema_types import UNCHANGED, PatchSchema, model_text


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


class OrganisationOut(Schema):
    id: int
    kind: str
    name: str
    short_name: str
    name_en: str
    province: str
    city: str
    address: str
    industry: str
    phone: str


class OrganisationPatch(PatchSchema):
    """Only the fields given change; none may be ``null``."""

    name: Annotated[str, model_text(Organisation, "name")] = UNCHANGED
    short_name: Annotated[str, model_text(Organisation, "short_name")] = UNCHANGED
    name_en: Annotated[str, model_text(Organisation, "name_en")] = UNCHANGED
    province: Annotated[str, model_text(Organisation, "province")] = UNCHANGED
    city: Annotated[str, model_text(Organisation, "city")] = UNCHANGED
    address: Annotated[str, model_text(Organisation, "address")] = UNCHANGED
    phone: Annotated[str, model_text(Organisation, "phone")] = UNCHANGED
    industry: Annotated[str, model_text(Organisation, "industry")] = UNCHANGED


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    roles: list[str]
    organisation: OrganisationOut | None


class TokenIn(Schema):
    name: Annotated[str, model_text(ApiToken, "name")]


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

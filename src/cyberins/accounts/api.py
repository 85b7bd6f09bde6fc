"""API for the caller's identity, organisations, personal tokens and the audit trail."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from cyberins.accounts import queries, services
from cyberins.accounts.models import ApiToken, AuditRecord, Organisation, User
from cyberins.accounts.requests import actor
from cyberins.accounts.roles import Role
from cyberins.accounts.schemas import (
    AuditRecordOut,
    ErrorOut,
    MeOut,
    OrganisationOut,
    OrganisationPatch,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
)
from cyberins.accounts.scoping import require_role

router = Router(tags=["accounts"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> User:
    return actor(request)


@router.get("/organisations", response=list[OrganisationOut])
def list_organisations(request: HttpRequest) -> list[Organisation]:
    return list(queries.organisations(actor(request)))


@router.get("/organisations/{org_id}", response={200: OrganisationOut, **ERRORS})
def get_organisation(request: HttpRequest, org_id: int) -> Organisation:
    return queries.organisation(actor(request), org_id)


@router.patch("/organisations/{org_id}", response={200: OrganisationOut, **ERRORS})
def patch_organisation(request: HttpRequest, org_id: int, payload: OrganisationPatch) -> Organisation:
    user = actor(request)
    organisation = queries.organisation(user, org_id)
    changes = payload.dict(exclude_unset=True)
    return services.do_update_organisation_profile(actor=user, organisation=organisation, changes=changes)


@router.get("/tokens", response=list[TokenOut])
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    return list(queries.own_tokens(actor(request)))


@router.post("/tokens", response={201: TokenCreatedOut, **ERRORS})
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    token, secret = services.do_create_api_token(actor=actor(request), name=payload.name)
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": secret})


@router.delete("/tokens/{token_id}", response={200: TokenOut, **ERRORS})
def revoke_token(request: HttpRequest, token_id: int) -> ApiToken:
    user = actor(request)
    return services.do_revoke_api_token(actor=user, token=queries.own_token(user, token_id))


@router.get("/audit", response={200: list[AuditRecordOut], **ERRORS})
def audit_trail(request: HttpRequest, limit: int = 100) -> list[AuditRecord]:
    user = actor(request)
    require_role(user, Role.PLATFORM_ADMIN)
    return list(queries.audit_trail(user)[: max(1, min(limit, 1000))])

"""API: declared assets, authorisations, health checks (start, progress, findings, report), remediation."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Status

from cyberins.accounts import queries as accounts_queries
from cyberins.accounts.errors import NotFound
from cyberins.accounts.models import Organisation, User
from cyberins.accounts.schema_types import QueryFlag
from cyberins.accounts.schemas import ErrorOut
from cyberins.healthchecks import queries, remediation, services, trends, verification
from cyberins.healthchecks.models import Asset, Finding, HealthCheck, RemediationItem, ScanAuthorisation
from cyberins.healthchecks.report import report_language, report_pdf
from cyberins.healthchecks.schemas import (
    AssetIn,
    AssetOut,
    AssetPatch,
    AuthorisationIn,
    AuthorisationOut,
    FindingOut,
    FixedIn,
    HealthCheckAccepted,
    HealthCheckIn,
    HealthCheckOut,
    ItemDetailOut,
    ItemOut,
    NotifyIn,
    TrendsOut,
)

router = Router(tags=["healthchecks"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined]


def _organisation(user: User, organisation_id: int | None) -> Organisation:
    """The named organisation if the caller sees it, else the caller's own."""
    if organisation_id is not None:
        return accounts_queries.organisation(user, organisation_id)
    if user.organisation is None:
        raise NotFound()
    return user.organisation


def _assets(user: User, ids: list[int]) -> list[Asset]:
    return [queries.asset(user, pk) for pk in ids]


@router.get("/healthchecks/assets", response=list[AssetOut])
def list_assets(request: HttpRequest, include_retired: QueryFlag = False) -> list[Asset]:
    return list(queries.assets(_user(request), include_retired=include_retired))


@router.post("/healthchecks/assets", response={201: AssetOut, **ERRORS})
def declare_asset(request: HttpRequest, payload: AssetIn) -> Status[Asset]:
    user = _user(request)
    asset = services.do_declare_asset(
        actor=user,
        organisation=_organisation(user, payload.organisation_id),
        name=payload.name,
        address=payload.address,
        ports=payload.ports,
    )
    return Status(201, asset)


@router.get("/healthchecks/assets/{int:asset_id}", response={200: AssetOut, **ERRORS})
def get_asset(request: HttpRequest, asset_id: int) -> Asset:
    return queries.asset(_user(request), asset_id)


@router.patch("/healthchecks/assets/{int:asset_id}", response={200: AssetOut, **ERRORS})
def rename_asset(request: HttpRequest, asset_id: int, payload: AssetPatch) -> Asset:
    user = _user(request)
    return services.do_rename_asset(actor=user, asset=queries.asset(user, asset_id), name=payload.name)


@router.delete("/healthchecks/assets/{int:asset_id}", response={200: AssetOut, **ERRORS})
def retire_asset(request: HttpRequest, asset_id: int) -> Asset:
    user = _user(request)
    return services.do_retire_asset(actor=user, asset=queries.asset(user, asset_id))


@router.get("/healthchecks/authorisations", response=list[AuthorisationOut])
def list_authorisations(request: HttpRequest) -> list[ScanAuthorisation]:
    return list(queries.authorisations(_user(request)))


@router.post("/healthchecks/authorisations", response={201: AuthorisationOut, **ERRORS})
def record_authorisation(request: HttpRequest, payload: AuthorisationIn) -> Status[ScanAuthorisation]:
    user = _user(request)
    authorisation = services.do_record_authorisation(
        actor=user,
        organisation=_organisation(user, payload.organisation_id),
        assets=_assets(user, payload.asset_ids),
        authorised_by=payload.authorised_by,
        authorised_at=payload.authorised_at or timezone.now(),
        valid_until=payload.valid_until,
        statement=payload.statement,
    )
    return Status(201, authorisation)


@router.post(
    "/healthchecks/authorisations/{int:authorisation_id}/revoke", response={200: AuthorisationOut, **ERRORS}
)
def revoke_authorisation(request: HttpRequest, authorisation_id: int) -> ScanAuthorisation:
    user = _user(request)
    authorisation = queries.authorisation(user, authorisation_id)
    return services.do_revoke_authorisation(actor=user, authorisation=authorisation)


@router.get("/healthchecks", response=list[HealthCheckOut])
def list_health_checks(request: HttpRequest) -> list[HealthCheck]:
    return list(queries.health_checks(_user(request)).prefetch_related("assets"))


@router.post("/healthchecks", response={202: HealthCheckAccepted, **ERRORS})
def start_health_check(request: HttpRequest, payload: HealthCheckIn) -> Status[HealthCheck]:
    """Queue a health check; poll ``GET /healthchecks/{id}`` for its progress."""
    user = _user(request)
    check = services.do_start_health_check(
        actor=user,
        organisation=_organisation(user, payload.organisation_id),
        kind=payload.kind,
        assets=None if payload.asset_ids is None else _assets(user, payload.asset_ids),
        service_order_ref=payload.service_order_ref,
    )
    return Status(202, check)


@router.get("/healthchecks/trends", response={200: TrendsOut, **ERRORS})
def get_trends(request: HttpRequest, organisation_id: int | None = None) -> dict[str, object]:
    """Score history and patch cadence of an organisation (default: the caller's own), from the
    checks the caller may see."""
    user = _user(request)
    if organisation_id is None:
        organisation_id = _organisation(user, None).pk
    checks = queries.health_checks(user).filter(organisation=organisation_id)
    # an insurer sees an applicant's checks (permissions.insurer_stake) without seeing the organisation
    # record itself: the trends are there when checks are, and another organisation's are a 404
    if organisation_id != user.organisation_id and not checks.exists():
        raise NotFound()
    found = trends.organisation_trends(checks)
    return {
        "organisation_id": organisation_id,
        "history": [
            {"at": p.at, "score": p.score, "grade": p.grade, "health_check": p.reference}
            for p in found.history
        ],
        "cadence": {
            "median_days": found.cadence.median_days,
            "fixed": len(found.cadence.fixed),
            "still_open": len(found.cadence.still_open),
            "findings": [
                {
                    "key": s.key,
                    "first_seen": s.first_seen,
                    "fixed_at": s.fixed_at,
                    "fixed_by": s.fixed_by,
                    "days_to_fix": s.days_to_fix,
                }
                for s in found.cadence.spans
            ],
        },
    }


@router.post("/healthchecks/findings/{int:finding_id}/verify", response={202: HealthCheckAccepted, **ERRORS})
def verify_fix(request: HttpRequest, finding_id: int) -> Status[HealthCheck]:
    """Rescan only this finding's service; poll ``GET /healthchecks/{id}`` for ``verification_outcome``."""
    user = _user(request)
    return Status(202, verification.do_verify_fix(actor=user, finding=queries.finding(user, finding_id)))


@router.get("/healthchecks/{int:check_id}", response={200: HealthCheckOut, **ERRORS})
def get_health_check(request: HttpRequest, check_id: int) -> HealthCheck:
    return queries.health_check(_user(request), check_id)


@router.get("/healthchecks/{int:check_id}/findings", response={200: list[FindingOut], **ERRORS})
def list_findings(request: HttpRequest, check_id: int) -> list[Finding]:
    return queries.findings(queries.health_check(_user(request), check_id))


@router.get("/healthchecks/{int:check_id}/report.pdf", response={200: None, **ERRORS})
def download_report(request: HttpRequest, check_id: int, lang: str = "zh") -> HttpResponse:
    check = queries.health_check(_user(request), check_id)
    language = report_language(lang)
    response = HttpResponse(report_pdf(check, language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{check.number}-{language}.pdf"'
    return response


@router.post("/healthchecks/{int:check_id}/notify", response={201: list[ItemOut], **ERRORS})
def notify_findings(request: HttpRequest, check_id: int, payload: NotifyIn) -> Status[list[RemediationItem]]:
    user = _user(request)
    check = queries.health_check(user, check_id)
    chosen = None
    if payload.finding_ids is not None:
        chosen = list(check.findings.filter(pk__in=payload.finding_ids))
        if len(chosen) != len(set(payload.finding_ids)):
            raise NotFound()
    return Status(201, remediation.do_notify_findings(actor=user, health_check=check, findings=chosen))


@router.get("/healthchecks/remediation-items", response=list[ItemOut])
def list_items(request: HttpRequest) -> list[RemediationItem]:
    return list(queries.remediation_items(_user(request)))


@router.get("/healthchecks/remediation-items/{int:item_id}", response={200: ItemDetailOut, **ERRORS})
def get_item(request: HttpRequest, item_id: int) -> RemediationItem:
    return queries.remediation_item(_user(request), item_id)


@router.post("/healthchecks/remediation-items/{int:item_id}/fixed", response={200: ItemOut, **ERRORS})
def mark_item_fixed(request: HttpRequest, item_id: int, payload: FixedIn) -> RemediationItem:
    user = _user(request)
    item = queries.remediation_item(user, item_id)
    return remediation.do_mark_item_fixed(actor=user, item=item, fixed_at=payload.fixed_at, note=payload.note)

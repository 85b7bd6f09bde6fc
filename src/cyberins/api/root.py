"""The NinjaAPI root: token authentication, coded JSON errors, and each app's router."""

from __future__ import annotations

import json
from typing import Any, cast

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from ninja.security import HttpBearer

from cyberins.accounts.api import router as accounts_router
from cyberins.accounts.errors import DomainError
from cyberins.accounts.schema_types import INVALID_TEXT, find_unstorable_text
from cyberins.accounts.services import authenticate_token
from cyberins.analytics.api import router as analytics_router
from cyberins.api.openapi import declare_errors
from cyberins.claims.api import router as claims_router
from cyberins.healthchecks.api import router as healthchecks_router
from cyberins.incidents.api import router as incidents_router
from cyberins.incidents.export_api import router as incident_exports_router
from cyberins.notifications.api import router as notifications_router
from cyberins.policies.api import router as policies_router
from cyberins.products.api import router as products_router
from cyberins.providers.api import router as providers_router
from cyberins.underwriting.api import router as underwriting_router


class TokenAuth(HttpBearer):
    """``Authorization: Bearer cyb_…`` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


class CheckedParser(Parser):
    """JSON bodies must be objects, and no string in a body or query string may hold NUL or a lone
    surrogate (neither can be stored); both are refused with a coded error before any validation."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise DomainError("invalid_body", _("The request body must be a JSON object."))
        _refuse_unstorable(data)
        return cast(dict[str, Any], data)

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for key in data:
            if key not in list_fields and len(data.getlist(key)) > 1:
                raise DomainError("invalid_input", _("Give this parameter once."), field=key)
        result = super().parse_querydict(data, list_fields, request)
        _refuse_unstorable(result)
        return result


def _refuse_unstorable(data: dict[str, Any]) -> None:
    field = find_unstorable_text(data)
    if field is not None:
        raise DomainError(
            INVALID_TEXT,
            _("Text must not contain NUL or unpaired surrogate characters."),
            field=field or None,
        )


class CyberinsAPI(NinjaAPI):
    """Declares on every operation the coded errors it can answer (see ``error_responses``)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return declare_errors(schema)


api = CyberinsAPI(
    title="Cyberins API",
    version="1",
    description="网络安全保险平台 API — cyber-insurance platform API. Authenticate with a personal token: "
    "`Authorization: Bearer cyb_…` (create one under 'API tokens' after logging in).",
    auth=TokenAuth(),
    docs_url="/docs",
    urls_namespace="api",
    parser=CheckedParser(),
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, field: str | None = None
) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "field": field}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(request, 401, "auth.invalid_token", _("A valid API token is required."))
    response["WWW-Authenticate"] = 'Bearer realm="cyberins"'
    return response


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(request, 413, "body_too_large", _("The request body is too large."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    cause = exc.__cause__
    if isinstance(cause, DomainError):
        return on_domain_error(request, cause)
    if isinstance(cause, RequestDataTooBig):
        return on_too_big(request, cause)
    if exc.status_code == 400:
        return _error(request, 400, "invalid_json", _("The request body is not valid JSON."))
    return _error(request, exc.status_code, "http_error", str(exc))


#: Error types raised by accounts.schema_types, answered with their own code.
CODED_TYPES = {INVALID_TEXT, "null_not_allowed", "iso_date_required", "number_required"}


@api.exception_handler(ValidationError)
def on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    where = list(first.get("loc", ()))
    if where and where[0] == "path":
        # A path id that is not a number in range names no record.
        return _error(request, 404, "not_found", _("Not found."))
    location = [str(part) for part in where if part not in ("body", "payload", "query", "path")]
    field = ".".join(location) or None
    kind = first.get("type", "")
    body = {
        "code": kind if kind in CODED_TYPES else "invalid_input",
        "message": _("The value is not valid: %(detail)s") % {"detail": first.get("msg", "")},
        "field": field,
        "errors": [
            {
                "loc": list(error.get("loc", ())),
                "msg": str(error.get("msg", "")),
                "type": error.get("type", ""),
            }
            for error in exc.errors
        ],
    }
    return api.create_response(request, body, status=422)


api.add_router("/", accounts_router)
api.add_router("/", healthchecks_router)
api.add_router("/", products_router)
api.add_router("/", underwriting_router)
api.add_router("/", policies_router)
api.add_router("/", providers_router)
api.add_router("/", incidents_router)
api.add_router("/", analytics_router)
api.add_router("/", notifications_router)
api.add_router("/", incident_exports_router)
api.add_router("/", claims_router)

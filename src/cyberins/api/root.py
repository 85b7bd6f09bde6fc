"""The NinjaAPI root: token authentication, coded JSON errors, and each app's router."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer

from cyberins.accounts.api import router as accounts_router
from cyberins.accounts.errors import DomainError
from cyberins.accounts.services import authenticate_token
from cyberins.healthchecks.api import router as healthchecks_router
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


api = NinjaAPI(
    title="Cyberins API",
    version="1",
    description="网络安全保险平台 API — cyber-insurance platform API. Authenticate with a personal token: "
    "`Authorization: Bearer cyb_…` (create one under 'API tokens' after logging in).",
    auth=TokenAuth(),
    docs_url="/docs",
    urls_namespace="api",
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


@api.exception_handler(ValidationError)
def on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    location = [
        str(part) for part in first.get("loc", ()) if part not in ("body", "payload", "query", "path")
    ]
    field = ".".join(location) or None
    body = {
        "code": "invalid_input",
        "message": _("The value is not valid: %(detail)s") % {"detail": first.get("msg", "")},
        "field": field,
        "errors": exc.errors,
    }
    return api.create_response(request, body, status=422)


api.add_router("/", accounts_router)
api.add_router("/", healthchecks_router)
api.add_router("/", products_router)
api.add_router("/", underwriting_router)
api.add_router("/", policies_router)
api.add_router("/", providers_router)

"""Pages raise the same coded errors as the API; here they become the 403 and 404 pages. Also: every
error under /api/ is the coded JSON body, and the security headers of every response."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _

from cyberins.accounts.errors import Forbidden, NotFound


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, NotFound):
            raise Http404(exception.render_message()) from exception
        if isinstance(exception, Forbidden):
            raise PermissionDenied(exception.render_message()) from exception


class PlatformLanguageMiddleware(LocaleMiddleware):
    """Pages speak the installation's language (zh-Hans by default) until the user picks another in the
    header switch (a cookie); the browser's Accept-Language is not consulted, because a Chinese platform
    should not turn English for an English-language browser. API clients still negotiate by header."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith("/api/"):
            super().process_request(request)
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen and check_for_language(chosen) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def _api_error_body(status: int) -> dict[str, str | None]:
    codes = {
        400: ("bad_request", _("The request is not valid.")),
        401: ("auth.invalid_token", _("A valid API token is required.")),
        403: ("forbidden", _("You are not allowed to do this.")),
        404: ("not_found", _("Not found.")),
        405: ("method_not_allowed", _("This method is not allowed here.")),
        413: ("body_too_large", _("The request body is too large.")),
    }
    code, message = codes.get(status, ("server_error", _("An internal error occurred; it has been logged.")))
    if status < 500 and status not in codes:
        code, message = "http_error", _("The request could not be handled.")
    return {"code": code, "message": message, "field": None}


class ApiErrorMiddleware:
    """Under /api/ every error is ``{"code", "message", "field"}`` JSON, whoever produced it: Django's
    URL resolver (unknown route, a non-integer id on an ``{int:}`` route), the method check (405, with
    its ``Allow`` header), a body the request parser refused, or an unhandled exception (500). API
    responses are never cached."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        if _id_out_of_range(request.path):
            # No record has such an id; answer before a database is asked (SQLite cannot even bind it).
            response: HttpResponse = JsonResponse(_api_error_body(404), status=404)
        else:
            response = self.get_response(request)
        if response.status_code >= 400 and not _is_json(response):
            coded = JsonResponse(_api_error_body(response.status_code), status=response.status_code)
            for header in ("Allow", "WWW-Authenticate"):
                if header in response:
                    coded[header] = response[header]
            response = coded
        response["Cache-Control"] = "no-store"
        return response


INT64_MAX = 2**63 - 1


def _id_out_of_range(path: str) -> bool:
    return any(part.isdecimal() and int(part) > INT64_MAX for part in path.split("/"))


def _is_json(response: HttpResponse) -> bool:
    if not response.get("Content-Type", "").startswith("application/json"):
        return False
    try:
        body = json.loads(response.content)
    except (ValueError, AttributeError):
        return False
    return isinstance(body, dict) and "code" in body


#: Only this site's own scripts, styles, images and connections; no framing, no plug-ins.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
#: Swagger UI sets inline style attributes on its own elements; its scripts stay same-origin.
DOCS_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response; ``Cache-Control: no-store`` on
    every page seen by a logged-in user (nothing personal stays in a shared browser's cache)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        docs = request.path.startswith("/api/docs")
        response.setdefault(
            "Content-Security-Policy", DOCS_CONTENT_SECURITY_POLICY if docs else CONTENT_SECURITY_POLICY
        )
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response

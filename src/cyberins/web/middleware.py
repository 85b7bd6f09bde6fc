"""Pages raise the same coded errors as the API; here they become the 403 and 404 pages."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import check_for_language

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

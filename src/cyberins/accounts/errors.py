"""Coded errors. Every rejected request carries a stable ``code``, the ``field`` at fault (if any)
and a translated message; the API renders them as JSON, pages as form or page errors."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cyberins.terms import TermsError


class DomainError(Exception):
    status = 400

    def __init__(
        self,
        code: str,
        message: str | Promise,
        *,
        field: str | None = None,
        details: list[DomainError] | None = None,
        **params: Any,
    ) -> None:
        self.code = code
        self.message = message
        self.field = field
        self.params = params
        self.details = details or []
        super().__init__(code)

    def render_message(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.render_message(), "field": self.field}
        if self.details:
            body["errors"] = [detail.as_dict() for detail in self.details]
        return body


class Forbidden(DomainError):
    status = 403

    def __init__(self, code: str = "forbidden", message: str | Promise | None = None, **kwargs: Any) -> None:
        super().__init__(code, message or _("You are not allowed to do this."), **kwargs)


class NotFound(DomainError):
    status = 404

    def __init__(self, code: str = "not_found", message: str | Promise | None = None, **kwargs: Any) -> None:
        super().__init__(code, message or _("Not found."), **kwargs)


class InvalidState(DomainError):
    status = 409


def from_terms_error(exc: TermsError) -> DomainError:
    """A pure ``terms`` error (code, field, bilingual text) as a domain error in the request's language."""
    return DomainError(exc.code, exc.message.for_language(get_language() or "zh-hans"), field=exc.field)

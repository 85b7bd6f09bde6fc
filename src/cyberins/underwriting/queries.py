from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cyberins.accounts.scoping import get_visible, visible
from cyberins.underwriting.models import Application, ApplicationStatus, Quote

_RELATED = ("applicant", "insurer", "product_version", "product_version__product")


def applications(user: Any) -> QuerySet[Application]:
    return visible(user, Application.objects.select_related(*_RELATED))


def application(user: Any, pk: int) -> Application:
    return get_visible(user, applications(user), pk=pk)


def referrals(user: Any) -> QuerySet[Application]:
    return applications(user).filter(status=ApplicationStatus.REFERRED).order_by("submitted_at")


def quotes(user: Any) -> QuerySet[Quote]:
    return visible(
        user, Quote.objects.select_related("application", *(f"application__{r}" for r in _RELATED))
    )


def quote(user: Any, pk: int) -> Quote:
    return get_visible(user, quotes(user), pk=pk)

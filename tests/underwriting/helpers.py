"""Helpers for the 产品发布 → 投保 → 保单 tests: a snapshot of every row they can change, quick quotes,
and binding on a fixed day (the API binds "today"; the services take ``now``)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Model
from django.utils import translation

from cyberins.accounts.models import AuditRecord, User
from cyberins.policies.models import (
    Endorsement,
    Instalment,
    Policy,
    PolicyCoverage,
    PolicyNumbering,
    PolicyWarranty,
    ServiceOrder,
)
from cyberins.policies.services import do_bind_quote
from cyberins.products.models import Plan, PlanCoverage, ProductVersion
from cyberins.terms import SHANGHAI
from cyberins.underwriting.models import Application, Quote
from tests.journey import answers

TRACKED: tuple[type[Model], ...] = (
    ProductVersion,
    Plan,
    PlanCoverage,
    Application,
    Quote,
    Policy,
    Instalment,
    PolicyCoverage,
    PolicyWarranty,
    ServiceOrder,
    Endorsement,
    PolicyNumbering,
    AuditRecord,
)

#: Like the seed's COSCO sample (2019-06-10 → 2020-06-09), one year later: 365 days, no 29 February.
FIRST_DAY = date(2026, 6, 10)


def db_state() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table the journey writes, audit trail included: compare before and after.

    Read in one language: django-modeltranslation's ``values()`` gives a translated field (``name``) in
    the active language, which a request in English leaves active."""
    with translation.override("zh-hans"):
        return {model._meta.label: list(model._default_manager.order_by("pk").values()) for model in TRACKED}


def accepted_quote(client: Any, version: ProductVersion, **changes: Any) -> dict[str, Any]:
    """Apply and submit answers the rules accept at once (security staff on hand); the quote as JSON."""
    body = client.post(
        "/api/applications",
        {"product_version": version.pk, "answers": answers(security_staff=3, **changes), "submit": True},
    ).json()
    assert body["status"] == "accepted", body
    return dict(body["quote"])


def referred_application(client: Any, version: ProductVersion) -> dict[str, Any]:
    """Sensitive data without security staff: referred to the insurer's underwriter."""
    body = client.post(
        "/api/applications", {"product_version": version.pk, "answers": answers(), "submit": True}
    ).json()
    assert body["status"] == "referred", body
    return dict(body)


def bind_on(
    user: User, quote_id: int, *, plan: str = "A", first_day: date = FIRST_DAY, instalments: int = 1
) -> Policy:
    """Bind through the service on the day before ``first_day`` (the quote made valid until then)."""
    Quote.objects.filter(pk=quote_id).update(valid_until=first_day)
    return do_bind_quote(
        actor=user,
        quote=Quote.objects.get(pk=quote_id),
        plan_code=plan,
        first_day=first_day,
        instalments=instalments,
        now=datetime.combine(first_day - timedelta(days=1), time(10), tzinfo=SHANGHAI),
    )

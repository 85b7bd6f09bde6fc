"""The formal remediation notice (正式通知) told to the insured, with its deadline and the warranty's 10%."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.urls import reverse

from cyberins.accounts.roles import Role
from cyberins.healthchecks.models import HealthCheck, RemediationItem
from cyberins.notifications.services import notify, to


def remediation_notified(check: HealthCheck, items: Sequence[RemediationItem], *, now: datetime) -> None:
    notify(
        recipients=[to(check.organisation_id, Role.APPLICANT)],
        kind="remediation_notice",
        params={"count": len(items), "check": check.pk, "deadline": min(item.due_at for item in items)},
        link=reverse("healthchecks:items"),
        now=now,
        dedupe_key=f"remediation:{check.pk}:{min(item.pk for item in items)}",
    )

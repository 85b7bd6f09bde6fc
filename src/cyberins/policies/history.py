"""The insured's previous policies for the underwriter's workbench (``underwriting.history``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.models import Organisation
from cyberins.policies import queries
from cyberins.underwriting.history import HistoryEntry, HistorySource, register


def previous_policies(user: Any, organisation: Organisation) -> list[HistoryEntry]:
    rows = queries.policies(user).filter(insured=organisation).order_by("-first_day")
    return [
        HistoryEntry(
            kind="policy",
            reference=p.number,
            url=reverse("policies:detail", kwargs={"policy_id": p.pk}),
            status=p.get_status_display(),
            summary=f"{p.first_day:%Y-%m-%d} – {p.last_day:%Y-%m-%d}",
        )
        for p in rows[:20]
    ]


def register_sources() -> None:
    register(HistorySource("policy", _("Previous policies"), previous_policies))

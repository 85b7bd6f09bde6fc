"""The insured's previous claims for the underwriter's workbench (``underwriting.history``): each claim
with its incident date, status, amounts claimed and paid, and one overview line over all of them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cyberins.accounts.models import Organisation
from cyberins.claims import queries
from cyberins.claims.models import LossLine, Payment, PaymentStatus
from cyberins.terms import format_cny, local_date
from cyberins.underwriting.history import HistoryEntry, HistorySource, register

ZERO = Decimal("0.00")


def _sums(claim_ids: Any) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    claimed = dict(
        LossLine.objects.filter(claim_id__in=claim_ids)
        .values("claim_id")
        .annotate(t=Sum("claimed"))
        .values_list("claim_id", "t")
    )
    paid = dict(
        Payment.objects.filter(claim_id__in=claim_ids, status=PaymentStatus.PAID)
        .values("claim_id")
        .annotate(t=Sum("amount"))
        .values_list("claim_id", "t")
    )
    return claimed, paid


def previous_claims(user: Any, organisation: Organisation) -> list[HistoryEntry]:
    rows = list(queries.claims(user).filter(insured=organisation).order_by("-opened_at")[:20])
    claimed, paid = _sums([c.pk for c in rows])
    return [
        HistoryEntry(
            kind="claim",
            reference=c.number,
            url=reverse("claims:detail", kwargs={"claim_id": c.pk}),
            status=c.get_status_display(),
            summary=_("incident %(day)s · claimed %(claimed)s · paid %(paid)s")
            % {
                "day": f"{local_date(c.incident.occurred_at):%Y-%m-%d}",
                "claimed": format_cny(claimed.get(c.pk, ZERO)),
                "paid": format_cny(paid.get(c.pk, ZERO)),
            },
        )
        for c in rows
    ]


def claims_overview(user: Any, organisation: Organisation) -> str:
    """'3 claims · claimed ¥… · paid ¥…' over every claim of the insured the user may see."""
    ids = list(queries.claims(user).filter(insured=organisation).values_list("pk", flat=True))
    if not ids:
        return ""
    claimed, paid = _sums(ids)
    return ngettext(
        "%(count)d claim · claimed %(claimed)s · paid %(paid)s",
        "%(count)d claims · claimed %(claimed)s · paid %(paid)s",
        len(ids),
    ) % {
        "count": len(ids),
        "claimed": format_cny(sum(claimed.values(), ZERO)),
        "paid": format_cny(sum(paid.values(), ZERO)),
    }


def register_sources() -> None:
    register(HistorySource("claim", _("Previous claims"), previous_claims, claims_overview))

"""The loss-ratio page: written, earned, incurred and the loss ratio by month, table and bar chart."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cyberins.accounts.errors import DomainError
from cyberins.accounts.requests import actor
from cyberins.analytics.claim_figures import claim_figures
from cyberins.analytics.errors import AnalyticsError
from cyberins.analytics.loss_ratio import MonthRow, loss_ratio_by_month
from cyberins.analytics.views import insurer_scope

#: months shown by default, ending with the current one; at most MAX_MONTHS
DEFAULT_MONTHS, MAX_MONTHS = 12, 120
WIDTH, HEIGHT, PAD = 640, 240, 40


def _month(raw: str | None, field: str, default: date) -> date:
    if not raw:
        return default
    try:
        return date.fromisoformat(f"{raw}-01")
    except ValueError:
        raise DomainError(
            AnalyticsError.INVALID_MONTH, AnalyticsError.INVALID_MONTH.meaning, field=field
        ) from None


def _shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def bar_chart(rows: list[MonthRow]) -> dict[str, Any]:
    """Bars of earned premium and incurred loss per month, scaled to the larger of the two."""
    top = max([max(r.earned, r.incurred) for r in rows] + [0])
    if not rows or top <= 0:
        return {}
    slot = (WIDTH - 2 * PAD) / len(rows)
    bars = []
    for index, row in enumerate(rows):
        x = PAD + index * slot
        for offset, (kind, value) in enumerate((("earned", row.earned), ("incurred", row.incurred))):
            height = float(value / top) * (HEIGHT - 2 * PAD)
            bars.append(
                {
                    "kind": kind,
                    "x": round(x + slot * (0.1 + 0.4 * offset), 1),
                    "y": round(HEIGHT - PAD - height, 1),
                    "width": round(slot * 0.4, 1),
                    "height": round(height, 1),
                }
            )
    labels = [
        {"x": round(PAD + (i + 0.5) * slot, 1), "text": r.month.strftime("%Y-%m")} for i, r in enumerate(rows)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bottom": HEIGHT - PAD,
        "bars": bars,
        "labels": labels,
        "top": top,
    }


@login_required
def loss_ratio(request: HttpRequest) -> HttpResponse:
    insurer = insurer_scope(actor(request))
    this_month = timezone.localdate().replace(day=1)
    context: dict[str, Any] = {}
    try:
        last = _month(request.GET.get("to"), "to", this_month)
        first = _month(request.GET.get("from"), "from", _shift(last, 1 - DEFAULT_MONTHS))
        if first > last or _shift(first, MAX_MONTHS) <= last:
            raise DomainError(
                AnalyticsError.INVALID_MONTH, AnalyticsError.INVALID_MONTH.meaning, field="from"
            )
    except DomainError as exc:
        context |= {"error": exc.render_message(), "error_code": exc.code, "error_field": exc.field}
        return render(request, "analytics/loss_ratio.html", context, status=400)
    rows = loss_ratio_by_month(first, last, insurer_id=insurer)
    figures = claim_figures(first, last, insurer_id=insurer, now=timezone.now())
    context |= {"rows": rows, "first": first, "last": last, "chart": bar_chart(rows), "figures": figures}
    return render(request, "analytics/loss_ratio.html", context)

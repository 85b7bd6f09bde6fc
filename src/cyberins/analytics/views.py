"""The portfolio page: exposure tables, scenario results and the EP curve (SVG drawn here, no script)."""

from __future__ import annotations

import csv
import io
import math
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cyberins.accounts.errors import DomainError, Forbidden
from cyberins.accounts.requests import actor
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import sees_everything
from cyberins.actuarial.portfolio import load_scenarios
from cyberins.analytics import services
from cyberins.analytics.kev import kev_scenario
from cyberins.analytics.labels import dimension_title, segment_label
from cyberins.terms import format_cny, round_money

#: years simulated for the page (a quick view; the command runs more)
PAGE_YEARS = 2_000
PAGE_SEED = 20260101
ROLES = (Role.ACTUARY, Role.UNDERWRITER)
#: the chart's drawing area in SVG units
WIDTH, HEIGHT, PAD = 640, 300, 48


def insurer_scope(user: Any) -> int | None:
    if sees_everything(user):
        return None
    if not user.has_role(*ROLES):
        raise Forbidden()
    return int(user.organisation_id)


def ep_chart(aep: list[dict[str, float]], oep: list[dict[str, float]]) -> dict[str, Any]:
    """Polyline points of the AEP and OEP (loss against the return period on a log scale)."""
    rows = aep + oep
    if not rows:
        return {}
    t_max = max(r["return_period"] for r in rows)
    y_max = max(r["loss"] for r in rows) or 1.0
    x_span = math.log10(t_max / 2) if t_max > 2 else 1.0

    def point(r: dict[str, float]) -> str:
        x = PAD + (WIDTH - 2 * PAD) * math.log10(r["return_period"] / 2) / x_span
        y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * r["loss"] / y_max
        return f"{x:.1f},{y:.1f}"

    ticks = [
        {"x": float(point(r).split(",")[0]), "label": f"{r['return_period']:g}"}
        for r in aep
        if r["return_period"] in (2, 10, 100, 200, 1000)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "pad": PAD,
        "bottom": HEIGHT - PAD,
        "right": WIDTH - PAD,
        "aep": " ".join(point(r) for r in aep),
        "oep": " ".join(point(r) for r in oep),
        "ticks": ticks,
        "y_max": y_max,
    }


def money(value: float) -> str:
    """A simulated amount (float) shown like every amount: ``¥1,234.57``."""
    return format_cny(round_money(Decimal(value)))


def labelled_exposure(exposure: dict[str, Any], language: str) -> dict[str, Any]:
    """The exposure tables with a display name beside each raw key (``aliyun`` → 阿里云)."""
    tables = [
        {
            "dimension": dim,
            "title": dimension_title(dim, language),
            "rows": [row | {"label": segment_label(dim, row["value"], language)} for row in table],
        }
        for dim, table in exposure["by"].items()
    ]
    top = [
        a
        | {
            "title": dimension_title(a["dimension"], language),
            "label": segment_label(a["dimension"], a["value"], language),
        }
        for a in exposure["top_accumulations"]
    ]
    return {"tables": tables, "top": top}


def _csv(name: str, exposure: dict[str, Any], summary: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="portfolio-{name}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    out = csv.writer(response)
    out.writerow(["section", "key", "value", "policies", "amount"])
    for dim, table in exposure["by"].items():
        for row in table:
            out.writerow(["exposure", dim, row["value"], row["policies"], row["sum_insured"]])
    for cov, amount in exposure["by_coverage"].items():
        out.writerow(["limits", "coverage", cov, "", amount])
    for curve in ("aep", "oep"):
        for r in summary[curve]:
            out.writerow([curve, "return_period", f"{r['return_period']:g}", "", f"{r['loss']:.2f}"])
    out.writerow(["tvar", "0.995", "", "", f"{summary['tvar']['0.995']:.2f}"])
    out.writerow(["capital", "var995_minus_mean", "", "", f"{summary['capital']['value']:.2f}"])
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(name: str, exposure: dict[str, Any], summary: dict[str, Any]) -> HttpResponse:
    """The page's tables as an Excel workbook, one sheet a table (numbers as numbers)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "summary"
    sheet.append(["policies", exposure["policies"]])
    sheet.append(["sum_insured", float(exposure["sum_insured"])])
    sheet.append(["synthetic", bool(exposure.get("synthetic"))])
    sheet.append(["mean", summary["mean"]])
    sheet.append(["var_0.995", summary["var"]["0.995"]])
    sheet.append(["tvar_0.995", summary["tvar"]["0.995"]])
    sheet.append(["capital_var995_minus_mean", summary["capital"]["value"]])
    for dim, table in exposure["by"].items():
        ws = book.create_sheet(f"exposure_{dim}")
        ws.append(["value", "policies", "sum_insured", "share"])
        for row in table:
            ws.append([row["value"], row["policies"], float(row["sum_insured"]), row["share"]])
    ws = book.create_sheet("limits_by_coverage")
    ws.append(["coverage", "limits"])
    for cov, amount in exposure["by_coverage"].items():
        ws.append([cov, float(amount)])
    ws = book.create_sheet("top_accumulations")
    ws.append(["dimension", "value", "policies", "sum_insured"])
    for a in exposure["top_accumulations"]:
        ws.append([a["dimension"], a["value"], a["policies"], float(a["sum_insured"])])
    ws = book.create_sheet("ep_curve")
    ws.append(["return_period", "aep", "oep"])
    for a, o in zip(summary["aep"], summary["oep"], strict=False):
        ws.append([a["return_period"], a["loss"], o["loss"]])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="portfolio-{name}.xlsx"'
    return response


def _years(raw: str | None) -> int:
    """``?years=``: a whole number from 1 to ``MAX_YEARS`` (else a coded error on ``years``)."""
    if raw is None or raw == "":
        return PAGE_YEARS
    try:
        years = int(raw)
    except ValueError:
        years = 0
    return services.check_years(years)


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    insurer = insurer_scope(user)
    valuation = timezone.localdate()
    error = ""
    if request.GET.get("date"):
        try:
            valuation = date.fromisoformat(request.GET["date"])
        except ValueError:
            error = _("Enter a date as YYYY-MM-DD.")
    synthetic = request.GET.get("book") == "synthetic"
    context: dict[str, Any] = {
        "valuation": valuation,
        "error": error,
        "years": PAGE_YEARS,
        "synthetic": synthetic,
    }
    try:
        years = context["years"] = _years(request.GET.get("years"))
        wanted = request.GET.get("scenario") or None
        names = [services.scenario_name(wanted)] if wanted else list(load_scenarios())
        if synthetic:
            book = services.demo_book()
            exposure = services.book_exposure(book)
            result = services.simulate(years=years, seed=PAGE_SEED, synthetic=book.size)
        else:
            book = None
            exposure = services.exposure(valuation, insurer_id=insurer)
            result = services.simulate(
                years=years, seed=PAGE_SEED, valuation_date=valuation, insurer_id=insurer
            )
    except DomainError as exc:
        context["error"] = error or exc.render_message()
        context["error_code"], context["error_field"] = exc.code, exc.field
        return render(
            request, "analytics/portfolio.html", context, status=400 if exc.field != "valuation_date" else 200
        )
    summary = result.summary()
    name = "synthetic" if synthetic else valuation.isoformat()
    if request.GET.get("format") == "csv":
        return _csv(name, exposure, summary)
    if request.GET.get("format") == "xlsx":
        return _xlsx(name, exposure, summary)
    scenarios = []
    for scenario_name in names:
        try:
            scenarios.append(services.scenario(scenario_name, valuation, insurer_id=insurer, book=book))
        except (DomainError, ValueError):
            continue  # nobody in this book depends on the scenario's segment
    cve = (request.GET.get("cve") or "").strip()
    if cve and not synthetic:
        try:
            scenarios.append(kev_scenario(cve, valuation, insurer_id=insurer))
        except DomainError as exc:
            context["kev_error"] = {"message": exc.render_message(), "code": exc.code, "field": exc.field}
    language = get_language() or "zh-hans"
    for item in scenarios:
        for key in ("ground_up_loss", "insured_loss_all_dependents", "expected_insured_loss"):
            item[f"{key}_cny"] = money(item[key])
        item["value_label"] = segment_label(item["segment"], str(item["value"]), language)
    context |= {
        "exposure": exposure,
        "labelled": labelled_exposure(exposure, language),
        "figures": {
            "mean": money(summary["mean"]),
            "var995": money(summary["var"]["0.995"]),
            "tvar995": money(summary["tvar"]["0.995"]),
            "capital": money(summary["capital"]["value"]),
        },
        "ep_money_rows": [
            (a["return_period"], money(a["loss"]), money(o["loss"]))
            for a, o in zip(summary["aep"], summary["oep"], strict=False)
        ],
        "summary": summary,
        "chart": ep_chart(summary["aep"], summary["oep"]),
        "scenarios": scenarios,
        "cve": cve,
        "var995": summary["var"]["0.995"],
        "tvar995": summary["tvar"]["0.995"],
        "ep_rows": list(zip(summary["aep"], summary["oep"], strict=False)),
    }
    return render(request, "analytics/portfolio.html", context)

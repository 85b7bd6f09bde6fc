"""Read-only JSON API of the portfolio figures: exposure, scenarios, EP curve / PML / capital.

The same permissions as the /analytics/ page: actuaries and underwriters see their insurer's
book, platform administrators all of it; ``book=synthetic`` shows the demo synthetic book.
Amounts are strings with two decimals (``"190000.00"``), like every amount of the API.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from ninja import Router

from cyberins.accounts.errors import CommonError, DomainError
from cyberins.accounts.requests import actor
from cyberins.accounts.schemas import ErrorOut
from cyberins.actuarial.portfolio import load_scenarios
from cyberins.analytics import services
from cyberins.analytics.errors import AnalyticsError
from cyberins.analytics.kev import KEV, kev_scenario
from cyberins.analytics.labels import dimension_title, segment_label
from cyberins.analytics.schemas import ExposureOut, ScenarioOut, SimulationOut
from cyberins.analytics.views import PAGE_SEED, PAGE_YEARS, _years, insurer_scope
from cyberins.terms import round_money

router = Router(tags=["analytics"])
ERRORS = {400: ErrorOut, 403: ErrorOut}


def _amount(value: float | Decimal | str) -> str:
    return str(round_money(Decimal(value)))


def _valuation(raw: str | None) -> date:
    if not raw:
        return timezone.localdate()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise DomainError(CommonError.INVALID_INPUT, _("Enter a date as YYYY-MM-DD."), field="date") from None


def _synthetic(book: str | None) -> bool:
    if book in (None, "", "in_force"):
        return False
    if book == "synthetic":
        return True
    message = _("The value is not valid: %(detail)s") % {"detail": "book = in_force | synthetic"}
    raise DomainError(CommonError.INVALID_INPUT, message, field="book")


@router.get("/analytics/exposure", response={200: ExposureOut, **ERRORS})
def exposure(
    request: HttpRequest, date: str | None = None, by: str | None = None, book: str | None = None
) -> dict[str, Any]:
    """Sums insured by coverage, cloud provider, province, industry and software; top accumulations."""
    insurer = insurer_scope(actor(request))
    language = get_language() or "zh-hans"
    synthetic = _synthetic(book)
    if by is not None and by not in services.DIMENSIONS:
        raise DomainError(
            AnalyticsError.INVALID_SEGMENT,
            AnalyticsError.INVALID_SEGMENT.meaning,
            field="by",
        )
    if synthetic:
        data = services.book_exposure(services.demo_book())
    else:
        data = services.exposure(_valuation(date), by, insurer_id=insurer)
    dims = {by: data["by"][by]} if by else data["by"]
    return {
        "valuation_date": None if synthetic else data["valuation_date"],
        "synthetic": synthetic,
        "policies": data["policies"],
        "sum_insured": _amount(data["sum_insured"]),
        "limits_by_coverage": {k: _amount(v) for k, v in data["by_coverage"].items()},
        "by": [
            {
                "dimension": dim,
                "title": dimension_title(dim, language),
                "segments": [
                    row
                    | {
                        "label": segment_label(dim, row["value"], language),
                        "sum_insured": _amount(row["sum_insured"]),
                    }
                    for row in table
                ],
            }
            for dim, table in dims.items()
        ],
        "top_accumulations": [
            a
            | {
                "label": segment_label(a["dimension"], a["value"], language),
                "sum_insured": _amount(a["sum_insured"]),
            }
            for a in data["top_accumulations"]
        ],
    }


def _scenario_row(result: dict[str, Any], language: str) -> dict[str, Any]:
    value = result["value"]
    return {
        "scenario": result["scenario"],
        "title": result["title_en"] if language.startswith("en") else result["title_zh"],
        "source": result["source"],
        "segment": result["segment"],
        "value": None if value is None else str(value),
        "value_label": segment_label(result["segment"], str(value or ""), language),
        "affected_policies": result["affected_policies"],
        "ground_up_loss": _amount(result["ground_up_loss"]),
        "insured_loss_all_dependents": _amount(result["insured_loss_all_dependents"]),
        "expected_insured_loss": _amount(result["expected_insured_loss"]),
    }


@router.get("/analytics/scenarios", response={200: list[ScenarioOut], **ERRORS})
def scenarios(
    request: HttpRequest,
    date: str | None = None,
    name: str | None = None,
    book: str | None = None,
    cve: str | None = None,
) -> list[dict[str, Any]]:
    """The scenario library run on the book (one scenario with ``name``); ``cve`` adds the ``kev``
    scenario (that KEV entry matched against the health checks; the in-force book only)."""
    insurer = insurer_scope(actor(request))
    language = get_language() or "zh-hans"
    synthetic = _synthetic(book)
    valuation = _valuation(date)
    kev = name == KEV or (not name and bool(cve))
    if kev and synthetic:
        message = _("The value is not valid: %(detail)s") % {"detail": "kev needs book = in_force"}
        raise DomainError(CommonError.INVALID_INPUT, message, field="book")
    names = [] if name == KEV else [services.scenario_name(name)] if name else list(load_scenarios())
    demo = services.demo_book() if synthetic else None
    out = []
    for scenario_name in names:
        try:
            result = services.scenario(scenario_name, valuation, insurer_id=insurer, book=demo)
        except DomainError as exc:
            if name or exc.field == "valuation_date":
                raise
            continue  # nobody in this book depends on the scenario's segment
        out.append(_scenario_row(result, language))
    if kev:
        out.append(_scenario_row(kev_scenario(cve, valuation, insurer_id=insurer), language))
    return out


@router.get("/analytics/simulation", response={200: SimulationOut, **ERRORS})
def simulation(
    request: HttpRequest, date: str | None = None, years: str | None = None, book: str | None = None
) -> dict[str, Any]:
    """The stochastic model: mean, VaR / TVaR 99.5 %, capital, PML and the AEP / OEP curve."""
    insurer = insurer_scope(actor(request))
    count = _years(years)
    if _synthetic(book):
        demo = services.demo_book()
        result = services.simulate(years=count, seed=PAGE_SEED, synthetic=demo.size)
    else:
        result = services.simulate(
            years=count, seed=PAGE_SEED, valuation_date=_valuation(date), insurer_id=insurer
        )
    summary = result.summary()
    return {
        "years": summary["n_years"],
        "seed": summary["seed"],
        "synthetic": bool(summary["synthetic"]),
        "policies": summary["n_policies"],
        "mean": _amount(summary["mean"]),
        "var_995": _amount(summary["var"]["0.995"]),
        "tvar_995": _amount(summary["tvar"]["0.995"]),
        "capital": _amount(summary["capital"]["value"]),
        "capital_definition": summary["capital"]["definition"],
        "pml": {k: None if v is None else _amount(v) for k, v in summary["pml"].items()},
        "ep_curve": [
            {"return_period": a["return_period"], "aep": _amount(a["loss"]), "oep": _amount(o["loss"])}
            for a, o in zip(summary["aep"], summary["oep"], strict=False)
        ],
    }


__all__ = ["PAGE_YEARS", "router"]

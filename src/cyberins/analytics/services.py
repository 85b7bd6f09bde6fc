"""Read-only portfolio analytics over the in-force book (nothing here writes to the database).

* :func:`in_force_policies` — policies issued and covering the valuation date (bound exposure:
  an unpaid first instalment still counts, as the insurer is on risk once bound).
* :func:`exposure` — sums insured and limits by coverage, by cloud provider (questionnaire),
  region (province), industry (GB/T 4754 section), software (health checks), top accumulations.
* :func:`in_force_book` — the in-force book as a :class:`cyberins.actuarial.portfolio.Book`.
* :func:`scenario` and :func:`simulate` — the scenario library and the stochastic model on it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Prefetch, QuerySet

from cyberins.accounts.errors import DomainError
from cyberins.actuarial import default_assumption_set, fit_lognormal_median_percentile
from cyberins.actuarial.portfolio import (
    MAX_YEARS,
    Book,
    PortfolioResult,
    Segment,
    UnknownScenario,
    get_scenario,
    run_scenario,
    synthetic_book,
)
from cyberins.actuarial.portfolio import simulate as run_simulation
from cyberins.analytics.errors import AnalyticsError
from cyberins.healthchecks.models import HealthCheck
from cyberins.policies.models import Policy, PolicyCoverage

#: exposure dimensions (CLI ``--by``) → segment key of the book
DIMENSIONS = {"cloud": "cloud", "region": "region", "industry": "industry", "software": "software"}
#: the largest synthetic book the command builds
MAX_SYNTHETIC = 1_000_000
#: the demo synthetic book the page shows on request (``?book=synthetic``): size and seed
DEMO_SYNTHETIC_POLICIES = 3_000
DEMO_SYNTHETIC_SEED = 20260101
UNKNOWN = "unknown"
BI = "business_interruption"
HOURS_A_YEAR = 365 * 24


def in_force_policies(valuation_date: date, insurer_id: int | None = None) -> QuerySet[Policy]:
    """Issued policies covering ``valuation_date`` (of one insurer when ``insurer_id`` is given)."""
    qs = Policy.objects.filter(status="issued", first_day__lte=valuation_date, last_day__gte=valuation_date)
    if insurer_id is not None:
        qs = qs.filter(insurer_id=insurer_id)
    return (
        qs.select_related("insured", "application")
        .prefetch_related(Prefetch("coverages", queryset=PolicyCoverage.objects.order_by("coverage")))
        .order_by("number")
    )


def fingerprinted(org_ids: Iterable[int]) -> dict[int, list[str]]:
    """The software (``"nginx 1.18.0"``) each organisation's latest finished health check saw."""
    out: dict[int, list[str]] = {}
    checks = (
        HealthCheck.objects.filter(organisation_id__in=list(org_ids), status="done")
        .order_by("organisation_id", "-finished_at")
        .only("organisation_id", "target_results")
    )
    for hc in checks:
        if hc.organisation_id in out:
            continue
        out[hc.organisation_id] = [
            str(item)
            for target in hc.target_results or []
            for service in target.get("services") or []
            for item in service.get("software") or []
        ]
    return out


def _software(org_ids: Iterable[int]) -> dict[int, str]:
    """The software product most seen by each organisation's latest finished health check."""
    out: dict[int, str] = {}
    for org_id, items in fingerprinted(org_ids).items():
        counts: dict[str, int] = defaultdict(int)
        for item in items:
            name = item.split("/")[0].split(" ")[0].strip().lower()
            if name:
                counts[name] += 1
        out[org_id] = max(sorted(counts), key=lambda k: counts[k]) if counts else UNKNOWN
    return out


@dataclass(frozen=True)
class PolicyRow:
    number: str
    insured: str
    sum_insured: Decimal
    coverages: dict[str, Decimal]  # coverage → sub-limit
    deductible: Decimal
    waiting_hours: int
    revenue: float
    segments: dict[str, str]


def policy_rows(valuation_date: date, insurer_id: int | None = None) -> list[PolicyRow]:
    policies = list(in_force_policies(valuation_date, insurer_id))
    if not policies:
        raise DomainError(
            AnalyticsError.NO_IN_FORCE_POLICIES,
            AnalyticsError.NO_IN_FORCE_POLICIES.meaning,
            field="valuation_date",
        )
    software = _software({p.insured_id for p in policies})
    rows = []
    for p in policies:
        answers = p.application.answers or {}
        coverages = list(p.coverages.all())
        bi = next((c for c in coverages if c.coverage == BI), None)
        deductible = bi.deductible if bi else min((c.deductible for c in coverages), default=Decimal(0))
        try:
            revenue = float(answers.get("operating_revenue") or 0)
        except (TypeError, ValueError):
            revenue = 0.0
        rows.append(
            PolicyRow(
                number=p.number,
                insured=p.insured_name,
                sum_insured=p.sum_insured,
                coverages={c.coverage: c.sub_limit for c in coverages},
                deductible=deductible,
                waiting_hours=bi.waiting_period_hours if bi else 0,
                revenue=revenue if math.isfinite(revenue) and revenue >= 0 else 0.0,
                segments={
                    "cloud": str(answers.get("cloud_provider") or UNKNOWN),
                    "region": p.insured.province or UNKNOWN,
                    "industry": str(answers.get("industry") or p.insured.industry or UNKNOWN),
                    "software": software.get(p.insured_id, UNKNOWN),
                },
            )
        )
    return rows


def _money(x: Decimal | float) -> str:
    return str(Decimal(x).quantize(Decimal("0.01")))


def exposure(
    valuation_date: date, by: str | None = None, *, top: int = 10, insurer_id: int | None = None
) -> dict[str, Any]:
    """Exposure of the in-force book on ``valuation_date`` (money as strings with 2 decimals)."""
    if by is not None and by not in DIMENSIONS:
        raise DomainError(AnalyticsError.INVALID_SEGMENT, AnalyticsError.INVALID_SEGMENT.meaning, field="by")
    rows = policy_rows(valuation_date, insurer_id)
    total = sum((r.sum_insured for r in rows), Decimal(0))
    by_coverage: dict[str, Decimal] = defaultdict(Decimal)
    for r in rows:
        for cov, limit in r.coverages.items():
            by_coverage[cov] += limit
    dims = [by] if by else list(DIMENSIONS)
    tables: dict[str, list[dict[str, Any]]] = {}
    accumulations: list[dict[str, Any]] = []
    for dim in dims:
        key = DIMENSIONS[dim]
        groups: dict[str, list[PolicyRow]] = defaultdict(list)
        for r in rows:
            groups[r.segments[key]].append(r)
        table: list[dict[str, Any]] = []
        for value, members in groups.items():
            si = sum((m.sum_insured for m in members), Decimal(0))
            table.append(
                {
                    "value": value,
                    "policies": len(members),
                    "sum_insured": _money(si),
                    "share": float(si / total) if total else 0.0,
                }
            )
            if value != UNKNOWN:
                accumulations.append(
                    {"dimension": dim, "value": value, "policies": len(members), "sum_insured": si}
                )
        table.sort(key=lambda t: (-Decimal(t["sum_insured"]), t["value"]))
        tables[dim] = table
    accumulations.sort(key=lambda a: (-a["sum_insured"], a["dimension"], a["value"]))
    return {
        "valuation_date": valuation_date.isoformat(),
        "policies": len(rows),
        "sum_insured": _money(total),
        "by_coverage": {k: _money(v) for k, v in sorted(by_coverage.items())},
        "by": tables,
        "top_accumulations": [{**a, "sum_insured": _money(a["sum_insured"])} for a in accumulations[:top]],
    }


def demo_book() -> Book:
    """The demo synthetic book: generated from a fixed seed on request, never stored (marked synthetic)."""
    return synthetic_book(DEMO_SYNTHETIC_POLICIES, seed=DEMO_SYNTHETIC_SEED)


def book_exposure(book: Book, *, top: int = 10) -> dict[str, Any]:
    """Exposure of a :class:`Book` (the synthetic book) in the layout of :func:`exposure`.

    A book holds one limit per policy, not sub-limits by coverage, so ``by_coverage`` is empty.
    """
    total = float(book.sum_insured.sum())
    tables: dict[str, list[dict[str, Any]]] = {}
    accumulations: list[dict[str, Any]] = []
    for dim, key in DIMENSIONS.items():
        seg = book.segments[key]
        counts = np.bincount(seg.codes, minlength=len(seg.labels))
        sums = np.bincount(seg.codes, weights=book.sum_insured, minlength=len(seg.labels))
        table: list[dict[str, Any]] = [
            {
                "value": label,
                "policies": int(counts[k]),
                "sum_insured": _money(float(sums[k])),
                "share": float(sums[k] / total) if total else 0.0,
            }
            for k, label in enumerate(seg.labels)
            if counts[k]
        ]
        table.sort(key=lambda t: (-Decimal(t["sum_insured"]), t["value"]))
        tables[dim] = table
        accumulations += [
            {
                "dimension": dim,
                "value": t["value"],
                "policies": t["policies"],
                "sum_insured": t["sum_insured"],
            }
            for t in table
            if t["value"] != UNKNOWN
        ]
    accumulations.sort(key=lambda a: (-Decimal(a["sum_insured"]), a["dimension"], a["value"]))
    return {
        "valuation_date": None,
        "synthetic": True,
        "policies": book.size,
        "sum_insured": _money(total),
        "by_coverage": {},
        "by": tables,
        "top_accumulations": accumulations[:top],
    }


def in_force_book(valuation_date: date, insurer_id: int | None = None) -> Book:
    """The in-force book as arrays, with attritional assumptions from the default assumption set.

    Frequency: the set's Poisson mean for the revenue band and industry. Severity: a lognormal
    through the median and 90th percentile of the set's SME severity (a judgement
    simplification of its mixture). Deductible and waiting period: the business-interruption
    coverage's (else the smallest deductible). Occurrence limit and annual cap: the sum
    insured. BI per hour: operating revenue / 8,760 (revenue, not gross profit: prudent).
    """
    rows = policy_rows(valuation_date, insurer_id)
    aset = default_assumption_set()
    sme = aset.severity("sme")
    med, p90 = (float(v) for v in sme.ppf(np.array([0.5, 0.9])))
    ln = fit_lognormal_median_percentile(med, p90, 0.9)
    freq = [aset.frequency(r.segments["industry"], aset.revenue_band(r.revenue)).mean for r in rows]
    si = np.array([float(r.sum_insured) for r in rows])
    return Book(
        freq=np.array(freq),
        mu=np.full(len(rows), ln.mu),
        sigma=np.full(len(rows), ln.sigma),
        deductible=np.array([float(r.deductible) for r in rows]),
        limit=si,
        sum_insured=si,
        bi_per_hour=np.array([r.revenue / HOURS_A_YEAR for r in rows]),
        waiting_hours=np.array([float(r.waiting_hours) for r in rows]),
        segments={k: Segment.from_values([r.segments[k] for r in rows]) for k in DIMENSIONS.values()},
        ids=tuple(r.number for r in rows),
    )


def scenario_name(name: str) -> str:
    """``name`` if the library has it, else a coded error on ``scenario``."""
    try:
        return get_scenario(name).name
    except UnknownScenario:
        raise DomainError(
            AnalyticsError.UNKNOWN_SCENARIO, AnalyticsError.UNKNOWN_SCENARIO.meaning, field="scenario"
        ) from None


def scenario(
    name: str,
    valuation_date: date | None,
    *,
    value: str | None = None,
    insurer_id: int | None = None,
    book: Book | None = None,
) -> dict[str, Any]:
    """A scenario on the in-force book on ``valuation_date`` (or on ``book`` when given)."""
    sc = get_scenario(scenario_name(name))
    if book is None:
        if valuation_date is None:
            raise DomainError(
                AnalyticsError.NO_IN_FORCE_POLICIES,
                AnalyticsError.NO_IN_FORCE_POLICIES.meaning,
                field="valuation_date",
            )
        book = in_force_book(valuation_date, insurer_id)
    try:
        result = run_scenario(book, sc, value=value)
    except ValueError as exc:
        raise DomainError(AnalyticsError.UNKNOWN_SCENARIO, str(exc), field="value") from None
    out = result.to_dict()
    out["valuation_date"] = valuation_date.isoformat() if valuation_date and not book.synthetic else None
    out["policies"] = [
        {"number": book.ids[i] if book.ids else str(i), "insured_loss": float(loss)}
        for i, loss in zip(result.policy_index, result.policy_insured, strict=True)
    ]
    return out


def check_years(years: object) -> int:
    """``years`` if it is a whole number from 1 to ``MAX_YEARS`` (the one bound of the command, the API
    and the page, quoted by the message), else a coded error on ``years``."""
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= MAX_YEARS:
        raise DomainError(
            AnalyticsError.INVALID_YEARS,
            AnalyticsError.INVALID_YEARS.meaning,
            field="years",
            max=f"{MAX_YEARS:,}",
        )
    return years


def simulate(
    *,
    years: int,
    seed: int,
    valuation_date: date | None = None,
    synthetic: int | None = None,
    synthetic_seed: int = DEMO_SYNTHETIC_SEED,
    executor: Any = None,
    progress: Callable[[int, int], None] | None = None,
    insurer_id: int | None = None,
) -> PortfolioResult:
    """The stochastic model on the in-force book, or on a synthetic book of ``synthetic`` policies."""
    check_years(years)
    if synthetic is not None:
        if isinstance(synthetic, bool) or not 1 <= synthetic <= MAX_SYNTHETIC:
            raise DomainError(
                AnalyticsError.INVALID_SYNTHETIC,
                AnalyticsError.INVALID_SYNTHETIC.meaning,
                field="synthetic",
                max=f"{MAX_SYNTHETIC:,}",
            )
        book = synthetic_book(synthetic, seed=synthetic_seed)
    else:
        if valuation_date is None:
            raise DomainError(
                AnalyticsError.NO_IN_FORCE_POLICIES,
                AnalyticsError.NO_IN_FORCE_POLICIES.meaning,
                field="valuation_date",
            )
        book = in_force_book(valuation_date, insurer_id)
    return run_simulation(book, n_years=years, seed=seed, executor=executor, progress=progress)

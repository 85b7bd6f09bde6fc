"""Quote pricing (保险费率厘定) for every plan of a product version.

Per plan: the assumption set's Poisson frequency for the applicant's industry and revenue band, times
the product's rating modifiers (bounded), the set's severity, and the plan's terms — per-occurrence
deductible (the smallest non-zero deductible of the plan's loss coverages) and limit, and an annual
aggregate limit, both the sum insured — give the annual insured loss distribution by FFT
(:func:`cyberins.actuarial.fft_aggregate`). :func:`cyberins.actuarial.price` loads it into the
insurance price; the included scheduled services are added at price-book cost (服务价格体系).

Breakdown, all amounts rounded once by :func:`cyberins.terms.round_money` and adding up exactly::

    gross      = pure + risk load + fixed expense + expense load + commission + profit
    adjusted   = round(gross × underwriter factor)                     (underwriter adjustment)
    insurance  = max(adjusted, minimum premium − service price)       (minimum adjustment)
    premium    = insurance + service price                             (VAT included)

The frequency is the set's base rate × the bounded product of the rating modifiers × the health
check's premium modifier (the scanner's, from published relative risks of the findings) × the version's
``frequency_scale`` (the share of the enterprise's incidents that reach the insured systems: below 1
for products that insure named systems rather than the whole enterprise).
    VAT        = round(premium × r / (1 + r)), r = 6 %;  net = premium − VAT

Speed: price computations are deterministic, so the annual loss distribution of a risk cell —
(assumption-set fingerprint, frequency, severity, deductible, limit) — is memoised in a bounded LRU
(:func:`insured_loss`), and the plans and deductibles of a filed or published version, which are
immutable, are read once per process (:func:`_plan_terms`). Service prices come from the price book on
every quote (it may change).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Q
from django.utils import timezone

from cyberins.actuarial import (
    Frequency,
    Poisson,
    PolicyTerms,
    ServiceItem,
    Severity,
    default_assumption_set,
    fft_aggregate,
    price,
)
from cyberins.actuarial.results import LatticeResult
from cyberins.products.models import Plan, PlanService, ProductVersion, ScheduleRule
from cyberins.providers.models import PriceBookEntry
from cyberins.terms import local_date, round_money

SCHEDULED = (ScheduleRule.WITHIN_MONTHS, ScheduleRule.AFTER_MONTHS)
#: risk cells kept per process; one distribution is ~1,000 lattice points (~30 kB with its cached curves)
LOSS_CACHE_SIZE = 512
PLAN_CACHE_SIZE = 64
T = TypeVar("T")


@functools.lru_cache(maxsize=LOSS_CACHE_SIZE)
def insured_loss(
    fingerprint: str, frequency: Frequency, severity: Severity, terms: PolicyTerms
) -> LatticeResult:
    """The annual insured loss distribution of one risk cell, memoised (read-only once made).

    ``fingerprint`` is the assumption set's: a new set never reuses an old cell's distribution.
    """
    del fingerprint  # part of the key only
    return fft_aggregate(frequency, severity, terms)


@dataclass(frozen=True)
class PlanTerms:
    """What pricing reads from a plan of an immutable version."""

    pk: int
    code: str
    name: str  # Chinese; quotes keep both languages (``plan_name``, ``plan_name_en``)
    name_en: str
    sum_insured: Decimal
    minimum_premium: Decimal
    deductible: Decimal


@dataclass(frozen=True)
class PlanServiceTerms:
    """An included scheduled service of a plan of an immutable version (prices are read per quote)."""

    plan_id: int
    service_id: int
    code: str
    name: str
    name_en: str
    quantity: int


_immutable: OrderedDict[tuple[str, int, str, datetime | None], tuple[Any, ...]] = OrderedDict()
_immutable_lock = threading.Lock()


def _per_version(
    kind: str, version: ProductVersion, read: Callable[[ProductVersion], tuple[T, ...]]
) -> tuple[T, ...]:
    """``read(version)``, cached per process once the version is filed or published (then immutable)."""
    if version.is_editable:
        return read(version)
    key = (kind, version.pk, str(version.status), version.published_at or version.filed_at)
    with _immutable_lock:
        if key in _immutable:
            _immutable.move_to_end(key)
            return _immutable[key]
    found = read(version)
    with _immutable_lock:
        _immutable[key] = found
        while len(_immutable) > PLAN_CACHE_SIZE:
            _immutable.popitem(last=False)
    return found


def _read_plan_terms(version: ProductVersion) -> tuple[PlanTerms, ...]:
    return tuple(
        PlanTerms(
            pk=plan.pk,
            code=plan.code,
            name=plan.name_zh_hans or plan.name,
            name_en=plan.name_en or plan.name_zh_hans or plan.name,
            sum_insured=plan.sum_insured,
            minimum_premium=plan.minimum_premium,
            deductible=_deductible(plan),
        )
        for plan in version.plans.prefetch_related("coverages")
    )


def _plan_terms(version: ProductVersion) -> tuple[PlanTerms, ...]:
    return _per_version("plans", version, _read_plan_terms)


def _read_plan_services(version: ProductVersion) -> tuple[PlanServiceTerms, ...]:
    rows = PlanService.objects.filter(plan__version=version, included=True, rule__in=SCHEDULED)
    return tuple(
        PlanServiceTerms(plan_id, service_id, code, name, name_en or name, quantity)
        for plan_id, service_id, code, name, name_en, quantity in rows.order_by("pk").values_list(
            "plan_id", "service_id", "service__code", "service__name_zh_hans", "service__name_en", "quantity"
        )
    )


def frequency_modifier(rating: dict[str, Any], answers: dict[str, Any], grade: str) -> Decimal:
    """Product of the rating modifiers that apply to these answers, clamped to the version's bounds."""
    mods = rating.get("modifiers", {})
    factor = Decimal(mods.get("industry", {}).get(answers.get("industry"), "1"))
    staff, staff_factor = int(answers.get("security_staff", 0)), Decimal(1)
    for threshold, value in mods.get("security_staff", []):
        if staff >= threshold:
            staff_factor = Decimal(value)
    factor *= staff_factor
    factor *= Decimal(mods.get("cloud_provider", {}).get(answers.get("cloud_provider"), "1"))
    for kind in answers.get("sensitive_data", []):
        factor *= Decimal(mods.get("sensitive_data", {}).get(kind, "1"))
    if grade:
        factor *= Decimal(mods.get("grade", {}).get(grade, "1"))
    low, high = (Decimal(b) for b in rating.get("modifier_bounds", ["0", "100"]))
    return min(max(factor, low), high)


def _deductible(plan: Plan) -> Decimal:
    amounts = [c.deductible for c in plan.coverages.all() if c.deductible > 0]
    return min(amounts) if amounts else Decimal(0)


def _services(version: ProductVersion) -> dict[int, list[ServiceItem]]:
    """The included scheduled services of each plan at today's standard price-book prices.

    The plans' services are immutable with the version; the prices are read on every quote (the book
    may change at any time), in one query over the standard entries valid today.
    """
    included = _per_version("services", version, _read_plan_services)
    if not included:
        return {}
    prices = _standard_prices({s.service_id for s in included}, local_date(timezone.now()))
    found: dict[int, list[ServiceItem]] = {}
    for s in included:
        found.setdefault(s.plan_id, []).append(
            ServiceItem(
                code=s.code, unit_price=prices.get(s.service_id, Decimal(0)), quantity=s.quantity, name=s.name
            )
        )
    return found


def _standard_prices(service_ids: set[int], day: date) -> dict[int, Decimal]:
    """The standard (not provider-specific) unit price of each service on ``day``: the latest entry
    valid then, as ``ServiceItem.price_on`` picks it (0 where the book has none)."""
    rows = (
        PriceBookEntry.objects.filter(item_id__in=service_ids, provider__isnull=True, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("item_id", "valid_from")
        .values_list("item_id", "unit_price")
    )
    return dict(rows)  # ordered by valid_from: the latest entry of each service wins


def minimum_before_vat(minimum_total: Decimal, vat_rate: Decimal) -> Decimal:
    """The smallest amount before VAT whose total with VAT reaches ``minimum_total``."""
    before = round_money(minimum_total / (1 + vat_rate))
    while before + round_money(before * vat_rate) < minimum_total:
        before += Decimal("0.01")
    return before


def price_plan(
    plan: PlanTerms,
    *,
    services: list[ServiceItem],
    frequency: Poisson,
    severity: Any,
    loadings: Any,
    factor: Decimal,
    vat_rate: Decimal,
    assumption_ref: dict[str, str],
    service_names_en: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One plan's option as the quote keeps it; names in both languages (``*_en`` beside the Chinese),
    so a quote reads the same in either language whenever it is shown."""
    english = service_names_en or {}
    service_price = sum((s.amount for s in services), Decimal("0.00"))
    limit = float(plan.sum_insured)
    terms = PolicyTerms(deductible=float(plan.deductible), limit=limit, aggregate_limit=limit)
    result = insured_loss(assumption_ref["fingerprint"], frequency, severity, terms)
    quote = price(
        result, replace(loadings, minimum_premium=0.0), sum_insured=limit, assumption_set=assumption_ref
    )
    adjusted = round_money(quote.gross_premium * factor)
    insurance = max(adjusted, minimum_before_vat(plan.minimum_premium, vat_rate) - service_price)
    before_vat = insurance + service_price
    vat = round_money(before_vat * vat_rate)
    breakdown = {
        "pure_premium": quote.pure_premium,
        "risk_load": quote.risk_load,
        "fixed_expense": quote.fixed_expense,
        "expense_load": quote.expense_load,
        "commission": quote.commission,
        "profit_load": quote.profit_load,
        "underwriter_adjustment": adjusted - quote.gross_premium,
        "minimum_adjustment": insurance - adjusted,
        "service_price": service_price,
        "vat": vat,
    }
    premium = before_vat + vat
    return {
        "plan": plan.code,
        "plan_name": plan.name,
        "plan_name_en": plan.name_en,
        "sum_insured": str(plan.sum_insured),
        "deductible": str(round_money(Decimal(str(terms.deductible)))),
        "expected_loss": str(round_money(Decimal(str(result.mean)))),
        "breakdown": {key: str(value) for key, value in breakdown.items()},
        "services": [
            {"code": s.code, "name": s.name, "name_en": english.get(s.code, s.name), "amount": str(s.amount)}
            for s in services
        ],
        "insurance_price": str(insurance),
        "premium_before_vat": str(before_vat),
        "vat": str(vat),
        "premium": str(premium),
        "rate": str((premium / plan.sum_insured).quantize(Decimal("0.000001"))),
    }


def price_application(
    version: ProductVersion,
    answers: dict[str, Any],
    *,
    grade: str = "",
    health_modifier: Decimal = Decimal(1),
    adjustment: Decimal = Decimal(1),
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """(options per plan, assumption-set reference) for a cleaned questionnaire."""
    rating = version.rating
    assumptions = default_assumption_set()
    band = assumptions.revenue_band(float(answers["operating_revenue"]))
    base = assumptions.frequency(answers["industry"], band)
    factor = frequency_modifier(rating, answers, grade) * health_modifier
    frequency = Poisson(base.mean * float(factor * Decimal(rating.get("frequency_scale", "1"))))
    severity = assumptions.severity(rating.get("segment", "sme"))
    loadings = replace(assumptions.loadings(), **rating.get("loadings", {}))
    reference = assumptions.reference() | {"revenue_band": band, "frequency_modifier": str(factor)}
    services = _services(version)
    english = {s.code: s.name_en for s in _per_version("services", version, _read_plan_services)}
    options = [
        price_plan(
            plan,
            services=services.get(plan.pk, []),
            frequency=frequency,
            severity=severity,
            loadings=loadings,
            factor=adjustment,
            vat_rate=Decimal(rating.get("vat_rate", "0.06")),
            assumption_ref=reference,
            service_names_en=english,
        )
        for plan in _plan_terms(version)
    ]
    return options, reference

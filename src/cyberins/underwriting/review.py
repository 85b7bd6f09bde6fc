"""What the underwriter's workbench shows of a referral: the answers under the questionnaire's own
labels, the premium breakdown at the current and at a previewed adjustment factor, and the queue's
ages and filters. Reads only; the decision itself is ``services.do_decide_referral``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.errors import DomainError
from cyberins.products.questionnaire import SYSTEM_FIELDS
from cyberins.underwriting.models import Application
from cyberins.underwriting.pricing import price_application

#: the internal parts of the premium, in the order the pricing adds them up (insurer roles only)
INTERNAL_LINES: list[tuple[str, Any]] = [
    ("pure_premium", _("Pure premium")),
    ("risk_load", _("Risk load")),
    ("fixed_expense", _("Fixed expense")),
    ("expense_load", _("Expense load")),
    ("commission", _("Commission")),
    ("profit_load", _("Profit")),
    ("underwriter_adjustment", _("Underwriter adjustment")),
    ("minimum_adjustment", _("Minimum premium adjustment")),
]


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _label(question: dict[str, Any]) -> str:
    return str(question["label"]["en" if _english() else "zh"])


def _shown(question: dict[str, Any], value: Any) -> str:
    """An answer as the applicant chose it: listed options by their label, not their stored key."""
    if question["type"] in ("choice", "multichoice"):
        names = {c["value"]: c["en" if _english() else "zh"] for c in question["choices"]}
        values = value if isinstance(value, list) else [value]
        return (", " if _english() else "、").join(str(names.get(v, v)) for v in values)
    return str(value)


@dataclass(frozen=True)
class AnswerRow:
    key: str
    label: str
    value: str


def answer_rows(questions: list[dict[str, Any]], answers: dict[str, Any]) -> list[AnswerRow]:
    """One row per answered question, in the questionnaire's order; systems one row each."""
    rows: list[AnswerRow] = []
    for question in questions:
        value: Any = answers.get(question["key"])
        if value in (None, "", []):
            continue
        if question["type"] == "systems":
            for index, system in enumerate(value, start=1):
                parts = [
                    f"{_label(sub)}: {system[sub['key']]}" for sub in SYSTEM_FIELDS if sub["key"] in system
                ]
                rows.append(
                    AnswerRow(f"{question['key']}.{index}", f"{_label(question)} {index}", " · ".join(parts))
                )
        else:
            rows.append(AnswerRow(question["key"], _label(question), _shown(question, value)))
    return rows


def authority(application: Application) -> tuple[Decimal, Decimal]:
    low, high = application.product_version.rating.get("authority", ("0.80", "1.20"))
    return Decimal(low), Decimal(high)


def parse_factor(application: Application, raw: str | None) -> Decimal:
    """The previewed factor, within the underwriter's authority; a coded error naming the field if not."""
    if raw is None or not raw.strip():
        return application.adjustment
    low, high = authority(application)
    try:
        factor = Decimal(raw.strip())
    except InvalidOperation:
        factor = Decimal("NaN")
    if not factor.is_finite() or not low <= factor <= high:
        raise DomainError(
            "underwriting.outside_authority",
            _("The adjustment must be between %(low)s and %(high)s."),
            field="adjustment",
            low=low,
            high=high,
        )
    return factor


@dataclass(frozen=True)
class PlanPreview:
    plan: str
    plan_name: str
    current: dict[str, Any]
    previewed: dict[str, Any]

    @property
    def change(self) -> Decimal:
        return Decimal(self.previewed["premium"]) - Decimal(self.current["premium"])


def preview(application: Application, factor: Decimal) -> list[PlanPreview]:
    """Every plan priced at the application's factor and at ``factor`` (the same pricing a quote uses;
    the loss distributions are memoised, so the second pricing costs little)."""

    def priced(adjustment: Decimal) -> list[dict[str, Any]]:
        options, _reference = price_application(
            application.product_version,
            application.answers,
            grade=application.health_grade,
            health_modifier=application.health_modifier,
            adjustment=adjustment,
        )
        return options

    current, previewed = priced(application.adjustment), priced(factor)
    return [PlanPreview(c["plan"], c["plan_name"], c, p) for c, p in zip(current, previewed, strict=True)]


AGE_FILTERS: dict[str, int] = {"1": 1, "3": 3, "7": 7}


def filter_queue(
    referrals: QuerySet[Application],
    *,
    product: str = "",
    reason: str = "",
    older_than: str = "",
    now: datetime,
) -> QuerySet[Application]:
    """The workbench queue narrowed by product code, reason code and minimum age in days."""
    if product:
        referrals = referrals.filter(product_version__product__code=product)
    if older_than in AGE_FILTERS:
        referrals = referrals.filter(submitted_at__lte=now - timedelta(days=AGE_FILTERS[older_than]))
    if reason:
        # reasons are a JSON list; filtering in Python keeps SQLite and PostgreSQL alike
        keep = [a.pk for a in referrals if any(r.get("code") == reason for r in a.reasons)]
        referrals = referrals.filter(pk__in=keep)
    return referrals


def age(application: Application, now: datetime) -> timedelta:
    return now - (application.submitted_at or application.created_at)


def breakdown_table(plans: list[PlanPreview]) -> list[tuple[Any, list[tuple[str, str]]]]:
    """Rows of the workbench's premium table: a label, then (current, previewed) per plan."""
    rows: list[tuple[Any, list[tuple[str, str]]]] = [
        (label, [(p.current["breakdown"][key], p.previewed["breakdown"][key]) for p in plans])
        for key, label in INTERNAL_LINES
    ]
    rows.append(
        (
            _("Service price"),
            [
                (p.current["breakdown"]["service_price"], p.previewed["breakdown"]["service_price"])
                for p in plans
            ],
        )
    )
    rows.append((_("VAT"), [(p.current["vat"], p.previewed["vat"]) for p in plans]))
    return rows


#: sample risks for the actuary's pricing preview: a small, a middle and a large enterprise
SAMPLE_RISKS: list[tuple[Any, dict[str, Any]]] = [
    (
        _("Software firm, CNY 50 million revenue, 80 employees"),
        {
            "industry": "I",
            "operating_revenue": "50000000",
            "security_staff": 2,
            "employees": 80,
            "cloud_provider": "domestic_public",
            "sensitive_data": ["personal"],
        },
    ),
    (
        _("Shipping group, CNY 800 million revenue, 420 employees"),
        {
            "industry": "G",
            "operating_revenue": "800000000",
            "security_staff": 3,
            "employees": 420,
            "cloud_provider": "private",
            "sensitive_data": ["personal", "financial"],
        },
    ),
    (
        _("Bank, CNY 5 billion revenue, 3,000 employees"),
        {
            "industry": "J",
            "operating_revenue": "5000000000",
            "security_staff": 40,
            "employees": 3000,
            "cloud_provider": "private",
            "sensitive_data": ["personal", "financial"],
        },
    ),
]


def sample_pricing(version: Any) -> list[tuple[Any, list[dict[str, Any]]]]:
    """Each sample risk priced on ``version`` (a draft too) exactly as a quote would be."""
    return [(label, price_application(version, answers)[0]) for label, answers in SAMPLE_RISKS]

"""Checks of a draft's questionnaire and rating tables before they are saved (no database).

Each check returns the cleaned value or raises one coded :class:`DomainError` naming the field
(``questionnaire.3.max``, ``rating.modifiers.grade``), so a bad edit changes nothing. The questions
and rating entries that other apps read (pricing, the underwriting rules, the policy schedule) are
pinned: they must stay, with their type, or those apps would fail on the answers.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from cyberins.accounts.errors import DomainError
from cyberins.actuarial import default_assumption_set
from cyberins.products.questionnaire import INDUSTRIES

QUESTION_TYPES = ("text", "integer", "amount", "choice", "multichoice", "systems")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
LABEL_MAX = 200
#: questions pricing and the rules cannot do without (key → type); they stay required
PINNED = {"industry": "choice", "operating_revenue": "amount", "insured_systems": "systems"}
#: questions read by the rules, the plausibility checks or the schedule when present (key → type)
TYPED = {
    "security_staff": "integer",
    "employees": "integer",
    "sensitive_data": "multichoice",
    "cloud_provider": "choice",
    "revenue_confirmed": "choice",
    "unit_name": "text",
    "office_address": "text",
    "unit_nature": "choice",
}
INDUSTRY_CODES = {code for code, _zh, _en in INDUSTRIES}
GRADES = ("A", "B", "C", "D", "E", "F")
#: modifier table → the question whose answers it keys on ("grade": the health check's)
MAP_MODIFIERS = {
    "industry": "industry",
    "cloud_provider": "cloud_provider",
    "sensitive_data": "sensitive_data",
}
SEGMENTS = ("sme", "large")


def invalid_number(field: str, low: Any, high: Any) -> DomainError:
    return DomainError(
        "products.invalid_number",
        _("Enter a number from %(min)s to %(max)s."),
        field=field,
        min=low,
        max=high,
    )


def number(raw: Any, field: str, low: Decimal, high: Decimal, *, whole: bool = False) -> Decimal:
    """``raw`` as a Decimal within [low, high] (a whole number when ``whole``)."""
    if isinstance(raw, bool):
        raise invalid_number(field, low, high)
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise invalid_number(field, low, high) from None
    if not value.is_finite() or not low <= value <= high or (whole and value != value.to_integral()):
        raise invalid_number(field, low, high)
    return value


def text(raw: Any, field: str, limit: int = LABEL_MAX) -> str:
    value = str(raw if raw is not None else "").strip()
    if not value or len(value) > limit:
        raise DomainError(
            "products.invalid_text", _("Enter a text of at most %(max)s characters."), field=field, max=limit
        )
    return value


def unknown_choice(field: str) -> DomainError:
    return DomainError("products.unknown_choice", _("Choose one of the listed options."), field=field)


def _choices(question: dict[str, Any], field: str) -> list[dict[str, str]]:
    raw = question.get("choices")
    if not isinstance(raw, list) or not raw:
        raise DomainError("products.no_choices", _("List at least one option."), field=f"{field}.choices")
    cleaned, seen = [], set()
    for index, choice in enumerate(raw):
        where = f"{field}.choices.{index}"
        choice = choice if isinstance(choice, dict) else {}
        value = str(choice.get("value", "")).strip()
        if not KEY.match(value.lower()) or value in seen:
            raise DomainError(
                "products.invalid_key",
                _("Use a unique key: letters, digits and underscores, starting with a letter (at most 40)."),
                field=f"{where}.value",
            )
        seen.add(value)
        cleaned.append(
            {
                "value": value,
                "zh": text(choice.get("zh"), f"{where}.zh"),
                "en": text(choice.get("en"), f"{where}.en"),
            }
        )
    if question.get("key") == "industry" and not seen <= INDUSTRY_CODES:
        raise unknown_choice(f"{field}.choices")  # pricing knows the GB/T 4754 sections only
    return cleaned


def _bounds(question: dict[str, Any], field: str, low: Decimal, high: Decimal) -> dict[str, int]:
    """Whole-number ``min``/``max`` (the answers are compared with them as numbers; JSON keeps no
    Decimal), the lower not above the upper."""
    found: dict[str, int] = {}
    for name in ("min", "max"):
        if question.get(name) not in (None, ""):
            value = number(question[name], f"{field}.{name}", low, high, whole=True)
            found[name] = int(value)
    if "min" in found and "max" in found and found["min"] > found["max"]:
        raise DomainError(
            "products.invalid_bounds",
            _("The lower bound must not exceed the upper bound."),
            field=f"{field}.max",
        )
    return found


def clean_question(question: Any, field: str) -> dict[str, Any]:
    if not isinstance(question, dict):
        raise unknown_choice(field)
    key = str(question.get("key", "")).strip()
    if not KEY.match(key):
        raise DomainError(
            "products.invalid_key",
            _("Use a unique key: letters, digits and underscores, starting with a letter (at most 40)."),
            field=f"{field}.key",
        )
    kind = question.get("type")
    if kind not in QUESTION_TYPES:
        raise unknown_choice(f"{field}.type")
    raw_label = question.get("label")
    label: dict[str, Any] = raw_label if isinstance(raw_label, dict) else {}
    cleaned: dict[str, Any] = {
        "key": key,
        "type": kind,
        "required": question.get("required") is True,
        "label": {
            "zh": text(label.get("zh"), f"{field}.label.zh"),
            "en": text(label.get("en"), f"{field}.label.en"),
        },
        "section": text(question.get("section") or "unit", f"{field}.section", 20),
    }
    if kind in ("choice", "multichoice"):
        cleaned["choices"] = _choices(question, field)
    elif kind == "integer":
        cleaned |= _bounds(question, field, Decimal(0), Decimal("1e9"))
    elif kind == "amount":
        cleaned |= _bounds(question, field, Decimal(0), Decimal("1e15"))
    elif kind == "systems":
        cleaned |= _bounds(question, field, Decimal(1), Decimal(100))
    else:
        limit = question.get("max_length")
        limit = 500 if limit in (None, "") else limit
        cleaned["max_length"] = int(
            number(limit, f"{field}.max_length", Decimal(1), Decimal(2000), whole=True)
        )
    return cleaned


def check_questionnaire(questions: Any) -> list[dict[str, Any]]:
    """The cleaned question list; the pinned questions present, required and of their type."""
    if not isinstance(questions, list) or not questions:
        raise DomainError(
            "products.no_questionnaire", _("The version has no questionnaire."), field="questionnaire"
        )
    cleaned = [clean_question(q, f"questionnaire.{i}") for i, q in enumerate(questions)]
    seen: set[str] = set()
    for index, question in enumerate(cleaned):
        if question["key"] in seen:
            raise DomainError(
                "products.duplicate_key",
                _("The key %(key)s is used twice."),
                field=f"questionnaire.{index}.key",
                key=question["key"],
            )
        seen.add(question["key"])
    by_key = {q["key"]: q for q in cleaned}
    for key, kind in PINNED.items():
        found = by_key.get(key)
        if found is None or found["type"] != kind or not found["required"]:
            raise _pinned(key, kind)
    for key, kind in TYPED.items():
        if key in by_key and by_key[key]["type"] != kind:
            raise _pinned(key, kind)
    return cleaned


def _pinned(key: str, kind: str) -> DomainError:
    return DomainError(
        "products.pinned_question",
        _("The question %(key)s is read by pricing and the underwriting rules: keep it, of type %(type)s."),
        field=f"questionnaire.{key}",
        key=key,
        type=kind,
    )


def _factor(raw: Any, field: str) -> str:
    return str(number(raw, field, Decimal("0.01"), Decimal(10)))


def _pair(raw: Any, field: str, low: Decimal, high: Decimal) -> list[str]:
    """[lower, upper] with lower ≤ 1 ≤ upper, each within [low, high]."""
    if not isinstance(raw, list | tuple) or len(raw) != 2:
        raise invalid_number(field, low, high)
    lower, upper = (
        number(raw[0], f"{field}.0", low, Decimal(1)),
        number(raw[1], f"{field}.1", Decimal(1), high),
    )
    return [str(lower), str(upper)]


def check_rating(rating: Any, questions: list[dict[str, Any]]) -> dict[str, Any]:
    """The cleaned rating tables: modifiers keyed on this questionnaire's answers, bounded factors,
    loadings the assumption set accepts. Keys pricing does not read are kept as they were."""
    if not isinstance(rating, dict):
        raise unknown_choice("rating")
    cleaned = dict(rating)
    if rating.get("segment", "sme") not in SEGMENTS:
        raise unknown_choice("rating.segment")
    cleaned["calibrated"] = rating.get("calibrated") is True
    mods = rating.get("modifiers") or {}
    if not isinstance(mods, dict) or set(mods) - {*MAP_MODIFIERS, "grade", "security_staff"}:
        raise unknown_choice("rating.modifiers")
    options = {q["key"]: {c["value"] for c in q.get("choices", [])} for q in questions}
    modifiers: dict[str, Any] = {}
    for name, table in mods.items():
        field = f"rating.modifiers.{name}"
        if name == "security_staff":
            modifiers[name] = _thresholds(table, field)
            continue
        allowed = set(GRADES) if name == "grade" else options.get(MAP_MODIFIERS[name], set())
        if not isinstance(table, dict) or set(table) - allowed:
            raise DomainError(
                "products.unknown_rating_key",
                _("This table names an answer the questionnaire does not offer."),
                field=field,
            )
        modifiers[name] = {key: _factor(value, f"{field}.{key}") for key, value in table.items()}
    cleaned["modifiers"] = modifiers
    cleaned["modifier_bounds"] = _pair(
        rating.get("modifier_bounds", ["0.60", "2.50"]),
        "rating.modifier_bounds",
        Decimal("0.01"),
        Decimal(10),
    )
    cleaned["authority"] = _pair(
        rating.get("authority", ["0.80", "1.20"]), "rating.authority", Decimal("0.01"), Decimal(10)
    )
    cleaned["frequency_scale"] = str(
        number(rating.get("frequency_scale", "1"), "rating.frequency_scale", Decimal("0.01"), Decimal(1))
    )
    cleaned["vat_rate"] = str(
        number(rating.get("vat_rate", "0.06"), "rating.vat_rate", Decimal(0), Decimal("0.2"))
    )
    cleaned["loadings"] = _loadings(rating.get("loadings") or {})
    return cleaned


def _thresholds(table: Any, field: str) -> list[list[Any]]:
    """[[staff threshold, factor], …] with strictly increasing thresholds."""
    if not isinstance(table, list):
        raise invalid_number(field, 0, 100000)
    rows, last = [], -1
    for index, row in enumerate(table):
        if not isinstance(row, list | tuple) or len(row) != 2:
            raise invalid_number(f"{field}.{index}", 0, 100000)
        threshold = int(number(row[0], f"{field}.{index}.0", Decimal(last + 1), Decimal(100000), whole=True))
        rows.append([threshold, _factor(row[1], f"{field}.{index}.1")])
        last = threshold
    return rows


def _loadings(raw: Any) -> dict[str, Any]:
    """Only the risk load is the product's; the set's other loads apply (pricing replaces these)."""
    if not isinstance(raw, dict) or set(raw) - {"risk_load_method", "risk_load_factor"}:
        raise unknown_choice("rating.loadings")
    method = raw.get("risk_load_method", "std")
    factor = float(
        number(raw.get("risk_load_factor", 0), "rating.loadings.risk_load_factor", Decimal(0), Decimal(5))
    )
    try:
        replace(default_assumption_set().loadings(), risk_load_method=method, risk_load_factor=factor)
    except (ValueError, TypeError):
        raise unknown_choice("rating.loadings.risk_load_method") from None
    return {"risk_load_method": method, "risk_load_factor": factor}

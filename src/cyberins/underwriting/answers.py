"""Validation of questionnaire answers against the version's question definitions.

Every invalid answer gets its own coded, translated error naming the field (``systems.0.users``);
the caller saves nothing when any error is returned.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from cyberins.accounts.errors import DomainError
from cyberins.products.questionnaire import SYSTEM_FIELDS


def _error(field: str, code: str, message: Any, **params: Any) -> DomainError:
    return DomainError(f"questionnaire.{code}", message, field=field, **params)


def _clean_one(question: dict[str, Any], value: Any, field: str, errors: list[DomainError]) -> Any:
    kind = question["type"]
    if kind == "text":
        text = str(value).strip()
        if len(text) > question.get("max_length", 500):
            errors.append(
                _error(field, "too_long", _("Use at most %(max)s characters."), max=question["max_length"])
            )
        return text
    if kind in ("integer", "amount"):
        try:
            number: Decimal | int = int(value) if kind == "integer" else Decimal(str(value))
            if kind == "integer" and (isinstance(value, float) or str(value).strip() != str(number)):
                raise ValueError(value)
            if isinstance(number, Decimal) and not number.is_finite():
                raise ValueError(value)
        except (ValueError, TypeError, InvalidOperation):
            message = _("Enter a whole number.") if kind == "integer" else _("Enter an amount.")
            errors.append(_error(field, "not_a_number", message))
            return None
        if "min" in question and number < question["min"]:
            errors.append(
                _error(field, "too_small", _("The value must be at least %(min)s."), min=question["min"])
            )
        if "max" in question and number > question["max"]:
            errors.append(
                _error(field, "too_large", _("The value must be at most %(max)s."), max=question["max"])
            )
        return str(number) if kind == "amount" else number
    if kind == "choice":
        allowed = {choice["value"] for choice in question["choices"]}
        # Only a string can be a listed value; a list or object must be refused, not hashed (TypeError).
        if not isinstance(value, str) or value not in allowed:
            errors.append(_error(field, "unknown_choice", _("Choose one of the listed options.")))
        return value
    if kind == "multichoice":
        values = value if isinstance(value, list) else [value]
        allowed = {choice["value"] for choice in question["choices"]}
        if not values or any(not isinstance(v, str) or v not in allowed for v in values):
            errors.append(_error(field, "unknown_choice", _("Choose one or more of the listed options.")))
        return values
    if kind == "systems":
        return _clean_systems(question, value, field, errors)
    raise ValueError(f"unknown question type {kind}")


def _clean_systems(question: dict[str, Any], value: Any, field: str, errors: list[DomainError]) -> list[Any]:
    if not isinstance(value, list) or not value:
        errors.append(_error(field, "required", _("Name at least one system to insure.")))
        return []
    if len(value) > question.get("max", 20):
        errors.append(_error(field, "too_many", _("At most %(max)s systems."), max=question.get("max", 20)))
    systems = []
    for index, system in enumerate(value):
        system = system if isinstance(system, dict) else {}
        systems.append(clean_answers(SYSTEM_FIELDS, system, errors, prefix=f"{field}.{index}."))
    return systems


def _missing(value: Any) -> bool:
    return value is None or (
        isinstance(value, str | list) and not (value.strip() if isinstance(value, str) else value)
    )


def clean_answers(
    questions: list[dict[str, Any]],
    answers: dict[str, Any],
    errors: list[DomainError],
    *,
    prefix: str = "",
    partial: bool = False,
) -> dict[str, Any]:
    """Cleaned answers; problems are appended to ``errors``. ``partial`` (a draft) skips required checks."""
    cleaned: dict[str, Any] = {}
    known = {q["key"] for q in questions}
    for key in sorted(set(answers) - known):
        errors.append(_error(prefix + key, "unknown_question", _("This question is not part of the form.")))
    for question in questions:
        key, value = question["key"], answers.get(question["key"])
        if _missing(value):
            if question["required"] and not partial:
                errors.append(_error(prefix + key, "required", _("This question is required.")))
            continue
        cleaned[key] = _clean_one(question, value, prefix + key, errors)
    return cleaned


def validate_answers(
    questions: list[dict[str, Any]], answers: Any, *, partial: bool = False
) -> dict[str, Any]:
    """Clean answers or raise one DomainError listing every invalid field."""
    if not isinstance(answers, dict):
        raise DomainError("questionnaire.not_an_object", _("The answers must be an object."), field="answers")
    errors: list[DomainError] = []
    cleaned = clean_answers(questions, answers, errors, partial=partial)
    if errors:
        raise DomainError(
            "questionnaire.invalid",
            _("Some answers are missing or invalid."),
            field=errors[0].field,
            details=errors,
        )
    return cleaned

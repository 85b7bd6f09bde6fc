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


#: the largest revenue any enterprise reports (China's largest are near CNY 4 trillion); above it the
#: answer is a typing error, whatever the questionnaire's own bound says
REVENUE_CEILING = Decimal("10000000000000")
#: revenue per employee above which the applicant must confirm the figure (a missing 万/亿 unit is the
#: usual slip): CNY 20 million a head is several times that of China's most productive listed companies
REVENUE_PER_EMPLOYEE_TO_CONFIRM = Decimal("20000000")
CONFIRM_KEY = "revenue_confirmed"


def implausible(answers: dict[str, Any]) -> list[DomainError]:
    """Answers that are each valid but cannot all be true: more security staff than employees, a
    revenue beyond any enterprise's (or unusually high per head and not confirmed), "none of these"
    ticked beside a data type."""
    errors: list[DomainError] = []
    staff, employees = answers.get("security_staff"), answers.get("employees")
    if isinstance(staff, int) and isinstance(employees, int) and staff > employees:
        errors.append(
            _error(
                "security_staff",
                "staff_exceeds_employees",
                _("Security staff (%(staff)s) cannot exceed the employees (%(employees)s)."),
                staff=staff,
                employees=employees,
            )
        )
    revenue = answers.get("operating_revenue")
    if revenue is not None:
        amount = Decimal(revenue)
        if amount > REVENUE_CEILING:
            errors.append(
                _error(
                    "operating_revenue",
                    "too_large",
                    _("The value must be at most %(max)s."),
                    max=f"{REVENUE_CEILING:,}",
                )
            )
        elif (
            isinstance(employees, int)
            and amount > REVENUE_PER_EMPLOYEE_TO_CONFIRM * employees
            and answers.get(CONFIRM_KEY) != "yes"
        ):
            errors.append(
                _error(
                    "operating_revenue",
                    "revenue_unconfirmed",
                    _(
                        "The revenue is unusually high for %(employees)s employees: check the unit (CNY, not "
                        "10,000 CNY) and confirm it."
                    ),
                    employees=employees,
                )
            )
    data = answers.get("sensitive_data") or []
    if "none" in data and len(data) > 1:
        errors.append(
            _error(
                "sensitive_data",
                "contradictory",
                _("“None of these” cannot be chosen together with a type of information."),
            )
        )
    return errors


def validate_answers(
    questions: list[dict[str, Any]], answers: Any, *, partial: bool = False
) -> dict[str, Any]:
    """Clean answers or raise one DomainError listing every invalid field."""
    if not isinstance(answers, dict):
        raise DomainError("questionnaire.not_an_object", _("The answers must be an object."), field="answers")
    errors: list[DomainError] = []
    cleaned = clean_answers(questions, answers, errors, partial=partial)
    errors.extend(implausible(cleaned))
    if errors:
        raise DomainError(
            "questionnaire.invalid",
            _("Some answers are missing or invalid."),
            field=errors[0].field,
            details=errors,
        )
    return cleaned

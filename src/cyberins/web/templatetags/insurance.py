"""Template filters that present insurance values through the terms package.

``{{ amount|cny }}`` → ``¥190,000.00``; ``{{ code|coverage }}`` → the coverage's name in the page's
language (营业中断 / Business interruption).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import get_language

from cyberins.products.labels import question_type_label
from cyberins.terms import Text, chinese_uppercase, format_cny, get_coverage, is_english, localized

register = template.Library()


@register.filter
def cny(value: Decimal | str | int | None) -> str:
    return "—" if value in (None, "") else format_cny(value)  # type: ignore[arg-type]


@register.filter
def coverage(code: str) -> str:
    return get_coverage(code).name.for_language(get_language() or "zh-hans")


@register.filter
def cny_upper(value: Decimal | str | None) -> str:
    """The amount in Chinese uppercase, as receipts write it (人民币壹拾玖万元整)."""
    return "" if value in (None, "") else chinese_uppercase(Decimal(str(value)))


@register.filter
def in_language(mapping: dict[str, object], key: str) -> str:
    """``{{ option|in_language:"plan_name" }}``: a text kept in both languages in JSON (``plan_name`` and
    ``plan_name_en``, or ``{"zh", "en"}``), in the page's language, falling back to the Chinese."""
    return localized(mapping, key, get_language())


@register.filter
def pick(value: Text) -> str:
    """``{{ policy.period.wording|pick }}``: a :class:`~cyberins.terms.Text` in the page's language."""
    return value.for_language(get_language() or "zh-hans")


@register.filter
def question_type(code: str) -> str:
    """``{{ q.type|question_type }}`` → 单选 / Single choice."""
    return question_type_label(code)


@register.filter
def party(organisation: Any) -> str:
    """``{{ policy.insurer|party }}`` → the organisation's name in the page's language: its registered English
    name on English pages when it has one, the Chinese name otherwise."""
    if organisation is None:
        return ""
    return str(organisation.english_name if is_english(get_language()) else organisation.name)

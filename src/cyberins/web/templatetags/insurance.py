"""Template filters that present insurance values through the terms package.

``{{ amount|cny }}`` → ``¥190,000.00``; ``{{ code|coverage }}`` → the coverage's name in the page's
language (营业中断 / Business interruption).
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from cyberins.terms import chinese_uppercase, format_cny, get_coverage

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

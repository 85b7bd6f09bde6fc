"""Display formatting of amounts, rates and dates as printed on Chinese insurance documents."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from cyberins.terms import chinese_uppercase, format_date_en, format_date_zh, round_money

__all__ = [
    "chinese_uppercase",
    "format_amount",
    "format_date_bilingual",
    "format_date_en",
    "format_date_zh",
    "format_money",
    "format_rate",
]

CENT = Decimal("0.01")
CURRENCY_SYMBOLS = {"CNY": "¥", "USD": "US$", "EUR": "€", "HKD": "HK$"}


def format_amount(amount: Decimal) -> str:
    """``Decimal("190000")`` → ``190,000.00`` (to the cent, half up, thousands separated)."""
    return f"{round_money(amount):,.2f}"


def format_money(amount: Decimal, currency: str = "CNY") -> str:
    """``¥190,000.00``; a currency without a known symbol is written before: ``JPY 1,000.00``."""
    symbol = CURRENCY_SYMBOLS.get(currency)
    sign = "-" if amount < 0 else ""
    if symbol is None:
        return f"{sign}{currency} {format_amount(abs(amount))}"
    return f"{sign}{symbol}{format_amount(abs(amount))}"


def format_rate(rate: Decimal | None) -> str:
    """A rate (premium / sum insured) as a percentage: ``Decimal("0.1368")`` → ``13.68%``; None → ``-``.

    Up to four decimals of a percent are kept and trailing zeros dropped (``0.5`` → ``50%``).
    """
    if rate is None:
        return "-"
    percent = (rate * 100).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    text = f"{percent:f}".rstrip("0").rstrip(".")
    return f"{text}%"


def format_date_bilingual(day: date) -> str:
    """``2019年6月10日 (10 June 2019)``."""
    return f"{format_date_zh(day)} ({format_date_en(day)})"

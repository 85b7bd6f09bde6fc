"""The font lookup and the display formatting of amounts, rates and dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cyberins.documents import (
    CJKFontUnavailableError,
    FontSource,
    find_cjk_font,
    format_amount,
    format_date_en,
    format_date_zh,
    format_money,
    format_rate,
    register_fonts,
)
from cyberins.documents.fonts import FONT_ENV


def test_the_packaged_font_is_truetype_not_cff(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(FONT_ENV, raising=False)
    source = find_cjk_font()
    header = source.path.read_bytes()[:4096]
    assert header.startswith(b"ttcf")  # a collection of TrueType fonts, not CFF ("OTTO")
    assert b"glyf" in header


def test_fonts_register_once_with_a_faux_bold() -> None:
    fonts = register_fonts()
    assert register_fonts() is fonts
    assert fonts.faux_bold
    assert fonts.bold == fonts.regular


def test_a_configured_font_that_does_not_exist_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FONT_ENV, "/nonexistent/font.ttf")
    with pytest.raises(CJKFontUnavailableError, match=FONT_ENV):
        find_cjk_font()


def test_a_configured_font_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    font = tmp_path / "custom.ttc"
    font.write_bytes(b"ttcf")
    monkeypatch.setenv(FONT_ENV, f"{font}#1")
    assert find_cjk_font() == FontSource(font, 1)


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("190000"), "190,000.00"),
        (Decimal("26000.00"), "26,000.00"),
        (Decimal("0.005"), "0.01"),
        (Decimal("1234567.891"), "1,234,567.89"),
    ],
)
def test_amounts_are_shown_to_the_cent_with_thousands_separators(amount: Decimal, shown: str) -> None:
    assert format_amount(amount) == shown


def test_money_carries_the_currency_symbol() -> None:
    assert format_money(Decimal("190000.00")) == "¥190,000.00"
    assert format_money(Decimal("-5.5")) == "-¥5.50"
    assert format_money(Decimal("10"), "JPY") == "JPY 10.00"


def test_rates_are_percentages_without_trailing_zeros() -> None:
    assert format_rate(Decimal("0.136842")) == "13.6842%"
    assert format_rate(Decimal("0.06")) == "6%"
    assert format_rate(None) == "-"


def test_dates_as_printed_on_policies() -> None:
    assert format_date_zh(date(2019, 6, 10)) == "2019年6月10日"
    assert format_date_en(date(2020, 6, 9)) == "9 June 2020"

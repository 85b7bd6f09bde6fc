"""The quotation: plans side by side, the premium breakdown with VAT on its own line."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from reportlab.lib.units import mm

from cyberins.documents import render_quote
from cyberins.documents.layout import FRAME_PADDING, MARGIN

from .examples import cosco_quote
from .pdf_checks import assert_chinese_renders_as_glyphs, embedded_truetype_fonts, extracted_text


@pytest.fixture(scope="module")
def quote_pdf() -> bytes:
    return render_quote(cosco_quote())


def test_the_quote_reads_back_in_both_languages(quote_pdf: bytes) -> None:
    text = extracted_text(quote_pdf)
    for expected in [
        "网络安全保险报价单",
        "CYBER INSURANCE QUOTATION",
        "报价单号(Quote No.)",
        "投保人(Applicant)",
        "中远海运财产保险自保有限公司",
        "产品版本(Product Version)",
        "2019.1",
        "有效期至(Valid Until)",
        "2019年6月27日 (27 June 2019)",
        "方案 Plan A",
        "方案 Plan C",
        "¥1,000,000.00",
        "13.6842%",
        "纯风险保费",
        "Risk load",
        "Service price",
        "增值税 6%",
        "VAT 6%",
        "¥1,471.70",
        "¥26,000.00",
        "网络安全保险定价假设",
        "2019-05",
    ]:
        assert expected in text, expected


def test_the_cjk_font_is_embedded(quote_pdf: bytes) -> None:
    assert any("WenQuanYi" in name for name in embedded_truetype_fonts(quote_pdf))


def test_chinese_renders_as_glyphs_on_page_one() -> None:
    base = cosco_quote()

    def render(applicant: str) -> bytes:
        return render_quote(dataclasses.replace(base, applicant_name=applicant))

    assert_chinese_renders_as_glyphs(render, "(Applicant)", MARGIN + FRAME_PADDING + 58 * mm)


def test_a_breakdown_that_does_not_add_up_is_refused() -> None:
    breakdown = cosco_quote().breakdown
    with pytest.raises(ValueError, match="does not add up"):
        dataclasses.replace(breakdown, total=Decimal("26000.01"))


def test_vat_that_is_not_six_percent_is_refused() -> None:
    breakdown = cosco_quote().breakdown
    with pytest.raises(ValueError, match="VAT"):
        dataclasses.replace(breakdown, vat=Decimal("1500.00"), total=Decimal("26028.30"))


def test_the_chosen_plan_must_be_offered() -> None:
    with pytest.raises(ValueError, match="chosen plan"):
        dataclasses.replace(cosco_quote(), chosen_plan="Z")

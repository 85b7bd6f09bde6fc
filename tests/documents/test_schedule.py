"""The policy schedule: the seed's COSCO policy rendered, read back and rasterised."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

import pytest
from reportlab.lib.units import mm

from cyberins.documents import render_policy_schedule
from cyberins.documents.layout import FRAME_PADDING, MARGIN

from .examples import cosco_policy_schedule
from .pdf_checks import assert_chinese_renders_as_glyphs, embedded_truetype_fonts, extracted_text

VALUE_COLUMN_X = MARGIN + FRAME_PADDING + 58 * mm


@pytest.fixture(scope="module")
def cosco_pdf() -> bytes:
    return render_policy_schedule(cosco_policy_schedule())


def test_the_chinese_text_reads_back_from_the_pdf(cosco_pdf: bytes) -> None:
    text = extracted_text(cosco_pdf)
    for expected in [
        "中远海运财产保险自保有限公司",
        "网络安全应急响应服务险保险单（正本）",
        "保险单号(Policy No.)",
        "201290000002019000001",
        "系统使用人数(Operation Number)",
        "系统设备数(Equipment Number)",
        "¥190,000.00(人民币壹拾玖万元整)",
        "¥26,000.00",
        "自 2019年6月10日零时起 至 2020年6月9日二十四时止",
        "特别约定",
        "额外10%的免赔",
        "固定检测",
    ]:
        assert expected in text, expected


def test_the_english_labels_read_back_from_the_pdf(cosco_pdf: bytes) -> None:
    text = extracted_text(cosco_pdf)
    for expected in [
        "CYBER RISKS EMERGENCY RESPONSE INSURANCE (ORIGINAL)",
        "The Insured",
        "Total Sum Insured",
        "Period of Insurance",
        "Sum Insured",
        "Premium",
        "Warranties",
        "From 00:00 on 10 June 2019 to 24:00 on 9 June 2020",
    ]:
        assert expected in text, expected
    assert re.search(r"Page 1 of \d", text)


def test_the_items_table_shows_the_amounts_to_the_cent(cosco_pdf: bytes) -> None:
    text = extracted_text(cosco_pdf)
    assert "190,000.00" in text
    assert "26,000.00" in text
    # coverages by their names in both languages, never by the internal code
    assert "business_interruption" not in text
    assert "营业中断" in text
    assert "12 小时" in text


def test_the_cjk_font_is_embedded_as_truetype(cosco_pdf: bytes) -> None:
    embedded = embedded_truetype_fonts(cosco_pdf)
    assert any("WenQuanYi" in name for name in embedded), embedded


def test_chinese_renders_as_glyphs_on_page_one() -> None:
    base = cosco_policy_schedule()

    def render(uppercase: str) -> bytes:
        return render_policy_schedule(dataclasses.replace(base, total_sum_insured_uppercase=uppercase))

    assert_chinese_renders_as_glyphs(render, "Total Sum Insured", VALUE_COLUMN_X)


def test_rendering_is_deterministic(cosco_pdf: bytes) -> None:
    assert render_policy_schedule(cosco_policy_schedule()) == cosco_pdf


def test_a_total_that_is_not_the_sum_of_the_items_is_refused() -> None:
    with pytest.raises(ValueError, match="total_sum_insured"):
        dataclasses.replace(cosco_policy_schedule(), total_sum_insured=Decimal("200000.00"))


def test_a_period_ending_before_it_starts_is_refused() -> None:
    schedule = cosco_policy_schedule()
    with pytest.raises(ValueError, match="period"):
        dataclasses.replace(schedule, period_end=schedule.period_start.replace(year=2018))


def test_markup_characters_in_user_text_are_printed_not_parsed() -> None:
    schedule = dataclasses.replace(cosco_policy_schedule(), insured_name="A & B <Holdings> 有限公司")
    assert "A & B <Holdings> 有限公司" in extracted_text(render_policy_schedule(schedule))


def test_a_minimal_schedule_without_attachments_fits_on_one_page() -> None:
    schedule = dataclasses.replace(
        cosco_policy_schedule(),
        instalments=(),
        coverages=(),
        warranties=(),
        included_services=(),
        service_schedule=(),
    )
    text = extracted_text(render_policy_schedule(schedule))
    assert "Page 1 of 1" in text
    assert "特别约定" not in text

"""The health-check report, in Chinese and in English."""

from __future__ import annotations

import dataclasses

import pytest
from reportlab.lib.units import mm

from cyberins.documents import Finding, render_health_check_report
from cyberins.documents.layout import FRAME_PADDING, MARGIN
from cyberins.documents.report import Language

from .examples import cosco_health_check
from .pdf_checks import assert_chinese_renders_as_glyphs, embedded_truetype_fonts, extracted_text


@pytest.fixture(scope="module")
def chinese_pdf() -> bytes:
    return render_health_check_report(cosco_health_check(), lang="zh")


@pytest.fixture(scope="module")
def english_pdf() -> bytes:
    return render_health_check_report(cosco_health_check(), lang="en")


def test_the_chinese_report_uses_the_chinese_texts(chinese_pdf: bytes) -> None:
    text = extracted_text(chinese_pdf)
    for expected in [
        "网络安全体检报告",
        "受检单位",
        "中远海运财产保险自保有限公司",
        "安全评级",
        "78 / 100",
        "[严重] 远程代码执行漏洞",
        "立即升级 Struts2",
        "CVE-2017-5638",
        "已知被利用 (KEV)",
        "2019年5月27日",
        "Server: Apache Struts 2.3.31",
    ]:
        assert expected in text, expected
    assert "Remote code execution" not in text
    assert "Remediate by" not in text


def test_the_english_report_uses_the_english_texts(english_pdf: bytes) -> None:
    text = extracted_text(english_pdf)
    for expected in [
        "Cyber Security Health Check Report",
        "Organisation",
        "[Critical] Remote code execution (Apache Struts2)",
        "Upgrade Struts2 to 2.5.33",
        "Known exploited (KEV)",
        "27 May 2019",
        "Findings: Medium (1)",
    ]:
        assert expected in text, expected
    assert "立即升级" not in text


def test_findings_are_grouped_from_the_most_severe(english_pdf: bytes) -> None:
    text = extracted_text(english_pdf)
    positions = [text.index(f"Findings: {severity} (1)") for severity in ("Critical", "Medium", "Low")]
    assert positions == sorted(positions)
    assert "Findings: High" not in text


def test_the_grade_is_big_on_the_first_page(chinese_pdf: bytes) -> None:
    first_page = extracted_text(chinese_pdf).split("第 1 页")[0]
    assert "B" in first_page
    assert "78 / 100" in first_page


def test_the_cjk_font_is_embedded(english_pdf: bytes) -> None:
    assert any("WenQuanYi" in name for name in embedded_truetype_fonts(english_pdf))


@pytest.mark.parametrize(("lang", "label"), [("zh", "受检单位"), ("en", "Organisation")])
def test_chinese_renders_as_glyphs_on_page_one(lang: Language, label: str) -> None:
    base = cosco_health_check()

    def render(organisation: str) -> bytes:
        report = dataclasses.replace(base, organisation_name=organisation)
        return render_health_check_report(report, lang=lang)

    assert_chinese_renders_as_glyphs(render, label, MARGIN + FRAME_PADDING + 58 * mm)


def test_an_unknown_severity_is_refused() -> None:
    finding = cosco_health_check().findings[0]
    with pytest.raises(ValueError, match="severity"):
        dataclasses.replace(finding, severity="urgent")


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="lang"):
        render_health_check_report(cosco_health_check(), lang="fr")  # type: ignore[arg-type]


def test_finding_carries_both_texts() -> None:
    fields = {field.name for field in dataclasses.fields(Finding)}
    assert {"title_zh", "title_en", "advice_zh", "advice_en"} <= fields

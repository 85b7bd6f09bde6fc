"""The settlement letter (赔款通知书) and the loss-adjustment report (公估报告), as their readers see them."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from cyberins.documents import render_loss_adjustment_report, render_settlement_letter
from cyberins.documents.claim_data import ClaimAmounts, revision_label

from .claim_examples import cosco_adjustment_report, cosco_settlement_letter
from .pdf_checks import embedded_truetype_fonts, extracted_text, rasterise_first_page


def flat(pdf: bytes) -> str:
    """Extracted text without line breaks (table cells and long sentences wrap)."""
    return extracted_text(pdf).replace("\n", "")


@pytest.fixture(scope="module")
def letter_zh() -> str:
    return flat(render_settlement_letter(cosco_settlement_letter()))


@pytest.fixture(scope="module")
def letter_en() -> str:
    return flat(render_settlement_letter(cosco_settlement_letter(), language="en"))


def test_the_chinese_letter_states_the_amount_in_figures_and_in_uppercase(letter_zh: str) -> None:
    # 25,200 + 11,700 + 21,600 + 3,000 = 61,500.
    for expected in [
        "赔款通知书",
        "CLM-2019-000017",
        "致 中远海运财产保险自保有限公司",
        "2019年9月1日 10:00",
        "索赔金额",
        "核损金额",
        "赔付金额",
        "61,500.00",
        "人民币陆万壹仟伍佰元整",
        "人民币捌万捌仟元整",  # claimed 30,000 + 15,000 + 40,000 + 3,000
        "理算明细",
        "特别约定额外免赔 10%",
        "等待期 12 小时（中断 36 小时）",
        "施救费用：断网隔离",
        "安恒信息技术股份有限公司",
        "25,200.00",
        "36,300.00",
        "第二十三条",
        "（盖章）",
        "2019年10月8日",
    ]:
        assert expected in letter_zh, expected
    assert "Settlement Letter" not in letter_zh


def test_the_english_letter_keeps_the_uppercase_amount(letter_en: str) -> None:
    for expected in [
        "Settlement Letter",
        "1 September 2019, 10:00 (UTC+8)",
        "Amount payable",
        "(in Chinese: 人民币陆万壹仟伍佰元整)",
        "Additional 10% deductible",
        "Waiting period of 12 h (outage 36 h)",
        "Emergency response fees (paid",
        "within 10 days of our agreement",
        "8 October 2019",
    ]:
        assert expected in letter_en, expected
    assert "赔款通知书" not in letter_en


def test_the_letter_explains_the_penalty_only_when_it_applied(letter_zh: str) -> None:
    assert "额外免赔" in letter_zh
    without = dataclasses.replace(cosco_settlement_letter(), warranty_penalty_applied=False)
    assert "未及时整改" not in flat(render_settlement_letter(without))


def test_the_letter_lists_only_the_steps_that_changed_something(letter_zh: str) -> None:
    # No sub-limit or aggregate limit cut anything in this claim: those rows are left out.
    assert "分项赔偿限额" not in letter_zh
    assert "核定损失" in letter_zh


def test_a_letter_whose_payments_do_not_add_up_is_refused() -> None:
    letter = cosco_settlement_letter()
    with pytest.raises(ValueError, match="do not add up"):
        dataclasses.replace(letter, payments=letter.payments[:1])
    with pytest.raises(ValueError, match="non-negative"):
        ClaimAmounts(Decimal("1.00"), Decimal("-1.00"), Decimal("0.00"))


def test_the_letter_embeds_the_cjk_font_and_prints_ink() -> None:
    pdf = render_settlement_letter(cosco_settlement_letter())
    assert any("WenQuanYi" in name for name in embedded_truetype_fonts(pdf))
    image = rasterise_first_page(pdf)
    dark = sum(count for level, count in enumerate(image.histogram()) if level < 128)
    assert dark > 20_000  # a full letterhead, tables and text, not a blank page


@pytest.fixture(scope="module")
def report_zh() -> str:
    return flat(render_loss_adjustment_report(cosco_adjustment_report()))


def test_the_report_follows_the_structure_of_a_loss_adjusters_report(report_zh: str) -> None:
    sections = [
        "一、概述",
        "二、委托与查勘范围",
        "三、被保险人及保险标的",
        "四、事故经过、原因及责任认定",
        "五、损失核定及理算",
        "六、结论",
        "审核签发",
    ]
    positions = [report_zh.index(section) for section in sections]
    assert positions == sorted(positions)
    for expected in [
        "网络安全保险事故公估报告",
        "索赔金额",
        "核损金额",
        "建议赔额",
        "人民币陆万壹仟伍佰元整",
        "自保公司核心业务系统",
        "第二级",
        "CVE-2017-5638",
        "适用特别约定额外 10% 免赔",
        "分项赔偿限额（可用余额 ¥60,000.00）",  # the report shows every step, limits included
        "复原费用发票",
        "编制",
        "审核",
        "签发",
        "李华",
        "GG-2019-0042",
    ]:
        assert expected in report_zh, expected
    assert "GG-2019-0042-R" not in report_zh


def test_a_corrected_report_is_numbered_r1_and_says_what_it_corrects() -> None:
    text = flat(render_loss_adjustment_report(cosco_adjustment_report(revision=1), language="en"))
    assert "Report No.: GG-2019-0042-R1" in text
    assert "Corrected version R1: Corrects the outage hours (36 h)" in text
    assert "Recommended payment" in text
    assert "1. Overview" in text


def test_revision_numbers() -> None:
    assert [revision_label(n) for n in (0, 1, 2)] == ["", "R1", "R2"]
    with pytest.raises(ValueError, match="revision_note"):
        dataclasses.replace(cosco_adjustment_report(), revision=2)

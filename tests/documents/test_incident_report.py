"""The incident summary (Chinese and English) and the draft 处置总结报告, from a plain case (no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from cyberins.documents.handling_report import render_handling_report
from cyberins.documents.incident_report import (
    ClockLine,
    IncidentCase,
    OutageLine,
    StageStep,
    TimelineLine,
    render_incident_summary,
)

from .pdf_checks import extracted_text

REPORTED = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai


def ransomware(**changes: object) -> IncidentCase:
    case = IncidentCase(
        number="BA202603020001",
        policy_number="CY00012026000001",
        insured_name="上海示例科技有限公司",
        insurer_name="示例财产保险股份有限公司",
        provider_name="沪应急安全",
        occurred_at=REPORTED - timedelta(hours=3),
        discovered_at=REPORTED - timedelta(hours=1),
        reported_at=REPORTED,
        closed_at=REPORTED + timedelta(days=3),
        affected_system="订单系统",
        summary="服务器文件被加密，桌面出现勒索信",
        covered=True,
        coverage_reasons=(),
        suspicious_only=False,
        incident_class=("恶意程序", "Malicious program"),
        sub_class=("勒索软件", "Ransomware"),
        grade=("较大", "Significant (III)"),
        grade_reasons=("涉及个人信息人数 ≥ 1,000,000",),
        stage=("已关闭", "Closed"),
        not_security_incident=False,
        personal_information_people=1_200_000,
        direct_loss=Decimal("380000"),
        critical_outage_hours=Decimal("1"),
        stages=(
            StageStep(("应急响应", "Emergency response"), REPORTED + timedelta(minutes=20), "系统 / System"),
            StageStep(("检测", "Detection"), REPORTED + timedelta(hours=2), "张工", "确认勒索软件"),
        ),
        timeline=(TimelineLine(REPORTED, ("报告", "Report"), "通过门户报案。"),),
        clocks=(
            ClockLine(
                "first_contact", REPORTED + timedelta(hours=1), REPORTED + timedelta(minutes=20), "met"
            ),
            ClockLine("authority_report", REPORTED + timedelta(hours=3), None, "breached"),
        ),
        outages=(OutageLine("订单系统", REPORTED - timedelta(hours=3), None),),
    )
    return IncidentCase(**(case.__dict__ | changes))  # type: ignore[arg-type]


def test_the_chinese_summary_shows_the_case_the_clocks_and_the_progress() -> None:
    text = extracted_text(render_incident_summary(ransomware(), "zh"))
    for expected in [
        "网络安全事件摘要",
        "BA202603020001",
        "2026-03-02 09:30",  # reported, in Shanghai time
        "属于应急响应服务责任范围",
        "恶意程序 / 勒索软件",
        "较大",
        "1,200,000",
        "¥380,000.00",
        "首次联系（回访）",
        "已按时完成",
        "向主管部门报告",
        "已超时",
        "确认勒索软件",
        "尚未恢复",
    ]:
        assert expected in text, expected


def test_the_english_summary_uses_the_english_texts() -> None:
    text = extracted_text(render_incident_summary(ransomware(), "en"))
    for expected in ["Incident Summary", "Malicious program / Ransomware", "Significant (III)", "Breached"]:
        assert expected in text, expected
    assert "已超时" not in text


def test_an_uncovered_report_says_why() -> None:
    ended = ("事件发生在保险期间结束之后。", "The event happened after the policy ended.")
    uncovered = ransomware(covered=False, coverage_reasons=(ended,), clocks=())
    text = extracted_text(render_incident_summary(uncovered, "en"))
    assert "Not covered: The event happened after the policy ended." in text
    assert "No clock runs for this report." in text


def test_the_handling_report_draft_has_the_six_parts_and_marks_what_to_complete() -> None:
    text = extracted_text(render_handling_report(ransomware()))
    parts = ["一、事件概况", "二、事件分级", "三、处置经过", "四、影响", "五、原因", "六、整改措施"]
    positions = [text.index(part) for part in parts]
    assert positions == sorted(positions)
    assert "涉及个人信息人数 ≥ 1,000,000" in text
    assert "（草稿）" in text
    assert "【待填写】（事件原因、攻击手法、被利用的漏洞）" in text
    # what the provider recorded is printed instead of the blank
    known = extracted_text(render_handling_report(ransomware(root_cause="弱口令被暴力破解后植入勒索软件")))
    assert "弱口令被暴力破解后植入勒索软件" in known


def test_a_language_other_than_zh_or_en_is_refused() -> None:
    with pytest.raises(ValueError, match="lang"):
        render_incident_summary(ransomware(), "fr")  # type: ignore[arg-type]

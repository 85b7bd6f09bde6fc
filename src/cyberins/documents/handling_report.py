"""The draft 处置总结报告 (incident handling summary report) generated from a response case.

The 《国家网络安全事件报告管理办法》 asks the network operator for a summary report within 30 days of
the end of handling: what happened (事件概况), the grade (事件分级), how it was handled (处置经过), the
impact (影响), the cause (原因) and the remediation (整改措施). The platform drafts it from the case
record; parts the record cannot know are marked 【待填写】 for the operator to complete before filing.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from .formatting import format_money
from .incident_report import (
    IncidentCase,
    clock_table,
    moment,
    outage_table,
    stage_table,
)
from .layout import (
    CONTENT_WIDTH,
    PageDecoration,
    build_pdf,
    data_table,
    key_value_block,
    section_heading,
    spacer,
    text,
)

TITLE = "网络安全事件处置总结报告"
TO_COMPLETE = "【待填写】"
DRAFT_NOTE = (
    "草稿：本报告由平台根据案件记录自动生成，供网络运营者核实、补充后按规定报送；平台不代为报送。"
    "标有“【待填写】”的内容须由运营者填写。"
)


def _overview(case: IncidentCase) -> list[Flowable]:
    return [
        section_heading("一、事件概况", ""),
        key_value_block(
            [
                ("报案号", case.number),
                ("单位名称", case.insured_name),
                ("保险单号", case.policy_number),
                ("事件发生时间", moment(case.occurred_at)),
                ("发现时间", moment(case.discovered_at)),
                ("报案时间", moment(case.reported_at)),
                ("处置结束时间", moment(case.closed_at) if case.closed_at else TO_COMPLETE),
                ("受影响系统", case.affected_system),
                ("应急响应服务机构", case.provider_name or "-"),
                ("事件描述", case.summary),
            ],
            label_width=CONTENT_WIDTH * 0.24,
        ),
    ]


def _grading(case: IncidentCase) -> list[Flowable]:
    klass = case.incident_class[0] + (f" / {case.sub_class[0]}" if case.sub_class else "")
    reasons = "；".join(case.grade_reasons) or "未达到较大及以上事件的标准。"
    return [
        section_heading("二、事件分级", ""),
        key_value_block(
            [
                ("事件类别（GB/T 20986-2023）", klass),
                ("事件级别", case.grade[0]),
                ("定级依据", reasons),
                (
                    "向主管部门报告时间",
                    moment(case.authority_reported_at) if case.authority_reported_at else "-",
                ),
            ],
            label_width=CONTENT_WIDTH * 0.3,
        ),
    ]


def _handling(case: IncidentCase) -> list[Flowable]:
    story: list[Flowable] = [
        section_heading("三、处置经过", ""),
        text("（一）处置阶段", "label"),
        spacer(1),
        stage_table(case.stages, "zh"),
        spacer(3),
        text("（二）时间线", "label"),
        spacer(1),
    ]
    rows = [[moment(line.at), line.kind[0], line.text] for line in case.timeline]
    story.append(data_table(["时间", "类型", "记录"], rows or [["-", "-", "-"]], [1.2, 0.9, 4]))
    story += [spacer(3), text("（三）服务与报告时限", "label"), spacer(1), clock_table(case.clocks, "zh")]
    return story


def _impact(case: IncidentCase) -> list[Flowable]:
    return [
        section_heading("四、影响", ""),
        key_value_block(
            [
                ("涉及个人信息人数", f"{case.personal_information_people:,}"),
                ("直接经济损失", format_money(case.direct_loss, "CNY")),
                ("关键系统中断时长（小时）", f"{case.critical_outage_hours.normalize():f}"),
                ("其他影响", TO_COMPLETE),
            ],
            label_width=CONTENT_WIDTH * 0.3,
        ),
        spacer(2),
        outage_table(case.outages, "zh"),
    ]


def _cause_and_measures(case: IncidentCase) -> list[Flowable]:
    return [
        section_heading("五、原因", ""),
        text(case.root_cause or f"{TO_COMPLETE}（事件原因、攻击手法、被利用的漏洞）"),
        section_heading("六、整改措施", ""),
        text(case.measures or f"{TO_COMPLETE}（已采取和拟采取的整改措施、完成时间、责任人）"),
        spacer(8),
        key_value_block(
            [("报告单位（盖章）", TO_COMPLETE), ("负责人", TO_COMPLETE), ("报告日期", TO_COMPLETE)],
            label_width=CONTENT_WIDTH * 0.24,
        ),
    ]


def render_handling_report(case: IncidentCase) -> bytes:
    """The draft 处置总结报告 as PDF bytes (Chinese: it is filed with a Chinese authority)."""
    story: list[Flowable] = [
        text(TITLE, "title"),
        text("（草稿）", "subtitle"),
        text(DRAFT_NOTE, "small"),
        *_overview(case),
        *_grading(case),
        *_handling(case),
        *_impact(case),
        *_cause_and_measures(case),
    ]
    decoration = PageDecoration(
        issuer=case.insured_name, title=TITLE, document_number=f"报案号: {case.number}"
    )
    return build_pdf(story, decoration, subject=f"{case.insured_name} {case.number}")

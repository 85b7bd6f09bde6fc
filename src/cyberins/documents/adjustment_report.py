"""The loss-adjustment report (公估报告) in the structure Chinese loss adjusters use.

一、概述 (索赔金额 / 核损金额 / 建议赔额) · 二、委托与查勘范围 · 三、被保险人及保险标的 ·
四、事故经过、原因及责任认定 · 五、损失核定及理算 · 六、结论 · 审核签发 (review levels).
A corrected version carries its number (``GG-2019-0042-R1``) on every page and says what it
corrects under the title.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from .claim_data import LossAdjustmentReport
from .claim_tables import amounts_table, day, explanation_table, label, moment, pick, unit_note
from .formatting import format_money
from .layout import PageDecoration, build_pdf, data_table, key_value_block, section_heading, spacer, text

__all__ = ["render_loss_adjustment_report"]


def _title_block(doc: LossAdjustmentReport, language: str) -> list[Flowable]:
    title = label("网络安全保险事故公估报告", "Cyber Insurance Loss Adjustment Report", language)
    story: list[Flowable] = [text(doc.adjuster, "subtitle"), text(title, "title")]
    if doc.revision:
        assert doc.revision_note is not None  # enforced by LossAdjustmentReport
        note = pick(doc.revision_note, language)
        corrected = label(
            f"修订版 R{doc.revision}：{note}（本版取代此前各版）",
            f"Corrected version R{doc.revision}: {note} (supersedes earlier versions)",
            language,
        )
        story.append(text(corrected, "label"))
    story += [
        spacer(2),
        key_value_block(
            [
                (label("报告编号", "Report No.", language), doc.numbered),
                (label("委托人（承保人）", "Instructed by (insurer)", language), pick_name(doc, language)),
                (label("被保险人", "The Insured", language), doc.insured_name),
                (label("保险单号", "Policy No.", language), doc.policy_number),
                (label("赔案号", "Claim No.", language), doc.claim_number),
                (label("报告日期", "Date of Report", language), day(doc.report_date, language)),
            ]
        ),
    ]
    return story


def pick_name(doc: LossAdjustmentReport, language: str) -> str:
    return label(doc.insurer.name_zh, doc.insurer.name_en, language)


def _overview(doc: LossAdjustmentReport, language: str) -> list[Flowable]:
    return [
        section_heading(label("一、概述", "1. Overview", language), ""),
        unit_note(language),
        amounts_table(doc.amounts, language, payable_zh="建议赔额", payable_en="Recommended payment"),
        spacer(2),
        key_value_block(
            [
                (label("出险时间", "Date of incident", language), moment(doc.incident_at, language)),
                (label("报案时间", "Reported", language), moment(doc.reported_at, language)),
                (
                    label("特别约定额外免赔", "Warranty deductible", language),
                    label("适用", "applied", language)
                    if doc.warranty_penalty_applied
                    else label("不适用", "not applied", language),
                ),
            ]
        ),
    ]


def _scope(doc: LossAdjustmentReport, language: str) -> list[Flowable]:
    story: list[Flowable] = [
        section_heading(label("二、委托与查勘范围", "2. Instruction and Scope", language), ""),
        text(pick(doc.scope, language)),
    ]
    if doc.documents_reviewed:
        story += [
            spacer(1),
            text(label("查阅单证：", "Documents reviewed:", language), "label"),
            *(
                text(f"{index}. {pick(item, language)}")
                for index, item in enumerate(doc.documents_reviewed, 1)
            ),
        ]
    return story


def _insured(doc: LossAdjustmentReport, language: str) -> list[Flowable]:
    rows = [
        [system.name, pick(system.description, language), system.protection_level or "-"]
        for system in doc.systems
    ]
    header = [
        label("保险标的（信息系统）", "Insured system", language),
        label("用途及规模", "Use and size", language),
        label("等保级别", "MLPS level", language),
    ]
    return [
        section_heading(
            label("三、被保险人及保险标的", "3. The Insured and the Insured Systems", language), ""
        ),
        key_value_block(
            [
                (label("被保险人", "The Insured", language), doc.insured_name),
                (label("地址", "Address", language), doc.insured_address or "-"),
                (label("经营范围", "Business", language), pick(doc.insured_business, language)),
                (label("保险产品", "Product", language), pick(doc.product_name, language)),
                (label("保险期间", "Period of insurance", language), pick(doc.policy_period, language)),
                (label("保险金额", "Sum insured", language), format_money(doc.sum_insured)),
            ]
        ),
        spacer(2),
        data_table(header, rows, [1.6, 3.0, 0.9]),
    ]


def _cause(doc: LossAdjustmentReport, language: str) -> list[Flowable]:
    story: list[Flowable] = [
        section_heading(
            label("四、事故经过、原因及责任认定", "4. Course of Events, Cause and Liability", language), ""
        ),
        text(label("（一）事故经过", "(a) Course of events", language), "label"),
        text(pick(doc.course_of_events, language)),
        spacer(1),
        text(label("（二）事故原因", "(b) Cause", language), "label"),
        text(pick(doc.cause, language)),
        spacer(1),
        text(label("（三）保险责任", "(c) Liability under the policy", language), "label"),
        text(pick(doc.liability, language)),
    ]
    if doc.warranty_reasoning is not None:
        story += [spacer(1), text(pick(doc.warranty_reasoning, language))]
    return story


def _reviews(doc: LossAdjustmentReport, language: str) -> list[Flowable]:
    rows = [
        [
            pick(review.role, language),
            review.name,
            day(review.signed_on, language) if review.signed_on else "-",
            pick(review.opinion, language) if review.opinion else "-",
        ]
        for review in doc.reviews
    ]
    header = [
        label("审核层级", "Level", language),
        label("签名", "Name", language),
        label("日期", "Date", language),
        label("意见", "Opinion", language),
    ]
    return [
        section_heading(label("审核签发", "Review and Sign-off", language), ""),
        data_table(header, rows, [1.0, 1.2, 1.4, 2.4]),
    ]


def render_loss_adjustment_report(doc: LossAdjustmentReport, language: str = "zh-hans") -> bytes:
    """The loss-adjustment report as PDF bytes, in Chinese (default) or English (``language="en"``)."""
    title = label("公估报告", "Loss Adjustment Report", language)
    story: list[Flowable] = [
        *_title_block(doc, language),
        *_overview(doc, language),
        *_scope(doc, language),
        *_insured(doc, language),
        *_cause(doc, language),
        section_heading(label("五、损失核定及理算", "5. Assessment and Calculation", language), ""),
        unit_note(language),
        explanation_table(doc.explanation, language),
        section_heading(label("六、结论", "6. Conclusion", language), ""),
        text(pick(doc.conclusion, language)),
        *_reviews(doc, language),
        spacer(8),
        text(
            label(
                "本报告仅供委托人理赔使用，依据截至报告日期所获资料作出；如有新的资料，本公司保留修订的权利。",
                "This report is for the instructing insurer's claim handling only and rests on the"
                " information available at its date; we reserve the right to revise it if new information"
                " comes to light.",
                language,
            ),
            "small",
        ),
    ]
    decoration = PageDecoration(
        issuer=doc.adjuster,
        title=title,
        document_number=f"{label('报告编号', 'Report No.', language)}: {doc.numbered}",
    )
    return build_pdf(story, decoration, subject=f"{title} {doc.numbered}")

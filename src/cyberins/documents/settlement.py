"""The settlement letter (赔款通知书): the agreed amount, how it was computed, and who is paid.

One language per letter (``language="zh-hans"`` or ``"en"``); amounts are printed in figures
and in Chinese uppercase (人民币大写) in both, as the payment instructions of Chinese banks
require the uppercase.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from .claim_data import SettlementLetter
from .claim_tables import (
    amount_with_uppercase,
    amounts_table,
    day,
    effective_steps,
    explanation_table,
    label,
    moment,
    pick,
    unit_note,
)
from .layout import (
    PageDecoration,
    build_pdf,
    data_table,
    escape,
    key_value_block,
    money_cell,
    section_heading,
    spacer,
    text,
)
from .styles import document_styles, paragraph

__all__ = ["render_settlement_letter"]


def _intro(doc: SettlementLetter, language: str) -> list[Flowable]:
    when = moment(doc.incident_at, language)
    summary = pick(doc.incident_summary, language)
    if language.lower().startswith("en"):
        salutation = f"To {doc.insured_name}:"
        body = (
            f"We have completed the adjustment of your claim for the cyber-security incident of {when}"
            f" ({summary}) under policy {doc.policy_number}. The amount payable and how it was"
            " computed are set out below."
        )
    else:
        salutation = f"致 {doc.insured_name}："
        body = (
            f"贵单位于{when}发生的网络安全事故（{summary}），依据保险单 {doc.policy_number} 向我司提出索赔。"
            "经我司审核理算，现将赔付金额及计算过程通知如下。"
        )
    return [text(salutation, "label"), spacer(1), text(body)]


def _warranty_note(doc: SettlementLetter, language: str) -> list[Flowable]:
    if not doc.warranty_penalty_applied:
        return []
    note = label(
        "根据保险单特别约定，固定检测发现并经正式通知的隐患未及时整改，且经证明与本次事故直接相关，"
        "本次事故的安全服务赔付和损失费用赔付均已扣除额外免赔（见上表“特别约定额外免赔”）。",
        "Under the policy's special condition, a vulnerability found at a fixed inspection and formally"
        " notified was not remediated in time and is proved to be directly related to this incident:"
        " the additional deductible was applied to the service and the loss payments (see the rows"
        ' "Additional ... deductible" above).',
        language,
    )
    return [spacer(2), text(note, "small")]


def _payments(doc: SettlementLetter, language: str) -> list[Flowable]:
    rows = [
        [payment.payee, pick(payment.purpose, language), payment.account or "-", money_cell(payment.amount)]
        for payment in doc.payments
    ]
    header = [
        label("收款人", "Payee", language),
        label("款项说明", "Purpose", language),
        label("收款账户", "Account", language),
        label("金额（元）", "Amount (CNY)", language),
    ]
    clock = label(
        f"我司将在双方就赔付金额达成协议后 {doc.payment_within_days} 日内支付上述款项"
        "（《中华人民共和国保险法》第二十三条）。",
        f"We will pay the amounts above within {doc.payment_within_days} days of our agreement on the amount"
        " (Insurance Law of the PRC, art. 23).",
        language,
    )
    return [data_table(header, rows, [1.5, 2.0, 1.3, 1.1]), spacer(2), text(clock)]


def _signature(doc: SettlementLetter, language: str) -> list[Flowable]:
    styles = document_styles()
    right = ParagraphStyle("signature", parent=styles.body, alignment=TA_RIGHT)
    lines = [doc.insurer.name_zh if not language.lower().startswith("en") else doc.insurer.name_en]
    lines.append(label("（盖章）", "(seal)", language))
    lines.append(day(doc.letter_date, language))
    return [spacer(10), *(paragraph(escape(line), right) for line in lines)]


def render_settlement_letter(doc: SettlementLetter, language: str = "zh-hans") -> bytes:
    """The settlement letter as PDF bytes (A4), in Chinese (default) or English (``language="en"``)."""
    title = label("赔款通知书", "Settlement Letter", language)
    insurer_name = label(doc.insurer.name_zh, doc.insurer.name_en, language)
    contact_zh, contact_en = (f"：{doc.contact}", f": {doc.contact}") if doc.contact else ("", "")
    total = amount_with_uppercase(doc.amounts.payable, language)
    story: list[Flowable] = [
        text(insurer_name, "subtitle"),
        text(title, "title"),
        spacer(3),
        key_value_block(
            [
                (label("通知书编号", "Letter No.", language), doc.letter_number),
                (label("赔案号", "Claim No.", language), doc.claim_number),
                (label("保险单号", "Policy No.", language), doc.policy_number),
                (label("被保险人", "The Insured", language), doc.insured_name),
                (label("被保险人地址", "Address", language), doc.insured_address or "-"),
                (label("保险产品", "Product", language), pick(doc.product_name, language)),
                (label("出险时间", "Date of Incident", language), moment(doc.incident_at, language)),
            ]
        ),
        spacer(3),
        *_intro(doc, language),
        section_heading(label("一、赔付金额", "1. Amount Payable", language), ""),
        amounts_table(doc.amounts, language, payable_zh="赔付金额", payable_en="Amount payable"),
        spacer(2),
        text(f"{label('本次赔款合计', 'Total payable', language)}: {total}", "label"),
        section_heading(label("二、理算明细", "2. How the Amount Was Computed", language), ""),
        unit_note(language),
        explanation_table(effective_steps(doc.explanation), language),
        text(
            label(
                "未产生扣减的限额检查步骤未列出。",
                "Limits that reduced nothing are not listed.",
                language,
            ),
            "small",
        ),
        *_warranty_note(doc, language),
        section_heading(label("三、赔款支付", "3. Payment", language), ""),
        *_payments(doc, language),
        spacer(3),
        text(
            label(
                f"如对上述理算结果有异议，请与我司理赔部门联系{contact_zh}。",
                f"If you disagree with this adjustment, please contact our claims department{contact_en}.",
                language,
            )
        ),
        *_signature(doc, language),
    ]
    decoration = PageDecoration(
        issuer=insurer_name,
        title=title,
        document_number=f"{label('赔案号', 'Claim No.', language)}: {doc.claim_number}",
    )
    return build_pdf(story, decoration, subject=f"{title} {doc.claim_number}")

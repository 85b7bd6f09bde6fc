"""The policy schedule (保险单), laid out after the seed's COSCO sample.

Page 1 is the policy itself: insurer, title, policy number, the witnessing preamble, the insured
and the insured system, the items table, totals, period, payments. The attached schedule (附页)
follows: coverages, deductibles, warranties (特别约定), included services and their schedule, the
issue date and the signature line.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.platypus import Flowable, KeepTogether, PageBreak

from .formatting import format_date_bilingual, format_money, format_rate
from .layout import (
    PageDecoration,
    bilingual,
    bilingual_paragraphs,
    build_pdf,
    data_table,
    key_value_block,
    money_cell,
    section_heading,
    spacer,
    text,
)
from .policy_data import (
    CoverageLine,
    IncludedService,
    Instalment,
    PolicySchedule,
    ScheduleItem,
    ServiceAppointment,
    Warranty,
)

ITEM_HEADER = [
    "项目\nItem",
    "保险方案\nInsurance Plan",
    "币种\nCurrency",
    "保险金额\nSum Insured",
    "费率\nRate",
    "保险费\nPremium",
]
COVERAGE_HEADER = [
    "保险责任\nCoverage",
    "Coverage (English)",
    "分项限额\nSub-limit",
    "免赔额\nDeductible",
    "等待期\nWaiting Period",
]
__all__ = [
    "CoverageLine",
    "IncludedService",
    "Instalment",
    "PolicySchedule",
    "ScheduleItem",
    "ServiceAppointment",
    "Warranty",
    "render_policy_schedule",
]


def _hours(hours: Decimal | None) -> str:
    return "-" if hours is None else f"{hours.normalize():f} 小时 (hours)"


def _policy_page(doc: PolicySchedule) -> list[Flowable]:
    story: list[Flowable] = [
        text(doc.insurer.name_zh, "subtitle"),
        text(doc.insurer.name_en, "subtitle"),
    ]
    if doc.insurer.address_zh or doc.insurer.address_en:
        story.append(text(" ".join(filter(None, [doc.insurer.address_zh, doc.insurer.address_en])), "small"))
    story += [
        spacer(2),
        text(doc.title_zh, "title"),
        text(doc.title_en, "subtitle"),
        key_value_block([(bilingual("保险单号", "Policy No."), doc.policy_number)]),
        spacer(2),
        *bilingual_paragraphs(doc.preamble_zh, doc.preamble_en),
        spacer(2),
        key_value_block(
            [
                (bilingual("被保险人", "The Insured"), doc.insured_name),
                (bilingual("保险财产地址", "Address"), doc.insured_address),
                (bilingual("营业性质", "Nature of Business"), doc.nature_of_business),
                (bilingual("系统名称", "Systematic Name"), doc.system_name),
                (bilingual("系统类型", "System Type"), doc.system_type or "-"),
                (bilingual("系统使用人数", "Operation Number"), str(doc.operation_number)),
                (bilingual("系统设备数", "Equipment Number"), str(doc.equipment_number)),
                (bilingual("保险标的", "Interest"), ""),
            ]
        ),
        data_table(
            ITEM_HEADER,
            [
                [
                    item.item,
                    item.plan,
                    item.currency,
                    money_cell(item.sum_insured),
                    format_rate(item.rate),
                    money_cell(item.premium),
                ]
                for item in doc.items
            ],
            [1.3, 1.2, 0.8, 1.3, 0.7, 1.2],
        ),
        spacer(2),
    ]
    total_sum = f"{format_money(doc.total_sum_insured, doc.currency)}({doc.total_sum_insured_uppercase})"
    story.append(
        key_value_block(
            [
                (bilingual("保障内容", "Insurance Plan"), "详见附页 (see the attached schedule)"),
                (bilingual("总保险金额", "Total Sum Insured"), total_sum),
                (bilingual("保险期间", "Period of Insurance"), doc.period_wording_zh),
                ("", doc.period_wording_en),
                (bilingual("缴费计划", "Payments"), doc.payment_terms_zh),
                ("", doc.payment_terms_en),
                (bilingual("保险费率", "Rate"), doc.rate_wording),
                (bilingual("总保险费", "Premium"), format_money(doc.total_premium, doc.currency)),
                (bilingual("免赔额", "Deductible"), "详见附页 (see the attached schedule)"),
                (bilingual("承保险别", "Terms and Conditions"), doc.product_name_zh),
                ("", doc.product_name_en),
            ]
        )
    )
    return story


def _instalments(doc: PolicySchedule) -> list[Flowable]:
    if not doc.instalments:
        return []
    rows = [
        [str(line.number), format_date_bilingual(line.due_date), money_cell(line.amount, doc.currency)]
        for line in doc.instalments
    ]
    return [
        section_heading("缴费计划", "Payment Plan"),
        data_table(["期次\nNo.", "应缴日期\nDue Date", "金额\nAmount"], rows, [0.6, 2, 1.4]),
    ]


def _coverages(doc: PolicySchedule) -> list[Flowable]:
    if not doc.coverages:
        return []
    coverage_rows = [
        [
            line.name_zh,
            line.name_en,
            money_cell(line.sub_limit),
            money_cell(line.deductible),
            _hours(line.waiting_period_hours),
        ]
        for line in doc.coverages
    ]
    deductible_rows = [
        [
            f"{line.name_zh} {line.name_en}",
            money_cell(line.deductible, doc.currency),
            f"{line.deductible_basis_zh} ({line.deductible_basis_en})",
        ]
        for line in doc.coverages
    ]
    return [
        section_heading("保障内容", "Coverages"),
        data_table(
            COVERAGE_HEADER,
            coverage_rows,
            [1.55, 2.2, 1.05, 1.05, 1.0],
        ),
        section_heading("免赔额", "Deductibles"),
        data_table(
            ["保险责任\nCoverage", "免赔额\nDeductible", "适用\nBasis"], deductible_rows, [2.4, 1.2, 2]
        ),
    ]


def _warranties(doc: PolicySchedule) -> list[Flowable]:
    if not doc.warranties:
        return []
    story: list[Flowable] = [section_heading("特别约定", "Warranties")]
    for warranty in doc.warranties:
        story += [
            *bilingual_paragraphs(f"{warranty.number}. {warranty.text_zh}", warranty.text_en),
            spacer(1.5),
        ]
    return story


def _services(doc: PolicySchedule) -> list[Flowable]:
    story: list[Flowable] = []
    if doc.included_services:
        rows = [
            [f"{s.name_zh} {s.name_en}", f"{s.detail_zh} {s.detail_en}".strip()]
            for s in doc.included_services
        ]
        story += [
            section_heading("附加服务", "Included Services"),
            data_table(["服务\nService", "内容\nDetail"], rows, [1.6, 3.4]),
        ]
    if doc.service_schedule:
        rows = [
            [
                f"{a.service_zh} {a.service_en}",
                format_date_bilingual(a.due_date),
                f"{a.status_zh} {a.status_en}",
            ]
            for a in doc.service_schedule
        ]
        story += [
            section_heading("服务计划", "Service Schedule"),
            data_table(["服务\nService", "计划日期\nDue Date", "状态\nStatus"], rows, [2.2, 1.8, 1.2]),
        ]
    return story


def _signature(doc: PolicySchedule) -> list[Flowable]:
    issued = format_date_bilingual(doc.issue_date)
    rows = [(bilingual("签单日期", "Date of Issue"), issued)]
    if doc.issue_place:
        rows.append((bilingual("签单地点", "Place of Issue"), doc.issue_place))
    rows.append((bilingual("承保人签章", "Authorised Signature"), "_" * 36))
    rows += [("", doc.insurer.name_zh), ("", doc.insurer.name_en)]
    return [spacer(5), KeepTogether(key_value_block(rows))]


def render_policy_schedule(doc: PolicySchedule) -> bytes:
    """The policy schedule as PDF bytes (A4, Chinese and English, CJK font embedded)."""
    story = _policy_page(doc) + _signature(doc)
    attached = _instalments(doc) + _coverages(doc) + _warranties(doc) + _services(doc)
    if attached:
        story += [PageBreak(), text("附页  Attached Schedule", "title"), text(doc.policy_number, "subtitle")]
        story += attached
    decoration = PageDecoration(
        issuer=doc.insurer.name_zh,
        title=doc.title_zh,
        document_number=f"{bilingual('保险单号', 'Policy No.')}: {doc.policy_number}",
    )
    return build_pdf(story, decoration, subject=doc.title_en)

"""The policy schedule PDF (保险单), bilingual like the seed's COSCO sample, from a Policy row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

from cyberins.documents import (
    CoverageLine,
    IncludedService,
    Instalment,
    Insurer,
    PolicySchedule,
    ScheduleItem,
    ServiceAppointment,
    Warranty,
)
from cyberins.documents.schedule import render_policy_schedule
from cyberins.policies.models import Policy
from cyberins.products.questionnaire import UNIT_NATURES
from cyberins.terms import chinese_uppercase, get_coverage, local_date

PREAMBLE_ZH = (
    "{insurer}（以下称承保人）根据被保险人/投保人的要求，在被保险人/投保人缴付约定的保险费后，按照本保险单规定的"
    "条件，以及本保险单附贴条款和/或批单中列明的条件，承保下述财产，特立本保险单为凭。"
)
PREAMBLE_EN = (
    'This Insurance Policy witnesses that {insurer} (hereinafter called "the Underwriter"), '
    "at the request of the Insured / Applicant named hereunder and in consideration of the agreed premium "
    "paid to the Underwriter by the Insured / Applicant, undertakes to insure the undermentioned property "
    "subject to the conditions specified hereunder and conditions contained in the clause(s) "
    "and/or endorsement(s) attached hereto."
)
STATUS_TEXT = {
    "scheduled": ("待执行", "Scheduled"),
    "assigned": ("已派单", "Assigned"),
    "done": ("已完成", "Done"),
    "cancelled": ("已取消", "Cancelled"),
}
NATURES = {value: zh for value, zh, _en in UNIT_NATURES}


def payment_terms_zh(first_due: date, instalments: int) -> str:
    if instalments <= 1:
        return f"兹经双方约定，投保人应于{first_due:%Y年%m月%d日}前一次性支付保险费。"
    return (
        f"兹经双方约定，投保人分{instalments}期支付保险费：首期应于{first_due:%Y年%m月%d日}前支付，"
        "其余各期按缴费计划所列日期支付。"
    )


def payment_terms_en(first_due: date, instalments: int) -> str:
    if instalments <= 1:
        return f"The Applicant shall pay the premium in one sum by {first_due:%d %B %Y}."
    return (
        f"The Applicant shall pay the premium in {instalments} instalments: the first by "
        f"{first_due:%d %B %Y}, the others on the dates of the payment plan."
    )


def service_detail_zh(rule: str, months: int, quantity: int, *, included: bool) -> str:
    times = f"{quantity}次"
    text = {
        "within_months": f"起保后{months}个月内，{times}",
        "after_months": f"起保{months}个月后，{times}",
        "on_incident": "每次事故，24小时内响应",
        "on_request": f"按需申请，{times}",
    }.get(rule, times)
    return text + ("" if included else "（可选，不含在保险费内）")


def service_detail_en(rule: str, months: int, quantity: int, *, included: bool) -> str:
    times = f"{quantity} time{'s' if quantity != 1 else ''}"
    span = f"{months} month{'s' if months != 1 else ''}"
    text = {
        "within_months": f"within {span} of inception, {times}",
        "after_months": f"{span} after inception, {times}",
        "on_incident": "on each incident, response within 24 hours",
        "on_request": f"on request, {times}",
    }.get(rule, times)
    return text + ("" if included else " (optional, not in the premium)")


def schedule_data(policy: Policy) -> PolicySchedule:
    answers = policy.application.answers
    systems = policy.systems or [{}]
    first_system = systems[0]
    product = policy.product_version.product
    official, english = product.official_name, product.name_en or product.official_name
    instalments = list(policy.instalments.all())
    due = instalments[0].due_on if instalments else policy.first_day
    return PolicySchedule(
        insurer=Insurer(
            name_zh=policy.insurer.name,
            name_en=policy.insurer.english_name,
            address_zh=policy.insurer.address,
        ),
        policy_number=policy.number,
        preamble_zh=PREAMBLE_ZH.format(insurer=policy.insurer.name),
        preamble_en=PREAMBLE_EN.format(insurer=policy.insurer.name),
        insured_name=policy.insured_name,
        insured_address=policy.insured_address,
        nature_of_business=NATURES.get(answers.get("unit_nature", ""), ""),
        system_name="、".join(s.get("name", "") for s in systems),
        system_type=first_system.get("type") or None,
        operation_number=sum(int(s.get("users", 0)) for s in systems),
        equipment_number=sum(int(s.get("devices", 0)) for s in systems),
        items=(
            ScheduleItem(
                item="信息系统",
                plan=policy.plan.code,
                sum_insured=policy.sum_insured,
                premium=policy.premium,
                rate=policy.rate,
            ),
        ),
        total_sum_insured=policy.sum_insured,
        total_sum_insured_uppercase=chinese_uppercase(policy.sum_insured),
        total_premium=policy.premium,
        period_start=policy.first_day,
        period_end=policy.last_day,
        period_wording_zh=policy.period.wording_zh(),
        period_wording_en=policy.period.wording_en(),
        product_name_zh=official,
        product_name_en=english,
        issue_date=local_date(policy.issued_at or timezone.now()),
        title_zh=f"{official}{'单' if official.endswith('保险') else '保险单'}（正本）",
        title_en=f"{english.upper()} (ORIGINAL)",
        payment_terms_zh=payment_terms_zh(due, len(instalments)),
        payment_terms_en=payment_terms_en(due, len(instalments)),
        instalments=tuple(
            Instalment(number=i.sequence, due_date=i.due_on, amount=i.amount) for i in instalments
        ),
        coverages=tuple(
            CoverageLine(
                code=c.coverage,
                name_zh=get_coverage(c.coverage).name.zh,
                name_en=get_coverage(c.coverage).name.en,
                sub_limit=c.sub_limit,
                deductible=c.deductible,
                waiting_period_hours=Decimal(c.waiting_period_hours) or None,
            )
            for c in policy.coverages.all()
        ),
        warranties=tuple(
            Warranty(number=w.position, text_zh=w.text_zh, text_en=w.text_en) for w in policy.warranties.all()
        ),
        # every service of the plan, the optional ones too (the product page lists them all)
        included_services=tuple(
            IncludedService(
                name_zh=s.service.name_zh_hans or s.service.name,
                name_en=s.service.name_en or s.service.name_zh_hans or s.service.name,
                detail_zh=service_detail_zh(s.rule, s.months, s.quantity, included=s.included),
                detail_en=service_detail_en(s.rule, s.months, s.quantity, included=s.included),
            )
            for s in policy.plan.services.select_related("service").order_by("pk")
        ),
        service_schedule=tuple(
            ServiceAppointment(
                service_zh=o.service.name_zh_hans or o.service.name,
                service_en=o.service.name_en or o.service.name_zh_hans or o.service.name,
                due_date=o.due_on,
                status_zh=STATUS_TEXT[o.status][0],
                status_en=STATUS_TEXT[o.status][1],
            )
            for o in policy.service_orders.select_related("service")
            if o.due_on
        ),
    )


def schedule_pdf(policy: Policy) -> bytes:
    return render_policy_schedule(schedule_data(policy))


def schedule_pdf_response(policy: Policy) -> HttpResponse:
    response = HttpResponse(schedule_pdf(policy), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="policy-{policy.number}.pdf"'
    return response

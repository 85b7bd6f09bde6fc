"""The quotation PDF as each side reads it: nothing marked as chosen before the choice, included
services listed, the insurer's loads only on the insurer's copy; the schedule's coverage names,
service details and payment sentence."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from cyberins.accounts.roles import Role
from cyberins.policies.documents import payment_terms_en, payment_terms_zh, schedule_data
from cyberins.products.models import PlanService, ScheduleRule
from cyberins.providers.demo import load_price_book
from tests import factories
from tests.documents.pdf_checks import extracted_text

pytestmark = pytest.mark.django_db


def _pdf(user, quote) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/applications/quotes/{quote.pk}/quote.pdf")
    assert response.status_code == 200
    return extracted_text(response.content)


def test_the_insureds_quote_shows_services_and_vat_but_no_loads_and_no_choice() -> None:
    quote = factories.quote()
    mine = _pdf(quote.application.created_by, quote)
    theirs = _pdf(factories.user(Role.UNDERWRITER, organisation=quote.application.insurer), quote)

    assert "Chosen plan" not in mine
    assert "纯风险保费" not in mine
    assert "Risk load" not in mine
    assert "增值税" in mine
    assert "Included Services" in mine
    assert "固定检测" in mine
    assert "纯风险保费" in theirs
    assert "Profit" in theirs


def test_payment_sentences_say_when_the_first_instalment_is_due() -> None:
    first = date(2026, 6, 10)
    assert payment_terms_zh(first, 4) == (
        "兹经双方约定，投保人分4期支付保险费：首期应于2026年06月10日前支付，其余各期按缴费计划所列日期支付。"
    )
    assert "起分" not in payment_terms_zh(first, 4)
    assert payment_terms_en(first, 1) == "The Applicant shall pay the premium in one sum by 10 June 2026."
    assert payment_terms_en(first, 4).startswith("The Applicant shall pay the premium in 4 instalments")


def test_the_schedule_names_coverages_and_lists_every_service_with_its_detail() -> None:
    policy = factories.bound_policy(instalments=4)
    PlanService.objects.create(
        plan=policy.plan,
        service=load_price_book()["penetration_test"],
        rule=ScheduleRule.ON_REQUEST,
        included=False,
    )
    data = schedule_data(policy)

    names = {(c.name_zh, c.name_en) for c in data.coverages}
    assert ("营业中断", "Business interruption") in {(zh, en.capitalize()) for zh, en in names}
    services = {s.name_en: s for s in data.included_services}
    assert "Penetration test" in services
    assert services["Penetration test"].detail_zh.endswith("（可选，不含在保险费内）")
    assert services["Fixed inspection (health check)"].detail_en == "within 1 month of inception, 1 time"
    assert all(s.detail_zh for s in data.included_services)
    assert "分4期" in data.payment_terms_zh

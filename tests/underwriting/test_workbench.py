"""The underwriter's workbench: a referral with the answers, the health check, the reasons, the
premium at a previewed adjustment, the insured's history; the queue with ages and filters."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from cyberins.accounts.roles import Role
from cyberins.underwriting.models import Application
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral() -> Application:
    version = factories.product(plans=(("A", "1000000", "8000"), ("B", "3000000", "20000")))
    applicant = factories.user(Role.APPLICANT)
    factories.health_check(
        organisation=applicant.organisation, grade="B", score=81, finished_at=timezone.now()
    )
    made = factories.application(applicant=applicant, version=version, security_staff=0)
    assert made.status == "referred"
    return made


def _underwriter(application: Application) -> Client:
    client = Client()
    client.force_login(factories.user(Role.UNDERWRITER, organisation=application.insurer))
    return client


def test_the_referral_shows_answers_by_their_labels_the_health_check_and_the_reasons(referral) -> None:
    page = _underwriter(referral).get(f"/applications/workbench/{referral.pk}/").content.decode()

    assert "单位性质" in page
    assert "国有企业" in page
    assert "state_owned" not in page
    assert "网络安全工作人员（人）" in page
    assert "自保公司核心业务系统" in page
    assert 'data-reason="no_security_staff"' in page
    assert "<strong>B</strong> (评分 81)" in page or "<strong>B</strong>" in page
    assert "report.pdf" in page
    assert "以往保单 (0)" in page


def test_the_adjustment_preview_prices_every_plan_at_the_new_factor(referral) -> None:
    client = _underwriter(referral)
    page = client.get(f"/applications/workbench/{referral.pk}/", {"adjustment": "1.150"})
    plans = page.context["plans"]

    assert [p.plan for p in plans] == ["A", "B"]
    for plan in plans:
        gross = sum(
            Decimal(plan.current["breakdown"][k])
            for k in (
                "pure_premium",
                "risk_load",
                "fixed_expense",
                "expense_load",
                "commission",
                "profit_load",
            )
        )
        # the loaded premium, not the minimum, so the factor shows in full: round(gross × 1.15)
        # the parts are rounded one by one, so their sum may differ from the gross by a cent
        expected = gross * Decimal("0.15")
        assert abs(Decimal(plan.previewed["breakdown"]["underwriter_adjustment"]) - expected) <= Decimal(
            "0.02"
        )
        assert plan.change >= 0
    # previewing changes nothing
    assert Application.objects.get(pk=referral.pk).adjustment == 1
    assert not referral.quotes.exists()


def test_a_factor_outside_the_authority_is_named_not_priced(referral) -> None:
    page = _underwriter(referral).get(f"/applications/workbench/{referral.pk}/", {"adjustment": "3"})

    assert page.status_code == 200
    assert 'data-error="adjustment"' in page.content.decode()
    assert page.context["factor"] == 1


def test_the_underwriter_decides_on_the_workbench(referral) -> None:
    response = _underwriter(referral).post(
        f"/applications/workbench/{referral.pk}/", {"approve": "1", "adjustment": "1.100", "note": "核实"}
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert referral.adjustment == Decimal("1.100")
    assert referral.quotes.count() == 1


def test_the_applicant_never_sees_the_decision_form(referral) -> None:
    client = Client()
    client.force_login(referral.created_by)

    detail = client.get(f"/applications/{referral.pk}/").content.decode()
    refused = client.get(f"/applications/workbench/{referral.pk}/")

    assert "data-review-link" not in detail
    assert 'name="approve"' not in detail
    assert refused.status_code == 403


def test_the_queue_shows_ages_and_filters_by_product_reason_and_age(referral) -> None:
    other = factories.application(
        version=factories.product(insurer=referral.insurer), security_staff=0, cloud_provider="foreign_public"
    )
    Application.objects.filter(pk=referral.pk).update(submitted_at=timezone.now() - timedelta(days=4))
    client = _underwriter(referral)

    every = client.get("/applications/workbench/")
    old = client.get("/applications/workbench/", {"older_than": "3"})
    foreign = client.get("/applications/workbench/", {"reason": "foreign_cloud"})
    by_product = client.get("/applications/workbench/", {"product": other.product_version.product.code})

    def shown(response) -> list[int]:
        return [a.pk for a, _age in response.context["rows"]]

    assert sorted(shown(every)) == sorted([referral.pk, other.pk])
    assert "4\xa0日" in every.content.decode()
    assert shown(old) == [referral.pk]
    assert shown(foreign) == [other.pk]
    assert shown(by_product) == [other.pk]


def test_the_insured_sees_no_internal_loads_the_underwriter_does() -> None:
    quote = factories.quote()
    applicant_page = Client()
    applicant_page.force_login(quote.application.created_by)
    underwriter_page = _underwriter(quote.application)

    mine = applicant_page.get(f"/applications/{quote.application.pk}/").content.decode()
    theirs = underwriter_page.get(f"/applications/{quote.application.pk}/").content.decode()

    assert "data-internal" not in mine
    assert "纯保费" not in mine
    assert "data-vat" in mine
    assert "data-services" in mine
    assert 'data-internal="pure_premium"' in theirs


def test_a_submitted_applications_edit_form_does_not_open() -> None:
    quote = factories.quote()
    client = Client()
    client.force_login(quote.application.created_by)

    response = client.get(f"/applications/{quote.application.pk}/edit/")

    assert response.status_code == 403
    assert "只有草稿可以修改" in response.content.decode()

"""The product, application, workbench, release and policy pages render for the roles that use them."""

from __future__ import annotations

import pytest

from cyberins.policies.demo import load_policies
from cyberins.policies.models import Policy
from cyberins.underwriting.models import Application
from tests.journey import answers


@pytest.fixture
def policies(demo, products):
    return {p.insured.short_name: p for p in load_policies(list(products.values()))}


def test_catalogue_shows_plans_with_coverage_names_and_amounts(demo, products, page_as) -> None:
    html = page_as(demo["applicant"]).get("/products/").content.decode()
    assert "网络安全应急响应保险" in html
    assert "¥190,000.00" in html
    assert "应急响应服务" in html  # the coverage's name, not its code
    assert 'data-apply="wanganbao"' in html


def test_policy_page_for_the_insured_and_its_insurer_only(demo, policies, page_as) -> None:
    cosco = policies["远海航运"]
    html = page_as(demo["applicant"]).get(f"/policies/{cosco.pk}/").content.decode()
    assert cosco.number in html
    assert "¥26,000.00" in html
    assert "自" in html
    assert "二十四时止" in html
    assert page_as(demo["underwriter2"]).get(f"/policies/{cosco.pk}/").status_code == 200
    assert page_as(demo["underwriter"]).get(f"/policies/{cosco.pk}/").status_code == 404
    assert page_as(demo["applicant2"]).get(f"/policies/{cosco.pk}/schedule.pdf").status_code == 404
    listed = page_as(demo["applicant"]).get("/policies/").content.decode()
    assert cosco.number in listed
    assert Policy.objects.exclude(pk=cosco.pk).first().number not in listed


def test_application_workbench_and_release_pages(demo, policies, page_as) -> None:
    application = policies["精工智造"].application
    underwriter = page_as(demo["underwriter"])
    detail = underwriter.get(f"/applications/{application.pk}/").content.decode()
    assert f'data-quote="{application.quotes.get().pk}"' in detail
    assert underwriter.get("/applications/workbench/").status_code == 200
    assert page_as(demo["applicant"]).get("/applications/workbench/").status_code == 403
    releases = page_as(demo["actuary"]).get("/products/releases/").content.decode()
    assert "网安保企业网络安全财产保险" in releases
    assert "网络安全应急响应保险" not in releases  # another insurer's product
    assert page_as(demo["applicant"]).get("/products/releases/").status_code == 403


def test_a_rejected_questionnaire_submission_saves_nothing_and_shows_each_error(
    demo, products, page_as
) -> None:
    page = page_as(demo["applicant2"])
    form = {
        "unit_name": "浙江精工智能制造股份有限公司",
        "operating_revenue": "-5",
        "industry": "G",
        "submit": "1",
    }
    for _attempt in range(2):
        html = page.post(f"/applications/apply/{products['wanganbao'].pk}/", form).content.decode()
        assert 'data-error="operating_revenue"' in html
        assert 'data-error="office_address"' in html
    assert not Application.objects.exists()


def test_binding_from_the_page_with_a_malformed_form_changes_nothing(demo, products, page_as, api_as) -> None:
    body = {"product_version": products["wanganbao"].pk, "answers": answers(security_staff=3), "submit": True}
    quote = api_as(demo["applicant2"]).post("/api/applications", body).json()["quote"]
    page = page_as(demo["applicant2"])
    for form in (
        {"plan": "A", "first_day": "2026-13-01"},
        {"plan": "A", "first_day": "", "instalments": "x"},
    ):
        response = page.post(f"/policies/bind/{quote['id']}/", form, follow=True)
        assert response.status_code == 200
        assert 'class="error"' in response.content.decode()
    assert not Policy.objects.exists()

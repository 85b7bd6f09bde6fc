"""Product content in the reader's language (issue 14, item 7): plan, service, coverage, warranty, reason and
period texts in English on English pages, in Chinese on Chinese pages; only the official Chinese product
title may stand beside the English one. The policy and quote PDFs are bilingual documents (as the seed's
policy): both languages of each text must be there."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cyberins.products.models import Plan, Product
from cyberins.providers.models import ServiceItem
from tests.documents.pdf_checks import extracted_text
from tests.underwriting.helpers import accepted_quote, bind_on, referred_application

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# the seed's product, its plan A and its services, in each language
CHINESE = ["方案A", "7×24 小时应急响应服务", "固定检测（安全体检）", "基础漏洞扫描", "零时起"]
ENGLISH = ["Plan A", "24/7 emergency response", "Fixed inspection (health check)", "Basic vulnerability scan"]


def _main(html: str) -> str:
    """The page's content: <main> without tags, the official-title spans and form values removed."""
    body = html.split("<main", 1)[1].split("</main>", 1)[0]
    body = re.sub(r"<[^>]*data-official-name[^>]*>[^<]*<", "<", body)
    return re.sub(r"<[^>]+>", " ", body)


def _page(client: Any, path: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(path)
    assert response.status_code == 200, path
    return _main(response.content.decode())


@pytest.fixture
def seed_policy(demo, products, api_as, page_as) -> Any:
    quote = accepted_quote(api_as(demo["applicant"]), products["cyber-emergency-response"])
    return bind_on(demo["applicant"], quote["id"])


def test_the_shipped_products_are_kept_in_both_languages(products) -> None:
    product = Product.objects.get(code="cyber-emergency-response")
    assert (product.name_zh_hans, product.name_en) == (
        "网络安全应急响应保险",
        "Cyber Risks Emergency Response Insurance",
    )
    plan = Plan.objects.get(version__product=product, code="A")
    assert (plan.name_zh_hans, plan.name_en) == ("方案A", "Plan A")
    service = ServiceItem.objects.get(code="emergency_response")
    assert (service.name_zh_hans, service.name_en) == ("7×24 小时应急响应服务", "24/7 emergency response")


def test_english_pages_show_no_chinese_product_content(demo, seed_policy, page_as) -> None:
    client = page_as(demo["applicant"])
    catalogue = _page(client, "/products/", "en")
    insurers = {p.insurer.name for p in Product.objects.select_related("insurer")}
    for name in insurers:  # party names are names, not product content
        catalogue = catalogue.replace(name, "")
    assert "Cyber Risks Emergency Response Insurance" in catalogue
    assert "Plan A" in catalogue
    assert not CJK.findall(catalogue), CJK.findall(catalogue)[:20]

    quote = _page(client, f"/applications/{seed_policy.application_id}/", "en")
    policy = _page(client, f"/policies/{seed_policy.pk}/", "en")
    assert "Plan A" in quote
    for text in (quote, policy):
        for chinese in CHINESE:
            assert chinese not in text
    assert "Basic vulnerability scan" in quote  # the scheduled services the premium pays for
    assert "From 00:00 on 10 June 2026 to 24:00 on 9 June 2027" in policy
    assert "fixed inspection" in policy.lower()
    assert "特别约定" not in policy


def test_an_insurer_with_a_registered_english_name_is_named_so_on_english_pages(
    demo, seed_policy, page_as
) -> None:
    insurer = seed_policy.insurer
    insurer.name_en = "Hua'an Cyber Property Insurance Co., Ltd."
    insurer.save(update_fields=["name_en"])
    client = page_as(demo["applicant"])
    for path in ("/products/", f"/policies/{seed_policy.pk}/"):
        english = _page(client, path, "en")
        assert "Hua&#x27;an Cyber Property Insurance Co., Ltd." in english, path
        assert insurer.name not in english, path
        assert insurer.name in _page(client, path, "zh-hans"), path


def test_chinese_pages_show_no_english_product_content(demo, seed_policy, page_as) -> None:
    client = page_as(demo["applicant"])
    paths = ("/products/", f"/applications/{seed_policy.application_id}/", f"/policies/{seed_policy.pk}/")
    for path in paths:
        text = _page(client, path, "zh-hans")
        for english in [*ENGLISH, "Cyber Risks Emergency Response Insurance", "From 00:00"]:
            assert english not in text, (path, english)
    assert "方案A" in _page(client, paths[0], "zh-hans")
    assert "方案A" in _page(client, paths[1], "zh-hans")
    policy = _page(client, f"/policies/{seed_policy.pk}/", "zh-hans")
    assert "自2026年6月10日零时起至2027年6月9日二十四时止" in policy


def test_referral_reasons_are_shown_in_the_readers_language(demo, products, api_as, page_as) -> None:
    referred = referred_application(api_as(demo["applicant"]), products["wanganbao"])
    client = page_as(demo["underwriter"])
    english = _page(client, f"/applications/workbench/{referred['id']}/", "en")
    chinese = _page(client, f"/applications/workbench/{referred['id']}/", "zh-hans")
    assert "Sensitive information is processed without any cyber-security staff." in english
    assert "Sensitive information" not in chinese
    assert "网络安全" in chinese


def test_the_pdfs_carry_both_languages_of_each_text(demo, products, seed_policy, api_as) -> None:
    applicant = api_as(demo["applicant"])
    applicant.headers["Accept-Language"] = "en"  # the documents do not depend on the request's language
    schedule = extracted_text(applicant.get(f"/api/policies/{seed_policy.pk}/schedule.pdf").content)
    fresh = accepted_quote(applicant, products["cyber-emergency-response"])  # a quote still valid
    quote = extracted_text(applicant.get(f"/api/quotes/{fresh['id']}/quote.pdf").content)
    for text in (schedule, quote):
        squeezed = text.replace(" ", "").replace("\n", "")
        assert "网络安全应急响应保险" in squeezed
        assert "CyberRisksEmergencyResponse" in squeezed
        assert "Basicvulnerabilityscan" in squeezed
        assert "基础漏洞扫描" in squeezed
    assert "PlanA" in quote.replace(" ", "")
    assert "方案A" in quote.replace(" ", "")
    assert "24/7emergencyresponse" in schedule.replace(" ", "").replace("\n", "")

"""The policy schedule (保险单) PDF as the insured downloads it: the sum insured in Chinese uppercase.

The uppercase conversion itself (0.50, 10.05, 190,000, 6,000,000, 100,010,000.00 …) is tested in
tests/terms/test_money.py; here it must reach the document."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.documents.pdf_checks import extracted_text
from tests.journey import answers
from tests.underwriting.helpers import accepted_quote, bind_on


def test_the_schedule_shows_the_sum_insured_in_chinese_uppercase(demo, products, api_as) -> None:
    applicant = api_as(demo["applicant"])
    policy = bind_on(demo["applicant"], accepted_quote(applicant, products["cyber-emergency-response"])["id"])
    api_as(demo["underwriter2"]).post(
        f"/api/policies/{policy.pk}/endorsements/systems",
        {"systems": [{"name": "船舶调度系统", "users": 25, "devices": 3}], "effective_on": "2026-08-01"},
    )

    response = applicant.get(f"/api/policies/{policy.pk}/schedule.pdf")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="policy-{policy.number}.pdf"'
    text = extracted_text(response.content).replace(" ", "")
    assert "人民币壹拾玖万元整" in text
    assert policy.number in text
    assert "自2026年6月10日零时起" in text
    assert "船舶调度系统" in text  # the endorsed systems, not the ones applied for


def test_quote_pdf_lists_every_plan_and_the_vat(demo, products, api_as) -> None:
    api = api_as(demo["applicant2"])
    body = {"product_version": products["wanganbao"].pk, "answers": answers(security_staff=3), "submit": True}
    quote = api.post("/api/applications", body).json()["quote"]

    response = api.get(f"/api/quotes/{quote['id']}/quote.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "增值税" in text
    for option in quote["options"]:
        assert f"{float(option['premium']):,.2f}" in text
    assert api_as(demo["applicant3"]).get(f"/api/quotes/{quote['id']}/quote.pdf").status_code == 404

"""The policy schedule (保险单) PDF as the insured downloads it: the sum insured in Chinese uppercase.

The uppercase conversion itself (0.50, 10.05, 190,000, 6,000,000, 100,010,000.00 …) is tested in
tests/terms/test_money.py; here it must reach the document."""

from __future__ import annotations

from tests.documents.pdf_checks import extracted_text
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

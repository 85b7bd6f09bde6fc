"""The insured downloads the incident summary (Chinese or English) and the draft 处置总结报告 of its case;
the texts come from the case's stage history, timeline and clocks."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.documents.pdf_checks import extracted_text
from tests.incidents.flows import ransomware_case


def test_the_insured_downloads_the_summary_and_the_handling_report(case, api_as) -> None:
    now = timezone.now()
    incident = ransomware_case(case, start=now - timedelta(days=2))
    insured = api_as(case["applicant"])

    zh = insured.get(f"/api/incidents/{incident.pk}/summary.pdf")
    assert (zh.status_code, zh["Content-Type"]) == (200, "application/pdf")
    text = extracted_text(zh.content)
    for expected in [incident.number, "恶意程序 / 勒索软件", "较大", "沪应急安全", "进入eradication", "根除"]:
        assert expected in text, expected

    en = extracted_text(insured.get(f"/api/incidents/{incident.pk}/summary.pdf?lang=en").content)
    assert "Incident Summary" in en
    assert "Certified team arranged" in en

    report = extracted_text(insured.get(f"/api/incidents/{incident.pk}/handling-report.pdf").content)
    assert "网络安全事件处置总结报告" in report
    assert "涉及个人信息人数 ≥ 1,000,000" in report
    assert "应急响应已派给沪应急安全" in report  # from the timeline

    wrong = insured.get(f"/api/incidents/{incident.pk}/summary.pdf?lang=fr")
    assert (wrong.status_code, wrong.json()["code"], wrong.json()["field"]) == (
        400,
        "incidents.invalid_choice",
        "lang",
    )
    assert api_as(case["stranger"]).get(f"/api/incidents/{incident.pk}/summary.pdf").status_code == 404

"""The settlement letter and the loss-adjustment report of a real claim: the amounts, the explanation
steps (the 10% penalty), who is paid, the review levels; who may download them and when."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from cyberins.claims.services import do_approve, do_authorise_direct_payment, do_pay
from cyberins.terms import SHANGHAI
from tests import factories as f
from tests.claims.conftest import incident_at
from tests.claims.test_assessment import assessed_claim
from tests.documents.pdf_checks import extracted_text

T = datetime(2026, 9, 1, 10, 0, tzinfo=SHANGHAI)
LATER = T + timedelta(days=5)


def penalised_claim(case):
    """Service 60,000 → 45,000 and restoration 180,000 → 153,000 under the 10% penalty (198,000)."""
    incident = incident_at(case, T)
    item = f.remediation_item(
        organisation=case["policy"].insured, notified_at=T - timedelta(days=60), due_at=T - timedelta(days=15)
    )
    claim = assessed_claim(
        case,
        incident,
        [
            ("restoration", "200000", "180000", ["above_market_rate"]),
            ("response_service", "60000", "60000", []),
        ],
        related=[item.pk],
    )
    do_authorise_direct_payment(actor=case["applicant"], claim=claim, authorised=True, now=LATER)
    return claim


def flat(pdf: bytes) -> str:
    return "".join(extracted_text(pdf).split())


def test_the_letter_prints_the_amounts_the_penalty_steps_and_the_direct_payment(case, api_as) -> None:
    claim = penalised_claim(case)
    insured = api_as(case["applicant"])
    # not yet agreed: no letter, a coded error
    refused = insured.get(f"/api/claims/{claim.pk}/letter.pdf")
    assert (refused.status_code, refused.json()["code"]) == (409, "claims.no_letter")
    do_approve(actor=case["approver"], claim=claim, note="同意", now=LATER)

    got = insured.get(f"/api/claims/{claim.pk}/letter.pdf")
    assert got.status_code == 200
    assert got["Content-Type"] == "application/pdf"
    zh = flat(got.content)
    assert claim.number in zh
    assert "人民币壹拾玖万捌仟元整" in zh  # the payable in Chinese uppercase
    assert "198,000.00" in zh
    assert "45,000.00" in zh
    assert "153,000.00" in zh
    assert "5,000.00" in zh
    assert "17,000.00" in zh
    assert "沪应急安全" in zh  # the provider is paid its fees directly
    assert case["policy"].insured_name.replace(" ", "") in zh
    claim.refresh_from_db()
    assert f"请与我司理赔部门联系：{claim.assessed_by}".replace(" ", "") in zh  # whom to contact, by name

    claim.insurer.name_en = "Hua'an Cyber Property Insurance Co., Ltd."
    claim.insurer.save(update_fields=["name_en"])
    en = flat(insured.get(f"/api/claims/{claim.pk}/letter.pdf?lang=en").content)
    assert "Hua'anCyberPropertyInsuranceCo.,Ltd." in en  # the insurer's registered English name
    assert "remediationwarranty" in en
    assert "paiddirectlytotheprovider" in en


def test_the_letter_follows_the_payments_made(case, api_as) -> None:
    claim = penalised_claim(case)
    do_approve(actor=case["approver"], claim=claim, now=LATER)
    do_pay(
        actor=case["adjuster"],
        claim=claim,
        amount_paid="45000",
        payee="provider",
        idempotency_key="a",
        now=LATER,
    )
    do_pay(actor=case["adjuster"], claim=claim, amount_paid="153000", idempotency_key="b", now=LATER)
    claim.refresh_from_db()
    assert claim.status == "paid"
    pdf = api_as(case["adjuster"]).get(f"/api/claims/{claim.pk}/letter.pdf")
    text = flat(pdf.content)
    assert "45,000.00" in text
    assert "153,000.00" in text
    assert "198,000.00" in text


def test_the_report_names_the_systems_the_cause_and_the_review_levels(case, api_as) -> None:
    claim = penalised_claim(case)
    adjuster = api_as(case["adjuster"])
    do_approve(actor=case["approver"], claim=claim, note="同意赔付", now=LATER)
    got = adjuster.get(f"/api/claims/{claim.pk}/adjustment-report.pdf")
    assert got.status_code == 200
    text = flat(got.content)
    assert f"GG-{claim.number}" in text
    assert "260,000.00" in text  # 索赔金额 200,000 + 60,000
    assert "240,000.00" in text  # 核损金额 180,000 + 60,000
    assert "198,000.00" in text  # 建议赔额
    assert case["system"].replace(" ", "") in text  # the insured system
    assert "编制" in text
    assert "审核" in text
    assert "同意赔付" in text
    assert case["adjuster"].get_username() in text
    assert case["approver"].get_username() in text
    assert "-R" not in text  # the first assessment is the original


@pytest.mark.parametrize("path", ["letter.pdf", "adjustment-report.pdf"])
def test_another_organisation_gets_404(case, api_as, path) -> None:
    claim = penalised_claim(case)
    do_approve(actor=case["approver"], claim=claim, now=LATER)
    for outsider in (case["stranger"], case["other_handler"]):
        client = api_as(outsider)
        assert client.get(f"/api/claims/{claim.pk}/{path}").status_code == 404


def test_the_insured_and_the_provider_do_not_get_the_report(case, api_as) -> None:
    claim = penalised_claim(case)
    for who in ("applicant", "manager"):
        client = api_as(case[who])
        got = client.get(f"/api/claims/{claim.pk}/adjustment-report.pdf")
        assert got.status_code == 403
    manager = api_as(case["manager"])
    assert manager.get(f"/api/claims/{claim.pk}/letter.pdf").status_code == 403


def test_the_claim_page_links_the_documents_each_role_may_read(case, page_as) -> None:
    claim = penalised_claim(case)
    letter, report = f"/claims/{claim.pk}/letter.pdf", f"/claims/{claim.pk}/adjustment-report.pdf"
    handler, insured = page_as(case["adjuster"]), page_as(case["applicant"])
    # assessed: the handler has the report, nobody the letter yet
    page = handler.get(f"/claims/{claim.pk}/").content.decode()
    assert report in page
    assert letter not in page
    assert letter not in insured.get(f"/claims/{claim.pk}/").content.decode()
    do_approve(actor=case["approver"], claim=claim, now=LATER)
    page = insured.get(f"/claims/{claim.pk}/").content.decode()
    assert letter in page
    assert report not in page
    assert report in handler.get(f"/claims/{claim.pk}/").content.decode()
    got = insured.get(letter + "?lang=en")
    assert got.status_code == 200
    assert claim.number in extracted_text(got.content)
    assert insured.get(report).status_code == 403
    assert handler.get(report).status_code == 200
    assert page_as(case["stranger"]).get(letter).status_code == 404


def test_a_new_assessment_after_reopening_numbers_the_report_r1(case, api_as) -> None:
    from cyberins.claims.services import do_assess, do_deny, do_reopen

    claim = penalised_claim(case)
    do_deny(actor=case["approver"], claim=claim, reasons="试行拒赔", now=LATER)
    do_reopen(actor=case["approver"], claim=claim, reason="被保险人补充证据", now=LATER)
    do_assess(actor=case["adjuster"], claim=claim, now=LATER)
    adjuster = api_as(case["adjuster"])
    text = flat(adjuster.get(f"/api/claims/{claim.pk}/adjustment-report.pdf?lang=en").content)
    assert f"GG-{claim.number}-R1" in text
    # without the related finding the 10% penalty is gone: 50,000 + 170,000
    assert "220,000.00" in text

"""The claims pages: the handler's queue with clocks, the claim page with only the role's actions, the
insured's documents and explanation, the provider's direct payments; refused actions 403, strangers 404."""

from __future__ import annotations

from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from cyberins.claims.models import Claim
from cyberins.terms import SHANGHAI
from tests.claims.conftest import incident_at
from tests.claims.test_assessment import assessed_claim

T = datetime(2026, 9, 1, 10, 0, tzinfo=SHANGHAI)


def test_handler_insured_and_provider_pages(case, page_as) -> None:
    claim = assessed_claim(case, incident_at(case, T), [("response_service", "30000", "30000", [])])
    handler, adjuster = page_as(case["approver"]), page_as(case["adjuster"])
    queue = handler.get("/claims/").content.decode()
    assert claim.number in queue
    assert 'data-clock="decision"' in queue
    page = handler.get(f"/claims/{claim.pk}/").content.decode()
    assert 'value="approve"' in page
    assert 'data-step="deductible"' in page
    # the assessor sees no approve button, and posting it anyway is refused with the reason
    own = adjuster.get(f"/claims/{claim.pk}/").content.decode()
    assert 'value="approve"' not in own
    assert adjuster.post(f"/claims/{claim.pk}/action/", {"action": "approve"}).status_code == 403
    assert handler.post(f"/claims/{claim.pk}/action/", {"action": "approve"}).status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == "approved"

    insured = page_as(case["applicant"])
    mine = insured.get(f"/claims/{claim.pk}/").content.decode()
    assert 'data-section="explanation"' in mine
    assert "免赔额" in mine
    assert 'value="pay"' not in mine
    assert 'value="authorise"' in mine
    assert insured.post(f"/claims/{claim.pk}/action/", {"action": "pay", "amount": "1"}).status_code == 403
    insured.post(f"/claims/{claim.pk}/action/", {"action": "authorise", "authorised": "on"})
    paid = handler.post(
        f"/claims/{claim.pk}/action/",
        {"action": "pay", "amount": "20000", "payee": "provider", "key": "page-1"},
    )
    assert paid.status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == "paid"
    provider = page_as(case["manager"]).get("/claims/").content.decode()
    assert 'data-section="direct-payments"' in provider
    assert "¥20,000.00" in provider
    assert page_as(case["stranger"]).get(f"/claims/{claim.pk}/").status_code == 404
    assert (
        page_as(case["other_handler"]).post(f"/claims/{claim.pk}/action/", {"action": "close"}).status_code
        == 404
    )


def test_the_insured_opens_a_claim_and_uploads_the_requested_documents(case, page_as) -> None:
    incident = incident_at(case, T)
    insured, handler = page_as(case["applicant"]), page_as(case["adjuster"])
    assert incident.number in insured.get("/claims/").content.decode()
    opened = insured.post("/claims/open/", {"incident": incident.pk})
    claim = Claim.objects.get(incident=incident)
    assert opened["Location"] == f"/claims/{claim.pk}/"
    insured.post(
        f"/claims/{claim.pk}/action/", {"action": "add_line", "coverage": "legal", "claimed": "12000"}
    )
    handler.post(f"/claims/{claim.pk}/action/", {"action": "request_documents"})
    page = insured.get(f"/claims/{claim.pk}/").content.decode()
    assert 'data-notice="1"' in page
    assert 'data-document="legal_invoices"' in page
    upload = SimpleUploadedFile("invoice.pdf", b"%PDF-1.4", content_type="application/pdf")
    insured.post(
        f"/claims/{claim.pk}/action/", {"action": "upload", "code": "legal_invoices", "file": upload}
    )
    assert claim.documents.get(code="legal_invoices").status == "received"
    assert claim.documents.get(code="legal_invoices").file.name.endswith(".pdf")

"""The whole path through the API: incident → claim → documents → assessment → four-eyes approval →
direct payment to the provider and payment to the insured (once per Idempotency-Key) → closing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cyberins.accounts.models import AuditRecord
from cyberins.claims.models import Claim, Payment
from cyberins.providers.models import Offer
from cyberins.providers.services import do_accept_offer


def pay(client, claim_id, key, **body):
    headers = {**client.headers, "Idempotency-Key": key}
    return client.client.post(
        f"/api/claims/{claim_id}/payments", body, content_type="application/json", headers=headers
    )


def test_incident_to_claim_to_approval_to_payment(case, api_as) -> None:
    insured, adjuster = api_as(case["applicant"]), api_as(case["adjuster"])
    approver, junior = api_as(case["approver"]), api_as(case["junior"])
    now = timezone.now()
    reported = insured.post(
        "/api/incidents",
        {
            "policy": case["policy"].pk,
            "summary": "勒索软件",
            "affected_system": case["system"],
            "occurred_at": (now - timedelta(hours=3)).isoformat(),
            "discovered_at": (now - timedelta(hours=2)).isoformat(),
            "incident_class": "MP",
            "sub_class": "ransomware",
        },
    )
    assert reported.status_code == 201, reported.json()
    incident_id = reported.json()["id"]
    do_accept_offer(actor=case["manager"], offer=Offer.objects.get(engagement__incident=incident_id), now=now)

    opened = insured.post("/api/claims", {"incident": incident_id, "description": "ERP 加密"})
    assert opened.status_code == 201, opened.json()
    claim = opened.json()
    assert (claim["status"], claim["incident"], claim["provider"]) == ("open", incident_id, "沪应急安全")
    assert insured.post("/api/claims", {"incident": incident_id}).json()["code"] == "claims.already_claimed"
    cid = claim["id"]
    assert (
        insured.post(f"/api/claims/{cid}/lines", {"coverage": "restoration", "claimed": "100000"}).status_code
        == 201
    )
    service = insured.post(f"/api/claims/{cid}/lines", {"coverage": "response_service"}).json()
    assert service["source"] == "price_book"

    notice = adjuster.post(f"/api/claims/{cid}/document-requests", {"note": "请补充"}).json()
    assert notice["codes"] == ["claim_form", "incident_report", "restoration_invoices", "service_report"]
    for code in notice["codes"]:
        upload = SimpleUploadedFile(f"{code}.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        sent = insured.client.post(
            f"/api/claims/{cid}/documents/{code}", {"file": upload}, headers=insured.headers
        )
        assert sent.status_code == 200, sent.json()
    assert adjuster.post(f"/api/claims/{cid}/documents-complete", {}).json()["status"] == "under_assessment"

    lines = {line["coverage"]: line for line in adjuster.get(f"/api/claims/{cid}").json()["lines"]}
    fee = Decimal(lines["response_service"]["claimed"])
    reduced = adjuster.post(
        f"/api/claims/{cid}/lines/{lines['restoration']['id']}/assessment",
        {"assessed": "80000", "reductions": ["betterment"]},
    )
    assert reduced.status_code == 200, reduced.json()
    adjuster.post(
        f"/api/claims/{cid}/lines/{lines['response_service']['id']}/assessment", {"assessed": str(fee)}
    )
    assessed = adjuster.post(f"/api/claims/{cid}/assess", {}).json()
    service_payable = max(fee - 10000, Decimal(0))
    assert Decimal(assessed["payable"]) == Decimal("70000") + service_payable
    assert assessed["explanation"]["lines"][0]["coverage"] == "response_service"

    own = adjuster.post(f"/api/claims/{cid}/approve", {})
    assert (own.status_code, own.json()["code"]) == (403, "claims.own_assessment")
    small = junior.post(f"/api/claims/{cid}/approve", {})
    assert (small.status_code, small.json()["code"]) == (403, "claims.authority_exceeded")
    unapproved = pay(approver, cid, "k-0", amount="1")
    assert (unapproved.status_code, unapproved.json()["code"]) == (409, "claims.not_approved")
    approved = approver.post(f"/api/claims/{cid}/approve", {"note": "同意"}).json()
    assert approved["status"] == "approved"
    assert approved["approvals"][0]["amount"] == approved["payable"]

    direct = pay(approver, cid, "k-1", amount=str(service_payable), payee="provider")
    assert direct.json()["code"] == "claims.direct_not_authorised"
    insured.post(f"/api/claims/{cid}/direct-payment", {"authorised": True})
    first = pay(approver, cid, "k-1", amount=str(service_payable), payee="provider")
    again = pay(approver, cid, "k-1", amount=str(service_payable), payee="provider")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["paid_to"] == "沪应急安全"
    assert pay(approver, cid, "k-1", amount="5", payee="provider").json()["code"] == "claims.key_reused"
    too_much = pay(approver, cid, "k-2", amount="70000.01")
    assert too_much.json()["code"] == "claims.above_payable"
    assert pay(approver, cid, "k-3", amount="30000").status_code == 201  # partial
    done = pay(approver, cid, "k-4", amount="40000")
    assert done.status_code == 201
    paid = approver.get(f"/api/claims/{cid}").json()
    assert (paid["status"], Decimal(paid["paid"]), Decimal(paid["outstanding"])) == (
        "paid",
        Decimal(approved["payable"]),
        Decimal(0),
    )
    assert Payment.objects.filter(claim_id=cid).count() == 3
    assert AuditRecord.objects.filter(action="claim.pay").count() == 3
    assert approver.post(f"/api/claims/{cid}/close", {}).json()["status"] == "closed"

    # the provider sees its direct payment; strangers and another insurer see nothing
    provider_view = api_as(case["manager"]).get(f"/api/claims/{cid}").json()
    assert next(p["payee"] for p in provider_view["payments"]) == "provider"
    assert api_as(case["stranger"]).get(f"/api/claims/{cid}").status_code == 404
    assert api_as(case["other_handler"]).post(f"/api/claims/{cid}/reopen", {"reason": "x"}).status_code == 404
    assert Claim.objects.get(pk=cid).status == "closed"

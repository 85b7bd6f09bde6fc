"""The whole journey through the API: questionnaire → referral → approval → quote → bind → pay → PDF."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from cyberins.accounts.models import AuditRecord
from cyberins.policies.models import Policy
from cyberins.terms import local_date
from tests.journey import answers


def test_apply_refer_approve_quote_bind_pay_and_download(demo, products, api_as) -> None:
    applicant, underwriter = api_as(demo["applicant"]), api_as(demo["underwriter2"])
    version = products["cyber-emergency-response"]

    created = applicant.post("/api/applications", {"product_version": version.pk, "answers": answers()})
    assert created.status_code == 201, created.json()
    application_id = created.json()["id"]
    submitted = applicant.post(f"/api/applications/{application_id}/submit", {"answers": {}}).json()
    assert submitted["status"] == "referred"
    assert [r["code"] for r in submitted["reasons"]] == ["no_security_staff"]
    assert submitted["quote"] is None

    referrals = underwriter.get("/api/referrals").json()
    assert [a["id"] for a in referrals] == [application_id]
    approved = underwriter.post(
        f"/api/applications/{application_id}/decision",
        {"approve": True, "adjustment": "0.95", "note": "需在一个月内配备安全人员"},
    )
    assert approved.status_code == 200, approved.json()
    quote = approved.json()["quote"]
    option = quote["options"][0]
    assert option["plan"] == "A"
    assert Decimal(option["premium"]) == Decimal("26000.00")  # the seed's COSCO plan A: minimum premium
    assert quote["assumption_set"]["name"]
    breakdown = {k: Decimal(v) for k, v in option["breakdown"].items()}
    assert sum(breakdown.values()) == Decimal(option["premium"])
    assert Decimal(option["vat"]) == Decimal("1471.70")  # 24,528.30 before VAT × 6 %

    first_day = local_date(timezone.now()) + timedelta(days=1)
    bound = applicant.post(
        f"/api/quotes/{quote['id']}/bind", {"plan": "A", "first_day": first_day.isoformat(), "instalments": 1}
    )
    assert bound.status_code == 201, bound.json()
    policy = bound.json()
    assert policy["sum_insured"] == "190000.00"
    assert policy["premium"] == "26000.00"
    assert policy["paid"] is False
    assert [w["kind"] for w in policy["warranties"]] == ["remediation", "service_schedule"]
    assert [s["service"] for s in policy["service_orders"]] == ["fixed_inspection", "vulnerability_scan"]
    assert policy["period_zh"].endswith("二十四时止")

    # The insured declares its transfer; only the insurer's confirmation makes the instalment paid.
    declared = applicant.post(
        f"/api/policies/{policy['id']}/instalments/1/payments",
        {
            "amount": "26000.00",
            "reference": "BANK-20261125-001",
            "paid_on": local_date(timezone.now()).isoformat(),
        },
    )
    assert declared.status_code == 201, declared.json()
    assert declared.json()["status"] == "declared"
    assert applicant.get(f"/api/policies/{policy['id']}").json()["state"] == "awaiting_payment"
    confirmed = underwriter.post(f"/api/payments/{declared.json()['id']}/decision", {"confirm": True})
    assert confirmed.status_code == 200, confirmed.json()
    body = applicant.get(f"/api/policies/{policy['id']}").json()
    assert body["paid"] is True
    assert body["state"] == "paid_not_started"  # the cover starts tomorrow at 00:00

    pdf = applicant.get(f"/api/policies/{policy['id']}/schedule.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert AuditRecord.objects.filter(action="policy.issue", object_id=str(policy["id"])).count() == 1


def test_binding_the_same_quote_twice_gives_one_policy(demo, products, api_as) -> None:
    applicant = api_as(demo["applicant2"])
    version = products["wanganbao"]
    created = applicant.post(
        "/api/applications",
        {"product_version": version.pk, "answers": answers(security_staff=3), "submit": True},
    )
    body = created.json()
    assert body["status"] == "accepted"
    quote = body["quote"]
    assert [o["plan"] for o in quote["options"]] == ["A", "B", "C"]
    first_day = (local_date(timezone.now()) + timedelta(days=3)).isoformat()

    first = applicant.post(f"/api/quotes/{quote['id']}/bind", {"plan": "B", "first_day": first_day})
    second = applicant.post(f"/api/quotes/{quote['id']}/bind", {"plan": "C", "first_day": first_day})

    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json()["code"] == "policies.quote_not_active"
    assert Policy.objects.filter(quote_id=quote["id"]).count() == 1

"""The API of the provider network: scoping (another provider's offer → 404), coded field errors, the
operator's ranking and gaps, and the work through to the insured's rating."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cyberins.accounts.models import Organisation
from cyberins.accounts.roles import Role
from cyberins.providers.models import Engagement, ServiceItem
from cyberins.providers.services import do_open_engagement
from tests.providers.factories import make_provider, staff


@pytest.fixture
def setup(demo):
    near = make_provider("沪一安全", city="310100")
    other = make_provider("沪二安全", city="310100")
    expired = make_provider("京三安全", city="110100", cert_until=timezone.now().date() - timedelta(days=3))
    client = Organisation.objects.get(short_name="远海航运")
    engagement = do_open_engagement(
        actor=None,
        kind="service_order",
        reference="P/SO-1",
        service=ServiceItem.objects.get(code="fixed_inspection"),
        province="310000",
        city="310100",
        needed_by=timezone.now() + timedelta(days=20),
        client=client,
        now=timezone.now(),
    )
    return {
        "e": engagement,
        "near": near,
        "expired": expired,
        "mgr": staff(near, "mgr1", Role.PROVIDER_MANAGER),
        "eng": staff(near, "eng1", Role.PROVIDER_ENGINEER),
        "other_mgr": staff(other, "mgr2", Role.PROVIDER_MANAGER),
    }


def test_offer_work_and_rating_over_the_api(setup, demo, api_as) -> None:
    manager, engineer = api_as(setup["mgr"]), api_as(setup["eng"])
    (offer,) = manager.get("/api/offers?status=pending").json()
    assert offer["reference"] == "P/SO-1"
    assert api_as(setup["other_mgr"]).post(f"/api/offers/{offer['id']}/accept", {}).status_code == 404
    accepted = manager.post(f"/api/offers/{offer['id']}/accept", {})
    assert accepted.json()["status"] == "accepted"
    e = setup["e"].pk
    assert manager.post(f"/api/engagements/{e}/engineer", {"engineer": setup["eng"].pk}).status_code == 200
    today = timezone.localdate().isoformat()
    assert engineer.post(f"/api/engagements/{e}/work", {"day": today, "hours": "6"}).status_code == 201
    bad = engineer.post(f"/api/engagements/{e}/work", {"day": today, "hours": "30"})
    assert (bad.status_code, bad.json()["field"], bad.json()["code"]) == (
        400,
        "hours",
        "providers.invalid_hours",
    )
    upload = engineer.client.post(
        f"/api/engagements/{e}/report",
        {"report": SimpleUploadedFile("r.pdf", b"%PDF-1.4\nreport"), "summary": "无高危"},
        headers=engineer.headers,
    )
    assert upload.status_code == 200, upload.content
    assert len(upload.json()["report_sha256"]) == 64
    assert engineer.post(f"/api/engagements/{e}/complete", {}).json()["status"] == "completed"
    insured = api_as(demo["applicant"])
    assert insured.get(f"/api/engagements/{e}").json()["summary"] == "无高危"
    assert insured.post(f"/api/engagements/{e}/rate", {"rating": 0}).json()["field"] == "rating"
    rated = insured.post(f"/api/engagements/{e}/rate", {"rating": 4, "comment": "好"})
    assert rated.json()["status"] == "confirmed"
    perf = manager.get(f"/api/providers/{setup['near'].pk}/performance").json()
    assert (perf["accepted"], perf["completed"], perf["satisfaction"]) == (1, 1, "4.0")
    assert api_as(demo["applicant2"]).get(f"/api/engagements/{e}").status_code == 404


def test_operator_sees_ranking_with_reasons_and_gaps(setup, demo, api_as) -> None:
    admin = api_as(demo["admin"])
    ranking = admin.get("/api/network/match?service=fixed_inspection&province=110000&city=110100").json()
    by_name = {a["name"]: a for a in ranking}
    assert by_name["京三安全"]["eligible"] is False
    assert [r["code"] for r in by_name["京三安全"]["reasons"] if not r["ok"]] == ["certificate_expired"]
    gaps = admin.get("/api/network/gaps").json()
    assert {"province": "110000", "city": "110100", "service": "fixed_inspection"}.items() <= next(
        g for g in gaps if g["city"] == "110100" and g["service"] == "fixed_inspection"
    ).items()
    assert api_as(setup["mgr"]).get("/api/network/gaps").status_code == 403


def test_manual_assignment_and_price_book_errors(setup, demo, api_as) -> None:
    admin = api_as(demo["admin"])
    e = setup["e"].pk
    assigned = admin.post(
        f"/api/engagements/{e}/assign", {"provider": setup["expired"].pk, "reason": "客户指定"}
    )
    assert assigned.json()["manual"] is True
    assert Engagement.objects.get(pk=e).provider == setup["expired"]
    bad = api_as(setup["mgr"]).post(
        "/api/price-book",
        {"service": "fixed_inspection", "unit_price": "0", "valid_from": "2099-01-01", "own": True},
    )
    assert (bad.status_code, bad.json()["field"]) == (400, "unit_price")
    ok = api_as(setup["mgr"]).post(
        "/api/price-book",
        {"service": "fixed_inspection", "unit_price": "7500", "valid_from": "2099-01-01", "own": True},
    )
    assert ok.status_code == 201
    assert ok.json()["provider"] == setup["near"].pk


def test_register_with_an_invalid_credit_code_is_a_field_error(demo, api_as) -> None:
    org = Organisation.objects.create(kind="provider", name="新公司")
    body = {"organisation": org.pk, "legal_name": "新公司", "credit_code": "91350100M000100Y44",
            "hotline": "400", "capacity": 2}  # fmt: skip
    response = api_as(demo["admin"]).post("/api/providers", body)
    assert (response.status_code, response.json()["field"]) == (400, "credit_code")
    body["credit_code"] = "91350100M000100Y43"
    assert api_as(demo["admin"]).post("/api/providers", body).status_code == 201

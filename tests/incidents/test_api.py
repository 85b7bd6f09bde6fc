"""The incident flow through the API: the insured reports, the hotline registers the call and its
transfer, the provider accepts the offer, the case moves through the seed's stages to closed."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cyberins.incidents.models import Incident
from cyberins.providers.models import Offer


def report(case, **changes):
    now = timezone.now()
    body = {
        "policy": case["policy"].pk,
        "summary": "服务器文件被加密，桌面出现勒索信",
        "affected_system": case["system"],
        "occurred_at": (now - timedelta(hours=2)).isoformat(),
        "discovered_at": (now - timedelta(hours=1)).isoformat(),
        "incident_class": "MP",
        "sub_class": "ransomware",
    }
    return body | changes


def test_the_whole_flow_through_the_api(case, api_as) -> None:
    insured, hotline = api_as(case["applicant"]), api_as(case["hotline"])
    manager, engineer = api_as(case["manager"]), api_as(case["engineer"])

    made = insured.post("/api/incidents", report(case))
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["covered"], body["coverage_reasons"], body["stage"], body["grade"]) == (
        True,
        [],
        "reported",
        "general",
    )
    assert {c["name"]: c["state"] for c in body["clocks"]} == {
        "first_contact": "pending",
        "team_arranged": "pending",
    }
    number, pk = body["number"], body["id"]

    # the provider with the pending offer does not see the case yet; its offer carries the number
    assert manager.get(f"/api/incidents/{pk}").status_code == 404
    (offer,) = manager.get("/api/offers?status=pending").json()
    assert offer["reference"] == number

    call = hotline.post(
        "/api/hotline-calls",
        {
            "policy": case["policy"].pk,
            "incident": pk,
            "caller": "王经理",
            "callback_number": "13800000000",
            "called_at": timezone.now().isoformat(),
            "summary": "回访，已转技术支持",
        },
    )
    assert call.status_code == 201, call.json()
    assert (call.json()["transferred_to"], call.json()["transfer_number"]) == ("沪应急安全", "400-000-0000")

    assert manager.post(f"/api/offers/{offer['id']}/accept", {}).status_code == 200
    seen = manager.get(f"/api/incidents/{pk}").json()
    assert seen["stage"] == "responding"
    assert seen["provider"] == "沪应急安全"
    assert {c["name"]: c["state"] for c in seen["clocks"]} == {"first_contact": "met", "team_arranged": "met"}
    assert api_as(case["other_manager"]).get(f"/api/incidents/{pk}").status_code == 404

    for stage in ("detection", "containment", "eradication", "recovery", "reporting", "follow_up", "closed"):
        moved = engineer.post(f"/api/incidents/{pk}/stage", {"stage": stage, "note": f"进入{stage}"})
        assert moved.status_code == 200, moved.json()
    final = insured.get(f"/api/incidents/{pk}").json()
    assert final["stage"] == "closed"
    kinds = [e["kind"] for e in final["timeline"]]
    assert kinds.count("stage") == 8  # responding (system) + 7 moves
    assert {"report", "coverage", "dispatch", "call"} <= set(kinds)
    # the insurer sees it; the platform lists it
    assert api_as(case["claims"]).get(f"/api/incidents/{pk}").status_code == 200
    assert number in [i["number"] for i in api_as(case["admin"]).get("/api/incidents").json()]


def test_a_stage_jump_is_refused_and_nothing_changes(case, api_as) -> None:
    pk = api_as(case["applicant"]).post("/api/incidents", report(case)).json()["id"]
    Offer.objects.filter(engagement__reference=Incident.objects.get(pk=pk).number)
    offer = Offer.objects.get(engagement__incident__pk=pk)
    assert api_as(case["manager"]).post(f"/api/offers/{offer.pk}/accept", {}).status_code == 200
    before = Incident.objects.get(pk=pk).timeline.count()
    jump = api_as(case["engineer"]).post(f"/api/incidents/{pk}/stage", {"stage": "recovery"})
    assert (jump.status_code, jump.json()["code"], jump.json()["field"]) == (
        409,
        "invalid_transition",
        "stage",
    )
    after = Incident.objects.get(pk=pk)
    assert (after.stage, after.timeline.count()) == ("responding", before)


def test_detection_may_close_as_not_a_security_incident(case, api_as) -> None:
    pk = api_as(case["applicant"]).post("/api/incidents", report(case)).json()["id"]
    offer = Offer.objects.get(engagement__incident__pk=pk)
    api_as(case["manager"]).post(f"/api/offers/{offer.pk}/accept", {})
    engineer = api_as(case["engineer"])
    engineer.post(f"/api/incidents/{pk}/stage", {"stage": "detection"})
    closed = engineer.post(f"/api/incidents/{pk}/stage", {"stage": "closed", "note": "误报"}).json()
    assert (closed["stage"], closed["not_security_incident"]) == ("closed", True)


def test_another_organisations_policy_is_not_found(case, api_as) -> None:
    answer = api_as(case["applicant"]).post("/api/incidents", report(case, policy=case["stranger_policy"].pk))
    assert (answer.status_code, answer.json()["code"]) == (404, "not_found")
    assert not Incident.objects.exists()
    # nor may another insured read a case
    pk = api_as(case["applicant"]).post("/api/incidents", report(case)).json()["id"]
    assert api_as(case["stranger"]).get(f"/api/incidents/{pk}").status_code == 404


def test_an_uncovered_report_is_recorded_with_its_reasons_and_not_dispatched(case, api_as) -> None:
    made = (
        api_as(case["applicant"])
        .post("/api/incidents", report(case, affected_system="办公网", location="hong_kong"))
        .json()
    )
    assert (made["covered"], made["coverage_reasons"]) == (False, ["system_not_insured", "outside_territory"])
    assert made["clocks"] == []
    assert Incident.objects.get(pk=made["id"]).engagement is None


def test_a_second_report_with_overlapping_time_is_linked_to_the_first(case, api_as) -> None:
    insured = api_as(case["applicant"])
    first = insured.post("/api/incidents", report(case)).json()
    second = insured.post("/api/incidents", report(case, suspicious_only=True)).json()
    assert second["related_to"] == first["number"]
    assert first["related_to"] is None


def test_field_errors_are_coded(case, api_as) -> None:
    insured = api_as(case["applicant"])
    blank = insured.post("/api/incidents", report(case, summary=" "))
    assert (blank.status_code, blank.json()["code"], blank.json()["field"]) == (
        400,
        "incidents.summary_required",
        "summary",
    )
    future = insured.post(
        "/api/incidents", report(case, occurred_at=(timezone.now() + timedelta(hours=1)).isoformat())
    )
    assert (future.json()["code"], future.json()["field"]) == ("incidents.invalid_time", "occurred_at")
    wrong = insured.post("/api/incidents", report(case, sub_class="ddos"))
    assert (wrong.json()["code"], wrong.json()["field"]) == ("incidents.invalid_choice", "sub_class")
    assert not Incident.objects.exists()


def test_the_authority_report_meets_its_clock(case, api_as) -> None:
    insured = api_as(case["applicant"])
    made = insured.post("/api/incidents", report(case, personal_information_people=1_200_000)).json()
    assert made["grade"] == "significant"
    clocks = {c["name"]: c["state"] for c in made["clocks"]}
    assert clocks["authority_report"] in ("pending", "due_soon")  # 4 h from discovery, an hour ago
    done = insured.post(
        f"/api/incidents/{made['id']}/regulatory-reports",
        {"kind": "authority", "at": timezone.now().isoformat()},
    )
    assert done.status_code == 200, done.json()
    assert {c["name"]: c["state"] for c in done.json()["clocks"]}["authority_report"] == "met"
    wrong = insured.post(
        f"/api/incidents/{made['id']}/regulatory-reports", {"kind": "x", "at": timezone.now().isoformat()}
    )
    assert (wrong.json()["code"], wrong.json()["field"]) == ("incidents.invalid_choice", "kind")
    other = api_as(case["stranger"]).post(
        f"/api/incidents/{made['id']}/regulatory-reports",
        {"kind": "authority", "at": timezone.now().isoformat()},
    )
    assert other.status_code == 404

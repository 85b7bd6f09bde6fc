"""The case's work through the API: tasks with owners and due times, eradication with the link to the
insured's health-check finding, messages between the parties, the provider's response report (only the
dispatched provider) and follow-up service orders that the plan includes."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cyberins.healthchecks.models import Finding
from cyberins.incidents.models import Incident
from cyberins.products.models import PlanService, ScheduleRule
from cyberins.providers.models import Engagement, ServiceItem
from tests import factories as f
from tests.incidents.test_api import report

STAGES = ("detection", "containment", "eradication", "recovery", "reporting", "follow_up")


def opened(case, api_as, *, until: str = "responding") -> int:
    """A reported case accepted by the provider and moved on to ``until``."""
    insured, manager, engineer = api_as(case["applicant"]), api_as(case["manager"]), api_as(case["engineer"])
    pk = insured.post("/api/incidents", report(case)).json()["id"]
    (offer,) = manager.get("/api/offers?status=pending").json()
    assert manager.post(f"/api/offers/{offer['id']}/accept", {}).status_code == 200
    for stage in STAGES[: STAGES.index(until) + 1] if until != "responding" else ():
        assert engineer.post(f"/api/incidents/{pk}/stage", {"stage": stage}).status_code == 200
    return pk


def test_tasks_have_owners_and_due_times_and_show_in_the_timeline(case, api_as) -> None:
    pk = opened(case, api_as)
    engineer = api_as(case["engineer"])
    due = timezone.now() + timedelta(hours=4)
    made = engineer.post(
        f"/api/incidents/{pk}/tasks",
        {
            "title": "保全防火墙日志",
            "owner": case["engineer"].pk,
            "due_at": due.isoformat(),
            "stage": "detection",
        },
    )
    assert made.status_code == 201, made.json()
    task = made.json()
    assert (task["title"], task["status"], task["overdue"]) == ("保全防火墙日志", "open", False)

    # the owner must work on the case: a stranger is refused with a coded error
    refused = engineer.post(
        f"/api/incidents/{pk}/tasks",
        {"title": "x", "owner": case["stranger"].pk, "due_at": due.isoformat()},
    )
    assert (refused.status_code, refused.json()["code"], refused.json()["field"]) == (
        400,
        "incidents.owner_invalid",
        "owner",
    )

    done = engineer.post(f"/api/incidents/{pk}/tasks/{task['id']}/done", {})
    assert (done.status_code, done.json()["status"]) == (200, "done")
    texts = [e["text"] for e in api_as(case["applicant"]).get(f"/api/incidents/{pk}").json()["timeline"]]
    assert sum("保全防火墙日志" in t for t in texts) == 2  # created, done


def test_eradication_links_the_insureds_finding_of_the_exploited_cve(case, api_as) -> None:
    pk = opened(case, api_as, until="eradication")
    engineer = api_as(case["engineer"])
    check = f.health_check(organisation=case["policy"].insured)
    finding = Finding.objects.create(
        health_check=check,
        target="vpn.example:443",
        host="vpn.example",
        port=443,
        check_id="tls.vpn",
        title_zh="VPN 漏洞",
        title_en="VPN flaw",
        advice_zh="升级",
        advice_en="Upgrade",
        severity="critical",
        confidence="firm",
        cves=["CVE-2024-3400"],
    )
    body = {
        "root_cause": "VPN 网关未打补丁",
        "attack_technique": "t1190",
        "attack_technique_name": "Exploit Public-Facing Application",
        "exploited_cve": "cve-2024-3400",
        "affected_records": 1200,
    }
    done = engineer.post(f"/api/incidents/{pk}/eradication", body)
    assert done.status_code == 200, done.json()
    assert done.json()["eradication"] == {
        "root_cause": "VPN 网关未打补丁",
        "attack_technique": "T1190",
        "attack_technique_name": "Exploit Public-Facing Application",
        "exploited_cve": "CVE-2024-3400",
        "related_finding": finding.pk,
        "affected_records": 1200,
    }
    assert Incident.objects.get(pk=pk).related_finding == finding

    for field, value, code in (
        ("attack_technique", "T99", "incidents.invalid_technique"),
        ("attack_technique", "T1566.1", "incidents.invalid_technique"),
        ("exploited_cve", "CVE-24-1", "incidents.invalid_cve"),
    ):
        bad = engineer.post(f"/api/incidents/{pk}/eradication", body | {field: value})
        assert (bad.status_code, bad.json()["code"], bad.json()["field"]) == (400, code, field)
    # another organisation's finding cannot be linked
    other = Finding.objects.create(
        health_check=f.health_check(),
        target="x:1",
        host="x",
        check_id="c",
        title_zh="z",
        title_en="e",
        advice_zh="z",
        advice_en="e",
        severity="low",
        confidence="firm",
    )
    bad = engineer.post(f"/api/incidents/{pk}/eradication", body | {"finding": other.pk})
    assert bad.json()["code"] == "incidents.finding_not_found"
    assert Incident.objects.get(pk=pk).related_finding == finding
    # the insured cannot record the eradication (responders only)
    assert api_as(case["applicant"]).post(f"/api/incidents/{pk}/eradication", body).status_code == 403


def test_eradication_before_its_stage_is_refused(case, api_as) -> None:
    pk = opened(case, api_as, until="detection")
    bad = api_as(case["engineer"]).post(
        f"/api/incidents/{pk}/eradication", {"root_cause": "x", "attack_technique": "T1486"}
    )
    assert bad.json()["code"] == "incidents.wrong_stage"


def test_messages_between_the_parties_are_in_the_timeline_with_their_author(case, api_as) -> None:
    pk = opened(case, api_as)
    assert (
        api_as(case["applicant"]).post(f"/api/incidents/{pk}/messages", {"text": "服务器已断网"}).status_code
        == 201
    )
    assert (
        api_as(case["engineer"]).post(f"/api/incidents/{pk}/messages", {"text": "请保留硬盘"}).status_code
        == 201
    )
    assert api_as(case["claims"]).post(f"/api/incidents/{pk}/messages", {"text": "已立案"}).status_code == 201
    empty = api_as(case["claims"]).post(f"/api/incidents/{pk}/messages", {"text": "  "})
    assert empty.json()["code"] == "incidents.text_required"
    timeline = api_as(case["engineer"]).get(f"/api/incidents/{pk}").json()["timeline"]
    messages = [(e["text"], e["author"]) for e in timeline if e["kind"] == "message"]
    assert [t for t, _a in messages] == ["服务器已断网", "请保留硬盘", "已立案"]
    assert case["provider"].organisation.name in messages[1][1]
    assert (
        api_as(case["other_manager"]).post(f"/api/incidents/{pk}/messages", {"text": "x"}).status_code == 404
    )


def _report_upload(client, pk, content=b"%PDF-1.7\nreport", **changes):
    fields = {
        "cause": "钓鱼邮件",
        "measures": "隔离主机",
        "harm": "3 台服务器加密",
        "remediation": "补丁",
        "lessons": "加强培训",
    } | changes
    return client.client.post(
        f"/api/incidents/{pk}/response-report",
        {"report": SimpleUploadedFile("r.pdf", content), **fields},
        headers=client.headers,
    )


def test_only_the_dispatched_provider_submits_the_response_report(case, api_as) -> None:
    pk = opened(case, api_as, until="reporting")
    engineer = api_as(case["engineer"])
    assert _report_upload(api_as(case["other_manager"]), pk).status_code == 404
    assert _report_upload(api_as(case["applicant"]), pk).status_code == 403
    bad = _report_upload(engineer, pk, content=b"MZ not a pdf")
    assert (bad.json()["code"], bad.json()["field"]) == ("incidents.invalid_report", "report")
    missing = _report_upload(engineer, pk, lessons="")
    assert (missing.json()["code"], missing.json()["field"]) == ("incidents.invalid_report", "lessons")
    made = _report_upload(engineer, pk)
    assert made.status_code == 201, made.json()
    seen = api_as(case["claims"]).get(f"/api/incidents/{pk}/response-report").json()
    assert (seen["cause"], seen["lessons"], seen["provider"]) == ("钓鱼邮件", "加强培训", "沪应急安全")
    pdf = api_as(case["applicant"]).get(f"/api/incidents/{pk}/response-report.pdf")
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]) == b"%PDF-1.7\nreport"


def test_follow_up_services_are_ordered_only_when_the_plan_includes_them(case, api_as) -> None:
    pk = opened(case, api_as, until="reporting")
    insured = api_as(case["applicant"])
    early = insured.post(f"/api/incidents/{pk}/follow-ups", {"service": "hardening"})
    assert early.json()["code"] == "incidents.wrong_stage"
    assert (
        api_as(case["engineer"]).post(f"/api/incidents/{pk}/stage", {"stage": "follow_up"}).status_code == 200
    )

    not_in_plan = insured.post(f"/api/incidents/{pk}/follow-ups", {"service": "hardening"})
    assert (not_in_plan.status_code, not_in_plan.json()["code"]) == (400, "incidents.not_in_plan")
    PlanService.objects.create(
        plan=case["policy"].plan,
        service=ServiceItem.objects.get(code="hardening"),
        rule=ScheduleRule.ON_REQUEST,
    )
    made = insured.post(f"/api/incidents/{pk}/follow-ups", {"service": "hardening"})
    assert made.status_code == 201, made.json()
    engagement = Engagement.objects.get(pk=made.json()["engagement"])
    assert (engagement.service.code, engagement.client) == ("hardening", case["policy"].insured)
    again = insured.post(f"/api/incidents/{pk}/follow-ups", {"service": "hardening"})
    assert again.json()["code"] == "incidents.already_ordered"
    assert [o["service"] for o in insured.get(f"/api/incidents/{pk}/follow-ups").json()] == ["hardening"]
    assert (
        api_as(case["engineer"]).post(f"/api/incidents/{pk}/follow-ups", {"service": "hardening"}).status_code
        == 403
    )

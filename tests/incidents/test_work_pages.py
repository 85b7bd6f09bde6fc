"""The case page's work sections as each role sees them: only the forms the role may use; a task, a
message and evidence added in the pages; the evidence page shows the custody log, a logged download
and a tampered log; the dispatched provider submits its report; the insured orders a follow-up."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from cyberins.incidents.models import CustodyEntry, Evidence, Incident, ResponseReport
from cyberins.products.models import PlanService, ScheduleRule
from cyberins.providers.models import ServiceItem
from tests.incidents.test_case_work import opened
from tests.incidents.test_pages import local


def forms(html: str) -> set[str]:
    return {
        a
        for a in ("task", "message", "eradication", "evidence", "report", "follow_up")
        if f'name="action" value="{a}"' in html
    }


def test_each_role_sees_only_the_forms_it_may_use(case, api_as, page_as) -> None:
    pk = opened(case, api_as, until="eradication")
    url = f"/incidents/{pk}/"
    engineer = page_as(case["engineer"]).get(url).content.decode()
    insured = page_as(case["applicant"]).get(url).content.decode()
    assert forms(engineer) == {"task", "message", "eradication", "evidence"}
    assert forms(insured) == {"task", "message", "evidence"}
    assert 'data-section="stage"' in engineer
    assert 'data-section="stage"' not in insured  # the insured does not move stages
    # a provider not dispatched gets 404, a refused action 403
    assert page_as(case["other_manager"]).get(url).status_code == 404
    refused = page_as(case["applicant"]).post(
        f"/incidents/{pk}/work/", {"action": "eradication", "root_cause": "x", "attack_technique": "T1486"}
    )
    assert refused.status_code == 403


def test_work_a_case_in_the_pages(case, api_as, page_as) -> None:
    pk = opened(case, api_as, until="eradication")
    engineer, insured = page_as(case["engineer"]), page_as(case["applicant"])
    work = f"/incidents/{pk}/work/"
    engineer.post(
        work, {"action": "task", "title": "镜像硬盘", "owner": case["engineer"].pk, "due_at": local(-120)}
    )
    insured.post(work, {"action": "message", "text": "机房已断电"})
    engineer.post(
        work,
        {
            "action": "eradication",
            "root_cause": "弱口令",
            "attack_technique": "T1110",
            "attack_technique_name": "Brute Force",
            "affected_records": "300",
        },
    )
    bad = engineer.post(
        work, {"action": "eradication", "root_cause": "x", "attack_technique": "1110"}, follow=True
    )
    assert "T1486" in bad.content.decode()  # the coded error's message names the pattern
    insured.post(
        work,
        {"action": "evidence", "file": SimpleUploadedFile("a.log", b"log line\n"), "description": "日志"},
    )
    page = insured.get(f"/incidents/{pk}/").content.decode()
    for shown_text in ("镜像硬盘", "机房已断电", "T1110", "a.log"):
        assert shown_text in page
    assert Incident.objects.get(pk=pk).affected_records == 300

    evidence = Evidence.objects.get(incident_id=pk)
    ev_url = f"/incidents/{pk}/evidence/{evidence.pk}/"
    shown = insured.get(ev_url).content.decode()
    assert 'data-intact="yes"' in shown
    assert 'data-section="retire"' not in shown  # the insured does not retire evidence
    download = insured.post(f"{ev_url}action/", {"action": "download", "purpose": "核对"})
    assert download.content == b"log line\n"
    assert list(CustodyEntry.objects.filter(evidence=evidence).values_list("action", flat=True)) == [
        "received",
        "downloaded",
    ]
    CustodyEntry.objects.filter(evidence=evidence, seq=2).update(purpose="改过")
    assert 'data-intact="no"' in page_as(case["claims"]).get(ev_url).content.decode()


def test_the_provider_reports_and_the_insured_orders_a_follow_up_in_the_pages(case, api_as, page_as) -> None:
    pk = opened(case, api_as, until="reporting")
    engineer, insured = page_as(case["engineer"]), page_as(case["applicant"])
    assert "report" in forms(engineer.get(f"/incidents/{pk}/").content.decode())
    engineer.post(
        f"/incidents/{pk}/work/",
        {
            "action": "report",
            "report": SimpleUploadedFile("r.pdf", b"%PDF-1.4 x"),
            "cause": "钓鱼",
            "measures": "隔离",
            "harm": "加密",
            "remediation": "补丁",
            "lessons": "培训",
        },
    )
    assert ResponseReport.objects.get(incident_id=pk).cause == "钓鱼"
    assert insured.get(f"/incidents/{pk}/response-report.pdf").content == b"%PDF-1.4 x"

    PlanService.objects.create(
        plan=case["policy"].plan,
        service=ServiceItem.objects.get(code="penetration_test"),
        rule=ScheduleRule.ON_REQUEST,
    )
    assert "follow_up" not in forms(insured.get(f"/incidents/{pk}/").content.decode())  # not at this stage
    api_as(case["engineer"]).post(f"/api/incidents/{pk}/stage", {"stage": "follow_up"})
    page = insured.get(f"/incidents/{pk}/").content.decode()
    assert "follow_up" in forms(page)
    assert 'value="penetration_test"' in page
    insured.post(f"/incidents/{pk}/work/", {"action": "follow_up", "service": "penetration_test"})
    assert Incident.objects.get(pk=pk).follow_ups.get().service.code == "penetration_test"

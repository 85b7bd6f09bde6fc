"""Pages: the insured reports in the portal and follows the case; the hotline registers a call and is
shown the provider's number; the provider works the case; each role's dashboard links to the list."""

from __future__ import annotations

from django.utils import timezone

from cyberins.incidents.models import Incident
from cyberins.providers.models import Offer
from cyberins.providers.services import do_accept_offer
from cyberins.terms import SHANGHAI


def local(minutes_ago: int) -> str:
    return (timezone.now().astimezone(SHANGHAI) - timezone.timedelta(minutes=minutes_ago)).strftime(
        "%Y-%m-%dT%H:%M"
    )


def test_report_follow_and_work_a_case_in_the_pages(case, page_as) -> None:
    insured = page_as(case["applicant"])
    form = insured.get("/incidents/")
    assert form.status_code == 200
    assert 'data-section="report"' in form.content.decode()
    made = insured.post(
        "/incidents/report/",
        {"policy": case["policy"].pk, "affected_system": case["system"], "occurred_at": local(90),
         "discovered_at": local(60), "incident_class": "MP", "sub_class": "ransomware",
         "location": "mainland", "summary": "勒索病毒"},
    )  # fmt: skip
    incident = Incident.objects.get()
    assert made.status_code == 302
    assert made["Location"] == f"/incidents/{incident.pk}/"
    assert incident.occurred_at.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M") == local(90)
    page = insured.get(made["Location"]).content.decode()
    assert 'data-clock="team_arranged"' in page
    assert incident.number in page

    hotline = page_as(case["hotline"])
    assert 'data-section="call"' in hotline.get("/incidents/").content.decode()
    call = hotline.post(
        "/incidents/calls/",
        {"policy": case["policy"].pk, "caller": "张三", "callback_number": "13900000000",
         "affected_system": case["system"], "summary": "电话报案"},
        follow=True,
    )  # fmt: skip
    assert "400-000-0000" in call.content.decode()

    offer = Offer.objects.get(engagement__incident=incident)
    do_accept_offer(actor=case["manager"], offer=offer, now=timezone.now())
    engineer = page_as(case["engineer"])
    moved = engineer.post(f"/incidents/{incident.pk}/action/", {"action": "stage", "stage": "detection"})
    assert moved.status_code == 302
    assert Incident.objects.get(pk=incident.pk).stage == "detection"
    jump = engineer.post(
        f"/incidents/{incident.pk}/action/", {"action": "stage", "stage": "recovery"}, follow=True
    )
    assert Incident.objects.get(pk=incident.pk).stage == "detection"
    assert jump.status_code == 200
    # another provider's manager and another insured: 404
    assert page_as(case["other_manager"]).get(f"/incidents/{incident.pk}/").status_code == 404
    assert page_as(case["stranger"]).get(f"/incidents/{incident.pk}/").status_code == 404


def test_dashboards_link_to_the_incident_list(case, page_as) -> None:
    for who, role in (("applicant", "applicant"), ("hotline", "hotline_agent"), ("admin", "platform_admin"),
                      ("manager", "provider_manager"), ("engineer", "provider_engineer")):  # fmt: skip
        page = page_as(case[who]).get(f"/dashboard/{role}/")
        assert page.status_code == 200, who
        # in the navigation and among the dashboard's links (and a to-do count may link there too)
        assert page.content.decode().count('href="/incidents/"') >= 2, who
    assert page_as(case["claims"]).get("/incidents/").status_code == 200

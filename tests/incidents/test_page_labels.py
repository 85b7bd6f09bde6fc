"""The incident pages speak words, not codes: clock names and states (a closed case's unmet clock is not
"running"), class and sub-class names, coverage reasons, the report channel; the hotline carries the event
and discovery times; only the responders see the outage form; a transferred call names the provider the
response is offered to until it accepts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from cyberins.incidents.models import Incident
from cyberins.incidents.services import do_report_incident
from cyberins.providers.models import Offer
from cyberins.providers.services import do_accept_offer
from cyberins.terms import SHANGHAI
from tests.incidents.flows import ransomware_case


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def local(at: Any) -> str:
    return at.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")


def test_a_closed_case_shows_clock_class_and_channel_names(case, page_as) -> None:
    # closed 14 h after the report, while the (one-day) callback clock had not run out and no one called back
    incident = ransomware_case(case, start=timezone.now() - timedelta(hours=15))
    Incident.objects.filter(pk=incident.pk).update(callback_minutes=24 * 60)
    url = f"/incidents/{incident.pk}/"

    zh = page_as(case["applicant"]).get(url).content.decode()
    assert "首次联系（回访）" in zh
    assert "认证团队到位" in zh
    assert '<td data-state="not_met">未完成（案件已结案）</td>' in zh
    assert '<td data-state="met">已按时完成</td>' in zh
    # the handling summary report is owed from the closing on: it still runs
    assert '<tr data-clock="summary_report"><td>处置总结报告</td>' in zh
    assert '<td data-state="pending">进行中</td>' in zh
    assert ">first_contact<" not in zh
    assert ">pending<" not in zh
    assert "恶意程序 / 勒索软件" in zh
    assert "一般 → 较大" in zh
    assert "general → significant" not in zh
    assert "ransomware<" not in zh
    assert "恶意程序 MP" not in zh
    assert "通过门户报案" in zh
    assert "portal" not in zh

    en = english(page_as(case["applicant"])).get(url).content.decode()
    assert "First contact (callback)" in en
    assert "Not met (case closed)" in en
    assert "Malicious program / Ransomware" in en
    assert '<dd data-grade="significant">Significant (III)</dd>' in en


def test_the_list_shows_clock_names_and_coverage_reasons(case, page_as) -> None:
    now = timezone.now()
    do_report_incident(
        actor=case["applicant"], policy=case["policy"], summary="境外分支机构被入侵",
        affected_system=case["system"],
        occurred_at=now - timedelta(hours=2), discovered_at=now - timedelta(hours=1), location="abroad",
        incident_class="NA", sub_class="intrusion", now=now,
    )  # fmt: skip
    do_report_incident(
        actor=case["applicant"], policy=case["policy"], summary="服务器加密", affected_system=case["system"],
        occurred_at=now - timedelta(hours=30), discovered_at=now - timedelta(hours=29), now=now,
    )  # fmt: skip

    zh = page_as(case["applicant"]).get("/incidents/").content.decode()
    assert "事件发生在承保区域（中国大陆）之外。" in zh
    assert "outside_territory" not in zh
    assert "网络攻击 / 网络入侵" in zh
    assert ">其他</td>" in zh
    assert "其他 OTH" not in zh
    assert "首次联系（回访）: 进行中" in zh
    assert "认证团队到位: 进行中" in zh
    assert "first_contact:" not in zh

    en = english(page_as(case["applicant"])).get("/incidents/").content.decode()
    assert "The event happened outside the territory (mainland China)." in en
    assert "Network attack / Intrusion" in en
    assert "First contact (callback): Running" in en


def test_the_hotline_records_event_and_discovery_times_and_names_the_offered_provider(case, page_as) -> None:
    hotline = page_as(case["hotline"])
    form = hotline.get("/incidents/").content.decode()
    assert 'name="occurred_at"' in form
    assert 'name="discovered_at"' in form
    now = timezone.now()
    called = hotline.post(
        "/incidents/calls/",
        {"policy": case["policy"].pk, "caller": "张三", "callback_number": "13900000000",
         "affected_system": case["system"], "summary": "电话报案",
         "occurred_at": local(now - timedelta(hours=5)), "discovered_at": local(now - timedelta(hours=2))},
    )  # fmt: skip
    incident = Incident.objects.get()
    assert called["Location"] == f"/incidents/{incident.pk}/"
    assert local(incident.occurred_at) == local(now - timedelta(hours=5))
    assert local(incident.discovered_at) == local(now - timedelta(hours=2))

    provider = case["provider"].organisation.name
    zh = hotline.get(called["Location"]).content.decode()
    assert f"已派单给{provider}（等待接单）" in zh
    assert "通过客服热线报案" in zh
    assert "hotline" not in zh
    en = english(page_as(case["hotline"])).get(called["Location"]).content.decode()
    assert f"offered to {provider} (waiting for acceptance)" in en

    do_accept_offer(actor=case["manager"], offer=Offer.objects.get(engagement__incident=incident), now=now)
    accepted = hotline.get(called["Location"]).content.decode()
    assert "等待接单" not in accepted
    assert provider in accepted


def test_a_call_without_times_is_dated_at_the_call(case, page_as) -> None:
    page_as(case["hotline"]).post(
        "/incidents/calls/",
        {"policy": case["policy"].pk, "caller": "李四", "callback_number": "13900000001",
         "affected_system": case["system"], "summary": "电话报案", "called_at": local(timezone.now())},
    )  # fmt: skip
    incident = Incident.objects.get()
    assert incident.occurred_at == incident.discovered_at == incident.calls.get().called_at


def test_only_the_responders_see_and_use_the_outage_form(case, page_as) -> None:
    incident = ransomware_case(case, start=timezone.now() - timedelta(hours=5), until="containment")
    url = f"/incidents/{incident.pk}/"
    assert 'value="outage"' in page_as(case["engineer"]).get(url).content.decode()
    for who in ("hotline", "applicant"):
        page = page_as(case[who]).get(url).content.decode()
        assert 'value="outage"' not in page, who
    refused = page_as(case["hotline"]).post(
        f"{url}action/", {"action": "outage", "system": "ERP", "started_at": local(timezone.now())}
    )
    assert refused.status_code == 403
    assert incident.outages.count() == 1

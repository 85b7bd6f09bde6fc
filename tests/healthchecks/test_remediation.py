"""The remediation loop: notify → mark fixed → a rescan confirms (closes) or refutes (keeps open)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cyberins.healthchecks.queries import open_items_at, remediation_evidence

from .conftest import declare


def _items_by_check(api) -> dict[str, dict]:
    return {
        (i["check_id"], i["target"].rsplit(":", 1)[1]): i
        for i in api.get("/api/healthchecks/remediation-items").json()
    }


def test_remediation_loop_end_to_end(demo, api_as, page_as, services, run_tasks) -> None:
    insured, admin = api_as(demo["applicant"]), api_as(demo["admin"])
    organisation = demo["applicant"].organisation
    declare(insured, services.apache.address, "门户网站")
    declare(insured, services.ssh.address, "跳板机")
    with run_tasks():
        first = insured.post("/api/healthchecks", {"kind": "fixed_inspection"}).json()["id"]
    before_notice = timezone.now()

    notified = admin.post(f"/api/healthchecks/{first}/notify", {})
    assert notified.status_code == 201
    web, ssh = str(services.apache.port), str(services.ssh.port)
    items = _items_by_check(insured)
    kev_item, ssh_item = items[("software.vulnerable", web)], items[("software.vulnerable", ssh)]
    assert kev_item["status"] == ssh_item["status"] == "notified"
    # the window runs from the notice: 14 days for a KEV finding, 30 for a high one (OpenSSH 7.4:
    # its 9.8 CVE is in ssh-agent, client-side, so its worst remote CVE is high)
    notified_at = parse_datetime(kev_item["notified_at"])
    assert parse_datetime(kev_item["due_at"]) - notified_at == timedelta(days=14)
    assert parse_datetime(ssh_item["due_at"]) - notified_at == timedelta(days=30)
    assert (
        admin.post(f"/api/healthchecks/{first}/notify", {}).json()["code"] == "healthchecks.nothing_to_notify"
    )

    # the insured upgrades Apache and marks both items fixed, though only the web server was fixed
    services.apache_banner.banner["value"] = "Apache/2.4.62 (Unix)"
    for item in (kev_item, ssh_item):
        response = insured.post(f"/api/healthchecks/remediation-items/{item['id']}/fixed", {"note": "已升级"})
        assert response.json()["status"] == "fixed"
    after_fix = timezone.now()
    with run_tasks():
        insured.post("/api/healthchecks", {"kind": "vulnerability_scan"})

    items = _items_by_check(insured)
    closed, still = items[("software.vulnerable", web)], items[("software.vulnerable", ssh)]
    assert (closed["status"], still["status"]) == ("closed", "notified")
    assert closed["remediated_at"] is not None
    assert still["fixed_at"] is None
    assert still["due_at"] == ssh_item["due_at"]  # kept open with its deadline
    history = insured.get(f"/api/healthchecks/remediation-items/{still['id']}").json()["events"]
    assert [e["action"] for e in history] == ["notify", "mark_fixed", "still_present"]
    html = page_as(demo["applicant"]).get("/healthchecks/remediation/").content.decode()
    assert f'data-item="{closed["id"]}" data-item-status="closed"' in html

    # what was open at a past moment, replayed from the history
    assert open_items_at(organisation, before_notice) == []
    open_then = {s.item.pk: s.status for s in open_items_at(organisation, after_fix)}
    assert open_then[closed["id"]] == "fixed"
    assert open_then[still["id"]] == "fixed"
    open_now = {s.item.pk for s in open_items_at(organisation, timezone.now())}
    assert closed["id"] not in open_now
    assert still["id"] in open_now
    past_due = parse_datetime(still["due_at"]) + timedelta(days=1)
    overdue = {s.item.pk: s.overdue for s in open_items_at(organisation, past_due)}
    assert overdue[still["id"]] is True

    # claims: the unfixed finding breaches the warranty for an incident after its deadline
    evidence = {
        e.reference.split()[0]: e for e in remediation_evidence(organisation, past_due, related=[still["id"]])
    }
    assert evidence[f"RI-{still['id']}"].breached(past_due) is True
    assert evidence[f"RI-{closed['id']}"].breached(past_due) is False


def test_only_notifiers_notify_and_only_the_insured_marks_fixed(demo, api_as, services, run_tasks) -> None:
    insured = api_as(demo["applicant"])
    declare(insured, services.ssh.address)
    with run_tasks():
        check_id = insured.post("/api/healthchecks", {"kind": "fixed_inspection"}).json()["id"]

    assert insured.post(f"/api/healthchecks/{check_id}/notify", {}).status_code == 403
    item = api_as(demo["admin"]).post(f"/api/healthchecks/{check_id}/notify", {}).json()[0]
    assert (
        api_as(demo["admin"]).post(f"/api/healthchecks/remediation-items/{item['id']}/fixed", {}).status_code
        == 200
    )
    again = insured.post(f"/api/healthchecks/remediation-items/{item['id']}/fixed", {})
    assert (again.status_code, again.json()["code"]) == (409, "healthchecks.item_not_open")


def test_pre_underwriting_findings_are_not_notified(demo, api_as, services, run_tasks) -> None:
    insured = api_as(demo["applicant"])
    declare(insured, services.ssh.address)
    with run_tasks():
        check_id = insured.post("/api/healthchecks", {"kind": "pre_underwriting"}).json()["id"]
    response = api_as(demo["admin"]).post(f"/api/healthchecks/{check_id}/notify", {})
    assert (response.status_code, response.json()["code"]) == (409, "healthchecks.not_notifiable")

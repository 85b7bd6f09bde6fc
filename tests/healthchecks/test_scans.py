"""Declare, authorise, scan loopback services in the background, and refuse everything else."""

from __future__ import annotations

from cyberins.healthchecks.models import HealthCheck
from cyberins.healthchecks.queries import latest_grade

from .conftest import declare


def test_scan_of_an_authorised_service_stores_the_kev_finding_grade_and_progress(
    demo, api_as, services, run_tasks
) -> None:
    api = api_as(demo["applicant"])
    declare(api, services.apache.address, "船队门户网站")

    with run_tasks():
        started = api.post("/api/healthchecks", {"kind": "pre_underwriting"})
    assert started.status_code == 202
    check_id = started.json()["id"]

    status = api.get(f"/api/healthchecks/{check_id}").json()
    assert status["status"] == "done"
    assert status["progress"] == {"done": 1, "total": 1, "percent": 100}
    assert (status["grade"], status["score"] <= 39) == ("F", True)
    assert {t["code"] for t in status["triggers"]} == {"kev_ransomware"}
    assert status["premium_modifier"] is not None
    findings = api.get(f"/api/healthchecks/{check_id}/findings").json()
    vulnerable = next(f for f in findings if f["check_id"] == "software.vulnerable")
    assert "CVE-2021-41773" in vulnerable["cves"]
    assert (vulnerable["kev"], vulnerable["ransomware"], vulnerable["severity"]) == (True, True, "critical")
    assert vulnerable["title_zh"]
    assert vulnerable["title_en"]
    assert vulnerable["advice_zh"]
    assert vulnerable["due_at"] is not None
    assert "Apache/2.4.49" in vulnerable["evidence"]
    assert latest_grade(demo["applicant"].organisation) == ("F", ("kev_ransomware",))


def test_pages_declare_authorise_start_and_show_the_result(demo, page_as, services, run_tasks) -> None:
    page = page_as(demo["applicant2"])
    assert 'data-nav="healthchecks:list"' in page.get("/healthchecks/").content.decode()
    page.post("/healthchecks/assets/", {"name": "企业官网", "address": services.apache.address, "ports": ""})
    asset_id = demo["applicant2"].organisation.declared_assets.get().pk
    authorised = page.post(
        "/healthchecks/assets/authorise/",
        {"assets": [asset_id], "authorised_by": "孙丽（IT 经理）", "authorised_at": "2025-01-02T09:30"},
        follow=True,
    )
    assert "SA-2025-" in authorised.content.decode()

    with run_tasks():
        started = page.post("/healthchecks/start/", {"kind": "pre_underwriting"})

    html = page.get(started["Location"]).content.decode()
    assert 'data-status="done"' in html
    assert "CVE-2021-41773" in html
    assert "<dd data-grade><strong>F</strong></dd>" in html
    assert 'data-trigger="kev_ransomware"' in html


def test_a_hanging_service_makes_the_check_incomplete_never_passing(
    demo, api_as, services, run_tasks
) -> None:
    api = api_as(demo["applicant"])
    declare(api, services.hang.address)

    with run_tasks():
        check_id = api.post("/api/healthchecks", {"kind": "vulnerability_scan"}).json()["id"]

    status = api.get(f"/api/healthchecks/{check_id}").json()
    assert status["status"] == "incomplete"
    assert status["score"] <= 79
    assert "incomplete" in {t["code"] for t in status["triggers"]}
    assert [t["status"] for t in status["targets"]] == ["incomplete"]
    assert "scan.incomplete" in {
        f["check_id"] for f in api.get(f"/api/healthchecks/{check_id}/findings").json()
    }
    # an incomplete check is never a grade for underwriting
    assert latest_grade(demo["applicant"].organisation) == ("", ())


def test_a_declared_but_unauthorised_asset_is_refused_before_any_connection(
    demo, api_as, services, run_tasks
) -> None:
    api = api_as(demo["applicant"])
    asset_id = declare(api, services.outsider.address, authorise=False)

    with run_tasks():
        response = api.post("/api/healthchecks", {"kind": "pre_underwriting", "asset_ids": [asset_id]})
        nothing = api.post("/api/healthchecks", {"kind": "pre_underwriting"})

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == (
        "healthchecks.asset_not_authorised",
        "assets",
    )
    assert nothing.json()["code"] == "healthchecks.nothing_authorised"
    assert HealthCheck.objects.count() == 0
    assert services.outsider.connections == 0


def test_another_organisations_asset_cannot_be_scanned(demo, api_as, services) -> None:
    other = declare(api_as(demo["applicant2"]), services.outsider.address)
    response = api_as(demo["applicant"]).post(
        "/api/healthchecks", {"kind": "pre_underwriting", "asset_ids": [other]}
    )
    assert response.status_code == 404
    assert services.outsider.connections == 0


def test_authorisation_revoked_while_queued_refuses_the_target_without_a_packet(
    demo, api_as, services, django_capture_on_commit_callbacks
) -> None:
    api = api_as(demo["applicant"])
    declare(api, services.outsider.address)
    with django_capture_on_commit_callbacks() as queued:
        check_id = api.post("/api/healthchecks", {"kind": "pre_underwriting"}).json()["id"]
        authorisation = api.get("/api/healthchecks/authorisations").json()[0]
        assert (
            api.post(f"/api/healthchecks/authorisations/{authorisation['id']}/revoke", {}).status_code == 200
        )

    for callback in queued:  # the worker picks the check up after the revocation
        callback()

    status = api.get(f"/api/healthchecks/{check_id}").json()
    assert [t["status"] for t in status["targets"]] == ["refused"]
    assert status["status"] == "incomplete"
    assert services.outsider.connections == 0


def test_invalid_addresses_and_roles_without_the_right_are_rejected(demo, api_as) -> None:
    api = api_as(demo["applicant"])
    bad = api.post("/api/healthchecks/assets", {"name": "坏地址", "address": "ftp://x y"})
    assert bad.status_code == 400
    assert (bad.json()["code"], bad.json()["field"]) == ("healthchecks.invalid_address", "address")
    denied = api_as(demo["underwriter"]).post(
        "/api/healthchecks/assets", {"name": "x", "address": "127.0.0.1"}
    )
    assert denied.status_code == 403
    assert api.get("/api/healthchecks/assets").json() == []

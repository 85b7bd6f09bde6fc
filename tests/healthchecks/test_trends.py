"""Fix verification (one finding's service rescanned) and the trends it feeds: score history and patch
cadence on the API, the insured's page and the underwriter's workbench."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cyberins.accounts.roles import Role
from cyberins.healthchecks.models import Finding, HealthCheck
from cyberins.healthchecks.queries import latest_complete_check
from tests import factories

from .conftest import declare


def _finding(check_id: int, port: int) -> Finding:
    return Finding.objects.get(health_check=check_id, port=port, check_id="software.vulnerable")


def test_a_verification_rescans_one_service_records_the_outcome_and_closes_the_item(
    demo, api_as, services, run_tasks
) -> None:
    insured, admin = api_as(demo["applicant"]), api_as(demo["admin"])
    declare(insured, services.apache.address, "门户网站")
    declare(insured, services.ssh.address, "跳板机")
    with run_tasks():
        first = insured.post("/api/healthchecks", {"kind": "fixed_inspection"}).json()["id"]
    assert admin.post(f"/api/healthchecks/{first}/notify", {}).status_code == 201
    web, ssh = _finding(first, services.apache.port), _finding(first, services.ssh.port)

    services.apache_banner.banner["value"] = "Apache/2.4.62 (Unix)"  # the insured upgrades Apache
    with run_tasks():
        accepted = insured.post(f"/api/healthchecks/findings/{web.pk}/verify", {})
    assert accepted.status_code == 202
    verified = insured.get(f"/api/healthchecks/{accepted.json()['id']}").json()
    assert (verified["kind"], verified["status"]) == ("fix_verification", "done")
    assert (verified["verifies_id"], verified["verification_outcome"]) == (web.pk, "fixed")
    # only the finding's service was scanned, not the whole assessment
    assert [t["target"] for t in verified["targets"]] == [services.apache.address]
    item = web.remediation_item
    item.refresh_from_db()
    assert (item.status, item.closed_by_check_id) == ("closed", verified["id"])
    history = insured.get(f"/api/healthchecks/remediation-items/{item.pk}").json()["events"]
    assert [e["action"] for e in history] == ["notify", "confirm_closed"]

    with run_tasks():
        again = insured.post(f"/api/healthchecks/findings/{ssh.pk}/verify", {})
    assert insured.get(f"/api/healthchecks/{again.json()['id']}").json()["verification_outcome"] == (
        "still_present"
    )
    ssh.remediation_item.refresh_from_db()
    assert ssh.remediation_item.status == "notified"

    # a verification is never the organisation's assessment
    assert latest_complete_check(demo["applicant"].organisation).pk == first

    trends = insured.get("/api/healthchecks/trends").json()
    assert [p["health_check"] for p in trends["history"]] == [HealthCheck.objects.get(pk=first).number]
    spans = {s["key"]: s for s in trends["cadence"]["findings"]}
    assert spans[web.fingerprint]["fixed_by"] == verified["number"]
    assert spans[web.fingerprint]["days_to_fix"] == 0.0
    assert spans[ssh.fingerprint]["fixed_at"] is None
    assert (trends["cadence"]["fixed"], trends["cadence"]["median_days"]) == (1, 0.0)


def test_verification_refusals_are_coded_and_change_nothing(demo, api_as, services, run_tasks) -> None:
    insured = api_as(demo["applicant"])
    declare(insured, services.apache.address, "门户网站")
    with run_tasks():
        first = insured.post("/api/healthchecks", {"kind": "pre_underwriting"}).json()["id"]
    web = _finding(first, services.apache.port)
    url = f"/api/healthchecks/findings/{web.pk}/verify"

    queued = insured.post(url, {})  # not run: it stays queued (no on-commit callback executed)
    assert queued.status_code == 202
    pending = insured.post(url, {})
    assert (pending.status_code, pending.json()["code"]) == (409, "healthchecks.verification_pending")
    assert api_as(demo["applicant2"]).post(url, {}).status_code == 404  # another organisation's finding
    assert api_as(demo["underwriter"]).post(url, {}).status_code in (403, 404)
    assert insured.post("/api/healthchecks/findings/999999/verify", {}).status_code == 404
    assert HealthCheck.objects.filter(kind="fix_verification").count() == 1

    HealthCheck.objects.filter(pk=queued.json()["id"]).update(status="done", verification_outcome="fixed")
    done = insured.post(url, {})
    assert (done.status_code, done.json()["code"]) == (409, "healthchecks.already_verified")
    bad_kind = insured.post("/api/healthchecks", {"kind": "fix_verification"})
    assert bad_kind.json()["code"] == "healthchecks.invalid_kind"


def test_the_asset_must_still_be_authorised(demo, api_as, services, run_tasks) -> None:
    insured = api_as(demo["applicant"])
    asset_id = declare(insured, services.apache.address, "门户网站")
    with run_tasks():
        first = insured.post("/api/healthchecks", {"kind": "pre_underwriting"}).json()["id"]
    web = _finding(first, services.apache.port)
    assert insured.delete(f"/api/healthchecks/assets/{asset_id}").status_code == 200
    refused = insured.post(f"/api/healthchecks/findings/{web.pk}/verify", {})
    assert (refused.status_code, refused.json()["code"]) == (409, "healthchecks.not_verifiable")


def test_the_pages_show_the_charts_with_their_tables_and_the_verify_button(
    demo, api_as, page_as, services, run_tasks
) -> None:
    insured = api_as(demo["applicant"])
    declare(insured, services.apache.address, "门户网站")
    with run_tasks():
        first = insured.post("/api/healthchecks", {"kind": "pre_underwriting"}).json()["id"]
    # an earlier check, a month before, with a lower score (the history has two points)
    HealthCheck.objects.filter(pk=first).update(started_at=timezone.now() - timedelta(days=30))
    services.apache_banner.banner["value"] = "Apache/2.4.62 (Unix)"
    with run_tasks():
        insured.post("/api/healthchecks", {"kind": "pre_underwriting"})

    page = page_as(demo["applicant"]).get("/healthchecks/").content.decode()
    assert 'data-chart="score"' in page
    assert "data-score-history" in page
    assert 'data-chart="cadence"' in page
    assert "data-cadence-median" in page
    assert "<polyline" in page
    assert "<script" not in page.split("data-trends", 1)[1].split("</section>", 1)[0]
    assert "30.0" in page  # the fixed finding took 30 days
    detail = page_as(demo["applicant"]).get(f"/healthchecks/{first}/").content.decode()
    assert "data-verify-fix=" in detail

    application = factories.application(applicant=demo["applicant"], security_staff=0)
    assert application.status == "referred"
    underwriter = factories.user(Role.UNDERWRITER, organisation=application.insurer)
    review = page_as(underwriter).get(f"/applications/workbench/{application.pk}/")
    assert review.status_code == 200
    body = review.content.decode()
    assert 'data-chart="score"' in body
    assert 'data-chart="cadence"' in body
    assert "data-verify-fix" not in body
    organisation = demo["applicant"].organisation.pk
    seen = api_as(underwriter).get(f"/api/healthchecks/trends?organisation_id={organisation}").json()
    assert [p["score"] < 100 for p in seen["history"]] == [True, True]
    assert seen["cadence"]["fixed"] >= 1
    assert (
        api_as(demo["applicant2"]).get(f"/api/healthchecks/trends?organisation_id={organisation}").status_code
        == 404
    )
    underwriter_detail = page_as(underwriter).get(f"/healthchecks/{first}/").content.decode()
    assert "data-verify-fix=" not in underwriter_detail

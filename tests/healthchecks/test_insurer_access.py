"""Who sees a health check: an insurer only while it holds a submitted application or a policy of the
organisation — not because of a draft it never received, nor of an application it declined."""

from __future__ import annotations

import pytest

from cyberins.healthchecks.demo import load_demo_health_checks
from cyberins.healthchecks.models import HealthCheck
from cyberins.underwriting.models import Application


@pytest.fixture
def shipping(demo, products) -> HealthCheck:
    load_demo_health_checks()
    check = HealthCheck.objects.get(organisation__short_name="远海航运")
    # the demo's checks arrive without applications; start from an organisation no insurer has a stake in
    Application.objects.filter(applicant=check.organisation).delete()
    return check


def _apply(demo, products, status: str) -> Application:
    return Application.objects.create(
        applicant=demo["applicant"].organisation,
        insurer=demo["underwriter"].organisation,
        product_version=products["wanganbao"],
        created_by=demo["applicant"],
        status=status,
    )


def _sees(api, check: HealthCheck) -> bool:
    listed = {c["id"] for c in api.get("/api/healthchecks").json()}
    detail = api.get(f"/api/healthchecks/{check.pk}").status_code
    findings = api.get(f"/api/healthchecks/{check.pk}/findings").status_code
    assert (check.pk in listed, detail, findings) in {(True, 200, 200), (False, 404, 404)}
    return check.pk in listed


@pytest.mark.parametrize(
    ("status", "sees"),
    [("draft", False), ("declined", False), ("referred", True), ("accepted", True), ("bound", True)],
)
def test_an_insurer_sees_the_checks_only_through_a_submitted_application(
    demo, products, api_as, page_as, shipping, status, sees
) -> None:
    underwriter = api_as(demo["underwriter"])
    assert not _sees(underwriter, shipping)
    _apply(demo, products, status)
    assert _sees(underwriter, shipping) is sees
    page = page_as(demo["underwriter"]).get(f"/healthchecks/{shipping.pk}/")
    assert page.status_code == (200 if sees else 404)
    # another insurer, with no application at all, never sees them
    assert not _sees(api_as(demo["underwriter2"]), shipping)


def test_a_declined_application_beside_a_draft_still_gives_nothing(demo, products, api_as, shipping) -> None:
    _apply(demo, products, "draft")
    _apply(demo, products, "declined")
    assert not _sees(api_as(demo["underwriter"]), shipping)


def test_notifying_findings_needs_the_same_stake(demo, products, api_as, shipping) -> None:
    HealthCheck.objects.filter(pk=shipping.pk).update(kind="fixed_inspection")
    application = _apply(demo, products, "declined")
    underwriter = api_as(demo["underwriter"])
    assert underwriter.post(f"/api/healthchecks/{shipping.pk}/notify", {}).status_code == 404
    Application.objects.filter(pk=application.pk).update(status="accepted")
    answer = underwriter.post(f"/api/healthchecks/{shipping.pk}/notify", {})
    assert answer.status_code in (201, 409), answer.json()  # 409: the demo already notified them all
    assert answer.json() != {"code": "not_found"}


def test_the_insured_and_the_platform_keep_seeing_them(demo, api_as, shipping) -> None:
    assert _sees(api_as(demo["applicant"]), shipping)
    assert _sees(api_as(demo["admin"]), shipping)
    assert not _sees(api_as(demo["applicant2"]), shipping)


def test_the_notify_service_itself_checks_the_stake(demo, products, shipping) -> None:
    from cyberins.accounts.errors import NotFound
    from cyberins.healthchecks.remediation import do_notify_findings

    HealthCheck.objects.filter(pk=shipping.pk).update(kind="fixed_inspection")
    shipping.refresh_from_db()
    _apply(demo, products, "draft")
    with pytest.raises(NotFound):
        do_notify_findings(actor=demo["underwriter"], health_check=shipping)

"""A provider's engineer performs a fixed inspection by running the platform's health check on the
insured's authorised assets; the order completes with the finished check and the report. The periodic
inspection job starts an order itself only when no provider holds it (injected ``now``)."""

from __future__ import annotations

import socket
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cyberins.accounts.errors import InvalidState, NotFound
from cyberins.accounts.roles import Role
from cyberins.healthchecks.models import HealthCheck
from cyberins.policies.dispatch import dispatch_due_orders, do_run_engagement_check
from cyberins.policies.models import ServiceOrder, ServiceOrderStatus
from cyberins.policies.scheduled import start_inspections
from cyberins.providers.models import EngagementStatus, OfferStatus
from cyberins.providers.services import (
    do_accept_offer,
    do_assign_engineer,
    do_complete,
    do_upload_report,
)
from cyberins.terms import SHANGHAI
from tests.policies.test_dispatch import bind
from tests.providers.factories import make_provider, staff


def _at_shanghai(day, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def scanning(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.HEALTHCHECK_SCAN_OPTIONS = {"timeout": 0.5, "service_deadline": 2.0, "use_nmap": False}
    settings.SCAN_ALLOW = "127.0.0.0/8"  # the loopback port below; refused by default


@pytest.fixture
def hangzhou(db):
    provider = make_provider("杭州检测", city="330100", services=("fixed_inspection", "vulnerability_scan"))
    return {
        "provider": provider,
        "mgr": staff(provider, "hz_mgr", Role.PROVIDER_MANAGER),
        "eng": staff(provider, "hz_eng", Role.PROVIDER_ENGINEER),
    }


@pytest.fixture
def order(demo, products, api_as, hangzhou) -> ServiceOrder:
    policy = bind(api_as, demo["applicant2"], products["wanganbao"])  # 精工智造, 杭州
    assert dispatch_due_orders(now=timezone.now()) == 1
    return ServiceOrder.objects.select_related("engagement").get(
        policy=policy, service__code="fixed_inspection"
    )


def _authorise(api_as, user) -> None:
    insured = api_as(user)
    asset = insured.post(
        "/api/healthchecks/assets", {"name": "官网", "address": f"127.0.0.1:{_closed_port()}"}
    )
    insured.post(
        "/api/healthchecks/authorisations", {"asset_ids": [asset.json()["id"]], "authorised_by": "孙丽"}
    )


def _take(order: ServiceOrder, team: dict) -> None:
    now = timezone.now()
    do_accept_offer(actor=team["mgr"], offer=order.engagement.offers.get(), now=now)
    do_assign_engineer(actor=team["mgr"], engagement=order.engagement, engineer=team["eng"], now=now)


def test_the_engineer_runs_the_check_and_the_order_completes_with_it_and_the_report(
    demo, order, api_as, hangzhou, scanning, django_capture_on_commit_callbacks
) -> None:
    _authorise(api_as, demo["applicant2"])
    _take(order, hangzhou)
    engagement = order.engagement
    engineer = api_as(hangzhou["eng"])
    with django_capture_on_commit_callbacks(execute=True):
        response = engineer.post(f"/api/engagements/{engagement.pk}/health-check", {})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["organisation_id"]) == ("fixed_inspection", order.policy.insured_id)
    order.refresh_from_db()
    check = HealthCheck.objects.get(pk=body["id"])
    assert order.health_check == check  # linked through the foreign key
    assert check.status in ("done", "incomplete")
    # The inspection job leaves the provider's order alone: it completes with the engagement.
    assert start_inspections(now=_at_shanghai(order.due_on)) == 0
    order.refresh_from_db()
    assert order.status == ServiceOrderStatus.ASSIGNED

    now = timezone.now()
    with pytest.raises(Exception, match=r"providers\.report_required"):
        do_complete(actor=hangzhou["eng"], engagement=engagement, now=now)
    do_upload_report(actor=hangzhou["eng"], engagement=engagement, content=b"%PDF-1.4\n", now=now)
    do_complete(actor=hangzhou["eng"], engagement=engagement, now=now)
    order.refresh_from_db()
    engagement.refresh_from_db()
    assert (order.status, engagement.status) == (ServiceOrderStatus.DONE, EngagementStatus.COMPLETED)
    assert engagement.started_at is not None

    # The insured sees the check (and its findings, the remediation loop) among its health checks.
    listed = api_as(demo["applicant2"]).get("/api/healthchecks").json()
    assert check.pk in [c["id"] for c in listed]


def test_a_running_check_blocks_completion_and_a_second_start(
    demo, order, api_as, hangzhou, scanning
) -> None:
    _authorise(api_as, demo["applicant2"])
    _take(order, hangzhou)
    engagement = order.engagement
    now = timezone.now()
    # the queued check runs only after commit, which this test never reaches: it stays queued
    do_run_engagement_check(actor=hangzhou["eng"], engagement=engagement, now=now)
    do_upload_report(actor=hangzhou["eng"], engagement=engagement, content=b"%PDF-1.4\n", now=now)
    with pytest.raises(InvalidState, match=r"policies\.check_not_finished"):
        do_complete(actor=hangzhou["eng"], engagement=engagement, now=now)
    response = api_as(hangzhou["eng"]).post(f"/api/engagements/{engagement.pk}/health-check", {})
    assert (response.status_code, response.json()["code"]) == (409, "policies.check_running")
    assert HealthCheck.objects.count() == 1


def test_nothing_authorised_and_another_providers_engineer(demo, order, api_as, hangzhou) -> None:
    _take(order, hangzhou)
    engineer = api_as(hangzhou["eng"])
    response = engineer.post(f"/api/engagements/{order.engagement.pk}/health-check", {})
    assert (response.status_code, response.json()["code"]) == (400, "healthchecks.nothing_authorised")
    other = make_provider("上海检测", city="310100", services=("fixed_inspection",))
    stranger = staff(other, "sh_eng", Role.PROVIDER_ENGINEER)
    assert (
        api_as(stranger).post(f"/api/engagements/{order.engagement.pk}/health-check", {}).status_code == 404
    )
    with pytest.raises(NotFound):
        do_run_engagement_check(actor=stranger, engagement=order.engagement, now=timezone.now())
    assert not HealthCheck.objects.exists()


def test_the_job_never_overtakes_a_provider_that_holds_the_order(
    demo, order, api_as, hangzhou, scanning
) -> None:
    _authorise(api_as, demo["applicant2"])
    do_accept_offer(actor=hangzhou["mgr"], offer=order.engagement.offers.get(), now=timezone.now())
    for day in (order.due_on - timedelta(days=3), order.due_on, order.due_on + timedelta(days=10)):
        assert start_inspections(now=_at_shanghai(day)) == 0
    order.refresh_from_db()
    assert order.health_check is None
    assert order.engagement.status == EngagementStatus.ACCEPTED


def test_the_job_is_the_fallback_when_no_provider_took_it_by_the_due_date(
    demo, order, api_as, scanning
) -> None:
    _authorise(api_as, demo["applicant2"])
    engagement = order.engagement
    assert engagement.status == EngagementStatus.OFFERED  # offered, never answered
    # within the 7-day lead but before the due date: the provider may still accept
    assert start_inspections(now=_at_shanghai(order.due_on - timedelta(days=3))) == 0
    assert start_inspections(now=_at_shanghai(order.due_on)) == 1
    order.refresh_from_db()
    engagement.refresh_from_db()
    assert order.status == ServiceOrderStatus.ASSIGNED
    assert order.health_check is not None
    assert engagement.status == EngagementStatus.CANCELLED
    assert engagement.offers.get().status == OfferStatus.WITHDRAWN
    assert start_inspections(now=_at_shanghai(order.due_on + timedelta(days=1))) == 0


def test_the_engineer_runs_the_check_from_the_engagement_page(
    demo, order, api_as, page_as, hangzhou, scanning
) -> None:
    _authorise(api_as, demo["applicant2"])
    _take(order, hangzhou)
    url = reverse("providers:engagement", args=[order.engagement.pk])
    engineer = page_as(hangzhou["eng"])
    assert "data-run-check" in engineer.get(url).content.decode()
    page = engineer.post(reverse("policies:engagement_check", args=[order.engagement.pk]), follow=True)
    order.refresh_from_db()
    assert order.health_check is not None
    assert f'data-health-check="{order.health_check.status}"' in page.content.decode()
    assert order.health_check.number in page.content.decode()
    # the insured sees the check on the same page, linked to its result
    insured = page_as(demo["applicant2"]).get(url).content.decode()
    assert reverse("healthchecks:detail", args=[order.health_check.pk]) in insured
    assert "data-run-check" not in insured

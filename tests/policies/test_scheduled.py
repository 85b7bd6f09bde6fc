"""The policies' periodic jobs, called with an injected ``now``: expiry and the scheduled inspections."""

from __future__ import annotations

import socket
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from cyberins.accounts.models import AuditRecord
from cyberins.healthchecks.models import HealthCheck
from cyberins.policies.models import Policy, ServiceOrder, ServiceOrderStatus
from cyberins.policies.scheduled import expire_policies, start_inspections
from cyberins.terms import SHANGHAI, local_date
from tests.journey import answers


@pytest.fixture
def policy(demo, products, api_as) -> Policy:
    applicant = api_as(demo["applicant2"])
    created = applicant.post(
        "/api/applications",
        {"product_version": products["wanganbao"].pk, "answers": answers(security_staff=3), "submit": True},
    ).json()
    first_day = (local_date(timezone.now()) + timedelta(days=1)).isoformat()
    bound = applicant.post(
        f"/api/quotes/{created['quote']['id']}/bind", {"plan": "A", "first_day": first_day}
    )
    return Policy.objects.get(pk=bound.json()["id"])


def _at_shanghai(day, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def test_expiry_runs_as_of_the_injected_now(policy) -> None:
    assert policy.status == "issued"
    assert expire_policies(now=_at_shanghai(policy.last_day, 23)) == 0
    assert expire_policies(now=_at_shanghai(policy.last_day + timedelta(days=1), 0)) == 1
    policy.refresh_from_db()
    assert policy.status == "expired"
    # idempotent: the next slot finds nothing left to do
    assert expire_policies(now=_at_shanghai(policy.last_day + timedelta(days=2))) == 0
    assert AuditRecord.objects.filter(action="policy.expire").count() == 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_inspection_job_starts_due_orders_without_an_operator(
    demo, policy, api_as, settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.HEALTHCHECK_SCAN_OPTIONS = {"timeout": 0.5, "service_deadline": 2.0, "use_nmap": False}
    order = ServiceOrder.objects.get(policy=policy, service__code="fixed_inspection")
    # Nothing authorised yet: the job leaves the order scheduled (the next slot tries again).
    assert start_inspections(now=_at_shanghai(order.due_on)) == 0
    order.refresh_from_db()
    assert order.status == ServiceOrderStatus.SCHEDULED

    insured = api_as(demo["applicant2"])
    asset = insured.post(
        "/api/healthchecks/assets", {"name": "官网", "address": f"127.0.0.1:{_closed_port()}"}
    )
    insured.post(
        "/api/healthchecks/authorisations", {"asset_ids": [asset.json()["id"]], "authorised_by": "孙丽"}
    )
    # Not yet within the lead time: nothing starts.
    early = _at_shanghai(order.due_on - timedelta(days=8))
    assert start_inspections(now=early) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert start_inspections(now=_at_shanghai(order.due_on - timedelta(days=3))) == 1
    check = HealthCheck.objects.get(service_order_ref=f"SO-{order.pk}")
    assert check.requested_by is None
    assert check.status in ("done", "incomplete")
    # The next slot closes the order whose check finished, and starts nothing twice.
    assert start_inspections(now=_at_shanghai(order.due_on)) == 1
    order.refresh_from_db()
    assert order.status == ServiceOrderStatus.DONE
    assert HealthCheck.objects.filter(service_order_ref=f"SO-{order.pk}").count() == 1

"""The policy's service schedule starts the scheduled health checks and closes the orders after them."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.utils import timezone

from cyberins.accounts.errors import Forbidden, InvalidState
from cyberins.accounts.models import AuditRecord
from cyberins.healthchecks.models import HealthCheck
from cyberins.policies.inspections import (
    do_complete_finished_inspections,
    do_start_inspection,
    due_inspections,
)
from cyberins.policies.models import ServiceOrderStatus
from cyberins.terms import local_date
from tests.journey import answers


@pytest.fixture
def policy(demo, products, api_as):
    applicant = api_as(demo["applicant2"])
    created = applicant.post(
        "/api/applications",
        {"product_version": products["wanganbao"].pk, "answers": answers(security_staff=3), "submit": True},
    ).json()
    first_day = (local_date(timezone.now()) + timedelta(days=1)).isoformat()
    bound = applicant.post(
        f"/api/quotes/{created['quote']['id']}/bind", {"plan": "A", "first_day": first_day}
    )
    return bound.json()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_due_fixed_inspection_becomes_a_health_check_and_the_order_closes(
    demo, policy, api_as, settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.HEALTHCHECK_SCAN_OPTIONS = {"timeout": 0.5, "service_deadline": 2.0, "use_nmap": False}
    insured = api_as(demo["applicant2"])
    asset = insured.post(
        "/api/healthchecks/assets", {"name": "官网", "address": f"127.0.0.1:{_closed_port()}"}
    )
    insured.post(
        "/api/healthchecks/authorisations", {"asset_ids": [asset.json()["id"]], "authorised_by": "孙丽"}
    )

    due = list(due_inspections(within_days=45))
    assert [o.service.code for o in due] == ["fixed_inspection"]
    with django_capture_on_commit_callbacks(execute=True):
        check = do_start_inspection(actor=demo["admin"], order=due[0])

    check.refresh_from_db()
    assert check.kind == "fixed_inspection"
    assert check.service_order_ref == f"SO-{due[0].pk}"
    assert check.status in ("done", "incomplete")
    due[0].refresh_from_db()
    assert due[0].status == ServiceOrderStatus.ASSIGNED
    assert due[0].health_check == check  # a real link, not a reference string
    assert [o.pk for o in do_complete_finished_inspections()] == [due[0].pk]
    due[0].refresh_from_db()
    assert due[0].status == ServiceOrderStatus.DONE
    assert AuditRecord.objects.filter(action__in=["service_order.start", "service_order.done"]).count() == 2


def test_only_the_platform_starts_inspections_and_only_once(demo, policy) -> None:
    order = due_inspections(within_days=45).get()
    with pytest.raises(Forbidden):
        do_start_inspection(actor=demo["applicant2"], order=order)
    with pytest.raises(Exception, match="nothing_authorised"):
        do_start_inspection(actor=demo["admin"], order=order)
    order.refresh_from_db()
    assert order.status == ServiceOrderStatus.SCHEDULED
    assert not HealthCheck.objects.exists()
    order.status = ServiceOrderStatus.DONE
    order.save()
    with pytest.raises(InvalidState):
        do_start_inspection(actor=demo["admin"], order=order)

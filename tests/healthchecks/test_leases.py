"""The lease rule of running health checks, with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from cyberins.accounts.models import AuditRecord
from cyberins.healthchecks import leases
from cyberins.healthchecks.models import HealthCheck
from cyberins.healthchecks.scheduled import recover_interrupted

T0 = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def queued(demo, org, settings) -> HealthCheck:
    settings.HEALTHCHECK_LEASE_SECONDS = 60
    # enqueue only: these tests look at the queue, not at a scan
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return HealthCheck.objects.create(organisation=org("远海航运"), kind="pre_underwriting")


def test_a_claim_takes_a_lease_and_only_one_worker_gets_it(queued) -> None:
    check = leases.do_claim(health_check_id=queued.pk, now=T0)
    assert check is not None
    assert (check.status, check.attempts, check.lease_expires_at) == (
        "running",
        1,
        T0 + timedelta(seconds=60),
    )
    assert leases.do_claim(health_check_id=queued.pk, now=T0) is None
    assert leases.renew(check, T0 + timedelta(seconds=50))
    check.refresh_from_db()
    assert check.lease_expires_at == T0 + timedelta(seconds=110)


def test_a_live_lease_is_left_alone_an_expired_one_is_queued_again(
    queued, django_capture_on_commit_callbacks
) -> None:
    check = leases.do_claim(health_check_id=queued.pk, now=T0)
    assert check is not None
    assert recover_interrupted(now=T0 + timedelta(seconds=59)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert recover_interrupted(now=T0 + timedelta(seconds=61)) == 1
    check.refresh_from_db()
    assert (check.status, check.lease_expires_at, check.attempts) == ("queued", None, 1)
    assert check.task_id  # a new task was enqueued for it
    assert AuditRecord.objects.filter(action="health_check.requeue").count() == 1
    # queued again, it is no longer stale; the next worker claims it as attempt 2
    assert recover_interrupted(now=T0 + timedelta(seconds=200)) == 0
    again = leases.do_claim(health_check_id=check.pk, now=T0 + timedelta(seconds=201))
    assert again is not None
    assert again.attempts == 2


def test_a_renewing_worker_keeps_its_check(queued) -> None:
    check = leases.do_claim(health_check_id=queued.pk, now=T0)
    assert check is not None
    for second in range(20, 200, 20):
        assert leases.renew(check, T0 + timedelta(seconds=second))
        assert recover_interrupted(now=T0 + timedelta(seconds=second + 30)) == 0


def test_after_three_starts_the_check_fails_with_a_reason_the_insured_reads(queued) -> None:
    HealthCheck.objects.filter(pk=queued.pk).update(
        status="running", attempts=leases.MAX_ATTEMPTS, lease_expires_at=T0, started_at=T0
    )
    assert recover_interrupted(now=T0 + timedelta(seconds=1)) == 1
    check = HealthCheck.objects.get(pk=queued.pk)
    assert (check.status, check.error_code, check.finished_at) == (
        "failed",
        "healthchecks.interrupted",
        T0 + timedelta(seconds=1),
    )
    with translation.override("en"):
        assert check.error_message.startswith("The scan was interrupted 3 times")
    with translation.override("zh-hans"):
        assert "3" in check.error_message
        assert "扫描" in check.error_message
    assert recover_interrupted(now=T0 + timedelta(seconds=100)) == 0


def test_a_check_left_running_before_leases_existed_is_recovered(queued, settings) -> None:
    HealthCheck.objects.filter(pk=queued.pk).update(status="running", attempts=0, started_at=T0)
    assert recover_interrupted(now=T0 + timedelta(seconds=30)) == 0
    assert recover_interrupted(now=T0 + timedelta(seconds=61)) == 1
    assert HealthCheck.objects.get(pk=queued.pk).status == "queued"


def test_the_insured_sees_the_reason_on_the_page_and_in_the_api(queued, demo, page_as, api_as) -> None:
    HealthCheck.objects.filter(pk=queued.pk).update(
        status="running", attempts=3, lease_expires_at=T0, started_at=T0
    )
    recover_interrupted(now=T0 + timedelta(seconds=1))
    body = api_as(demo["applicant"]).get(f"/api/healthchecks/{queued.pk}").json()
    assert body["status"] == "failed"
    assert "3" in body["error"]
    assert body["error"] != "interrupted 3 times"
    page = page_as(demo["applicant"]).get(f"/healthchecks/{queued.pk}/").content.decode()
    assert 'data-error="healthchecks.interrupted"' in page

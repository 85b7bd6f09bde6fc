"""Leases on running health checks: a check whose worker died is retried, a bounded number of times.

The worker that starts a check takes a lease (``lease_expires_at``) and renews it every few seconds
while the scan runs. A worker killed mid-scan (SIGKILL, power loss) stops renewing; the periodic job
``healthchecks.recover`` then finds the expired lease and queues the check again, or, after
``MAX_ATTEMPTS`` starts, fails it with a reason the insured can read. A worker asked to stop (SIGTERM)
expires its lease at once, so the next tick hands the check on without waiting.

Status changes are small helpers here (one per move) so that the transition mechanism can replace
their bodies.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q

from cyberins.accounts.audit import audited, record_change
from cyberins.healthchecks.models import HealthCheck, HealthCheckStatus

#: starts of one check before it is failed as interrupted
MAX_ATTEMPTS = 3
INTERRUPTED = "healthchecks.interrupted"


def lease_duration() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "HEALTHCHECK_LEASE_SECONDS", 60)))


def renew_every() -> float:
    """Seconds between renewals: a third of the lease, so two missed renewals still leave it valid."""
    return lease_duration().total_seconds() / 3


@audited
def do_claim(*, health_check_id: int, now: datetime) -> HealthCheck | None:
    """queued → running under a fresh lease, or None if another worker (or an old task) got it first."""
    claimed = HealthCheck.objects.filter(pk=health_check_id, status=HealthCheckStatus.QUEUED).update(
        status=HealthCheckStatus.RUNNING,
        started_at=now,
        lease_expires_at=now + lease_duration(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    check = HealthCheck.objects.get(pk=health_check_id)
    record_change(
        actor=None,
        obj=check,
        action="health_check.running",
        before={"status": HealthCheckStatus.QUEUED},
        after={"status": HealthCheckStatus.RUNNING, "attempt": check.attempts},
    )
    return check


def renew(check: HealthCheck, now: datetime) -> bool:
    """Extend the lease of a check this worker runs; False if it was taken from us (recovered)."""
    return bool(
        HealthCheck.objects.filter(
            pk=check.pk, status=HealthCheckStatus.RUNNING, attempts=check.attempts
        ).update(lease_expires_at=now + lease_duration())
    )


def release(check: HealthCheck, now: datetime) -> None:
    """The worker is stopping: expire the lease now, so the next recovery tick re-queues the check."""
    HealthCheck.objects.filter(pk=check.pk, status=HealthCheckStatus.RUNNING, attempts=check.attempts).update(
        lease_expires_at=now
    )


def expired(now: datetime) -> Q:
    """Running checks whose worker is presumed dead (no lease: started before leases existed)."""
    return Q(status=HealthCheckStatus.RUNNING) & (
        Q(lease_expires_at__lt=now)
        | Q(lease_expires_at__isnull=True, started_at__lt=now - lease_duration())
        | Q(lease_expires_at__isnull=True, started_at__isnull=True)
    )


def _requeue(check: HealthCheck, now: datetime) -> None:
    HealthCheck.objects.filter(pk=check.pk).update(
        status=HealthCheckStatus.QUEUED, lease_expires_at=None, progress_done=0
    )
    record_change(
        actor=None,
        obj=check,
        action="health_check.requeue",
        before={"status": HealthCheckStatus.RUNNING, "attempt": check.attempts},
        after={"status": HealthCheckStatus.QUEUED},
    )
    from cyberins.healthchecks.tasks import enqueue_health_check

    transaction.on_commit(partial(enqueue_health_check, check.pk))


def _fail_interrupted(check: HealthCheck, now: datetime) -> None:
    HealthCheck.objects.filter(pk=check.pk).update(
        status=HealthCheckStatus.FAILED,
        finished_at=now,
        lease_expires_at=None,
        error_code=INTERRUPTED,
        error=f"interrupted {check.attempts} times",
    )
    record_change(
        actor=None,
        obj=check,
        action="health_check.failed",
        before={"status": HealthCheckStatus.RUNNING},
        after={"status": HealthCheckStatus.FAILED, "error_code": INTERRUPTED, "attempts": check.attempts},
    )


@audited
def do_recover_interrupted(*, now: datetime) -> int:
    """Queue again, or fail, each running check whose lease expired; returns how many it handled."""
    handled = 0
    stale = HealthCheck.objects.select_for_update(skip_locked=True).filter(expired(now)).order_by("pk")
    for check in stale:
        if check.attempts >= MAX_ATTEMPTS:
            _fail_interrupted(check, now)
        else:
            _requeue(check, now)
        handled += 1
    return handled

"""Leases on running health checks: a check whose worker died is retried, a bounded number of times.

The worker that starts a check takes a lease (``lease_expires_at``) and renews it every few seconds
while the scan runs. A worker killed mid-scan (SIGKILL, power loss) stops renewing; the periodic job
``healthchecks.recover`` then finds the expired lease and queues the check again, or, after
``MAX_ATTEMPTS`` starts, fails it with a reason the insured can read. A worker asked to stop (SIGTERM)
expires its lease at once, so the next tick hands the check on without waiting.

Every status change goes through the transition mechanism (``HealthCheck.WORKFLOW``): history and
audit record in the same transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from cyberins.accounts.audit import audited
from cyberins.accounts.errors import InvalidState
from cyberins.accounts.transitions import transition
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
    check = HealthCheck.objects.select_for_update().filter(pk=health_check_id).first()
    if check is None or check.status != HealthCheckStatus.QUEUED:
        return None
    try:
        transition(
            check,
            HealthCheckStatus.RUNNING,
            actor=None,
            now=now,
            changes={
                "started_at": now,
                "lease_expires_at": now + lease_duration(),
                "attempts": check.attempts + 1,
            },
        )
    except InvalidState:  # another worker moved it between our read and our update
        return None
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
    transition(
        check,
        HealthCheckStatus.QUEUED,
        actor=None,
        now=now,
        reason=f"lease expired after attempt {check.attempts}",
        changes={"lease_expires_at": None, "progress_done": 0},
    )
    from cyberins.healthchecks.tasks import enqueue_health_check

    transaction.on_commit(partial(enqueue_health_check, check.pk))


def _fail_interrupted(check: HealthCheck, now: datetime) -> None:
    transition(
        check,
        HealthCheckStatus.FAILED,
        actor=None,
        now=now,
        reason=f"interrupted {check.attempts} times",
        changes={
            "finished_at": now,
            "lease_expires_at": None,
            "error_code": INTERRUPTED,
            "error": f"interrupted {check.attempts} times",
        },
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

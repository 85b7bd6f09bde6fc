"""Periodic jobs: idempotent functions the worker runs once per time slot, across several workers.

An app declares its jobs in ``<app>/scheduled.py`` (imported from its ``AppConfig.ready()``)::

    from cyberins.accounts.periodic import periodic

    @periodic("policies.expire", every=timedelta(hours=1))
    def expire_policies(*, now: datetime) -> int:   # idempotent; returns how many items it handled
        ...

Time is cut into slots of ``every`` counted from the Unix epoch (slot = floor(now / every)). Before
running a job for a slot the runner inserts a :class:`~cyberins.accounts.models.PeriodicRun` row with the
unique pair (job, slot); a second worker's insert fails and it skips, so each slot runs exactly once
however many workers tick. A worker that starts late (it was stopped) runs the job in the current slot,
and since a job takes ``now`` and handles everything due by then, the missed slots' work is done too.
A run holds a lease; a worker that dies during a run leaves it ``running`` with a lease that expires,
and the next tick takes the slot over (a bounded number of attempts, then the run is marked failed).
Why not a library: see docs/jobs.md.
"""

from __future__ import annotations

import logging
import math
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

#: a run left ``running`` this long after it started (its worker died) is taken over by the next tick
DEFAULT_LEASE = timedelta(minutes=10)
#: attempts per slot before the slot is marked failed for good
MAX_ATTEMPTS = 3


class JobFunction(Protocol):
    def __call__(self, *, now: datetime) -> int: ...


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    function: JobFunction
    lease: timedelta = DEFAULT_LEASE

    def slot(self, now: datetime) -> int:
        """The number of the slot ``now`` falls in: floor(seconds since the epoch / period)."""
        return math.floor(_aware(now).timestamp() / self.every.total_seconds())

    def slot_start(self, slot: int) -> datetime:
        return datetime.fromtimestamp(slot * self.every.total_seconds(), tz=UTC)


REGISTRY: dict[str, PeriodicJob] = {}

#: set when the worker process got SIGTERM/SIGINT: a long task releases its work instead of finishing it
worker_stopping = threading.Event()


def periodic(
    name: str, *, every: timedelta, lease: timedelta = DEFAULT_LEASE
) -> Callable[[JobFunction], JobFunction]:
    """Register ``fn(*, now) -> int`` to run once per ``every`` in the worker."""
    if every.total_seconds() < 1:
        raise ValueError("a periodic job runs at most once a second")

    def register(function: JobFunction) -> JobFunction:
        existing = REGISTRY.get(name)
        if existing is not None and existing.function is not function:
            raise ValueError(f"periodic job {name!r} is registered twice")
        REGISTRY[name] = PeriodicJob(name=name, every=every, function=function, lease=lease)
        return function

    return register


def jobs() -> list[PeriodicJob]:
    return [REGISTRY[name] for name in sorted(REGISTRY)]


def get_job(name: str) -> PeriodicJob:
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(name) from None


@dataclass(frozen=True)
class RunOutcome:
    job: str
    slot: int | None
    status: str  # "done", "failed", "skipped"
    handled: int = 0
    error: str = ""


def runner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def _aware(now: datetime) -> datetime:
    if timezone.is_naive(now):
        raise ValueError("periodic jobs take a timezone-aware now")
    return now


def _claim(job: PeriodicJob, slot: int, now: datetime, runner: str) -> object | None:
    """Insert the (job, slot) row, or take over a run whose worker died; None when another has it."""
    from cyberins.accounts.models import PeriodicRun

    try:
        with transaction.atomic():
            return PeriodicRun.objects.create(
                job=job.name,
                slot=slot,
                status=PeriodicRun.Status.RUNNING,
                started_at=now,
                lease_expires_at=now + job.lease,
                attempts=1,
                runner=runner,
            )
    except IntegrityError:
        pass
    # The slot exists. Take it over only if its run is stale (lease expired) and attempts remain; the
    # conditional UPDATE is the lock: of two workers trying, one updates one row, the other none.
    existing = PeriodicRun.objects.filter(
        job=job.name, slot=slot, status=PeriodicRun.Status.RUNNING, lease_expires_at__lt=now
    )
    stale = existing.first()
    if stale is None:
        return None
    if stale.attempts >= MAX_ATTEMPTS:
        existing.filter(attempts=stale.attempts).update(
            status=PeriodicRun.Status.FAILED,
            finished_at=now,
            error=f"abandoned after {stale.attempts} attempts (worker stopped during the run)",
        )
        return None
    taken = existing.filter(attempts=stale.attempts).update(
        attempts=stale.attempts + 1, started_at=now, lease_expires_at=now + job.lease, runner=runner
    )
    if not taken:
        return None
    return PeriodicRun.objects.get(pk=stale.pk)


def _execute(job: PeriodicJob, run: object | None, now: datetime, slot: int | None) -> RunOutcome:
    from cyberins.accounts.models import PeriodicRun

    try:
        handled = int(job.function(now=now) or 0)
    except Exception as exc:
        logger.exception("periodic job %s failed", job.name)
        if isinstance(run, PeriodicRun):
            PeriodicRun.objects.filter(pk=run.pk).update(
                status=PeriodicRun.Status.FAILED, finished_at=timezone.now(), error=repr(exc)[:2000]
            )
        return RunOutcome(job=job.name, slot=slot, status="failed", error=repr(exc))
    if isinstance(run, PeriodicRun):
        PeriodicRun.objects.filter(pk=run.pk).update(
            status=PeriodicRun.Status.DONE, finished_at=timezone.now(), handled=handled
        )
    return RunOutcome(job=job.name, slot=slot, status="done", handled=handled)


def run_due(*, now: datetime | None = None, names: list[str] | None = None) -> list[RunOutcome]:
    """One scheduler tick: run every job (or the named ones) whose current slot nobody has claimed."""
    now = _aware(now or timezone.now())
    runner = runner_name()
    outcomes = []
    for job in jobs():
        if names is not None and job.name not in names:
            continue
        slot = job.slot(now)
        run = _claim(job, slot, now, runner)
        if run is None:
            outcomes.append(RunOutcome(job=job.name, slot=slot, status="skipped"))
            continue
        outcomes.append(_execute(job, run, now, slot))
    return outcomes


def run_now(name: str, *, now: datetime | None = None) -> RunOutcome:
    """An operator's run of one job outside the slots (recorded with no slot; the job is idempotent)."""
    from cyberins.accounts.models import PeriodicRun

    job = get_job(name)
    now = _aware(now or timezone.now())
    run = PeriodicRun.objects.create(
        job=job.name,
        slot=None,
        status=PeriodicRun.Status.RUNNING,
        started_at=now,
        lease_expires_at=now + job.lease,
        attempts=1,
        runner=f"manual:{runner_name()}",
    )
    return _execute(job, run, now, None)


def next_due(job: PeriodicJob, now: datetime) -> datetime:
    """When the job next runs: now, if its current slot has not run, else the start of the next slot."""
    from cyberins.accounts.models import PeriodicRun

    slot = job.slot(now)
    if PeriodicRun.objects.filter(job=job.name, slot=slot).exists():
        return job.slot_start(slot + 1)
    return now


def scheduler_loop(stop: threading.Event, *, interval: float = 5.0) -> None:
    """Tick until ``stop`` is set (a thread beside the task worker in ``cyberins worker``)."""
    while not stop.is_set():
        close_old_connections()
        try:
            for outcome in run_due():
                if outcome.status != "skipped":
                    logger.info(
                        "periodic %s slot %s: %s %s",
                        outcome.job,
                        outcome.slot,
                        outcome.status,
                        outcome.handled,
                    )
        except Exception:  # a database hiccup must not end the scheduler; the next tick retries
            logger.exception("periodic scheduler tick failed")
        stop.wait(interval)
    close_old_connections()


def start_scheduler(*, interval: float = 5.0) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    thread = threading.Thread(
        target=scheduler_loop, args=(stop,), kwargs={"interval": interval}, name="periodic", daemon=True
    )
    thread.start()
    return thread, stop

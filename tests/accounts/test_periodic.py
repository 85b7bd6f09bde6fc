"""Periodic jobs run once per slot across workers, pick up after a stop, and take over a dead worker's run."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, connection, connections, transaction

from cyberins.accounts import periodic
from cyberins.accounts.models import PeriodicRun
from cyberins.cli import main

T0 = datetime(2026, 7, 1, 9, 0, 30, tzinfo=UTC)


@pytest.fixture
def counting_job():
    """A job that records each ``now`` it was called with (and sleeps a little, to widen races)."""
    calls: list[datetime] = []
    lock = threading.Lock()

    def count(*, now: datetime) -> int:
        with lock:
            calls.append(now)
        return 1

    periodic.periodic("tests.count", every=timedelta(minutes=1))(count)
    yield calls
    periodic.REGISTRY.pop("tests.count", None)


def test_the_slot_is_the_period_counted_from_the_epoch() -> None:
    job = periodic.PeriodicJob(name="x", every=timedelta(minutes=1), function=lambda *, now: 0)
    assert job.slot(T0) == job.slot(T0 + timedelta(seconds=29)) == job.slot(T0 - timedelta(seconds=30))
    assert job.slot(T0 + timedelta(seconds=30)) == job.slot(T0) + 1
    assert job.slot_start(job.slot(T0)) == T0.replace(second=0)
    with pytest.raises(ValueError, match="timezone-aware"):
        job.slot(T0.replace(tzinfo=None))


def test_each_slot_runs_once_and_the_job_gets_the_injected_now(db, counting_job) -> None:
    first = periodic.run_due(now=T0, names=["tests.count"])
    again = periodic.run_due(now=T0 + timedelta(seconds=10), names=["tests.count"])
    assert [o.status for o in first] == ["done"]
    assert [o.status for o in again] == ["skipped"]
    assert counting_job == [T0]
    run = PeriodicRun.objects.get(job="tests.count")
    assert (run.status, run.handled, run.attempts) == ("done", 1, 1)


def test_the_database_refuses_a_second_row_for_a_slot(db) -> None:
    fields = {
        "job": "tests.count",
        "slot": 42,
        "status": "running",
        "started_at": T0,
        "lease_expires_at": T0 + timedelta(minutes=10),
    }
    PeriodicRun.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodicRun.objects.create(**fields)


def test_a_restarted_worker_runs_the_slot_it_missed_once(db, counting_job) -> None:
    periodic.run_due(now=T0, names=["tests.count"])
    # The worker was stopped for three minutes: on restart the current slot runs at once, with the
    # current time, so the job handles everything that fell due while nobody ticked.
    later = T0 + timedelta(minutes=3, seconds=5)
    assert periodic.next_due(periodic.get_job("tests.count"), later) == later
    assert [o.status for o in periodic.run_due(now=later, names=["tests.count"])] == ["done"]
    assert counting_job == [T0, later]
    assert periodic.next_due(periodic.get_job("tests.count"), later) == datetime(2026, 7, 1, 9, 4, tzinfo=UTC)


def test_a_run_whose_worker_died_is_taken_over_a_bounded_number_of_times(db) -> None:
    calls: list[datetime] = []
    periodic.periodic("tests.hourly", every=timedelta(hours=1), lease=timedelta(minutes=5))(
        lambda *, now: calls.append(now) or 1
    )
    try:
        job = periodic.get_job("tests.hourly")
        PeriodicRun.objects.create(
            job=job.name, slot=job.slot(T0), status="running", started_at=T0, lease_expires_at=T0 + job.lease
        )
        # The lease still holds: the run belongs to a live worker.
        assert periodic.run_due(now=T0 + timedelta(minutes=4), names=[job.name])[0].status == "skipped"
        assert calls == []
        # Same slot, lease expired: that worker died; this one takes the slot over.
        late = T0 + timedelta(minutes=6)
        assert periodic.run_due(now=late, names=[job.name])[0].status == "done"
    finally:
        periodic.REGISTRY.pop("tests.hourly")
    run = PeriodicRun.objects.get(job=job.name)
    assert (run.status, run.attempts) == ("done", 2)
    assert calls == [late]


def test_a_slot_abandoned_too_often_is_failed(db, counting_job) -> None:
    job = periodic.get_job("tests.count")
    PeriodicRun.objects.create(
        job=job.name,
        slot=job.slot(T0),
        status="running",
        started_at=T0,
        lease_expires_at=T0,
        attempts=periodic.MAX_ATTEMPTS,
    )
    assert periodic.run_due(now=T0 + timedelta(seconds=1), names=[job.name])[0].status == "skipped"
    run = PeriodicRun.objects.get(job=job.name)
    assert run.status == "failed"
    assert "abandoned" in run.error
    assert counting_job == []


def test_a_failing_job_is_recorded_failed_and_does_not_stop_the_others(db, counting_job) -> None:
    def broken(*, now: datetime) -> int:
        raise RuntimeError("boom")

    periodic.periodic("tests.broken", every=timedelta(minutes=1))(broken)
    try:
        outcomes = {o.job: o for o in periodic.run_due(now=T0, names=["tests.broken", "tests.count"])}
    finally:
        periodic.REGISTRY.pop("tests.broken")
    assert outcomes["tests.broken"].status == "failed"
    assert outcomes["tests.count"].status == "done"
    assert PeriodicRun.objects.get(job="tests.broken").error == "RuntimeError('boom')"


def test_registering_another_function_under_a_taken_name_is_refused(counting_job) -> None:
    with pytest.raises(ValueError, match="registered twice"):
        periodic.periodic("tests.count", every=timedelta(minutes=1))(lambda *, now: 0)


def test_the_apps_register_their_jobs() -> None:
    names = set(periodic.REGISTRY)
    assert {"policies.expire", "policies.inspections"} <= names


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row-level concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_exactly_once_under_concurrent_workers_on_postgresql(counting_job) -> None:
    workers = 8
    barrier = threading.Barrier(workers)
    outcomes: list[str] = []

    def worker(offset: int) -> None:
        try:
            barrier.wait()
            for tick in range(5):
                # five ticks each, all inside the same two slots
                now = T0 + timedelta(seconds=tick * 10 + offset)
                outcomes.extend(o.status for o in periodic.run_due(now=now, names=["tests.count"]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # T0 is 09:00:30; ticks run to 09:01:17, so slots 09:00 and 09:01: two runs of forty attempts.
    assert sorted(counting_job) == sorted(set(counting_job))
    assert len(counting_job) == 2
    assert outcomes.count("done") == 2
    assert outcomes.count("skipped") == workers * 5 - 2
    assert PeriodicRun.objects.filter(job="tests.count").count() == 2


def test_the_operator_commands(db, counting_job, capsys) -> None:
    assert main(["jobs", "run", "tests.count", "--now", "2026-07-01T17:00:30+08:00"]) == 0
    assert counting_job == [T0]
    assert "tests.count" in capsys.readouterr().out
    assert main(["jobs", "run", "tests.count", "--now", "2026-07-01T17:00:30"]) == 2
    assert main(["jobs", "run", "no.such.job"]) == 2
    capsys.readouterr()
    assert main(["jobs", "list", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"name": "tests.count"' in out
    assert '"name": "policies.expire"' in out

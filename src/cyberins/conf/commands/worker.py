"""``cyberins worker``: the task worker (django_tasks_db's ``db_worker``) and the periodic-job scheduler.

The scheduler ticks in a thread beside the task loop (see :mod:`cyberins.accounts.periodic`); several
workers may run, each slot of each job runs once. SIGTERM/SIGINT also sets
``cyberins.accounts.periodic.worker_stopping`` so a running scan releases its health check at once
instead of holding the worker until it ends.
"""

from __future__ import annotations

import argparse
from types import FrameType


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--queue-name", default="default", help="queues to process, comma separated; * for all"
    )
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls of an empty queue")
    parser.add_argument("--batch", action="store_true", help="process the outstanding tasks, then exit")
    parser.add_argument("--max-tasks", type=int, default=None, help="exit after this many tasks")
    parser.add_argument(
        "--no-scheduler", action="store_true", help="do not run the periodic jobs in this worker"
    )
    parser.add_argument(
        "--scheduler-interval", type=float, default=5.0, help="seconds between ticks of the periodic jobs"
    )


def _signal_aware_worker() -> None:
    """Let a stop signal reach the running task (db_worker alone waits for it to end)."""
    from django_tasks_db.management.commands import db_worker

    from cyberins.accounts.periodic import worker_stopping

    if getattr(db_worker.Worker, "cyberins_signals", False):
        return

    class Worker(db_worker.Worker):
        cyberins_signals = True

        def shutdown(self, signum: int, frame: FrameType | None) -> None:
            worker_stopping.set()
            super().shutdown(signum, frame)

    db_worker.Worker = Worker  # type: ignore[misc]


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from django.core.management import call_command

    from cyberins.accounts.periodic import start_scheduler

    options: dict[str, object] = {
        "queue_name": args.queue_name,
        "interval": args.interval,
        "batch": args.batch,
        "reload": False,
        "startup_delay": not args.batch,
    }
    if args.max_tasks is not None:
        options["max_tasks"] = args.max_tasks
    _signal_aware_worker()
    stop = None
    if not args.no_scheduler and not args.batch:
        _thread, stop = start_scheduler(interval=args.scheduler_interval)
    try:
        call_command("db_worker", **options)
    finally:
        if stop is not None:
            stop.set()
    return 0

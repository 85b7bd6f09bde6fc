"""``cyberins worker``: run the background worker (django_tasks_db's ``db_worker``) for health checks."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--queue-name", default="default", help="queues to process, comma separated; * for all"
    )
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls of an empty queue")
    parser.add_argument("--batch", action="store_true", help="process the outstanding tasks, then exit")
    parser.add_argument("--max-tasks", type=int, default=None, help="exit after this many tasks")


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from django.core.management import call_command

    options: dict[str, object] = {
        "queue_name": args.queue_name,
        "interval": args.interval,
        "batch": args.batch,
        "reload": False,
        "startup_delay": not args.batch,
    }
    if args.max_tasks is not None:
        options["max_tasks"] = args.max_tasks
    call_command("db_worker", **options)
    return 0

"""``cyberins jobs list`` / ``cyberins jobs run [NAME] [--now ISO]``: the periodic jobs, for operators.

``jobs run`` without a name is one scheduler tick: every job whose current slot has not run yet runs
(what ``cyberins worker`` does every few seconds). ``jobs run NAME`` runs that job now, whatever its
slot (jobs are idempotent). ``--now`` runs them as of another moment (an ISO 8601 time with zone).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    listing = sub.add_parser("list", help="list the periodic jobs, their period and last run")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    running = sub.add_parser("run", help="run the due jobs (one tick), or the named job now")
    running.add_argument("name", nargs="?", help="a job name (see `jobs list`)")
    running.add_argument("--now", help="run as of this ISO 8601 time with zone, e.g. 2026-07-01T09:00+08:00")


def _parse_now(text: str | None) -> datetime | None:
    if text is None:
        return None
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(text)
    return moment


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from django.utils import timezone
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    from cyberins.accounts import periodic
    from cyberins.accounts.models import PeriodicRun

    if args.action == "list":
        now = timezone.now()
        rows = []
        for job in periodic.jobs():
            latest = PeriodicRun.objects.filter(job=job.name).order_by("-started_at").first()
            rows.append(
                {
                    "name": job.name,
                    "every_seconds": int(job.every.total_seconds()),
                    "last_run": latest.started_at.isoformat() if latest else None,
                    "last_status": latest.status if latest else None,
                    "last_handled": latest.handled if latest else None,
                    "next_due": periodic.next_due(job, now).isoformat(),
                }
            )
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for r in rows:
                last = f"{r['last_run']} {r['last_status']} {r['last_handled']}" if r["last_run"] else "-"
                every = f"{r['every_seconds']:>7}s"
                last_label, next_label = pgettext("periodic run", "last"), pgettext("periodic run", "next")
                print(f"{r['name']:<32} {every}  {last_label}: {last}  {next_label}: {r['next_due']}")
        return 0

    try:
        at = _parse_now(args.now)
    except ValueError:
        print(_("error: --now takes an ISO 8601 time with a zone offset"), file=sys.stderr)
        return 2
    if args.name:
        if args.name not in periodic.REGISTRY:
            print(_("error: no periodic job named %(name)s") % {"name": args.name}, file=sys.stderr)
            return 2
        outcomes = [periodic.run_now(args.name, now=at)]
    else:
        outcomes = periodic.run_due(now=at)
    for outcome in outcomes:
        print(f"{outcome.job:<32} {outcome.status:<8} {outcome.handled} {outcome.error}".rstrip())
    return 1 if any(o.status == "failed" for o in outcomes) else 0

"""``cyberins incidents list [--json]`` (number, policy, insured, class, grade, stage, clocks with their
state, breaches) and ``cyberins incidents tick [--now ISO]`` (the clocks job, once)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    listing = sub.add_parser("list", help="list the incidents with their clocks")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    tick = sub.add_parser("tick", help="record clock breaches once (the periodic job, now)")
    tick.add_argument("--now", default="", help="as of this ISO 8601 time with its zone (default: now)")


def rows(now: datetime) -> list[dict[str, Any]]:
    from cyberins.incidents.models import Incident
    from cyberins.incidents.services import incident_clocks

    out = []
    for i in Incident.objects.select_related("policy", "reporting_org").order_by("reported_at", "pk"):
        out.append(
            {
                "number": i.number,
                "policy": i.policy.number,
                "insured": i.reporting_org.name,
                "class": i.incident_class,
                "sub_class": i.sub_class,
                "grade": i.grade,
                "stage": i.stage,
                "covered": i.covered,
                "coverage_reasons": i.coverage_reasons,
                "clocks": [
                    {"name": c.name, "due_at": c.due_at.isoformat(), "state": str(c.state)}
                    for c in incident_clocks(i, now)
                ],
                "breaches": i.breaches,
            }
        )
    return out


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from django.utils import timezone

    from cyberins.incidents.services import tick

    if args.action == "tick":
        now = datetime.fromisoformat(args.now) if args.now else timezone.now()
        if now.tzinfo is None:
            raise SystemExit("--now needs a time zone, e.g. 2026-07-01T10:00+08:00")
        print(f"{tick(now=now)} breaches recorded")
        return 0
    found = rows(timezone.now())
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    for r in found:
        clocks = " ".join(f"{c['name']}={c['state']}@{c['due_at'][:16]}" for c in r["clocks"]) or "—"
        print(
            f"{r['number']}\t{r['policy']}\t{r['insured']}\t"
            f"{r['class']}/{r['sub_class'] or '-'}\t{r['grade']}\t"
            f"{r['stage']}\t{'covered' if r['covered'] else 'uncovered ' + ','.join(r['coverage_reasons'])}\t"
            f"{clocks}\tbreaches: {','.join(r['breaches']) or '—'}"
        )
    print(f"{len(found)} incidents")
    return 0

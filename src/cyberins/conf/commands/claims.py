"""``cyberins claims list [--json]`` (number, policy, incident, status, claimed, assessed, reserve, paid,
whether the warranty penalty applied), ``cyberins claims tick [--now ISO]`` (the clocks job, once) and
``cyberins claims letter NUMBER -o FILE.pdf [--lang en]`` (the settlement letter)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    listing = sub.add_parser("list", help="list the claims with their amounts")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    tick = sub.add_parser("tick", help="record clock breaches once (the periodic job, now)")
    tick.add_argument("--now", default="", help="as of this ISO 8601 time with its zone (default: now)")
    letter = sub.add_parser("letter", help="write the settlement letter PDF of an approved claim")
    letter.add_argument("number", help="claim number")
    letter.add_argument("-o", "--output", required=True, type=Path, help="output PDF file")
    letter.add_argument("--lang", default="zh", choices=["zh", "en"], help="language (default zh)")


def rows() -> list[dict[str, Any]]:
    from cyberins.claims.models import Claim
    from cyberins.claims.services import totals

    out = []
    for claim in Claim.objects.select_related("policy", "incident").order_by("opened_at", "pk"):
        figures = totals(claim)
        out.append(
            {
                "number": claim.number,
                "policy": claim.policy.number,
                "incident": claim.incident.number,
                "status": claim.status,
                **{
                    k: str(figures[k])
                    for k in ("claimed", "assessed", "payable", "reserve", "paid", "outstanding")
                },
                "penalty_applied": claim.penalty_applied,
                "breaches": claim.breaches,
            }
        )
    return out


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from django.utils import timezone

    from cyberins.claims.services import tick

    if args.action == "letter":
        return write_letter(args.number, args.output, args.lang)
    if args.action == "tick":
        now = datetime.fromisoformat(args.now) if args.now else timezone.now()
        if now.tzinfo is None:
            raise SystemExit("--now needs a time zone, e.g. 2026-07-01T10:00+08:00")
        print(f"{tick(now=now)} breaches recorded")
        return 0
    found = rows()
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    for r in found:
        print(
            f"{r['number']}\t{r['policy']}\t{r['incident']}\t{r['status']}\t"
            f"claimed {r['claimed']}\tassessed {r['assessed']}\treserve {r['reserve']}\tpaid {r['paid']}\t"
            f"{'penalty 10%' if r['penalty_applied'] else 'no penalty'}"
        )
    print(f"{len(found)} claims")
    return 0


def write_letter(number: str, output: Path, lang: str) -> int:
    from django.utils.translation import gettext as _

    from cyberins.accounts.errors import DomainError
    from cyberins.claims.letters import letter_pdf
    from cyberins.claims.models import Claim

    claim = Claim.objects.filter(number=number).first()
    if claim is None:
        print(_("error: no claim numbered %(number)s") % {"number": number}, file=sys.stderr)
        return 2
    try:
        body = letter_pdf(claim, lang)
    except DomainError as exc:
        print(f"error: {exc.render_message()}", file=sys.stderr)
        return 2
    output.write_bytes(body)
    print(output)
    return 0

"""Operator commands: ``policy list [--json]``, ``policy pdf NUMBER -o FILE.pdf``, ``policy expire``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    listing = sub.add_parser("list", help="list policies")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    pdf = sub.add_parser("pdf", help="write a policy schedule PDF")
    pdf.add_argument("number", help="policy number")
    pdf.add_argument("-o", "--output", required=True, type=Path, help="output PDF file")
    sub.add_parser("expire", help="mark policies whose period has ended as expired")


def _rows() -> list[dict[str, str]]:
    from cyberins.policies.models import Policy

    return [
        {
            "number": p.number,
            "insured": p.insured_name,
            "product": p.product_version.product.name,
            "plan": p.plan.code,
            "sum_insured": str(p.sum_insured),
            "premium": str(p.premium),
            "period": f"{p.first_day.isoformat()}..{p.last_day.isoformat()}",
            "status": p.status,
        }
        for p in Policy.objects.select_related("insured", "product_version__product", "plan").order_by(
            "number"
        )
    ]


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from django.utils.translation import gettext as _

    if args.action == "list":
        rows = _rows()
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for r in rows:
                print(
                    f"{r['number']:<24} {r['insured']:<18} {r['product']:<16} {r['plan']:<3} "
                    f"{r['sum_insured']:>14} {r['premium']:>12} {r['period']} {r['status']}"
                )
        return 0
    if args.action == "expire":
        from cyberins.policies.servicing import do_expire_policies

        for number in do_expire_policies():
            print(_("expired %(number)s") % {"number": number})
        return 0
    from cyberins.policies.documents import schedule_pdf
    from cyberins.policies.models import Policy

    policy = Policy.objects.filter(number=args.number).first()
    if policy is None:
        print(_("error: no policy numbered %(number)s") % {"number": args.number}, file=sys.stderr)
        return 2
    args.output.write_bytes(schedule_pdf(policy))
    print(f"{args.output} ({args.output.stat().st_size} bytes)")
    return 0

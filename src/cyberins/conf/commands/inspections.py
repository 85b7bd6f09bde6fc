"""``cyberins inspections [--start]``: the policies' scheduled inspections that are due, and starting them."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--within-days", type=int, default=7, help="also list orders due within this many days"
    )
    parser.add_argument("--start", action="store_true", help="start the due inspections as health checks")
    parser.add_argument("--as-user", default="admin", help="the platform administrator who dispatches them")


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from django.utils.translation import gettext as _

    from cyberins.accounts.errors import DomainError
    from cyberins.accounts.models import User
    from cyberins.policies.inspections import (
        do_complete_finished_inspections,
        do_start_inspection,
        due_inspections,
    )

    for order in do_complete_finished_inspections():
        print(_("done     %(order)s") % {"order": f"{order.policy.number} {order.service.code}"})
    actor = User.objects.filter(username=args.as_user).first()
    failures = 0
    for order in due_inspections(within_days=args.within_days):
        line = f"{order.due_on} {order.policy.number} {order.policy.insured_name} {order.service.code}"
        if not args.start or actor is None:
            print(_("due      %(order)s") % {"order": line})
            continue
        try:
            check = do_start_inspection(actor=actor, order=order)
        except DomainError as exc:
            failures += 1
            print(
                _("refused  %(order)s: %(reason)s") % {"order": line, "reason": exc.render_message()},
                file=sys.stderr,
            )
        else:
            print(_("started  %(order)s → health check %(check)s") % {"order": line, "check": check.pk})
    return 1 if failures else 0

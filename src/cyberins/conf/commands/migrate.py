from __future__ import annotations

import argparse

from cyberins.conf.commands._django import setup_django


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true", help="exit non-zero if migrations are unapplied")


def run(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    if args.check:
        call_command("migrate", check_unapplied=True, verbosity=1)
    else:
        call_command("migrate", interactive=False, verbosity=1)
    return 0

"""``cyberins audit verify``: walk the hash chain and report the first broken link."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["verify"])


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from cyberins.accounts.audit import verify_chain

    report = verify_chain()
    if report.ok:
        print(f"OK: {report.checked} audit records, chain intact.")
        return 0
    print(
        f"BROKEN at record #{report.broken_at}: {report.reason} "
        f"({report.checked} records verified before it)."
    )
    return 1

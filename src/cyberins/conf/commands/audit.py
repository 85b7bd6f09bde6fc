"""``cyberins audit verify``: walk the hash chain and report the first broken link."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["verify"])


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from django.utils.translation import gettext as _

    from cyberins.accounts.audit import verify_chain

    report = verify_chain()
    if report.ok:
        print(_("OK: %(count)s audit records, chain intact.") % {"count": report.checked})
        return 0
    print(
        _("BROKEN at record #%(seq)s: %(reason)s (%(count)s records verified before it).")
        % {"seq": report.broken_at, "reason": report.reason, "count": report.checked}
    )
    return 1

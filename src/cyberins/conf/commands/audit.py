"""``cyberins audit verify``: walk the hash chain and report the first broken link."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["verify"])
    parser.add_argument(
        "--anchor",
        metavar="SEQ:HASH",
        help="a head printed by an earlier verify; it must still be in the chain (catches a deleted tail)",
    )


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from django.utils.translation import gettext as _

    from cyberins.accounts.audit import verify_chain

    anchor = None
    if args.anchor:
        seq, _sep, digest = args.anchor.partition(":")
        if not seq.isdigit() or len(digest) != 64:
            print(_("error: %(reason)s") % {"reason": "--anchor SEQ:HASH"}, file=sys.stderr)
            return 2
        anchor = (int(seq), digest)
    report = verify_chain(anchor=anchor)
    if report.ok:
        print(_("OK: %(count)s audit records, chain intact.") % {"count": report.checked})
        print(
            _("Head (note it to check later with --anchor): %(anchor)s")
            % {"anchor": f"{report.checked}:{report.head}"}
        )
        return 0
    print(
        _("BROKEN at record #%(seq)s: %(reason)s (%(count)s records verified before it).")
        % {"seq": report.broken_at, "reason": report.reason, "count": report.checked}
    )
    return 1

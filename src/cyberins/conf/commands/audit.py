"""``cyberins audit verify|seal|rotate-key``: check, seal and re-key the audit trail (docs/audit.md)."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["verify", "seal", "rotate-key"])
    parser.add_argument(
        "--anchor",
        metavar="SEQ:HASH",
        help="a head printed by an earlier verify; it must still be in the chain (checkpoints do this too)",
    )


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from cyberins.accounts.audit import checkpoint_file, seal_and_checkpoint, verify_chain
    from cyberins.accounts.audit_keys import rotate_key

    if args.action == "seal":
        sealed = seal_and_checkpoint(now=timezone.now())
        print(
            _("Sealed %(count)s audit records; chain head checkpointed to %(path)s.")
            % {"count": sealed, "path": checkpoint_file()}
        )
        return 0
    if args.action == "rotate-key":
        try:
            key_id = rotate_key()
        except RuntimeError as exc:
            print(_("error: %(reason)s") % {"reason": exc}, file=sys.stderr)
            return 2
        print(_("New audit key %(key)s is current; older keys still verify older records.") % {"key": key_id})
        return 0
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
            _("%(pending)s records not yet sealed (MAC checked); %(marks)s checkpoints agree.")
            % {"pending": report.pending, "marks": report.checkpoints}
        )
        print(
            _("Head (note it to check later with --anchor): %(anchor)s")
            % {"anchor": f"{report.checked}:{report.head}"}
        )
        return 0
    if report.broken_at is None:
        print(
            _("BROKEN at unsealed record id %(id)s: %(reason)s.")
            % {"id": report.broken_record_id, "reason": report.reason}
        )
        return 1
    print(
        _("BROKEN at record #%(seq)s: %(reason)s (%(count)s records verified before it).")
        % {"seq": report.broken_at, "reason": report.reason, "count": report.checked}
    )
    return 1

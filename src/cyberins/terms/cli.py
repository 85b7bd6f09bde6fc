"""``cyberins adjust FILE``: adjust a claim from a JSON request (``-`` for stdin), print JSON.

For insurers and auditors who want to check a settlement without the platform: the input
(policy terms, loss lines, warranty evidence, incident time, optional mitigation costs) and
the output (payable per line, totals, the explanation table) are documented in
``docs/terms.md``. Bad input prints ``error: <field>: <message> [<code>]`` on stderr (English,
then zh-Hans) and exits with status 2; nothing is printed on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal

from .errors import TermsError
from .request import adjust_request


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``cyberins adjust``."""
    parser.add_argument("file", metavar="FILE", help="JSON adjustment request, or - for standard input")
    parser.add_argument("--indent", type=int, default=2, help="JSON indentation (default 2; 0 for one line)")


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed in the request: give finite numbers")


def _error(field: str, message: str, code: str) -> int:
    print(f"error: {field or '(request)'}: {message} [{code}]", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    """Entry point called by ``cyberins.cli.main``."""
    try:
        if args.file == "-":
            text = sys.stdin.read()
        else:
            with open(args.file, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as exc:
        return _error(args.file, f"cannot read the file: {exc.strerror}", "terms.invalid_request")
    try:
        # Decimal for every JSON fraction: amounts are never floats (terms.invalid_amount otherwise).
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except ValueError as exc:
        return _error("", f"invalid JSON: {exc}", "terms.invalid_request")
    try:
        out = adjust_request(data)
    except TermsError as exc:
        return _error(exc.field, f"{exc.message.en} / {exc.message.zh}", exc.code)
    print(json.dumps(out, indent=args.indent or None, ensure_ascii=False))
    return 0

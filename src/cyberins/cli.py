"""The one ``cyberins`` console script.

Each sub-command lives in the module that owns its subject and exposes two functions,
``add_arguments(parser)`` and ``run(args) -> int``. They are imported only when named, so
``cyberins price`` never loads Django and ``cyberins demo`` never loads the scanner.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

#: sub-command → (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("cyberins.conf.commands.demo", "create/migrate ./var, load demo data, serve on 127.0.0.1:8000"),
    "serve": ("cyberins.conf.commands.serve", "serve the web app with gunicorn"),
    "migrate": ("cyberins.conf.commands.migrate", "apply database migrations"),
    "createadmin": ("cyberins.conf.commands.createadmin", "create a platform administrator"),
    "audit": (
        "cyberins.conf.commands.audit",
        "audit trail: verify chain, MACs, checkpoints; seal; rotate-key",
    ),
    "inspections": ("cyberins.conf.commands.inspections", "list or start the policies' due inspections"),
    "policy": ("cyberins.conf.commands.policy", "list policies, write a schedule PDF, expire ended policies"),
    "providers": ("cyberins.conf.commands.providers", "list the designated service-provider network"),
    "incidents": ("cyberins.conf.commands.incidents", "list incidents and clocks; record breaches"),
    "claims": ("cyberins.conf.commands.claims", "list claims with amounts; record clock breaches"),
    "worker": (
        "cyberins.conf.commands.worker",
        "run background tasks (scans) and periodic jobs",
    ),
    "jobs": ("cyberins.conf.commands.jobs", "list the periodic jobs or run them now"),
    "vulndb": (
        "cyberins.conf.commands.vulndb",
        "load NVD / KEV / EPSS / endoflife.date files; show their dates",
    ),
    "portfolio": (
        "cyberins.conf.commands.portfolio",
        "portfolio exposure, scenarios and the stochastic model",
    ),
    "adjust": (
        "cyberins.terms.cli",
        "adjust a claim from JSON (file or - for stdin): payable and explanation",
    ),
    "price": ("cyberins.actuarial.cli", "price a risk from JSON (file or - for stdin)"),
    "scan": ("cyberins.scanner.cli", "scan authorised targets (host or host:port)"),
}


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cyberins", description="Cyberins 网络安全保险平台")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    wanted = next((a for a in argv if not a.startswith("-")), None)
    for name, (module_name, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        if name == wanted:
            importlib.import_module(module_name).add_arguments(command_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(arguments).parse_args(arguments)
    module_name = COMMANDS[args.command][0]
    return int(importlib.import_module(module_name).run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())

"""``cyberins demo``: the embedded SQLite database under ./var, migrated; demo data; the web app."""

from __future__ import annotations

import argparse

from cyberins.conf.commands import serve as serve_command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    serve_command.add_arguments(parser)
    parser.add_argument("--no-serve", action="store_true", help="set everything up but do not serve")


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils.translation import gettext as _

    from cyberins.conf.demo import load_demo

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    logins = load_demo()
    print(_("Database: %(name)s") % {"name": settings.DATABASES["default"]["NAME"]})
    print(_("Demo logins (password for all: %(password)s):") % {"password": logins.password})
    for login in logins.users:
        print(f"  {login.username:<14} {login.role:<12} {login.display_name} — {login.organisation}")
    if args.no_serve:
        return 0
    serve_command.collect_static()
    if not args.no_task_worker:
        serve_command.start_task_worker()
    print(f"Cyberins: http://{args.host}:{args.port}/", flush=True)
    serve_command.serve(args.host, args.port, args.workers)
    return 0

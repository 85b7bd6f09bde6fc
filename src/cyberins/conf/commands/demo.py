"""``cyberins demo``: the embedded SQLite database under ./var, migrated; demo data; the demo lab
(four small services on 127.0.0.1 that demo health checks scan for real); the web app."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from cyberins.conf.commands import serve as serve_command

if TYPE_CHECKING:
    from pathlib import Path

    from cyberins.healthchecks.lab import Lab


def add_arguments(parser: argparse.ArgumentParser) -> None:
    serve_command.add_arguments(parser)
    parser.add_argument("--no-serve", action="store_true", help="set everything up but do not serve")


def start_lab(var_dir: Path) -> Lab:
    """Start the lab on the ports it had last time (the demo assets name them) and admit exactly
    its services as scan targets, for this process, the web workers and the task worker."""
    from django.conf import settings

    from cyberins.healthchecks.lab import Lab

    folder = var_dir / "lab"
    folder.mkdir(parents=True, exist_ok=True)
    lab = Lab(Lab.saved_ports(folder / "ports.json"), folder=folder).start()
    lab.save_ports(folder / "ports.json")
    os.environ["CYBERINS_SCAN_ALLOW"] = settings.SCAN_ALLOW = lab.allow_list()
    os.environ["CYBERINS_SCAN_CA_FILE"] = settings.SCAN_CA_FILE = str(lab.ca_file)
    return lab


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    # No mail server on a demo machine: notification emails are written to ./var/mail, one file each.
    os.environ.setdefault("CYBERINS_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils.translation import gettext as _

    from cyberins.conf.demo import load_demo

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    lab = start_lab(settings.VAR_DIR)
    try:
        logins = load_demo(lab.ports)
        print(_("Database: %(name)s") % {"name": settings.DATABASES["default"]["NAME"]})
        print(_("Demo logins (password for all: %(password)s):") % {"password": logins.password})
        for login in logins.users:
            print(f"  {login.username:<14} {login.role:<12} {login.display_name} — {login.organisation}")
        print(_("Demo lab (the only scan targets allowed): %(services)s") % {"services": lab.allow_list()})
        print(_("Emails are written to %(folder)s") % {"folder": settings.EMAIL_FILE_PATH})
        if args.no_serve:
            return 0
        serve_command.collect_static()
        if not args.no_task_worker:
            serve_command.start_task_worker()
        print(f"Cyberins: http://{args.host}:{args.port}/", flush=True)
        serve_command.serve(args.host, args.port, args.workers, args.threads, args.keepalive)
    finally:
        lab.stop()
    return 0

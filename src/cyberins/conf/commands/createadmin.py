"""``cyberins createadmin``: a platform administrator (superuser with the platform_admin role)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--username", default="admin")
    parser.add_argument("--email", default="")
    parser.add_argument(
        "--organisation",
        default="平台运营方",
        help="name of the platform operator organisation (created if missing)",
    )


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from cyberins.accounts.admin_setup import create_platform_admin

    password = os.environ.get("CYBERINS_ADMIN_PASSWORD") or getpass.getpass("Password: ")
    try:
        user = create_platform_admin(
            username=args.username, email=args.email, password=password, organisation_name=args.organisation
        )
    except ValidationError as exc:
        print(_("error: %(reason)s") % {"reason": " ".join(exc.messages)}, file=sys.stderr)
        return 2
    print(_("Platform administrator “%(username)s” is ready.") % {"username": user.username})
    return 0

"""Run in a subprocess by test_worker_recovery: queue a health check of one loopback address.

``python -m tests.healthchecks.worker_lab 127.0.0.1:PORT`` prints the new check's id.
"""

from __future__ import annotations

import sys
from datetime import timedelta


def main(address: str) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from django.utils import timezone

    from cyberins.accounts.demo import load_accounts
    from cyberins.accounts.models import User
    from cyberins.healthchecks.services import (
        do_declare_asset,
        do_record_authorisation,
        do_start_health_check,
    )

    load_accounts()
    applicant = User.objects.get(username="applicant")
    organisation = applicant.organisation
    assert organisation is not None
    asset = do_declare_asset(actor=applicant, organisation=organisation, name="slow", address=address)
    do_record_authorisation(
        actor=applicant,
        organisation=organisation,
        assets=[asset],
        authorised_by="赵磊",
        authorised_at=timezone.now() - timedelta(minutes=1),
    )
    check = do_start_health_check(actor=applicant, organisation=organisation, kind="pre_underwriting")
    print(check.pk)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

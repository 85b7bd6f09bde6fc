"""Each role's dashboard counts what waits for it, each count a link to the page where it is done."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cyberins.accounts.roles import Role
from cyberins.underwriting.models import ApplicationStatus
from tests import factories

pytestmark = pytest.mark.django_db


def _counts(html: str) -> dict[str, int]:
    found = re.findall(
        r'data-todo="([^"]+)"><a href="[^"]+">[^<]+</a> <span class="\w+" data-count="(\d+)"', html
    )
    return {url: int(count) for url, count in found}


def test_the_underwriter_sees_referrals_waiting_and_the_applicant_its_quote_and_instalment(
    page_as: Any,
) -> None:
    referred = factories.application(security_staff=0)
    assert referred.status == ApplicationStatus.REFERRED
    underwriter = factories.user(Role.UNDERWRITER, organisation=referred.insurer)
    other_insurer_underwriter = factories.user(Role.UNDERWRITER)
    board = page_as(underwriter).get("/dashboard/underwriter/").content.decode()
    assert _counts(board)["/applications/workbench/"] == 1
    assert (
        _counts(page_as(other_insurer_underwriter).get("/dashboard/underwriter/").content.decode())[
            "/applications/workbench/"
        ]
        == 0
    )

    policy = factories.bound_policy(instalments=2)
    applicant = policy.insured.users.get()
    factories.quote(applicant=applicant)
    counts = _counts(page_as(applicant).get("/dashboard/applicant/").content.decode())
    assert counts["/applications/"] == 1  # the new quote (the bound one is accepted)
    assert counts["/policies/"] == 2
    assert counts["/healthchecks/remediation/"] == 0
    assert counts["/notifications/"] >= 2  # policy issued and the quotes

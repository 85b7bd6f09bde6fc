"""The workbench shows the insured's previous claims (count, claimed, paid) to the insurer's underwriter,
and nothing of them to another insurer's."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client

from cyberins.accounts.roles import OrganisationKind, Role
from cyberins.claims.history import claims_overview, previous_claims
from cyberins.claims.services import do_approve, do_pay
from tests import factories as f
from tests.claims.conftest import case, incident_at  # noqa: F401  (the claims' fixture)
from tests.claims.test_assessment import T, assessed_claim


def test_the_underwriter_sees_the_previous_claims_with_their_amounts(case) -> None:  # noqa: F811
    claim = assessed_claim(case, incident_at(case, T), [("restoration", "30000", "30000", [])])
    do_approve(actor=case["approver"], claim=claim, now=T + timedelta(days=3))
    do_pay(
        actor=case["adjuster"],
        claim=claim,
        amount_paid="20000",
        idempotency_key="uw-h",
        now=T + timedelta(days=4),
    )
    renewal = f.application(
        applicant=case["applicant"], version=case["policy"].product_version, security_staff=0
    )

    underwriter = Client()
    underwriter.force_login(f.user(Role.UNDERWRITER, organisation=case["insurer"]))
    page = underwriter.get(f"/applications/workbench/{renewal.pk}/").content.decode()

    assert "以往理赔 (1)" in page
    assert f'href="/claims/{claim.pk}/">{claim.number}</a>' in page
    assert "出险 2026-09-01 · 索赔 ¥30,000.00 · 已付 ¥20,000.00" in page
    assert "1 笔理赔 · 索赔 ¥30,000.00 · 已付 ¥20,000.00" in page

    stranger = f.user(Role.UNDERWRITER, organisation=f.organisation(kind=OrganisationKind.INSURER))
    assert previous_claims(stranger, case["applicant"].organisation) == []
    assert claims_overview(stranger, case["applicant"].organisation) == ""

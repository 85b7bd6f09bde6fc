"""A paid policy (the seed's plan: every coverage at half the sum of ¥1,000,000, deductible ¥10,000,
12-hour BI waiting period, the 10% remediation warranty) with a ransomware incident answered by a
Shanghai provider; the insurer's claims handlers (with authority limits) and an outsider."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from cyberins.accounts.roles import OrganisationKind, Role
from cyberins.claims.models import HandlerAuthority
from cyberins.incidents.services import do_record_outage, do_report_incident
from cyberins.policies.models import Instalment
from cyberins.providers.models import Offer
from cyberins.providers.services import do_accept_offer
from tests import factories as f
from tests.providers.factories import make_provider, staff


def handler(insurer: Any, limit: str) -> Any:
    user = f.user(Role.CLAIMS_HANDLER, organisation=insurer)
    HandlerAuthority.objects.create(user=user, limit=Decimal(limit))
    return user


@pytest.fixture
def case(db: None) -> dict[str, Any]:
    insurer = f.organisation(kind=OrganisationKind.INSURER)
    applicant = f.user(Role.APPLICANT)
    policy = f.bound_policy(applicant=applicant, version=f.product(insurer=insurer))
    Instalment.objects.filter(policy=policy).update(status="paid", paid_at=timezone.now())
    provider = make_provider("沪应急安全", city="310100", services=("emergency_response",))
    stranger = f.user(Role.APPLICANT)
    return {
        "policy": policy,
        "applicant": applicant,
        "insurer": insurer,
        "provider": provider,
        "manager": staff(provider, f"mgr-{provider.pk}", Role.PROVIDER_MANAGER),
        "engineer": staff(provider, f"eng-{provider.pk}", Role.PROVIDER_ENGINEER),
        "adjuster": handler(insurer, "100000"),
        "approver": handler(insurer, "1000000"),
        "junior": handler(insurer, "50000"),
        "other_handler": handler(f.organisation(kind=OrganisationKind.INSURER), "1000000"),
        "stranger": stranger,
        "admin": f.user(Role.PLATFORM_ADMIN),
        "system": policy.systems[0]["name"],
    }


def incident_at(
    case: dict[str, Any], occurred: datetime, *, accept: bool = True, outages: list | None = None
):
    """A ransomware report on the case's policy, accepted by the provider, with outages (start, end)."""
    now = occurred + timedelta(hours=1)
    incident = do_report_incident(
        actor=case["applicant"],
        policy=case["policy"],
        summary="勒索软件加密了 ERP",
        affected_system=case["system"],
        occurred_at=occurred,
        discovered_at=occurred + timedelta(minutes=20),
        incident_class="MP",
        sub_class="ransomware",
        now=now,
    )
    if accept:
        offer = Offer.objects.get(engagement__incident=incident)
        do_accept_offer(actor=case["manager"], offer=offer, now=now)
    for start, end in outages or []:
        do_record_outage(
            actor=case["engineer"],
            incident=incident,
            system=case["system"],
            started_at=start,
            ended_at=end,
            now=now,
        )
    incident.refresh_from_db()
    return incident

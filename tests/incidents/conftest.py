"""A paid policy of an insured in Shanghai with the seed's plan, its insurer's hotline agent, and a
certified emergency-response provider in Shanghai."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from cyberins.accounts.roles import OrganisationKind, Role
from cyberins.policies.models import Instalment
from tests import factories as f
from tests.providers.factories import make_provider, staff


@pytest.fixture
def case(db: None) -> dict[str, Any]:
    insurer = f.organisation(kind=OrganisationKind.INSURER)
    applicant = f.user(Role.APPLICANT)
    policy = f.bound_policy(applicant=applicant, version=f.product(insurer=insurer))
    Instalment.objects.filter(policy=policy).update(status="paid", paid_at=timezone.now())
    provider = make_provider("沪应急安全", city="310100", services=("emergency_response",))
    other_provider = make_provider("沪二安全", city="310100", services=("fixed_inspection",))
    stranger = f.user(Role.APPLICANT)
    return {
        "policy": policy,
        "applicant": applicant,
        "insurer": insurer,
        "hotline": f.user(Role.HOTLINE_AGENT, organisation=insurer),
        "claims": f.user(Role.CLAIMS_HANDLER, organisation=insurer),
        "provider": provider,
        "manager": staff(provider, f"mgr-{provider.pk}", Role.PROVIDER_MANAGER),
        "engineer": staff(provider, f"eng-{provider.pk}", Role.PROVIDER_ENGINEER),
        "other_manager": staff(other_provider, f"mgr-{other_provider.pk}", Role.PROVIDER_MANAGER),
        "stranger": stranger,
        "stranger_policy": f.bound_policy(applicant=stranger),
        "admin": f.user(Role.PLATFORM_ADMIN),
        "system": policy.systems[0]["name"],
    }

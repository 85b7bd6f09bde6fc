"""The factories make what they promise, through the real services, without the demo data."""

from __future__ import annotations

from cyberins.accounts.models import Organisation
from cyberins.accounts.roles import OrganisationKind, Role
from cyberins.policies.models import PolicyStatus, ServiceOrderStatus
from cyberins.underwriting.models import ApplicationStatus, QuoteStatus
from tests import factories


def test_users_get_an_organisation_of_their_role_s_kind(db) -> None:
    engineer = factories.user(Role.PROVIDER_ENGINEER)
    colleague = factories.user(Role.PROVIDER_MANAGER, organisation=engineer.organisation)

    assert engineer.organisation.kind == OrganisationKind.PROVIDER
    assert colleague.organisation == engineer.organisation
    assert engineer.username != colleague.username
    assert Organisation.objects.count() == 1


def test_a_bound_policy_is_what_the_journey_produces(db) -> None:
    policy = factories.bound_policy(instalments=2)

    assert policy.status == PolicyStatus.ISSUED
    assert policy.application.status == ApplicationStatus.BOUND
    assert policy.quote.status == QuoteStatus.ACCEPTED
    assert policy.instalments.count() == 2
    assert sorted(policy.service_orders.values_list("service__code", "status")) == [
        ("fixed_inspection", ServiceOrderStatus.SCHEDULED),
        ("vulnerability_scan", ServiceOrderStatus.SCHEDULED),
    ]


def test_a_referred_application_and_a_finished_health_check(db) -> None:
    referred = factories.application(security_staff=0)
    check = factories.health_check(grade="D", score=45)

    assert referred.status == ApplicationStatus.REFERRED
    assert (check.is_finished, check.grade, check.organisation.kind) == (True, "D", OrganisationKind.INSURED)

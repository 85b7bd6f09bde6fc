"""Factories for the provider network's tests (the demo loader is for the demo, not for counts)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from cyberins.accounts.models import Organisation, User
from cyberins.accounts.roles import OrganisationKind, Role
from cyberins.network import CITIES, credit_code_check_char
from cyberins.providers.demo import load_price_book
from cyberins.providers.models import Certification, Engineer, ProviderProfile, ServedRegion

_seq = itertools.count(1)


def credit_code(n: int) -> str:
    first17 = f"91310000MA{n:05d}Q1"
    return first17 + credit_code_check_char(first17)


def make_provider(
    name: str,
    *,
    city: str = "310100",
    services: tuple[str, ...] = ("emergency_response", "fixed_inspection"),
    capacity: int = 2,
    remote: bool = False,
    cert_until: date | None = None,
    certified: bool = True,
) -> ProviderProfile:
    n = next(_seq)
    items = load_price_book()
    org = Organisation.objects.create(kind=OrganisationKind.PROVIDER, name=name, short_name=name[:10])
    profile = ProviderProfile.objects.create(
        organisation=org,
        legal_name=name,
        credit_code=credit_code(n),
        hotline="400-000-0000",
        capacity=capacity,
        remote=remote,
    )
    profile.services.set([items[s] for s in services])
    ServedRegion.objects.create(provider=profile, province=CITIES[city].province_code, city=city)
    if certified:
        Certification.objects.create(
            provider=profile,
            issuer="CCRC",
            name="信息安全服务资质",
            level="一级",
            valid_from=date(2024, 1, 1),
            valid_until=cert_until or date.today() + timedelta(days=365),  # noqa: DTZ011
        )
    return profile


def staff(profile: ProviderProfile, username: str, role: str) -> User:
    user = User.objects.create_user(username=username, password="x", organisation=profile.organisation)
    user.roles = [role]
    user.save(update_fields=["roles"])
    if role == Role.PROVIDER_ENGINEER:
        Engineer.objects.create(user=user, provider=profile, skills=["fixed_inspection"])
    return user

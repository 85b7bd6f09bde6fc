"""Registry and price book: credit codes as field errors, prices versioned by date, new policies only."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from cyberins.accounts.errors import DomainError, Forbidden
from cyberins.accounts.models import Organisation
from cyberins.accounts.roles import Role
from cyberins.providers.demo import load_price_book, load_providers
from cyberins.providers.models import Certification, PriceBookEntry, ProviderProfile
from cyberins.providers.services import do_register_provider, do_set_price
from tests.providers.factories import credit_code, make_provider, staff

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


@pytest.fixture
def provider_org(db) -> Organisation:
    return Organisation.objects.create(kind="provider", name="新注册安全公司")


def register(admin, org, code: str) -> ProviderProfile:
    return do_register_provider(
        actor=admin, organisation=org, legal_name="新注册安全公司", credit_code=code, hotline="400-1",
        capacity=2, services=["emergency_response"], regions=[("330000", "330100")],
    )  # fmt: skip


def test_register_validates_the_credit_code(demo, provider_org) -> None:
    load_price_book()
    for bad in ("91350100M000100Y44", "123"):
        with pytest.raises(DomainError) as exc:
            register(demo["admin"], provider_org, bad)
        assert (exc.value.code, exc.value.field) == ("providers.invalid_credit_code", "credit_code")
    assert not ProviderProfile.objects.exists()
    profile = register(demo["admin"], provider_org, " 91350100m000100y43")
    assert profile.credit_code == "91350100M000100Y43"
    assert [r.city for r in profile.regions.all()] == ["330100"]
    other = Organisation.objects.create(kind="provider", name="另一家")
    with pytest.raises(DomainError) as exc:
        register(demo["admin"], other, "91350100M000100Y43")
    assert (exc.value.code, exc.value.field) == ("providers.credit_code_taken", "credit_code")


def test_only_provider_organisations_register(demo) -> None:
    load_price_book()
    insured = Organisation.objects.get(short_name="远海航运")
    with pytest.raises(DomainError) as exc:
        register(demo["admin"], insured, credit_code(900))
    assert exc.value.field == "organisation"
    with pytest.raises(Forbidden):
        register(demo["provider"], Organisation.objects.create(kind="provider", name="x"), credit_code(901))


def test_price_must_be_positive(demo) -> None:
    item = load_price_book()["fixed_inspection"]
    for bad in ("0", "-1", "abc", "1.001", "NaN"):
        with pytest.raises(DomainError) as exc:
            do_set_price(
                actor=demo["admin"], item=item, unit_price=bad, valid_from=date(2026, 12, 1), now=NOW
            )
        assert (exc.value.code, exc.value.field) == ("providers.invalid_price", "unit_price")
    assert PriceBookEntry.objects.filter(item=item).count() == 1


def test_new_price_closes_the_old_one(demo) -> None:
    item = load_price_book()["fixed_inspection"]
    do_set_price(actor=demo["admin"], item=item, unit_price="9000", valid_from=date(2026, 12, 1), now=NOW)
    item.refresh_from_db()
    assert item.price_on(date(2026, 11, 30)).unit_price == Decimal("8000.00")
    assert item.price_on(date(2026, 12, 1)).unit_price == Decimal("9000.00")
    old = PriceBookEntry.objects.get(item=item, valid_from=date(2024, 1, 1))
    assert old.valid_until == date(2026, 11, 30)
    with pytest.raises(DomainError) as exc:
        do_set_price(actor=demo["admin"], item=item, unit_price="1", valid_from=date(2026, 11, 1), now=NOW)
    assert exc.value.field == "valid_from"


def test_provider_manager_sets_its_own_rate_only(demo) -> None:
    item = load_price_book()["fixed_inspection"]
    mine, theirs = make_provider("甲"), make_provider("乙")
    manager = staff(mine, "mgr_a", Role.PROVIDER_MANAGER)
    entry = do_set_price(
        actor=manager, item=item, unit_price="7000", valid_from=date(2026, 11, 27), provider=mine, now=NOW
    )
    assert entry.provider == mine
    assert item.price_on(date(2026, 11, 27)).unit_price == Decimal("8000.00")  # the standard is untouched
    from cyberins.accounts.errors import NotFound

    with pytest.raises(NotFound):
        do_set_price(
            actor=manager, item=item, unit_price="1", valid_from=NOW.date(), provider=theirs, now=NOW
        )
    with pytest.raises(Forbidden):
        do_set_price(actor=manager, item=item, unit_price="1", valid_from=NOW.date(), now=NOW)


def test_demo_network(db) -> None:
    today = date(2026, 11, 27)
    profiles = load_providers(today=today)
    assert len(profiles) >= 20
    provinces = {r.province for p in profiles for r in p.regions.all()}
    assert len(provinces) == 9
    assert Certification.objects.filter(valid_until__lt=today).values("provider").distinct().count() == 1
    soon = Certification.objects.filter(valid_until__gte=today, valid_until__lte=today + timedelta(days=60))
    assert soon.values("provider").distinct().count() >= 2
    assert {c.level for c in Certification.objects.all()} >= {"一级", "二级", "三级"}
    assert load_providers(today=today) == profiles  # idempotent

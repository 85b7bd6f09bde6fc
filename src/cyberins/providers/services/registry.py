"""The provider registry (registration, profile, certifications) and the price book."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, NotFound
from cyberins.accounts.models import Organisation, User
from cyberins.accounts.roles import OrganisationKind, Role
from cyberins.accounts.scoping import require_role, sees_everything
from cyberins.network import CITIES, PROVINCES, CreditCodeError, validate_credit_code
from cyberins.providers.errors import ProviderErrorCode as E
from cyberins.providers.models import (
    Certification,
    PriceBookEntry,
    ProviderProfile,
    ServedRegion,
    ServiceItem,
)
from cyberins.terms import local_date

MAX_PRICE = Decimal(10) ** 10

# ---------------------------------------------------------------------------------------------------
# Registry


def check_credit_code(raw: str, *, exclude_pk: int | None = None) -> str:
    try:
        code = validate_credit_code(raw)
    except CreditCodeError as exc:
        raise DomainError(
            E.INVALID_CREDIT_CODE,
            _("Enter a valid unified social credit code (18 characters, GB 32100-2015)."),
            field="credit_code",
        ) from exc
    taken = ProviderProfile.objects.filter(credit_code=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(
            E.CREDIT_CODE_TAKEN,
            _("A provider with this credit code is already registered."),
            field="credit_code",
        )
    return code


def _capacity(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if not 1 <= number <= 1000:
        raise DomainError(E.INVALID_CAPACITY, _("Enter a capacity from 1 to 1000."), field="capacity")
    return number


def _services(codes: Iterable[str]) -> list[ServiceItem]:
    wanted = set(codes)
    found = list(ServiceItem.objects.filter(code__in=wanted))
    if len(found) != len(wanted):
        raise DomainError(E.UNKNOWN_SERVICE, _("Unknown service."), field="services")
    return found


def check_regions(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for province, city in pairs:
        if province not in PROVINCES or (
            city and (city not in CITIES or CITIES[city].province_code != province)
        ):
            raise DomainError(E.INVALID_REGION, _("Unknown province or city."), field="regions")
        out.append((province, city))
    return out


@audited
def do_register_provider(
    *,
    actor: User,
    organisation: Organisation,
    legal_name: str,
    credit_code: str,
    hotline: str,
    capacity: Any,
    remote: bool = False,
    services: Iterable[str] = (),
    regions: Iterable[tuple[str, str]] = (),
) -> ProviderProfile:
    require_role(actor, Role.PLATFORM_ADMIN)
    if organisation.kind != OrganisationKind.PROVIDER:
        raise DomainError(
            E.NOT_A_PROVIDER, _("The organisation is not a service provider."), field="organisation"
        )
    code = check_credit_code(credit_code)
    items, places = _services(services), check_regions(regions)
    profile = ProviderProfile.objects.create(
        organisation=organisation,
        legal_name=legal_name.strip() or organisation.name,
        credit_code=code,
        hotline=hotline.strip(),
        capacity=_capacity(capacity),
        remote=remote,
    )
    profile.services.set(items)
    ServedRegion.objects.bulk_create(ServedRegion(provider=profile, province=p, city=c) for p, c in places)
    record_change(
        actor=actor,
        obj=profile,
        action="provider.register",
        after={"credit_code": code, "services": sorted(i.code for i in items), "regions": places},
    )
    return profile


def _own_profile(actor: User, profile: ProviderProfile) -> None:
    if not sees_everything(actor) and profile.organisation_id != actor.organisation_id:
        raise NotFound()


@audited
def do_update_profile(
    *, actor: User, profile: ProviderProfile, hotline: str, capacity: Any, remote: bool
) -> ProviderProfile:
    require_role(actor, Role.PROVIDER_MANAGER)
    _own_profile(actor, profile)
    before = {"hotline": profile.hotline, "capacity": profile.capacity, "remote": profile.remote}
    profile.capacity, profile.hotline, profile.remote = _capacity(capacity), hotline.strip(), bool(remote)
    profile.save(update_fields=["capacity", "hotline", "remote"])
    after = {"hotline": profile.hotline, "capacity": profile.capacity, "remote": profile.remote}
    record_change(actor=actor, obj=profile, action="provider.update", before=before, after=after)
    return profile


@audited
def do_add_certification(
    *,
    actor: User,
    profile: ProviderProfile,
    issuer: str,
    name: str,
    level: str = "",
    scope: str = "",
    number: str = "",
    covers: Iterable[str] = (),
    valid_from: date,
    valid_until: date | None,
) -> Certification:
    require_role(actor, Role.PROVIDER_MANAGER)
    _own_profile(actor, profile)
    if valid_until is not None and valid_until < valid_from:
        raise DomainError(E.INVALID_DATE, _("The certificate must end after it starts."), field="valid_until")
    codes = sorted(i.code for i in _services(covers))
    cert = Certification.objects.create(
        provider=profile, issuer=issuer, name=name, level=level, scope=scope, number=number, covers=codes,
        valid_from=valid_from, valid_until=valid_until,
    )  # fmt: skip
    record_change(
        actor=actor, obj=cert, action="certification.add", after={"name": str(cert), "until": valid_until}
    )
    return cert


# ---------------------------------------------------------------------------------------------------
# Price book


def parse_price(raw: Any) -> Decimal:
    try:
        price = Decimal(str(raw).strip())
    except InvalidOperation:
        price = Decimal("NaN")
    if not price.is_finite() or not 0 < price < MAX_PRICE or price != price.quantize(Decimal("0.01")):
        raise DomainError(E.INVALID_PRICE, _("Enter a price above zero in yuan and fen."), field="unit_price")
    return price


@audited
def do_set_price(
    *,
    actor: User,
    item: ServiceItem,
    unit_price: Any,
    valid_from: date,
    provider: ProviderProfile | None = None,
    now: datetime,
) -> PriceBookEntry:
    """A new price from ``valid_from`` (today or later): the standard price (platform administrator) or a
    provider's own rate (its manager). The previous entry ends the day before; policies already bound keep
    the price they were bound at."""
    if provider is None:
        require_role(actor, Role.PLATFORM_ADMIN)
    else:
        require_role(actor, Role.PROVIDER_MANAGER)
        _own_profile(actor, provider)
    price = parse_price(unit_price)
    if valid_from < local_date(now):
        raise DomainError(E.INVALID_DATE, _("A new price cannot start in the past."), field="valid_from")
    entries = PriceBookEntry.objects.select_for_update(of=("self",)).filter(item=item, provider=provider)
    current = entries.filter(valid_from=valid_from).first()
    before = {"unit_price": current.unit_price} if current else None
    if current is None:
        for previous in entries.filter(valid_from__lt=valid_from):
            if previous.valid_until is None or previous.valid_until >= valid_from:
                previous.valid_until = valid_from - timedelta(days=1)
                previous.save(update_fields=["valid_until"])
        later = entries.filter(valid_from__gt=valid_from).order_by("valid_from").first()
        current = PriceBookEntry.objects.create(
            item=item,
            provider=provider,
            unit_price=price,
            valid_from=valid_from,
            valid_until=later.valid_from - timedelta(days=1) if later else None,
        )
    else:
        current.unit_price = price
        current.save(update_fields=["unit_price"])
    record_change(
        actor=actor,
        obj=current,
        action="price_book.set",
        before=before,
        after={"item": item.code, "unit_price": price, "valid_from": valid_from},
        now=now,
    )
    return current

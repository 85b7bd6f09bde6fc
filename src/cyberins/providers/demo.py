"""Demo data of the provider network: the price book (always) and fictional providers."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from cyberins.providers.catalogue import CATALOGUE, PRICE_BOOK_FROM
from cyberins.providers.models import PriceBookEntry, ServiceItem


@transaction.atomic
def load_price_book() -> dict[str, ServiceItem]:
    items = {}
    for code, name, name_en, unit, price, remote, minutes, days in CATALOGUE:
        items[code], _ = ServiceItem.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "unit": unit,
                "remote_allowed": remote,
                "accept_within_minutes": minutes,
                "accept_within_working_days": days,
            },
        )
        PriceBookEntry.objects.get_or_create(
            item=items[code],
            provider=None,
            valid_from=PRICE_BOOK_FROM,
            defaults={"unit_price": Decimal(price)},
        )
    return items

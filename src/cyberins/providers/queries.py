"""Scoped reads of the provider network (another organisation's record answers 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from cyberins.accounts.errors import NotFound
from cyberins.accounts.scoping import get_visible, visible
from cyberins.providers.models import Engagement, Offer, PriceBookEntry, ProviderProfile


def providers(user: Any) -> QuerySet[ProviderProfile]:
    return visible(
        user,
        ProviderProfile.objects.select_related("organisation").prefetch_related(
            "services", "regions", "certifications"
        ),
    )


def provider(user: Any, pk: int) -> ProviderProfile:
    return get_visible(user, providers(user), pk=pk)


def own_profile(user: Any) -> ProviderProfile:
    found = providers(user).filter(organisation_id=user.organisation_id).first()
    if found is None:
        raise NotFound()
    return found


def offers(user: Any) -> QuerySet[Offer]:
    return visible(user, Offer.objects.select_related("engagement__service", "provider"))


def offer(user: Any, pk: int) -> Offer:
    return get_visible(user, offers(user), pk=pk)


def engagements(user: Any) -> QuerySet[Engagement]:
    return visible(
        user, Engagement.objects.select_related("service", "provider", "engineer", "client", "insurer")
    )


def engagement(user: Any, pk: int) -> Engagement:
    return get_visible(user, engagements(user), pk=pk)


def price_book(user: Any) -> QuerySet[PriceBookEntry]:
    """The standard prices (everyone) and the user's own provider's rates."""
    own = visible(user, PriceBookEntry.objects.filter(provider__isnull=False)).values("pk")
    return (
        PriceBookEntry.objects.select_related("item", "provider")
        .filter(Q(provider__isnull=True) | Q(pk__in=own))
        .order_by("item__code", "provider_id", "-valid_from")
    )

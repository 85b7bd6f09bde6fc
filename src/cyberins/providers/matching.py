"""The network as the pure matcher sees it: provider rows → :class:`cyberins.network.Candidate`."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q, QuerySet

from cyberins.network import (
    CITIES,
    Assessment,
    Candidate,
    Certificate,
    Gap,
    Need,
    RegionServed,
    find_gaps,
    match,
)
from cyberins.providers.models import ACTIVE_STATUSES, Engagement, ProviderProfile, ServiceItem
from cyberins.terms import local_date


def network() -> QuerySet[ProviderProfile]:
    """Active providers with what matching needs, load and SLA record counted in the same query."""
    done = Q(engagements__completed_at__isnull=False)
    return (
        ProviderProfile.objects.filter(organisation__is_active=True)
        .prefetch_related("services", "regions", "certifications", "prices__item")
        .annotate(
            load=Count("engagements", filter=Q(engagements__status__in=ACTIVE_STATUSES)),
            completed=Count("engagements", filter=done),
            on_time=Count(
                "engagements", filter=done & Q(engagements__completed_at__lte=F("engagements__needed_by"))
            ),
        )
        .order_by("legal_name")
    )


def candidate(profile: ProviderProfile, on: date) -> Candidate:
    prices = {}
    for entry in profile.prices.all():
        if entry.valid_from <= on and (entry.valid_until is None or on <= entry.valid_until):
            prices[entry.item.code] = entry.unit_price
    return Candidate(
        id=profile.pk,
        name=profile.legal_name,
        services=frozenset(s.code for s in profile.services.all()),
        regions=tuple(RegionServed(r.province, r.city) for r in profile.regions.all()),
        remote=profile.remote,
        certificates=tuple(
            Certificate(
                f"{c.issuer} {c.name} {c.level}".strip(), c.valid_from, c.valid_until, frozenset(c.covers)
            )
            for c in profile.certifications.all()
        ),
        capacity=profile.capacity,
        load=getattr(profile, "load", 0),
        on_time=getattr(profile, "on_time", 0),
        completed=getattr(profile, "completed", 0),
        prices=prices,
    )


def candidates(on: date) -> list[Candidate]:
    return [candidate(p, on) for p in network()]


def need_for(engagement: Engagement) -> Need:
    return need(engagement.service, engagement.province, engagement.city, local_date(engagement.needed_by))


def need(service: ServiceItem, province: str, city: str, on: date) -> Need:
    standard = service.price_on(on)
    return Need(
        service=service.code,
        province=province,
        city=city,
        needed_by=on,
        remote_allowed=service.remote_allowed,
        standard_price=standard.unit_price if standard else None,
    )


def ranking(service: ServiceItem, province: str, city: str, on: date) -> list[Assessment]:
    """Every provider assessed for the need, eligible ones ranked first (the operator's view)."""
    return match(candidates(on), need(service, province, city, on))


def gaps(on: date) -> list[Gap]:
    """Each city × service of the network's regions with no eligible certified provider on ``on``."""
    services = {s.code: s.remote_allowed for s in ServiceItem.objects.all()}
    regions = [(c.province_code, c.code) for c in CITIES.values()]
    return find_gaps(candidates(on), regions=regions, services=services, on=on)

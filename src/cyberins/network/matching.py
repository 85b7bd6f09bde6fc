"""Matching a need for a service to the designated providers (定点服务单位).

A provider is *eligible* for a need when all four hold:

1. it offers the service;
2. it serves the need's city or province, or it works remotely and the service may be delivered remotely;
3. it holds a certification covering the service that is valid on the date the service is needed;
4. it has a free engagement slot (current load below its on-call capacity).

Eligible providers are ranked, best first, by

1. SLA record, in tiers (:func:`sla_tier`) so that a 0.1 % difference does not outweigh distance;
2. proximity: same city, then same province, then remote;
3. current load as a share of capacity (the less busy first);
4. price of the service (the cheaper first); then name, for a stable order.

Every candidate comes back with the reasons it is eligible or not, so the operator sees the ranking.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import IntEnum


class Proximity(IntEnum):
    SAME_CITY = 0
    SAME_PROVINCE = 1
    REMOTE = 2
    NONE = 3


@dataclass(frozen=True)
class RegionServed:
    province: str  # GB/T 2260 province code, e.g. "310000"
    city: str = ""  # city code; empty: the whole province


@dataclass(frozen=True)
class Certificate:
    name: str
    valid_from: date
    valid_until: date | None = None  # None: no expiry
    services: frozenset[str] = frozenset()  # empty: covers every service the provider offers

    def covers(self, service: str) -> bool:
        return not self.services or service in self.services

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    services: frozenset[str]
    regions: tuple[RegionServed, ...] = ()
    remote: bool = False
    certificates: tuple[Certificate, ...] = ()
    capacity: int = 1
    load: int = 0
    on_time: int = 0  # orders completed on time …
    completed: int = 0  # … out of orders completed (the SLA record)
    prices: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Need:
    service: str
    province: str
    city: str = ""
    needed_by: date | None = None  # certification must be valid on this day
    remote_allowed: bool = False
    standard_price: Decimal | None = None  # used for a provider without its own price


@dataclass(frozen=True)
class Reason:
    code: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class Assessment:
    candidate: Candidate
    eligible: bool
    reasons: tuple[Reason, ...]
    proximity: Proximity
    sla: float
    tier: int
    load_share: float
    price: Decimal | None
    rank: int | None = None  # 1 = best; None when not eligible

    @property
    def failed(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if not r.ok)


def sla_score(on_time: int, completed: int) -> float:
    """Share of orders completed on time, with one success and one failure assumed before the record
    starts (Laplace), so a new provider scores 0.5 and one perfect order does not beat a long record."""
    return (on_time + 1) / (completed + 2)


def sla_tier(score: float) -> int:
    """0 (best) to 3: ≥ 0.9, ≥ 0.75, ≥ 0.5, below."""
    for tier, floor in enumerate((0.9, 0.75, 0.5)):
        if score >= floor:
            return tier
    return 3


def _proximity(candidate: Candidate, need: Need) -> Proximity:
    best = Proximity.NONE
    for region in candidate.regions:
        if region.province != need.province:
            continue
        if need.city and region.city == need.city:
            return Proximity.SAME_CITY
        best = Proximity.SAME_PROVINCE  # the whole province, or another city in it
    if best == Proximity.NONE and candidate.remote and need.remote_allowed:
        return Proximity.REMOTE
    return best


def assess(candidate: Candidate, need: Need, *, ignore_capacity: bool = False) -> Assessment:
    reasons: list[Reason] = []
    offers = need.service in candidate.services
    reasons.append(Reason("offers_service", True) if offers else Reason("service_not_offered", False))

    proximity = _proximity(candidate, need)
    if proximity == Proximity.SAME_CITY:
        reasons.append(Reason("serves_city", True, need.city or need.province))
    elif proximity == Proximity.SAME_PROVINCE:
        reasons.append(Reason("serves_province", True, need.province))
    elif proximity == Proximity.REMOTE:
        reasons.append(Reason("remote_service", True))
    elif candidate.remote and not need.remote_allowed:
        reasons.append(Reason("remote_not_allowed", False, need.service))
    else:
        reasons.append(Reason("region_not_served", False, need.city or need.province))

    day = need.needed_by
    covering = [c for c in candidate.certificates if c.covers(need.service)]
    valid = [c for c in covering if day is None or c.valid_on(day)]
    if valid:
        reasons.append(Reason("certified", True, valid[0].name))
    elif covering:
        expired = max(covering, key=lambda c: c.valid_until or date.max)
        until = expired.valid_until.isoformat() if expired.valid_until else ""
        code = (
            "certificate_expired"
            if expired.valid_until and day and day > expired.valid_until
            else ("certificate_not_yet_valid")
        )
        reasons.append(Reason(code, False, f"{expired.name} {until}".strip()))
    else:
        reasons.append(Reason("not_certified", False, need.service))

    free = candidate.load < candidate.capacity
    if free:
        reasons.append(Reason("capacity_free", True, f"{candidate.load}/{candidate.capacity}"))
    elif not ignore_capacity:
        reasons.append(Reason("at_capacity", False, f"{candidate.load}/{candidate.capacity}"))

    score = sla_score(candidate.on_time, candidate.completed)
    price = candidate.prices.get(need.service, need.standard_price)
    return Assessment(
        candidate=candidate,
        eligible=all(r.ok for r in reasons),
        reasons=tuple(reasons),
        proximity=proximity,
        sla=score,
        tier=sla_tier(score),
        load_share=candidate.load / candidate.capacity if candidate.capacity > 0 else 1.0,
        price=price,
    )


def _key(a: Assessment) -> tuple[int, int, float, Decimal, str, int]:
    price = a.price if a.price is not None else Decimal("Infinity")
    return (a.tier, int(a.proximity), a.load_share, price, a.candidate.name, a.candidate.id)


def match(candidates: Iterable[Candidate], need: Need, *, exclude: Iterable[int] = ()) -> list[Assessment]:
    """Every candidate assessed for ``need``: the eligible ones ranked first (``rank`` 1, 2, …), then the
    ineligible ones with their reasons. Candidates in ``exclude`` (already offered) are left out."""
    skip = set(exclude)
    assessed = [assess(c, need) for c in candidates if c.id not in skip]
    eligible = sorted((a for a in assessed if a.eligible), key=_key)
    ranked = [Assessment(**{**a.__dict__, "rank": i}) for i, a in enumerate(eligible, start=1)]
    rest = sorted((a for a in assessed if not a.eligible), key=lambda a: (a.candidate.name, a.candidate.id))
    return ranked + rest


@dataclass(frozen=True)
class Gap:
    province: str
    city: str
    service: str
    reasons: Mapping[str, int]  # failure code → how many providers failed on it


def find_gaps(
    candidates: Sequence[Candidate],
    *,
    regions: Iterable[tuple[str, str]],
    services: Mapping[str, bool],
    on: date,
) -> list[Gap]:
    """Each (province, city) × service for which no provider is eligible on ``on``, capacity aside
    (a full provider is a momentary shortage, not a gap in the network). ``services`` maps each service
    code to whether it may be delivered remotely."""
    gaps = []
    for province_code, city_code in regions:
        for service, remote_allowed in services.items():
            need = Need(service, province_code, city_code, on, remote_allowed)
            counts: dict[str, int] = {}
            found = False
            for c in candidates:
                a = assess(c, need, ignore_capacity=True)
                if a.eligible:
                    found = True
                    break
                for r in a.failed:
                    counts[r.code] = counts.get(r.code, 0) + 1
            if not found:
                gaps.append(Gap(province_code, city_code, service, counts))
    return gaps

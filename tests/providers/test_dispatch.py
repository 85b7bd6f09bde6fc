"""Dispatch: an engagement is offered to the best match; time-out and decline pass it on, the operator can
override, and refusals (capacity, deadline, another provider's offer) change nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cyberins.accounts.errors import DomainError, InvalidState, NotFound
from cyberins.accounts.models import AuditRecord, Organisation
from cyberins.accounts.roles import Role
from cyberins.providers.models import Engagement, EngagementStatus, Offer, OfferStatus, ServiceItem
from cyberins.providers.scheduled import offer_timeouts
from cyberins.providers.services import (
    do_accept_offer,
    do_assign_manually,
    do_decline_offer,
    do_open_engagement,
)
from tests.providers.factories import make_provider, staff

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # Friday 10:00 in Shanghai


@pytest.fixture
def network(db):
    near = make_provider("沪一安全", city="310100")
    second = make_provider("沪二安全", city="310100", capacity=1)
    expired = make_provider("沪三安全", city="310100", cert_until=date(2026, 10, 1))
    return {
        "near": near,
        "second": second,
        "expired": expired,
        "near_mgr": staff(near, "near_mgr", Role.PROVIDER_MANAGER),
        "second_mgr": staff(second, "second_mgr", Role.PROVIDER_MANAGER),
    }


def open_emergency(now=NOW, service="emergency_response") -> Engagement:
    client = Organisation.objects.create(kind="insured", name=f"客户{now.timestamp()}{service}")
    return do_open_engagement(
        actor=None,
        kind="incident",
        reference="INC-1",
        service=ServiceItem.objects.get(code=service),
        province="310000",
        city="310100",
        needed_by=now + timedelta(hours=24),
        client=client,
        now=now,
    )


def pending(engagement: Engagement) -> Offer:
    return engagement.offers.get(status=OfferStatus.PENDING)


def test_best_match_gets_an_offer_with_the_service_deadline(network) -> None:
    engagement = open_emergency()
    offer = pending(engagement)
    # Same SLA tier and proximity: the idle provider with the larger capacity (load share 0 both) → by price,
    # then name; 沪一 sorts before 沪二. The expired one is never offered.
    assert offer.provider == network["near"]
    assert offer.rank == 1
    assert offer.deadline == NOW + timedelta(minutes=30)
    assert {r["code"] for r in offer.reasons} >= {
        "offers_service",
        "serves_city",
        "certified",
        "capacity_free",
    }


def test_inspection_offer_stays_open_two_working_days(network) -> None:
    engagement = open_emergency(service="fixed_inspection")
    assert pending(engagement).deadline == datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # Friday → Tuesday


def test_time_out_passes_the_offer_to_the_next_candidate_then_unfilled(network) -> None:
    engagement = open_emergency()
    first = pending(engagement)
    assert offer_timeouts(now=NOW + timedelta(minutes=29)) == 0
    assert offer_timeouts(now=NOW + timedelta(minutes=31)) == 1
    first.refresh_from_db()
    assert first.status == OfferStatus.EXPIRED
    second = pending(engagement)
    assert second.provider == network["second"]
    assert second.deadline == NOW + timedelta(minutes=61)
    assert offer_timeouts(now=NOW + timedelta(minutes=31)) == 0  # idempotent
    assert offer_timeouts(now=NOW + timedelta(minutes=62)) == 1
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.UNFILLED  # the expired-certificate provider is not eligible
    assert [o.status for o in engagement.offers.order_by("offered_at")] == ["expired", "expired"]
    assert AuditRecord.objects.filter(action="offer.expire").count() == 2


def test_decline_with_reason_offers_the_next(network) -> None:
    engagement = open_emergency()
    offer = pending(engagement)
    with pytest.raises(DomainError) as exc:
        do_decline_offer(actor=network["near_mgr"], offer=offer, reason=" ", now=NOW)
    assert exc.value.field == "reason"
    do_decline_offer(
        actor=network["near_mgr"], offer=offer, reason="团队在外地", now=NOW + timedelta(minutes=5)
    )
    offer.refresh_from_db()
    assert (offer.status, offer.reason, offer.answered_by) == ("declined", "团队在外地", network["near_mgr"])
    assert pending(engagement).provider == network["second"]


def test_accept_binds_the_provider_at_its_price(network) -> None:
    engagement = open_emergency()
    do_accept_offer(actor=network["near_mgr"], offer=pending(engagement), now=NOW + timedelta(minutes=3))
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.ACCEPTED
    assert engagement.provider == network["near"]
    assert engagement.unit_price == 15000


def test_accept_after_the_deadline_is_refused_and_changes_nothing(network) -> None:
    engagement = open_emergency()
    offer = pending(engagement)
    with pytest.raises(InvalidState) as exc:
        do_accept_offer(actor=network["near_mgr"], offer=offer, now=NOW + timedelta(minutes=31))
    assert exc.value.code == "providers.offer_expired"
    offer.refresh_from_db()
    engagement.refresh_from_db()
    assert (offer.status, engagement.status, engagement.provider) == ("pending", "offered", None)


def test_accept_beyond_capacity_is_refused(network) -> None:
    first = open_emergency()
    do_decline_offer(actor=network["near_mgr"], offer=pending(first), reason="忙", now=NOW)
    do_accept_offer(actor=network["second_mgr"], offer=pending(first), now=NOW)  # second's one slot
    later = NOW + timedelta(minutes=1)
    other = open_emergency(now=later)
    do_decline_offer(actor=network["near_mgr"], offer=pending(other), reason="忙", now=later)
    # The matcher no longer offers a full provider …
    other.refresh_from_db()
    assert other.status == EngagementStatus.UNFILLED
    # … and an offer made before it filled up cannot be accepted beyond capacity.
    stale = Offer.objects.create(
        engagement=other, provider=network["second"], offered_at=later, deadline=later + timedelta(minutes=30)
    )
    with pytest.raises(InvalidState) as exc:
        do_accept_offer(actor=network["second_mgr"], offer=stale, now=later)
    assert exc.value.code == "providers.over_capacity"
    stale.refresh_from_db()
    assert stale.status == OfferStatus.PENDING


def test_another_providers_offer_is_not_found(network) -> None:
    offer = pending(open_emergency())
    with pytest.raises(NotFound):
        do_accept_offer(actor=network["second_mgr"], offer=offer, now=NOW)
    with pytest.raises(NotFound):
        do_decline_offer(actor=network["second_mgr"], offer=offer, reason="x", now=NOW)


def test_operator_assigns_by_hand(network, demo) -> None:
    engagement = open_emergency()
    first = pending(engagement)
    offer = do_assign_manually(
        actor=demo["admin"], engagement=engagement, provider=network["expired"], reason="客户指定", now=NOW
    )
    first.refresh_from_db()
    engagement.refresh_from_db()
    assert first.status == OfferStatus.WITHDRAWN
    assert (offer.manual, offer.status) == (True, OfferStatus.ACCEPTED)
    assert (engagement.status, engagement.provider) == (EngagementStatus.ACCEPTED, network["expired"])
    with pytest.raises(InvalidState):
        do_assign_manually(
            actor=demo["admin"], engagement=engagement, provider=network["near"], reason="again", now=NOW
        )

"""Service orders generated on bind are dispatched to the provider network before they are due, follow
their engagement, and keep the price of their bind date."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cyberins.accounts.roles import Role
from cyberins.policies.dispatch import dispatch_due_orders
from cyberins.policies.models import Policy, ServiceOrder, ServiceOrderStatus
from cyberins.providers.models import EngagementStatus
from cyberins.providers.services import (
    do_accept_offer,
    do_assign_engineer,
    do_complete,
    do_set_price,
    do_upload_report,
)
from cyberins.terms import local_date
from tests.journey import answers
from tests.providers.factories import make_provider, staff


def bind(api_as, user, version) -> Policy:
    client = api_as(user)
    created = client.post(
        "/api/applications",
        {"product_version": version.pk, "answers": answers(security_staff=3), "submit": True},
    ).json()
    first_day = (local_date(timezone.now()) + timedelta(days=1)).isoformat()
    bound = client.post(f"/api/quotes/{created['quote']['id']}/bind", {"plan": "A", "first_day": first_day})
    assert bound.status_code == 201, bound.content
    return Policy.objects.get(number=bound.json()["number"])


@pytest.fixture
def hangzhou(db):
    provider = make_provider("杭州检测", city="330100", services=("fixed_inspection", "vulnerability_scan"))
    return {
        "provider": provider,
        "mgr": staff(provider, "hz_mgr", Role.PROVIDER_MANAGER),
        "eng": staff(provider, "hz_eng", Role.PROVIDER_ENGINEER),
    }


def test_due_orders_are_dispatched_and_follow_their_engagement(demo, products, api_as, hangzhou) -> None:
    policy = bind(api_as, demo["applicant2"], products["wanganbao"])  # 精工智造, 杭州
    now = timezone.now()
    assert dispatch_due_orders(now=now) == 1  # the fixed inspection (1 month); the scan is 6 months out
    assert dispatch_due_orders(now=now) == 0
    order = ServiceOrder.objects.get(policy=policy, service__code="fixed_inspection")
    engagement = order.engagement
    assert (engagement.province, engagement.city, engagement.client) == ("330000", "330100", policy.insured)
    assert engagement.insurer == policy.insurer
    offer = engagement.offers.get()
    assert offer.provider == hangzhou["provider"]

    do_accept_offer(actor=hangzhou["mgr"], offer=offer, now=now)
    order.refresh_from_db()
    assert (order.status, order.provider) == (ServiceOrderStatus.ASSIGNED, hangzhou["provider"].organisation)
    do_assign_engineer(actor=hangzhou["mgr"], engagement=engagement, engineer=hangzhou["eng"], now=now)
    do_upload_report(actor=hangzhou["eng"], engagement=engagement, content=b"%PDF-1.4\n", now=now)
    do_complete(actor=hangzhou["eng"], engagement=engagement, now=now)
    order.refresh_from_db()
    engagement.refresh_from_db()
    assert (order.status, engagement.status) == (ServiceOrderStatus.DONE, EngagementStatus.COMPLETED)


def test_a_changed_price_applies_to_new_policies_only(demo, products, api_as) -> None:
    first = bind(api_as, demo["applicant2"], products["wanganbao"])
    old_price = first.service_orders.get(service__code="fixed_inspection").price
    assert old_price == Decimal("8000.00")
    item = first.service_orders.get(service__code="fixed_inspection").service
    today = local_date(timezone.now())
    do_set_price(actor=demo["admin"], item=item, unit_price="9500", valid_from=today, now=timezone.now())
    second = bind(api_as, demo["applicant3"], products["wanganbao"])
    assert second.service_orders.get(service__code="fixed_inspection").price == Decimal("9500.00")
    assert first.service_orders.get(service__code="fixed_inspection").price == old_price

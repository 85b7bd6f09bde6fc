"""The pages: every dashboard link of the network's roles works; the manager answers offers and assigns,
the engineer logs work and uploads the report, the insured sees the result and rates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cyberins.accounts.models import Organisation
from cyberins.providers.demo import load_providers
from cyberins.providers.models import Engagement, EngagementStatus, ServiceItem
from cyberins.providers.services import do_open_engagement
from cyberins.web.dashboards import DASHBOARDS


@pytest.fixture
def network(demo):
    load_providers()
    engagement = do_open_engagement(
        actor=None,
        kind="service_order",
        reference="CYB-DEMO/SO-1",
        service=ServiceItem.objects.get(code="fixed_inspection"),
        province="110000",
        city="110100",
        needed_by=timezone.now() + timedelta(days=20),
        client=Organisation.objects.get(short_name="远海航运"),
        now=timezone.now(),
    )
    return engagement


@pytest.mark.parametrize(
    "username", ["admin", "provider", "engineer", "applicant", "underwriter", "claims", "provider2"]
)
def test_dashboard_links_work(network, demo, page_as, username) -> None:
    user = demo[username]
    client = page_as(user)
    for role in user.roles:
        for name in DASHBOARDS[role].links:
            response = client.get(reverse(name), follow=True)
            assert response.status_code == 200, (username, name)


def test_manager_engineer_insured_round_trip(network, demo, page_as) -> None:
    offer = network.offers.get()
    # The best match for Beijing is a Beijing provider; the demo's 京盾安全 has a manager and an engineer.
    assert offer.provider.organisation.short_name == "京盾安全", offer.provider
    manager = page_as(demo["provider"])
    desk = manager.get(reverse("providers:manager"))
    assert "CYB-DEMO/SO-1" in desk.content.decode()
    assert "data-countdown" in desk.content.decode()
    manager.post(reverse("providers:answer_offer", args=[offer.pk]), {"action": "accept"})
    act = reverse("providers:engagement_action", args=[network.pk])
    manager.post(act, {"action": "engineer", "engineer": demo["engineer"].pk})
    engineer = page_as(demo["engineer"])
    assert "CYB-DEMO/SO-1" in engineer.get(reverse("providers:engineer")).content.decode()
    today = timezone.localdate().isoformat()
    engineer.post(act, {"action": "work", "day": today, "hours": "5.5", "note": "现场检测"})
    refused = engineer.post(act, {"action": "work", "day": today, "hours": "99"}, follow=True)
    assert "0.5" in refused.content.decode()  # the error message names the allowed hours
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%fixed inspection\n", content_type="application/pdf")
    engineer.post(act, {"action": "report", "report": pdf, "summary": "未发现高危漏洞"})
    engineer.post(act, {"action": "complete"})
    network.refresh_from_db()
    assert network.status == EngagementStatus.COMPLETED

    insured = page_as(demo["applicant"])
    assert "CYB-DEMO/SO-1" in insured.get(reverse("providers:orders")).content.decode()
    page = insured.get(reverse("providers:engagement", args=[network.pk])).content.decode()
    assert "未发现高危漏洞" in page
    assert "京盾网络安全技术有限公司" in page
    assert insured.get(reverse("providers:report", args=[network.pk])).status_code == 200
    insured.post(act, {"action": "rate", "rating": "5", "comment": "专业"})
    assert Engagement.objects.get(pk=network.pk).rating == 5
    assert (
        page_as(demo["applicant2"]).get(reverse("providers:engagement", args=[network.pk])).status_code == 404
    )


def test_operator_network_page_shows_gaps_and_ranking(network, demo, page_as) -> None:
    admin = page_as(demo["admin"])
    page = admin.get(reverse("providers:network")).content.decode()
    assert "data-gap" in page or "No gaps" in page
    detail = admin.get(reverse("providers:engagement", args=[network.pk])).content.decode()
    assert "certificate_expired" in detail or "region_not_served" in detail


def test_back_office_lists_the_network(network, demo, page_as) -> None:
    admin = page_as(demo["admin"])
    for name in ("serviceitem", "providerprofile", "engagement"):
        response = admin.get(f"/admin/providers/{name}/")
        assert response.status_code == 200, name
    assert admin.get(f"/admin/providers/engagement/{network.pk}/change/").status_code == 200
    profile = network.offers.get().provider
    assert admin.get(f"/admin/providers/providerprofile/{profile.pk}/change/").status_code == 200

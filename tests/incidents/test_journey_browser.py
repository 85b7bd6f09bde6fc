"""In headless Chromium at 1366 px: the insured reports a ransomware incident in the portal, the hotline
agent registers the phone call and sees the transfer number, the provider accepts the offer, its engineer
moves the case through the seed's stages to closed, the insurer downloads the exports, and the platform
operator sees the SLA board. Screenshots of every page go to ``$CYBERINS_TEST_ARTEFACTS/incident-journey``
(default: the test's temporary directory)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from cyberins.incidents.models import Incident
from cyberins.providers.models import Offer
from cyberins.terms import SHANGHAI
from tests.browser import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FLOW = ("detection", "containment", "eradication", "recovery", "reporting", "follow_up", "closed")


def _local(moment) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")


def test_an_incident_from_report_to_closed(page, case, tmp_path) -> None:
    page.set_default_timeout(60_000)  # the shared machine is slow under load
    page.set_viewport_size({"width": 1366, "height": 900})
    shots = Path(os.environ.get("CYBERINS_TEST_ARTEFACTS", tmp_path)) / "incident-journey"
    shots.mkdir(parents=True, exist_ok=True)

    def shot(name: str) -> None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)

    now = timezone.now()
    sign_in(page, case["applicant"])
    page.goto("/incidents/")
    shot("01-insured-report-form")
    form = page.locator('section[data-section="report"] form')
    form.locator('input[name="affected_system"]').fill(case["system"])
    form.locator('input[name="occurred_at"]').fill(_local(now - timedelta(hours=3)))
    form.locator('input[name="discovered_at"]').fill(_local(now - timedelta(hours=1)))
    form.locator('select[name="incident_class"]').select_option("MP")
    form.locator('select[name="sub_class"]').select_option("ransomware")
    form.locator('textarea[name="summary"]').fill("服务器文件被加密，桌面出现勒索信")
    form.locator('button[type="submit"]').click()
    page.wait_for_url("**/incidents/*/")
    incident = Incident.objects.get()
    assert incident.number in page.locator(".messages").inner_text()
    assert page.locator("[data-stage]").get_attribute("data-stage") == "reported"
    shot("02-insured-case-reported")
    sign_out(page)

    sign_in(page, case["hotline"])
    page.goto("/incidents/")
    call = page.locator('section[data-section="call"] form')
    call.locator('input[name="caller"]').fill("王经理")
    call.locator('input[name="callback_number"]').fill("13800000000")
    call.locator('input[name="affected_system"]').fill(case["system"])
    call.locator('textarea[name="summary"]').fill("客户来电报案：服务器被勒索软件加密")
    shot("03-hotline-call-form")
    call.locator('button[type="submit"]').click()
    page.wait_for_url("**/incidents/*/")
    assert "400-000-0000" in page.locator(".messages").inner_text()  # the provider's support line
    shot("04-hotline-transfer")
    sign_out(page)

    sign_in(page, case["manager"])
    offer = Offer.objects.get(engagement__incident=incident, status="pending")
    page.goto("/providers/")
    shot("05-provider-offer")
    page.locator(f'[data-offer="{offer.pk}"]').locator('button[value="accept"]').click()
    page.wait_for_load_state()
    sign_out(page)

    sign_in(page, case["engineer"])
    page.goto(f"/incidents/{incident.pk}/")
    assert page.locator("[data-stage]").get_attribute("data-stage") == "responding"
    for stage in FLOW:
        section = page.locator('section[data-section="stage"]')
        section.locator('select[name="stage"]').select_option(stage)
        section.locator('input[name="note"]').fill(f"进入{stage}")
        section.locator('button[type="submit"]').click()
        page.wait_for_load_state()
        assert page.locator("[data-stage]").get_attribute("data-stage") == stage
        if stage == "eradication":
            shot("06-provider-case-workbench")
    shot("07-provider-case-closed")
    sign_out(page)

    sign_in(page, case["claims"])
    page.goto(f"/incidents/{incident.pk}/")
    downloads = page.locator('section[data-section="downloads"]')
    assert downloads.locator("a").count() == 5  # summary zh/en, handling report, VERIS, STIX
    with page.expect_download() as stix:
        downloads.locator('a[href$="stix.json"]').click()
    assert stix.value.suggested_filename == f"{incident.number}-stix.json"
    shot("08-insurer-case")
    sign_out(page)

    sign_in(page, case["admin"])
    page.goto("/incidents/board/")
    shot("09-operator-sla-board")
    # the insured's case is closed; the hotline's phone report (linked to it) is still open on the board
    assert incident.number not in page.locator("main").inner_text()
    linked = Incident.objects.get(related_to=incident)
    assert page.locator(f'[data-incident="{linked.number}"]').count() == 1

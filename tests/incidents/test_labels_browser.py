"""In the browser, in English (headless Chromium has no CJK font): the hotline agent registers a call with
the event and discovery times, sees the provider the response is offered to and no outage form; a closed
case reads its clocks, class and channel in words."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from cyberins.incidents.models import Incident
from tests.browser import sign_in
from tests.incidents.flows import ransomware_case
from tests.incidents.test_journey_browser import _local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_hotline_and_a_closed_case_read_in_words(page, case, live_server, tmp_path) -> None:
    page.set_default_timeout(60_000)  # the shared machine is slow under load
    page.set_viewport_size({"width": 1366, "height": 900})
    shots = Path(os.environ.get("CYBERINS_TEST_ARTEFACTS", tmp_path)) / "incident-labels"
    shots.mkdir(parents=True, exist_ok=True)
    now = timezone.now()

    sign_in(page, case["hotline"])
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto("/incidents/")
    form = page.locator('section[data-section="call"] form')
    form.locator('input[name="caller"]').fill("Zhang San")
    form.locator('input[name="callback_number"]').fill("13900000000")
    form.locator('input[name="occurred_at"]').fill(_local(now - timedelta(hours=4)))
    form.locator('input[name="discovered_at"]').fill(_local(now - timedelta(hours=2)))
    form.locator('input[name="affected_system"]').fill(case["system"])
    form.locator('textarea[name="summary"]').fill("Files encrypted")
    form.get_by_role("button", name="Register and transfer").click()
    page.wait_for_url("**/incidents/*/")
    page.screenshot(path=str(shots / "01-hotline-call.png"), full_page=True)
    provider = case["provider"].organisation.name
    incident = page.locator('section[data-section="incident"]')
    assert f"offered to {provider} (waiting for acceptance)" in incident.inner_text()
    assert "Reported through Hotline." in page.locator('section[data-section="timeline"]').inner_text()
    assert page.locator('input[name="action"][value="outage"]').count() == 0
    assert _local(Incident.objects.get().occurred_at) == _local(now - timedelta(hours=4))

    closed = ransomware_case(case, start=now - timedelta(days=2))
    page.goto(f"/incidents/{closed.pk}/")
    page.screenshot(path=str(shots / "02-closed-case.png"), full_page=True)
    clocks = page.locator('section[data-section="clocks"]').inner_text()
    assert "First contact (callback)" in clocks
    assert "Certified team arranged" in clocks
    assert "pending" not in clocks
    assert "Handling summary report" in clocks
    assert "Malicious program / Ransomware" in incident.inner_text()

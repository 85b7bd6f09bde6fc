"""In headless Chromium: the health-check page shows the worker's progress and then the grade without
reloading (static/web/poll.js swaps in the live partial), under the site's Content-Security-Policy."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from cyberins.accounts.roles import Role
from cyberins.healthchecks.models import HealthCheck, HealthCheckStatus
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_progress_updates_without_a_reload(page, live_server) -> None:
    applicant = factories.user(Role.APPLICANT)
    check = factories.health_check(
        organisation=applicant.organisation,
        status=HealthCheckStatus.RUNNING,
        progress_done=1,
        progress_total=4,
    )
    client = Client()
    client.force_login(applicant)  # the login form is another test's journey
    url, session = live_server.url, client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url},
            {"name": "django_language", "value": "en", "url": url},
        ]
    )
    blocked: list[str] = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Security Policy" in message.text else None
    )
    page.goto(f"/healthchecks/{check.pk}/")
    page.evaluate("window.sameDocument = true")  # gone if the page reloads
    assert page.locator("[data-progress]").inner_text().strip() == "1/4"

    HealthCheck.objects.filter(pk=check.pk).update(progress_done=3)
    page.wait_for_selector('[data-progress]:has-text("3/4")')
    HealthCheck.objects.filter(pk=check.pk).update(
        status=HealthCheckStatus.DONE, progress_done=4, grade="B", score=81
    )
    page.wait_for_selector("[data-grade]")

    assert page.evaluate("window.sameDocument") is True
    assert page.locator("[data-live]").get_attribute("data-poll-url") is None  # finished: polling stops
    assert blocked == []

"""In headless Chromium: the unread badge in the header, the inbox, marking read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cyberins.accounts.demo import DEMO_PASSWORD, load_accounts
from cyberins.accounts.models import User
from cyberins.notifications.services import notify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_badge_shows_unread_and_the_inbox_marks_them_read(page) -> None:
    load_accounts()
    applicant = User.objects.get(username="applicant")
    for number in ("CY-1", "CY-2"):
        notify(
            recipients=[applicant],
            kind="policy_expiring",
            params={"number": number, "last_day": "2027-01-01"},
            link="/policies/",
            now=datetime(2026, 12, 1, tzinfo=UTC),
        )
    page.goto("/login/")
    page.get_by_label("用户名").fill("applicant")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/dashboard/applicant/")

    badge = page.locator("[data-unread-badge]")
    assert badge.inner_text() == "2"
    assert badge.get_attribute("aria-label") == "2条未读通知"
    page.locator("[data-inbox-link]").click()
    page.wait_for_url("**/notifications/")
    assert page.locator("h1").inner_text() == "通知"
    assert page.locator("li.unread").count() == 2
    assert "保单CY-2将于2027-01-01到期" in page.locator("[data-inbox]").inner_text()

    page.locator("[data-mark-read]").first.click()
    page.wait_for_load_state()
    assert page.locator("[data-unread-badge]").inner_text() == "1"
    page.get_by_role("button", name="全部标为已读").click()
    page.wait_for_load_state()
    assert page.locator("[data-unread-badge]").count() == 0
    assert page.locator("li.read").count() == 2

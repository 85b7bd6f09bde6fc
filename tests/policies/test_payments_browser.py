"""In headless Chromium, in zh-Hans and in English: the insured records a payment of an instalment, the
insurer confirms it, the insured opens the receipt. Screenshots of the policy pages at 1366 px and 390 px
are kept in test-results/screenshots/ (CYBERINS_SCREENSHOTS overrides) to look at."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from cyberins.accounts.roles import Role
from cyberins.terms import local_date
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(os.environ.get("CYBERINS_SCREENSHOTS", "test-results/screenshots"))
PASSWORD = "Cyberins-test-2026"
WIDTHS = {"desktop": 1366, "phone": 390}


def _user(role: str, **fields):
    made = factories.user(role, **fields)
    made.set_password(PASSWORD)
    made.save()
    return made


def _login(page, user) -> None:
    page.goto("/login/")
    page.locator('[name="username"]').fill(user.username)
    page.locator('[name="password"]').fill(PASSWORD)
    page.locator('button[type="submit"].primary').click()
    page.wait_for_url("**/dashboard/**")


def _logout(page) -> None:
    page.locator('form[action="/logout/"] button').click()
    page.wait_for_url("**/login/")


def _shoot(page, name: str) -> None:
    """Full-page screenshots at both widths; the page must not be wider than the window."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than {width}px"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("zh-hans", {"record": "登记付款", "confirm": "确认付款", "partly": "部分缴费", "menu": "菜单"}),
        (
            "en",
            {
                "record": "Record payment",
                "confirm": "Confirm payment",
                "partly": "Partly paid",
                "menu": "Menu",
            },
        ),
    ],
)
def test_the_insured_pays_an_instalment_and_the_insurer_confirms_it(
    page, live_server, language, texts
) -> None:
    policy = factories.bound_policy(first_day=local_date(timezone.now()) + timedelta(days=1), instalments=2)
    insured = policy.application.created_by
    insured.set_password(PASSWORD)
    insured.save()
    underwriter = _user(Role.UNDERWRITER, organisation=policy.insurer)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])

    _login(page, insured)
    page.goto(f"/policies/{policy.pk}/")
    _shoot(page, f"policy-insured-{language}")
    page.locator("[data-declare] [name=reference]").fill("BANK-2026-0001")
    page.get_by_role("button", name=texts["record"]).click()
    page.wait_for_selector('[data-payment-status="declared"]')
    _logout(page)

    _login(page, underwriter)
    page.goto(f"/policies/{policy.pk}/")
    assert page.locator("[data-declare]").count() == 0  # no payment form for the insurer
    page.get_by_role("button", name=texts["confirm"]).click()
    page.wait_for_selector('[data-payment-status="confirmed"]')
    assert page.locator("[data-state]").inner_text().startswith(texts["partly"])
    _shoot(page, f"policy-insurer-{language}")
    page.goto(f"/policies/{policy.pk}/cancel/?effective_on={policy.first_day.isoformat()}")
    _shoot(page, f"cancel-{language}")
    page.goto(f"/policies/{policy.pk}/endorse/")
    _shoot(page, f"endorse-{language}")
    _logout(page)

    _login(page, insured)
    page.goto(f"/policies/{policy.pk}/")
    page.locator("[data-receipt]").first.click()
    page.wait_for_selector("[data-amount]")
    assert "BANK-2026-0001" in page.content()
    _shoot(page, f"receipt-{language}")

    # On a phone the menu is a button that opens the navigation (no script).
    page.set_viewport_size({"width": 390, "height": 800})
    assert not page.locator("#mainnav").is_visible()
    page.get_by_text(texts["menu"]).click()
    assert page.locator('#mainnav [data-nav="policies:list"]').is_visible()


def test_the_administrators_menu_fits_one_row_at_1366_and_the_english_header_too(page, live_server) -> None:
    admin = _user(Role.PLATFORM_ADMIN)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.set_viewport_size({"width": 1366, "height": 900})
    _login(page, admin)
    page.goto("/policies/")

    links = page.locator("#mainnav a")
    tops = {round(box["y"]) for box in (links.nth(i).bounding_box() for i in range(links.count()))}
    heights = {round(links.nth(i).bounding_box()["height"]) for i in range(links.count())}
    _shoot(page, "admin-policies-en")
    assert len(heights) == 1  # no entry breaks inside
    assert len(tops) == 1, tops  # the whole menu on one row

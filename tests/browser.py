"""Browser harness: Debian's Chromium, headless, driven by Playwright against a live test server.

The live server (pytest-django's ``live_server``) serves the app on a free loopback port from a
thread of the test process, on the test database.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("CYBERINS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


# Module scope: Playwright's sync API keeps an event loop running in this thread while it lives, and
# later tests that call asyncio.run() (the scanner) must not find one.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium (the README's test command does)"
        )
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test body are
    # still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


def sign_in(page: Any, user: Any) -> None:
    """Give ``user`` the demo password and sign in through the Chinese login page."""
    from cyberins.accounts.demo import DEMO_PASSWORD

    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    page.goto("/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/dashboard/**")


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/login/")

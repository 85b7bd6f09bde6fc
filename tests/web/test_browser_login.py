"""In a real headless Chromium: each role logs in on the zh-Hans page and sees its own dashboard."""

from __future__ import annotations

import pytest

from cyberins.accounts.demo import DEMO_PASSWORD, USERS, load_accounts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHINESE_TITLES = {
    "platform_admin": "平台运营",
    "underwriter": "核保工作台",
    "claims_handler": "理赔工作台",
    "actuary": "精算工作台",
    "hotline_agent": "客服热线",
    "applicant": "我的网络安全保险",
    "provider_engineer": "服务工单",
    "provider_manager": "服务商管理",
}


def test_every_role_logs_in_and_sees_its_dashboard_in_chinese(page) -> None:
    load_accounts()
    seen = set()
    for username, _name, _org, role in USERS:
        if role in seen:
            continue
        seen.add(role)
        page.goto("/login/")
        assert page.locator("h1").inner_text() == "登录"
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()

        page.wait_for_url(f"**/dashboard/{role}/")
        assert page.locator("h1").inner_text() == CHINESE_TITLES[role]
        assert page.locator("html").get_attribute("lang") == "zh-hans"
        audit_link = page.locator('[data-nav="audit"]')
        assert audit_link.count() == (1 if role == "platform_admin" else 0)

        page.get_by_role("button", name="退出登录").click()
        page.wait_for_url("**/login/")
    assert seen == set(CHINESE_TITLES)

"""In headless Chromium, in Chinese and in English: the underwriter opens a referral from the queue,
sees the answers and the health check, previews an adjustment and records the decision."""

from __future__ import annotations

import pytest

from cyberins.accounts.demo import DEMO_PASSWORD, load_accounts
from cyberins.accounts.models import User
from cyberins.products.demo import load_products
from cyberins.underwriting.models import Application
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = {
    "zh-hans": {
        "decision": "决定",
        "factor": "保费调整系数",
        "record": "记录决定",
        "preview": "预览调整系数",
        "recompute": "重新计算",
        "label": "网络安全工作人员（人）",
        "nature": "国有企业",
    },
    "en": {
        "decision": "Decision",
        "factor": "Premium adjustment factor",
        "record": "Record decision",
        "preview": "Preview the adjustment factor",
        "recompute": "Recompute",
        "label": "Cyber-security staff",
        "nature": "State-owned enterprise",
    },
}


def login(page, live_server, username: str, language: str) -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/dashboard/**")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_underwriter_decides_a_referral_on_the_workbench(page, live_server, language) -> None:
    load_accounts()
    versions = {v.product.code: v for v in load_products()}
    referral = factories.application(
        applicant=User.objects.get(username="applicant"),
        version=versions["wanganbao"],
        security_staff=0,
    )
    text = TEXTS[language]
    login(page, live_server, "underwriter", language)

    page.goto("/applications/workbench/")
    page.locator(f'[data-referral="{referral.pk}"]').click()
    page.wait_for_selector("[data-review]")
    answers = page.locator("[data-answers]").inner_text()
    assert text["label"] in answers
    assert text["nature"] in answers
    assert page.locator('[data-reason="no_security_staff"]').count() == 1

    page.get_by_label(text["preview"]).fill("1.150")
    page.get_by_role("button", name=text["recompute"]).click()
    page.wait_for_url("**adjustment=1.150")
    changes = page.locator("[data-change]").all_inner_texts()
    assert any(change != "¥0.00" for change in changes), changes

    page.get_by_label(text["decision"]).select_option("1")
    page.get_by_label(text["factor"]).fill("1.150")
    page.get_by_role("button", name=text["record"]).click()
    page.wait_for_selector('[data-status="accepted"]')
    assert str(Application.objects.get(pk=referral.pk).adjustment) == "1.150"

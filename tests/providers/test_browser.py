"""In headless Chromium: a provider accepts a fixed inspection, its engineer logs the work and uploads the
report, and the insured sees the result and rates it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cyberins.accounts.demo import DEMO_PASSWORD, load_accounts
from cyberins.accounts.models import Organisation
from cyberins.providers.demo import load_providers
from cyberins.providers.models import Engagement, ServiceItem
from cyberins.providers.services import do_open_engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/dashboard/**")


def _logout(page) -> None:
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/login/")


def test_fixed_inspection_from_offer_to_rating(page, tmp_path) -> None:
    page.set_default_timeout(60_000)  # the shared machine is slow under load
    load_accounts()
    load_providers()
    engagement = do_open_engagement(
        actor=None,
        kind="service_order",
        reference="CYB2026000001/SO-1",
        service=ServiceItem.objects.get(code="fixed_inspection"),
        province="110000",
        city="110100",
        needed_by=timezone.now() + timedelta(days=25),
        client=Organisation.objects.get(short_name="远海航运"),
        now=timezone.now(),
    )

    _login(page, "provider")
    page.goto("/providers/")
    offer = page.locator(f'[data-offer="{engagement.offers.get().pk}"]')
    assert "分钟" in offer.locator("[data-countdown]").inner_text()
    offer.get_by_role("button", name="接单").click()
    assert "已接单。" in page.locator(".messages").inner_text()
    row = page.locator(f'[data-engagement="{engagement.pk}"]')
    row.locator('select[name="engineer"]').select_option(label="应急工程师 郑凯")
    row.get_by_role("button", name="指派").click()
    assert "已指派工程师。" in page.locator(".messages").inner_text()
    _logout(page)

    _login(page, "engineer")
    page.goto("/providers/my-orders/")
    page.get_by_role("link", name="CYB2026000001/SO-1").click()
    page.get_by_placeholder("工时").fill("6")
    page.get_by_placeholder("备注").fill("外网资产扫描与基线核查")
    page.get_by_role("button", name="登记").click()
    assert "工时已登记。" in page.locator(".messages").inner_text()
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4\n% fixed inspection report\n%%EOF\n")
    page.locator('input[name="report"]').set_input_files(str(report))
    page.get_by_placeholder("结果摘要").fill("发现 2 个中危漏洞，已出具整改建议")
    page.get_by_role("button", name="上传").click()
    assert "报告已上传。" in page.locator(".messages").inner_text()
    page.get_by_role("button", name="完成").click()
    assert page.locator("[data-status]").get_attribute("data-status") == "completed"
    _logout(page)

    _login(page, "applicant")
    page.goto("/providers/orders/")
    page.get_by_role("link", name="CYB2026000001/SO-1").click()
    assert page.locator("[data-summary]").inner_text() == "发现 2 个中危漏洞，已出具整改建议"
    assert "京盾网络安全技术有限公司" in page.locator("[data-provider]").inner_text()
    assert len(page.locator("[data-report] code").inner_text()) == 64
    page.locator('select[name="rating"]').select_option("5")
    page.get_by_role("button", name="确认").click()
    assert page.locator("[data-rating]").inner_text().startswith("5/5")
    assert Engagement.objects.get(pk=engagement.pk).status == "confirmed"

"""In headless Chromium: apply, get referred, be approved, accept a quote, pay, download the schedule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cyberins.accounts.demo import DEMO_PASSWORD, load_accounts
from cyberins.products.demo import load_products
from cyberins.terms import local_date

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


def test_apply_referral_approval_bind_pay_download(page, tmp_path) -> None:
    load_accounts()
    load_products()
    _login(page, "applicant")
    page.goto("/products/")
    page.locator('[data-apply="cyber-emergency-response"]').click()

    page.get_by_label("单位名称").fill("远海航运数字科技有限公司")
    page.get_by_label("单位办公地址").fill("上海市浦东新区滨江大道5299号7楼")
    page.get_by_label("单位性质").select_option("state_owned")
    page.get_by_label("所属行业").select_option("G")
    page.get_by_label("营业收入（元）").fill("-5")
    page.get_by_label("地上建筑物面积（平方米）").fill("2400")
    page.get_by_label("网络安全工作人员（人）").fill("0")
    page.get_by_label("员工人数（人）").fill("260")
    page.locator('[name="insured_systems_0_name"]').fill("自保公司核心业务系统")
    page.locator('[name="insured_systems_0_users"]').fill("40")
    page.locator('[name="insured_systems_0_devices"]').fill("2")
    page.get_by_label("个人信息").check()
    page.get_by_role("button", name="提交投保申请").click()
    assert page.locator('[data-error="operating_revenue"]').inner_text() == "取值不得小于 0。"

    page.get_by_label("营业收入（元）").fill("300000000")
    page.get_by_role("button", name="提交投保申请").click()
    page.wait_for_url("**/applications/*/")
    assert page.locator('[data-reason="no_security_staff"]').count() == 1
    application_url = page.url
    _logout(page)

    _login(page, "underwriter2")
    page.goto("/applications/workbench/")
    page.locator("[data-referral]").first.click()
    page.get_by_label("决定").select_option("1")
    page.get_by_label("保费调整系数").fill("1.000")
    page.get_by_role("button", name="记录决定").click()
    page.wait_for_selector('[data-status="accepted"]')
    _logout(page)

    _login(page, "applicant")
    page.goto(application_url)
    option = page.locator('[data-plan="A"]')
    assert option.locator(".premium").inner_text() == "¥26,000.00"
    option.get_by_label("保险起期").fill((local_date(timezone.now()) + timedelta(days=1)).isoformat())
    option.get_by_role("button", name="接受此方案").click()
    page.wait_for_url("**/policies/*/")
    page.get_by_label("付款流水号").fill("BANK-0001")
    page.get_by_role("button", name="登记付款").click()
    page.wait_for_selector('[data-payment-status="declared"]')
    policy_url = page.url
    _logout(page)

    # The payment counts once the insurer confirms it.
    _login(page, "underwriter2")
    page.goto(policy_url)
    page.get_by_role("button", name="确认付款").click()
    page.wait_for_selector("[data-paid]")

    with page.expect_download() as download:
        page.locator('[data-download="schedule"]').click()
    path = tmp_path / "schedule.pdf"
    download.value.save_as(path)
    text = PdfReader(path).pages[0].extract_text()
    assert "人民币壹拾玖万元整" in text
    assert "CYBER" in text.upper()

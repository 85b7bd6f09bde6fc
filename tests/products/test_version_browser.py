"""In headless Chromium, in Chinese and in English: the actuary edits a draft version's figures, sees
the change against the version on sale, and is offered no publish button."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cyberins.accounts.demo import load_accounts
from cyberins.accounts.models import User
from cyberins.products.demo import load_products
from cyberins.products.models import Plan
from cyberins.products.services import do_create_next_version
from tests.underwriting.test_workbench_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVE = {"zh-hans": "保存草稿", "en": "Save the draft"}
SUM_INSURED = {"zh-hans": "保险金额", "en": "Sum insured"}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_actuary_edits_a_draft_and_sees_the_diff(page, live_server, language) -> None:
    load_accounts()
    actuary = User.objects.get(username="actuary")
    published = next(v for v in load_products() if v.product.insurer_id == actuary.organisation_id)
    draft = do_create_next_version(actor=actuary, version=published)
    plan = draft.plans.order_by("code").first()
    login(page, live_server, "actuary", language)

    page.goto("/products/releases/")
    page.locator(f'[data-version="{draft.pk}"]').click()
    page.wait_for_selector("[data-edit-draft]")
    page.get_by_label(f"{SUM_INSURED[language]} {plan.code}").fill(str(plan.sum_insured + 100000))
    page.get_by_role("button", name=SAVE[language]).click()
    page.wait_for_selector(f'[data-diff-term="plan {plan.code} · sum insured"]')

    assert Plan.objects.get(pk=plan.pk).sum_insured == plan.sum_insured + Decimal(100000)
    assert page.locator('button[value="publish"]').count() == 0
    page.locator("[data-pricing-preview]").click()
    page.wait_for_selector("[data-sample-plan]")

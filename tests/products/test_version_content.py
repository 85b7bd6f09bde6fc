"""The actuary sees and edits a draft version's content, validated by the filing rules, with a diff
against the version on sale and a pricing preview; release buttons only for the moves the role may make."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from cyberins.accounts.roles import Role
from cyberins.products.models import PlanCoverage, ProductVersion
from cyberins.products.services import do_create_next_version, do_transition_version
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def actuary_and_draft() -> tuple[object, ProductVersion]:
    published = factories.product()
    actuary = factories.user(Role.ACTUARY, organisation=published.product.insurer)
    return actuary, do_create_next_version(actor=actuary, version=published)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_actuary_edits_a_draft_and_sees_the_diff(actuary_and_draft) -> None:
    actuary, draft = actuary_and_draft
    plan = draft.plans.get(code="A")
    interruption = plan.coverages.get(coverage="business_interruption")

    response = _client(actuary).post(
        f"/products/versions/{draft.pk}/",
        {f"plan-{plan.pk}-sum_insured": "1200000", f"coverage-{interruption.pk}-deductible": "20000"},
    )
    page = _client(actuary).get(f"/products/versions/{draft.pk}/").content.decode()

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.sum_insured == Decimal("1200000")
    assert PlanCoverage.objects.get(pk=interruption.pk).deductible == Decimal("20000")
    assert 'data-diff-term="plan A · sum insured"' in page
    assert 'data-diff-term="plan A · business_interruption · deductible"' in page
    assert "data-edit-draft" in page


def test_a_figure_breaking_the_filing_rules_is_named_and_nothing_is_saved(actuary_and_draft) -> None:
    actuary, draft = actuary_and_draft
    plan = draft.plans.get(code="A")
    interruption = plan.coverages.get(coverage="business_interruption")

    response = _client(actuary).post(
        f"/products/versions/{draft.pk}/",
        {f"plan-{plan.pk}-sum_insured": "1", f"coverage-{interruption.pk}-deductible": "-5"},
    )
    broken = _client(actuary).post(f"/products/versions/{draft.pk}/", {f"plan-{plan.pk}-sum_insured": "1"})

    assert 'data-error="coverage-' in response.content.decode()
    assert "products.inconsistent_limits" not in broken.content.decode()
    assert 'data-error="plans"' in broken.content.decode()
    plan.refresh_from_db()
    assert plan.sum_insured == Decimal("1000000")


def test_a_filed_version_has_no_edit_form_and_the_actuary_no_publish_button(actuary_and_draft) -> None:
    actuary, draft = actuary_and_draft
    do_transition_version(actor=actuary, version=draft, action="file")
    client = _client(actuary)

    page = client.get(f"/products/versions/{draft.pk}/").content.decode()
    releases = client.get("/products/releases/").content.decode()
    refused = client.post(f"/products/versions/{draft.pk}/", {})

    assert "data-edit-draft" not in page
    assert 'value="publish"' not in page
    assert 'value="publish"' not in releases
    assert refused.status_code == 403


def test_the_pricing_preview_prices_the_draft_on_sample_risks(actuary_and_draft) -> None:
    actuary, draft = actuary_and_draft
    page = _client(actuary).get(f"/applications/pricing/{draft.pk}/")

    assert page.status_code == 200
    samples = page.context["samples"]
    assert len(samples) == 3
    for _label, options in samples:
        for option in options:
            assert Decimal(option["premium"]) >= Decimal("8000")  # the plan's minimum premium


def test_the_applicant_cannot_open_a_version_page() -> None:
    version = factories.product()
    assert _client(factories.user(Role.APPLICANT)).get(f"/products/versions/{version.pk}/").status_code == 403


def test_the_claim_decision_term_is_a_figure_of_the_draft_copied_to_the_next_version(
    actuary_and_draft,
) -> None:
    actuary, draft = actuary_and_draft
    assert draft.claim_decision_days == 30  # 保险法 Art. 23 by default

    bad = _client(actuary).post(f"/products/versions/{draft.pk}/", {"claim_decision_days": "61"})
    assert 'data-error="claim_decision_days"' in bad.content.decode()
    draft.refresh_from_db()
    assert draft.claim_decision_days == 30

    _client(actuary).post(f"/products/versions/{draft.pk}/", {"claim_decision_days": "10"})
    draft.refresh_from_db()
    assert draft.claim_decision_days == 10
    page = _client(actuary).get(f"/products/versions/{draft.pk}/").content.decode()
    assert 'data-diff-term="claim decision term (days)"' in page
    assert do_create_next_version(actor=actuary, version=draft).claim_decision_days == 10

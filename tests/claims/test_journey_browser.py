"""In headless Chromium, through the claims pages: the insured opens a claim from its ransomware incident
and claims a restoration loss; the adjuster completes the documents, assesses the line and runs the
assessment; a second handler approves and pays; the insured finds the settlement letter's link and the
letter downloads as a PDF. Screenshots go to ``$CYBERINS_TEST_ARTEFACTS/claim-journey`` (default: the
test's temporary directory). The incident itself is made by the services (its pages have their journey)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from cyberins.claims.models import Claim
from tests.browser import sign_in, sign_out
from tests.claims.conftest import incident_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(page, action: str) -> None:
    page.locator(f'form:has(input[name="action"][value="{action}"]) button[type="submit"]').click()
    page.wait_for_load_state()


def test_a_claim_from_incident_to_letter(page, case, tmp_path) -> None:
    page.set_default_timeout(60_000)  # the shared machine is slow under load
    page.set_viewport_size({"width": 1366, "height": 900})
    shots = Path(os.environ.get("CYBERINS_TEST_ARTEFACTS", tmp_path)) / "claim-journey"
    shots.mkdir(parents=True, exist_ok=True)

    def shot(name: str) -> None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)

    incident = incident_at(case, timezone.now() - timedelta(days=2))

    # the insured opens the claim from the incident and claims the restoration cost
    sign_in(page, case["applicant"])
    page.goto("/claims/")
    shot("01-insured-claims")
    page.locator('section[data-section="open"] select[name="incident"]').select_option(str(incident.pk))
    page.locator('section[data-section="open"] button[type="submit"]').click()
    page.wait_for_url("**/claims/*/")
    claim = Claim.objects.get(incident=incident)
    form = page.locator('form:has(input[name="action"][value="add_line"])')
    form.locator('select[name="coverage"]').select_option("restoration")
    form.locator('input[name="claimed"]').fill("30000")
    _submit(page, "add_line")
    assert page.locator('tr[data-line="restoration"]').is_visible()
    shot("02-insured-claim-with-line")
    sign_out(page)

    # the adjuster completes the documents, assesses the line and runs the assessment
    sign_in(page, case["adjuster"])
    page.goto(f"/claims/{claim.pk}/")
    _submit(page, "complete_documents")
    _submit(page, "assess_line")
    _submit(page, "assess")
    assert page.locator('[data-status="assessed"]').first.is_visible()
    assert page.locator('form:has(input[name="action"][value="approve"])').count() == 0  # not one's own
    shot("03-adjuster-assessed")
    sign_out(page)

    # a second handler approves and pays the payable (30,000 less the 10,000 deductible)
    sign_in(page, case["approver"])
    page.goto(f"/claims/{claim.pk}/")
    assert page.locator('[data-payable="20000.00"]').is_visible()
    _submit(page, "approve")
    payment = page.locator('form:has(input[name="action"][value="pay"])')
    payment.locator('input[name="amount"]').fill("20000")
    _submit(page, "pay")
    assert page.locator('dd[data-status="paid"]').is_visible()
    assert page.locator('tr[data-payment="insured"]').is_visible()
    shot("04-approver-paid")
    sign_out(page)

    # the insured sees the explanation and downloads the settlement letter
    sign_in(page, case["applicant"])
    page.goto(f"/claims/{claim.pk}/")
    assert page.locator('section[data-section="explanation"] tr[data-step="deductible"]').first.is_visible()
    shot("05-insured-explanation")
    link = page.locator('[data-section="claim-documents"] a').first
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    assert Path(path).read_bytes()[:5] == b"%PDF-"
    assert download.value.suggested_filename == f"{claim.number}-letter-zh.pdf"

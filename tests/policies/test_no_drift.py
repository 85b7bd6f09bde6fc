"""Data that does not drift: an issued policy keeps the insured as it was at issue, and a sum insured
that comes back gives back the premium to the cent, however many endorsements lie between."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from cyberins.policies.models import Policy
from tests.underwriting.helpers import accepted_quote, bind_on


@pytest.fixture
def policy(demo, products, api_as) -> Policy:
    """¥26,000.00 for ¥190,000.00, 10 June 2026 to 9 June 2027 (the COSCO-like plan A policy)."""
    quote = accepted_quote(api_as(demo["applicant"]), products["cyber-emergency-response"])
    return bind_on(demo["applicant"], quote["id"])


def test_renaming_the_organisation_does_not_rewrite_the_issued_policy(demo, api_as, page_as, policy) -> None:
    insured = demo["applicant"].organisation
    issued_name = insured.name
    assert policy.insured_name == issued_name
    assert policy.insured_address

    applicant = api_as(demo["applicant"])
    renamed = applicant.patch(
        f"/api/organisations/{insured.pk}",
        {"name": "远海新名称科技有限公司", "address": "北京市朝阳区新地址1号"},
    )
    assert renamed.status_code == 200, renamed.json()

    body = applicant.get(f"/api/policies/{policy.pk}").json()
    assert body["insured"] == issued_name
    assert "新地址" not in body["insured_address"]
    page = page_as(demo["applicant"]).get(f"/policies/{policy.pk}/").content.decode()
    assert issued_name in page
    assert "远海新名称科技有限公司" not in page
    pdf = applicant.get(f"/api/policies/{policy.pk}/schedule.pdf")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert issued_name in text
    assert "远海新名称" not in text


def _endorse(underwriter, policy: Policy, sum_insured: str, day: str) -> dict:
    response = underwriter.post(
        f"/api/policies/{policy.pk}/endorsements/sum-insured",
        {"sum_insured": sum_insured, "effective_on": day},
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_sum_insured_that_comes_back_gives_back_the_premium_to_the_cent(demo, api_as, policy) -> None:
    underwriter = api_as(demo["underwriter2"])
    # With the last rounded premium as the base, 190,000 → 1,000 → 190,000 ends at ¥25,999.60.
    charges = []
    for month in (7, 8, 9, 10, 11, 12):
        charges.append(
            Decimal(_endorse(underwriter, policy, "1000.00", f"2026-{month:02d}-10")["premium_change"])
        )
        policy.refresh_from_db()
        assert policy.premium == Decimal("136.84")  # 26,000 × 1,000 / 190,000, from the original terms
        charges.append(
            Decimal(_endorse(underwriter, policy, "190000.00", f"2026-{month:02d}-20")["premium_change"])
        )
        policy.refresh_from_db()
        assert (policy.sum_insured, policy.premium) == (Decimal("190000.00"), Decimal("26000.00"))
    # What was charged and returned adds up to the exact pro-rata total, rounded once: ten days at the
    # lower sum each time, 6 × 10 = 60 days of (136.842… − 26,000) / 365 = −4,251.4780… → −4,251.48.
    assert sum(charges) == Decimal("-4251.48")


def test_going_up_and_back_on_the_same_day_nets_to_zero(demo, api_as, policy) -> None:
    underwriter = api_as(demo["underwriter2"])
    up = _endorse(underwriter, policy, "333333.33", "2026-12-10")
    down = _endorse(underwriter, policy, "190000.00", "2026-12-10")
    assert Decimal(up["premium_change"]) == -Decimal(down["premium_change"])
    policy.refresh_from_db()
    assert policy.premium == Decimal("26000.00")
    assert policy.first_day == date(2026, 6, 10)

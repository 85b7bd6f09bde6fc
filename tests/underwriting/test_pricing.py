"""报价 money: for every plan of every demo product the breakdown adds up to the premium to the cent,
VAT is the 6 % contained in the premium, and the rate is premium / sum insured."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from cyberins.accounts.roles import Role
from cyberins.products.demo import PRODUCTS
from tests import factories
from tests.underwriting.helpers import accepted_quote

CENT = Decimal("0.01")


def test_every_plan_of_every_demo_product_adds_up(demo, products, api_as) -> None:
    applicant = api_as(demo["applicant"])
    seen = set()
    for code, version in products.items():
        quote = accepted_quote(applicant, version)
        assert [o["plan"] for o in quote["options"]] == [p.code for p in version.plans.all()]
        for option in quote["options"]:
            premium, vat = Decimal(option["premium"]), Decimal(option["vat"])
            parts = [Decimal(v) for v in option["breakdown"].values()]
            assert all(p == p.quantize(CENT) for p in parts), option["breakdown"]
            assert sum(parts) == premium, (code, option["plan"], option["breakdown"])
            assert vat == (premium * Decimal("0.06") / Decimal("1.06")).quantize(CENT, ROUND_HALF_UP)
            plan = version.plans.get(code=option["plan"])
            assert premium >= plan.minimum_premium
            assert Decimal(option["rate"]) == (premium / plan.sum_insured).quantize(Decimal("0.000001"))
            seen.add((code, option["plan"]))
    assert seen == {(spec["code"], plan[0]) for spec in PRODUCTS for plan in spec["plans"]}


def test_a_plan_at_its_minimum_premium_shows_the_top_up(demo, products, api_as) -> None:
    # The seed's COSCO plan A: ¥26,000 for ¥190,000, the minimum premium of the plan.
    version = products["cyber-emergency-response"]
    quote = accepted_quote(api_as(demo["applicant"]), version)
    underwriter = factories.user(Role.UNDERWRITER, organisation=version.product.insurer)
    option = api_as(underwriter).get(f"/api/quotes/{quote['id']}").json()["options"][0]

    assert Decimal(option["premium"]) == Decimal("26000.00")
    assert Decimal(option["breakdown"]["minimum_adjustment"]) > 0
    assert Decimal(option["breakdown"]["service_price"]) == Decimal("11000.00")  # 8,000 + 3,000 price book


def test_the_insured_sees_the_premium_without_the_insurers_loads(demo, products, api_as) -> None:
    """The insured's quote: insurance price, service price and VAT, adding up to the premium; the
    pure premium, the loads and the expected loss are the insurer's (its underwriter sees them)."""
    quote = accepted_quote(api_as(demo["applicant"]), products["wanganbao"])
    theirs = api_as(demo["underwriter"]).get(f"/api/quotes/{quote['id']}").json()

    for mine, full in zip(quote["options"], theirs["options"], strict=True):
        assert set(mine["breakdown"]) == {"insurance_price", "service_price", "vat"}
        assert "expected_loss" not in mine
        assert sum(Decimal(v) for v in mine["breakdown"].values()) == Decimal(mine["premium"])
        assert Decimal(full["breakdown"]["pure_premium"]) > 0
        assert sum(Decimal(v) for v in full["breakdown"].values()) == Decimal(full["premium"])

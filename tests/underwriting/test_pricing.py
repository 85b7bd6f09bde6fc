"""报价 money: for every plan of every demo product the breakdown adds up to the premium to the cent,
VAT is the 6 % contained in the premium, and the rate is premium / sum insured."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from cyberins.products.demo import PRODUCTS
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
    option = accepted_quote(api_as(demo["applicant"]), products["cyber-emergency-response"])["options"][0]

    assert Decimal(option["premium"]) == Decimal("26000.00")
    assert Decimal(option["breakdown"]["minimum_adjustment"]) > 0
    assert Decimal(option["breakdown"]["service_price"]) == Decimal("11000.00")  # 8,000 + 3,000 price book

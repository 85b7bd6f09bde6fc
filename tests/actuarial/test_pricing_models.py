"""Premium, asset share, macro model and assumption sets on small cases worked by hand."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from cyberins.actuarial import (
    AssetShareInputs,
    Loadings,
    MacroInputs,
    ServiceItem,
    as_decimal,
    base_rate_table,
    default_assumption_set,
    fft_aggregate,
    load_macro_inputs,
    price,
    project,
    round_money,
    solve_premium,
)
from cyberins.actuarial.results import LatticeResult


def _two_point() -> LatticeResult:
    # S = 0 w.p. 0.9, 1000 w.p. 0.1: mean 100, std 300, TVaR99.5 = 1000
    pmf = np.zeros(11)
    pmf[0], pmf[10] = 0.9, 0.1
    return LatticeResult(100.0, pmf, method="test", expected_paying_claims=0.1)


def test_round_money_is_half_up_and_rejects_nan():
    assert round_money(as_decimal(2.675)) == Decimal("2.68")
    assert round_money("0.005") == Decimal("0.01")
    assert round_money(Decimal("-1.005")) == Decimal("-1.01")
    with pytest.raises(ValueError, match="finite"):
        as_decimal(float("nan"))
    with pytest.raises(ValueError, match="float"):  # the one rounding function refuses floats
        round_money(2.675)  # type: ignore[arg-type]


def test_the_actuarial_package_rounds_with_the_one_rounding_function():
    import cyberins.terms

    assert round_money is cyberins.terms.round_money


def test_gross_premium_by_hand():
    r = _two_point()
    assert r.std == pytest.approx(300.0)
    loads = Loadings(
        risk_load_method="std",
        risk_load_factor=0.5,
        fixed_expense=50.0,
        expense_ratio=0.15,
        commission_ratio=0.10,
        profit_margin=0.05,
    )
    q = price(r, loads, sum_insured=100_000, services=[ServiceItem("vuln_scan", Decimal("120.00"), 2)])
    # (100 + 150 + 50) / (1 - 0.30) = 428.571...
    assert q.gross_premium == Decimal("428.57")
    assert q.risk_load == Decimal("150.00")
    assert q.expense_load == Decimal("64.29")
    assert q.commission == Decimal("42.86")
    parts = q.pure_premium + q.risk_load + q.fixed_expense + q.expense_load + q.commission + q.profit_load
    assert parts == q.gross_premium
    assert q.service_price == Decimal("240.00")
    assert q.total_premium == Decimal("668.57")
    assert q.rate == pytest.approx(428.57 / 100_000)


def test_cost_of_capital_variance_and_minimum_premium():
    r = _two_point()
    coc = price(r, Loadings(risk_load_method="cost_of_capital", cost_of_capital_rate=0.1))
    assert coc.risk_load == Decimal("90.00")  # 0.1 * (1000 - 100)
    var = price(r, Loadings(risk_load_method="variance", risk_load_factor=0.001))
    assert var.risk_load == Decimal("90.00")  # 0.001 * 90 000
    low = price(r, Loadings(risk_load_method="none", minimum_premium=500))
    assert low.minimum_applied
    assert low.insurance_premium == Decimal("500.00")
    assert low.gross_premium == Decimal("100.00")


def test_loadings_reject_impossible_ratios():
    with pytest.raises(ValueError, match="expense_ratio"):
        Loadings(expense_ratio=0.6, commission_ratio=0.3, profit_margin=0.2)
    with pytest.raises(ValueError, match=r"premium\.risk_load_method"):
        Loadings(risk_load_method="magic")


def test_asset_share_two_years_by_hand():
    inp = AssetShareInputs(
        premium=1000,
        expected_claims=600,
        years=2,
        expense_ratio=0.10,
        commission_ratio=0.15,
        initial_expense=200,
        investment_return=0.05,
        renewal_rates=0.8,
        discount_rate=0.10,
    )
    r = project(inp)
    assert r.profits == pytest.approx([-200.0, 187.5, 150.0])
    assert r.fund == pytest.approx([-200.0, -22.5, 126.375])
    assert r.asset_share == pytest.approx([-200.0, -28.125, 126.375 / 0.64])
    assert r.npv == pytest.approx(-200 + 187.5 / 1.1 + 150 / 1.21)
    assert r.profit_margin == pytest.approx(r.npv / (1000 + 800 / 1.1))
    x = (-187.5 + np.sqrt(187.5**2 + 4 * 150 * 200)) / 300
    assert r.irr == pytest.approx(1 / x - 1, rel=1e-9)
    assert r.break_even_year == 2


def test_asset_share_inflation_and_solved_premium():
    base = AssetShareInputs(
        premium=1000,
        expected_claims=600,
        years=3,
        claims_inflation=0.1,
        premium_indexation=0.1,
        initial_expense=100,
    )
    r = project(base)
    assert r.claims == pytest.approx([600, 660, 726])
    assert r.premiums == pytest.approx([1000, 1100, 1210])
    g = solve_premium(base, target_margin=0.05)
    assert project(AssetShareInputs(**{**base.__dict__, "premium": g})).profit_margin == pytest.approx(0.05)
    g_irr = solve_premium(base, target_irr=0.15)
    assert project(AssetShareInputs(**{**base.__dict__, "premium": g_irr})).irr == pytest.approx(
        0.15, abs=1e-7
    )


def test_macro_model_by_hand():
    inp = MacroInputs(
        total_annual_loss=1_000_000,
        industry_loss_shares={"C": 0.6, "J": 0.4},
        size_loss_shares={"large": 0.5, "small": 0.5},
        enterprises={"C": {"large": 10, "small": 100}, "J": {"large": 5, "small": 50}},
        insurable_share=0.5,
        target_loss_ratio=0.5,
        sum_insured={"large": 100_000, "small": 10_000},
        insured_share={"large": 0.2, "small": 0.1},
        fx_to_cny=2.0,
    )
    rows = {(r.industry, r.size): r for r in base_rate_table(inp)}
    c_large = rows[("C", "large")]
    assert c_large.cell_loss == pytest.approx(2_000_000 * 0.6 * 0.5)  # 600 000 CNY
    assert c_large.expected_loss_per_enterprise == pytest.approx(60_000)
    assert c_large.expected_insured_loss == pytest.approx(30_000)
    assert c_large.pure_premium == pytest.approx(30_000)  # the expected insured loss, unloaded
    assert c_large.premium_at_target_loss_ratio == pytest.approx(60_000)  # 30 000 / 0.5
    assert c_large.pure_rate == pytest.approx(0.3)
    assert c_large.base_rate == pytest.approx(0.6)
    assert c_large.premium_volume == pytest.approx(60_000 * 10 * 0.2)
    assert rows[("J", "small")].expected_loss_per_enterprise == pytest.approx(2_000_000 * 0.2 / 50)
    assert sum(r.cell_loss for r in rows.values()) == pytest.approx(2_000_000)


def test_shipped_macro_file_is_consistent_and_sourced():
    inp = load_macro_inputs()
    rows = base_rate_table(inp)
    assert sum(r.cell_loss for r in rows) == pytest.approx(60e9 * inp.fx_to_cny, rel=1e-9)
    assert sum(r.enterprises for r in rows) == pytest.approx(18_570_000, rel=1e-9)
    assert inp.sources
    assert "seed" in inp.sources
    assert all(r.base_rate > 0 for r in rows)


def test_default_assumption_set_is_anchored_and_traceable():
    aset = default_assumption_set()
    assert "STARTING POINT" in aset.data["status"]
    assert len(aset.data["method_source"]) >= 4
    assert aset.data["legal_basis"]
    fx = aset.fx
    large = aset.severity("large")
    assert float(large.cdf(200_000 * fx)) == pytest.approx(0.5)  # IRIS 20/20 typical loss
    assert float(large.sf(20e6 * fx)) == pytest.approx(0.10)  # 10% above USD 20M
    assert aset.severity("sme").mean == pytest.approx(178_000 * fx, rel=1e-9)  # NetDiligence SME
    assert aset.frequency("J", "10m_100m").mean == pytest.approx(0.06)
    assert aset.revenue_band(5e7) == "10m_100m"
    ref = aset.reference()
    assert len(ref["fingerprint"]) == 64
    changed = type(aset)({**aset.data, "version": "2099.1"})
    assert changed.fingerprint != aset.fingerprint
    r = fft_aggregate(aset.frequency("C", "10m_100m"), aset.severity("sme"))
    quote = price(r, aset.loadings(), assumption_set=ref)
    assert quote.to_dict()["assumption_set"]["fingerprint"] == ref["fingerprint"]
    assert quote.insurance_premium >= Decimal("2000.00")

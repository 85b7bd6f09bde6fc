"""Issue 12: cases that used to give a wrong number with exit code 0, each against an independent reference.

The reference for the distribution function is a Panjer recursion written here, on a fine lattice that
stops at the amount of interest: below ``V`` only claims below ``V`` matter, so a defective severity
(rounded up: a lower bound of ``F_S``; rounded down: an upper bound) gives ``F_S`` on ``[0, V]``
without any tail choice. Means and variances come from closed forms.
"""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest

from cyberins.actuarial import (
    Lognormal,
    MacroInputs,
    Pareto,
    Poisson,
    PolicyTerms,
    base_rate_table,
    compound_moments,
    default_assumption_set,
    fft_aggregate,
    price,
)
from cyberins.actuarial.discretise import DEFAULT_MAX_LOG2, choose_grid
from cyberins.actuarial.macro import expected_insured_loss
from cyberins.actuarial.premium import Loadings
from cyberins.cli import main


def _panjer_cdf(lam: float, cdf_y, upto: float, k: int) -> tuple[np.ndarray, np.ndarray, float]:
    """Lower and upper bounds of ``F_S(j h)``, ``j = 0..k``, ``h = upto / k`` (Poisson frequency)."""
    h = upto / k
    t = h * np.arange(k + 2)
    out = []
    for cdf in (cdf_y(t[: k + 1]), cdf_y(t[1 : k + 2])):  # round up, round down
        f = np.diff(np.concatenate(([0.0], cdf)))
        g = np.zeros(k + 1)
        g[0] = math.exp(lam * (f[0] - 1.0))
        jf = lam * np.arange(k + 1) * f
        for n in range(1, k + 1):
            g[n] = jf[1 : n + 1] @ g[n - 1 :: -1][:n] / n
        out.append(np.cumsum(g))
    return out[0], out[1], h


def _reference_var_tvar(lam, cdf_y, mean_s, p, upto, k=20_000):
    lo, hi, h = _panjer_cdf(lam, cdf_y, upto, k)
    v_hi = h * np.searchsorted(lo, p)  # F_lo <= F: its quantile is an upper bound
    v_lo = h * np.searchsorted(hi, p)
    assert v_hi < upto, "reference range too short"
    v = (v_hi + v_lo) / 2
    j = round(v / h)
    # E[min(S, v)] = ∫_0^v (1 - F) dt, bracketed by the two bounds of F
    lim = h * np.sum(1.0 - (lo[:j] + hi[:j]) / 2)
    return (v_lo, v_hi), v + (mean_s - lim) / (1 - p), h


@pytest.mark.parametrize(
    "sev",
    [Pareto(1.1, 100_000), Lognormal.from_median(150_000, 2.0)],
    ids=["pareto_1.1", "lognormal_sigma2"],
)
def test_unlimited_heavy_tail_matches_independent_reference(sev):
    lam = 0.3
    r = fft_aggregate(Poisson(lam), sev, PolicyTerms())
    exact_mean = lam * float(sev.mean)
    assert r.mean == pytest.approx(exact_mean, rel=1e-9)  # the tail above the cap is added back exactly
    for p in (0.99, 0.995):
        v = r.var(p)
        (v_lo, v_hi), tvar_ref, _h = _reference_var_tvar(lam, sev.cdf, exact_mean, p, upto=3 * v)
        assert v_lo - 2 * r.bucket <= v <= v_hi + 2 * r.bucket
        assert v == pytest.approx((v_lo + v_hi) / 2, rel=2e-3)
        assert r.tvar(p) == pytest.approx(tvar_ref, rel=2e-3)
    # VaR used to come out 0 or several times too large: now it is resolved to 1 %
    assert r.info["var_resolution"] <= 1e-2 * r.var(0.99)


def test_unlimited_pareto_variance_is_reported_infinite_not_a_number():
    r = fft_aggregate(Poisson(0.3), Pareto(1.5, 100_000), PolicyTerms())
    assert r.summary()["std"] is None
    assert r.summary()["skewness"] is None
    assert r.mean == pytest.approx(0.3 * 100_000 / 0.5, rel=1e-9)


def test_unlimited_lognormal_variance_is_the_closed_form():
    sev = Lognormal.from_median(150_000, 2.0)
    r = fft_aggregate(Poisson(0.3), sev, PolicyTerms())
    mean, var = compound_moments(Poisson(0.3), sev, PolicyTerms())
    assert r.std == pytest.approx(math.sqrt(var), rel=1e-12)
    assert r.mean == pytest.approx(mean, rel=1e-12)


def test_very_many_claims_keep_mean_and_std():
    """E[N] = 100 000 used to exceed the FFT length cap; the tail was lumped."""
    freq, sev, terms = Poisson(100_000), Lognormal.from_median(150_000, 2.0), PolicyTerms(50_000, 5_000_000)
    r = fft_aggregate(freq, sev, terms)
    mean, var = compound_moments(freq, sev, terms)
    assert r.mean == pytest.approx(mean, rel=1e-9)
    assert r.std == pytest.approx(math.sqrt(var), rel=1e-3)
    # nearly normal: VaR99 close to mean + 2.326 sd (skewness is small)
    assert r.var(0.99) == pytest.approx(mean + 2.326 * math.sqrt(var), rel=2e-3)
    assert r.info["n"] <= 1 << 22


def test_aggregate_deductible_p_zero_is_bracketed_not_read_off_the_lattice():
    lam, sev, terms = (
        0.3,
        Lognormal.from_median(150_000, 2.0),
        PolicyTerms(50_000, 5_000_000, aggregate_deductible=100_000),
    )
    r = fft_aggregate(Poisson(lam), sev, terms)

    def cdf_y(t):
        return np.where(t >= 5_000_000, 1.0, sev.cdf(50_000 + t))

    lo, hi, _ = _panjer_cdf(lam, cdf_y, 100_000, 20_000)
    assert lo[-1] <= r.p_zero + r.info["p_zero_error"] + 1e-12
    assert r.p_zero - r.info["p_zero_error"] - 1e-12 <= hi[-1]
    assert r.info["p_zero_error"] <= 1e-6
    assert r.p_zero == pytest.approx((lo[-1] + hi[-1]) / 2, abs=5e-6)


def test_coarsening_picks_the_finest_grid_that_fits_the_length():
    freq, sev, terms = Poisson(40.0), Lognormal.from_median(150_000, 2.0), PolicyTerms(0, 5_000_000)
    grid, _ = choose_grid(freq, sev, terms)
    assert grid.n <= 1 << DEFAULT_MAX_LOG2
    finer, _ = choose_grid(freq, sev, terms, buckets_per_layer=int(grid.buckets_per_layer * 1.05) + 1)
    assert finer.n > 1 << DEFAULT_MAX_LOG2  # 5 % more points no longer fit: nothing finer was left out


def _cli(monkeypatch, capsys, req):
    monkeypatch.setattr("sys.stdin", io.StringIO(req if isinstance(req, str) else json.dumps(req)))
    code = main(["price", "-"])
    return code, capsys.readouterr()


BASE = {
    "frequency": {"dist": "poisson", "mean": 0.3},
    "severity": {"dist": "lognormal", "median": 150000, "sigma": 2},
}


@pytest.mark.parametrize(
    ("req", "field"),
    [
        ({**BASE, "terms": {"limit": 1e300}}, "terms.limit"),
        ({**BASE, "severity": {"dist": "pareto", "shape": 0.9, "scale": 1e5}}, "terms.limit"),
        ({**BASE, "severity": {"dist": "pareto", "shape": 1.0, "scale": 1e5}}, "terms.limit"),
        ({**BASE, "severity": {"dist": "lognormal", "median": 150000, "sigma": 1e300}}, "severity.sigma"),
        ({**BASE, "terms": {"limit": 5e6}, "buckets_per_layer": 10_000_000}, "buckets_per_layer"),
        ({**BASE, "terms": {"deductible": 1e300}}, "terms.deductible"),
        (
            '{"frequency": {"dist": "poisson", "mean": 0.3}, "severity": {"dist": "lognormal", '
            '"median": 150000, "sigma": Infinity}}',
            "Infinity",
        ),
    ],
)
def test_bad_cases_are_coded_errors_naming_the_field(monkeypatch, capsys, req, field):
    code, out = _cli(monkeypatch, capsys, req)
    assert code == 2
    assert out.err.startswith("error: ")
    assert field in out.err
    assert "Traceback" not in out.err
    assert out.out == ""


def test_limited_pareto_with_infinite_mean_still_prices():
    r = fft_aggregate(Poisson(0.3), Pareto(0.9, 100_000), PolicyTerms(0, 1_000_000))
    m, _ = compound_moments(Poisson(0.3), Pareto(0.9, 100_000), PolicyTerms(0, 1_000_000))
    assert r.mean == pytest.approx(m, rel=1e-9)


# --- pricing models --------------------------------------------------------------------------------


def test_cost_of_capital_and_profit_margin_are_not_both_charged():
    with pytest.raises(ValueError, match=r"premium\.profit_margin"):
        Loadings(risk_load_method="cost_of_capital", cost_of_capital_rate=0.1, profit_margin=0.05)
    # Hand example: E[S] = 100, TVaR99.5 - E[S] = 900 (two-point law), 10 % cost of capital,
    # expenses 15 % + commission 10 %: G = (100 + 90 + 500) / (1 - 0.25) = 920.00
    r = fft_aggregate(Poisson(0.1), Lognormal.from_median(1000, 0.1), PolicyTerms(0, 1000))
    q = price(
        r, Loadings(cost_of_capital_rate=0.1, fixed_expense=500, expense_ratio=0.15, commission_ratio=0.1)
    )
    pure, capital = r.mean, r.tvar(0.995) - r.mean
    assert float(q.gross_premium) == pytest.approx((pure + 0.1 * capital + 500) / 0.75, abs=0.01)
    assert float(q.profit_load) == pytest.approx(0.0, abs=0.01)  # the profit is the risk load


def test_macro_pure_premium_is_the_expected_insured_loss_capped_at_the_sum_insured():
    inp = MacroInputs(
        total_annual_loss=1_000_000,
        industry_loss_shares={"C": 1.0},
        size_loss_shares={"large": 1.0},
        enterprises={"C": {"large": 10}},
        insurable_share=0.5,
        target_loss_ratio=0.5,
        sum_insured={"large": 20_000},
        insured_share={"large": 0.2},
    )
    (row,) = base_rate_table(inp)
    # EL = 100 000 per enterprise; κ EL = 50 000 > SI = 20 000: the policy pays at most 20 000
    assert row.expected_insured_loss == pytest.approx(20_000)
    assert row.pure_premium == pytest.approx(20_000)
    assert row.premium_at_target_loss_ratio == pytest.approx(40_000)
    assert row.pure_rate == pytest.approx(1.0)
    assert row.base_rate == pytest.approx(2.0)
    # with a loss distribution: E[min(κX, SI)] by numerical integration of the lognormal
    from scipy import integrate, stats

    s2 = math.log(1 + 9.0)
    dist = stats.lognorm(math.sqrt(s2), scale=math.exp(math.log(100_000) - s2 / 2))
    ref = integrate.quad(lambda x: 0.5 * x * dist.pdf(x), 0, 40_000, limit=400)[0] + 20_000 * dist.sf(40_000)
    assert expected_insured_loss(100_000, 0.5, 20_000, 3.0) == pytest.approx(ref, rel=1e-6)
    assert expected_insured_loss(100_000, 0.5, 20_000, 3.0) < 20_000


def test_assumption_set_labels_judgement_and_cites_the_right_year():
    aset = default_assumption_set()
    status = aset.data["status"]
    assert "JUDGEMENT" in status
    assert "calibrated from published" not in status
    cites = " ".join(m["citation"] for m in aset.data["method_source"])
    assert "NetDiligence Cyber Claims Study, 2019 report" in cites
    assert "2020 report" not in cites
    loads = aset.loadings()
    assert loads.risk_load_method == "cost_of_capital"
    assert loads.profit_margin == 0


def test_monte_carlo_refuses_an_infinite_mean_and_drops_a_meaningless_standard_error():
    from cyberins.actuarial import monte_carlo

    with pytest.raises(ValueError, match=r"terms\.limit"):
        monte_carlo(Poisson(0.3), Pareto(0.9, 1e5), PolicyTerms(), n_years=1000)
    r = monte_carlo(Poisson(0.3), Pareto(1.5, 1e5), PolicyTerms(), n_years=1000)
    assert r.info["mean_standard_error"] is None  # infinite variance

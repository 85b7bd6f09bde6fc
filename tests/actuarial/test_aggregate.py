"""Aggregate distribution against closed forms, Panjer, Monte Carlo and the `aggregate` library."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cyberins.actuarial import (
    Bernoulli,
    Gamma,
    GeneralizedPareto,
    Lognormal,
    NegativeBinomial,
    Pareto,
    Poisson,
    PolicyTerms,
    Weibull,
    compound_moments,
    fft_aggregate,
    monte_carlo,
    panjer_aggregate,
)

# (name, frequency, aggregate frequency clause, severity, aggregate severity clause, terms)
CASES = [
    (
        "pois_logn_xs",
        Poisson(0.3),
        "0.3 claims",
        Lognormal.from_median(150_000, 2.0),
        "150000 * lognorm 2",
        PolicyTerms(50_000, 5_000_000, "excess"),
    ),
    (
        "pois_logn_gu",
        Poisson(0.5),
        "0.5 claims",
        Lognormal.from_median(100_000, 1.5),
        "100000 * lognorm 1.5",
        PolicyTerms(20_000, 2_000_000, "ground_up"),
    ),
    (
        "nb_logn_xs",
        NegativeBinomial(0.4, 0.8),
        "0.4 claims",
        Lognormal.from_median(80_000, 1.8),
        "80000 * lognorm 1.8",
        PolicyTerms(10_000, 1_000_000, "excess"),
    ),
    (
        "pois_gamma",
        Poisson(1.2),
        "1.2 claims",
        Gamma(0.8, 150_000),
        "150000 * gamma 0.8",
        PolicyTerms(25_000, 1_000_000, "excess"),
    ),
    (
        "pois_weibull_gu",
        Poisson(0.8),
        "0.8 claims",
        Weibull(0.7, 120_000),
        "120000 * weibull_min 0.7",
        PolicyTerms(10_000, 3_000_000, "ground_up"),
    ),
    (
        "pois_lomax",
        Poisson(0.25),
        "0.25 claims",
        Pareto(2.2, 300_000),
        "300000 * pareto 2.2 - 300000",
        PolicyTerms(50_000, 10_000_000, "excess"),
    ),
    (
        "pois_gpd",
        Poisson(0.6),
        "0.6 claims",
        GeneralizedPareto(0.4, 100_000, 0.0),
        "100000 * genpareto 0.4",
        PolicyTerms(0.0, 5_000_000, "excess"),
    ),
    (
        "nb_gamma_s50",
        NegativeBinomial(2.0, 5.0),
        "2 claims",
        Gamma(1.5, 40_000),
        "40000 * gamma 1.5",
        PolicyTerms(5_000, 500_000, "excess", share=0.5),
    ),
    (
        "pois_logn_agg_limit",
        Poisson(0.3),
        "0.3 claims",
        Lognormal.from_median(150_000, 2.0),
        "150000 * lognorm 2",
        PolicyTerms(50_000, 5_000_000, "excess", aggregate_limit=10_000_000),
    ),
    (
        "pois_logn_agg_ded",
        Poisson(1.0),
        "1 claims",
        Lognormal.from_median(50_000, 1.2),
        "50000 * lognorm 1.2",
        PolicyTerms(0.0, 1_000_000, "excess", aggregate_deductible=100_000, aggregate_limit=2_000_000),
    ),
    (
        "b01_logn",
        Bernoulli(0.1),
        "0.1 claims",
        Lognormal.from_median(200_000, 2.0),
        "200000 * lognorm 2",
        PolicyTerms(10_000, 2_000_000, "excess"),
    ),
]


def _mixing_clause(freq) -> str:
    if isinstance(freq, Poisson):
        return "poisson"
    if isinstance(freq, NegativeBinomial):
        return f"mixed gamma {math.sqrt(freq.variance - freq.mean) / freq.mean!r}"
    return "bernoulli"


def _agg_program(name, freq, fclause, sclause, terms) -> str:
    layer = f"{terms.width!r} xs {terms.deductible!r}"
    prog = f"agg {name} {fclause} {layer} sev {sclause} ! {_mixing_clause(freq)}"
    if terms.has_aggregate_terms:
        al = terms.aggregate_limit if math.isfinite(terms.aggregate_limit) else 1e15
        prog += f" aggregate ceded to {al!r} xs {terms.aggregate_deductible!r}"
    return prog


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_against_aggregate_library(case):
    build = pytest.importorskip("aggregate").build
    name, freq, fclause, sev, sclause, terms = case
    ours = fft_aggregate(freq, sev, terms, buckets_per_layer=2000)
    share = terms.share  # a share only rescales the amounts: x -> share * x
    bucket = ours.bucket / share
    theirs = build(_agg_program(name, freq, fclause, sclause, terms), log2=17, bs=bucket, normalize=False)
    # agg_m/agg_sd are aggregate's exact gross moments; est_m/est_sd those of its net distribution
    if terms.has_aggregate_terms:
        assert ours.mean == pytest.approx(theirs.est_m * share, rel=2e-4)
        assert ours.std == pytest.approx(theirs.est_sd * share, rel=2e-4)
    else:
        assert ours.mean == pytest.approx(theirs.agg_m * share, rel=1e-6)
        assert ours.std == pytest.approx(theirs.agg_sd * share, rel=2e-5)
    for p in (0.99, 0.995):
        assert ours.var(p) == pytest.approx(theirs.q(p) * share, rel=1e-3, abs=2 * ours.bucket)
        assert ours.tvar(p) == pytest.approx(theirs.tvar(p) * share, rel=1e-3)


@pytest.mark.parametrize("case", [c for c in CASES if not c[5].has_aggregate_terms], ids=lambda c: c[0])
def test_fft_against_closed_form_compound_moments(case):
    _, freq, _, sev, _, terms = case
    mean, var = compound_moments(freq, sev, terms)
    r = fft_aggregate(freq, sev, terms)
    assert r.mean == pytest.approx(mean, rel=1e-6)
    assert r.std == pytest.approx(math.sqrt(var), rel=5e-5)
    # P(no payment) = P_N(F(d)) in closed form
    f0 = float(sev.cdf(terms.deductible))
    assert r.p_zero == pytest.approx(float(np.real(freq.pgf(np.array([f0 + 0j]))[0])), rel=1e-12)


@pytest.mark.parametrize("case", CASES[1:], ids=[c[0] for c in CASES[1:]])
def test_fft_against_panjer(case):
    _, freq, _, sev, _, terms = case
    f = fft_aggregate(freq, sev, terms, buckets_per_layer=200)
    p = panjer_aggregate(freq, sev, terms, buckets_per_layer=200)
    assert p.mean == pytest.approx(f.mean, rel=1e-8)
    assert p.std == pytest.approx(f.std, rel=1e-7)
    assert p.tvar(0.995) == pytest.approx(f.tvar(0.995), rel=1e-7)


@pytest.mark.parametrize("case", [CASES[2], CASES[7], CASES[9]], ids=lambda c: c[0])
def test_fft_against_monte_carlo(case):
    _, freq, _, sev, _, terms = case
    f = fft_aggregate(freq, sev, terms)
    mc = monte_carlo(freq, sev, terms, n_years=400_000, seed=5)
    assert abs(mc.mean - f.mean) < 4 * mc.info["mean_standard_error"]
    assert mc.std == pytest.approx(f.std, rel=0.03)
    assert mc.p_zero == pytest.approx(f.p_zero, abs=0.003)


def test_aggregate_limit_caps_and_creates_an_atom():
    # Bernoulli claim of size exactly 1M (limit) with aggregate limit 600k: pays 600k w.p. p.
    freq, sev = Bernoulli(0.2), Lognormal.from_median(1e9, 0.1)
    r = fft_aggregate(freq, sev, PolicyTerms(0.0, 1_000_000, "excess", aggregate_limit=600_000))
    assert r.mean == pytest.approx(0.2 * 600_000, rel=1e-9)
    assert r.var(0.9) == pytest.approx(600_000)
    assert r.tvar(0.9) == pytest.approx(600_000)
    assert r.tvar(0.5) == pytest.approx(0.2 * 600_000 / 0.5, rel=1e-9)


def test_ground_up_basis_differs_from_excess_by_the_deductible():
    freq, sev = Poisson(0.5), Lognormal.from_median(1e6, 1.0)
    gu = fft_aggregate(freq, sev, PolicyTerms(100_000, 1_000_000, "ground_up"))
    xs = fft_aggregate(freq, sev, PolicyTerms(100_000, 900_000, "excess"))
    assert gu.mean == pytest.approx(xs.mean, rel=1e-12)
    assert gu.var(0.995) == pytest.approx(xs.var(0.995))


def test_unlimited_layer_keeps_the_mean():
    freq, sev = Poisson(0.5), Gamma(2.0, 10_000)
    r = fft_aggregate(freq, sev, PolicyTerms(1_000))
    mean, var = compound_moments(freq, sev, PolicyTerms(1_000))
    assert r.mean == pytest.approx(mean, rel=1e-6)
    assert r.std == pytest.approx(math.sqrt(var), rel=1e-4)

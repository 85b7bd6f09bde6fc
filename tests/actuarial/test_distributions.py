"""Frequencies and severities against scipy.stats and numerical integration."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, stats

from cyberins.actuarial import (
    Bernoulli,
    Binomial,
    Empirical,
    Gamma,
    GeneralizedPareto,
    Lognormal,
    Mixture,
    NegativeBinomial,
    Pareto,
    Poisson,
    Weibull,
    fit_lognormal_median_percentile,
    severity_from_mean_cv,
)

SEVERITIES = {
    "lognormal": (Lognormal.from_median(150_000, 2.0), stats.lognorm(2.0, scale=150_000)),
    "gamma": (Gamma(0.7, 200_000), stats.gamma(0.7, scale=200_000)),
    "weibull": (Weibull(0.6, 100_000), stats.weibull_min(0.6, scale=100_000)),
    "pareto": (Pareto(2.5, 300_000), stats.lomax(2.5, scale=300_000)),
    "gpd": (GeneralizedPareto(0.3, 100_000, 5_000), stats.genpareto(0.3, loc=5_000, scale=100_000)),
    "gpd_bounded": (GeneralizedPareto(-0.2, 100_000, 0.0), stats.genpareto(-0.2, scale=100_000)),
    "exponential": (GeneralizedPareto(0.0, 80_000, 0.0), stats.expon(scale=80_000)),
}


@pytest.mark.parametrize("name", sorted(SEVERITIES))
def test_cdf_and_ppf_match_scipy(name):
    sev, ref = SEVERITIES[name]
    x = np.array([1_000.0, 50_000.0, 250_000.0, 3e6])
    assert np.allclose(sev.cdf(x), ref.cdf(x), rtol=1e-10, atol=1e-14)
    q = np.array([0.1, 0.5, 0.9, 0.999])
    assert np.allclose(sev.ppf(q), ref.ppf(q), rtol=1e-9)


@pytest.mark.parametrize("name", sorted(SEVERITIES))
def test_limited_moments_match_numerical_integration(name):
    sev, ref = SEVERITIES[name]
    for x in (20_000.0, 400_000.0, 5e6):
        lev1 = integrate.quad(lambda t: ref.sf(t), 0, x, limit=200, points=[1e4, 1e5, 1e6])[0]
        lev2 = integrate.quad(lambda t: 2 * t * ref.sf(t), 0, x, limit=200, points=[1e4, 1e5, 1e6])[0]
        assert float(sev.lev(x)) == pytest.approx(lev1, rel=1e-7)
        assert float(sev.lev2(x)) == pytest.approx(lev2, rel=1e-7)


@pytest.mark.parametrize("name", ["lognormal", "gamma", "weibull", "gpd", "exponential"])
def test_unlimited_moments_match_scipy(name):
    sev, ref = SEVERITIES[name]
    assert sev.mean == pytest.approx(ref.mean(), rel=1e-9)
    assert sev.second_moment == pytest.approx(ref.moment(2), rel=1e-8)


def test_samples_follow_the_distribution():
    rng = np.random.default_rng(11)
    for sev, ref in SEVERITIES.values():
        draws = sev.sample(rng, 20_000)
        assert stats.kstest(draws, ref.cdf).pvalue > 1e-4


def test_empirical_limited_moments_are_exact():
    sev = Empirical((10.0, 20.0, 30.0, 40.0))
    assert float(sev.lev(25.0)) == pytest.approx((10 + 20 + 25 + 25) / 4)
    assert float(sev.lev2(25.0)) == pytest.approx((100 + 400 + 625 + 625) / 4)
    assert float(sev.cdf(20.0)) == 0.5
    assert float(sev.ppf(0.5)) == 20.0
    assert sev.mean == 25.0


def test_mixture_mixes_every_moment():
    a, b = Lognormal.from_median(1e5, 1.0), Gamma(2.0, 50_000)
    mix = Mixture((a, b), (3.0, 1.0), ("ransomware", "ddos"))
    assert mix.weights == (0.75, 0.25)
    x = 250_000.0
    assert float(mix.lev(x)) == pytest.approx(0.75 * float(a.lev(x)) + 0.25 * float(b.lev(x)))
    q = float(mix.ppf(0.9))
    assert float(mix.cdf(q)) == pytest.approx(0.9, abs=1e-9)


def test_fit_lognormal_from_iris_figures():
    sev = fit_lognormal_median_percentile(200_000, 20_000_000, 0.9)
    assert float(sev.cdf(200_000)) == pytest.approx(0.5)
    assert float(sev.sf(20_000_000)) == pytest.approx(0.10)
    assert sev.sigma == pytest.approx(np.log(100) / stats.norm.ppf(0.9))


@pytest.mark.parametrize("dist", ["lognormal", "gamma", "weibull", "pareto", "gpd"])
def test_severity_from_mean_and_cv(dist):
    sev = severity_from_mean_cv(dist, 178_000, 2.5)
    assert sev.mean == pytest.approx(178_000, rel=1e-8)
    cv = np.sqrt(sev.second_moment - sev.mean**2) / sev.mean
    assert cv == pytest.approx(2.5, rel=1e-6)


@pytest.mark.parametrize(
    ("freq", "ref"),
    [
        (Poisson(0.7), stats.poisson(0.7)),
        (NegativeBinomial(0.5, 1.5), stats.nbinom(0.25, 1 / 3)),
        (Binomial(10, 0.05), stats.binom(10, 0.05)),
        (Bernoulli(0.1), stats.bernoulli(0.1)),
    ],
)
def test_frequency_moments_pgf_and_panjer(freq, ref):
    assert freq.mean == pytest.approx(ref.mean())
    assert freq.variance == pytest.approx(ref.var())
    assert freq.third_central_moment == pytest.approx(ref.stats(moments="s") * ref.std() ** 3)
    z = np.array([0.3 + 0.2j, -0.5 + 0.1j])
    k = np.arange(60)
    assert np.allclose(freq.pgf(z), [(ref.pmf(k) * zz**k).sum() for zz in z])
    a, b = freq.panjer_ab()
    pk = ref.pmf(np.arange(1, 6))
    assert np.allclose(pk[1:], (a + b / np.arange(2, 6)) * pk[:-1])
    draws = freq.sample(np.random.default_rng(1), 200_000)
    assert draws.mean() == pytest.approx(ref.mean(), abs=5 * ref.std() / np.sqrt(2e5))


def test_thinning_keeps_the_family_and_scales_the_mean():
    nb = NegativeBinomial(0.5, 1.5).thinned(0.4)
    assert isinstance(nb, NegativeBinomial)
    assert nb.mean == pytest.approx(0.2)
    assert nb.r == pytest.approx(NegativeBinomial(0.5, 1.5).r)

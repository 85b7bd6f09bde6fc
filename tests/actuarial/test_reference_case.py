"""The issue's reference case: FFT (default settings), Panjer and Monte Carlo."""

from __future__ import annotations

import math

import pytest

from cyberins.actuarial import compound_moments, fft_aggregate, monte_carlo, panjer_aggregate

from .conftest import TARGET


def test_closed_form_moments_match_published_values(target_case):
    mean, var = compound_moments(*target_case)
    assert mean == pytest.approx(TARGET["mean"], abs=0.01)
    assert math.sqrt(var) == pytest.approx(TARGET["std"], abs=0.01)


def test_fft_default_settings_meet_the_accuracy_targets(target_case):
    r = fft_aggregate(*target_case)
    exact_mean, exact_var = compound_moments(*target_case)
    assert r.mean == pytest.approx(exact_mean, rel=1e-6)
    assert r.std == pytest.approx(math.sqrt(exact_var), rel=1e-5)
    assert r.p_zero == pytest.approx(TARGET["p_zero"], abs=5e-7)
    assert r.var(0.99) == TARGET["var99"]
    assert r.var(0.995) == TARGET["var995"]
    assert r.tvar(0.99) == pytest.approx(TARGET["tvar99"], rel=1e-4)
    assert r.tvar(0.995) == pytest.approx(TARGET["tvar995"], rel=1e-4)
    assert r.expected_paying_claims == pytest.approx(0.3 * 0.708602, rel=1e-5)


def test_tvar_splits_the_atom_at_the_limit(target_case):
    # VaR99 = VaR99.5 = 5M sits on an atom; TVaR = VaR + E[(S - VaR)+]/(1 - p), so the excess
    # over VaR doubles from p = 0.99 to p = 0.995. Averaging S over {S >= VaR} would not.
    r = fft_aggregate(*target_case)
    excess = r.stop_loss(5_000_000.0)
    assert r.tvar(0.99) - 5e6 == pytest.approx(excess / 0.01, rel=1e-12)
    assert r.tvar(0.995) - 5e6 == pytest.approx(2 * (r.tvar(0.99) - 5e6), rel=1e-12)
    x, _p_exceed = r.exceedance_curve()
    naive = float((x[x >= 5e6] * r.pmf[x >= 5e6]).sum() / r.pmf[x >= 5e6].sum())
    # the naive average ignores p altogether: it is the same for p = 0.99 and 0.995
    assert naive < r.tvar(0.99) - 30_000
    assert naive < r.tvar(0.995) - 200_000


def test_panjer_agrees_with_fft(target_case):
    f = fft_aggregate(*target_case)
    p = panjer_aggregate(*target_case)
    assert p.mean == pytest.approx(f.mean, rel=1e-9)
    assert p.std == pytest.approx(f.std, rel=1e-8)
    assert p.tvar(0.995) == pytest.approx(f.tvar(0.995), rel=1e-8)
    assert abs(p.cdf[:2000] - f.cdf[:2000]).max() < 1e-10


def test_monte_carlo_agrees_within_sampling_error(target_case):
    r = monte_carlo(*target_case, n_years=1_000_000, seed=7)
    se = r.info["mean_standard_error"]
    assert abs(r.mean - TARGET["mean"]) < 4 * se
    assert r.p_zero == pytest.approx(TARGET["p_zero"], abs=4 * math.sqrt(0.19 * 0.81 / 1e6))
    assert r.var(0.99) == 5e6
    assert r.tvar(0.995) == pytest.approx(TARGET["tvar995"], rel=0.02)


def test_monte_carlo_is_reproducible(target_case):
    a = monte_carlo(*target_case, n_years=10_000, seed=3)
    b = monte_carlo(*target_case, n_years=10_000, seed=3)
    c = monte_carlo(*target_case, n_years=10_000, seed=4)
    assert (a.samples == b.samples).all()
    assert not (a.samples == c.samples).all()

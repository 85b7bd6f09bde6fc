"""Fitting helpers: a severity from a median and a percentile, or from a mean and a CV."""

from __future__ import annotations

import numpy as np
from scipy import optimize, special

from cyberins.actuarial._validation import positive
from cyberins.actuarial.severity import Gamma, GeneralizedPareto, Lognormal, Pareto, Severity, Weibull


def fit_lognormal_median_percentile(median: float, value: float, p: float) -> Lognormal:
    """Lognormal whose median is ``median`` and whose ``p``-quantile is ``value``.

    ``σ = ln(value / median) / Φ^{-1}(p)``. For example IRIS 20/20 (typical loss about
    USD 200k, 10% of losses above USD 20M) gives ``fit_lognormal_median_percentile(2e5,
    2e7, 0.9)``, σ ≈ 3.59.
    """
    m = positive("median", median)
    v = positive("value", value)
    if not 0 < p < 1 or p == 0.5:
        raise ValueError(f"p must be a probability in (0, 1) other than 0.5, got {p!r}")
    sigma = float(np.log(v / m) / special.ndtri(p))
    if not sigma > 0:
        raise ValueError("value must lie above the median for p > 0.5 (below it for p < 0.5)")
    return Lognormal.from_median(m, sigma)


def severity_from_mean_cv(dist: str, mean: float, cv: float) -> Severity:
    """A severity of family ``dist`` with the given mean and coefficient of variation.

    lognormal: ``σ² = ln(1 + cv²)``, ``μ = ln mean - σ²/2``; gamma: ``α = 1/cv²``,
    ``θ = mean cv²``; weibull: ``Γ(1+2/τ)/Γ(1+1/τ)² = 1 + cv²`` solved for τ; pareto
    (Lomax): ``α = 2cv²/(cv² - 1)`` (needs cv > 1); gpd: ``ξ = (1 - 1/cv²)/2``,
    ``σ = mean (1 - ξ)``.
    """
    m = positive("severity.mean", mean)
    c = positive("severity.cv", cv)
    if dist == "lognormal":
        s2 = float(np.log1p(c * c))
        return Lognormal(float(np.log(m)) - s2 / 2, float(np.sqrt(s2)))
    if dist == "gamma":
        return Gamma(1.0 / (c * c), m * c * c)
    if dist == "weibull":

        def gap(tau: float) -> float:
            return float(special.gammaln(1 + 2 / tau) - 2 * special.gammaln(1 + 1 / tau) - np.log1p(c * c))

        tau = optimize.brentq(gap, 0.02, 500.0)
        return Weibull(tau, m / float(special.gamma(1 + 1 / tau)))
    if dist == "pareto":
        if c <= 1:
            raise ValueError("severity.cv must exceed 1 for a Pareto (Lomax) severity")
        alpha = 2 * c * c / (c * c - 1)
        return Pareto(alpha, m * (alpha - 1))
    if dist == "gpd":
        xi = (1 - 1 / (c * c)) / 2
        return GeneralizedPareto(xi, m * (1 - xi), 0.0)
    raise ValueError(f"severity.dist must be one of gamma, gpd, lognormal, pareto, weibull, got {dist!r}")

"""Severity (single-loss amount) distributions with closed-form limited moments.

Every severity gives the distribution function, the limited expected values
``E[min(X, x)]`` and ``E[min(X, x)^2]`` in closed form and vectorised (these drive the
mean-preserving discretisation and the exact compound moments), the quantile function
and random draws.

References
----------
.. [1] Klugman, S. A., Panjer, H. H. and Willmot, G. E. (2019). *Loss Models*, 5th ed.,
   Wiley. Appendix A (limited expected values of the continuous families).
.. [2] Embrechts, P., Klüppelberg, C. and Mikosch, T. (1997). *Modelling Extremal Events*,
   Springer. Section 3.4 (the generalized Pareto distribution).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from cyberins.actuarial._validation import finite, non_negative, positive

Array = NDArray[np.float64]

#: a lognormal σ beyond this overflows the limited moments (e^{2μ + 2σ²}) and means nothing
MAX_LOGNORMAL_SIGMA = 10.0
#: ln(1e15): medians and scales are bounded by the engine's largest amount
MAX_LOG_AMOUNT = 34.5


def _scale(value: object) -> float:
    result = positive("severity.scale", value)
    if result > 1e15:
        raise ValueError(f"severity.scale must be at most 1e15, got {value!r}")
    return result


def _arr(x: ArrayLike) -> Array:
    return np.asarray(x, dtype=np.float64)


class Severity(ABC):
    """Base class of loss-amount distributions on ``[0, ∞)``."""

    name: str = ""

    @abstractmethod
    def cdf(self, x: ArrayLike) -> Array:
        """``F(x) = P(X <= x)``."""

    def sf(self, x: ArrayLike) -> Array:
        """Survival function ``P(X > x)``."""
        return 1.0 - self.cdf(x)

    @abstractmethod
    def lev(self, x: ArrayLike) -> Array:
        """Limited expected value ``E[min(X, x)] = ∫_0^x S(t) dt``."""

    @abstractmethod
    def lev2(self, x: ArrayLike) -> Array:
        """Limited second moment ``E[min(X, x)^2] = 2 ∫_0^x t S(t) dt``."""

    @abstractmethod
    def ppf(self, q: ArrayLike) -> Array:
        """Quantile function (left-continuous inverse of ``F``)."""

    def sample(self, rng: np.random.Generator, size: int) -> Array:
        """Draw ``size`` independent losses (inverse transform unless overridden)."""
        return self.ppf(rng.random(size))

    @property
    def mean(self) -> float:
        """``E[X]`` (``inf`` where it does not exist)."""
        return float(self.lev(np.inf))

    @property
    def second_moment(self) -> float:
        """``E[X^2]`` (``inf`` where it does not exist)."""
        return float(self.lev2(np.inf))

    def to_dict(self) -> dict[str, object]:
        """JSON form understood by :func:`severity_from_dict`."""
        raise NotImplementedError


@dataclass(frozen=True)
class Lognormal(Severity):
    """Lognormal: ``ln X ~ N(mu, sigma^2)``; the median is ``exp(mu)``.

    ``E[min(X,x)^k] = e^{kμ + k²σ²/2} Φ((ln x - μ - kσ²)/σ) + x^k (1 - Φ((ln x - μ)/σ))``.
    """

    mu: float
    sigma: float
    name = "lognormal"

    def __post_init__(self) -> None:
        mu = finite("severity.mu", self.mu)
        sigma = positive("severity.sigma", self.sigma)
        if sigma > MAX_LOGNORMAL_SIGMA:
            raise ValueError(
                f"severity.sigma must be at most {MAX_LOGNORMAL_SIGMA:g} (the 99th percentile would be "
                f"e^{2.33 * MAX_LOGNORMAL_SIGMA:.0f} times the median), got {self.sigma!r}"
            )
        if abs(mu) > MAX_LOG_AMOUNT:
            raise ValueError(
                f"severity.mu (or median) must give a median between 1e-15 and 1e15, got {self.mu!r}"
            )
        object.__setattr__(self, "mu", mu)
        object.__setattr__(self, "sigma", sigma)

    @classmethod
    def from_median(cls, median: float, sigma: float) -> Lognormal:
        """Lognormal with the given median and log-standard deviation."""
        return cls(float(np.log(positive("severity.median", median))), sigma)

    def _z(self, x: Array) -> Array:
        with np.errstate(divide="ignore"):
            return (np.log(x) - self.mu) / self.sigma

    def cdf(self, x: ArrayLike) -> Array:
        return special.ndtr(self._z(np.maximum(_arr(x), 0.0)))

    def sf(self, x: ArrayLike) -> Array:
        return special.ndtr(-self._z(np.maximum(_arr(x), 0.0)))

    def _limited(self, x: ArrayLike, k: int) -> Array:
        x = np.maximum(_arr(x), 0.0)
        z = self._z(x)
        s = self.sigma
        head = np.exp(k * self.mu + 0.5 * k * k * s * s) * special.ndtr(z - k * s)
        with np.errstate(invalid="ignore"):
            tail = np.where(np.isinf(x), 0.0, x**k * special.ndtr(-z))
        return head + tail

    def lev(self, x: ArrayLike) -> Array:
        return self._limited(x, 1)

    def lev2(self, x: ArrayLike) -> Array:
        return self._limited(x, 2)

    def ppf(self, q: ArrayLike) -> Array:
        return np.exp(self.mu + self.sigma * special.ndtri(_arr(q)))

    def sample(self, rng: np.random.Generator, size: int) -> Array:
        return np.exp(self.mu + self.sigma * rng.standard_normal(size))

    def to_dict(self) -> dict[str, object]:
        return {"dist": "lognormal", "mu": self.mu, "sigma": self.sigma}


@dataclass(frozen=True)
class Gamma(Severity):
    """Gamma with ``shape`` α and ``scale`` θ (mean αθ).

    ``E[min(X,x)^k] = θ^k Γ(α+k)/Γ(α) P(α+k, x/θ) + x^k (1 - P(α, x/θ))`` with ``P`` the
    regularised lower incomplete gamma function.
    """

    shape: float
    scale: float
    name = "gamma"

    def __post_init__(self) -> None:
        object.__setattr__(self, "shape", positive("severity.shape", self.shape))
        object.__setattr__(self, "scale", _scale(self.scale))

    def cdf(self, x: ArrayLike) -> Array:
        return special.gammainc(self.shape, np.maximum(_arr(x), 0.0) / self.scale)

    def sf(self, x: ArrayLike) -> Array:
        return special.gammaincc(self.shape, np.maximum(_arr(x), 0.0) / self.scale)

    def _limited(self, x: ArrayLike, k: int) -> Array:
        x = np.maximum(_arr(x), 0.0)
        a, t = self.shape, self.scale
        coef = t**k * np.exp(special.gammaln(a + k) - special.gammaln(a))
        with np.errstate(invalid="ignore"):
            tail = np.where(np.isinf(x), 0.0, x**k * special.gammaincc(a, x / t))
        return coef * special.gammainc(a + k, x / t) + tail

    def lev(self, x: ArrayLike) -> Array:
        return self._limited(x, 1)

    def lev2(self, x: ArrayLike) -> Array:
        return self._limited(x, 2)

    def ppf(self, q: ArrayLike) -> Array:
        return self.scale * special.gammaincinv(self.shape, _arr(q))

    def sample(self, rng: np.random.Generator, size: int) -> Array:
        return rng.gamma(self.shape, self.scale, size)

    def to_dict(self) -> dict[str, object]:
        return {"dist": "gamma", "shape": self.shape, "scale": self.scale}


@dataclass(frozen=True)
class Weibull(Severity):
    """Weibull with ``shape`` τ and ``scale`` θ: ``S(x) = exp(-(x/θ)^τ)``.

    ``E[min(X,x)^k] = θ^k Γ(1 + k/τ) P(1 + k/τ, (x/θ)^τ) + x^k S(x)``.
    """

    shape: float
    scale: float
    name = "weibull"

    def __post_init__(self) -> None:
        object.__setattr__(self, "shape", positive("severity.shape", self.shape))
        object.__setattr__(self, "scale", _scale(self.scale))

    def _u(self, x: ArrayLike) -> Array:
        return (np.maximum(_arr(x), 0.0) / self.scale) ** self.shape

    def cdf(self, x: ArrayLike) -> Array:
        return -np.expm1(-self._u(x))

    def sf(self, x: ArrayLike) -> Array:
        return np.exp(-self._u(x))

    def _limited(self, x: ArrayLike, k: int) -> Array:
        x = np.maximum(_arr(x), 0.0)
        u = self._u(x)
        c = 1.0 + k / self.shape
        with np.errstate(invalid="ignore"):
            tail = np.where(np.isinf(x), 0.0, x**k * np.exp(-u))
        return self.scale**k * special.gamma(c) * special.gammainc(c, u) + tail

    def lev(self, x: ArrayLike) -> Array:
        return self._limited(x, 1)

    def lev2(self, x: ArrayLike) -> Array:
        return self._limited(x, 2)

    def ppf(self, q: ArrayLike) -> Array:
        return self.scale * (-np.log1p(-_arr(q))) ** (1.0 / self.shape)

    def to_dict(self) -> dict[str, object]:
        return {"dist": "weibull", "shape": self.shape, "scale": self.scale}


def _power_integral(u: Array, c: float) -> Array:
    """``∫_1^u v^c dv`` (``ln u`` when ``c = -1``)."""
    if abs(c + 1.0) < 1e-12:
        return np.log(u)
    with np.errstate(over="ignore"):
        return (u ** (c + 1.0) - 1.0) / (c + 1.0)


@dataclass(frozen=True)
class GeneralizedPareto(Severity):
    """Generalized Pareto with ``shape`` ξ, ``scale`` σ, ``loc`` μ ≥ 0: ``X = μ + Y``,
    ``S_Y(y) = (1 + ξ y / σ)^{-1/ξ}`` (``exp(-y/σ)`` for ξ = 0).

    ``E[min(Y, y)] = σ (1 - (1 + ξy/σ)^{1 - 1/ξ}) / (1 - ξ)`` (ξ ≠ 1) and
    ``E[min(Y, y)^2] = 2 (σ/ξ)^2 (I(1 - 1/ξ) - I(-1/ξ))`` with ``I(c) = ∫_1^{1+ξy/σ} v^c dv``.
    The mean is finite for ξ < 1, the variance for ξ < 1/2. ξ < 0 gives a bounded loss.
    """

    shape: float
    scale: float
    loc: float = 0.0
    name = "gpd"

    def __post_init__(self) -> None:
        object.__setattr__(self, "shape", finite("severity.shape", self.shape))
        object.__setattr__(self, "scale", _scale(self.scale))
        object.__setattr__(self, "loc", non_negative("severity.loc", self.loc))

    @property
    def _upper(self) -> float:
        return -self.scale / self.shape if self.shape < 0 else np.inf

    def _y(self, x: ArrayLike) -> Array:
        return np.clip(_arr(x) - self.loc, 0.0, self._upper)

    def sf(self, x: ArrayLike) -> Array:
        y = self._y(x)
        xi, s = self.shape, self.scale
        if xi == 0:
            return np.exp(-y / s)
        with np.errstate(divide="ignore"):
            out = np.power(1.0 + xi * y / s, -1.0 / xi)
        return np.where(_arr(x) >= self.loc + self._upper, 0.0, out)

    def cdf(self, x: ArrayLike) -> Array:
        return 1.0 - self.sf(x)

    def _lev_y(self, y: Array) -> Array:
        xi, s = self.shape, self.scale
        if xi == 0:
            return s * -np.expm1(-y / s)
        u = 1.0 + xi * y / s
        if abs(xi - 1.0) < 1e-12:
            return s * np.log(u)
        with np.errstate(over="ignore", divide="ignore"):
            return s * (1.0 - u ** (1.0 - 1.0 / xi)) / (1.0 - xi)

    def _lev2_y(self, y: Array) -> Array:
        xi, s = self.shape, self.scale
        if xi == 0:
            with np.errstate(invalid="ignore"):
                tail = np.where(np.isinf(y), 0.0, (y / s) * np.exp(-y / s))
            return 2 * s * s * -(np.expm1(-y / s) + tail)
        u = 1.0 + xi * y / s
        return 2.0 * (s / xi) ** 2 * (_power_integral(u, 1.0 - 1.0 / xi) - _power_integral(u, -1.0 / xi))

    def lev(self, x: ArrayLike) -> Array:
        x = np.maximum(_arr(x), 0.0)
        return np.where(x < self.loc, x, self.loc + self._lev_y(self._y(x)))

    def lev2(self, x: ArrayLike) -> Array:
        x = np.maximum(_arr(x), 0.0)
        y = self._y(x)
        full = self.loc**2 + 2 * self.loc * self._lev_y(y) + self._lev2_y(y)
        return np.where(x < self.loc, x * x, full)

    def ppf(self, q: ArrayLike) -> Array:
        q = _arr(q)
        if self.shape == 0:
            return self.loc - self.scale * np.log1p(-q)
        return self.loc + self.scale / self.shape * np.expm1(-self.shape * np.log1p(-q))

    def to_dict(self) -> dict[str, object]:
        return {"dist": "gpd", "shape": self.shape, "scale": self.scale, "loc": self.loc}


class Pareto(GeneralizedPareto):
    """Pareto type II (Lomax) with ``shape`` α and ``scale`` θ: ``S(x) = (θ / (x + θ))^α``.

    It is the generalized Pareto with ξ = 1/α, σ = θ/α, μ = 0; ``E[min(X, x)] =
    θ/(α-1) (1 - (θ/(x+θ))^{α-1})``.
    """

    name = "pareto"

    def __init__(self, shape: float, scale: float) -> None:
        alpha = positive("severity.shape", shape)
        theta = positive("severity.scale", scale)
        super().__init__(1.0 / alpha, theta / alpha, 0.0)

    def to_dict(self) -> dict[str, object]:
        return {"dist": "pareto", "shape": 1.0 / self.shape, "scale": self.scale / self.shape}

"""Result objects of the aggregate annual loss distribution.

Both results define the risk measures the same way, so FFT, Panjer and Monte Carlo agree:

* ``VaR_p = inf {x : F(x) >= p}`` (the left-continuous quantile);
* ``TVaR_p = VaR_p + E[(S - VaR_p)+] / (1 - p)`` — the Acerbi–Tasche expected shortfall.
  Where ``S`` has an atom at ``VaR_p`` (for instance at the aggregate limit, or at the
  occurrence limit when one claim a year dominates) the formula splits the atom: only the
  part of its probability that lies in the upper ``1 - p`` tail counts. Averaging all the
  losses at or above ``VaR_p`` instead would understate TVaR.

References
----------
.. [1] Acerbi, C. and Tasche, D. (2002). On the coherence of expected shortfall.
   *Journal of Banking & Finance* 26(7), 1487–1503.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterable
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from cyberins.actuarial._validation import probability_open

Array = NDArray[np.float64]


class AggregateResult(ABC):
    """Distribution of the insurer's annual payment ``share * min((S - AD)+, AL)``."""

    method: str
    expected_paying_claims: float
    info: dict[str, Any]

    @property
    @abstractmethod
    def mean(self) -> float:
        """Expected annual insured loss (the pure premium)."""

    @property
    @abstractmethod
    def variance(self) -> float:
        """Variance of the annual insured loss."""

    @property
    @abstractmethod
    def third_central_moment(self) -> float:
        """``E[(S - E S)^3]``."""

    @property
    @abstractmethod
    def p_zero(self) -> float:
        """``P(S = 0)``: the probability of a year without any payment."""

    @abstractmethod
    def var(self, p: float) -> float:
        """Value at risk ``VaR_p = inf {x : F(x) >= p}``."""

    @abstractmethod
    def stop_loss(self, x: float) -> float:
        """``E[(S - x)+]``."""

    @abstractmethod
    def exceedance_curve(self) -> tuple[Array, Array]:
        """Amounts ``x`` and ``P(S > x)`` (an occurrence-exceedance style curve of the year)."""

    @property
    def std(self) -> float:
        """Standard deviation (``inf`` if the variance is infinite, ``nan`` if unknown)."""
        v = self.variance
        return math.sqrt(max(v, 0.0)) if not math.isnan(v) else math.nan

    @property
    def cv(self) -> float:
        """Coefficient of variation std / mean (``inf`` when the mean is 0)."""
        return self.std / self.mean if self.mean > 0 else math.inf

    @property
    def skewness(self) -> float:
        v = self.variance
        if not math.isfinite(v):
            return math.nan
        return self.third_central_moment / v**1.5 if v > 0 else 0.0

    def tvar(self, p: float) -> float:
        """Tail value at risk ``TVaR_p = VaR_p + E[(S - VaR_p)+] / (1 - p)``."""
        p = probability_open("p", p)
        v = self.var(p)
        return v + self.stop_loss(v) / (1.0 - p)

    def summary(self, quantiles: Iterable[float] = (0.99, 0.995)) -> dict[str, Any]:
        """The numbers the CLI prints: moments, ``p_zero``, VaR and TVaR per quantile."""
        qs = [probability_open("quantiles[]", q) for q in quantiles]
        std, skew = self.std, self.skewness
        return {
            "method": self.method,
            "mean": self.mean,
            "std": std if math.isfinite(std) else None,
            "cv": self.cv if math.isfinite(self.cv) else None,
            "skewness": skew if math.isfinite(skew) else None,
            "p_zero": self.p_zero,
            "expected_paying_claims": self.expected_paying_claims,
            "var": {_key(q): self.var(q) for q in qs},
            "tvar": {_key(q): self.tvar(q) for q in qs},
        }


def _key(q: float) -> str:
    return repr(float(q))


class LatticeResult(AggregateResult):
    """A distribution on the lattice ``0, h, 2h, ...`` (from FFT or Panjer).

    Parameters
    ----------
    bucket : float
        Lattice step ``h`` in money.
    pmf : ndarray
        ``P(S = j h)``.
    """

    def __init__(
        self,
        bucket: float,
        pmf: Array,
        *,
        method: str,
        expected_paying_claims: float,
        p_zero: float | None = None,
        info: dict[str, Any] | None = None,
        tail_mean: float = 0.0,
        valid_below: float = math.inf,
        moments: tuple[float, float, float] | None = None,
    ) -> None:
        self._p_zero = p_zero
        self.bucket = float(bucket)
        self.pmf = pmf
        self.method = method
        self.expected_paying_claims = float(expected_paying_claims)
        self.info = info or {}
        #: ``E[T - T']``: the payment above the lattice's cap, added back exactly
        self.tail_mean = float(tail_mean)
        #: the lattice's distribution function and stop-loss are exact below this amount
        self.valid_below = float(valid_below)
        self._moments_override = moments

    @cached_property
    def x(self) -> Array:
        return self.bucket * np.arange(self.pmf.size, dtype=np.float64)

    @cached_property
    def cdf(self) -> Array:
        return np.cumsum(self.pmf)

    @cached_property
    def _moments(self) -> tuple[float, float, float]:
        # Moments in bucket units, then scaled: keeps the sums well conditioned.
        j = np.arange(self.pmf.size, dtype=np.float64)
        g = self.pmf
        m1 = float(j @ g)
        d = j - m1
        dg = d * g
        m2 = float(d @ dg)
        m3 = float((d * d) @ dg)
        h = self.bucket
        return m1 * h, m2 * h * h, m3 * h**3

    @property
    def mean(self) -> float:
        if self._moments_override is not None:
            return self._moments_override[0]
        return self._moments[0] + self.tail_mean

    @property
    def variance(self) -> float:
        """Variance (``inf`` where it does not exist, ``nan`` where the lattice cannot tell)."""
        if self._moments_override is not None:
            return self._moments_override[1]
        return self._moments[1] if self.tail_mean == 0 else math.nan

    @property
    def third_central_moment(self) -> float:
        if self._moments_override is not None:
            return self._moments_override[2]
        return self._moments[2] if self.tail_mean == 0 else math.nan

    @property
    def p_zero(self) -> float:
        """Exact ``P_N(F_X(d))`` when known (no aggregate deductible), else the lattice mass at 0.

        The lattice mass at 0 is slightly larger than the true ``P(S = 0)``: the
        mean-preserving discretisation rounds part of each small payment down to 0.
        """
        return float(self.pmf[0]) if self._p_zero is None else self._p_zero

    def var(self, p: float) -> float:
        p = probability_open("p", p)
        i = int(np.searchsorted(self.cdf, p - 1e-12, side="left"))
        value = self.bucket * min(i, self.pmf.size - 1)
        if value >= self.valid_below:
            raise ValueError(
                f"quantiles: the {p} quantile lies above the part of the distribution the lattice holds; "
                "price with this quantile in the request's quantiles"
            )
        return value

    def stop_loss(self, x: float) -> float:
        """``E[(T - x)+]``; above the lattice's cap the tail adds ``tail_mean`` exactly."""
        if self.tail_mean and x >= self.valid_below:
            raise ValueError("quantiles: the stop-loss point lies above the part the lattice holds")
        i = math.floor(x / self.bucket + 1e-9) + 1
        if i >= self.pmf.size:
            return self.tail_mean
        tail = self.pmf[i:]
        return float((np.arange(i, self.pmf.size) * self.bucket - x) @ tail) + self.tail_mean

    def exceedance_curve(self) -> tuple[Array, Array]:
        """``x`` and ``P(T > x)``, only where the lattice holds it exactly (below ``valid_below``)."""
        keep = self.x < self.valid_below
        return self.x[keep], np.clip(1.0 - self.cdf[keep], 0.0, 1.0)


class SampleResult(AggregateResult):
    """An empirical distribution of simulated years (from Monte Carlo)."""

    def __init__(
        self,
        samples: Array,
        *,
        expected_paying_claims: float,
        info: dict[str, Any] | None = None,
    ) -> None:
        self.samples = samples
        self.method = "montecarlo"
        self.expected_paying_claims = float(expected_paying_claims)
        self.info = info or {}

    @cached_property
    def _positive(self) -> Array:
        # Most simulated years have no payment: the statistics only need the positive ones.
        return self.samples[self.samples > 0.0]

    @cached_property
    def _moments(self) -> tuple[float, float, float]:
        n = self.samples.size
        pos = self._positive
        n_zero = n - pos.size
        m = float(pos.sum()) / n
        d = pos - m
        d2 = d * d
        m2 = (float(d2.sum()) + n_zero * m * m) / n
        m3 = (float((d2 * d).sum()) - n_zero * m**3) / n
        return m, m2, m3

    @property
    def mean(self) -> float:
        return self._moments[0]

    @property
    def variance(self) -> float:
        return self._moments[1]

    @property
    def third_central_moment(self) -> float:
        return self._moments[2]

    @property
    def p_zero(self) -> float:
        return 1.0 - self._positive.size / self.samples.size

    @cached_property
    def _positive_sorted(self) -> Array:
        return np.sort(self._positive)

    def var(self, p: float) -> float:
        p = probability_open("p", p)
        n = self.samples.size
        k = math.ceil(n * p - 1e-9)  # 1-based order statistic S_(k)
        pos = self._positive
        n_zero = n - pos.size
        if k <= n_zero:
            return 0.0
        i = min(k - n_zero, pos.size) - 1
        if "_positive_sorted" in self.__dict__:
            return float(self._positive_sorted[i])
        return float(np.partition(pos, i)[i])

    def stop_loss(self, x: float) -> float:
        pos = self._positive
        return float((pos[pos > x] - x).sum()) / self.samples.size

    def exceedance_curve(self) -> tuple[Array, Array]:
        pos = self._positive_sorted
        n = self.samples.size
        x = np.concatenate(([0.0], pos))
        exceed = (pos.size - np.searchsorted(pos, x, side="right")) / n
        return x, exceed.astype(np.float64)

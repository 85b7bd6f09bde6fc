"""Mean-preserving discretisation of the occurrence payment and the choice of the lattice.

The occurrence payment ``Y = min((X - d)+, w)`` is put on the lattice ``0, h, ..., m h``
with ``h = w / m`` so the atoms of ``Y`` at 0 and at the limit fall exactly on lattice
points (quantiles do not shift). The masses come from local moment matching of the first
moment (the "method of rounding" of De Vylder and Goovaerts as given in Klugman et al.):

    f_0 = 1 - E[Y ∧ h] / h,
    f_j = (2 E[Y ∧ jh] - E[Y ∧ (j-1)h] - E[Y ∧ (j+1)h]) / h,   j >= 1,

which preserves the total probability and the mean of ``Y`` exactly. The limited expected
values are closed forms (vectorised special functions), never numerical integrals.

References
----------
.. [1] Klugman, Panjer and Willmot (2019), *Loss Models*, 5th ed., Section 9.6.5.
.. [2] Gerber, H. U. (1982). On the numerical evaluation of the distribution of aggregate
   claims and its stop-loss premiums. *Insurance: Mathematics and Economics* 1(1), 13–18.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from cyberins.actuarial.frequency import Frequency
from cyberins.actuarial.severity import Severity
from cyberins.actuarial.terms import PolicyTerms

Array = NDArray[np.float64]

#: lattice points per occurrence limit (the default resolution)
DEFAULT_BUCKETS_PER_LAYER = 1000
#: for an unlimited layer the severity is capped at this upper quantile
UNLIMITED_TAIL = 1e-9
#: the lattice must hold all but this much probability of the annual total
DEFAULT_TAIL_EPS = 1e-12
MAX_LOG2 = 22
#: without an explicit ``buckets_per_layer`` the lattice is coarsened to fit 2**13 points
DEFAULT_MAX_LOG2 = 13
#: never coarser than this many points per layer
MIN_BUCKETS_PER_LAYER = 64
#: θ m values tried by the Chernoff bound
_THETA_M = np.geomspace(0.05, 60.0, 20)


@dataclass(frozen=True)
class Grid:
    """The lattice chosen for one pricing: step, points per layer and FFT length."""

    bucket: float
    buckets_per_layer: int
    n: int
    truncated_mean: float  # E[(X - d - w_eff)+] lost by capping an unlimited layer


def _aligned_count(width: float, m0: int, amounts: list[float]) -> int:
    """Smallest ``m`` in ``[m0, 2 m0]`` making every amount a whole number of ``width / m``."""
    amounts = [a for a in amounts if a > 0 and math.isfinite(a)]
    if not amounts:
        return m0
    ms = np.arange(m0, 2 * m0 + 1, dtype=np.float64)
    ok = np.ones(ms.size, dtype=bool)
    for a in amounts:
        ratio = a * ms / width
        ok &= np.abs(ratio - np.round(ratio)) <= 1e-9 * np.maximum(ratio, 1.0)
    hits = np.flatnonzero(ok)
    return int(ms[hits[0]]) if hits.size else m0


def discretise_layer(severity: Severity, terms: PolicyTerms, bucket: float, m: int) -> Array:
    """Masses of the occurrence payment on ``0, h, ..., m h`` (local moment matching, mean kept).

    ``m h`` is the layer width (or the cap of an unlimited layer, which then receives the
    tail as an atom).
    """
    d = terms.deductible
    lev = severity.lev(d + bucket * np.arange(m + 1, dtype=np.float64))
    inc = np.diff(lev) / bucket  # ∫ S over each bucket / h
    f = np.empty(m + 1)
    f[0] = 1.0 - inc[0]
    f[1:m] = inc[:-1] - inc[1:]
    f[m] = inc[-1]
    np.maximum(f, 0.0, out=f)  # round-off only: a true mass is never negative
    return f


def log_pgf_real(freq: Frequency, z: Array) -> Array:
    """``ln P_N(z)`` for real ``z >= 1`` (``inf`` where the series diverges)."""
    from cyberins.actuarial.frequency import Binomial, NegativeBinomial, Poisson

    if isinstance(freq, Poisson):
        return freq.mean * (z - 1.0)
    if isinstance(freq, NegativeBinomial):
        u = freq.beta * (z - 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = -freq.r * np.log1p(-u)
        return np.where(u < 1.0, out, np.inf)
    if isinstance(freq, Binomial):
        return freq.n * np.log1p(freq.p * (z - 1.0))
    raise ValueError(f"frequency.dist: unsupported frequency {type(freq).__name__}")


def chernoff_range(freq: Frequency, f: Array, eps: float) -> float:
    """Smallest ``R`` (in buckets) the Chernoff bound proves ``P(S > R) <= eps`` for.

    ``P(S >= R) <= exp(-θR) P_N(M_Y(θ))`` for every θ > 0; we take the best of a grid of θ.
    """
    m = f.size - 1
    j = np.arange(m + 1, dtype=np.float64)
    thetas = _THETA_M / m
    keep = f > 0
    with np.errstate(over="ignore"):
        mgf = np.exp(np.multiply.outer(thetas, j[keep])) @ f[keep]
    bound = (log_pgf_real(freq, mgf) - math.log(eps)) / thetas
    bound = bound[np.isfinite(bound)]
    return float(bound.min()) if bound.size else math.inf


def choose_grid(
    freq: Frequency,
    severity: Severity,
    terms: PolicyTerms,
    *,
    buckets_per_layer: int | None = None,
    log2: int | None = None,
    tail_eps: float = DEFAULT_TAIL_EPS,
) -> tuple[Grid, Array]:
    """Choose the lattice and discretise the occurrence payment on it.

    The step is ``w / m`` with ``m`` the first count at or above ``buckets_per_layer`` that
    also makes the aggregate deductible and limit whole numbers of steps. The FFT length
    ``n`` is the power of two that holds all but ``tail_eps`` of the annual total (proved
    with a Chernoff bound), so wrap-around is negligible even before tilting.
    """
    width = terms.width
    truncated = 0.0
    m0 = buckets_per_layer or (DEFAULT_BUCKETS_PER_LAYER if math.isfinite(width) else 1 << 15)
    if math.isfinite(width):
        eff_width = width
    else:
        p_pay = float(severity.sf(terms.deductible))
        q = 1.0 - UNLIMITED_TAIL * max(p_pay, 1e-300)
        eff_width = float(severity.ppf(q)) - terms.deductible
        if not (math.isfinite(eff_width) and eff_width > 0):
            raise ValueError("terms.limit is required: this severity has no usable upper quantile")
        truncated = float(severity.mean - severity.lev(terms.deductible + eff_width))
    amounts = [terms.aggregate_deductible, terms.aggregate_limit]
    m = _aligned_count(eff_width, m0, amounts)
    bucket = eff_width / m
    layer = PolicyTerms(terms.deductible, eff_width)
    f = discretise_layer(severity, layer, bucket, m)
    if log2 is not None:
        n = 1 << int(log2)
    else:
        reach = chernoff_range(freq, f, tail_eps)
        if buckets_per_layer is None and reach + 1 > (1 << DEFAULT_MAX_LOG2):
            # A long right tail: coarsen the lattice so it fits the default FFT length.
            m_fit = int(m * ((1 << DEFAULT_MAX_LOG2) - 1) / (reach + 1))
            m = _aligned_count(eff_width, max(MIN_BUCKETS_PER_LAYER, m_fit), amounts)
            bucket = eff_width / m
            f = discretise_layer(severity, layer, bucket, m)
            reach = chernoff_range(freq, f, tail_eps)
        need = max(m + 1, int(math.ceil(min(reach, float(1 << MAX_LOG2))) + 1))
        n = 1 << max(8, min(MAX_LOG2, math.ceil(math.log2(need))))
    if n < m + 1:
        f = np.concatenate((f[: n - 1], [f[n - 1 :].sum()]))
    return Grid(bucket, m, n, truncated), f

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
_THETA_M = np.geomspace(1e-4, 60.0, 32)


@dataclass(frozen=True)
class Grid:
    """The lattice chosen for one pricing: step, points per layer and FFT length.

    ``cap`` is the largest occurrence payment the lattice holds: the layer width for a
    limited layer; for an unlimited layer a point chosen from the quantiles asked for, with
    the part of each claim above it, ``tail_mean = E[(Y - cap)+]`` per claim, added back
    exactly (see :func:`choose_grid`).
    """

    bucket: float
    buckets_per_layer: int
    n: int
    truncated_mean: float = 0.0  # E[(Y - cap)+] per claim, 0 for a limited layer
    cap: float = math.inf


def _aligned_count(width: float, m0: int, amounts: list[float]) -> int:
    """Smallest ``m`` in ``[m0, 2 m0]`` making every amount a whole number of ``width / m``."""
    amounts = [a for a in amounts if a > 0 and math.isfinite(a)]
    if not amounts:
        return m0
    ms = np.arange(m0, 2 * m0 + 1, dtype=np.float64)
    hits = np.flatnonzero(_aligned(width, ms, amounts))
    return int(ms[hits[0]]) if hits.size else m0


def _aligned_down(width: float, m_hi: int, amounts: list[float]) -> int:
    """Largest ``m`` in ``[m_hi / 2, m_hi]`` making every amount a whole number of steps (else ``m_hi``)."""
    amounts = [a for a in amounts if a > 0 and math.isfinite(a)]
    if not amounts or m_hi <= 1:
        return max(m_hi, 1)
    ms = np.arange(max(1, m_hi // 2), m_hi + 1, dtype=np.float64)
    hits = np.flatnonzero(_aligned(width, ms, amounts))
    return int(ms[hits[-1]]) if hits.size else m_hi


def _aligned(width: float, ms: Array, amounts: list[float]) -> NDArray[np.bool_]:
    ok = np.ones(ms.size, dtype=bool)
    for a in amounts:
        ratio = a * ms / width
        ok &= np.abs(ratio - np.round(ratio)) <= 1e-9 * np.maximum(ratio, 1.0)
    return ok


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


class LatticeTooLong(ValueError):
    """The lattice the request needs exceeds the FFT length cap ``2**MAX_LOG2``."""


def layer_cap(
    freq: Frequency, severity: Severity, terms: PolicyTerms, quantiles: tuple[float, ...]
) -> tuple[float, float]:
    """The largest occurrence payment put on the lattice, and ``E[(Y - cap)+]`` per claim.

    A limited layer is held whole (``cap = w``, nothing cut). An unlimited layer with a
    finite aggregate limit is capped at ``AD + AL``: a larger claim pays the aggregate limit
    either way, so nothing changes (the cut is 0). Otherwise the cap is the severity point
    one claim exceeds with probability ``0.2 (1 - max q) / max(E[N], 1)``; the payment above
    it, ``E[(Y - cap)+] = E[X] - LEV(d + cap)``, is added back exactly by the result (below
    the cap the distribution function is unchanged, above it every unit of excess is paid).
    """
    if math.isfinite(terms.width):
        return terms.width, 0.0
    d = terms.deductible
    if math.isfinite(terms.aggregate_limit):
        return terms.aggregate_deductible + terms.aggregate_limit, 0.0
    mean_x = float(severity.mean)
    if not math.isfinite(mean_x):
        raise ValueError(
            "terms.limit is required: the severity has an infinite mean (a Pareto shape at or below 1, "
            "a GPD shape at or above 1), so an unlimited layer has no finite expected loss"
        )
    q_max = max(quantiles) if quantiles else 0.995
    target = 0.2 * (1.0 - q_max) / max(freq.mean, 1.0)
    sf_d = float(severity.sf(d))
    if not sf_d > 0:
        return terms.aggregate_deductible + 1.0, 0.0  # nothing is ever paid
    cap = float(severity.ppf(1.0 - min(target, 0.5 * sf_d))) - d
    cap = max(cap, 2.0 * terms.aggregate_deductible)
    if not (math.isfinite(cap) and cap > 0):
        raise ValueError("terms.limit is required: this severity has no usable upper quantile")
    return cap, max(mean_x - float(severity.lev(d + cap)), 0.0)


def choose_grid(
    freq: Frequency,
    severity: Severity,
    terms: PolicyTerms,
    *,
    buckets_per_layer: int | None = None,
    log2: int | None = None,
    tail_eps: float = DEFAULT_TAIL_EPS,
    quantiles: tuple[float, ...] = (0.99, 0.995),
    level: int = 0,
    cap: float | None = None,
) -> tuple[Grid, Array]:
    """Choose the lattice and discretise the occurrence payment on it.

    The step is ``cap / m`` (``cap`` from :func:`layer_cap`) with ``m`` points per layer,
    adjusted so the aggregate deductible and limit are whole numbers of steps. The FFT
    length ``n`` is the power of two that holds all but ``tail_eps`` of the annual total
    (a Chernoff bound), and never less than the layer (nothing is lumped).

    Without ``buckets_per_layer`` the resolution grows with ``level``: at level ``k`` the
    lattice has at most ``1000 * 8**k`` points per layer and an FFT length of at most
    ``2**(13 + 3k)``; ``m`` is the largest aligned count whose lattice fits that length
    (never a coarser grid than the length allows). With ``buckets_per_layer`` the count is
    kept, and a lattice longer than ``2**MAX_LOG2`` raises :class:`LatticeTooLong`.
    """
    if cap is None:
        cap, tail = layer_cap(freq, severity, terms, quantiles)
    else:
        tail = (
            0.0 if math.isfinite(terms.width) else float(severity.mean - severity.lev(terms.deductible + cap))
        )
    amounts = [terms.aggregate_deductible, terms.aggregate_limit]
    layer = PolicyTerms(terms.deductible, cap)

    def lattice(m: int) -> tuple[float, Array, float]:
        bucket = cap / m
        f = discretise_layer(severity, layer, bucket, m)
        return bucket, f, chernoff_range(freq, f, tail_eps)

    if buckets_per_layer is not None or log2 is not None:
        m = _aligned_count(cap, buckets_per_layer or DEFAULT_BUCKETS_PER_LAYER, amounts)
        if log2 is None and m + 1 > 1 << MAX_LOG2:
            # refused before discretising: a layer this long would take seconds only to be refused
            raise LatticeTooLong(
                f"buckets_per_layer: {m} points per layer exceed the FFT length cap 2**{MAX_LOG2}; "
                "use fewer (or leave it out to let the engine choose)"
            )
        bucket, f, reach = lattice(m)
        if log2 is not None:
            n = 1 << int(log2)
            if n < m + 1:
                raise ValueError(
                    f"log2: an FFT length of 2**{log2} is shorter than the layer ({m + 1} points)"
                )
        else:
            n = _pow2(max(m + 1, reach + 1))
            if n > 1 << MAX_LOG2:
                m_fit = int(m * ((1 << MAX_LOG2) - 1) / (max(reach, m) + 1))
                raise LatticeTooLong(
                    f"buckets_per_layer: {m} points per layer need an FFT length of {n} > 2**{MAX_LOG2}; "
                    f"use at most about {max(m_fit, 1)} (or leave it out to let the engine choose)"
                )
        return Grid(bucket, m, n, tail, cap), f

    n_max = 1 << min(MAX_LOG2, DEFAULT_MAX_LOG2 + 3 * level)
    m0 = DEFAULT_BUCKETS_PER_LAYER * 8**level
    m = _aligned_count(cap, m0, amounts)
    bucket, f, reach = lattice(m)
    while max(reach, m) + 1 > n_max and m > 1:
        # Coarsen to fit: the reach scales about linearly with m; shrink until it fits.
        m_fit = max(1, int(m * 0.99 * (n_max - 1) / (max(reach, m) + 1)))
        m_fit = min(m_fit, m - 1)
        m = _aligned_down(cap, m_fit, amounts)
        bucket, f, reach = lattice(m)
    n = _pow2(max(m + 1, reach + 1))
    if n > 1 << MAX_LOG2:
        raise LatticeTooLong(
            f"frequency.mean: the annual total needs more than 2**{MAX_LOG2} lattice points "
            "even at one point per layer"
        )
    return Grid(bucket, m, n, tail, cap), f


def _pow2(points: float) -> int:
    if not math.isfinite(points):
        return 1 << (MAX_LOG2 + 1)
    return 1 << max(8, math.ceil(math.log2(max(points, 2.0))))

"""The aggregate annual loss distribution: FFT (the default) and Panjer recursion (a check).

Both start from the same mean-preserving lattice of the occurrence payment
(:mod:`cyberins.actuarial.discretise`), then

* **FFT**: ``g = IFFT(P_N(FFT(f)))`` where ``P_N`` is the claim-count pgf. Before the
  transform the severity is exponentially tilted, ``f_j e^{-θ j}``, and the result untilted,
  ``g_j e^{θ j}``: tilting commutes with convolution, and it damps the mass that would
  otherwise wrap around the end of the FFT array (aliasing) by ``e^{-θ n}``.
* **Panjer**: ``g_0 = P_N(f_0)``, ``g_k = (1 - a f_0)^{-1} Σ_{j=1}^{k} (a + b j / k) f_j g_{k-j}``
  for the (a, b, 0) class.

Aggregate terms then map the lattice of ``S`` onto the lattice of
``share * min((S - AD)+, AL)``.

References
----------
.. [1] Panjer, H. H. (1981). Recursive evaluation of a family of compound distributions.
   *ASTIN Bulletin* 12(1), 22–26.
.. [2] Embrechts, P. and Frei, M. (2009). Panjer recursion versus FFT for compound
   distributions. *Mathematical Methods of Operations Research* 69(3), 497–508.
.. [3] Grübel, R. and Hermesmeier, R. (1999). Computation of compound distributions I:
   aliasing errors and exponential tilting. *ASTIN Bulletin* 29(2), 197–214.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from cyberins.actuarial._validation import MAX_AMOUNT
from cyberins.actuarial.discretise import (
    DEFAULT_TAIL_EPS,
    MAX_LOG2,
    Grid,
    LatticeTooLong,
    choose_grid,
    layer_cap,
)
from cyberins.actuarial.frequency import Frequency
from cyberins.actuarial.results import LatticeResult
from cyberins.actuarial.severity import Severity
from cyberins.actuarial.terms import PolicyTerms

Array = NDArray[np.float64]

#: θ n of the exponential tilt (the wrapped mass is damped by e^{-DEFAULT_TILT})
DEFAULT_TILT = 8.0
#: every positive VaR asked for must be resolved to this share of its value by the lattice step
VAR_RESOLUTION = 1e-2
#: at the finest level a coarser resolution, down to this share, is accepted (and stated)
VAR_RESOLUTION_FLOOR = 1e-2
#: the discretisation may overstate the variance by at most this share (E[N] h² / 4 bound)
VARIANCE_RESOLUTION = 1e-3
#: finest level tried (FFT length 2**(13 + 3 level) <= 2**MAX_LOG2)
MAX_LEVEL = 3
#: P(no payment) with an aggregate deductible is bracketed to this absolute error
P_ZERO_TOL = 1e-6
DEFAULT_QUANTILES = (0.99, 0.995)


def apply_aggregate_terms(pmf: Array, bucket: float, terms: PolicyTerms) -> tuple[Array, float]:
    """Map ``P(S = j h)`` to the pmf of ``share * min((S - AD)+, AL)`` and its lattice step.

    Aligned terms (whole numbers of buckets, which :func:`choose_grid` arranges) move whole
    masses; otherwise each mass is split between the two neighbouring points so the mean is
    kept.
    """
    if not terms.has_aggregate_terms:
        return pmf, bucket * terms.share
    a = terms.aggregate_deductible / bucket
    lim = terms.aggregate_limit / bucket
    a = round(a) if abs(a - round(a)) < 1e-9 * max(a, 1.0) else a
    if math.isfinite(lim) and abs(lim - round(lim)) < 1e-9 * max(lim, 1.0):
        lim = round(lim)
    v = np.minimum(np.maximum(np.arange(pmf.size, dtype=np.float64) - a, 0.0), lim)
    lo = np.floor(v).astype(np.int64)
    frac = v - lo
    size = int(lo.max()) + 2
    out = np.bincount(lo, weights=pmf * (1.0 - frac), minlength=size)
    if frac.any():
        out += np.bincount(lo + 1, weights=pmf * frac, minlength=size)
    last = int(np.flatnonzero(out)[-1]) + 1 if out.any() else 1
    return out[:last].astype(np.float64), bucket * terms.share


def _paying_claims(freq: Frequency, severity: Severity, terms: PolicyTerms) -> float:
    return freq.mean * float(severity.sf(terms.deductible))


def exact_p_zero(freq: Frequency, severity: Severity, terms: PolicyTerms) -> float | None:
    """``P(no payment in the year) = P_N(F_X(d))`` when there is no aggregate deductible."""
    if terms.aggregate_deductible > 0:
        return None
    f0 = np.array([float(severity.cdf(terms.deductible))], dtype=np.complex128)
    return float(np.real(freq.pgf(f0))[0])


def _payment_cdf(severity: Severity, terms: PolicyTerms, t: Array, *, left: bool) -> Array:
    """``P(Y <= t)`` (or ``P(Y < t)`` with ``left``) of the occurrence payment."""
    w = terms.width
    x = terms.deductible + t
    if left:
        x = np.nextafter(x, -np.inf)
    out = np.asarray(severity.cdf(x), dtype=np.float64)
    above = t > w if left else t >= w
    return np.where(above, 1.0, out)


def p_no_payment(freq: Frequency, severity: Severity, terms: PolicyTerms) -> tuple[float, float]:
    """``P(T = 0)`` and a bound on its error.

    Without an aggregate deductible it is exact: ``P_N(F_X(d))``. With one it is
    ``P(S <= AD)``, bracketed by two lattices of step ``h = AD / k``: rounding every claim up
    (``S_up >= S``) gives a lower bound, rounding it down an upper bound. Only claims up to
    ``AD`` matter, so the lattices stop there; the compound sums come from a tilted FFT of
    twice the length (wrapped mass damped by ``e^{-20}``). ``k`` doubles until the bracket is
    narrower than ``2 * P_ZERO_TOL`` (or ``k = 2**20``); the midpoint is returned with the
    half-width as its error.
    """
    exact = exact_p_zero(freq, severity, terms)
    if exact is not None:
        return exact, 0.0
    ad = terms.aggregate_deductible
    k = 1 << 12
    while True:
        h = ad / k
        t = h * np.arange(k + 2, dtype=np.float64)
        up_cdf = _payment_cdf(severity, terms, t[: k + 1], left=False)  # P(Y <= j h)
        lo_cdf = _payment_cdf(severity, terms, t[1 : k + 2], left=True)  # P(Y < (j+1) h)
        bounds = []
        for cdf in (up_cdf, lo_cdf):
            f = np.diff(np.concatenate(([0.0], cdf)))
            n = 1 << math.ceil(math.log2(2 * (k + 1)))
            g = _fft(freq, np.maximum(f, 0.0), n, 20.0)
            bounds.append(float(np.clip(g[: k + 1].sum(), 0.0, 1.0)))
        lower, upper = bounds
        err = max(upper - lower, 0.0) / 2
        if err <= P_ZERO_TOL or k >= 1 << 20:
            return (lower + upper) / 2, err
        k <<= 2


def fft_aggregate(
    freq: Frequency,
    severity: Severity,
    terms: PolicyTerms | None = None,
    *,
    buckets_per_layer: int | None = None,
    log2: int | None = None,
    tilt: float = DEFAULT_TILT,
    tail_eps: float = DEFAULT_TAIL_EPS,
    quantiles: tuple[float, ...] = DEFAULT_QUANTILES,
) -> LatticeResult:
    """Annual insured loss distribution by FFT.

    Parameters
    ----------
    freq, severity : Frequency, Severity
        Ground-up claim count and loss amount.
    terms : PolicyTerms, optional
        Deductible, limit (and its basis), aggregate terms, share.
    buckets_per_layer : int, optional
        Lattice points per occurrence limit (default: chosen, from 1000 up).
    log2 : int, optional
        Force the FFT length ``2**log2`` instead of the Chernoff-bound choice.
    tilt : float
        ``θ n`` of the exponential tilt; 0 switches tilting off.
    tail_eps : float
        Probability of the annual total that may lie beyond the lattice.
    quantiles : tuple of float
        The probabilities whose VaR and TVaR will be read: the lattice is refined until
        each is resolved (see Notes) and, for an unlimited layer, the cap lies above them.

    Returns
    -------
    LatticeResult
        Mean, std, skewness, ``p_zero``, ``var(p)``, ``tvar(p)``, the exceedance curve.

    Raises
    ------
    ValueError
        Naming the field, when no lattice up to ``2**MAX_LOG2`` points meets the checks.

    Notes
    -----
    The mean is exact to rounding (the discretisation keeps it; the part of an unlimited
    layer above the cap is added back in closed form). The lattice is accepted only when
    every positive ``VaR_q`` asked for is at least ``1 / VAR_RESOLUTION`` steps, a VaR of 0
    is confirmed by the exact ``P(T = 0) >= q``, the variance overstatement ``E[N] h² / 4`` is
    below ``VARIANCE_RESOLUTION`` of the variance, and the quantiles lie below the cap;
    otherwise the next, finer level is tried (1000·8^k points per layer, FFT length up to
    2^(13+3k)).
    """
    terms = terms or PolicyTerms()
    return _settle(freq, severity, terms, buckets_per_layer, log2, tail_eps, quantiles, "fft", tilt)


def _settle(
    freq: Frequency,
    severity: Severity,
    terms: PolicyTerms,
    buckets_per_layer: int | None,
    log2: int | None,
    tail_eps: float,
    quantiles: tuple[float, ...],
    method: str,
    tilt: float = DEFAULT_TILT,
) -> LatticeResult:
    qs = tuple(float(q) for q in quantiles) or DEFAULT_QUANTILES
    _check_moments(freq, severity, terms)
    p0, p0_err = p_no_payment(freq, severity, terms)
    cap, _ = layer_cap(freq, severity, terms, qs)
    fixed = buckets_per_layer is not None or log2 is not None
    reason = ""
    for _attempt in range(4):  # an unlimited layer's cap may have to move up
        for level in range(0 if not fixed else MAX_LEVEL, MAX_LEVEL + 1):
            try:
                grid, f = choose_grid(
                    freq,
                    severity,
                    terms,
                    buckets_per_layer=buckets_per_layer,
                    log2=log2,
                    tail_eps=tail_eps,
                    quantiles=qs,
                    level=level,
                    cap=cap,
                )
            except LatticeTooLong as exc:
                if fixed:
                    raise
                reason = str(exc)
                break
            g = _panjer(freq, f, grid.n) if method == "panjer" else _fft(freq, f, grid.n, tilt)
            result = _result(g, grid, freq, severity, terms, method, p0, p0_err)
            last = level == MAX_LEVEL or grid.n >= 1 << MAX_LOG2
            reason = _unresolved(result, grid, freq, terms, qs, p0, VAR_RESOLUTION_FLOOR if last else None)
            if not reason or (fixed and reason.startswith("step")):
                # An explicit lattice is the caller's choice of resolution (stated in info).
                return result
            if reason == "cap" or fixed:
                break
        if reason == "cap" and not math.isfinite(terms.width) and not fixed:
            cap *= 8.0
            continue
        break
    if reason == "cap":
        raise ValueError(
            "terms.limit: the quantiles asked for lie beyond every lattice this engine can hold for an "
            "unlimited layer with this severity; give a limit (or use method montecarlo)"
        )
    if fixed:
        field = "buckets_per_layer" if buckets_per_layer is not None else "log2"
        raise ValueError(
            f"{field}: this lattice does not resolve the quantiles asked for ({reason}); "
            "leave buckets_per_layer out to let the engine choose"
        )
    field = "terms.limit" if not math.isfinite(terms.width) else "frequency.mean"
    raise ValueError(
        f"{field}: no lattice within the FFT length cap 2**{MAX_LOG2} resolves the quantiles asked for "
        f"({reason}); use method montecarlo, or change the terms"
    )


def _check_moments(freq: Frequency, severity: Severity, terms: PolicyTerms) -> None:
    """Refuse, naming the field, a layer whose expected payment is not a finite number."""
    with np.errstate(all="ignore"):
        m1, _ = terms.layer_moments(severity)
    if math.isnan(m1):
        raise ValueError(
            "severity: the parameters give no finite layer moments (overflow); check their scale"
        )
    if not math.isfinite(m1):
        raise ValueError(
            "terms.limit is required: the severity has an infinite mean (a Pareto shape at or below 1, "
            "a GPD shape at or above 1), so an unlimited layer has no finite expected loss"
        )
    if freq.mean * m1 * terms.share > MAX_AMOUNT:
        raise ValueError(
            f"frequency.mean: the expected annual payment exceeds {MAX_AMOUNT:.0e}; check the units"
        )


def _result(
    g: Array,
    grid: Grid,
    freq: Frequency,
    severity: Severity,
    terms: PolicyTerms,
    method: str,
    p0: float,
    p0_err: float,
) -> LatticeResult:
    pmf, step = apply_aggregate_terms(g, grid.bucket, terms)
    info = _info(grid, freq)
    info["var_resolution"] = step
    if p0_err:
        info["p_zero_error"] = p0_err
    tail_mean = 0.0
    valid_below = math.inf
    moments = None
    if grid.truncated_mean > 0 and not math.isfinite(terms.aggregate_limit):
        # Unlimited layer cut at the cap c: below share (c - AD) nothing changes; every unit
        # above the cap is paid on top, E[T - T'] = share E[N] E[(Y - c)+] exactly.
        tail_mean = terms.share * freq.mean * grid.truncated_mean
        valid_below = terms.share * (grid.cap - terms.aggregate_deductible)
        if not terms.has_aggregate_terms:
            mean, var = compound_moments(freq, severity, terms)
            moments = (mean, var, math.nan)
    return LatticeResult(
        step,
        pmf,
        method=method,
        expected_paying_claims=_paying_claims(freq, severity, terms),
        p_zero=p0,
        info=info,
        tail_mean=tail_mean,
        valid_below=valid_below,
        moments=moments,
    )


def _unresolved(
    result: LatticeResult,
    grid: Grid,
    freq: Frequency,
    terms: PolicyTerms,
    qs: tuple[float, ...],
    p0: float,
    floor: float | None = None,
) -> str:
    """Empty when the lattice answers the quantiles asked for; else the reason it does not.

    ``floor`` (the finest level only): the share of VaR and of the variance a step may reach.
    """
    rel = VAR_RESOLUTION if floor is None else floor
    rel_var = VARIANCE_RESOLUTION if floor is None else floor
    cdf = result.cdf
    h = result.bucket
    for q in qs:
        i = min(int(np.searchsorted(cdf, q - 1e-12, side="left")), cdf.size - 1)
        v = h * i
        if v >= result.valid_below:
            return "cap"
        if i == 0:
            if p0 + 1e-12 < q:
                return f"VaR {q} lies inside the first step {h:.6g}"
        elif h > rel * v * (1 + 1e-9):
            return f"step {h:.6g} is coarser than {rel:g} of VaR {q} = {v:.6g}"
    if result.tail_mean == 0:
        var = result.variance
        over = freq.mean * (terms.share * grid.bucket) ** 2 / 4
        if var > 0 and over > rel_var * var:
            return f"step {h:.6g} overstates the variance by up to {over / var:.2g}"
    return ""


def _fft(freq: Frequency, f: Array, n: int, tilt: float) -> Array:
    theta = tilt / n
    x = np.zeros(n)
    x[: f.size] = f
    if theta > 0:
        damp = np.exp(-theta * np.arange(n, dtype=np.float64))
        x *= damp
    g = np.fft.irfft(freq.pgf(np.fft.rfft(x)), n)
    if theta > 0:
        g /= damp
    np.maximum(g, 0.0, out=g)  # round-off below zero
    return g


def _info(grid: Grid, freq: Frequency) -> dict[str, Any]:
    return {
        "bucket": grid.bucket,
        "buckets_per_layer": grid.buckets_per_layer,
        "n": grid.n,
        "truncated_mean": grid.truncated_mean * freq.mean,
        "cap": grid.cap,
    }


def panjer_aggregate(
    freq: Frequency,
    severity: Severity,
    terms: PolicyTerms | None = None,
    *,
    buckets_per_layer: int | None = None,
    log2: int | None = None,
    tail_eps: float = DEFAULT_TAIL_EPS,
    quantiles: tuple[float, ...] = DEFAULT_QUANTILES,
) -> LatticeResult:
    """Annual insured loss distribution by Panjer recursion (same lattice as :func:`fft_aggregate`).

    It needs ``O(n m)`` operations against the FFT's ``O(n log n)`` and serves as an
    independent check. ``g_0 = P_N(f_0)`` underflows for very large expected claim counts
    (about 700), and lattices beyond ``PANJER_MAX_WORK`` operations are refused; then a
    ValueError suggests the FFT.
    """
    terms = terms or PolicyTerms()
    return _settle(freq, severity, terms, buckets_per_layer, log2, tail_eps, quantiles, "panjer")


#: n · m operations the Panjer recursion may take before it refers to the FFT
PANJER_MAX_WORK = 3e8


def _panjer(freq: Frequency, f: Array, n: int) -> Array:
    a, b = freq.panjer_ab()
    m = f.size - 1
    if float(n) * min(m, n) > PANJER_MAX_WORK:
        raise ValueError("method: this lattice is too long for the Panjer recursion; use fft")
    g = np.zeros(n)
    g[0] = float(np.real(freq.pgf(np.array([f[0]], dtype=np.complex128))[0]))
    if not g[0] > 0:
        raise ValueError("frequency.mean is too large for the Panjer recursion (P(S=0) underflows); use fft")
    fa = a * f
    jf = b * np.arange(m + 1, dtype=np.float64) * f
    scale = 1.0 / (1.0 - a * f[0])
    for k in range(1, n):
        top = min(k, m)
        window = g[k - top : k][::-1]  # g_{k-1}, ..., g_{k-top}
        g[k] = scale * (fa[1 : top + 1] @ window + (jf[1 : top + 1] @ window) / k)
    return g


def compound_moments(
    freq: Frequency, severity: Severity, terms: PolicyTerms | None = None
) -> tuple[float, float]:
    """Exact mean and variance of ``share * S`` (no aggregate terms) in closed form.

    ``E[S] = E[N] E[Y]`` and ``Var[S] = E[N] Var[Y] + Var[N] E[Y]^2`` with ``E[Y]``,
    ``E[Y^2]`` from the limited expected values of the severity.
    """
    terms = terms or PolicyTerms()
    if terms.has_aggregate_terms:
        raise ValueError("terms: closed-form compound moments do not cover aggregate terms")
    m1, m2 = terms.layer_moments(severity)
    mean = freq.mean * m1
    var = freq.mean * (m2 - m1 * m1) + freq.variance * m1 * m1
    return terms.share * mean, terms.share**2 * var

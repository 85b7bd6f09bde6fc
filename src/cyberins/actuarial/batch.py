"""Price many policies at once: FFTs stacked by lattice length, statistics vectorised.

Each policy gets its own mean-preserving lattice (as in
:func:`~cyberins.actuarial.aggregate.fft_aggregate`); policies whose FFT length agrees are
stacked in a matrix so the tilt, the real FFTs, the pgf and every statistic run once per
group instead of once per policy. Policies with aggregate terms go through the single-policy
path for the final mapping.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from cyberins.actuarial.aggregate import (
    DEFAULT_TILT,
    VAR_RESOLUTION,
    VARIANCE_RESOLUTION,
    apply_aggregate_terms,
    exact_p_zero,
    fft_aggregate,
)
from cyberins.actuarial.discretise import choose_grid
from cyberins.actuarial.frequency import Binomial, Frequency, NegativeBinomial, Poisson
from cyberins.actuarial.results import LatticeResult, _key
from cyberins.actuarial.spec import PricingRequest, parse_request

Array = NDArray[np.float64]
_MAX_CELLS = 1 << 22  # rows x FFT length per stacked block (32 MiB of float64)


@dataclass(frozen=True)
class BatchResult:
    """Statistics of many policies, one row per policy (in the order given)."""

    quantiles: tuple[float, ...]
    mean: Array
    std: Array
    p_zero: Array
    expected_paying_claims: Array
    var: Array  # shape (policies, quantiles)
    tvar: Array

    def __len__(self) -> int:
        return int(self.mean.size)

    def row(self, i: int) -> dict[str, Any]:
        """The CLI-style summary of policy ``i``."""
        return {
            "mean": float(self.mean[i]),
            "std": float(self.std[i]),
            "p_zero": float(self.p_zero[i]),
            "expected_paying_claims": float(self.expected_paying_claims[i]),
            "var": {_key(q): float(self.var[i, k]) for k, q in enumerate(self.quantiles)},
            "tvar": {_key(q): float(self.tvar[i, k]) for k, q in enumerate(self.quantiles)},
        }


def _stacked_pgf(freqs: Sequence[Frequency], phi: NDArray[np.complex128]) -> NDArray[np.complex128]:
    kinds = {type(f) for f in freqs}
    if kinds == {Poisson}:
        lam = np.array([f.mean for f in freqs])[:, None]
        return np.exp(lam * (phi - 1.0))
    if kinds == {NegativeBinomial}:
        nb = [f for f in freqs if isinstance(f, NegativeBinomial)]
        beta = np.array([f.beta for f in nb])[:, None]
        r = np.array([f.r for f in nb])[:, None]
        return np.power(1.0 - beta * (phi - 1.0), -r)
    if kinds == {Binomial}:
        bi = [f for f in freqs if isinstance(f, Binomial)]
        p = np.array([f.p for f in bi])[:, None]
        n = np.array([f.n for f in bi], dtype=np.float64)[:, None]
        return np.power(1.0 + p * (phi - 1.0), n)
    return np.stack([f.pgf(phi[i]) for i, f in enumerate(freqs)])


def _block_stats(g: Array, steps: Array, quantiles: Sequence[float]) -> tuple[Array, Array, Array, Array]:
    """Mean, std, VaR and TVaR of each row of ``g`` (pmfs on lattices with steps ``steps``)."""
    n = g.shape[1]
    j = np.arange(n, dtype=np.float64)
    gj = g * j
    m1 = gj.sum(axis=1)
    m2 = gj @ j
    var_ = np.maximum(m2 - m1 * m1, 0.0)
    cdf = np.cumsum(g, axis=1)
    cm = np.cumsum(gj, axis=1)
    rows = np.arange(g.shape[0])
    vs = np.empty((g.shape[0], len(quantiles)))
    ts = np.empty_like(vs)
    for k, p in enumerate(quantiles):
        idx = np.minimum((cdf >= p - 1e-12).argmax(axis=1), n - 1)
        idx = np.where(cdf[:, -1] >= p - 1e-12, idx, n - 1)
        tail_mass = np.maximum(1.0 - cdf[rows, idx], 0.0)
        stop_loss = np.maximum(m1 - cm[rows, idx] - idx * tail_mass, 0.0)
        vs[:, k] = idx * steps
        ts[:, k] = (idx + stop_loss / (1.0 - p)) * steps
    return m1 * steps, np.sqrt(var_) * steps, vs, ts


def price_batch(
    requests: Sequence[PricingRequest | Mapping[str, Any]],
    *,
    quantiles: Sequence[float] = (0.99, 0.995),
    tilt: float = DEFAULT_TILT,
) -> BatchResult:
    """Aggregate statistics of many policies by FFT.

    Parameters
    ----------
    requests : sequence of PricingRequest or JSON-like mappings
        One per policy (frequency, severity, terms; ``buckets_per_layer`` honoured; the
        ``method`` field is ignored: the batch always uses the FFT).
    quantiles : sequence of float
        Probabilities for VaR and TVaR.

    Returns
    -------
    BatchResult
        Arrays with one row per policy; identical (to rounding) to pricing each policy with
        :func:`~cyberins.actuarial.aggregate.fft_aggregate`.
    """
    reqs = [r if isinstance(r, PricingRequest) else parse_request(r) for r in requests]
    qs = tuple(float(q) for q in quantiles)
    size = len(reqs)
    mean, std, p0, paying = (np.zeros(size) for _ in range(4))
    var = np.zeros((size, len(qs)))
    tvar = np.zeros_like(var)
    groups: dict[tuple[int, type], list[tuple[int, Array, float]]] = defaultdict(list)
    single: list[int] = []  # unlimited layers and aggregate deductibles: the single-policy path
    row_step = np.zeros(size)
    for i, r in enumerate(reqs):
        paying[i] = r.frequency.mean * float(r.severity.sf(r.terms.deductible))
        if not np.isfinite(r.terms.width) or r.terms.aggregate_deductible > 0:
            single.append(i)
            continue
        grid, f = choose_grid(
            r.frequency, r.severity, r.terms, buckets_per_layer=r.buckets_per_layer, quantiles=qs
        )
        groups[(grid.n, type(r.frequency))].append((i, f, grid.bucket))
        row_step[i] = grid.bucket * r.terms.share
        exact = exact_p_zero(r.frequency, r.severity, r.terms)
        p0[i] = np.nan if exact is None else exact
    for (n, _), members in groups.items():
        theta = tilt / n
        damp = np.exp(-theta * np.arange(n, dtype=np.float64))
        chunk = max(1, _MAX_CELLS // n)
        for start in range(0, len(members), chunk):
            part = members[start : start + chunk]
            x = np.zeros((len(part), n))
            for row, (_, f, _) in enumerate(part):
                x[row, : f.size] = f
            x *= damp
            freqs = [reqs[i].frequency for i, _, _ in part]
            g = np.fft.irfft(_stacked_pgf(freqs, np.fft.rfft(x, axis=1)), n, axis=1)
            g /= damp
            np.maximum(g, 0.0, out=g)
            plain = [row for row, (i, _, _) in enumerate(part) if not reqs[i].terms.has_aggregate_terms]
            if plain:
                idx = [part[row][0] for row in plain]
                steps = np.array([part[row][2] * reqs[part[row][0]].terms.share for row in plain])
                m, s, v, t = _block_stats(g[plain], steps, qs)
                mean[idx], std[idx], var[idx], tvar[idx] = m, s, v, t
            for row, (i, _, bucket) in enumerate(part):
                if not reqs[i].terms.has_aggregate_terms:
                    continue
                pmf, step = apply_aggregate_terms(g[row], bucket, reqs[i].terms)
                res = LatticeResult(step, pmf, method="fft", expected_paying_claims=paying[i])
                mean[i], std[i] = res.mean, res.std
                var[i] = [res.var(q) for q in qs]
                tvar[i] = [res.tvar(q) for q in qs]
                if np.isnan(p0[i]):
                    p0[i] = res.p_zero
    # A row whose lattice does not resolve its quantiles (as fft_aggregate checks) is redone alone.
    coarse = np.zeros(size, dtype=bool)
    for k, q in enumerate(qs):
        coarse |= (var[:, k] == 0) & (p0 + 1e-12 < q)
    alone = set(single)
    for i in (int(j) for j in np.flatnonzero(coarse | (var > 0).any(axis=1))):
        positive = var[i][var[i] > 0]
        if i in alone:
            continue
        h = row_step[i]
        over = reqs[i].frequency.mean * h * h / 4 > VARIANCE_RESOLUTION * std[i] ** 2
        if coarse[i] or over or (positive.size and h > VAR_RESOLUTION * positive.min() * (1 + 1e-9)):
            single.append(i)
    for i in single:
        r = reqs[i]
        res = fft_aggregate(
            r.frequency, r.severity, r.terms, buckets_per_layer=r.buckets_per_layer, quantiles=qs
        )
        mean[i], std[i], p0[i] = res.mean, res.std, res.p_zero
        var[i] = [res.var(q) for q in qs]
        tvar[i] = [res.tvar(q) for q in qs]
    return BatchResult(qs, mean, std, p0, paying, var, tvar)

"""Benchmark: Cyberins actuarial engine vs `aggregate` and GEMAct on the issue's reference case.

Run with ``uv run python benchmarks/pricing.py``. Each engine prices, from scratch on every
call (nothing cached between calls), Poisson(0.3) claims, lognormal(median 150 000,
sigma 2) losses, 5M xs 50k, and reports mean, std, VaR and TVaR at 99% and 99.5%. Times are
medians of repeated ``time.perf_counter`` runs after a warm-up.
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import statistics
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from cyberins.actuarial import Lognormal, Poisson, PolicyTerms, compound_moments, fft_aggregate, monte_carlo
from cyberins.actuarial.batch import price_batch
from cyberins.actuarial.spec import parse_request

FREQ, SEV, TERMS = Poisson(0.3), Lognormal.from_median(150_000, 2.0), PolicyTerms(50_000, 5_000_000, "excess")
EXACT = {"mean": 181_690.44, "std": 730_488.69, "tvar99": 5_207_910.0, "tvar995": 5_415_820.0}


def timed(fn: Callable[[], Any], repeat: int, warmup: int = 2) -> tuple[float, Any]:
    for _ in range(warmup):
        fn()
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def ours_fft() -> dict[str, float]:
    r = fft_aggregate(FREQ, SEV, TERMS)
    return {
        "mean": r.mean,
        "std": r.std,
        "tvar99": r.tvar(0.99),
        "tvar995": r.tvar(0.995),
        "var99": r.var(0.99),
    }


def ours_mc() -> dict[str, float]:
    r = monte_carlo(FREQ, SEV, TERMS, n_years=1_000_000, seed=1)
    return {
        "mean": r.mean,
        "std": r.std,
        "tvar99": r.tvar(0.99),
        "tvar995": r.tvar(0.995),
        "var99": r.var(0.99),
    }


def aggregate_fft() -> dict[str, float]:
    from aggregate import build

    a = build(
        "agg Bench 0.3 claims 5000000 xs 50000 sev 150000 * lognorm 2 ! poisson",
        log2=14,
        bs=5000,
        normalize=False,
    )
    return {
        "mean": a.est_m,
        "std": a.est_sd,
        "tvar99": a.tvar(0.99),
        "tvar995": a.tvar(0.995),
        "var99": a.q(0.99),
    }


def gemact_fft() -> dict[str, float]:
    from gemact import Frequency, Layer, LossModel, PolicyStructure, Severity

    lm = LossModel(
        frequency=Frequency(dist="poisson", par={"mu": 0.3}),
        severity=Severity(dist="lognormal", par={"shape": 2.0, "scale": 150_000.0}),
        policystructure=PolicyStructure(layers=Layer(cover=5e6, deductible=5e4)),
        aggr_loss_dist_method="fft",
        sev_discr_method="localmoments",
        sev_discr_step=5000,
        n_sev_discr_nodes=1000,
        n_aggr_dist_nodes=2**14,
    )
    d = lm.dist[0]
    # GEMAct has no TVaR: gemact_tvar computes it from GEMAct's pmf outside the timed call.
    return {"mean": d.mean(), "std": d.std(), "var99": float(d.ppf(0.99)), "dist": d}


def gemact_tvar(out: dict[str, Any]) -> None:
    d = out.pop("dist")
    nodes = np.asarray(d.nodes, dtype=float)
    pmf = np.diff(np.concatenate(([0.0], np.asarray(d.cdf(nodes), dtype=float))))
    for p, key in ((0.99, "tvar99"), (0.995, "tvar995")):
        v = float(d.ppf(p))
        out[key] = v + float(np.maximum(nodes - v, 0) @ pmf) / (1 - p)


def batch_requests(n: int, seed: int = 5) -> list[Any]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        if i % 3:
            fr: dict[str, Any] = {"dist": "poisson", "mean": float(rng.uniform(0.02, 2))}
        else:
            m = float(rng.uniform(0.02, 1))
            fr = {"dist": "negbin", "mean": m, "variance": m * float(rng.uniform(1.2, 3))}
        sev = [
            {
                "dist": "lognormal",
                "median": float(rng.uniform(2e4, 3e5)),
                "sigma": float(rng.uniform(1, 2.5)),
            },
            {"dist": "gamma", "shape": float(rng.uniform(0.3, 3)), "scale": float(rng.uniform(2e4, 3e5))},
            {"dist": "pareto", "shape": float(rng.uniform(1.2, 4)), "scale": float(rng.uniform(5e4, 5e5))},
            {"dist": "weibull", "shape": float(rng.uniform(0.4, 1.5)), "scale": float(rng.uniform(5e4, 5e5))},
            {
                "dist": "gpd",
                "shape": float(rng.uniform(0.1, 0.8)),
                "scale": float(rng.uniform(5e4, 5e5)),
                "loc": 0,
            },
        ][i % 5]
        limit = float(rng.choice([1e6, 2e6, 5e6, 1e7]))
        terms: dict[str, Any] = {
            "deductible": float(rng.choice([0, 10_000, 50_000, 100_000])),
            "limit": limit,
            "limit_basis": "excess" if i % 2 else "ground_up",
        }
        if i % 10 == 0:
            terms["aggregate_limit"] = 2 * limit
        if i % 7 == 0:
            terms["share"] = 0.5
        out.append({"frequency": fr, "severity": sev, "terms": terms})
    return out


def main() -> None:
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    exact_mean, exact_var = compound_moments(FREQ, SEV, TERMS)
    rows = []
    t_ours, r_ours = timed(ours_fft, repeat=200)
    rows.append(("cyberins FFT", t_ours, r_ours))
    t_agg, r_agg = timed(aggregate_fft, repeat=20)
    rows.append(("aggregate FFT (log2=14, bs=5000)", t_agg, r_agg))
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        t_gem, r_gem = timed(gemact_fft, repeat=20)
    gemact_tvar(r_gem)
    rows.append(("GEMAct FFT (step 5000, 2^14 nodes)", t_gem, r_gem))
    t_mc, r_mc = timed(ours_mc, repeat=15)
    rows.append(("cyberins Monte Carlo 1e6 years", t_mc, r_mc))

    print(f"reference case: exact mean {exact_mean:,.2f}, exact std {math.sqrt(exact_var):,.2f}")
    head = f"{'engine':38} {'time ms':>9} {'x ours':>7} {'rel err mean':>13} {'rel err std':>12}"
    head += f" {'rel err TVaR99.5':>17}"
    print(head)
    print("-" * len(head))
    for name, t, r in rows:
        ratio = t / t_ours
        e_mean = r["mean"] / exact_mean - 1
        e_std = r["std"] / math.sqrt(exact_var) - 1
        e_tvar = r["tvar995"] / EXACT["tvar995"] - 1
        print(f"{name:38} {t * 1e3:9.3f} {ratio:7.1f} {e_mean:13.2e} {e_std:12.2e} {e_tvar:17.2e}")
    print()
    ratios = f"vs aggregate: {t_agg / t_ours:.1f}x; vs GEMAct: {t_gem / t_ours:.1f}x"
    print(f"speed-up {ratios} (target >= 8x, ours <= 2 ms)")
    print(f"Monte Carlo 1,000,000 years: {t_mc * 1e3:.1f} ms (target <= 60 ms)")

    reqs = [parse_request(r) for r in batch_requests(10_000)]
    start = time.perf_counter()
    batch = price_batch(reqs)
    t_batch = time.perf_counter() - start
    print(f"batch of {len(batch):,} different policies: {t_batch:.2f} s (target <= 10 s)")


if __name__ == "__main__":
    main()

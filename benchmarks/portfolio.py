"""Benchmark: the stochastic portfolio model at scale.

Run with ``uv run python benchmarks/portfolio.py`` (default: 100,000 synthetic policies ×
10,000 years, target ≤ 60 s and ≤ 4 GB). It prints wall and CPU time, the peak resident
memory of the process, the mean, PML and TVaR, and the ratio to a plain-numpy baseline
(one year at a time: a Poisson count per policy, fancy-indexed parameters, one bincount per
year for the annual cap; timed on ``--baseline-years`` years and scaled to the full run,
attritional losses only, so the baseline does less work than the model).

``--dask`` (or ``--dask local``) runs the same job and seed on a ``LocalCluster`` on 127.0.0.1 with
1 and then 2 single-threaded worker processes, prints each wall time, the speed-up from 1 to 2
workers and whether both returned exactly the single-process years; a non-zero exit if not.
``--dask ADDRESS`` (``tcp://host:port``) also runs the job on that scheduler and checks its years.
The load average is printed with the figures: on a shared 2-core machine it decides the speed-up.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import sys
import time
from typing import Any

import numpy as np

from cyberins.actuarial.portfolio import simulate, synthetic_book
from cyberins.actuarial.portfolio.book import Book


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def digest(a: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()[:16]


def baseline(book: Book, years: int, seed: int) -> float:
    """Plain numpy, one year at a time (attritional only); returns seconds for ``years`` years."""
    rng = np.random.default_rng(seed)
    n = book.size
    t = time.perf_counter()
    for _ in range(years):
        counts = rng.poisson(book.freq)
        pol = np.repeat(np.arange(n), counts)
        x = np.exp(book.mu[pol] + book.sigma[pol] * rng.standard_normal(pol.size))
        pay = np.minimum(np.maximum(x - book.deductible[pol], 0.0), book.limit[pol])
        per_policy = np.minimum(np.bincount(pol, weights=pay, minlength=n), book.sum_insured)
        per_policy.sum()
    return time.perf_counter() - t


def timed(book: Book, years: int, seed: int, **kw: Any) -> tuple[Any, float, float]:
    c0, w0 = time.process_time(), time.perf_counter()
    result = simulate(book, n_years=years, seed=seed, **kw)
    return result, time.perf_counter() - w0, time.process_time() - c0


def local_speedup(book: Book, years: int, seed: int, reference: np.ndarray) -> bool:
    """The same job and seed on a LocalCluster of 1 then 2 workers: times, speed-up, equal years."""
    from distributed import LocalCluster

    from cyberins.actuarial.portfolio.distributed import connect, dask_executor

    times: dict[int, float] = {}
    totals: dict[int, np.ndarray] = {}
    for workers in (1, 2):
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
            ) as cluster,
            connect(cluster.scheduler_address) as client,
        ):
            remote, times[workers], _ = timed(book, years, seed, executor=dask_executor(client))
        totals[workers] = remote.total
        print(
            f"dask LocalCluster {workers} worker(s): wall {times[workers]:7.1f} s   "
            f"years sha256 {digest(remote.total)}   load average {os.getloadavg()[0]:.1f}"
        )
    same = all(np.array_equal(t, reference) for t in totals.values())
    print(
        f"dask speed-up 1 → 2 workers: {times[1] / times[2]:.2f}×   "
        f"1 worker, 2 workers and one process give the same years: {same}"
    )
    return same


def on_scheduler(address: str, book: Book, years: int, seed: int, reference: np.ndarray) -> bool:
    from cyberins.actuarial.portfolio.distributed import connect, dask_executor

    with connect(address) as client:
        remote, wall, _ = timed(book, years, seed, executor=dask_executor(client))
    same = bool(np.array_equal(remote.total, reference))
    print(f"dask {address}: wall {wall:7.1f} s   same years as one process: {same}")
    return same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-years", type=int, default=200)
    parser.add_argument(
        "--dask",
        nargs="?",
        const="local",
        metavar="ADDRESS",
        help="time 1 and 2 LocalCluster workers; with tcp://host:port also run on that scheduler",
    )
    args = parser.parse_args(argv)

    book = synthetic_book(args.policies)
    print(
        f"book: {book.size:,} synthetic policies; {args.years:,} years; seed {args.seed}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    result, wall, cpu = timed(book, args.years, args.seed)
    s = result.summary()
    print(f"model:    wall {wall:7.1f} s   cpu {cpu:7.1f} s   peak RSS {peak_mb():7.0f} MB")
    print(
        f"          mean {s['mean']:,.0f}   AEP 1-in-200 {s['pml']['aep_200']:,.0f}   "
        f"OEP 1-in-200 {s['pml']['oep_200']:,.0f}   TVaR99.5 {s['tvar']['0.995']:,.0f}   "
        f"events {s['events']:,}   years sha256 {digest(result.total)}"
    )
    by = max(1, min(args.baseline_years, args.years))
    base = baseline(book, by, args.seed) * args.years / by
    print(
        f"baseline: plain numpy one year at a time, attritional only: {base:7.1f} s "
        f"(timed on {by} years, scaled)   ratio model/baseline {wall / base:5.2f}"
    )
    if args.dask:
        if not local_speedup(book, args.years, args.seed, result.total):
            return 1
        if args.dask != "local" and not on_scheduler(args.dask, book, args.years, args.seed, result.total):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

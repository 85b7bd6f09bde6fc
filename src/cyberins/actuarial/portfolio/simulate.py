"""The stochastic portfolio model: attritional losses plus systemic events, simulated by year.

Years are simulated in fixed blocks of ``block_years``; block ``b`` draws from its own
generator ``PCG64(SeedSequence(seed, spawn_key=(b,)))``, so the result depends on the seed
and the block size only — never on how many processes or Dask workers run the blocks, nor
in which order. Memory is bounded by one block (about ``n_policies * block_years`` floats).

In each block:

1. **Attritional.** A Poisson process of rate ``freq_i`` over ``B`` independent years is a
   ``Poisson(freq_i B)`` count with each claim in a uniform year; amounts are lognormal;
   payment ``min((X - d_i)+, L_i)``. Policies are independent.
2. **Systemic events** (common shocks). For each scenario, ``Poisson(rate)`` events a year;
   each picks a value of its segment (a cloud provider, a software family) with probability
   proportional to the number of dependents, a share ``u ~ U(low, high)`` of them (each
   dependent hit independently with probability ``u``), and an outage ``H`` (lognormal).
   Every hit policy suffers the scenario's ground-up loss
   (:func:`cyberins.actuarial.portfolio.scenarios.ground_up`) through its occurrence terms.
3. **Annual cap.** All payments of a policy in a year are cut pro rata to at most its sum
   insured, so each occurrence keeps its share of the capped total.

Outputs per year: total, attritional and systemic loss, the largest occurrence (an
attritional claim or a whole event) and the loss by segment; per event: an event-loss
table row.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from cyberins.actuarial.portfolio.book import SEGMENT_KEYS, Array, Book
from cyberins.actuarial.portfolio.scenarios import Scenario, candidate_values, ground_up

#: the largest number of simulated years a call accepts, for the command, the API and the page alike
#: (the error ``analytics.invalid_years`` quotes it; documented in docs/portfolio.md)
MAX_YEARS = 100_000
#: the pure function's own guard against a runaway call (a ``ValueError``, not the coded error): the
#: reference checks of tests/actuarial run 200,000 years; nothing a user sends gets past ``MAX_YEARS``
ENGINE_MAX_YEARS = 10 * MAX_YEARS
#: target size of the policy-year array of one block (bounds memory, about 8 bytes each)
BLOCK_CELLS = 4_000_000
DEFAULT_SEED = 20260101


def default_block_years(n_policies: int, n_years: int) -> int:
    """Years per block: about :data:`BLOCK_CELLS` policy-years, between 1 and ``n_years``."""
    return max(1, min(n_years, BLOCK_CELLS // max(n_policies, 1)))


@dataclass(frozen=True)
class SimulationConfig:
    n_years: int
    seed: int = DEFAULT_SEED
    block_years: int | None = None
    systemic: bool = True

    def __post_init__(self) -> None:
        n = self.n_years
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n <= 0:
            raise ValueError(f"years must be a positive integer, got {n!r}")
        if n > ENGINE_MAX_YEARS:
            raise ValueError(f"years must be at most {ENGINE_MAX_YEARS}, got {n}")
        s = self.seed
        if isinstance(s, bool) or not isinstance(s, int | np.integer) or s < 0:
            raise ValueError(f"seed must be a non-negative integer, got {s!r}")
        b = self.block_years
        if b is not None and (isinstance(b, bool) or not isinstance(b, int | np.integer) or b <= 0):
            raise ValueError(f"block_years must be a positive integer, got {b!r}")


@dataclass
class BlockResult:
    """One block of years (``start`` is the 0-based index of its first year)."""

    start: int
    total: Array
    attritional: Array
    systemic: Array
    max_occurrence: Array
    by_segment: dict[str, Array]  # key -> (years, n_labels)
    events: dict[str, NDArray[Any]]  # event-loss rows of the block


def _block_rng(seed: int, block: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(block,))))


def blocks(n_years: int, block_years: int) -> list[tuple[int, int, int]]:
    """``(block index, first year, number of years)`` of every block."""
    return [
        (b, start, min(block_years, n_years - start))
        for b, start in enumerate(range(0, n_years, block_years))
    ]


def simulate_block(
    book: Book,
    scenarios: Sequence[Scenario],
    seed: int,
    block: int,
    start: int,
    years: int,
) -> BlockResult:
    """Simulate ``years`` years of the book with the generator of ``block``."""
    rng = _block_rng(seed, block)
    n = book.size
    # 1. attritional claims
    counts = rng.poisson(book.freq * years)
    pol = np.repeat(np.arange(n, dtype=np.int64), counts)
    yr = rng.integers(0, years, size=pol.size)
    # claims come grouped by policy, so np.repeat of the per-policy parameters is a cheap gather
    x = np.exp(np.repeat(book.mu, counts) + np.repeat(book.sigma, counts) * rng.standard_normal(pol.size))
    pay = np.minimum(np.maximum(x - np.repeat(book.deductible, counts), 0.0), np.repeat(book.limit, counts))
    del x
    keep = pay > 0
    pol, yr, pay = pol[keep], yr[keep], pay[keep]
    n_attr = pol.size
    # 2. systemic events
    ev_pol: list[NDArray[np.int64]] = []
    ev_yr: list[NDArray[np.int64]] = []
    ev_pay: list[Array] = []
    ev_id: list[NDArray[np.int64]] = []
    rows: dict[str, list[Any]] = {k: [] for k in ("year", "scenario", "value", "hours", "affected", "gu")}
    for s_index, sc in enumerate(scenarios):
        per_year = rng.poisson(sc.annual_rate, size=years)
        n_ev = int(per_year.sum())
        if n_ev == 0:
            continue
        seg = book.segments[sc.segment]
        values = candidate_values(book, sc)
        if not values:
            continue
        members = [np.flatnonzero(seg.codes == c) for c in values]
        weights = np.array([m.size for m in members], dtype=np.float64)
        chosen = rng.choice(len(values), size=n_ev, p=weights / weights.sum())
        share = rng.uniform(sc.share_hit[0], sc.share_hit[1], size=n_ev)
        hours = sc.median_hours * np.exp(sc.sigma_hours * rng.standard_normal(n_ev))
        event_years = np.repeat(np.arange(years, dtype=np.int64), per_year)
        for e in range(n_ev):
            dependents = members[chosen[e]]
            hit = dependents[rng.random(dependents.size) < share[e]]
            gu = ground_up(book, sc, hours[e], hit)
            p = np.minimum(np.maximum(gu - book.deductible[hit], 0.0), book.limit[hit])
            local = len(rows["year"])
            rows["year"].append(int(event_years[e]))
            rows["scenario"].append(s_index)
            rows["value"].append(seg.labels[values[chosen[e]]])
            rows["hours"].append(float(hours[e]))
            rows["affected"].append(int(hit.size))
            rows["gu"].append(float(gu.sum()))
            ev_pol.append(hit)
            ev_yr.append(np.full(hit.size, event_years[e], dtype=np.int64))
            ev_pay.append(p)
            ev_id.append(np.full(hit.size, local, dtype=np.int64))
    if ev_pol:
        pol = np.concatenate([pol, *ev_pol])
        yr = np.concatenate([yr, *ev_yr])
        pay = np.concatenate([pay, *ev_pay])
        eid = np.concatenate(ev_id)
    else:
        eid = np.zeros(0, dtype=np.int64)
    # 3. the annual cap per policy-year, pro rata; only policies whose block total exceeds
    #    their sum insured can hit it in some year, so only their claims are summed by year.
    over = np.bincount(pol, weights=pay, minlength=n) > book.sum_insured
    if over.any():
        sel = np.flatnonzero(over[pol])
        rank = np.cumsum(over) - 1
        key = rank[pol[sel]] * years + yr[sel]
        cell = np.bincount(key, weights=pay[sel], minlength=int(over.sum()) * years)[key]
        si = book.sum_insured[pol[sel]]
        pay[sel] *= np.where(cell > si, si / np.maximum(cell, 1e-300), 1.0)
    # outputs
    total = _sum_by(yr, pay, years)
    attritional = _sum_by(yr[:n_attr], pay[:n_attr], years)
    maxocc = np.zeros(years)
    if n_attr:
        np.maximum.at(maxocc, yr[:n_attr], pay[:n_attr])
    n_events = len(rows["year"])
    event_loss = _sum_by(eid, pay[n_attr:], n_events)
    if n_events:
        np.maximum.at(maxocc, np.asarray(rows["year"], dtype=np.int64), event_loss)
    by_segment = _by_segment(book, yr, pol, pay, years)
    events = {
        "Period": np.asarray(rows["year"], dtype=np.int64) + start + 1,
        "ScenarioIndex": np.asarray(rows["scenario"], dtype=np.int64),
        "Dependency": np.asarray(rows["value"], dtype=object),
        "OutageHours": np.asarray(rows["hours"], dtype=np.float64),
        "Affected": np.asarray(rows["affected"], dtype=np.int64),
        "GroundUpLoss": np.asarray(rows["gu"], dtype=np.float64),
        "Loss": event_loss,
    }
    return BlockResult(start, total, attritional, total - attritional, maxocc, by_segment, events)


def _sum_by(index: NDArray[np.int64], weights: Array, size: int) -> Array:
    """``out[k] = sum(weights[index == k])`` for ``k < size`` (float64)."""
    return np.bincount(index, weights=weights, minlength=size).astype(np.float64, copy=False)


def _by_segment(
    book: Book, yr: NDArray[np.int64], pol: NDArray[np.int64], pay: Array, years: int
) -> dict[str, Array]:
    """Loss by year and segment value for every segment key.

    When the cross product of all segment values is small, one ``bincount`` on the combined
    code gives the joint table and each key is its margin; otherwise one ``bincount`` a key.
    """
    sizes = [len(book.segments[k].labels) for k in SEGMENT_KEYS]
    cells = math.prod(sizes)
    if cells * years <= 2 * BLOCK_CELLS:
        code = np.zeros(book.size, dtype=np.int64)
        for k, m in zip(SEGMENT_KEYS, sizes, strict=True):
            code = code * m + book.segments[k].codes
        joint = np.bincount(yr * cells + code[pol], weights=pay, minlength=years * cells)
        joint = joint.reshape(years, *sizes)
        out = {}
        for axis, k in enumerate(SEGMENT_KEYS):
            others = tuple(a + 1 for a in range(len(SEGMENT_KEYS)) if a != axis)
            out[k] = joint.sum(axis=others)
        return out
    out = {}
    for k, m in zip(SEGMENT_KEYS, sizes, strict=True):
        codes = book.segments[k].codes
        out[k] = np.bincount(yr * m + codes[pol], weights=pay, minlength=years * m).reshape(years, m)
    return out


# --- results ----------------------------------------------------------------------------

#: return periods of the EP curves
RETURN_PERIODS = (2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)


def var(losses: Array, p: float) -> float:
    """Empirical VaR: the smallest simulated loss ``x`` with ``F_n(x) >= p``."""
    s = np.sort(losses)
    k = max(0, math.ceil(p * s.size - 1e-9) - 1)
    return float(s[k])


def tail_index(losses: Array, p: float) -> NDArray[np.int64]:
    """Indices of the ``ceil(n (1 - p))`` largest years (ties broken by year, stably)."""
    m = max(1, math.ceil(losses.size * (1.0 - p) - 1e-9))
    order = np.argsort(-losses, kind="stable")
    return order[:m]


def ep_curve(losses: Array, return_periods: Iterable[int] = RETURN_PERIODS) -> list[dict[str, float]]:
    """Loss exceeded with annual probability ``1/T`` for each return period ``T`` (empirical VaR)."""
    n = losses.size
    return [
        {"return_period": float(t), "probability": 1.0 / t, "loss": var(losses, 1.0 - 1.0 / t)}
        for t in return_periods
        if t <= n
    ]


ASSUMPTIONS = (
    "Attritional claims: Poisson counts, lognormal amounts, independent between policies and years.",
    "Systemic events: Poisson per scenario, common shocks on the dependents of one cloud provider or "
    "software family; share hit uniform in the scenario's range; outage lognormal.",
    "Occurrence terms: deductible and limit per claim or per event; annual cap at the sum insured "
    "(pro rata between the occurrences of the year).",
    "No reinsurance, no expenses, no discounting, no investment income; losses in the year they occur.",
    "Capital = VaR 99.5% - mean of the annual aggregate loss (C-ROSS-style risk margin, one year); "
    "a model output on judgement parameters, not a regulatory capital figure.",
)


@dataclass
class PortfolioResult:
    config: SimulationConfig
    scenarios: tuple[Scenario, ...]
    segment_labels: dict[str, tuple[str, ...]]
    total: Array
    attritional: Array
    systemic: Array
    max_occurrence: Array
    by_segment: dict[str, Array]
    events: dict[str, NDArray[Any]]
    synthetic: bool
    n_policies: int

    @property
    def mean(self) -> float:
        return float(self.total.mean())

    def var(self, p: float = 0.995) -> float:
        return var(self.total, p)

    def tvar(self, p: float = 0.995) -> float:
        return float(self.total[tail_index(self.total, p)].mean())

    def capital(self) -> float:
        return self.var(0.995) - self.mean

    def euler(self, key: str, p: float = 0.995) -> dict[str, float]:
        """Euler allocation of TVaR_p: ``E[L_k | year among the tail years]``; sums to TVaR_p."""
        idx = tail_index(self.total, p)
        contrib = self.by_segment[key][idx].mean(axis=0)
        return {label: float(c) for label, c in zip(self.segment_labels[key], contrib, strict=True)}

    def ylt(self) -> dict[str, NDArray[Any]]:
        """Year-loss table (ORD period loss table per year): Period 1..n."""
        return {
            "Period": np.arange(1, self.total.size + 1),
            "Loss": self.total,
            "AttritionalLoss": self.attritional,
            "SystemicLoss": self.systemic,
            "MaxOccurrenceLoss": self.max_occurrence,
        }

    def elt(self) -> dict[str, NDArray[Any]]:
        """Event-loss table of the systemic events (EventId 1..m in period order)."""
        ev = dict(self.events)
        ev["EventId"] = np.arange(1, ev["Period"].size + 1)
        ev["Scenario"] = np.array([self.scenarios[i].name for i in ev.pop("ScenarioIndex")], dtype=object)
        return ev

    def summary(self) -> dict[str, Any]:
        total = self.total
        n = total.size
        return {
            "n_years": int(n),
            "n_policies": self.n_policies,
            "seed": self.config.seed,
            "block_years": self.config.block_years,
            "synthetic": self.synthetic,
            "systemic": self.config.systemic,
            "scenarios": [s.name for s in self.scenarios],
            "mean": self.mean,
            "mean_standard_error": float(total.std(ddof=1) / math.sqrt(n)) if n > 1 else None,
            "attritional_mean": float(self.attritional.mean()),
            "systemic_mean": float(self.systemic.mean()),
            "std": float(total.std(ddof=1)) if n > 1 else 0.0,
            "aep": ep_curve(total),
            "oep": ep_curve(self.max_occurrence),
            "pml": {
                "aep_100": var(total, 0.99) if n >= 100 else None,
                "aep_200": var(total, 0.995) if n >= 200 else None,
                "oep_100": var(self.max_occurrence, 0.99) if n >= 100 else None,
                "oep_200": var(self.max_occurrence, 0.995) if n >= 200 else None,
            },
            "var": {"0.995": self.var(0.995)},
            "tvar": {"0.99": self.tvar(0.99), "0.995": self.tvar(0.995)},
            "capital": {
                "value": self.capital(),
                "definition": "VaR 99.5% - mean (annual aggregate loss)",
            },
            "euler_tvar_995": {k: self.euler(k) for k in SEGMENT_KEYS},
            "events": int(self.events["Period"].size),
            "assumptions": list(ASSUMPTIONS),
        }


def combine(
    config: SimulationConfig,
    book: Book,
    scenarios: Sequence[Scenario],
    parts: Iterable[BlockResult],
) -> PortfolioResult:
    """Concatenate block results in year order (whatever order they arrive in)."""
    ordered = sorted(parts, key=lambda r: r.start)
    ev_keys = ("Period", "ScenarioIndex", "Dependency", "OutageHours", "Affected", "GroundUpLoss", "Loss")
    return PortfolioResult(
        config=config,
        scenarios=tuple(scenarios),
        segment_labels={k: book.segments[k].labels for k in SEGMENT_KEYS},
        total=np.concatenate([r.total for r in ordered]),
        attritional=np.concatenate([r.attritional for r in ordered]),
        systemic=np.concatenate([r.systemic for r in ordered]),
        max_occurrence=np.concatenate([r.max_occurrence for r in ordered]),
        by_segment={k: np.concatenate([r.by_segment[k] for r in ordered]) for k in SEGMENT_KEYS},
        events={k: np.concatenate([r.events[k] for r in ordered]) for k in ev_keys},
        synthetic=book.synthetic,
        n_policies=book.size,
    )


Executor = Callable[
    [Book, Sequence[Scenario], SimulationConfig, list[tuple[int, int, int]]], Iterable[BlockResult]
]


def run_local(
    book: Book,
    scenarios: Sequence[Scenario],
    config: SimulationConfig,
    plan: list[tuple[int, int, int]],
    progress: Callable[[int, int], None] | None = None,
) -> Iterable[BlockResult]:
    done = 0
    for b, start, years in plan:
        yield simulate_block(book, scenarios, config.seed, b, start, years)
        done += years
        if progress is not None:
            progress(done, config.n_years)


def simulate(
    book: Book,
    *,
    n_years: int,
    seed: int = DEFAULT_SEED,
    scenarios: Sequence[Scenario] | Mapping[str, Scenario] | None = None,
    systemic: bool = True,
    block_years: int | None = None,
    executor: Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PortfolioResult:
    """Simulate ``n_years`` years of ``book`` (see the module docstring).

    ``scenarios`` defaults to the shipped library; ``systemic=False`` switches the systemic
    events off. ``executor`` runs the blocks elsewhere (e.g.
    :func:`cyberins.actuarial.portfolio.distributed.dask_executor`); the result is the same.
    """
    if book.size == 0:
        raise ValueError("book: no policies")
    config = SimulationConfig(n_years=n_years, seed=seed, block_years=block_years, systemic=systemic)
    if scenarios is None:
        from cyberins.actuarial.portfolio.scenarios import load_scenarios

        scenarios = load_scenarios()
    scs = tuple(scenarios.values()) if isinstance(scenarios, Mapping) else tuple(scenarios)
    if not systemic:
        scs = ()
    by = block_years or default_block_years(book.size, n_years)
    config = SimulationConfig(n_years=n_years, seed=seed, block_years=by, systemic=systemic)
    plan = blocks(n_years, by)
    if executor is None:
        parts: Iterable[BlockResult] = run_local(book, scs, config, plan, progress)
    else:
        parts = executor(book, scs, config, plan)
    return combine(config, book, scs, parts)

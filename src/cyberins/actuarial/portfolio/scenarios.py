"""The scenario library (``actuarial/data/scenarios.json``) and deterministic scenario losses.

A scenario names the segment it spreads through (``cloud`` or ``software``), how often it
happens (``annual_rate``, used by the stochastic model), the share of dependents it hits,
the outage in hours (a lognormal with a median and a log-sd) and a restoration factor.
For an affected policy ``i`` with outage ``H`` hours:

* ground-up loss ``G_i = bi_per_hour_i * max(H - waiting_hours_i, 0) + r * exp(mu_i)``
  (BI after the waiting period, plus restoration and response cost of ``r`` times the
  policy's median attritional claim);
* insured loss ``min((G_i - deductible_i)+, limit_i, sum_insured_i)``.

The deterministic view hits every dependent of the chosen value (by default the value with
the largest sum insured) for the median outage and reports the totals and the sums by
segment, also weighted by the mid-point share hit (the expected loss given the event).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from cyberins.actuarial.portfolio.book import SEGMENT_KEYS, Array, Book

#: scenarios spread through one of these segments
SCENARIO_SEGMENTS = ("cloud", "software")


class UnknownScenario(ValueError):
    """The named scenario is not in the library."""


@dataclass(frozen=True)
class Scenario:
    name: str
    title_en: str
    title_zh: str
    segment: str
    annual_rate: float
    share_hit: tuple[float, float]
    median_hours: float
    sigma_hours: float
    restoration_factor: float
    source: str
    notes: str = ""
    exclude_values: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        p = f"scenarios.{self.name}"
        if self.segment not in SCENARIO_SEGMENTS:
            raise ValueError(f"{p}.segment must be one of {list(SCENARIO_SEGMENTS)}")
        lo, hi = self.share_hit
        if not (0 < lo <= hi <= 1):
            raise ValueError(f"{p}.share_hit must be 0 < low <= high <= 1")
        for name in ("annual_rate", "median_hours", "sigma_hours", "restoration_factor"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{p}.{name} must be a finite non-negative number")
        if not self.median_hours > 0:
            raise ValueError(f"{p}.median_hours must be positive")
        if not self.source:
            raise ValueError(f"{p}.source is required")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title_en": self.title_en,
            "title_zh": self.title_zh,
            "segment": self.segment,
            "annual_rate": self.annual_rate,
            "share_hit": list(self.share_hit),
            "outage_hours": {"median": self.median_hours, "sigma": self.sigma_hours},
            "restoration_factor": self.restoration_factor,
            "exclude_values": list(self.exclude_values),
            "source": self.source,
            "notes": self.notes,
        }


def _scenario_from_dict(d: Mapping[str, Any]) -> Scenario:
    hours = d["outage_hours"]
    return Scenario(
        name=str(d["name"]),
        title_en=str(d.get("title_en", d["name"])),
        title_zh=str(d.get("title_zh", d["name"])),
        segment=str(d["segment"]),
        annual_rate=float(d["annual_rate"]),
        share_hit=(float(d["share_hit"][0]), float(d["share_hit"][1])),
        median_hours=float(hours["median"]),
        sigma_hours=float(hours.get("sigma", 0.0)),
        restoration_factor=float(d.get("restoration_factor", 0.0)),
        source=str(d.get("source", "")),
        notes=str(d.get("notes", "")),
        exclude_values=tuple(str(v) for v in d.get("exclude_values", ())),
    )


def load_scenarios(data: Mapping[str, Any] | None = None) -> dict[str, Scenario]:
    """The scenario library by name (the shipped file unless ``data`` is given)."""
    if data is None:
        text = resources.files("cyberins.actuarial").joinpath("data/scenarios.json").read_text("utf-8")
        data = json.loads(text)
    out: dict[str, Scenario] = {}
    for item in data["scenarios"]:
        s = _scenario_from_dict(item)
        out[s.name] = s
    return out


def get_scenario(name: str, library: Mapping[str, Scenario] | None = None) -> Scenario:
    library = library if library is not None else load_scenarios()
    if name not in library:
        raise UnknownScenario(f"scenario: unknown scenario {name!r}; known: {', '.join(sorted(library))}")
    return library[name]


def ground_up(book: Book, scenario: Scenario, hours: float | Array, index: NDArray[np.int64]) -> Array:
    """Ground-up loss of the policies at ``index`` for an outage of ``hours``."""
    bi = book.bi_per_hour[index] * np.maximum(hours - book.waiting_hours[index], 0.0)
    return bi + scenario.restoration_factor * np.exp(book.mu[index])


def insured(book: Book, gu: Array, index: NDArray[np.int64]) -> Array:
    """Insured loss through the occurrence terms and the annual cap (one event alone)."""
    pay = np.minimum(np.maximum(gu - book.deductible[index], 0.0), book.limit[index])
    return np.minimum(pay, book.sum_insured[index])


def candidate_values(book: Book, scenario: Scenario) -> list[int]:
    """Codes of the segment values the scenario can strike (those not excluded, present in the book)."""
    seg = book.segments[scenario.segment]
    present = np.unique(seg.codes)
    return [int(c) for c in present if seg.labels[c] not in scenario.exclude_values]


def default_value(book: Book, scenario: Scenario) -> str:
    """The value with the largest sum insured among the candidates (the worst single dependency)."""
    seg = book.segments[scenario.segment]
    values = candidate_values(book, scenario)
    if not values:
        raise ValueError(f"scenario: no policy in the book depends on a {scenario.segment} value")
    totals = np.bincount(seg.codes, weights=book.sum_insured, minlength=len(seg.labels))
    return seg.labels[max(values, key=lambda c: (totals[c], -c))]


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    value: str
    hours: float
    share_hit: float
    affected: int
    ground_up: float
    insured: float
    expected_insured: float
    by_segment: dict[str, dict[str, float]]
    policy_index: NDArray[np.int64]
    policy_insured: Array

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario.name,
            "title_en": self.scenario.title_en,
            "title_zh": self.scenario.title_zh,
            "source": self.scenario.source,
            "segment": self.scenario.segment,
            "value": self.value,
            "outage_hours": self.hours,
            "share_hit": self.share_hit,
            "affected_policies": self.affected,
            "ground_up_loss": self.ground_up,
            "insured_loss_all_dependents": self.insured,
            "expected_insured_loss": self.expected_insured,
            "by_segment": self.by_segment,
        }


def run_scenario(
    book: Book,
    scenario: Scenario,
    *,
    value: str | None = None,
    hours: float | None = None,
) -> ScenarioResult:
    """Deterministic losses of ``scenario`` striking ``value`` for ``hours`` (defaults: see module)."""
    seg = book.segments[scenario.segment]
    if value is None:
        value = default_value(book, scenario)
    if value not in seg.labels:
        raise ValueError(f"value: no policy in the book depends on {scenario.segment} {value!r}")
    code = seg.labels.index(value)
    index = np.flatnonzero(seg.codes == code).astype(np.int64)
    return strike(book, scenario, index, value=value, hours=hours)


def strike(
    book: Book,
    scenario: Scenario,
    index: NDArray[np.int64],
    *,
    value: str,
    hours: float | None = None,
) -> ScenarioResult:
    """Deterministic losses of ``scenario`` on the policies at ``index`` (those it strikes, chosen by the
    caller: the dependents of a segment value, or the insureds running a product version a KEV entry
    affects), for ``hours`` (default the median outage); ``value`` names what was struck."""
    h = scenario.median_hours if hours is None else float(hours)
    if not (math.isfinite(h) and h >= 0):
        raise ValueError("hours must be a finite non-negative number")
    index = np.asarray(index, dtype=np.int64)
    gu = ground_up(book, scenario, h, index)
    ins = insured(book, gu, index)
    share = 0.5 * (scenario.share_hit[0] + scenario.share_hit[1])
    by_segment: dict[str, dict[str, float]] = {}
    for key in SEGMENT_KEYS:
        s = book.segments[key]
        sums = np.bincount(s.codes[index], weights=ins, minlength=len(s.labels))
        by_segment[key] = {s.labels[k]: float(v) for k, v in enumerate(sums) if v > 0}
    return ScenarioResult(
        scenario=scenario,
        value=value,
        hours=h,
        share_hit=share,
        affected=int(index.size),
        ground_up=float(gu.sum()),
        insured=float(ins.sum()),
        expected_insured=float(share * ins.sum()),
        by_segment=by_segment,
        policy_index=index,
        policy_insured=ins,
    )


def scenario_names(library: Mapping[str, Scenario] | None = None) -> Sequence[str]:
    return sorted(library if library is not None else load_scenarios())

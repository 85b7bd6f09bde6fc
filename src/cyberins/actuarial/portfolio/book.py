"""A book of policies as arrays, and a reproducible synthetic book.

Each policy ``i`` has

* attritional losses: a Poisson count with mean ``freq[i]`` a year and independent
  lognormal ground-up amounts ``ln X ~ N(mu[i], sigma[i]^2)``;
* per-occurrence terms: payment ``min((X - deductible[i])+, limit[i])`` (the limit in excess
  of the deductible, as ``PolicyTerms(limit_basis="excess")``);
* an annual aggregate cap ``sum_insured[i]`` on all payments of the year (``inf`` for none);
* business interruption: ``bi_per_hour[i]`` of ground-up loss per hour of outage after the
  waiting period ``waiting_hours[i]`` (a time deductible);
* segment keys (cloud provider, region, industry, software), stored as integer codes into a
  list of labels so that sums by segment are one ``np.bincount``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy import special

Array = NDArray[np.float64]
Codes = NDArray[np.int64]

#: the segment dimensions every book carries
SEGMENT_KEYS = ("cloud", "region", "industry", "software")

_FLOAT_FIELDS = (
    "freq",
    "mu",
    "sigma",
    "deductible",
    "limit",
    "sum_insured",
    "bi_per_hour",
    "waiting_hours",
)


@dataclass(frozen=True)
class Segment:
    """Integer ``codes`` (one per policy) into ``labels``."""

    codes: Codes
    labels: tuple[str, ...]

    def __post_init__(self) -> None:
        codes = np.asarray(self.codes, dtype=np.int64)
        object.__setattr__(self, "codes", codes)
        object.__setattr__(self, "labels", tuple(str(s) for s in self.labels))
        if codes.size and (codes.min() < 0 or codes.max() >= len(self.labels)):
            raise ValueError("segment codes must index the labels")

    @classmethod
    def from_values(cls, values: Sequence[str]) -> Segment:
        labels = sorted({str(v) for v in values})
        index = {v: k for k, v in enumerate(labels)}
        return cls(np.array([index[str(v)] for v in values], dtype=np.int64), tuple(labels))


@dataclass(frozen=True)
class Book:
    """A book of ``n`` policies as parallel arrays (see the module docstring)."""

    freq: Array
    mu: Array
    sigma: Array
    deductible: Array
    limit: Array
    sum_insured: Array
    bi_per_hour: Array
    waiting_hours: Array
    segments: Mapping[str, Segment]
    ids: tuple[str, ...] = field(default=())
    synthetic: bool = False

    def __post_init__(self) -> None:
        n = None
        for name in _FLOAT_FIELDS:
            arr = np.ascontiguousarray(getattr(self, name), dtype=np.float64)
            if arr.ndim != 1:
                raise ValueError(f"book.{name} must be one-dimensional")
            n = arr.size if n is None else n
            if arr.size != n:
                raise ValueError(f"book.{name} has {arr.size} entries, expected {n}")
            if np.isnan(arr).any() or (arr < 0).any():
                raise ValueError(f"book.{name} must be non-negative numbers")
            object.__setattr__(self, name, arr)
        if not np.isfinite(self.mu).all() or not np.isfinite(self.freq).all():
            raise ValueError("book.mu and book.freq must be finite")
        if not (self.sigma > 0).all() or not np.isfinite(self.sigma).all():
            raise ValueError("book.sigma must be finite and positive")
        if not (self.limit > 0).all() or not (self.sum_insured > 0).all():
            raise ValueError("book.limit and book.sum_insured must be positive")
        for key in SEGMENT_KEYS:
            if key not in self.segments:
                raise ValueError(f"book.segments needs {key!r}")
            if self.segments[key].codes.size != n:
                raise ValueError(f"book.segments[{key!r}] has the wrong length")
        if self.ids and len(self.ids) != n:
            raise ValueError("book.ids has the wrong length")

    @property
    def size(self) -> int:
        return int(self.freq.size)

    def expected_attritional(self) -> Array:
        """Closed-form expected annual attritional payment per policy (before the aggregate cap).

        ``freq * (LEV(d + L) - LEV(d))`` with the lognormal limited expected value
        ``LEV(x) = e^{mu + sigma^2/2} Phi((ln x - mu - sigma^2)/sigma) + x (1 - Phi((ln x - mu)/sigma))``.
        """
        return self.freq * (
            _lev(self.deductible + self.limit, self.mu, self.sigma)
            - _lev(self.deductible, self.mu, self.sigma)
        )

    def subset(self, index: NDArray[np.int64]) -> Book:
        """The policies at ``index`` (same segment labels)."""
        return Book(
            **{name: getattr(self, name)[index] for name in _FLOAT_FIELDS},
            segments={k: Segment(s.codes[index], s.labels) for k, s in self.segments.items()},
            ids=tuple(self.ids[i] for i in index) if self.ids else (),
            synthetic=self.synthetic,
        )


def _lev(x: Array, mu: Array, sigma: Array) -> Array:
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        lx = np.log(np.maximum(x, 1e-300))
        head = np.exp(mu + 0.5 * sigma * sigma) * special.ndtr((lx - mu - sigma * sigma) / sigma)
        tail = np.where(np.isinf(x), 0.0, x * special.ndtr(-(lx - mu) / sigma))
    return np.where(x <= 0, 0.0, head + tail)


# --- a synthetic book -------------------------------------------------------------------

#: cloud providers and their weights in the synthetic book (judgement, for sizing only)
SYNTHETIC_CLOUD = {
    "aliyun": 0.34,
    "huawei_cloud": 0.18,
    "tencent_cloud": 0.15,
    "aws_china": 0.06,
    "azure_china": 0.04,
    "on_premise": 0.23,
}
#: the software family that a systemic software scenario spreads through
SYNTHETIC_SOFTWARE = {
    "windows_server": 0.45,
    "linux": 0.35,
    "edr_vendor_a": 0.12,
    "erp_vendor_b": 0.08,
}
#: GB/T 2260 province codes (first two digits), weighted towards the coastal economies
SYNTHETIC_REGION = {
    "11": 0.1,
    "31": 0.12,
    "44": 0.16,
    "32": 0.1,
    "33": 0.1,
    "37": 0.06,
    "51": 0.05,
    "42": 0.05,
    "35": 0.05,
    "12": 0.04,
    "50": 0.04,
    "61": 0.04,
    "43": 0.03,
    "34": 0.03,
    "21": 0.03,
}
#: GB/T 4754-2017 sections
SYNTHETIC_INDUSTRY = {
    "C": 0.25,
    "I": 0.15,
    "J": 0.1,
    "F": 0.1,
    "G": 0.1,
    "M": 0.08,
    "K": 0.06,
    "Q": 0.06,
    "P": 0.05,
    "L": 0.05,
}
SYNTHETIC_SUMS_INSURED = (1e6, 2e6, 5e6, 1e7, 2e7)
SYNTHETIC_WAITING_HOURS = (6.0, 8.0, 12.0, 24.0)


def _pick(rng: np.random.Generator, weights: Mapping[str, float], n: int) -> Segment:
    labels = tuple(weights)
    p = np.array([weights[k] for k in labels], dtype=np.float64)
    return Segment(rng.choice(len(labels), size=n, p=p / p.sum()).astype(np.int64), labels)


def synthetic_book(n_policies: int, *, seed: int = 20260101) -> Book:
    """A reproducible synthetic SME cyber book of ``n_policies`` (marked ``synthetic``).

    Sums insured 1-20 million CNY; 2-30% annual claim frequency; lognormal claims with a
    median of 1-4% of the sum insured and sigma 1.2-2.0; a deductible of 0.5% of the sum
    insured; occurrence limit = sum insured = annual aggregate; BI of 1/2000 of the sum
    insured an hour after a waiting period of 6-24 hours. For benchmarks and sizing only.
    """
    if isinstance(n_policies, bool) or not isinstance(n_policies, int | np.integer) or n_policies < 1:
        raise ValueError(f"n_policies must be a positive integer, got {n_policies!r}")
    n = int(n_policies)
    rng = np.random.default_rng(seed)
    si = rng.choice(np.array(SYNTHETIC_SUMS_INSURED), size=n, p=[0.35, 0.3, 0.2, 0.1, 0.05])
    median = si * rng.uniform(0.01, 0.04, size=n)
    return Book(
        freq=rng.uniform(0.02, 0.3, size=n),
        mu=np.log(median),
        sigma=rng.uniform(1.2, 2.0, size=n),
        deductible=0.005 * si,
        limit=si.copy(),
        sum_insured=si,
        bi_per_hour=si / 2000.0,
        waiting_hours=rng.choice(np.array(SYNTHETIC_WAITING_HOURS), size=n),
        segments={
            "cloud": _pick(rng, SYNTHETIC_CLOUD, n),
            "region": _pick(rng, SYNTHETIC_REGION, n),
            "industry": _pick(rng, SYNTHETIC_INDUSTRY, n),
            "software": _pick(rng, SYNTHETIC_SOFTWARE, n),
        },
        ids=(),
        synthetic=True,
    )

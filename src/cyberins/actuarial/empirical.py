"""Empirical and mixture severities (e.g. one component per incident type)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize

from cyberins.actuarial._validation import non_negative
from cyberins.actuarial.severity import Array, Severity, _arr


@dataclass(frozen=True)
class Empirical(Severity):
    """The empirical distribution of observed loss amounts (each with weight 1/n)."""

    amounts: tuple[float, ...]
    _xs: Array = field(init=False, repr=False, compare=False)
    _c1: Array = field(init=False, repr=False, compare=False)
    _c2: Array = field(init=False, repr=False, compare=False)
    name = "empirical"

    def __post_init__(self) -> None:
        xs = np.sort(np.asarray(self.amounts, dtype=np.float64))
        if xs.size == 0:
            raise ValueError("severity.amounts must contain at least one amount")
        if not np.all(np.isfinite(xs)) or xs[0] < 0:
            raise ValueError("severity.amounts must be finite non-negative numbers")
        object.__setattr__(self, "amounts", tuple(float(v) for v in xs))
        object.__setattr__(self, "_xs", xs)
        object.__setattr__(self, "_c1", np.concatenate(([0.0], np.cumsum(xs))))
        object.__setattr__(self, "_c2", np.concatenate(([0.0], np.cumsum(xs * xs))))

    def cdf(self, x: ArrayLike) -> Array:
        return np.searchsorted(self._xs, _arr(x), side="right") / self._xs.size

    def _limited(self, x: ArrayLike, k: int) -> Array:
        x = _arr(x)
        n = self._xs.size
        i = np.searchsorted(self._xs, x, side="right")
        c = self._c1 if k == 1 else self._c2
        with np.errstate(invalid="ignore"):
            tail = np.where(i == n, 0.0, (n - i) * np.maximum(x, 0.0) ** k)
        return (c[i] + tail) / n

    def lev(self, x: ArrayLike) -> Array:
        return self._limited(x, 1)

    def lev2(self, x: ArrayLike) -> Array:
        return self._limited(x, 2)

    def ppf(self, q: ArrayLike) -> Array:
        n = self._xs.size
        idx = np.clip(np.ceil(_arr(q) * n).astype(np.int64) - 1, 0, n - 1)
        return self._xs[idx]

    def sample(self, rng: np.random.Generator, size: int) -> Array:
        return self._xs[rng.integers(0, self._xs.size, size)]

    def to_dict(self) -> dict[str, object]:
        return {"dist": "empirical", "amounts": list(self.amounts)}


@dataclass(frozen=True)
class Mixture(Severity):
    """A finite mixture, e.g. one component per incident type (ransomware, data breach,
    business email compromise, DDoS): ``F = Σ w_i F_i``; every limited moment mixes alike."""

    components: tuple[Severity, ...]
    weights: tuple[float, ...]
    labels: tuple[str, ...] = ()
    name = "mixture"

    def __post_init__(self) -> None:
        if len(self.components) == 0 or len(self.components) != len(self.weights):
            raise ValueError("severity.components and weights must be non-empty and of equal length")
        w = [non_negative(f"severity.components[{i}].weight", v) for i, v in enumerate(self.weights)]
        total = sum(w)
        if total <= 0:
            raise ValueError("severity.components weights must not all be zero")
        object.__setattr__(self, "weights", tuple(v / total for v in w))
        object.__setattr__(self, "components", tuple(self.components))
        if self.labels and len(self.labels) != len(self.components):
            raise ValueError("severity.labels must have one label per component")

    def _mix(self, method: str, x: ArrayLike) -> Array:
        out = np.zeros_like(_arr(x))
        for w, c in zip(self.weights, self.components, strict=True):
            out = out + w * getattr(c, method)(x)
        return out

    def cdf(self, x: ArrayLike) -> Array:
        return self._mix("cdf", x)

    def sf(self, x: ArrayLike) -> Array:
        return self._mix("sf", x)

    def lev(self, x: ArrayLike) -> Array:
        return self._mix("lev", x)

    def lev2(self, x: ArrayLike) -> Array:
        return self._mix("lev2", x)

    def ppf(self, q: ArrayLike) -> Array:
        qs = np.atleast_1d(_arr(q))
        out = np.empty_like(qs)
        for j, p in enumerate(qs):
            lo = min(float(c.ppf(p)) for c in self.components)
            hi = max(float(c.ppf(p)) for c in self.components)
            if hi <= lo or not np.isfinite(hi):
                out[j] = lo if hi <= lo else hi
                continue
            out[j] = optimize.brentq(lambda v, p=p: float(self.cdf(v)) - p, lo, hi, xtol=1e-10 * hi)
        return out.reshape(np.shape(q))

    def sample(self, rng: np.random.Generator, size: int) -> Array:
        counts = rng.multinomial(size, self.weights)
        parts = [c.sample(rng, int(k)) for c, k in zip(self.components, counts, strict=True)]
        return rng.permutation(np.concatenate(parts))

    def to_dict(self) -> dict[str, object]:
        comps = []
        for i, (w, c) in enumerate(zip(self.weights, self.components, strict=True)):
            d = {"weight": w, **c.to_dict()}
            if self.labels:
                d["label"] = self.labels[i]
            comps.append(d)
        return {"dist": "mixture", "components": comps}


def mixture(components: Sequence[tuple[float, Severity]], labels: Sequence[str] = ()) -> Mixture:
    """Build a :class:`Mixture` from ``(weight, severity)`` pairs."""
    return Mixture(tuple(c for _, c in components), tuple(w for w, _ in components), tuple(labels))

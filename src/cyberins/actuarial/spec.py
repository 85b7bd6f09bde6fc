"""The JSON form of a pricing request (used by the CLI and the batch API).

See ``docs/actuarial.md`` for the full format. Every field error is a ValueError that names
the field (``severity.sigma must be a finite positive number``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cyberins.actuarial._validation import positive_int, probability_open
from cyberins.actuarial.empirical import Empirical, Mixture
from cyberins.actuarial.fitting import severity_from_mean_cv
from cyberins.actuarial.frequency import Frequency, frequency_from_dict
from cyberins.actuarial.severity import (
    Gamma,
    GeneralizedPareto,
    Lognormal,
    Pareto,
    Severity,
    Weibull,
)
from cyberins.actuarial.terms import PolicyTerms

METHODS = ("fft", "panjer", "montecarlo")

_SEVERITY_PARAMS: dict[str, list[set[str]]] = {
    "lognormal": [{"mu", "sigma"}, {"median", "sigma"}, {"mean", "cv"}],
    "gamma": [{"shape", "scale"}, {"mean", "cv"}],
    "pareto": [{"shape", "scale"}, {"mean", "cv"}],
    "gpd": [{"shape", "scale"}, {"shape", "scale", "loc"}, {"mean", "cv"}],
    "weibull": [{"shape", "scale"}, {"mean", "cv"}],
    "empirical": [{"amounts"}],
    "mixture": [{"components"}],
}


def _fix_prefix(exc: ValueError, prefix: str) -> ValueError:
    return ValueError(str(exc).replace("severity.", f"{prefix}.", 1))


def severity_from_dict(spec: object, prefix: str = "severity") -> Severity:
    """Build a severity from its JSON form (``{"dist": "lognormal", "median": ..., "sigma": ...}``)."""
    if not isinstance(spec, Mapping):
        raise ValueError(f"{prefix} must be an object with a 'dist' field")
    dist = spec.get("dist")
    if dist not in _SEVERITY_PARAMS:
        raise ValueError(f"{prefix}.dist must be one of {sorted(_SEVERITY_PARAMS)}, got {dist!r}")
    given = set(spec) - {"dist", "label", "weight"}
    forms = _SEVERITY_PARAMS[dist]
    if given not in forms:
        unknown = given - set().union(*forms)
        if unknown:
            raise ValueError(f"{prefix}.{sorted(unknown)[0]} is not a parameter of {dist}")
        wanted = " or ".join("{" + ", ".join(sorted(f)) + "}" for f in forms)
        raise ValueError(f"{prefix}: {dist} takes {wanted}, got {{{', '.join(sorted(given))}}}")
    try:
        if "cv" in given:
            return severity_from_mean_cv(dist, spec["mean"], spec["cv"])
        if dist == "lognormal":
            if "median" in given:
                return Lognormal.from_median(spec["median"], spec["sigma"])
            return Lognormal(spec["mu"], spec["sigma"])
        if dist == "gamma":
            return Gamma(spec["shape"], spec["scale"])
        if dist == "pareto":
            return Pareto(spec["shape"], spec["scale"])
        if dist == "gpd":
            return GeneralizedPareto(spec["shape"], spec["scale"], spec.get("loc", 0.0))
        if dist == "weibull":
            return Weibull(spec["shape"], spec["scale"])
        if dist == "empirical":
            amounts = spec["amounts"]
            if not isinstance(amounts, list):
                raise ValueError("severity.amounts must be a list of numbers")
            return Empirical(tuple(amounts))
    except ValueError as exc:
        raise _fix_prefix(exc, prefix) from None
    comps = spec["components"]
    if not isinstance(comps, list) or not comps:
        raise ValueError(f"{prefix}.components must be a non-empty list")
    parts, weights, labels = [], [], []
    for i, c in enumerate(comps):
        if not isinstance(c, Mapping) or "weight" not in c:
            raise ValueError(f"{prefix}.components[{i}].weight is required")
        parts.append(severity_from_dict(c, f"{prefix}.components[{i}]"))
        weights.append(c["weight"])
        labels.append(str(c.get("label", f"component_{i}")))
    try:
        return Mixture(tuple(parts), tuple(weights), tuple(labels))
    except ValueError as exc:
        raise _fix_prefix(exc, prefix) from None


_TERMS_FIELDS = {"deductible", "limit", "limit_basis", "aggregate_deductible", "aggregate_limit", "share"}


def terms_from_dict(spec: object, prefix: str = "terms") -> PolicyTerms:
    """Build :class:`PolicyTerms`; a missing or ``null`` limit means unlimited."""
    if spec is None:
        return PolicyTerms()
    if not isinstance(spec, Mapping):
        raise ValueError(f"{prefix} must be an object")
    unknown = set(spec) - _TERMS_FIELDS
    if unknown:
        raise ValueError(f"{prefix}.{sorted(unknown)[0]} is not a policy term")
    kwargs: dict[str, Any] = {k: v for k, v in spec.items() if v is not None}
    for key in ("limit", "aggregate_limit"):
        if key in kwargs and kwargs[key] in ("inf", "unlimited"):
            kwargs[key] = math.inf
    try:
        return PolicyTerms(**kwargs)
    except ValueError as exc:
        raise ValueError(str(exc).replace("terms.", f"{prefix}.")) from None


@dataclass(frozen=True)
class PricingRequest:
    """A parsed pricing request: the risk, the terms and how to compute."""

    frequency: Frequency
    severity: Severity
    terms: PolicyTerms
    quantiles: tuple[float, ...] = (0.99, 0.995)
    method: str = "fft"
    buckets_per_layer: int | None = None
    n_years: int = 1_000_000
    seed: int = 20240601
    premium: Mapping[str, Any] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


_REQUEST_FIELDS = {
    "frequency",
    "severity",
    "terms",
    "quantiles",
    "method",
    "buckets_per_layer",
    "n_years",
    "seed",
    "premium",
    "assumption_set",
    "id",
}


def parse_request(data: object) -> PricingRequest:
    """Parse and validate the JSON object of one pricing request."""
    if not isinstance(data, Mapping):
        raise ValueError("request must be a JSON object")
    unknown = set(data) - _REQUEST_FIELDS
    if unknown:
        raise ValueError(f"{sorted(unknown)[0]} is not a known field")
    for key in ("frequency", "severity"):
        if key not in data:
            raise ValueError(f"{key} is required")
    quantiles = data.get("quantiles", [0.99, 0.995])
    if not isinstance(quantiles, list):
        raise ValueError("quantiles must be a list of probabilities")
    qs = tuple(probability_open(f"quantiles[{i}]", q) for i, q in enumerate(quantiles))
    method = data.get("method", "fft")
    if method not in METHODS:
        raise ValueError(f"method must be one of {list(METHODS)}, got {method!r}")
    bpl = data.get("buckets_per_layer")
    premium = data.get("premium")
    if premium is not None and not isinstance(premium, Mapping):
        raise ValueError("premium must be an object")
    seed = data.get("seed", 20240601)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError("seed must be a non-negative integer")
    return PricingRequest(
        frequency=frequency_from_dict(data["frequency"]),
        severity=severity_from_dict(data["severity"]),
        terms=terms_from_dict(data.get("terms")),
        quantiles=qs,
        method=method,
        buckets_per_layer=None if bpl is None else positive_int("buckets_per_layer", bpl),
        n_years=positive_int("n_years", data.get("n_years", 1_000_000)),
        seed=seed,
        premium=premium,
        extra={k: data[k] for k in ("assumption_set", "id") if k in data},
    )

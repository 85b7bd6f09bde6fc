"""Assumption sets (风险控制模型: 方法来源, 假设选取, 法律法规).

Every parameter set — frequency by industry and revenue band, severity by incident type,
loads — is a named, versioned object that records the method source, the assumptions chosen
and the legal and regulatory basis. A price carries :meth:`AssumptionSet.reference` (name,
version and a SHA-256 fingerprint of the whole set), so any premium can be traced to the
exact numbers it came from.

The shipped default (``data/default_assumptions.json``) anchors its severities to published
figures (IRIS 20/20; NetDiligence Cyber Claims Study 2019; Romanosky 2016 as a sanity check),
each with its citation; its claim frequencies, industry multipliers, incident-type split and
loads are judgement, labelled as such. The whole set is a starting point to be recalibrated
on the operator's own claims.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from cyberins.actuarial.empirical import Mixture
from cyberins.actuarial.fitting import fit_lognormal_median_percentile, severity_from_mean_cv
from cyberins.actuarial.frequency import Frequency, Poisson
from cyberins.actuarial.premium import Loadings
from cyberins.actuarial.severity import Severity

REQUIRED = (
    "name",
    "version",
    "status",
    "method_source",
    "assumptions",
    "legal_basis",
    "frequency",
    "severity",
    "loads",
)


@dataclass(frozen=True)
class AssumptionSet:
    """A named, versioned set of pricing assumptions with its sources."""

    data: Mapping[str, Any]

    def __post_init__(self) -> None:
        for key in REQUIRED:
            if key not in self.data:
                raise ValueError(f"assumption_set.{key} is required")
        if not self.data["method_source"] or not self.data["legal_basis"]:
            raise ValueError("assumption_set.method_source and legal_basis must not be empty")

    @property
    def name(self) -> str:
        return str(self.data["name"])

    @property
    def version(self) -> str:
        return str(self.data["version"])

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the canonical JSON of the whole set."""
        canonical = json.dumps(self.data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def reference(self) -> dict[str, str]:
        """What a price stores: name, version, fingerprint."""
        return {"name": self.name, "version": self.version, "fingerprint": self.fingerprint}

    @property
    def fx(self) -> float:
        return float(self.data.get("fx_to_cny", 1.0))

    def revenue_band(self, revenue: float) -> str:
        """The revenue band (key of ``frequency.by_revenue_band``) of an annual revenue in CNY."""
        if not revenue >= 0:
            raise ValueError("revenue must be a non-negative number")
        for band, spec in self.data["frequency"]["by_revenue_band"].items():
            lo, hi = spec["revenue_cny"]
            if revenue >= lo and (hi is None or revenue < hi):
                return str(band)
        raise ValueError(f"revenue {revenue} falls in no band of assumption set {self.name}")

    def frequency(self, industry: str, revenue_band: str) -> Frequency:
        """Poisson frequency: band mean times the industry multiplier (GB/T 4754 section)."""
        freq = self.data["frequency"]
        bands = freq["by_revenue_band"]
        if revenue_band not in bands:
            raise ValueError(f"revenue_band must be one of {sorted(bands)}, got {revenue_band!r}")
        mult = freq["industry_multiplier"].get(industry, freq["industry_multiplier"].get("default", 1.0))
        return Poisson(float(bands[revenue_band]["mean"]) * float(mult))

    def severity(self, segment: str = "sme") -> Severity:
        """Ground-up severity in CNY: ``"sme"`` (mixture by incident type) or ``"large"``."""
        sev = self.data["severity"]
        if segment == "large":
            spec = sev["large"]
            return fit_lognormal_median_percentile(
                float(spec["median_usd"]) * self.fx, float(spec["p90_usd"]) * self.fx, 0.9
            )
        if segment == "sme":
            types = sev["sme_by_incident_type"]
            comps = tuple(
                severity_from_mean_cv("lognormal", float(t["mean_usd"]) * self.fx, float(t["cv"]))
                for t in types.values()
            )
            return Mixture(comps, tuple(float(t["weight"]) for t in types.values()), tuple(types))
        raise ValueError(f"segment must be 'sme' or 'large', got {segment!r}")

    def loadings(self) -> Loadings:
        loads = {k: v for k, v in self.data["loads"].items() if k != "source"}
        return Loadings(**loads)


def load_assumption_set(data: Mapping[str, Any] | str) -> AssumptionSet:
    """An assumption set from a mapping or a JSON file path."""
    if isinstance(data, str):
        with open(data, encoding="utf-8") as handle:
            data = json.load(handle)
    if not isinstance(data, Mapping):
        raise ValueError("assumption_set must be a JSON object")
    return AssumptionSet(data)


def default_assumption_set() -> AssumptionSet:
    """The shipped starting-point set (see the module docstring)."""
    text = resources.files("cyberins.actuarial").joinpath("data/default_assumptions.json").read_text("utf-8")
    return AssumptionSet(json.loads(text))

"""Shared fixtures: the issue's reference case."""

from __future__ import annotations

import pytest

from cyberins.actuarial import Lognormal, Poisson, PolicyTerms

#: the reference case of the issue and its published answer
TARGET_REQUEST = {
    "frequency": {"dist": "poisson", "mean": 0.3},
    "severity": {"dist": "lognormal", "median": 150000, "sigma": 2.0},
    "terms": {"deductible": 50000, "limit": 5000000, "limit_basis": "excess"},
    "quantiles": [0.99, 0.995],
}
TARGET = {
    "mean": 181_690.44,
    "std": 730_488.69,
    "p_zero": 0.808495,
    "var99": 5_000_000.0,
    "var995": 5_000_000.0,
    "tvar99": 5_207_910.0,
    "tvar995": 5_415_820.0,
}


@pytest.fixture
def target_case() -> tuple[Poisson, Lognormal, PolicyTerms]:
    return Poisson(0.3), Lognormal.from_median(150_000, 2.0), PolicyTerms(50_000, 5_000_000, "excess")

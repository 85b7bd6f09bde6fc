"""Vectorised, seeded Monte Carlo simulation of the annual insured loss.

One call draws every year's claim count, then all the claims of all years at once, applies
the occurrence terms to the whole array, sums them by year with ``np.bincount`` and
applies the aggregate terms. The same ``seed`` gives the same years on every machine
(numpy's PCG64 generator).

References
----------
.. [1] Klugman, Panjer and Willmot (2019), *Loss Models*, 5th ed., Chapter 19 (simulation).
"""

from __future__ import annotations

import numpy as np

from cyberins.actuarial._validation import positive_int
from cyberins.actuarial.frequency import Frequency
from cyberins.actuarial.results import SampleResult
from cyberins.actuarial.severity import Severity
from cyberins.actuarial.terms import PolicyTerms

DEFAULT_SEED = 20240601


def simulate_years(
    freq: Frequency,
    severity: Severity,
    terms: PolicyTerms | None = None,
    *,
    n_years: int = 1_000_000,
    seed: int | np.random.Generator | None = DEFAULT_SEED,
) -> np.ndarray:
    """Simulated annual insured losses, one per year (an array of length ``n_years``)."""
    terms = terms or PolicyTerms()
    n = positive_int("n_years", n_years)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    claim_years = freq.sample_claim_years(rng, n)
    pay = terms.occurrence_payment(severity.sample(rng, claim_years.size))
    years = np.bincount(claim_years, weights=pay, minlength=n).astype(np.float64)
    if terms.has_aggregate_terms or terms.share != 1.0:
        years = terms.aggregate_payment(years)
    return years


def monte_carlo(
    freq: Frequency,
    severity: Severity,
    terms: PolicyTerms | None = None,
    *,
    n_years: int = 1_000_000,
    seed: int | np.random.Generator | None = DEFAULT_SEED,
) -> SampleResult:
    """Monte Carlo estimate of the annual insured loss distribution.

    Parameters
    ----------
    freq, severity, terms
        As for :func:`cyberins.actuarial.aggregate.fft_aggregate`.
    n_years : int
        Number of simulated years (default one million).
    seed : int or numpy.random.Generator, optional
        Seed for reproducible results; ``None`` draws fresh entropy.

    Returns
    -------
    SampleResult
        Same interface as the FFT result; the standard error of the mean is
        ``std / sqrt(n_years)`` (in ``info["mean_standard_error"]``).
    """
    terms = terms or PolicyTerms()
    m1, _ = terms.layer_moments(severity)
    if not np.isfinite(m1) and not np.isfinite(terms.aggregate_limit):
        raise ValueError(
            "terms.limit is required: the severity has an infinite mean, so the simulated mean "
            "would be a number without meaning"
        )
    years = simulate_years(freq, severity, terms, n_years=n_years, seed=seed)
    result = SampleResult(
        years,
        expected_paying_claims=freq.mean * float(severity.sf(terms.deductible)),
        info={"n_years": int(n_years), "seed": seed if isinstance(seed, int) else None},
    )
    _, m2 = terms.layer_moments(severity)
    # With an infinite variance (an unlimited heavy tail) the sample mean has no standard error.
    finite_var = np.isfinite(m2) or np.isfinite(terms.aggregate_limit)
    result.info["mean_standard_error"] = result.std / np.sqrt(years.size) if finite_var else None
    return result

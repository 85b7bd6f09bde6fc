"""Actuarial pricing engine (pure numpy/scipy, no Django).

Frequency × severity under policy terms → aggregate annual loss distribution (FFT, Panjer,
Monte Carlo) → premium with risk, expense and profit loads; plus the asset share model,
the macro (top-down) model and versioned assumption sets. See ``docs/actuarial.md``.
"""

from cyberins.actuarial.aggregate import compound_moments, fft_aggregate, panjer_aggregate
from cyberins.actuarial.asset_share import AssetShareInputs, AssetShareResult, project, solve_premium
from cyberins.actuarial.assumptions import AssumptionSet, default_assumption_set, load_assumption_set
from cyberins.actuarial.batch import BatchResult, price_batch
from cyberins.actuarial.empirical import Empirical, Mixture
from cyberins.actuarial.fitting import fit_lognormal_median_percentile, severity_from_mean_cv
from cyberins.actuarial.frequency import Bernoulli, Binomial, Frequency, NegativeBinomial, Poisson
from cyberins.actuarial.macro import MacroInputs, base_rate_table, load_macro_inputs
from cyberins.actuarial.money import as_decimal, round_money
from cyberins.actuarial.montecarlo import monte_carlo
from cyberins.actuarial.premium import Loadings, PremiumQuote, ServiceItem, price
from cyberins.actuarial.results import AggregateResult, LatticeResult, SampleResult
from cyberins.actuarial.severity import (
    Gamma,
    GeneralizedPareto,
    Lognormal,
    Pareto,
    Severity,
    Weibull,
)
from cyberins.actuarial.spec import PricingRequest, parse_request
from cyberins.actuarial.terms import PolicyTerms

__all__ = [
    "AggregateResult",
    "AssetShareInputs",
    "AssetShareResult",
    "AssumptionSet",
    "BatchResult",
    "Bernoulli",
    "Binomial",
    "Empirical",
    "Frequency",
    "Gamma",
    "GeneralizedPareto",
    "LatticeResult",
    "Loadings",
    "Lognormal",
    "MacroInputs",
    "Mixture",
    "NegativeBinomial",
    "Pareto",
    "Poisson",
    "PolicyTerms",
    "PremiumQuote",
    "PricingRequest",
    "SampleResult",
    "ServiceItem",
    "Severity",
    "Weibull",
    "as_decimal",
    "base_rate_table",
    "compound_moments",
    "default_assumption_set",
    "fft_aggregate",
    "fit_lognormal_median_percentile",
    "load_assumption_set",
    "load_macro_inputs",
    "monte_carlo",
    "panjer_aggregate",
    "parse_request",
    "price",
    "price_batch",
    "project",
    "round_money",
    "severity_from_mean_cv",
    "solve_premium",
]

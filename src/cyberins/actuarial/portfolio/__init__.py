"""Portfolio and accumulation risk (pure numpy/scipy, no Django); see ``docs/portfolio.md``.

A :class:`Book` of policies as arrays; the scenario library and deterministic scenario
losses; the stochastic model (attritional losses plus systemic common shocks, simulated by
year in seeded blocks) with its year- and event-loss tables, EP curves, PML, VaR, TVaR,
Euler allocation and capital.
"""

from cyberins.actuarial.portfolio.book import SEGMENT_KEYS, Book, Segment, synthetic_book
from cyberins.actuarial.portfolio.scenarios import (
    Scenario,
    ScenarioResult,
    UnknownScenario,
    get_scenario,
    load_scenarios,
    run_scenario,
    strike,
)
from cyberins.actuarial.portfolio.simulate import (
    ENGINE_MAX_YEARS,
    MAX_YEARS,
    PortfolioResult,
    SimulationConfig,
    ep_curve,
    simulate,
    simulate_block,
)

__all__ = [
    "ENGINE_MAX_YEARS",
    "MAX_YEARS",
    "SEGMENT_KEYS",
    "Book",
    "PortfolioResult",
    "Scenario",
    "ScenarioResult",
    "Segment",
    "SimulationConfig",
    "UnknownScenario",
    "ep_curve",
    "get_scenario",
    "load_scenarios",
    "run_scenario",
    "simulate",
    "simulate_block",
    "strike",
    "synthetic_book",
]

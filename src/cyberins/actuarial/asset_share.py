"""Asset share model (资产份额模型): a cohort of policies projected year by year.

For year ``t = 1..T`` with ``IF_t`` policies in force (``IF_1 = 1``, ``IF_{t+1} = IF_t r_t``
with ``r_t`` the renewal rate, ``1 - r_t`` the lapse rate), premium ``G_t = G (1+g)^{t-1}``
and expected claims ``C_t = C (1+j)^{t-1}`` (``C`` from the aggregate model, ``j`` claims
inflation), the profit emerging at the end of year ``t`` per policy issued is::

    Pr_t = IF_t [ (G_t (1 - e - c) - F) (1 + i) - C_t (1 + i)^{1 - τ} ]

(``e`` expense ratio, ``c`` commission, ``F`` fixed expense, ``i`` investment return,
``τ`` the time in the year at which claims are paid), and ``Pr_0 = -E_0`` (acquisition cost).
The fund grows as ``Fund_t = Fund_{t-1} (1 + i) + Pr_t``; the asset share is the fund per
policy continuing, ``AS_t = Fund_t / IF_{t+1}``. The profit margin is
``PV(Pr) / PV(premiums)`` at the risk discount rate, the IRR solves ``Σ Pr_t (1+r)^{-t} = 0``
and the break-even year is the first policy year (>= 1) whose cumulative discounted
profit is >= 0.

References
----------
.. [1] Anderson, J. C. H. (1959). Gross premium calculations and profit measurement for
   nonparticipating insurance. *Transactions of the Society of Actuaries* 11, 357–394.
.. [2] Feldblum, S. (1992). Pricing insurance policies: the internal rate of return model.
   CAS study note.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from scipy import optimize

from cyberins.actuarial._validation import finite, fraction, non_negative, positive, positive_int

Array = NDArray[np.float64]


@dataclass(frozen=True)
class AssetShareInputs:
    """Assumptions of one cohort (amounts per policy issued)."""

    premium: float
    expected_claims: float
    years: int = 5
    claims_inflation: float = 0.0
    premium_indexation: float = 0.0
    expense_ratio: float = 0.0
    commission_ratio: float = 0.0
    fixed_expense: float = 0.0
    initial_expense: float = 0.0
    investment_return: float = 0.0
    renewal_rates: float | Sequence[float] = 1.0
    discount_rate: float = 0.10
    claims_timing: float = 1.0

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "premium", positive("asset_share.premium", self.premium))
        set_(self, "expected_claims", non_negative("asset_share.expected_claims", self.expected_claims))
        set_(self, "years", positive_int("asset_share.years", self.years))
        for name in ("claims_inflation", "premium_indexation", "investment_return", "discount_rate"):
            value = finite(f"asset_share.{name}", getattr(self, name))
            if value <= -1:
                raise ValueError(f"asset_share.{name} must be above -1, got {value}")
            set_(self, name, value)
        set_(self, "expense_ratio", fraction("asset_share.expense_ratio", self.expense_ratio))
        set_(self, "commission_ratio", fraction("asset_share.commission_ratio", self.commission_ratio))
        set_(self, "fixed_expense", non_negative("asset_share.fixed_expense", self.fixed_expense))
        set_(self, "initial_expense", non_negative("asset_share.initial_expense", self.initial_expense))
        set_(self, "claims_timing", fraction("asset_share.claims_timing", self.claims_timing))
        rates = self.renewal_rates
        seq = [rates] * self.years if isinstance(rates, int | float) else list(rates)
        if len(seq) != self.years:
            raise ValueError(f"asset_share.renewal_rates must have {self.years} values (one per year)")
        checked = tuple(
            fraction(f"asset_share.renewal_rates[{k}]", r, allow_zero=False) for k, r in enumerate(seq)
        )
        set_(self, "renewal_rates", checked)


@dataclass(frozen=True)
class AssetShareResult:
    """Year-by-year projection (index 0 is issue time, 1..T the policy years)."""

    in_force: Array  # IF_t at the start of year t, t = 1..T (length T)
    premiums: Array  # IF_t G_t
    claims: Array  # IF_t C_t
    profits: Array  # Pr_0..Pr_T (length T + 1)
    fund: Array  # Fund_0..Fund_T
    asset_share: Array  # AS_0..AS_T, fund per continuing policy
    profit_margin: float
    irr: float | None
    break_even_year: int | None
    npv: float


def project(inputs: AssetShareInputs) -> AssetShareResult:
    """Project the cohort; see the module docstring for the formulas."""
    t_years = inputs.years
    t = np.arange(t_years, dtype=np.float64)
    renew = np.asarray(inputs.renewal_rates, dtype=np.float64)
    in_force = np.concatenate(([1.0], np.cumprod(renew)))  # IF_1..IF_{T+1}
    prem = inputs.premium * (1 + inputs.premium_indexation) ** t
    claims = inputs.expected_claims * (1 + inputs.claims_inflation) ** t
    i = inputs.investment_return
    net_start = prem * (1 - inputs.expense_ratio - inputs.commission_ratio) - inputs.fixed_expense
    per_policy = net_start * (1 + i) - claims * (1 + i) ** (1 - inputs.claims_timing)
    profits = np.concatenate(([-inputs.initial_expense], in_force[:-1] * per_policy))
    fund = np.empty(t_years + 1)
    fund[0] = profits[0]
    for k in range(1, t_years + 1):
        fund[k] = fund[k - 1] * (1 + i) + profits[k]
    asset_share = fund / in_force
    v = (1 + inputs.discount_rate) ** -np.arange(t_years + 1, dtype=np.float64)
    npv = float(profits @ v)
    pv_prem = float((in_force[:-1] * prem) @ v[:-1])
    cum = np.cumsum(profits * v)
    positive_years = np.flatnonzero(cum[1:] >= -1e-9 * max(1.0, float(abs(profits).max()))) + 1
    break_even = int(positive_years[0]) if positive_years.size else None
    return AssetShareResult(
        in_force=in_force[:-1],
        premiums=in_force[:-1] * prem,
        claims=in_force[:-1] * claims,
        profits=profits,
        fund=fund,
        asset_share=asset_share,
        profit_margin=npv / pv_prem,
        irr=irr(profits),
        break_even_year=break_even,
        npv=npv,
    )


def irr(cash_flows: Array) -> float | None:
    """Internal rate of return of yearly cash flows.

    ``None`` when the cash flows never change sign. When they change sign more than once
    the NPV may have several roots; the largest in (-0.99, 1000) is returned.
    """
    cf = np.asarray(cash_flows, dtype=np.float64)
    if not (np.any(cf < 0) and np.any(cf > 0)):
        return None
    k = np.arange(cf.size, dtype=np.float64)

    def npv(r: float) -> float:
        return float(cf @ (1 + r) ** -k)

    grid = np.concatenate((np.linspace(-0.99, 1.0, 200), np.geomspace(1.01, 1000.0, 100)))
    values = np.array([npv(r) for r in grid])
    changes = np.flatnonzero(np.sign(values[:-1]) * np.sign(values[1:]) <= 0)
    if not changes.size:
        return None
    c = int(changes[-1])
    if values[c] == 0:
        return float(grid[c])
    return float(optimize.brentq(npv, grid[c], grid[c + 1], xtol=1e-12))


def solve_premium(
    inputs: AssetShareInputs, *, target_margin: float | None = None, target_irr: float | None = None
) -> float:
    """Year-1 premium that meets a target profit margin or a target IRR (exactly one of them)."""
    if (target_margin is None) == (target_irr is None):
        raise ValueError("give exactly one of target_margin and target_irr")
    if target_margin is not None:
        goal = finite("target_margin", target_margin)
        if goal >= 1 - inputs.expense_ratio - inputs.commission_ratio:
            raise ValueError(
                "target_margin is unreachable: it must be below 1 - expense_ratio - commission_ratio"
            )

        def gap(g: float) -> float:
            return project(replace(inputs, premium=g)).profit_margin - goal

    else:
        goal = finite("target_irr", target_irr)
        if inputs.initial_expense <= 0:
            raise ValueError(
                "target_irr needs asset_share.initial_expense > 0 (otherwise the IRR is unbounded)"
            )

        def gap(g: float) -> float:
            profits = project(replace(inputs, premium=g)).profits
            rate = irr(profits)
            if rate is None:  # no sign change: all losses (-inf) or all gains (+inf)
                rate = 1e9 if profits.sum() > 0 else -1e9
            return rate - goal

    lo = 1e-9 * max(inputs.expected_claims, 1.0)
    hi = max(inputs.premium, inputs.expected_claims, inputs.initial_expense, 1.0)
    while gap(hi) < 0:
        hi *= 2
        if hi > 1e18:
            raise ValueError("no premium meets the target")
    if gap(lo) > 0:
        return lo
    return float(optimize.brentq(gap, lo, hi, xtol=1e-9 * hi))

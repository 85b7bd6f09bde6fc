"""Premium-rate determination (保险费率厘定) from an aggregate loss distribution.

::

    pure premium      P = E[S]
    risk load         R = k σ                      (standard deviation principle)
                        = k σ²                     (variance principle)
                        = c (TVaR_q(S) - E[S])     (cost of capital on the capital TVaR_q - mean)
    gross premium     G = (P + R + F) / (1 - e - c_m - π)
    charged           max(G, minimum premium)
    rate              charged / sum insured
    total to pay      charged + service price      (服务价格体系, shown apart)

with ``F`` the fixed expense per policy, ``e`` the variable expense ratio, ``c_m`` the
commission ratio and ``π`` the profit margin, all shares of the gross premium.

The profit is either the cost-of-capital load (the required return ``c`` on the capital
``TVaR_q − E[S]`` held for the policy) **or** the margin ``π`` on the premium, never both:
a ``cost_of_capital`` load with ``π > 0`` is refused (it would count the profit twice). With
``std``/``variance``/``none`` the margin ``π`` is the profit.

References
----------
.. [1] Bühlmann, H. (1970). *Mathematical Methods in Risk Theory*, Springer (premium principles).
.. [2] Werner, G. and Modlin, C. (2016). *Basic Ratemaking*, 5th ed., Casualty Actuarial
   Society, Chapter 7 (the loss-cost and gross-rate formulas).
.. [3] Solvency II Delegated Regulation (EU) 2015/35, Art. 37–39 (cost-of-capital rate 6%);
   C-ROSS (China Risk Oriented Solvency System) rules on minimum capital.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cyberins.actuarial._validation import fraction, non_negative, positive, probability_open
from cyberins.actuarial.money import as_decimal, round_money
from cyberins.actuarial.results import AggregateResult

RISK_LOAD_METHODS = ("none", "std", "variance", "cost_of_capital")


@dataclass(frozen=True)
class Loadings:
    """Loads on the pure premium (all ratios are shares of the gross premium)."""

    risk_load_method: str = "cost_of_capital"
    risk_load_factor: float = 0.0
    cost_of_capital_rate: float = 0.10
    capital_quantile: float = 0.995
    fixed_expense: float = 0.0
    expense_ratio: float = 0.0
    commission_ratio: float = 0.0
    profit_margin: float = 0.0
    minimum_premium: float = 0.0

    def __post_init__(self) -> None:
        if self.risk_load_method not in RISK_LOAD_METHODS:
            allowed = list(RISK_LOAD_METHODS)
            raise ValueError(
                f"premium.risk_load_method must be one of {allowed}, got {self.risk_load_method!r}"
            )
        set_ = object.__setattr__
        set_(self, "risk_load_factor", non_negative("premium.risk_load_factor", self.risk_load_factor))
        set_(
            self, "cost_of_capital_rate", fraction("premium.cost_of_capital_rate", self.cost_of_capital_rate)
        )
        set_(self, "capital_quantile", probability_open("premium.capital_quantile", self.capital_quantile))
        set_(self, "fixed_expense", non_negative("premium.fixed_expense", self.fixed_expense))
        for name in ("expense_ratio", "commission_ratio", "profit_margin"):
            set_(self, name, fraction(f"premium.{name}", getattr(self, name), allow_one=False))
        set_(self, "minimum_premium", non_negative("premium.minimum_premium", self.minimum_premium))
        if self.expense_ratio + self.commission_ratio + self.profit_margin >= 1:
            raise ValueError("premium.expense_ratio + commission_ratio + profit_margin must be below 1")
        if (
            self.risk_load_method == "cost_of_capital"
            and self.cost_of_capital_rate > 0
            and self.profit_margin > 0
        ):
            raise ValueError(
                "premium.profit_margin must be 0 with a cost-of-capital risk load: the cost of capital "
                "already is the profit (the return on the capital held), so a margin on top counts it twice"
            )

    @property
    def variable_ratio(self) -> float:
        return self.expense_ratio + self.commission_ratio + self.profit_margin


@dataclass(frozen=True)
class ServiceItem:
    """A service included in the plan, priced at the price book (服务价格体系)."""

    code: str
    unit_price: Decimal
    quantity: int = 1
    name: str = ""

    @property
    def amount(self) -> Decimal:
        return round_money(self.unit_price * self.quantity)


@dataclass(frozen=True)
class PremiumQuote:
    """A fixed premium: every amount a Decimal rounded to 0.01 (the parts add up exactly)."""

    pure_premium: Decimal
    risk_load: Decimal
    fixed_expense: Decimal
    expense_load: Decimal
    commission: Decimal
    profit_load: Decimal
    gross_premium: Decimal
    minimum_applied: bool
    insurance_premium: Decimal
    service_price: Decimal
    total_premium: Decimal
    rate: float | None
    services: tuple[ServiceItem, ...] = ()
    assumption_set: Mapping[str, Any] | None = None
    details: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            k: str(getattr(self, k))
            for k in (
                "pure_premium",
                "risk_load",
                "fixed_expense",
                "expense_load",
                "commission",
                "profit_load",
                "gross_premium",
                "insurance_premium",
                "service_price",
                "total_premium",
            )
        }
        out["minimum_applied"] = self.minimum_applied
        out["rate"] = self.rate
        out["services"] = [
            {
                "code": s.code,
                "name": s.name,
                "unit_price": str(s.unit_price),
                "quantity": s.quantity,
                "amount": str(s.amount),
            }
            for s in self.services
        ]
        if self.assumption_set is not None:
            out["assumption_set"] = dict(self.assumption_set)
        return out


def risk_load(result: AggregateResult, loadings: Loadings) -> float:
    """The risk load of :class:`Loadings` on ``result`` (float, before rounding)."""
    method = loadings.risk_load_method
    if method == "none":
        return 0.0
    if method in ("std", "variance"):
        value = result.std if method == "std" else result.variance
        if not math.isfinite(value):
            raise ValueError(
                f"premium.risk_load_method: the {method} of this annual loss is not finite "
                "(an unlimited heavy tail); use cost_of_capital or give a limit"
            )
        return loadings.risk_load_factor * value
    capital = max(result.tvar(loadings.capital_quantile) - result.mean, 0.0)
    return loadings.cost_of_capital_rate * capital


def price(
    result: AggregateResult,
    loadings: Loadings | None = None,
    *,
    sum_insured: float | None = None,
    services: Sequence[ServiceItem] = (),
    assumption_set: Mapping[str, Any] | None = None,
) -> PremiumQuote:
    """Price a risk from its annual insured loss distribution.

    Parameters
    ----------
    result : AggregateResult
        From :func:`~cyberins.actuarial.aggregate.fft_aggregate` (or Panjer, Monte Carlo).
    loadings : Loadings
        Risk load, expenses, commission, profit and minimum premium.
    sum_insured : float, optional
        For the rate ``insurance premium / sum insured``.
    services : sequence of ServiceItem
        Services included in the plan, at price-book cost, added to the insurance price
        and shown apart.
    assumption_set : mapping, optional
        Reference (name, version, fingerprint) of the assumption set the price comes from;
        stored with the quote.

    Returns
    -------
    PremiumQuote
    """
    loadings = loadings or Loadings()
    pure = result.mean
    risk = risk_load(result, loadings)
    gross = (pure + risk + loadings.fixed_expense) / (1.0 - loadings.variable_ratio)
    charged = max(gross, loadings.minimum_premium)
    pure_d, risk_d = round_money(as_decimal(pure)), round_money(as_decimal(risk))
    fixed_d = round_money(as_decimal(loadings.fixed_expense))
    gross_d = round_money(as_decimal(gross))
    expense_d = round_money(as_decimal(gross * loadings.expense_ratio))
    commission_d = round_money(as_decimal(gross * loadings.commission_ratio))
    # The profit load balances the rounding so the parts add up to the gross premium.
    profit_d = gross_d - pure_d - risk_d - fixed_d - expense_d - commission_d
    insurance_d = round_money(as_decimal(charged))
    service_d = sum((s.amount for s in services), Decimal("0.00"))
    rate = None
    if sum_insured is not None:
        rate = float(insurance_d) / positive("premium.sum_insured", sum_insured)
    return PremiumQuote(
        pure_premium=pure_d,
        risk_load=risk_d,
        fixed_expense=fixed_d,
        expense_load=expense_d,
        commission=commission_d,
        profit_load=profit_d,
        gross_premium=gross_d,
        minimum_applied=charged > gross,
        insurance_premium=insurance_d,
        service_price=service_d,
        total_premium=insurance_d + service_d,
        rate=rate,
        services=tuple(services),
        assumption_set=assumption_set,
        details={"pure": pure, "risk_load": risk, "gross": gross},
    )


def loadings_from_dict(spec: Mapping[str, Any]) -> Loadings:
    """Loadings from the ``premium`` object of a request (unknown keys are errors)."""
    allowed = set(Loadings.__dataclass_fields__)
    extra = set(spec) - allowed - {"sum_insured", "services"}
    if extra:
        raise ValueError(f"premium.{sorted(extra)[0]} is not a premium option")
    return Loadings(**{k: v for k, v in spec.items() if k in allowed})


def services_from_list(items: object) -> tuple[ServiceItem, ...]:
    """Service items from ``[{"code": ..., "unit_price": ..., "quantity": ...}]``."""
    if items is None:
        return ()
    if not isinstance(items, list):
        raise ValueError("premium.services must be a list")
    out = []
    for i, it in enumerate(items):
        if not isinstance(it, Mapping) or "code" not in it or "unit_price" not in it:
            raise ValueError(f"premium.services[{i}] needs code and unit_price")
        unit = non_negative(f"premium.services[{i}].unit_price", it["unit_price"])
        qty = it.get("quantity", 1)
        if isinstance(qty, bool) or not isinstance(qty, int) or qty < 1:
            raise ValueError(f"premium.services[{i}].quantity must be a positive integer")
        out.append(ServiceItem(str(it["code"]), round_money(str(unit)), qty, str(it.get("name", ""))))
    return tuple(out)

"""Macro pricing model (宏观定价模型): a top-down base-rate table.

An annual national (or industry) cyber-loss estimate ``L`` is split by industry section
``i`` (GB/T 4754-2017) and firm size ``s``::

    L_is     = L · a_i · b_s|i            (loss shares; b defaults to one split for all i)
    N_is     = enterprises in the cell
    EL_is    = L_is / N_is                (expected economic loss per enterprise a year)
    EIL_is   = E[min(κ X, SI_s)]          (expected insured loss: κ the share of the loss a
             = κ · LEV_X(SI_s / κ)         standard policy covers, capped at the sum insured;
                                           X the enterprise's annual loss, lognormal with mean
                                           EL_is and coefficient of variation ``loss_cv``;
                                           loss_cv = 0: min(κ EL_is, SI_s))
    pure premium     PP_is = EIL_is       (the expected insured loss: no load of any kind)
    premium at LR    P_is  = EIL_is / LR  (the premium at the target loss ratio LR: loaded)
    pure rate        PP_is / SI_s;  base rate  P_is / SI_s   (on the typical sum insured)
    GWP_is   = P_is · N_is · π_s          (premium volume at the insured share π_s)

Every input comes from a data file that names its source (``data/macro_china.json``);
nothing is a constant in code.

References
----------
.. [1] GB/T 4754-2017 *Industrial classification for national economic activities*.
.. [2] Werner, G. and Modlin, C. (2016). *Basic Ratemaking*, CAS, Chapter 11 (territorial
   and class relativities from aggregate data).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from cyberins.actuarial._validation import fraction, non_negative, positive
from cyberins.actuarial.fitting import severity_from_mean_cv


@dataclass(frozen=True)
class MacroInputs:
    """Inputs of the macro model; amounts in ``currency`` (converted by ``fx_to_cny``)."""

    total_annual_loss: float
    industry_loss_shares: Mapping[str, float]
    size_loss_shares: Mapping[str, float]
    enterprises: Mapping[str, Mapping[str, float]]
    insurable_share: float
    target_loss_ratio: float
    sum_insured: Mapping[str, float]
    insured_share: Mapping[str, float]
    fx_to_cny: float = 1.0
    loss_cv: float = 0.0
    industry_names: Mapping[str, str] | None = None
    sources: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        positive("macro.total_annual_loss", self.total_annual_loss)
        positive("macro.fx_to_cny", self.fx_to_cny)
        non_negative("macro.loss_cv", self.loss_cv)
        fraction("macro.insurable_share", self.insurable_share)
        fraction("macro.target_loss_ratio", self.target_loss_ratio, allow_zero=False)
        for name in ("industry_loss_shares", "size_loss_shares"):
            shares = getattr(self, name)
            for k, v in shares.items():
                non_negative(f"macro.{name}.{k}", v)
            total = sum(shares.values())
            if abs(total - 1.0) > 1e-6:
                raise ValueError(f"macro.{name} must add up to 1, got {total:.6f}")
        for ind in self.industry_loss_shares:
            if ind not in self.enterprises:
                raise ValueError(f"macro.enterprises.{ind} is missing")
            for size in self.size_loss_shares:
                non_negative(f"macro.enterprises.{ind}.{size}", self.enterprises[ind].get(size, 0))
        for size in self.size_loss_shares:
            positive(f"macro.sum_insured.{size}", self.sum_insured.get(size))
            fraction(f"macro.insured_share.{size}", self.insured_share.get(size))


@dataclass(frozen=True)
class BaseRateRow:
    industry: str
    industry_name: str
    size: str
    enterprises: float
    cell_loss: float
    expected_loss_per_enterprise: float
    expected_insured_loss: float
    pure_premium: float  # = expected insured loss (no loads)
    premium_at_target_loss_ratio: float  # pure premium / target loss ratio (a loaded premium)
    pure_rate: float  # pure premium / sum insured
    base_rate: float  # premium at the target loss ratio / sum insured
    premium_volume: float


def base_rate_table(inputs: MacroInputs) -> list[BaseRateRow]:
    """The base-rate table, one row per (industry, size) cell with enterprises (amounts in CNY)."""
    rows = []
    total = inputs.total_annual_loss * inputs.fx_to_cny
    names = inputs.industry_names or {}
    for ind, a in inputs.industry_loss_shares.items():
        # Loss of size classes without any enterprise in this industry is spread over the others.
        present = {s: b for s, b in inputs.size_loss_shares.items() if inputs.enterprises[ind].get(s, 0) > 0}
        norm = sum(present.values())
        for size, b in present.items():
            n = float(inputs.enterprises[ind][size])
            cell = total * a * b / norm
            el = cell / n
            si = inputs.sum_insured[size]
            eil = expected_insured_loss(el, inputs.insurable_share, si, inputs.loss_cv)
            loaded = eil / inputs.target_loss_ratio
            rows.append(
                BaseRateRow(
                    industry=ind,
                    industry_name=names.get(ind, ind),
                    size=size,
                    enterprises=n,
                    cell_loss=cell,
                    expected_loss_per_enterprise=el,
                    expected_insured_loss=eil,
                    pure_premium=eil,
                    premium_at_target_loss_ratio=loaded,
                    pure_rate=eil / si,
                    base_rate=loaded / si,
                    premium_volume=loaded * n * inputs.insured_share[size],
                )
            )
    return rows


def expected_insured_loss(mean_loss: float, insurable_share: float, sum_insured: float, cv: float) -> float:
    """``E[min(κ X, SI)] = κ LEV_X(SI / κ)``; X lognormal with the given mean and CV.

    ``cv = 0`` means a certain loss: ``min(κ mean, SI)``.
    """
    if insurable_share == 0 or mean_loss == 0:
        return 0.0
    if cv == 0:
        return min(insurable_share * mean_loss, sum_insured)
    x = severity_from_mean_cv("lognormal", mean_loss, cv)
    value = insurable_share * float(x.lev(sum_insured / insurable_share))
    return value if math.isfinite(value) else min(insurable_share * mean_loss, sum_insured)


def load_macro_inputs(data: Mapping[str, Any] | None = None) -> MacroInputs:
    """Macro inputs from a mapping in the data-file format (default: the shipped China file)."""
    if data is None:
        text = resources.files("cyberins.actuarial").joinpath("data/macro_china.json").read_text("utf-8")
        data = json.loads(text)
    sections = data["industries"]
    sizes = data["sizes"]
    total_enterprises = float(data["enterprises"]["total"]["value"])
    size_counts = {s: float(v["enterprise_share"]) for s, v in sizes.items()}
    enterprises = {
        code: {
            s: total_enterprises * float(sec["enterprise_share"]) * share for s, share in size_counts.items()
        }
        for code, sec in sections.items()
    }
    return MacroInputs(
        total_annual_loss=float(data["total_annual_loss"]["value"]),
        fx_to_cny=float(data["fx_to_cny"]["value"]),
        loss_cv=float(data.get("loss_cv", {"value": 0.0})["value"]),
        industry_loss_shares={c: float(s["loss_share"]) for c, s in sections.items()},
        size_loss_shares={s: float(v["loss_share"]) for s, v in sizes.items()},
        enterprises=enterprises,
        insurable_share=float(data["insurable_share"]["value"]),
        target_loss_ratio=float(data["target_loss_ratio"]["value"]),
        sum_insured={s: float(v["typical_sum_insured"]) for s, v in sizes.items()},
        insured_share={s: float(v["insured_share"]) for s, v in sizes.items()},
        industry_names={c: str(s["name"]) for c, s in sections.items()},
        sources=data.get("sources"),
    )

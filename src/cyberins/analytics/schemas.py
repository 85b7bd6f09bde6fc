"""Output schemas of the read-only portfolio API (the figures of the /analytics/ page)."""

from __future__ import annotations

from ninja import Schema


class SegmentOut(Schema):
    value: str
    label: str
    policies: int
    sum_insured: str
    share: float


class DimensionOut(Schema):
    dimension: str
    title: str
    segments: list[SegmentOut]


class AccumulationOut(Schema):
    dimension: str
    value: str
    label: str
    policies: int
    sum_insured: str


class ExposureOut(Schema):
    valuation_date: str | None
    synthetic: bool
    policies: int
    sum_insured: str
    limits_by_coverage: dict[str, str]
    by: list[DimensionOut]
    top_accumulations: list[AccumulationOut]


class ScenarioOut(Schema):
    scenario: str
    title: str
    source: str
    segment: str
    value: str | None
    value_label: str
    affected_policies: int
    ground_up_loss: str
    insured_loss_all_dependents: str
    expected_insured_loss: str


class EpPointOut(Schema):
    return_period: float
    aep: str
    oep: str


class SimulationOut(Schema):
    years: int
    seed: int
    synthetic: bool
    policies: int
    mean: str
    var_995: str
    tvar_995: str
    capital: str
    capital_definition: str
    pml: dict[str, str | None]
    ep_curve: list[EpPointOut]

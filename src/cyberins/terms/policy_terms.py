"""The policy terms the loss adjustment reads: limits, deductibles, waiting period, warranties.

A :class:`PolicyTerms` is built once per policy (from the product version and the
policy's schedule) and validated on construction, so the adjustment engine can rely on
consistent numbers: every amount fixed to the cent, deductible below sub-limit,
sub-limit within the aggregate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .coverages import CoverageCode, coverage_code
from .errors import TermsError
from .money import parse_amount
from .period import PolicyPeriod
from .text import Text
from .warranties import RemediationWarranty


def _non_negative_hours(value: Decimal, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int) or not Decimal(value).is_finite():
        raise TermsError("terms.invalid_hours", name, Text("小时数须为有限数值。", "Hours must be a number."))
    if value < 0:
        raise TermsError(
            "terms.invalid_hours", name, Text("小时数不能为负数。", "Hours must not be negative.")
        )
    return Decimal(value)


def _share(value: Decimal, name: str) -> Decimal:
    """A share the insured keeps: a finite Decimal in [0, 1) (1 would leave the insurer nothing)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int) or not Decimal(value).is_finite():
        raise TermsError(
            "terms.invalid_share", name, Text("比例须为 Decimal 数值。", "A Decimal is required.")
        )
    if not 0 <= value < 1:
        raise TermsError(
            "terms.invalid_share",
            name,
            Text("自留比例须不小于 0 且小于 1。", "The share must be at least 0 and below 1."),
        )
    return Decimal(value)


def _occurrence_limit(value: Decimal | None, name: str, cap: Decimal) -> Decimal | None:
    """A per-occurrence limit: None (none agreed) or an amount in (0, cap]."""
    if value is None:
        return None
    amount = parse_amount(value, name)
    if amount <= 0:
        raise TermsError(
            "terms.invalid_limit", name, Text("每次事故赔偿限额须大于零。", "The limit must be positive.")
        )
    if amount > cap:
        raise TermsError(
            "terms.occurrence_limit_exceeds_limit",
            name,
            Text(
                "每次事故赔偿限额超过分项或累计赔偿限额。",
                "The per-occurrence limit exceeds the sub-limit or the aggregate limit.",
            ),
        )
    return amount


@dataclass(frozen=True, slots=True)
class CoverageTerms:
    """Terms of one insured coverage.

    ``sub_limit`` (分项赔偿限额) is the most paid under the coverage over the whole period;
    ``deductible`` (免赔额) is borne by the insured once per claim for the coverage;
    ``waiting_period_hours`` (等待期) is the time excess of business interruption - the
    first hours of an outage are not paid; ``erodes_aggregate`` is False only for a
    coverage paid in addition to the sum insured; ``participation`` (共保/比例赔付) is the
    share of each loss the insured keeps after the deductibles (0.20: the insurer pays 80 %);
    ``per_occurrence_limit`` (每次事故赔偿限额) caps what one claim pays under the coverage.
    """

    coverage: CoverageCode
    sub_limit: Decimal
    deductible: Decimal = Decimal(0)
    waiting_period_hours: Decimal = Decimal(0)
    erodes_aggregate: bool = True
    participation: Decimal = Decimal(0)
    per_occurrence_limit: Decimal | None = None

    def __post_init__(self) -> None:
        # Normalise once (str codes, "100" -> 100.00) so the engine sees one representation.
        object.__setattr__(self, "coverage", coverage_code(self.coverage))
        object.__setattr__(self, "sub_limit", parse_amount(self.sub_limit, "sub_limit"))
        object.__setattr__(self, "deductible", parse_amount(self.deductible, "deductible"))
        hours = _non_negative_hours(self.waiting_period_hours, "waiting_period_hours")
        object.__setattr__(self, "waiting_period_hours", hours)
        object.__setattr__(self, "participation", _share(self.participation, "participation"))
        if self.sub_limit <= 0:
            raise TermsError(
                "terms.invalid_limit",
                "sub_limit",
                Text("分项赔偿限额须大于零。", "The sub-limit must be positive."),
            )
        if self.deductible >= self.sub_limit:
            raise TermsError(
                "terms.deductible_exceeds_limit",
                "deductible",
                Text("免赔额不得大于或等于分项赔偿限额。", "The deductible must be below the sub-limit."),
            )
        if hours and self.coverage is not CoverageCode.BUSINESS_INTERRUPTION:
            raise TermsError(
                "terms.waiting_period_not_applicable",
                "waiting_period_hours",
                Text("等待期仅适用于营业中断。", "A waiting period applies to business interruption only."),
            )
        occurrence = _occurrence_limit(self.per_occurrence_limit, "per_occurrence_limit", self.sub_limit)
        object.__setattr__(self, "per_occurrence_limit", occurrence)


@dataclass(frozen=True, slots=True)
class PolicyTerms:
    """All terms of a policy that the adjustment needs.

    ``aggregate_limit`` is the sum insured (保险金额), the most paid under the policy over
    the period; ``remediation_warranty`` is None when the policy has no such 特别约定;
    ``per_occurrence_limit`` (每次事故赔偿限额) caps what one claim pays under all coverages
    that erode the aggregate, None when the policy has none.
    """

    period: PolicyPeriod
    aggregate_limit: Decimal
    coverages: tuple[CoverageTerms, ...]
    remediation_warranty: RemediationWarranty | None = None
    per_occurrence_limit: Decimal | None = None
    _by_code: Mapping[CoverageCode, CoverageTerms] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        aggregate = parse_amount(self.aggregate_limit, "aggregate_limit")
        object.__setattr__(self, "aggregate_limit", aggregate)
        if aggregate <= 0:
            raise TermsError(
                "terms.invalid_limit",
                "aggregate_limit",
                Text("累计赔偿限额须大于零。", "The aggregate limit must be positive."),
            )
        occurrence = _occurrence_limit(self.per_occurrence_limit, "per_occurrence_limit", aggregate)
        object.__setattr__(self, "per_occurrence_limit", occurrence)
        by_code: dict[CoverageCode, CoverageTerms] = {}
        for terms in self.coverages:
            if terms.coverage in by_code:
                raise TermsError(
                    "terms.duplicate_coverage",
                    f"coverages.{terms.coverage}",
                    Text("同一保险责任重复约定。", "The coverage is listed twice."),
                )
            if terms.erodes_aggregate and terms.sub_limit > aggregate:
                raise TermsError(
                    "terms.sub_limit_exceeds_aggregate",
                    f"coverages.{terms.coverage}.sub_limit",
                    Text("分项赔偿限额超过累计赔偿限额。", "The sub-limit exceeds the aggregate limit."),
                )
            by_code[terms.coverage] = terms
        object.__setattr__(self, "coverages", tuple(self.coverages))
        object.__setattr__(self, "_by_code", by_code)

    def for_coverage(self, code: str, field: str = "coverage") -> CoverageTerms:
        """Terms of an insured coverage; ``terms.coverage_not_insured`` if the policy lacks it."""
        parsed = coverage_code(code, field)
        try:
            return self._by_code[parsed]
        except KeyError:
            raise TermsError(
                "terms.coverage_not_insured",
                field,
                Text(f"本保单未承保该责任：{parsed}。", f"The policy does not cover {parsed}."),
            ) from None

"""The loss adjustment (定损): from assessed loss lines to the payable of a claim.

Each loss line goes through these steps, in this order, every deduction fixed to the
cent with :func:`~cyberins.terms.money.round_money` as it is made:

1. **assessed** - the recognised loss is ``min(assessed, claimed)``: the claim states the
   insured's loss, the adjuster never recognises more than was claimed.
2. **waiting_period** (business interruption only) - the first ``waiting_period_hours`` of
   the outage are not paid. The loss is taken as uniform over the outage, so
   ``deduction = round_money(loss * min(waiting, outage) / outage)``.
3. **deductible** - the coverage's deductible, once per coverage per claim (consumed by the
   coverage's lines in order): ``deduction = min(remaining deductible, loss)``.
4. **warranty_deductible** - when the remediation warranty is breached (see
   :func:`~cyberins.terms.warranties.warranty_breached`), an extra
   ``round_money(ratio * loss after the ordinary deductible)`` on *every* line of the
   claim, the response service included ("安全服务赔付和损失费用赔付").
   The reading: 免赔 expressed as a percentage is a 免赔率, applied like the ordinary
   Chinese adjustment formula ``赔款 = (核定损失 - 免赔额) x (1 - 免赔率)``; applying it
   after the ordinary deductible keeps the two retentions from overlapping.
5. **sub_limit** - capped at the coverage's sub-limit less what was paid under it in earlier
   claims and earlier lines of this claim.
6. **aggregate_limit** - capped at the aggregate limit (sum insured) less what was paid
   under the policy so far (coverages with ``erodes_aggregate`` only).
7. **payable**.

Lines are processed in the order given, so when a limit runs out the later lines get
less; the claims app decides the order (e.g. response service first).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .coverages import CoverageCode
from .dates import require_aware
from .errors import TermsError
from .loss import LossLine
from .money import AmountInput, format_cny, parse_amount, round_money
from .policy_terms import PolicyTerms
from .text import Text
from .warranties import FindingEvidence, warranty_breached

__all__ = [
    "ClaimAdjustment",
    "LineAdjustment",
    "LossLine",
    "Step",
    "adjust_claim",
    "warranty_breached",
]

ZERO = Decimal("0.00")


def _plain(value: Decimal) -> str:
    """``Decimal("12.0") -> "12"``: hours and percentages without trailing zeros."""
    return f"{value.normalize():f}"


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a line's explanation trail: what it removed and what is left."""

    code: str
    label: Text
    deducted: Decimal
    balance: Decimal


@dataclass(frozen=True, slots=True)
class LineAdjustment:
    """The adjustment of one loss line; ``payable`` is what the insurer pays for it."""

    coverage: CoverageCode
    claimed: Decimal
    assessed: Decimal
    waiting_period_deduction: Decimal
    deductible: Decimal
    warranty_deductible: Decimal
    sub_limit_reduction: Decimal
    aggregate_reduction: Decimal
    payable: Decimal
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class ClaimAdjustment:
    """The adjustment of a claim, with running totals to feed the policy's next claim.

    ``paid_by_coverage`` is the amount paid per coverage *including* this claim - pass it
    as ``paid_by_coverage`` to the next :func:`adjust_claim` of the same policy.
    ``warranty_breached`` is False when the policy has no remediation warranty.
    """

    lines: tuple[LineAdjustment, ...]
    warranty_breached: bool
    extra_deductible_ratio: Decimal
    paid_by_coverage: Mapping[CoverageCode, Decimal]
    aggregate_remaining: Decimal

    def _total(self, attribute: str) -> Decimal:
        return sum((getattr(line, attribute) for line in self.lines), ZERO)

    @property
    def total_claimed(self) -> Decimal:
        return self._total("claimed")

    @property
    def total_assessed(self) -> Decimal:
        return self._total("assessed")

    @property
    def total_deductible(self) -> Decimal:
        """Ordinary deductible plus waiting-period deduction."""
        return self._total("deductible") + self._total("waiting_period_deduction")

    @property
    def total_warranty_deductible(self) -> Decimal:
        return self._total("warranty_deductible")

    @property
    def total_payable(self) -> Decimal:
        return self._total("payable")


def _prior_payments(
    terms: PolicyTerms, paid_by_coverage: Mapping[str, AmountInput]
) -> dict[CoverageCode, Decimal]:
    paid = {coverage.coverage: ZERO for coverage in terms.coverages}
    for code, amount in paid_by_coverage.items():
        field = f"paid_by_coverage.{code}"
        coverage = terms.for_coverage(code, field)
        paid[coverage.coverage] = parse_amount(amount, field)
        if paid[coverage.coverage] > coverage.sub_limit:
            raise TermsError(
                "terms.paid_exceeds_sub_limit",
                field,
                Text("已付赔款超过分项赔偿限额。", "Amount paid exceeds the sub-limit."),
            )
    return paid


def _any_breach(findings: Iterable[FindingEvidence], incident_at: datetime) -> bool:
    # Evaluate every finding (no short-circuit) so a malformed one is always reported.
    verdicts = [finding.breached(incident_at) for finding in findings]
    return any(verdicts)


def adjust_claim(
    terms: PolicyTerms,
    lines: Sequence[LossLine],
    *,
    incident_at: datetime,
    findings: Sequence[FindingEvidence] = (),
    paid_by_coverage: Mapping[str, AmountInput] | None = None,
) -> ClaimAdjustment:
    """Adjust the loss lines of one claim under ``terms`` (see the module docstring for the steps).

    ``incident_at`` (aware) must fall within the period of insurance; ``findings`` are the
    health-check findings relevant to the remediation warranty; ``paid_by_coverage`` are
    the amounts paid under the policy in earlier claims, per coverage (the policy total
    is their sum over coverages that erode the aggregate).
    """
    require_aware(incident_at, "incident_at")
    if not terms.period.contains(incident_at):
        raise TermsError(
            "terms.incident_outside_period",
            "incident_at",
            Text("出险时间不在保险期间内。", "The incident is outside the period of insurance."),
        )
    paid = _prior_payments(terms, paid_by_coverage or {})
    aggregate_left = terms.aggregate_limit - sum(
        (paid[c.coverage] for c in terms.coverages if c.erodes_aggregate), ZERO
    )
    if aggregate_left < 0:
        raise TermsError(
            "terms.paid_exceeds_aggregate",
            "paid_by_coverage",
            Text("已付赔款超过累计赔偿限额。", "Amounts paid exceed the aggregate limit."),
        )
    warranty = terms.remediation_warranty
    breached = warranty is not None and _any_breach(findings, incident_at)
    ratio = warranty.extra_deductible_ratio if warranty is not None and breached else ZERO
    deductible_left = {c.coverage: c.deductible for c in terms.coverages}
    results: list[LineAdjustment] = []
    for index, line in enumerate(lines):
        prefix = f"lines[{index}]"
        coverage = terms.for_coverage(line.coverage, f"{prefix}.coverage")
        code = coverage.coverage
        claimed = parse_amount(line.claimed, f"{prefix}.claimed")
        assessed = parse_amount(line.assessed, f"{prefix}.assessed")
        steps = [Step("assessed", Text("核定损失", "Assessed loss"), ZERO, assessed)]
        loss = min(assessed, claimed)
        if loss < assessed:
            steps.append(
                Step(
                    "claimed_cap",
                    Text("以索赔金额为限", "Limited to the amount claimed"),
                    assessed - loss,
                    loss,
                )
            )

        waiting = ZERO
        if code is CoverageCode.BUSINESS_INTERRUPTION:
            outage = line.outage_hours
            if not isinstance(outage, Decimal | int) or isinstance(outage, bool) or outage <= 0:
                raise TermsError(
                    "terms.outage_hours_required",
                    f"{prefix}.outage_hours",
                    Text(
                        "营业中断须给出大于零的停机小时数。", "Business interruption needs outage hours > 0."
                    ),
                )
            hours = coverage.waiting_period_hours
            waiting = round_money(loss * min(hours, Decimal(outage)) / Decimal(outage))
            loss -= waiting
            label = Text(
                f"等待期 {_plain(hours)} 小时（中断 {_plain(Decimal(outage))} 小时）",
                f"Waiting period of {_plain(hours)} h (outage {_plain(Decimal(outage))} h)",
            )
            steps.append(Step("waiting_period", label, waiting, loss))
        elif line.outage_hours is not None:
            raise TermsError(
                "terms.outage_hours_not_applicable",
                f"{prefix}.outage_hours",
                Text("停机小时数仅适用于营业中断。", "Outage hours apply to business interruption only."),
            )

        deductible = min(deductible_left[code], loss)
        deductible_left[code] -= deductible
        loss -= deductible
        steps.append(Step("deductible", Text("免赔额", "Deductible"), deductible, loss))

        extra = round_money(loss * ratio)
        if breached:
            loss -= extra
            percent = f"{_plain(ratio * 100)}%"
            label = Text(
                f"特别约定额外免赔 {percent}", f"Additional {percent} deductible (remediation warranty)"
            )
            steps.append(Step("warranty_deductible", label, extra, loss))

        sub_limit_left = coverage.sub_limit - paid[code]
        sub_cut = max(loss - sub_limit_left, ZERO)
        loss -= sub_cut
        label = Text(
            f"分项赔偿限额（可用余额 {format_cny(sub_limit_left)}）",
            f"Sub-limit (available {format_cny(sub_limit_left)})",
        )
        steps.append(Step("sub_limit", label, sub_cut, loss))

        aggregate_cut = ZERO
        if coverage.erodes_aggregate:
            aggregate_cut = max(loss - aggregate_left, ZERO)
            label = Text(
                f"累计赔偿限额（可用余额 {format_cny(aggregate_left)}）",
                f"Aggregate limit (available {format_cny(aggregate_left)})",
            )
            loss -= aggregate_cut
            aggregate_left -= loss
            steps.append(Step("aggregate_limit", label, aggregate_cut, loss))
        paid[code] += loss
        steps.append(Step("payable", Text("应付赔款", "Payable"), ZERO, loss))
        results.append(
            LineAdjustment(
                coverage=code,
                claimed=claimed,
                assessed=assessed,
                waiting_period_deduction=waiting,
                deductible=deductible,
                warranty_deductible=extra,
                sub_limit_reduction=sub_cut,
                aggregate_reduction=aggregate_cut,
                payable=loss,
                steps=tuple(steps),
            )
        )
    return ClaimAdjustment(tuple(results), breached, ratio, paid, aggregate_left)

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
5. **participation** (only when the coverage has one) - the share the insured keeps
   (共保/比例赔付): ``round_money(share * loss)``. Taken after the deductibles and before the
   limits, as in ``赔款 = (核定损失 - 免赔额) x (1 - 免赔率) x 赔付比例``: limits cap what the
   insurer pays, so they apply to the insurer's share.
6. **occurrence_limit** (only when a per-occurrence limit is agreed) - one claim is one
   occurrence: capped at the smaller of the coverage's ``per_occurrence_limit`` and the
   policy's ``per_occurrence_limit`` (the latter for coverages eroding the aggregate), each
   less what earlier lines of this claim paid under it.
7. **sub_limit** - capped at the coverage's sub-limit less what was paid under it in earlier
   claims and earlier lines of this claim.
8. **aggregate_limit** - capped at the aggregate limit (sum insured) less what was paid
   under the policy so far (coverages with ``erodes_aggregate`` only).
9. **payable**.

Lines are processed in the order given, so when a limit runs out the later lines get
less; the claims app decides the order (e.g. response service first).

**Mitigation costs** (施救费用, 保险法 Art. 57: "被保险人为防止或者减少保险标的的损失所支付的
必要的、合理的费用，由保险人承担；保险人所承担的费用数额在保险标的损失赔偿金额以外另行计算，
最高不超过保险金额的数额") are adjusted after the loss lines, apart from them: the recognised
cost is ``min(assessed, claimed)``; no deductible, waiting period, warranty deductible,
participation or coverage limit applies (the article makes the insurer bear them, computed
"outside" the loss payment); they do not erode the sum insured; their total per claim (one
occurrence) is capped at the sum insured (``aggregate_limit``) - step **mitigation_limit**.
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
from .policy_terms import CoverageTerms, PolicyTerms
from .text import Text
from .warranties import FindingEvidence, warranty_breached

__all__ = [
    "ClaimAdjustment",
    "LineAdjustment",
    "LossLine",
    "MitigationAdjustment",
    "MitigationCost",
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
    participation_deduction: Decimal = ZERO
    occurrence_limit_reduction: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class MitigationCost:
    """A mitigation cost (施救费用) the insured paid to prevent or reduce the loss (保险法 Art. 57)."""

    claimed: Decimal
    assessed: Decimal
    description: str = ""


@dataclass(frozen=True, slots=True)
class MitigationAdjustment:
    """The adjustment of one mitigation cost: paid beside the loss, up to the sum insured."""

    claimed: Decimal
    assessed: Decimal
    limit_reduction: Decimal
    payable: Decimal
    steps: tuple[Step, ...]
    description: str = ""


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
    mitigation: tuple[MitigationAdjustment, ...] = ()

    def _total(self, attribute: str) -> Decimal:
        return sum((getattr(line, attribute) for line in self.lines), ZERO)

    def _mitigation_total(self, attribute: str) -> Decimal:
        return sum((getattr(cost, attribute) for cost in self.mitigation), ZERO)

    @property
    def total_claimed(self) -> Decimal:
        """Loss lines and mitigation costs claimed."""
        return self._total("claimed") + self._mitigation_total("claimed")

    @property
    def total_assessed(self) -> Decimal:
        """Loss lines and mitigation costs assessed."""
        return self._total("assessed") + self._mitigation_total("assessed")

    @property
    def total_deductible(self) -> Decimal:
        """Ordinary deductible plus waiting-period deduction."""
        return self._total("deductible") + self._total("waiting_period_deduction")

    @property
    def total_warranty_deductible(self) -> Decimal:
        return self._total("warranty_deductible")

    @property
    def total_participation(self) -> Decimal:
        return self._total("participation_deduction")

    @property
    def total_loss_payable(self) -> Decimal:
        """What the loss lines pay (the amount that erodes the limits)."""
        return self._total("payable")

    @property
    def total_mitigation_payable(self) -> Decimal:
        """Mitigation costs paid beside the loss (保险法 Art. 57)."""
        return self._mitigation_total("payable")

    @property
    def total_payable(self) -> Decimal:
        """Everything the claim pays: the loss lines plus the mitigation costs."""
        return self.total_loss_payable + self.total_mitigation_payable


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


def _percent(ratio: Decimal) -> str:
    return f"{_plain(ratio * 100)}%"


@dataclass(slots=True)
class _Running:
    """What the claim has used up so far, line by line."""

    paid: dict[CoverageCode, Decimal]
    aggregate_left: Decimal
    deductible_left: dict[CoverageCode, Decimal]
    occurrence_paid: dict[CoverageCode, Decimal]
    policy_occurrence_left: Decimal | None


def _waiting_period(line: LossLine, coverage: CoverageTerms, loss: Decimal, prefix: str) -> Step | None:
    if coverage.coverage is not CoverageCode.BUSINESS_INTERRUPTION:
        if line.outage_hours is not None:
            raise TermsError(
                "terms.outage_hours_not_applicable",
                f"{prefix}.outage_hours",
                Text("停机小时数仅适用于营业中断。", "Outage hours apply to business interruption only."),
            )
        return None
    outage = line.outage_hours
    if not isinstance(outage, Decimal | int) or isinstance(outage, bool) or outage <= 0:
        raise TermsError(
            "terms.outage_hours_required",
            f"{prefix}.outage_hours",
            Text("营业中断须给出大于零的停机小时数。", "Business interruption needs outage hours > 0."),
        )
    hours = coverage.waiting_period_hours
    waiting = round_money(loss * min(hours, Decimal(outage)) / Decimal(outage))
    label = Text(
        f"等待期 {_plain(hours)} 小时（中断 {_plain(Decimal(outage))} 小时）",
        f"Waiting period of {_plain(hours)} h (outage {_plain(Decimal(outage))} h)",
    )
    return Step("waiting_period", label, waiting, loss - waiting)


def _occurrence_step(coverage: CoverageTerms, loss: Decimal, running: _Running) -> Step | None:
    limits: list[Decimal] = []
    if coverage.per_occurrence_limit is not None:
        limits.append(coverage.per_occurrence_limit - running.occurrence_paid[coverage.coverage])
    if coverage.erodes_aggregate and running.policy_occurrence_left is not None:
        limits.append(running.policy_occurrence_left)
    if not limits:
        return None
    available = min(limits)
    cut = max(loss - available, ZERO)
    label = Text(
        f"每次事故赔偿限额（可用余额 {format_cny(available)}）",
        f"Per-occurrence limit (available {format_cny(available)})",
    )
    return Step("occurrence_limit", label, cut, loss - cut)


def _adjust_line(
    index: int, line: LossLine, terms: PolicyTerms, ratio: Decimal, running: _Running
) -> LineAdjustment:
    prefix = f"lines[{index}]"
    coverage = terms.for_coverage(line.coverage, f"{prefix}.coverage")
    code = coverage.coverage
    claimed = parse_amount(line.claimed, f"{prefix}.claimed")
    assessed = parse_amount(line.assessed, f"{prefix}.assessed")
    steps = [Step("assessed", Text("核定损失", "Assessed loss"), ZERO, assessed)]
    loss = min(assessed, claimed)
    if loss < assessed:
        label = Text("以索赔金额为限", "Limited to the amount claimed")
        steps.append(Step("claimed_cap", label, assessed - loss, loss))

    waiting_step = _waiting_period(line, coverage, loss, prefix)
    if waiting_step is not None:
        steps.append(waiting_step)
        loss = waiting_step.balance

    deductible = min(running.deductible_left[code], loss)
    running.deductible_left[code] -= deductible
    loss -= deductible
    steps.append(Step("deductible", Text("免赔额", "Deductible"), deductible, loss))

    extra = round_money(loss * ratio)
    if ratio:
        loss -= extra
        label = Text(
            f"特别约定额外免赔 {_percent(ratio)}",
            f"Additional {_percent(ratio)} deductible (remediation warranty)",
        )
        steps.append(Step("warranty_deductible", label, extra, loss))

    participation = round_money(loss * coverage.participation)
    if coverage.participation:
        loss -= participation
        share = _percent(coverage.participation)
        label = Text(f"被保险人自留比例 {share}", f"Participation: the insured keeps {share}")
        steps.append(Step("participation", label, participation, loss))

    occurrence_step = _occurrence_step(coverage, loss, running)
    if occurrence_step is not None:
        steps.append(occurrence_step)
        loss = occurrence_step.balance

    sub_limit_left = coverage.sub_limit - running.paid[code]
    sub_cut = max(loss - sub_limit_left, ZERO)
    loss -= sub_cut
    label = Text(
        f"分项赔偿限额（可用余额 {format_cny(sub_limit_left)}）",
        f"Sub-limit (available {format_cny(sub_limit_left)})",
    )
    steps.append(Step("sub_limit", label, sub_cut, loss))

    aggregate_cut = ZERO
    if coverage.erodes_aggregate:
        aggregate_cut = max(loss - running.aggregate_left, ZERO)
        label = Text(
            f"累计赔偿限额（可用余额 {format_cny(running.aggregate_left)}）",
            f"Aggregate limit (available {format_cny(running.aggregate_left)})",
        )
        loss -= aggregate_cut
        running.aggregate_left -= loss
        if running.policy_occurrence_left is not None:
            running.policy_occurrence_left -= loss
        steps.append(Step("aggregate_limit", label, aggregate_cut, loss))
    running.paid[code] += loss
    running.occurrence_paid[code] += loss
    steps.append(Step("payable", Text("应付赔款", "Payable"), ZERO, loss))
    return LineAdjustment(
        coverage=code,
        claimed=claimed,
        assessed=assessed,
        waiting_period_deduction=waiting_step.deducted if waiting_step else ZERO,
        deductible=deductible,
        warranty_deductible=extra,
        sub_limit_reduction=sub_cut,
        aggregate_reduction=aggregate_cut,
        payable=loss,
        steps=tuple(steps),
        participation_deduction=participation,
        occurrence_limit_reduction=occurrence_step.deducted if occurrence_step else ZERO,
    )


def _adjust_mitigation(
    costs: Sequence[MitigationCost], sum_insured: Decimal
) -> tuple[MitigationAdjustment, ...]:
    left = sum_insured
    results: list[MitigationAdjustment] = []
    for index, cost in enumerate(costs):
        prefix = f"mitigation[{index}]"
        claimed = parse_amount(cost.claimed, f"{prefix}.claimed")
        assessed = parse_amount(cost.assessed, f"{prefix}.assessed")
        steps = [Step("assessed", Text("核定施救费用", "Assessed mitigation cost"), ZERO, assessed)]
        amount = min(assessed, claimed)
        if amount < assessed:
            label = Text("以索赔金额为限", "Limited to the amount claimed")
            steps.append(Step("claimed_cap", label, assessed - amount, amount))
        cut = max(amount - left, ZERO)
        amount -= cut
        left -= amount
        label = Text(
            "施救费用另行计算，以保险金额为限（保险法第五十七条）",
            "Mitigation costs, paid beside the loss up to the sum insured (Insurance Law art. 57)",
        )
        steps.append(Step("mitigation_limit", label, cut, amount))
        steps.append(Step("payable", Text("应付施救费用", "Payable"), ZERO, amount))
        results.append(MitigationAdjustment(claimed, assessed, cut, amount, tuple(steps), cost.description))
    return tuple(results)


def adjust_claim(
    terms: PolicyTerms,
    lines: Sequence[LossLine],
    *,
    incident_at: datetime,
    findings: Sequence[FindingEvidence] = (),
    paid_by_coverage: Mapping[str, AmountInput] | None = None,
    mitigation: Sequence[MitigationCost] = (),
) -> ClaimAdjustment:
    """Adjust the loss lines of one claim under ``terms`` (see the module docstring for the steps).

    ``incident_at`` (aware) must fall within the period of insurance; ``findings`` are the
    health-check findings relevant to the remediation warranty; ``paid_by_coverage`` are
    the amounts paid under the policy in earlier claims, per coverage (the policy total
    is their sum over coverages that erode the aggregate); ``mitigation`` are the
    insured's mitigation costs (施救费用), paid beside the loss.
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
    running = _Running(
        paid=paid,
        aggregate_left=aggregate_left,
        deductible_left={c.coverage: c.deductible for c in terms.coverages},
        occurrence_paid={c.coverage: ZERO for c in terms.coverages},
        policy_occurrence_left=terms.per_occurrence_limit,
    )
    results = tuple(_adjust_line(i, line, terms, ratio, running) for i, line in enumerate(lines))
    costs = _adjust_mitigation(mitigation, terms.aggregate_limit)
    return ClaimAdjustment(results, breached, ratio, running.paid, running.aggregate_left, costs)

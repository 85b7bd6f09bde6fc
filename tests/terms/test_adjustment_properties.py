"""Properties of the adjustment over random policies and claims (hypothesis).

Whatever the terms: the payable is never negative, never above the amount claimed or
assessed, never above any applicable limit, and never falls when a loss grows.
"""

from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cyberins.terms import (
    CoverageTerms,
    LossLine,
    MitigationCost,
    PolicyTerms,
    RemediationWarranty,
    adjust_claim,
)

from .policy_samples import COSCO, INCIDENT, C, finding

COVERAGES = [C.RESPONSE_SERVICE, C.BUSINESS_INTERRUPTION, C.RESTORATION, C.DATA_BREACH, C.LEGAL]
AGGREGATE = Decimal("190000.00")


def cents(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda n: Decimal(n) / 100)


@st.composite
def coverage_terms(draw: st.DrawFn, code: C) -> CoverageTerms:
    sub_limit = draw(cents(100_000, 19_000_000))
    deductible = draw(st.one_of(st.just(Decimal(0)), cents(0, int(sub_limit * 100) - 1)))
    occurrence = draw(st.one_of(st.none(), cents(1, int(sub_limit * 100))))
    return CoverageTerms(
        code,
        sub_limit,
        deductible,
        waiting_period_hours=Decimal(draw(st.integers(0, 24)))
        if code is C.BUSINESS_INTERRUPTION
        else Decimal(0),
        erodes_aggregate=draw(st.booleans()),
        participation=draw(st.sampled_from(["0", "0.1", "0.2", "0.25", "0.5"]).map(Decimal)),
        per_occurrence_limit=occurrence,
    )


@st.composite
def policies(draw: st.DrawFn) -> PolicyTerms:
    codes = draw(st.lists(st.sampled_from(COVERAGES), min_size=1, max_size=5, unique=True))
    return PolicyTerms(
        period=COSCO,
        aggregate_limit=AGGREGATE,
        coverages=tuple(draw(coverage_terms(code)) for code in codes),
        remediation_warranty=draw(st.one_of(st.none(), st.just(RemediationWarranty()))),
        per_occurrence_limit=draw(st.one_of(st.none(), cents(1, int(AGGREGATE * 100)))),
    )


@st.composite
def claims(draw: st.DrawFn) -> tuple[PolicyTerms, list[LossLine], bool, dict[C, Decimal]]:
    terms = draw(policies())
    codes = [c.coverage for c in terms.coverages]
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        code = draw(st.sampled_from(codes))
        hours = Decimal(draw(st.integers(1, 200))) if code is C.BUSINESS_INTERRUPTION else None
        lines.append(LossLine(code, draw(cents(0, 30_000_000)), draw(cents(0, 30_000_000)), hours))
    # Earlier claims: some of each sub-limit already paid, within the aggregate.
    paid: dict[C, Decimal] = {}
    left = AGGREGATE
    for coverage in terms.coverages:
        amount = min(
            draw(cents(0, int(coverage.sub_limit * 100))), left if coverage.erodes_aggregate else AGGREGATE
        )
        paid[coverage.coverage] = amount
        if coverage.erodes_aggregate:
            left -= amount
    return terms, lines, draw(st.booleans()), paid


def run(terms, lines, breached, paid, mitigation=()):
    findings = [finding()] if breached else []
    return adjust_claim(
        terms, lines, incident_at=INCIDENT, findings=findings, paid_by_coverage=paid, mitigation=mitigation
    )


@settings(max_examples=150, deadline=None)
@given(claims())
def test_payable_is_within_every_bound(case):
    terms, lines, breached, paid = case
    result = run(terms, lines, breached, paid)
    this_claim: dict[C, Decimal] = {}
    for line, adjusted in zip(lines, result.lines, strict=True):
        coverage = terms.for_coverage(line.coverage)
        assert adjusted.payable >= 0
        assert adjusted.payable <= min(line.claimed, line.assessed)
        assert adjusted.payable <= coverage.sub_limit
        this_claim[line.coverage] = this_claim.get(line.coverage, Decimal(0)) + adjusted.payable
        assert adjusted.assessed - sum(step.deducted for step in adjusted.steps) == adjusted.payable
        assert all(step.deducted >= 0 for step in adjusted.steps)
    eroding = Decimal(0)
    for code, amount in this_claim.items():
        coverage = terms.for_coverage(code)
        assert paid[code] + amount <= coverage.sub_limit
        if coverage.per_occurrence_limit is not None:
            assert amount <= coverage.per_occurrence_limit
        if coverage.erodes_aggregate:
            eroding += amount
    already = sum((paid[c.coverage] for c in terms.coverages if c.erodes_aggregate), Decimal(0))
    assert already + eroding <= terms.aggregate_limit
    assert result.aggregate_remaining == terms.aggregate_limit - already - eroding
    if terms.per_occurrence_limit is not None:
        assert eroding <= terms.per_occurrence_limit
    assert result.total_payable <= result.total_claimed


@settings(max_examples=150, deadline=None)
@given(claims(), st.data())
def test_payable_never_falls_when_a_loss_grows(case, data):
    terms, lines, breached, paid = case
    index = data.draw(st.integers(0, len(lines) - 1))
    growth = data.draw(cents(1, 5_000_000))
    grown = list(lines)
    grown[index] = replace(
        lines[index], claimed=lines[index].claimed + growth, assessed=lines[index].assessed + growth
    )
    before = run(terms, lines, breached, paid)
    after = run(terms, grown, breached, paid)
    assert after.lines[index].payable >= before.lines[index].payable
    assert after.total_payable >= before.total_payable


@settings(max_examples=60, deadline=None)
@given(claims(), st.lists(st.tuples(cents(0, 30_000_000), cents(0, 30_000_000)), max_size=3))
def test_mitigation_costs_are_bounded_by_the_sum_insured_and_do_not_erode_it(case, costs):
    terms, lines, breached, paid = case
    without = run(terms, lines, breached, paid)
    result = run(terms, lines, breached, paid, [MitigationCost(c, a) for c, a in costs])
    assert result.lines == without.lines
    assert result.aggregate_remaining == without.aggregate_remaining
    assert 0 <= result.total_mitigation_payable <= terms.aggregate_limit
    for cost, (claimed, assessed) in zip(result.mitigation, costs, strict=True):
        assert 0 <= cost.payable <= min(claimed, assessed)

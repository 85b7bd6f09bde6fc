"""The policy terms in force on a date, as the pure :class:`cyberins.terms.PolicyTerms`.

The sum insured is the one of the last sum-insured endorsement effective on or before the date (the
original sum before the first one); a cancellation ends the period on the day before it takes effect
(read through the incidents app's coverage facts, so a claim and its incident agree).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from cyberins.incidents.services import coverage_facts
from cyberins.policies.models import EndorsementKind, Policy
from cyberins.products.models import WarrantyKind
from cyberins.terms import (
    CoverageTerms,
    PolicyPeriod,
    PolicyTerms,
    RemediationWarranty,
    coverage_code,
    local_date,
)


def sum_insured_at(policy: Policy, when: datetime) -> Decimal:
    day = local_date(when)
    changes = list(policy.endorsements.filter(kind=EndorsementKind.SUM_INSURED).order_by("sequence"))
    if not changes:
        return policy.sum_insured
    amount = Decimal(changes[0].before["sum_insured"])
    for change in changes:
        if change.effective_on <= day:
            amount = Decimal(change.after["sum_insured"])
    return amount


def policy_terms_at(policy: Policy, when: datetime) -> PolicyTerms:
    """``PolicyTerms`` of ``policy`` as of ``when`` (aware): limits, deductibles, waiting period, warranty."""
    facts = coverage_facts(policy, affected_system="", location="mainland", on=when)
    last_day = policy.last_day
    if facts.cancelled_from is not None and facts.cancelled_from <= last_day:
        last_day = max(policy.first_day, facts.cancelled_from - timedelta(days=1))
    aggregate = sum_insured_at(policy, when)
    coverages = []
    for cover in policy.coverages.order_by("pk"):
        # a sum insured reduced by endorsement caps every sub-limit that eroded it
        sub_limit = min(cover.sub_limit, aggregate)
        coverages.append(
            CoverageTerms(
                coverage=coverage_code(cover.coverage),
                sub_limit=sub_limit,
                deductible=min(cover.deductible, sub_limit - Decimal("0.01")),
                waiting_period_hours=Decimal(cover.waiting_period_hours),
            )
        )
    warranty = None
    for row in policy.warranties.filter(kind=WarrantyKind.REMEDIATION):
        warranty = RemediationWarranty(Decimal(str(row.params.get("extra_deductible_ratio", "0.10"))))
    return PolicyTerms(
        period=PolicyPeriod(policy.first_day, last_day),
        aggregate_limit=aggregate,
        coverages=tuple(coverages),
        remediation_warranty=warranty,
    )

"""定损: loss lines, the assessment through ``terms.adjust_claim`` with the remediation-warranty
penalty, reserves, and the decision (four-eyes approval within authority, or a denial)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import Forbidden, InvalidState, from_terms_error
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.accounts.transitions import transition
from cyberins.claims.errors import ClaimsError as E
from cyberins.claims.models import Approval, Claim, HandlerAuthority, LossLine, ReserveReason
from cyberins.claims.rules import REDUCTION_REASONS, merged_hours
from cyberins.claims.services.common import (
    ZERO,
    amount,
    error,
    line_payables,
    locked,
    paid_total,
    require_state,
    reserves,
    set_reserve,
)
from cyberins.claims.terms_at import policy_terms_at
from cyberins.healthchecks.queries import remediation_evidence
from cyberins.terms import ClaimAdjustment, TermsError, adjust_claim, round_money
from cyberins.terms import LossLine as TermsLine

EDITABLE = ("open", "documents_requested", "under_assessment")
#: claims whose payable erodes the policy's limits for later claims
DECIDED = ("approved", "paid", "closed")


def outage_hours(claim: Claim) -> Decimal:
    intervals = [(o.started_at, o.ended_at) for o in claim.incident.outages.all() if o.ended_at is not None]
    return merged_hours(intervals)


def _reserve_to_claimed(claim: Claim, coverage: str, *, actor: Any, now: datetime) -> None:
    claimed = sum((line.claimed for line in claim.lines.filter(coverage=coverage)), ZERO)
    first = coverage not in reserves(claim)
    reason = ReserveReason.INITIAL if first else ReserveReason.REVISED
    set_reserve(claim, coverage, claimed, reason=reason, actor=actor, now=now, note="claimed")


@audited
def do_add_line(
    *,
    actor: User,
    claim: Claim,
    coverage: str,
    claimed: Any = None,
    description: str = "",
    hourly_income: Any = None,
    documents: list[str] | None = None,
    now: datetime,
) -> LossLine:
    """Add a loss line under an insured coverage.

    Business interruption takes its hours from the incident's outages (merged, so parallel outages
    count once) and, given the income lost per hour, claims ``hourly × hours`` unless an amount is
    given. The response service, without an amount, claims the engagement's price-book rate.
    """
    require_role(actor, Role.APPLICANT, Role.CLAIMS_HANDLER)
    claim = locked(actor, claim)
    require_state(claim, *EDITABLE)
    if not claim.policy.coverages.filter(coverage=coverage).exists():
        raise error(E.COVERAGE_NOT_INSURED, "coverage")
    fields: dict[str, Any] = {"source": "entered"}
    if coverage == "business_interruption":
        hours = outage_hours(claim)
        if hours <= 0:
            raise error(E.NO_OUTAGE, "coverage", InvalidState)
        fields |= {"outage_hours": hours, "source": "outages"}
        if hourly_income not in (None, ""):
            fields["hourly_income"] = amount(hourly_income, "hourly_income")
            if claimed in (None, ""):
                claimed = round_money(fields["hourly_income"] * hours)
    engagement = claim.incident.engagement
    if coverage == "response_service" and claimed in (None, "") and engagement and engagement.unit_price:
        claimed, fields["source"] = engagement.unit_price, "price_book"
    line = LossLine.objects.create(
        claim=claim,
        coverage=coverage,
        claimed=amount(claimed, "claimed"),
        description=description.strip(),
        documents=list(documents or []),
        created_at=now,
        **fields,
    )
    _reserve_to_claimed(claim, coverage, actor=actor, now=now)
    record_change(
        actor=actor,
        obj=line,
        action="claim.add_line",
        after={"claim": claim.number, "coverage": coverage, "claimed": line.claimed, "source": line.source},
        now=now,
    )
    return line


@audited
def do_assess_line(
    *, actor: User, line: LossLine, assessed: Any, reductions: list[str] | None = None, now: datetime
) -> LossLine:
    """The adjuster's amount for a line; less than claimed needs coded reduction reasons."""
    require_role(actor, Role.CLAIMS_HANDLER)
    claim = locked(actor, line.claim)
    require_state(claim, "under_assessment")
    line = claim.lines.get(pk=line.pk)
    value = amount(assessed, "assessed", allow_zero=True)
    reasons = list(dict.fromkeys(reductions or []))
    if any(reason not in REDUCTION_REASONS for reason in reasons):
        raise error(E.INVALID_REASON, "reductions")
    if value < line.claimed and not reasons:
        raise error(E.REASON_REQUIRED, "reductions")
    before = {"assessed": line.assessed, "reductions": line.reductions}
    line.assessed, line.reductions = value, reasons
    line.save(update_fields=["assessed", "reductions"])
    record_change(
        actor=actor,
        obj=line,
        action="claim.assess_line",
        before=before,
        after={"assessed": value, "reductions": reasons},
        now=now,
    )
    return line


def _ordered(claim: Claim) -> list[LossLine]:
    # The service first: when a limit runs out, the provider who already worked is paid.
    return sorted(claim.lines.all(), key=lambda line: (line.coverage != "response_service", line.pk))


def earlier_payables(claim: Claim) -> dict[str, Decimal]:
    """What the policy's other decided claims pay per coverage (they erode the limits of this one)."""
    paid: dict[str, Decimal] = defaultdict(lambda: ZERO)
    others = LossLine.objects.filter(claim__policy=claim.policy, claim__status__in=DECIDED).exclude(
        claim=claim
    )
    for line in others:
        paid[line.coverage] += line.payable or ZERO
    return dict(paid)


def adjust(claim: Claim, related: list[int]) -> ClaimAdjustment:
    lines = _ordered(claim)
    if not lines:
        raise error(E.NO_LINES, "lines", InvalidState)
    if any(line.assessed is None for line in lines):
        raise error(E.NOT_ASSESSED, "lines", InvalidState)
    at = claim.incident.occurred_at
    evidence = remediation_evidence(claim.insured_id, at, related=related)
    known = {int(e.reference.split()[0].removeprefix("RI-")) for e in evidence}
    if not set(related) <= known:
        raise error(E.INVALID_FINDING, "related_findings")
    try:
        return adjust_claim(
            policy_terms_at(claim.policy, at),
            [
                TermsLine(line.coverage, line.claimed, line.assessed or ZERO, line.outage_hours)  # type: ignore[arg-type]
                for line in lines
            ],
            incident_at=at,
            findings=evidence,
            paid_by_coverage=earlier_payables(claim),
        )
    except TermsError as exc:
        raise from_terms_error(exc) from None


def explanation(result: ClaimAdjustment, lines: list[LossLine]) -> dict[str, Any]:
    """The explanation table: per line each step with the amount before, the deduction, after, why."""
    return {
        "warranty_breached": result.warranty_breached,
        "extra_deductible_ratio": str(result.extra_deductible_ratio),
        "total_payable": str(result.total_payable),
        "lines": [
            {
                "line": line.pk,
                "coverage": adjusted.coverage.value,
                "claimed": str(adjusted.claimed),
                "payable": str(adjusted.payable),
                "steps": [
                    {
                        "code": step.code,
                        "why_zh": step.label.zh,
                        "why_en": step.label.en,
                        "before": str(step.balance + step.deducted),
                        "deducted": str(step.deducted),
                        "after": str(step.balance),
                    }
                    for step in adjusted.steps
                ],
            }
            for line, adjusted in zip(lines, result.lines, strict=True)
        ],
    }


@audited
def do_assess(
    *, actor: User, claim: Claim, related_findings: list[int] | None = None, now: datetime
) -> Claim:
    """Adjust the assessed lines under the terms in force at the incident; ``related_findings`` are the
    remediation items the adjuster links to the incident (the warranty penalty, if overdue then)."""
    require_role(actor, Role.CLAIMS_HANDLER)
    claim = locked(actor, claim)
    require_state(claim, "under_assessment")
    related = sorted({int(pk) for pk in related_findings or []})
    lines = _ordered(claim)
    result = adjust(claim, related)
    for line, adjusted in zip(lines, result.lines, strict=True):
        LossLine.objects.filter(pk=line.pk).update(payable=adjusted.payable)
        line.payable = adjusted.payable
    table = explanation(result, lines)
    for coverage, payable in line_payables(claim).items():
        set_reserve(
            claim, coverage, payable, reason=ReserveReason.REVISED, actor=actor, now=now, note="assessed"
        )
    transition(
        claim,
        "assessed",
        actor=actor,
        now=now,
        changes={
            "assessed_by_id": actor.pk,
            "payable": result.total_payable,
            "penalty_applied": result.warranty_breached,
            "related_findings": related,
            "assessment": table,
        },
        details={"payable": result.total_payable, "penalty_applied": result.warranty_breached},
    )
    return claim


def authority_of(user: User) -> Decimal:
    found = HandlerAuthority.objects.filter(user=user).first()
    return found.limit if found else ZERO


@audited
def do_approve(*, actor: User, claim: Claim, note: str = "", now: datetime) -> Approval:
    """Approve the assessed payable: never one's own assessment, never above one's authority limit."""
    require_role(actor, Role.CLAIMS_HANDLER)
    claim = locked(actor, claim)
    require_state(claim, "assessed")
    if claim.assessed_by_id == actor.pk:
        raise error(E.OWN_ASSESSMENT, "approver", Forbidden)
    limit = authority_of(actor)
    if claim.payable > limit:
        raise error(E.AUTHORITY_EXCEEDED, "approver", Forbidden)
    approval = Approval.objects.create(
        claim=claim, approver=actor, amount=claim.payable, authority_limit=limit, at=now, note=note.strip()
    )
    transition(
        claim, "approved", actor=actor, now=now, reason=note.strip(), details={"amount": claim.payable}
    )
    return approval


@audited
def do_deny(*, actor: User, claim: Claim, reasons: str, notify: bool = True, now: datetime) -> Claim:
    """Deny the claim with its reasons; the denial notice goes with it unless ``notify`` is False."""
    require_role(actor, Role.CLAIMS_HANDLER)
    claim = locked(actor, claim)
    if not reasons.strip():
        raise error(E.REASON_REQUIRED, "reasons")
    changes: dict[str, Any] = {"denial_reasons": reasons.strip()}
    if notify:
        changes["denial_notice_at"] = now
    transition(claim, "denied", actor=actor, now=now, reason=reasons.strip(), changes=changes)
    _close_reserves(claim, actor=actor, now=now)
    return claim


@audited
def do_send_denial_notice(*, actor: User, claim: Claim, now: datetime) -> Claim:
    require_role(actor, Role.CLAIMS_HANDLER)
    claim = locked(actor, claim)
    require_state(claim, "denied")
    if claim.denial_notice_at is None:
        Claim.objects.filter(pk=claim.pk).update(denial_notice_at=now)
        claim.denial_notice_at = now
        record_change(actor=actor, obj=claim, action="claim.denial_notice", after={"sent_at": now}, now=now)
    return claim


def _close_reserves(claim: Claim, *, actor: Any, now: datetime) -> None:
    """On closing, each coverage's reserve becomes what was paid under it (nothing stays outstanding)."""
    left = paid_total(claim)
    payables = line_payables(claim)
    for coverage in reserves(claim):
        share = min(left, payables.get(coverage, ZERO))
        left -= share
        set_reserve(claim, coverage, share, reason=ReserveReason.CLOSE, actor=actor, now=now)


@audited
def do_withdraw(*, actor: User, claim: Claim, reason: str = "", now: datetime) -> Claim:
    claim = locked(actor, claim)
    transition(claim, "withdrawn", actor=actor, now=now, reason=reason.strip())
    _close_reserves(claim, actor=actor, now=now)
    return claim


@audited
def do_reopen(*, actor: User, claim: Claim, reason: str, now: datetime) -> Claim:
    """Reopen a closed, denied or withdrawn claim for assessment (the reason is required)."""
    require_role(actor, Role.CLAIMS_HANDLER)
    claim = locked(actor, claim)
    if not reason.strip():
        raise error(E.REASON_REQUIRED, "reason")
    transition(claim, "under_assessment", actor=actor, now=now, reason=reason.strip(), action="claim.reopen")
    claimed: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in claim.lines.all():
        claimed[line.coverage] += line.claimed
    current = reserves(claim)
    for coverage, total in claimed.items():
        target = max(current.get(coverage, ZERO), total)
        set_reserve(
            claim, coverage, target, reason=ReserveReason.REOPEN, actor=actor, now=now, note=reason.strip()
        )
    return claim


@audited
def do_revise_reserve(
    *, actor: User, claim: Claim, coverage: str, reserve: Any, note: str, now: datetime
) -> Claim:
    """A handler revises a coverage's reserve, within their authority (for the claim's total reserve)."""
    require_role(actor, Role.CLAIMS_HANDLER)
    claim = locked(actor, claim)
    if claim.status in ("closed", "denied", "withdrawn"):
        raise error(E.NOT_EDITABLE, "status", InvalidState)
    if not claim.lines.filter(coverage=coverage).exists():
        raise error(E.COVERAGE_NOT_INSURED, "coverage")
    value = amount(reserve, "reserve", allow_zero=True)
    if not note.strip():
        raise error(E.REASON_REQUIRED, "note")
    current = reserves(claim)
    total = sum(current.values(), ZERO) - current.get(coverage, ZERO) + value
    if total > authority_of(actor):
        raise error(E.AUTHORITY_EXCEEDED, "reserve", Forbidden)
    set_reserve(claim, coverage, value, reason=ReserveReason.REVISED, actor=actor, now=now, note=note.strip())
    return claim

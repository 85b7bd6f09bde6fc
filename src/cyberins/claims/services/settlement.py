"""理赔: payments (exactly once per Idempotency-Key, partial, never above the approved payable; to the
insured or directly to the provider — 直赔), reversals, recoveries, closing, and the clocks job."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import InvalidState
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.accounts.transitions import transition
from cyberins.claims.errors import ClaimsError as E
from cyberins.claims.models import Claim, Payee, Payment, Recovery, RecoveryKind, ReserveReason
from cyberins.claims.rules import ClaimFacts, Clock, ClockState, clocks
from cyberins.claims.services.assessment import _close_reserves
from cyberins.claims.services.common import (
    ZERO,
    amount,
    direct_paid,
    error,
    line_payables,
    locked,
    paid_total,
    require_state,
    set_reserve,
)


def _replay(existing: Payment, claim: Claim, value: Any, payee: str) -> Payment:
    if existing.claim_id != claim.pk or existing.payee != payee or str(existing.amount) != str(value):
        raise error(E.KEY_REUSED, "Idempotency-Key", InvalidState)
    return existing


@audited
def do_pay(
    *,
    actor: User,
    claim: Claim,
    amount_paid: Any,
    payee: str = Payee.INSURED,
    idempotency_key: str,
    reference: str = "",
    now: datetime,
) -> tuple[Payment, bool]:
    """Pay (part of) the approved payable; ``(payment, created)``. The same key returns the same payment
    and pays nothing more; the claim is ``paid`` when the payments reach the payable."""
    require_role(actor, Role.CLAIMS_HANDLER)
    key = (idempotency_key or "").strip()
    if not key or len(key) > 100:
        raise error(E.KEY_REQUIRED, "Idempotency-Key")
    if payee not in Payee.values:
        raise error(E.DIRECT_NOT_AUTHORISED, "payee")
    value = amount(amount_paid, "amount")
    claim = locked(actor, claim)  # serialises the payments of one claim
    existing = Payment.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return _replay(existing, claim, value, payee), False
    if claim.status != "approved":
        raise error(E.NOT_APPROVED, "status", InvalidState)
    if value > claim.payable - paid_total(claim):
        raise error(E.ABOVE_PAYABLE, "amount")
    payee_org = claim.insured
    if payee == Payee.PROVIDER:
        if not claim.direct_payment_authorised:
            raise error(E.DIRECT_NOT_AUTHORISED, "payee", InvalidState)
        if claim.provider is None:
            raise error(E.NO_PROVIDER, "payee", InvalidState)
        service = line_payables(claim).get("response_service", ZERO)
        if value > service - direct_paid(claim):
            raise error(E.ABOVE_PAYABLE, "amount")
        payee_org = claim.provider
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                claim=claim,
                payee=payee,
                payee_org=payee_org,
                amount=value,
                idempotency_key=key,
                paid_at=now,
                paid_by=actor,
                reference=reference.strip()[:60],
            )
    except IntegrityError:
        # another request with this key won the race (a different claim's lock does not serialise us)
        return _replay(Payment.objects.get(idempotency_key=key), claim, value, payee), False
    record_change(
        actor=actor,
        obj=payment,
        action="claim.pay",
        after={"claim": claim.number, "amount": value, "payee": payee, "to": payee_org.name, "key": key},
        now=now,
    )
    if paid_total(claim) == claim.payable:
        transition(claim, "paid", actor=actor, now=now)
        for coverage, payable in line_payables(claim).items():
            set_reserve(claim, coverage, payable, reason=ReserveReason.PAYMENT, actor=actor, now=now)
    return payment, True


@audited
def do_reverse_payment(*, actor: User, payment: Payment, reason: str, now: datetime) -> Payment:
    require_role(actor, Role.CLAIMS_HANDLER)
    claim = locked(actor, payment.claim)
    payment = claim.payments.get(pk=payment.pk)
    if not reason.strip():
        raise error(E.REASON_REQUIRED, "reason")
    if claim.status not in ("approved", "paid"):
        raise error(E.NOT_EDITABLE, "status", InvalidState)
    transition(
        payment, "reversed", actor=actor, now=now, reason=reason.strip(), changes={"reversal_reason": reason}
    )
    if claim.status == "paid":
        transition(claim, "approved", actor=actor, now=now, reason=reason.strip(), changes={"paid_at": None})
    return payment


@audited
def do_record_recovery(
    *, actor: User, claim: Claim, kind: str, amount_recovered: Any, source: str = "", now: datetime
) -> Recovery:
    """Money recovered (subrogation, a returned deductible) reduces the claim's net incurred."""
    require_role(actor, Role.CLAIMS_HANDLER)
    claim = locked(actor, claim)
    require_state(claim, "approved", "paid", "closed")
    if kind not in RecoveryKind.values:
        raise error(E.INVALID_REASON, "kind")
    value = amount(amount_recovered, "amount")
    recovery = Recovery.objects.create(
        claim=claim, kind=kind, amount=value, source=source.strip()[:200], received_at=now, recorded_by=actor
    )
    record_change(
        actor=actor,
        obj=recovery,
        action="claim.recovery",
        after={"claim": claim.number, "kind": kind, "amount": value, "source": recovery.source},
        now=now,
    )
    return recovery


@audited
def do_close(*, actor: User, claim: Claim, note: str = "", now: datetime) -> Claim:
    """Close a claim paid in full; the reserves become the amounts paid."""
    claim = locked(actor, claim)
    transition(claim, "closed", actor=actor, now=now, reason=note.strip())
    _close_reserves(claim, actor=actor, now=now)
    return claim


# ---------------------------------------------------------------------------------------------------
# Clocks


def claim_facts(claim: Claim) -> ClaimFacts:
    first = claim.payments.order_by("paid_at").values_list("paid_at", flat=True).first()
    denied = claim.denied_at is not None and claim.status == "denied"
    return ClaimFacts(
        documents_complete_at=claim.documents_complete_at,
        decided_at=claim.denied_at if denied else claim.approved_at,
        denied=denied,
        denial_notice_at=claim.denial_notice_at,
        approved_at=claim.approved_at if not denied else None,
        paid_at=claim.paid_at,
        first_payment_at=first,
        decision_days=claim.policy.product_version.claim_decision_days,
    )


def claim_clocks(claim: Claim, now: datetime) -> list[Clock]:
    return clocks(claim_facts(claim), now)


def tick(*, now: datetime) -> int:
    """Record each newly breached clock once on its claim (and in the audit trail); how many."""
    count = 0
    for claim in Claim.objects.exclude(status__in=("closed", "withdrawn")).order_by("pk"):
        new = [c.name for c in claim_clocks(claim, now) if c.state == ClockState.BREACHED]
        new = [name for name in new if name not in claim.breaches]
        if not new:
            continue
        with transaction.atomic():
            row = Claim.objects.select_for_update().get(pk=claim.pk)
            fresh = [name for name in new if name not in row.breaches]
            if not fresh:
                continue
            Claim.objects.filter(pk=row.pk).update(breaches=[*row.breaches, *fresh])
            record_change(
                actor=None, obj=row, action="claim.clock_breached", after={"clocks": fresh}, now=now
            )
        count += len(fresh)
    return count

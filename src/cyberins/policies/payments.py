"""Premium payments: the insured declares a payment for an instalment, the insurer confirms or rejects it;
instalments are paid in order; where the payments stand on a day; the lapse of a policy left unpaid past
the product's grace period.

Lock order as in ``policies.services``: policy → instalment → payment. The instalment's due → paid move
happens once, on confirmation, in the same transaction as the payment's declared → confirmed move.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, Forbidden, InvalidState, NotFound
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import get_visible, sees_everything, visible
from cyberins.accounts.transitions import transition
from cyberins.policies.errors import PoliciesError as E
from cyberins.policies.models import (
    Instalment,
    InstalmentStatus,
    Payment,
    PaymentStatus,
    Policy,
    PolicyStatus,
)
from cyberins.terms import InstalmentState, PaymentStanding, Standing, local_date, payment_standing

INSURER_ROLES = (Role.UNDERWRITER, Role.CLAIMS_HANDLER)
MAX_REFERENCE = 60


def payments(user: Any) -> QuerySet[Payment]:
    return visible(user, Payment.objects.select_related("instalment__policy", "declared_by", "decided_by"))


def payment(user: Any, pk: int) -> Payment:
    return get_visible(user, payments(user), pk=pk)


def may_declare(user: Any, policy: Policy) -> bool:
    """The insured's applicant records its payments (the insurer confirms them)."""
    return user.organisation_id == policy.insured_id and user.has_role(Role.APPLICANT)


def may_confirm(user: Any, policy: Policy) -> bool:
    return (user.organisation_id == policy.insurer_id and user.has_role(*INSURER_ROLES)) or sees_everything(
        user
    )


def standing_of(policy: Policy, now: datetime) -> PaymentStanding:
    """Where the policy's payments stand on the local day of ``now``, by its product's grace rule."""
    version = policy.product_version
    return payment_standing(
        [
            InstalmentState(i.sequence, i.due_on, i.amount, i.status == InstalmentStatus.PAID)
            for i in policy.instalments.all()
        ],
        local_date(now),
        grace_days=version.grace_days,
        lapse_after_grace=version.lapse_after_grace,
    )


STATE_LABELS = {
    "in_force": _("In force"),
    "paid_not_started": _("Paid, cover not yet started"),
    Standing.PARTLY_PAID: _("Partly paid"),
    Standing.AWAITING_PAYMENT: _("Awaiting payment"),
    Standing.OVERDUE: _("Overdue"),
    Standing.LAPSED: _("Lapsed"),
}


def policy_state(policy: Policy, now: datetime) -> tuple[str, Any]:
    """What the policy pages show: the policy's status once it ended, else where its payments stand
    (in force only when paid and within the period)."""
    if policy.status != PolicyStatus.ISSUED:
        return policy.status, policy.get_status_display()
    standing = standing_of(policy, now).standing
    if standing == Standing.PAID:
        key = "in_force" if policy.period.contains(now) else "paid_not_started"
        return key, STATE_LABELS[key]
    return str(standing), STATE_LABELS[standing]


def _lock(instalment: Instalment) -> Instalment:
    list(
        Policy.objects.select_for_update(of=("self",), no_key=True)
        .filter(pk=instalment.policy_id)
        .values("pk")
    )
    return (
        Instalment.objects.select_for_update(of=("self",), no_key=True)
        .select_related("policy")
        .get(pk=instalment.pk)
    )


def check_in_order(instalment: Instalment, *, declared_counts: bool) -> None:
    """Instalment ``n`` only after ``1 … n-1``: paid, or (for a declaration) declared and waiting."""
    earlier = instalment.policy.instalments.filter(
        sequence__lt=instalment.sequence, status=InstalmentStatus.DUE
    )
    if declared_counts:
        earlier = earlier.exclude(payments__status=PaymentStatus.DECLARED)
    first = earlier.order_by("sequence").first()
    if first is not None:
        raise InvalidState(
            E.OUT_OF_ORDER, E.OUT_OF_ORDER.meaning, field="instalment", sequence=first.sequence
        )


def _payable(instalment: Instalment) -> None:
    if instalment.status == InstalmentStatus.PAID:
        raise InvalidState(E.ALREADY_PAID, E.ALREADY_PAID.meaning, field="instalment")
    if instalment.policy.status != PolicyStatus.ISSUED:
        raise InvalidState(E.NOT_ISSUED, E.NOT_ISSUED.meaning, field="policy")


def _amount(value: Any, expected: Decimal) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount != expected:
        raise DomainError(
            E.AMOUNT_MISMATCH, E.AMOUNT_MISMATCH.meaning, field="amount", amount=f"{expected:,}"
        )
    return expected


def _reference(value: str, instalment: Instalment) -> str:
    reference = value.strip()
    if not reference:
        raise DomainError(E.REFERENCE_REQUIRED, E.REFERENCE_REQUIRED.meaning, field="reference")
    if len(reference) > MAX_REFERENCE:
        raise DomainError(
            E.REFERENCE_TOO_LONG, E.REFERENCE_TOO_LONG.meaning, field="reference", max=MAX_REFERENCE
        )
    used = Payment.objects.filter(
        instalment__policy_id=instalment.policy_id,
        reference=reference,
        status__in=(PaymentStatus.DECLARED, PaymentStatus.CONFIRMED),
    )
    if used.exists() or instalment.policy.instalments.filter(payment_reference=reference).exists():
        raise InvalidState(E.DUPLICATE_REFERENCE, E.DUPLICATE_REFERENCE.meaning, field="reference")
    return reference


@audited
def do_declare_payment(
    *,
    actor: User,
    instalment: Instalment,
    amount: Any,
    reference: str,
    paid_on: date,
    now: datetime | None = None,
) -> Payment:
    """The insured records that it paid an instalment (bank transfer etc.); the insurer confirms it."""
    moment = timezone.now() if now is None else now
    if not may_declare(actor, instalment.policy):
        raise Forbidden(message=_("Only the insured records its payments; the insurer confirms them."))
    instalment = _lock(instalment)
    _payable(instalment)
    if instalment.payments.filter(status=PaymentStatus.DECLARED).exists():
        raise InvalidState(E.PAYMENT_WAITING, E.PAYMENT_WAITING.meaning, field="instalment")
    check_in_order(instalment, declared_counts=True)
    if paid_on > local_date(moment):
        raise DomainError(E.PAID_ON_FUTURE, E.PAID_ON_FUTURE.meaning, field="paid_on")
    checked_amount = _amount(amount, instalment.amount)
    checked_reference = _reference(reference, instalment)
    try:
        with transaction.atomic():  # a savepoint: the constraint settles two concurrent declarations
            made = Payment.objects.create(
                instalment=instalment,
                amount=checked_amount,
                reference=checked_reference,
                paid_on=paid_on,
                declared_by=actor,
                declared_at=moment,
            )
    except IntegrityError as exc:
        raise InvalidState(E.PAYMENT_WAITING, E.PAYMENT_WAITING.meaning, field="instalment") from exc
    record_change(
        actor=actor,
        obj=made,
        action="payment.declare",
        before={},
        after={
            "policy": instalment.policy.number,
            "instalment": instalment.sequence,
            "amount": checked_amount,
            "reference": checked_reference,
            "paid_on": paid_on,
        },
        now=moment,
    )
    return made


@audited
def do_decide_payment(
    *, actor: User, payment: Payment, confirm: bool, reason: str = "", now: datetime | None = None
) -> Payment:
    """The insurer confirms a declared payment (the instalment is paid) or rejects it with a reason."""
    moment = timezone.now() if now is None else now
    policy = payment.instalment.policy
    if not may_confirm(actor, policy):
        if actor.organisation_id != policy.insurer_id and actor.organisation_id != policy.insured_id:
            raise NotFound()
        raise Forbidden(message=_("Only the insurer's underwriter or claims handler confirms payments."))
    instalment = _lock(payment.instalment)
    payment = Payment.objects.select_for_update(of=("self",), no_key=True).get(pk=payment.pk)
    if payment.status != PaymentStatus.DECLARED:
        raise InvalidState(E.PAYMENT_DECIDED, E.PAYMENT_DECIDED.meaning, field="payment")
    why = reason.strip()
    if not confirm:
        if not why:
            raise DomainError(E.DECISION_REASON_REQUIRED, E.DECISION_REASON_REQUIRED.meaning, field="reason")
        transition(
            payment,
            PaymentStatus.REJECTED,
            actor=actor,
            now=moment,
            reason=why,
            changes={"decided_by": actor, "reason": why},
        )
        return payment
    _payable(instalment)
    check_in_order(instalment, declared_counts=False)
    transition(
        payment, PaymentStatus.CONFIRMED, actor=actor, now=moment, reason=why, changes={"decided_by": actor}
    )
    transition(
        instalment,
        InstalmentStatus.PAID,
        actor=actor,
        now=moment,
        changes={"payment_reference": payment.reference},
    )
    record_change(
        actor=actor,
        obj=instalment.policy,
        action="policy.payment",
        before={"paid_at": None},
        after={
            "instalment": instalment.sequence,
            "amount": instalment.amount,
            "reference": payment.reference,
        },
        now=moment,
    )
    return payment


@audited
def do_lapse_policies(*, now: datetime) -> list[str]:
    """Issued policies with an instalment unpaid past the product's grace period lapse, where the product
    says so; returns their numbers."""
    today = local_date(now)
    lapsed = []
    # FOR UPDATE does not combine with DISTINCT on PostgreSQL: find the candidates, then lock each.
    candidates = (
        Policy.objects.filter(
            status=PolicyStatus.ISSUED,
            product_version__lapse_after_grace=True,
            instalments__status=InstalmentStatus.DUE,
            instalments__due_on__lt=today,
        )
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )
    for pk in list(candidates):
        policy = (
            Policy.objects.select_for_update(of=("self",), no_key=True)
            .select_related("product_version")
            .get(pk=pk)
        )
        if policy.status != PolicyStatus.ISSUED:
            continue
        standing = standing_of(policy, now)
        if standing.standing != Standing.LAPSED:
            continue
        transition(
            policy,
            PolicyStatus.LAPSED,
            actor=None,
            now=now,
            reason=f"instalment {standing.overdue_instalment} unpaid after {standing.grace_ends_on}",
            details={"instalment": standing.overdue_instalment, "grace_ended_on": standing.grace_ends_on},
        )
        lapsed.append(policy.number)
    return lapsed

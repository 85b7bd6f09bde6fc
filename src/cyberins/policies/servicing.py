"""Policy servicing: endorsements (批改), cancellation (退保), renewal (续保) and expiry — each audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, from_terms_error
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.accounts.transitions import transition
from cyberins.policies.models import (
    Endorsement,
    EndorsementKind,
    InstalmentStatus,
    Payment,
    PaymentStatus,
    Policy,
    PolicyStatus,
    ServiceOrderStatus,
)
from cyberins.policies.services import add_endorsement, require_issued
from cyberins.products.models import VersionStatus
from cyberins.terms import (
    HistoryAdjustment,
    SumInsuredChange,
    TermsError,
    cancellation_refund,
    endorsement_premium_from_history,
    local_date,
    round_money,
)
from cyberins.underwriting.answers import validate_answers
from cyberins.underwriting.models import Application
from cyberins.underwriting.services import do_create_application

MAX_SUM_INSURED = Decimal(10) ** 12


def _locked(policy: Policy) -> Policy:
    """The policy row locked for this transaction (lock order: ``policies.services``' docstring)."""
    return Policy.objects.select_for_update(of=("self",), no_key=True).get(pk=policy.pk)


def sum_insured_adjustment(policy: Policy, change: SumInsuredChange) -> HistoryAdjustment:
    """Price a change of sum insured from the terms at issue and the earlier changes, never from the last
    rounded premium: a sum insured that returns gives back the same premium to the cent."""
    earlier = list(policy.endorsements.filter(kind=EndorsementKind.SUM_INSURED).order_by("sequence"))
    if earlier:
        original_sum = Decimal(earlier[0].before["sum_insured"])
        original_premium = Decimal(earlier[0].before["premium"])
    else:
        original_sum, original_premium = policy.sum_insured, policy.premium
    return endorsement_premium_from_history(
        policy.period,
        original_premium=original_premium,
        original_sum_insured=original_sum,
        history=[SumInsuredChange(e.effective_on, Decimal(e.after["sum_insured"])) for e in earlier],
        charged=sum((e.premium_change for e in earlier), Decimal("0.00")),
        change=change,
    )


def preview_sum_insured(
    policy: Policy, sum_insured: Any, effective_on: date
) -> tuple[Decimal, HistoryAdjustment]:
    """The checked new sum insured and its pro-rata premium change, without changing anything."""
    try:
        new_sum = Decimal(str(sum_insured).strip().replace(",", ""))
    except InvalidOperation:
        new_sum = Decimal("NaN")
    # The upper bound is what a sum-insured column holds (14 digits, 2 after the point).
    if not new_sum.is_finite() or not 0 < new_sum < MAX_SUM_INSURED or new_sum != round_money(new_sum):
        raise DomainError(
            "policies.invalid_sum_insured", _("Enter a positive amount in yuan and fen."), field="sum_insured"
        )
    try:
        return new_sum, sum_insured_adjustment(policy, SumInsuredChange(effective_on, new_sum))
    except TermsError as exc:
        raise from_terms_error(exc) from exc


@dataclass(frozen=True)
class CancellationPreview:
    """A cancellation's money: the unearned premium is returned only out of what was paid."""

    effective_on: date
    unearned: Decimal  # the pro-rata share of the premium for the days not covered
    retained: Decimal  # the premium earned by the insurer up to the day before ``effective_on``
    paid: Decimal
    refund: Decimal  # max(0, paid − retained)
    still_owed: Decimal  # max(0, retained − paid): earned premium the insured has not paid


def preview_cancellation(policy: Policy, effective_on: date) -> CancellationPreview:
    try:
        terms = cancellation_refund(policy.period, policy.premium, effective_on)
    except TermsError as exc:
        raise from_terms_error(exc) from exc
    paid = sum((i.amount for i in policy.instalments.filter(status=InstalmentStatus.PAID)), Decimal("0.00"))
    retained = terms.retained
    return CancellationPreview(
        effective_on=effective_on,
        unearned=terms.refund,
        retained=retained,
        paid=paid,
        refund=max(Decimal("0.00"), paid - retained),
        still_owed=max(Decimal("0.00"), retained - paid),
    )


@audited
def do_endorse_sum_insured(
    *, actor: User, policy: Policy, sum_insured: Any, effective_on: date
) -> Endorsement:
    """New sum insured at the policy's rate; the difference charged or returned pro rata to the cent."""
    require_role(actor, Role.UNDERWRITER)
    policy = _locked(policy)
    require_issued(policy)
    new_sum, change = preview_sum_insured(policy, sum_insured, effective_on)
    new_premium = change.full_period_premium
    # Strings: the endorsement's JSON columns cannot hold a Decimal.
    before = {"sum_insured": str(policy.sum_insured), "premium": str(policy.premium)}
    after = {"sum_insured": str(new_sum), "premium": str(new_premium)}
    endorsement = add_endorsement(
        policy, EndorsementKind.SUM_INSURED, effective_on, change.amount, before, after
    )
    policy.sum_insured, policy.premium = new_sum, new_premium
    policy.save(update_fields=["sum_insured", "premium"])
    policy.coverages.filter(sub_limit__gt=new_sum).update(sub_limit=new_sum)
    record_change(
        actor=actor,
        obj=policy,
        action="policy.endorse_sum_insured",
        before=before,
        after={**after, "premium_change": change.amount, "effective_on": effective_on},
    )
    return endorsement


@audited
def do_endorse_systems(*, actor: User, policy: Policy, systems: Any, effective_on: date) -> Endorsement:
    require_role(actor, Role.UNDERWRITER)
    policy = _locked(policy)
    require_issued(policy)
    question = {  # keyed like the request's field, so errors name "systems.0.users"
        "key": "systems",
        "type": "systems",
        "required": True,
        "label": {},
        "min": 1,
        "max": 20,
    }
    cleaned = validate_answers([question], {"systems": systems})["systems"]
    if not policy.period.contains_day(effective_on):
        raise DomainError(
            "policies.outside_period", _("The date is outside the period of insurance."), field="effective_on"
        )
    before, after = {"systems": policy.systems}, {"systems": cleaned}
    endorsement = add_endorsement(
        policy, EndorsementKind.SYSTEMS, effective_on, Decimal("0.00"), before, after
    )
    policy.systems = cleaned
    policy.save(update_fields=["systems"])
    record_change(actor=actor, obj=policy, action="policy.endorse_systems", before=before, after=after)
    return endorsement


@audited
def do_cancel_policy(*, actor: User, policy: Policy, effective_on: date, reason: str) -> Endorsement:
    """Cancel from a date; the pro-rata unearned premium is refunded out of what was paid."""
    require_role(actor, Role.UNDERWRITER)
    policy = _locked(policy)
    require_issued(policy)
    if not reason.strip():
        raise DomainError(
            "policies.reason_required", _("Give the reason for the cancellation."), field="reason"
        )
    refund = preview_cancellation(policy, effective_on)
    endorsement = add_endorsement(
        policy,
        EndorsementKind.CANCELLATION,
        effective_on,
        -refund.refund,
        {"status": policy.status, "paid": str(refund.paid)},
        {"status": PolicyStatus.CANCELLED, "refund": str(refund.refund), "unearned": str(refund.unearned)},
        reason.strip(),
    )
    now = timezone.now()
    transition(
        policy,
        PolicyStatus.CANCELLED,
        actor=actor,
        now=now,
        reason=reason,
        changes={"cancellation_reason": reason},
        details={"refund": refund.refund, "effective_on": effective_on},
    )
    # Payments still waiting for confirmation cannot pay a cancelled policy: they are returned, each with
    # its own record (the refund above counts only confirmed payments).
    for waiting in Payment.objects.select_for_update(of=("self",), no_key=True).filter(
        instalment__policy=policy, status=PaymentStatus.DECLARED
    ):
        why = f"{policy.number}: {reason.strip()}"
        transition(
            waiting,
            PaymentStatus.REJECTED,
            actor=actor,
            now=now,
            reason=why,
            changes={"decided_by": actor, "reason": why},
        )
    # The services not yet started go with the policy, each with its own history and audit record.
    for order in policy.service_orders.select_for_update().filter(status=ServiceOrderStatus.SCHEDULED):
        transition(
            order, ServiceOrderStatus.CANCELLED, actor=actor, now=now, reason=f"{policy.number}: {reason}"
        )
    return endorsement


def do_renew_policy(*, actor: User, policy: Policy) -> Application:
    """A new draft application pre-filled from the expiring policy, on the product's current version."""
    version = (
        policy.product_version.product.versions.filter(status=VersionStatus.PUBLISHED)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise DomainError(
            "policies.product_withdrawn", _("The product is no longer on sale."), field="policy"
        )
    # Only the answers the current version still asks for: a revised questionnaire must not block renewal.
    asked = {question["key"] for question in version.questionnaire}
    answers = {
        key: value
        for key, value in {**policy.application.answers, "insured_systems": policy.systems}.items()
        if key in asked
    }
    return do_create_application(
        actor=actor, version=version, answers=answers, previous_policy_number=policy.number
    )


@audited
def do_expire_policies(*, now: datetime | None = None) -> list[str]:
    """Mark issued policies whose period has ended as expired; returns their numbers."""
    today = local_date(now or timezone.now())
    expired = []
    for policy in (
        Policy.objects.select_for_update(no_key=True)
        .filter(status=PolicyStatus.ISSUED, last_day__lt=today)
        .order_by("pk")
    ):  # one order for every run
        transition(policy, PolicyStatus.EXPIRED, actor=None, now=now)
        expired.append(policy.number)
    return expired

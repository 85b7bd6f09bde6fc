"""The insured's own vendor: proposed for a service order where the plan allows it, approved or rejected by
the insurer; the order is paid to that vendor only with an approved proposal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, InvalidState, NotFound
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role, sees_everything, visible
from cyberins.accounts.transitions import transition
from cyberins.network import CreditCodeError, validate_credit_code
from cyberins.policies.errors import PoliciesError as E
from cyberins.policies.models import Policy, ServiceOrder, VendorProposal, VendorProposalStatus
from cyberins.products.models import PlanService

INSURER_ROLES = (Role.UNDERWRITER, Role.CLAIMS_HANDLER)


def service_order(user: Any, pk: int) -> ServiceOrder:
    """A service order of a policy the user sees (another organisation's order: 404)."""
    found = (
        ServiceOrder.objects.select_related("policy", "service")
        .filter(pk=pk, policy__in=visible(user, Policy.objects.all()))
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def proposals(user: Any, order: ServiceOrder) -> QuerySet[VendorProposal]:
    return visible(user, VendorProposal.objects.filter(service_order=order))


def proposal(user: Any, pk: int) -> VendorProposal:
    found = (
        visible(user, VendorProposal.objects.select_related("service_order__policy")).filter(pk=pk).first()
    )
    if found is None:
        raise NotFound()
    return found


def own_vendor_allowed(order: ServiceOrder) -> bool:
    return PlanService.objects.filter(
        plan_id=order.policy.plan_id, service_id=order.service_id, own_vendor_allowed=True
    ).exists()


def order_payable_to_own_vendor(order: ServiceOrder) -> bool:
    return order.vendor_proposals.filter(status=VendorProposalStatus.APPROVED).exists()


def _of(actor: User, organisation_id: int) -> bool:
    return sees_everything(actor) or actor.organisation_id == organisation_id


@audited
def do_propose_vendor(
    *, actor: User, order: ServiceOrder, vendor_name: str, credit_code: str, now: datetime | None = None
) -> VendorProposal:
    """The insured's applicant names its own vendor for ``order``."""
    if not _of(actor, order.policy.insured_id):
        raise NotFound()
    require_role(actor, Role.APPLICANT)
    if not own_vendor_allowed(order):
        raise InvalidState(E.OWN_VENDOR_NOT_ALLOWED, E.OWN_VENDOR_NOT_ALLOWED.meaning)
    name = " ".join(vendor_name.split())
    if not name:
        raise DomainError(E.VENDOR_NAME_REQUIRED, E.VENDOR_NAME_REQUIRED.meaning, field="vendor_name")
    try:
        code = validate_credit_code(credit_code)
    except CreditCodeError as exc:
        raise DomainError(E.INVALID_CREDIT_CODE, E.INVALID_CREDIT_CODE.meaning, field="credit_code") from exc
    moment = timezone.now() if now is None else now
    if order.vendor_proposals.filter(status=VendorProposalStatus.PROPOSED).exists():
        raise InvalidState(E.PROPOSAL_OPEN, E.PROPOSAL_OPEN.meaning)
    try:
        with transaction.atomic():  # a savepoint: the constraint settles two concurrent proposals
            made = VendorProposal.objects.create(
                service_order=order,
                vendor_name=name,
                credit_code=code,
                proposed_by=actor,
                proposed_at=moment,
            )
    except IntegrityError as exc:
        raise InvalidState(E.PROPOSAL_OPEN, E.PROPOSAL_OPEN.meaning) from exc
    record_change(
        actor=actor,
        obj=made,
        action="vendor_proposal.propose",
        before={},
        after={"service_order": order.pk, "vendor_name": name, "credit_code": code},
        now=moment,
    )
    return made


@audited
def do_decide_vendor(
    *, actor: User, proposal: VendorProposal, approve: bool, reason: str = "", now: datetime | None = None
) -> VendorProposal:
    """The insurer's underwriter or claims handler approves or rejects the insured's own vendor."""
    if not _of(actor, proposal.service_order.policy.insurer_id):
        raise NotFound()
    require_role(actor, *INSURER_ROLES)
    why = reason.strip()
    if not approve and not why:
        raise DomainError(E.DECISION_REASON_REQUIRED, E.DECISION_REASON_REQUIRED.meaning, field="reason")
    transition(
        proposal,
        VendorProposalStatus.APPROVED if approve else VendorProposalStatus.REJECTED,
        actor=actor,
        now=now,
        reason=why,
        changes={"decided_by": actor, "reason": why},
    )
    return proposal


__all__ = [
    "do_decide_vendor",
    "do_propose_vendor",
    "order_payable_to_own_vendor",
    "own_vendor_allowed",
    "proposal",
    "proposals",
    "service_order",
]

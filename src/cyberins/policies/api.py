"""API: bind a quote, pay, service the policy, download the schedule."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Status

from cyberins.accounts.requests import actor
from cyberins.accounts.schemas import ErrorOut
from cyberins.healthchecks.models import HealthCheck
from cyberins.healthchecks.schemas import HealthCheckOut
from cyberins.policies import payments, queries, servicing, vendors
from cyberins.policies.dispatch import do_run_engagement_check
from cyberins.policies.models import Endorsement, Instalment, Payment, Policy, VendorProposal
from cyberins.policies.schemas import (
    BindIn,
    CancelIn,
    EndorsementOut,
    InstalmentOut,
    PaymentDecisionIn,
    PaymentDeclarationIn,
    PaymentIn,
    PaymentOut,
    PolicyOut,
    SumInsuredIn,
    SystemsIn,
    VendorDecisionIn,
    VendorProposalIn,
    VendorProposalOut,
)
from cyberins.policies.services import do_bind_quote, do_record_payment
from cyberins.providers import queries as providers
from cyberins.underwriting import queries as underwriting
from cyberins.underwriting.models import Application
from cyberins.underwriting.schemas import ApplicationOut

router = Router(tags=["policies"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.post("/quotes/{quote_id}/bind", response={201: PolicyOut, **ERRORS})
def bind(request: HttpRequest, quote_id: int, payload: BindIn) -> Status[Policy]:
    quote = underwriting.quote(actor(request), quote_id)
    policy = do_bind_quote(
        actor=actor(request),
        quote=quote,
        plan_code=payload.plan,
        first_day=payload.first_day,
        instalments=payload.instalments,
    )
    return Status(201, policy)


@router.get("/policies", response=list[PolicyOut])
def list_policies(request: HttpRequest) -> list[Policy]:
    return list(queries.policies(actor(request)))


@router.get("/policies/{policy_id}", response={200: PolicyOut, **ERRORS})
def get_policy(request: HttpRequest, policy_id: int) -> Policy:
    return queries.policy(actor(request), policy_id)


@router.post("/policies/{policy_id}/instalments/{sequence}/pay", response={200: InstalmentOut, **ERRORS})
def pay(request: HttpRequest, policy_id: int, sequence: int, payload: PaymentIn) -> Instalment:
    """The insurer records a premium it received directly (the insured declares its payments instead)."""
    instalment = queries.instalment(actor(request), policy_id, sequence)
    return do_record_payment(actor=actor(request), instalment=instalment, reference=payload.reference)


@router.post("/policies/{policy_id}/instalments/{sequence}/payments", response={201: PaymentOut, **ERRORS})
def declare_payment(
    request: HttpRequest, policy_id: int, sequence: int, payload: PaymentDeclarationIn
) -> Status[Payment]:
    """The insured declares a payment of an instalment; it counts once the insurer confirms it."""
    instalment = queries.instalment(actor(request), policy_id, sequence)
    made = payments.do_declare_payment(
        actor=actor(request),
        instalment=instalment,
        amount=payload.amount,
        reference=payload.reference,
        paid_on=payload.paid_on,
    )
    return Status(201, made)


@router.get("/policies/{policy_id}/payments", response={200: list[PaymentOut], **ERRORS})
def list_payments(request: HttpRequest, policy_id: int) -> list[Payment]:
    policy = queries.policy(actor(request), policy_id)
    return list(payments.payments(actor(request)).filter(instalment__policy=policy))


@router.post("/payments/{payment_id}/decision", response={200: PaymentOut, **ERRORS})
def decide_payment(request: HttpRequest, payment_id: int, payload: PaymentDecisionIn) -> Payment:
    """The insurer's underwriter or claims handler confirms a declared payment or rejects it with a
    reason; instalments are confirmed in order."""
    payment = payments.payment(actor(request), payment_id)
    return payments.do_decide_payment(
        actor=actor(request), payment=payment, confirm=payload.confirm, reason=payload.reason
    )


@router.post("/policies/{policy_id}/endorsements/sum-insured", response={201: EndorsementOut, **ERRORS})
def endorse_sum_insured(request: HttpRequest, policy_id: int, payload: SumInsuredIn) -> Status[Endorsement]:
    policy = queries.policy(actor(request), policy_id)
    return Status(
        201,
        servicing.do_endorse_sum_insured(
            actor=actor(request),
            policy=policy,
            sum_insured=payload.sum_insured,
            effective_on=payload.effective_on,
        ),
    )


@router.post("/policies/{policy_id}/endorsements/systems", response={201: EndorsementOut, **ERRORS})
def endorse_systems(request: HttpRequest, policy_id: int, payload: SystemsIn) -> Status[Endorsement]:
    policy = queries.policy(actor(request), policy_id)
    return Status(
        201,
        servicing.do_endorse_systems(
            actor=actor(request),
            policy=policy,
            systems=payload.systems,
            effective_on=payload.effective_on,
        ),
    )


@router.post("/policies/{policy_id}/cancel", response={201: EndorsementOut, **ERRORS})
def cancel(request: HttpRequest, policy_id: int, payload: CancelIn) -> Status[Endorsement]:
    policy = queries.policy(actor(request), policy_id)
    return Status(
        201,
        servicing.do_cancel_policy(
            actor=actor(request),
            policy=policy,
            effective_on=payload.effective_on,
            reason=payload.reason,
        ),
    )


@router.post("/policies/{policy_id}/renew", response={201: ApplicationOut, **ERRORS})
def renew(request: HttpRequest, policy_id: int) -> Status[Application]:
    policy = queries.policy(actor(request), policy_id)
    return Status(201, servicing.do_renew_policy(actor=actor(request), policy=policy))


@router.get("/policies/{policy_id}/schedule.pdf", response={200: None, **ERRORS})
def schedule_pdf(request: HttpRequest, policy_id: int) -> HttpResponse:
    from cyberins.policies.documents import schedule_pdf_response

    return schedule_pdf_response(queries.policy(actor(request), policy_id))


@router.post("/engagements/{engagement_id}/health-check", response={201: HealthCheckOut, **ERRORS})
def run_engagement_check(request: HttpRequest, engagement_id: int) -> Status[HealthCheck]:
    """The provider's engineer runs the platform's health check for a fixed inspection or scan engagement
    (on the insured's authorised assets); the service order keeps the check."""
    engagement = providers.engagement(actor(request), engagement_id)
    check = do_run_engagement_check(actor=actor(request), engagement=engagement, now=timezone.now())
    return Status(201, check)


@router.post("/service-orders/{order_id}/vendor-proposals", response={201: VendorProposalOut, **ERRORS})
def propose_vendor(request: HttpRequest, order_id: int, payload: VendorProposalIn) -> Status[VendorProposal]:
    """The insured names its own vendor for a service order, where the plan allows it."""
    order = vendors.service_order(actor(request), order_id)
    made = vendors.do_propose_vendor(
        actor=actor(request), order=order, vendor_name=payload.vendor_name, credit_code=payload.credit_code
    )
    return Status(201, made)


@router.get("/service-orders/{order_id}/vendor-proposals", response={200: list[VendorProposalOut], **ERRORS})
def list_vendor_proposals(request: HttpRequest, order_id: int) -> list[VendorProposal]:
    order = vendors.service_order(actor(request), order_id)
    return list(vendors.proposals(actor(request), order))


@router.post("/vendor-proposals/{proposal_id}/decision", response={200: VendorProposalOut, **ERRORS})
def decide_vendor(request: HttpRequest, proposal_id: int, payload: VendorDecisionIn) -> VendorProposal:
    """The insurer's underwriter or claims handler approves the insured's own vendor, or rejects it with a
    reason; the order is payable to the vendor only once approved."""
    proposal = vendors.proposal(actor(request), proposal_id)
    return vendors.do_decide_vendor(
        actor=actor(request), proposal=proposal, approve=payload.approve, reason=payload.reason
    )

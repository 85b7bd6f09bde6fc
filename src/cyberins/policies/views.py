"""Pages for 保单: bind a quote, the policy with its payments, documents, services and endorsements."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cyberins.accounts.errors import DomainError, Forbidden
from cyberins.accounts.requests import actor
from cyberins.accounts.roles import Role
from cyberins.policies import payments, queries, servicing_views, vendors
from cyberins.policies.dispatch import do_run_engagement_check
from cyberins.policies.documents import schedule_pdf_response
from cyberins.policies.models import (
    InstalmentStatus,
    Payment,
    PaymentStatus,
    Policy,
    PolicyStatus,
    VendorProposalStatus,
)
from cyberins.policies.services import do_bind_quote, do_record_payment
from cyberins.providers import queries as providers_queries
from cyberins.terms import local_date
from cyberins.underwriting import queries as underwriting


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise DomainError(
            "policies.invalid_date", _("Enter a date as YYYY-MM-DD."), field="first_day"
        ) from exc


def _count(value: str) -> int:
    if not value.isdigit():
        raise DomainError(
            "policies.invalid_instalments", _("Choose the number of instalments."), field="instalments"
        )
    return int(value)


@login_required
@require_POST
def bind(request: HttpRequest, quote_id: int) -> HttpResponse:
    quote = underwriting.quote(actor(request), quote_id)
    try:
        policy = do_bind_quote(
            actor=actor(request),
            quote=quote,
            plan_code=request.POST.get("plan", ""),
            first_day=_day(request.POST.get("first_day", "")),
            instalments=_count(request.POST.get("instalments", "1")),
        )
    except Forbidden:
        raise  # a refused action is the 403 page with its reason, not a redirect
    except DomainError as exc:
        messages.error(request, exc.render_message())
        return redirect("underwriting:detail", application_id=quote.application_id)
    messages.success(
        request,
        _("Policy %(number)s is issued. Pay the premium to put it in force.") % {"number": policy.number},
    )
    return redirect("policies:detail", policy_id=policy.pk)


@login_required
def policy_list(request: HttpRequest) -> HttpResponse:
    return render(request, "policies/list.html", {"policies": queries.policies(actor(request))})


def _instalment_rows(policy: Policy) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for instalment in policy.instalments.prefetch_related("payments"):
        made: list[Payment] = list(instalment.payments.all())
        waiting = any(p.status == PaymentStatus.DECLARED for p in made)
        payable = instalment.status == InstalmentStatus.DUE and not waiting
        rows.append({"instalment": instalment, "payments": made, "payable": payable})
    return rows


@login_required
def detail(request: HttpRequest, policy_id: int) -> HttpResponse:
    user = actor(request)
    policy = queries.policy(user, policy_id)
    orders = []
    for order in policy.service_orders.select_related("service"):
        shown = list(vendors.proposals(user, order))
        can_propose = (
            user.organisation_id == policy.insured_id
            and user.has_role(Role.APPLICANT)
            and vendors.own_vendor_allowed(order)
            and not any(p.status == VendorProposalStatus.PROPOSED for p in shown)
        )
        can_decide = user.organisation_id == policy.insurer_id and user.has_role(*vendors.INSURER_ROLES)
        orders.append(
            {"order": order, "proposals": shown, "can_propose": can_propose, "can_decide": can_decide}
        )
    now = timezone.now()
    instalments = _instalment_rows(policy)
    may_declare = payments.may_declare(user, policy) and policy.status == PolicyStatus.ISSUED
    # The form is offered on the next instalment only: instalments are paid in order.
    next_due = next((row["instalment"].sequence for row in instalments if row["payable"]), None)
    context = {
        "policy": policy,
        "orders": orders,
        "instalments": instalments,
        "standing": payments.standing_of(policy, now),
        "state": payments.policy_state(policy, now),
        "today": local_date(now),
        "declare_on": next_due if may_declare else None,
        "may_confirm": payments.may_confirm(user, policy),
        "may_endorse": servicing_views.may_endorse(user, policy),
        "may_renew": servicing_views.may_renew(user, policy),
    }
    return render(request, "policies/detail.html", context)


@login_required
@require_POST
def propose_vendor(request: HttpRequest, order_id: int) -> HttpResponse:
    order = vendors.service_order(actor(request), order_id)
    try:
        vendors.do_propose_vendor(
            actor=actor(request),
            order=order,
            vendor_name=request.POST.get("vendor_name", ""),
            credit_code=request.POST.get("credit_code", ""),
        )
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, exc.render_message())
    else:
        messages.success(request, _("Your vendor was proposed to the insurer."))
    return redirect("policies:detail", policy_id=order.policy_id)


@login_required
@require_POST
def decide_vendor(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = vendors.proposal(actor(request), proposal_id)
    try:
        vendors.do_decide_vendor(
            actor=actor(request),
            proposal=proposal,
            approve=request.POST.get("decision") == "approve",
            reason=request.POST.get("reason", ""),
        )
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, exc.render_message())
    else:
        messages.success(request, _("The vendor proposal was decided."))
    return redirect("policies:detail", policy_id=proposal.service_order.policy_id)


@login_required
@require_POST
def pay(request: HttpRequest, policy_id: int, sequence: int) -> HttpResponse:
    instalment = queries.instalment(actor(request), policy_id, sequence)
    try:
        do_record_payment(
            actor=actor(request), instalment=instalment, reference=request.POST.get("reference", "")
        )
    except Forbidden:
        raise  # a refused action is the 403 page with its reason, not a redirect
    except DomainError as exc:
        messages.error(request, exc.render_message())
    else:
        messages.success(request, _("The payment was recorded."))
    return redirect("policies:detail", policy_id=policy_id)


@login_required
def schedule_pdf(request: HttpRequest, policy_id: int) -> HttpResponse:
    return schedule_pdf_response(queries.policy(actor(request), policy_id))


@login_required
@require_POST
def run_engagement_check(request: HttpRequest, engagement_id: int) -> HttpResponse:
    """The engineer's "run the health check" button on the engagement page (providers:engagement)."""
    engagement = providers_queries.engagement(actor(request), engagement_id)
    try:
        check = do_run_engagement_check(actor=actor(request), engagement=engagement, now=timezone.now())
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, exc.render_message())
    else:
        messages.success(request, _("Health check %(number)s started.") % {"number": check.number})
    return redirect("providers:engagement", engagement_id=engagement_id)

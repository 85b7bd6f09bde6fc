"""Pages for premium payments: the insured declares, the insurer confirms or rejects, the receipt."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cyberins.accounts.errors import DomainError, Forbidden
from cyberins.accounts.requests import actor
from cyberins.documents.receipt import PremiumReceipt, render_premium_receipt
from cyberins.policies import payments, queries
from cyberins.policies.errors import PoliciesError as E
from cyberins.policies.models import PaymentStatus
from cyberins.terms import SHANGHAI, chinese_uppercase


def _paid_on(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise DomainError(E.INVALID_DATE, E.INVALID_DATE.meaning, field="paid_on") from exc


@login_required
@require_POST
def declare(request: HttpRequest, policy_id: int, sequence: int) -> HttpResponse:
    user = actor(request)
    instalment = queries.instalment(user, policy_id, sequence)
    try:
        payments.do_declare_payment(
            actor=user,
            instalment=instalment,
            amount=request.POST.get("amount", ""),
            reference=request.POST.get("reference", ""),
            paid_on=_paid_on(request.POST.get("paid_on", "")),
        )
    except Forbidden:
        raise  # a refused action is the 403 page with its reason, not a redirect
    except DomainError as exc:
        messages.error(request, exc.render_message())
    else:
        messages.success(request, _("Your payment was recorded; the insurer will confirm it."))
    return redirect("policies:detail", policy_id=policy_id)


@login_required
@require_POST
def decide(request: HttpRequest, payment_id: int) -> HttpResponse:
    user = actor(request)
    payment = payments.payment(user, payment_id)
    confirm = request.POST.get("decision") == "confirm"
    try:
        payments.do_decide_payment(
            actor=user, payment=payment, confirm=confirm, reason=request.POST.get("reason", "")
        )
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, exc.render_message())
    else:
        messages.success(
            request, _("The payment was confirmed.") if confirm else _("The payment was rejected.")
        )
    return redirect("policies:detail", policy_id=payment.instalment.policy_id)


@login_required
def receipt(request: HttpRequest, payment_id: int) -> HttpResponse:
    payment = payments.payment(actor(request), payment_id)
    if payment.status != PaymentStatus.CONFIRMED:
        raise Http404
    return render(request, "policies/receipt.html", {"payment": payment, "policy": payment.instalment.policy})


@login_required
def receipt_pdf(request: HttpRequest, payment_id: int) -> HttpResponse:
    payment = payments.payment(actor(request), payment_id)
    if payment.status != PaymentStatus.CONFIRMED or payment.decided_at is None:
        raise Http404
    policy = payment.instalment.policy
    document = PremiumReceipt(
        receipt_number=payment.receipt_number,
        insurer=policy.insurer.name,
        policy_number=policy.number,
        insured=policy.insured_name,
        instalment=payment.instalment.sequence,
        instalments=policy.instalments.count(),
        amount=payment.amount,
        amount_in_words=chinese_uppercase(payment.amount),
        paid_on=payment.paid_on,
        reference=payment.reference,
        confirmed_by=str(payment.decided_by),
        confirmed_at=timezone.localtime(payment.decided_at, SHANGHAI),
    )
    response = HttpResponse(render_premium_receipt(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{payment.receipt_number}.pdf"'
    return response

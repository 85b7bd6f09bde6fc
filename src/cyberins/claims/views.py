"""Pages for 定损 and 理赔: the claims handler's queue with clocks, the claim page (lines, explanation,
documents, reserves, approvals, payments) with only the actions the user's role may take, the insured's
view of the same page (documents requested, upload, explanation), and the provider's direct payments."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cyberins.accounts.errors import DomainError, Forbidden, NotFound
from cyberins.accounts.requests import actor
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role, visible
from cyberins.claims import letters, queries, services
from cyberins.claims.models import Claim, Payment
from cyberins.claims.rules import REDUCTION_REASONS, document_label
from cyberins.incidents.models import Incident


@login_required
def claim_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    now = timezone.now()
    rows = [(c, services.totals(c), services.claim_clocks(c, now)) for c in queries.claims(user)]
    openable = []
    if user.has_role(Role.APPLICANT, Role.CLAIMS_HANDLER):
        openable = list(
            visible(user, Incident.objects.filter(claim__isnull=True, not_security_incident=False)).order_by(
                "-pk"
            )[:50]
        )
    payments = visible(user, Payment.objects.filter(payee="provider").select_related("claim", "payee_org"))
    context: dict[str, Any] = {
        "rows": rows,
        "openable": openable,
        "direct_payments": payments if user.has_role(Role.PROVIDER_MANAGER, Role.PROVIDER_ENGINEER) else [],
    }
    return render(request, "claims/list.html", context)


@login_required
@require_POST
def open_claim(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    raw = request.POST.get("incident", "")
    incident = visible(user, Incident.objects.all()).filter(pk=int(raw) if raw.isdigit() else 0).first()
    if incident is None:
        raise NotFound()
    try:
        claim = services.do_open_claim(
            actor=user, incident=incident, description=request.POST.get("description", ""), now=timezone.now()
        )
    except (Forbidden, NotFound):
        raise
    except DomainError as exc:
        messages.error(request, exc.render_message())
        return redirect("claims:list")
    return redirect("claims:detail", claim_id=claim.pk)


def _allowed(user: Any, claim: Claim) -> dict[str, bool]:
    """The actions this user may take on this claim now (the page shows only these)."""
    handler = user.has_role(Role.CLAIMS_HANDLER)
    insured = user.has_role(Role.APPLICANT) and user.organisation_id == claim.insured_id
    status = claim.status
    working = status in ("open", "documents_requested", "under_assessment")
    return {
        "add_line": (handler or insured) and working,
        "upload": (handler or insured) and working,
        "authorise": insured and status not in ("closed", "denied", "withdrawn"),
        "withdraw": (handler or insured)
        and status in ("open", "documents_requested", "under_assessment", "assessed"),
        "request_documents": handler and status in ("open", "under_assessment", "documents_requested"),
        "complete_documents": handler and status in ("open", "documents_requested"),
        "assess_lines": handler and status == "under_assessment",
        "assess": handler and status == "under_assessment",
        "approve": handler and status == "assessed" and claim.assessed_by_id != user.pk,
        "deny": handler and status in ("open", "documents_requested", "under_assessment", "assessed"),
        "pay": handler and status == "approved",
        "close": handler and status == "paid",
        "reopen": handler and status in ("closed", "denied", "withdrawn"),
        "recover": handler and status in ("approved", "paid", "closed"),
        "letter": (handler or insured) and status in letters.LETTER_STATES,
        "report": handler and status in letters.REPORT_STATES,
    }


@login_required
def document_pdf(request: HttpRequest, claim_id: int, kind: str) -> HttpResponse:
    """The settlement letter or the loss-adjustment report (``?lang=en`` for English)."""
    user = actor(request)
    claim = queries.claim(user, claim_id)
    require_role(user, *(letters.LETTER_ROLES if kind == "letter" else letters.REPORT_ROLES))
    language = letters.language_of(request.GET.get("lang"))
    make = letters.letter_pdf if kind == "letter" else letters.report_pdf
    try:
        body = make(claim, language)
    except DomainError as exc:
        messages.error(request, exc.render_message())
        return redirect("claims:detail", claim_id=claim.pk)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{claim.number}-{kind}-{language}.pdf"'
    return response


@login_required
def detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    user = actor(request)
    claim = queries.claim(user, claim_id)
    now = timezone.now()
    context = {
        "c": claim,
        "totals": services.totals(claim),
        "clocks": services.claim_clocks(claim, now),
        "lines": claim.lines.all(),
        "documents": [(d, document_label(d.code)) for d in claim.documents.select_related("notice")],
        "notices": [(n, [document_label(code) for code in n.codes]) for n in claim.notices.all()],
        "reserves": services.reserves(claim),
        "movements": claim.reserve_movements.select_related("actor"),
        "approvals": claim.approvals.select_related("approver"),
        "payments": claim.payments.select_related("payee_org"),
        "recoveries": claim.recoveries.all(),
        "explanation": claim.assessment.get("lines", []),
        "reductions": [(code.value, label) for code, label in REDUCTION_REASONS.items()],
        "coverages": claim.policy.coverages.values_list("coverage", flat=True),
        "can": _allowed(user, claim),
        "payment_key": uuid.uuid4().hex,
        "authority": services.authority_of(user) if user.has_role(Role.CLAIMS_HANDLER) else None,
    }
    return render(request, "claims/detail.html", context)


def _do(user: Any, claim: Claim, post: Any, files: Any) -> None:
    now = timezone.now()
    match post.get("action"):
        case "add_line":
            services.do_add_line(
                actor=user,
                claim=claim,
                coverage=post.get("coverage", ""),
                claimed=post.get("claimed") or None,
                hourly_income=post.get("hourly_income") or None,
                description=post.get("description", ""),
                now=now,
            )
        case "upload":
            services.do_receive_document(
                actor=user, claim=claim, code=post.get("code", ""), file=files.get("file"), now=now
            )
        case "authorise":
            services.do_authorise_direct_payment(
                actor=user, claim=claim, authorised=post.get("authorised") == "on", now=now
            )
        case "withdraw":
            services.do_withdraw(actor=user, claim=claim, reason=post.get("reason", ""), now=now)
        case "request_documents":
            extra = [code for code in post.get("extra", "").split() if code]
            services.do_request_documents(
                actor=user, claim=claim, extra=extra, note=post.get("note", ""), now=now
            )
        case "complete_documents":
            services.do_complete_documents(actor=user, claim=claim, now=now)
        case "assess_line":
            line = claim.lines.filter(pk=int(post.get("line", "0") or 0)).first()
            if line is None:
                raise NotFound()
            services.do_assess_line(
                actor=user,
                line=line,
                assessed=post.get("assessed", ""),
                reductions=post.getlist("reductions"),
                now=now,
            )
        case "assess":
            related = [
                int(v) for v in post.get("related_findings", "").replace(",", " ").split() if v.isdigit()
            ]
            services.do_assess(actor=user, claim=claim, related_findings=related, now=now)
        case "approve":
            services.do_approve(actor=user, claim=claim, note=post.get("note", ""), now=now)
        case "deny":
            services.do_deny(actor=user, claim=claim, reasons=post.get("reasons", ""), now=now)
        case "pay":
            services.do_pay(
                actor=user,
                claim=claim,
                amount_paid=post.get("amount", ""),
                payee=post.get("payee", "insured"),
                idempotency_key=post.get("key", ""),
                reference=post.get("reference", ""),
                now=now,
            )
        case "close":
            services.do_close(actor=user, claim=claim, now=now)
        case "reopen":
            services.do_reopen(actor=user, claim=claim, reason=post.get("reason", ""), now=now)
        case "recover":
            services.do_record_recovery(
                actor=user,
                claim=claim,
                kind=post.get("kind", ""),
                amount_recovered=post.get("amount", ""),
                source=post.get("source", ""),
                now=now,
            )
        case _:
            raise NotFound()


@login_required
@require_POST
def action(request: HttpRequest, claim_id: int) -> HttpResponse:
    user = actor(request)
    claim = queries.claim(user, claim_id)
    name = request.POST.get("action", "")
    can = _allowed(user, claim)
    check = "assess_lines" if name == "assess_line" else name
    if check in can and not can[check]:
        raise Forbidden(message=_("Your role may not take this action on the claim in its present state."))
    try:
        _do(user, claim, request.POST, request.FILES)
    except (Forbidden, NotFound):
        raise
    except DomainError as exc:
        messages.error(request, exc.render_message())
    else:
        messages.success(request, _("Saved."))
    return redirect("claims:detail", claim_id=claim_id)

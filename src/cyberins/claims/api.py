"""API of the claims app: open from an incident, documents, loss lines, assessment, approval, denial,
reserves, payments (``Idempotency-Key``), reversals, recoveries, closing and reopening."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Router, Status
from ninja.files import UploadedFile

from cyberins.accounts.errors import NotFound
from cyberins.accounts.requests import actor
from cyberins.accounts.schemas import ErrorOut
from cyberins.accounts.scoping import require_role
from cyberins.claims import letters, queries, services
from cyberins.claims.models import Claim, Payment
from cyberins.claims.rules import document_label
from cyberins.claims.schemas import (
    AssessIn,
    ClaimAuthorisationIn,
    ClaimDetailOut,
    ClaimOut,
    ClaimPaymentIn,
    ClaimPaymentOut,
    DenyIn,
    DocumentRequestIn,
    LineAssessmentIn,
    LineIn,
    LineOut,
    NoteIn,
    NoticeOut,
    OpenIn,
    ReasonIn,
    RecoveryIn,
    RecoveryOut,
    ReserveIn,
)
from cyberins.claims.triangles import triangle_csv, valuation_date
from cyberins.incidents import queries as incident_queries

router = Router(tags=["claims"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
#: an optional multipart file (the handler may record a document received on paper, without one)
OPTIONAL_FILE = File(None)


def summary(claim: Claim, now: datetime) -> dict[str, Any]:
    return {
        "id": claim.pk,
        "number": claim.number,
        "policy": claim.policy.number,
        "incident": claim.incident_id,
        "incident_number": claim.incident.number,
        "incident_at": claim.incident.occurred_at,
        "status": claim.status,
        "insured": claim.insured.name,
        "insurer": claim.insurer.name,
        "provider": claim.provider.name if claim.provider else None,
        "opened_at": claim.opened_at,
        "direct_payment_authorised": claim.direct_payment_authorised,
        "penalty_applied": claim.penalty_applied,
        **services.totals(claim),
        "denial_reasons": claim.denial_reasons,
        "denial_notice_at": claim.denial_notice_at,
        "breaches": claim.breaches,
        "clocks": [asdict(c) for c in services.claim_clocks(claim, now)],
    }


def payment_out(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.pk,
        "claim": payment.claim.number,
        "payee": payment.payee,
        "paid_to": payment.payee_org.name,
        "amount": payment.amount,
        "status": payment.status,
        "paid_at": payment.paid_at,
        "reference": payment.reference,
        "reversed_at": payment.reversed_at,
        "reversal_reason": payment.reversal_reason,
    }


def detail(claim: Claim, now: datetime) -> dict[str, Any]:
    return {
        **summary(claim, now),
        "lines": list(claim.lines.all()),
        "documents": [
            {
                "code": d.code,
                "label": str(document_label(d.code)),
                "coverage": d.coverage,
                "status": d.status,
                "notice": d.notice.sequence,
                "received_at": d.received_at,
            }
            for d in claim.documents.select_related("notice")
        ],
        "notices": list(claim.notices.all()),
        "explanation": claim.assessment,
        "reserves": list(claim.reserve_movements.all()),
        "approvals": [
            {
                "approver": str(a.approver),
                "amount": a.amount,
                "authority_limit": a.authority_limit,
                "at": a.at,
                "note": a.note,
            }
            for a in claim.approvals.select_related("approver")
        ],
        "payments": [payment_out(p) for p in claim.payments.select_related("claim", "payee_org")],
        "recoveries": list(claim.recoveries.all()),
    }


def _fresh(request: HttpRequest, claim_id: int) -> dict[str, Any]:
    return detail(queries.claim(actor(request), claim_id), timezone.now())


@router.get("/claims", response=list[ClaimOut])
def list_claims(request: HttpRequest, status: str = "") -> list[dict[str, Any]]:
    found = queries.claims(actor(request))
    if status:
        found = found.filter(status=status)
    now = timezone.now()
    return [summary(c, now) for c in found]


@router.post("/claims", response={201: ClaimDetailOut, **ERRORS})
def open_claim(request: HttpRequest, payload: OpenIn) -> Status[dict[str, Any]]:
    user = actor(request)
    incident = incident_queries.incident(user, payload.incident)
    claim = services.do_open_claim(
        actor=user, incident=incident, description=payload.description, now=timezone.now()
    )
    return Status(201, _fresh(request, claim.pk))


@router.get("/claims/triangles.csv", response={200: None, **ERRORS})
def loss_triangles(
    request: HttpRequest, basis: str = "paid", period: str = "year", date: str = ""
) -> HttpResponse:
    """Cumulative paid or incurred by accident period x development period of the insurer's own claims."""
    body = triangle_csv(actor(request), basis=basis, period=period, valuation_date=valuation_date(date))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="triangle-{basis}-{period}.csv"'
    return response


def _pdf(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/claims/{claim_id}/letter.pdf", response={200: None, **ERRORS})
def settlement_letter(request: HttpRequest, claim_id: int, lang: str = "zh") -> HttpResponse:
    """The settlement letter (赔款通知书), for the insured and the insurer, once the claim is approved."""
    claim = queries.claim(actor(request), claim_id)
    require_role(actor(request), *letters.LETTER_ROLES)
    language = letters.language_of(lang)
    return _pdf(letters.letter_pdf(claim, language), f"{claim.number}-letter-{language}.pdf")


@router.get("/claims/{claim_id}/adjustment-report.pdf", response={200: None, **ERRORS})
def adjustment_report(request: HttpRequest, claim_id: int, lang: str = "zh") -> HttpResponse:
    """The loss-adjustment report (公估报告), for the insurer, once the claim is assessed."""
    claim = queries.claim(actor(request), claim_id)
    require_role(actor(request), *letters.REPORT_ROLES)
    language = letters.language_of(lang)
    return _pdf(letters.report_pdf(claim, language), f"{claim.number}-report-{language}.pdf")


@router.get("/claims/{claim_id}", response={200: ClaimDetailOut, **ERRORS})
def get_claim(request: HttpRequest, claim_id: int) -> dict[str, Any]:
    return _fresh(request, claim_id)


@router.post("/claims/{claim_id}/lines", response={201: LineOut, **ERRORS})
def add_line(request: HttpRequest, claim_id: int, payload: LineIn) -> Status[Any]:
    claim = queries.claim(actor(request), claim_id)
    line = services.do_add_line(actor=actor(request), claim=claim, **payload.dict(), now=timezone.now())
    return Status(201, line)


@router.post("/claims/{claim_id}/lines/{line_id}/assessment", response={200: LineOut, **ERRORS})
def assess_line(request: HttpRequest, claim_id: int, line_id: int, payload: LineAssessmentIn) -> Any:
    claim = queries.claim(actor(request), claim_id)
    line = claim.lines.filter(pk=line_id).first()
    if line is None:
        raise NotFound()
    return services.do_assess_line(actor=actor(request), line=line, **payload.dict(), now=timezone.now())


@router.post("/claims/{claim_id}/document-requests", response={201: NoticeOut, **ERRORS})
def request_documents(request: HttpRequest, claim_id: int, payload: DocumentRequestIn) -> Status[Any]:
    claim = queries.claim(actor(request), claim_id)
    notice = services.do_request_documents(
        actor=actor(request), claim=claim, **payload.dict(), now=timezone.now()
    )
    return Status(201, notice)


@router.post("/claims/{claim_id}/documents/{code}", response={200: ClaimDetailOut, **ERRORS})
def receive_document(
    request: HttpRequest, claim_id: int, code: str, file: UploadedFile | None = OPTIONAL_FILE
) -> dict[str, Any]:
    claim = queries.claim(actor(request), claim_id)
    services.do_receive_document(actor=actor(request), claim=claim, code=code, file=file, now=timezone.now())
    return _fresh(request, claim_id)


@router.post("/claims/{claim_id}/documents-complete", response={200: ClaimDetailOut, **ERRORS})
def complete_documents(request: HttpRequest, claim_id: int) -> dict[str, Any]:
    claim = queries.claim(actor(request), claim_id)
    services.do_complete_documents(actor=actor(request), claim=claim, now=timezone.now())
    return _fresh(request, claim_id)


@router.post("/claims/{claim_id}/direct-payment", response={200: ClaimDetailOut, **ERRORS})
def authorise_direct_payment(
    request: HttpRequest, claim_id: int, payload: ClaimAuthorisationIn
) -> dict[str, Any]:
    claim = queries.claim(actor(request), claim_id)
    services.do_authorise_direct_payment(
        actor=actor(request), claim=claim, authorised=payload.authorised, now=timezone.now()
    )
    return _fresh(request, claim_id)


@router.post("/claims/{claim_id}/assess", response={200: ClaimDetailOut, **ERRORS})
def assess(request: HttpRequest, claim_id: int, payload: AssessIn) -> dict[str, Any]:
    claim = queries.claim(actor(request), claim_id)
    services.do_assess(
        actor=actor(request), claim=claim, related_findings=payload.related_findings, now=timezone.now()
    )
    return _fresh(request, claim_id)


@router.post("/claims/{claim_id}/approve", response={200: ClaimDetailOut, **ERRORS})
def approve(request: HttpRequest, claim_id: int, payload: NoteIn) -> dict[str, Any]:
    claim = queries.claim(actor(request), claim_id)
    services.do_approve(actor=actor(request), claim=claim, note=payload.note, now=timezone.now())
    return _fresh(request, claim_id)


@router.post("/claims/{claim_id}/deny", response={200: ClaimDetailOut, **ERRORS})
def deny(request: HttpRequest, claim_id: int, payload: DenyIn) -> dict[str, Any]:
    claim = queries.claim(actor(request), claim_id)
    services.do_deny(
        actor=actor(request), claim=claim, reasons=payload.reasons, notify=payload.notify, now=timezone.now()
    )
    return _fresh(request, claim_id)


@router.post("/claims/{claim_id}/denial-notice", response={200: ClaimDetailOut, **ERRORS})
def denial_notice(request: HttpRequest, claim_id: int) -> dict[str, Any]:
    claim = queries.claim(actor(request), claim_id)
    services.do_send_denial_notice(actor=actor(request), claim=claim, now=timezone.now())
    return _fresh(request, claim_id)


@router.post("/claims/{claim_id}/withdraw", response={200: ClaimDetailOut, **ERRORS})
def withdraw(request: HttpRequest, claim_id: int, payload: ReasonIn) -> dict[str, Any]:
    claim = queries.claim(actor(request), claim_id)
    services.do_withdraw(actor=actor(request), claim=claim, reason=payload.reason, now=timezone.now())
    return _fresh(request, claim_id)


@router.post("/claims/{claim_id}/reopen", response={200: ClaimDetailOut, **ERRORS})
def reopen(request: HttpRequest, claim_id: int, payload: ReasonIn) -> dict[str, Any]:
    claim = queries.claim(actor(request), claim_id)
    services.do_reopen(actor=actor(request), claim=claim, reason=payload.reason, now=timezone.now())
    return _fresh(request, claim_id)


@router.post("/claims/{claim_id}/close", response={200: ClaimDetailOut, **ERRORS})
def close(request: HttpRequest, claim_id: int, payload: NoteIn) -> dict[str, Any]:
    claim = queries.claim(actor(request), claim_id)
    services.do_close(actor=actor(request), claim=claim, note=payload.note, now=timezone.now())
    return _fresh(request, claim_id)


@router.post("/claims/{claim_id}/reserves", response={200: ClaimDetailOut, **ERRORS})
def revise_reserve(request: HttpRequest, claim_id: int, payload: ReserveIn) -> dict[str, Any]:
    claim = queries.claim(actor(request), claim_id)
    services.do_revise_reserve(actor=actor(request), claim=claim, **payload.dict(), now=timezone.now())
    return _fresh(request, claim_id)


@router.post("/claims/{claim_id}/payments", response={200: ClaimPaymentOut, 201: ClaimPaymentOut, **ERRORS})
def pay(request: HttpRequest, claim_id: int, payload: ClaimPaymentIn) -> Status[dict[str, Any]]:
    """Pay once per ``Idempotency-Key`` header: a repeat answers 200 with the same payment."""
    claim = queries.claim(actor(request), claim_id)
    payment, created = services.do_pay(
        actor=actor(request),
        claim=claim,
        amount_paid=payload.amount,
        payee=payload.payee,
        reference=payload.reference,
        idempotency_key=request.headers.get("Idempotency-Key", ""),
        now=timezone.now(),
    )
    return Status(201 if created else 200, payment_out(payment))


@router.post("/claims/{claim_id}/payments/{payment_id}/reverse", response={200: ClaimPaymentOut, **ERRORS})
def reverse_payment(
    request: HttpRequest, claim_id: int, payment_id: int, payload: ReasonIn
) -> dict[str, Any]:
    claim = queries.claim(actor(request), claim_id)
    payment = claim.payments.filter(pk=payment_id).first()
    if payment is None:
        raise NotFound()
    reversed_ = services.do_reverse_payment(
        actor=actor(request), payment=payment, reason=payload.reason, now=timezone.now()
    )
    return payment_out(reversed_)


@router.post("/claims/{claim_id}/recoveries", response={201: RecoveryOut, **ERRORS})
def record_recovery(request: HttpRequest, claim_id: int, payload: RecoveryIn) -> Status[Any]:
    claim = queries.claim(actor(request), claim_id)
    recovery = services.do_record_recovery(
        actor=actor(request),
        claim=claim,
        kind=payload.kind,
        amount_recovered=payload.amount,
        source=payload.source,
        now=timezone.now(),
    )
    return Status(201, recovery)

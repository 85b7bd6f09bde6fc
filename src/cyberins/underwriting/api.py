"""API: applications (投保), the underwriter's referral decisions (核保), quotes (报价)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from cyberins.accounts.requests import actor
from cyberins.accounts.schemas import ErrorOut
from cyberins.products import queries as products
from cyberins.underwriting import queries, services
from cyberins.underwriting.documents import quote_pdf_response
from cyberins.underwriting.models import Application, ApplicationStatus, Quote
from cyberins.underwriting.schemas import AnswersIn, ApplicationIn, ApplicationOut, DecisionIn, QuoteOut

router = Router(tags=["underwriting"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.get("/applications", response=list[ApplicationOut])
def list_applications(request: HttpRequest, status: ApplicationStatus | None = None) -> list[Application]:
    found = queries.applications(actor(request))
    return list(found.filter(status=status) if status else found)


@router.post("/applications", response={201: ApplicationOut, **ERRORS})
def create_application(request: HttpRequest, payload: ApplicationIn) -> Status[Application]:
    version = products.published_version(payload.product_version)
    application = services.do_create_application(
        actor=actor(request), version=version, answers=payload.answers, submit=payload.submit
    )
    return Status(201, application)


@router.get("/applications/{application_id}", response={200: ApplicationOut, **ERRORS})
def get_application(request: HttpRequest, application_id: int) -> Application:
    return queries.application(actor(request), application_id)


@router.patch("/applications/{application_id}", response={200: ApplicationOut, **ERRORS})
def save_draft(request: HttpRequest, application_id: int, payload: AnswersIn) -> Application:
    application = queries.application(actor(request), application_id)
    return services.do_save_draft(actor=actor(request), application=application, answers=payload.answers)


@router.post("/applications/{application_id}/submit", response={200: ApplicationOut, **ERRORS})
def submit(request: HttpRequest, application_id: int, payload: AnswersIn) -> Application:
    application = queries.application(actor(request), application_id)
    return services.do_submit_application(
        actor=actor(request), application=application, answers=payload.answers
    )


@router.get("/referrals", response=list[ApplicationOut])
def referrals(request: HttpRequest) -> list[Application]:
    return list(queries.referrals(actor(request)))


@router.post("/applications/{application_id}/decision", response={200: ApplicationOut, **ERRORS})
def decide(request: HttpRequest, application_id: int, payload: DecisionIn) -> Application:
    application = queries.application(actor(request), application_id)
    return services.do_decide_referral(
        actor=actor(request),
        application=application,
        approve=payload.approve,
        adjustment=payload.adjustment,
        note=payload.note,
    )


@router.post("/applications/{application_id}/requote", response={201: QuoteOut, **ERRORS})
def requote(request: HttpRequest, application_id: int) -> Status[Quote]:
    application = queries.application(actor(request), application_id)
    return Status(201, services.do_requote(actor=actor(request), application=application))


@router.get("/quotes/{quote_id}", response={200: QuoteOut, **ERRORS})
def get_quote(request: HttpRequest, quote_id: int) -> Quote:
    return queries.quote(actor(request), quote_id)


@router.get("/quotes/{quote_id}/quote.pdf", response={200: None, **ERRORS})
def get_quote_pdf(request: HttpRequest, quote_id: int) -> HttpResponse:
    user = actor(request)
    return quote_pdf_response(queries.quote(user, quote_id), internal=queries.sees_internal_loads(user))

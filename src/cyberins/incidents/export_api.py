"""API of a case's documents and exports: the summary PDF, the draft 处置总结报告, VERIS and STIX."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router

from cyberins.accounts.requests import actor
from cyberins.accounts.schemas import ErrorOut
from cyberins.incidents import downloads, queries

router = Router(tags=["incidents"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@router.get("/incidents/{int:incident_id}/summary.pdf", response={200: None, **ERRORS})
def incident_summary_pdf(request: HttpRequest, incident_id: int, lang: str = "zh") -> HttpResponse:
    """The insured's incident summary, in Chinese (``lang=zh``) or English (``lang=en``)."""
    incident = queries.incident(actor(request), incident_id)
    return downloads.summary_response(incident, lang, now=timezone.now())


@router.get("/incidents/{int:incident_id}/handling-report.pdf", response={200: None, **ERRORS})
def incident_handling_report_pdf(request: HttpRequest, incident_id: int) -> HttpResponse:
    """The draft 处置总结报告 generated from the case, for the operator to complete and file."""
    incident = queries.incident(actor(request), incident_id)
    return downloads.handling_report_response(incident, now=timezone.now())


@router.get("/incidents/{int:incident_id}/veris.json", response={200: None, **ERRORS})
def incident_veris(request: HttpRequest, incident_id: int) -> HttpResponse:
    """The case as a VERIS 1.3.x record (insurer and platform operator)."""
    user = actor(request)
    return downloads.veris_response(user, queries.incident(user, incident_id), now=timezone.now())


@router.get("/incidents/{int:incident_id}/stix.json", response={200: None, **ERRORS})
def incident_stix(request: HttpRequest, incident_id: int) -> HttpResponse:
    """The case as a STIX 2.1 bundle with the Incident Core Extension (insurer and platform operator)."""
    user = actor(request)
    return downloads.stix_response(user, queries.incident(user, incident_id), now=timezone.now())

"""API: the published catalogue for everyone; release workflow for insurers' actuaries and the platform."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from cyberins.accounts.requests import actor
from cyberins.accounts.schemas import ErrorOut
from cyberins.products import queries, services
from cyberins.products.models import ProductVersion
from cyberins.products.questionnaire import SYSTEM_FIELDS
from cyberins.products.schemas import QuestionnaireOut, TransitionIn, VersionOut

router = Router(tags=["products"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.get("/products", response=list[VersionOut])
def catalogue(request: HttpRequest) -> list[ProductVersion]:
    return list(queries.published_versions())


@router.get("/products/versions/{version_id}", response={200: VersionOut, **ERRORS})
def version_detail(request: HttpRequest, version_id: int) -> ProductVersion:
    return queries.published_version(version_id)


@router.get("/products/versions/{version_id}/questionnaire", response={200: QuestionnaireOut, **ERRORS})
def questionnaire(request: HttpRequest, version_id: int) -> dict[str, object]:
    version = queries.published_version(version_id)
    questions = [
        {**q, "fields": SYSTEM_FIELDS} if q["type"] == "systems" else q for q in version.questionnaire
    ]
    return {"version_id": version.pk, "questions": questions}


@router.get("/products/managed", response=list[VersionOut])
def managed(request: HttpRequest) -> list[ProductVersion]:
    return list(queries.managed_versions(actor(request)))


@router.post("/products/versions/{version_id}/transition", response={200: VersionOut, **ERRORS})
def transition(request: HttpRequest, version_id: int, payload: TransitionIn) -> ProductVersion:
    version = queries.managed_version(actor(request), version_id)
    return services.do_transition_version(actor=actor(request), version=version, action=payload.action)


@router.post("/products/versions/{version_id}/next", response={201: VersionOut, **ERRORS})
def next_version(request: HttpRequest, version_id: int) -> Status[ProductVersion]:
    version = queries.managed_version(actor(request), version_id)
    return Status(201, services.do_create_next_version(actor=actor(request), version=version))

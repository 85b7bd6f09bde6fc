"""Pages of the incident reports: the case's downloads (summary, draft 处置总结报告, VERIS, STIX) and the
platform operator's SLA board."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cyberins.accounts.models import Organisation
from cyberins.accounts.requests import actor
from cyberins.accounts.roles import OrganisationKind, Role
from cyberins.accounts.scoping import require_role
from cyberins.incidents import board, downloads, queries
from cyberins.incidents.labels import STATE_LABELS
from cyberins.incidents.models import Stage


@login_required
def summary_pdf(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = queries.incident(actor(request), incident_id)
    return downloads.summary_response(incident, request.GET.get("lang", "zh"), now=timezone.now())


@login_required
def handling_report_pdf(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = queries.incident(actor(request), incident_id)
    return downloads.handling_report_response(incident, now=timezone.now())


@login_required
def veris(request: HttpRequest, incident_id: int) -> HttpResponse:
    user = actor(request)
    return downloads.veris_response(user, queries.incident(user, incident_id), now=timezone.now())


@login_required
def stix(request: HttpRequest, incident_id: int) -> HttpResponse:
    user = actor(request)
    return downloads.stix_response(user, queries.incident(user, incident_id), now=timezone.now())


@login_required
def sla_board(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_role(user, Role.PLATFORM_ADMIN)
    stage, state, insurer = (request.GET.get(k, "") for k in ("stage", "state", "insurer"))
    now = timezone.now()
    cases = board.open_cases(queries.incidents(user), stage=stage, insurer=insurer)
    filters = {k: v for k, v in (("stage", stage), ("state", state), ("insurer", insurer)) if v}
    columns, page = board.sla_board(cases, now=now, state=state, page=request.GET.get("page"))
    context = {
        "columns": [c for c in columns if c.rows],
        "empty_columns": [c for c in columns if not c.count and not (stage or state or insurer)],
        "page": page,
        # the filters, carried over by the pager's links
        "query": f"{urlencode(filters)}&" if filters else "",
        "totals": board.totals(columns),
        "stages": [(s, label) for s, label in Stage.choices if s != Stage.CLOSED],
        "states": [(str(s), STATE_LABELS[s]) for s in board.SEVERITY[:3]],
        "insurers": Organisation.objects.filter(kind=OrganisationKind.INSURER).order_by("name"),
        "chosen": {"stage": stage, "state": state, "insurer": insurer},
        "filtered": bool(stage or state or insurer),
        "now": now,
    }
    return render(request, "incidents/board.html", context)

"""API of the incidents app: report, hotline calls, the case (stages, outages, timeline, impact), clocks."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from cyberins.accounts.errors import NotFound
from cyberins.accounts.requests import actor
from cyberins.accounts.schemas import ErrorOut
from cyberins.accounts.scoping import visible
from cyberins.incidents import queries, services
from cyberins.incidents.models import Channel, HotlineCall, Incident
from cyberins.incidents.schemas import (
    CallIn,
    CallOut,
    EntryIn,
    EntryOut,
    ImpactIn,
    IncidentDetailOut,
    IncidentOut,
    OutageIn,
    OutageOut,
    RegulatoryReportIn,
    ReportIn,
    StageIn,
)
from cyberins.policies.models import Policy

router = Router(tags=["incidents"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def summary(incident: Incident, now: datetime) -> dict[str, Any]:
    return {
        "id": incident.pk,
        "number": incident.number,
        "policy": incident.policy.number,
        "insured": incident.reporting_org.name,
        "insurer": incident.insurer.name,
        "channel": incident.channel,
        "reported_at": incident.reported_at,
        "discovered_at": incident.discovered_at,
        "occurred_at": incident.occurred_at,
        "summary": incident.summary,
        "affected_system": incident.affected_system,
        "suspicious_only": incident.suspicious_only,
        "covered": incident.covered,
        "coverage_reasons": incident.coverage_reasons,
        "incident_class": incident.incident_class,
        "sub_class": incident.sub_class,
        "grade": incident.grade,
        "stage": incident.stage,
        "not_security_incident": incident.not_security_incident,
        "related_to": incident.related_to.number if incident.related_to else None,
        "provider": incident.provider.name if incident.provider else None,
        "escalated": incident.escalated_at is not None,
        "breaches": incident.breaches,
        "eradication": {
            "root_cause": incident.root_cause,
            "attack_technique": incident.attack_technique,
            "attack_technique_name": incident.attack_technique_name,
            "exploited_cve": incident.exploited_cve,
            "related_finding": incident.related_finding_id,
            "affected_records": incident.affected_records,
        },
        "clocks": [asdict(c) for c in services.incident_clocks(incident, now)],
    }


def call_out(call: HotlineCall) -> dict[str, Any]:
    return {
        "id": call.pk,
        "incident": call.incident_id,
        "incident_number": call.incident.number,
        "caller": call.caller,
        "callback_number": call.callback_number,
        "called_at": call.called_at,
        "transferred_to": call.transferred_to.name if call.transferred_to else None,
        "transfer_number": call.transfer_number,
        "transferred_at": call.transferred_at,
    }


def detail(incident: Incident, now: datetime) -> dict[str, Any]:
    return {
        **summary(incident, now),
        "timeline": list(incident.timeline.select_related("actor__organisation")),
        "outages": list(incident.outages.all()),
        "calls": [call_out(c) for c in incident.calls.select_related("incident", "transferred_to")],
    }


def _policy(request: HttpRequest, pk: int) -> Policy:
    found = visible(actor(request), Policy.objects.all()).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


@router.get("/incidents", response=list[IncidentOut])
def list_incidents(request: HttpRequest, stage: str = "") -> list[dict[str, Any]]:
    found = queries.incidents(actor(request))
    if stage:
        found = found.filter(stage=stage)
    now = timezone.now()
    return [summary(i, now) for i in found]


@router.post("/incidents", response={201: IncidentDetailOut, **ERRORS})
def report_incident(request: HttpRequest, payload: ReportIn) -> Status[dict[str, Any]]:
    now = timezone.now()
    incident = services.do_report_incident(
        actor=actor(request),
        policy=_policy(request, payload.policy),
        channel=Channel.API,
        **payload.dict(exclude={"policy"}),
        now=now,
    )
    return Status(201, detail(incident, now))


@router.get("/incidents/{incident_id}", response={200: IncidentDetailOut, **ERRORS})
def get_incident(request: HttpRequest, incident_id: int) -> dict[str, Any]:
    return detail(queries.incident(actor(request), incident_id), timezone.now())


@router.post("/hotline-calls", response={201: CallOut, **ERRORS})
def register_call(request: HttpRequest, payload: CallIn) -> Status[dict[str, Any]]:
    incident = queries.incident(actor(request), payload.incident) if payload.incident else None
    call = services.do_register_call(
        actor=actor(request),
        policy=_policy(request, payload.policy),
        incident=incident,
        **payload.dict(exclude={"policy", "incident"}),
        now=timezone.now(),
    )
    return Status(201, call_out(call))


@router.post("/incidents/{incident_id}/stage", response={200: IncidentDetailOut, **ERRORS})
def move_stage(request: HttpRequest, incident_id: int, payload: StageIn) -> dict[str, Any]:
    incident = queries.incident(actor(request), incident_id)
    now = timezone.now()
    services.do_move_stage(
        actor=actor(request), incident=incident, stage=payload.stage, note=payload.note, now=now
    )
    return detail(queries.incident(actor(request), incident_id), now)


@router.post("/incidents/{incident_id}/outages", response={201: OutageOut, **ERRORS})
def record_outage(request: HttpRequest, incident_id: int, payload: OutageIn) -> Status[Any]:
    incident = queries.incident(actor(request), incident_id)
    outage = services.do_record_outage(
        actor=actor(request), incident=incident, **payload.dict(), now=timezone.now()
    )
    return Status(201, outage)


@router.post("/incidents/{incident_id}/timeline", response={201: EntryOut, **ERRORS})
def add_entry(request: HttpRequest, incident_id: int, payload: EntryIn) -> Status[Any]:
    incident = queries.incident(actor(request), incident_id)
    entry = services.do_add_timeline_entry(
        actor=actor(request), incident=incident, **payload.dict(), now=timezone.now()
    )
    return Status(201, entry)


@router.post("/incidents/{incident_id}/impact", response={200: IncidentDetailOut, **ERRORS})
def update_impact(request: HttpRequest, incident_id: int, payload: ImpactIn) -> dict[str, Any]:
    incident = queries.incident(actor(request), incident_id)
    now = timezone.now()
    services.do_update_impact(actor=actor(request), incident=incident, **payload.dict(), now=now)
    return detail(queries.incident(actor(request), incident_id), now)


@router.post("/incidents/{incident_id}/regulatory-reports", response={200: IncidentDetailOut, **ERRORS})
def record_regulatory_report(
    request: HttpRequest, incident_id: int, payload: RegulatoryReportIn
) -> dict[str, Any]:
    incident = queries.incident(actor(request), incident_id)
    now = timezone.now()
    services.do_record_regulatory_report(actor=actor(request), incident=incident, **payload.dict(), now=now)
    return detail(queries.incident(actor(request), incident_id), now)


# The case's work (tasks, eradication, evidence, report, follow-ups, messages) is on the same router.
from cyberins.incidents import api_work  # noqa: E402, F401

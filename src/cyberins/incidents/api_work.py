"""API of the case's work: tasks, eradication, messages, evidence with its chain of custody, the
provider's response report and the follow-up service orders (routes on the incidents router)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Form, Status
from ninja.files import UploadedFile

from cyberins.accounts.errors import NotFound
from cyberins.accounts.requests import actor
from cyberins.accounts.scoping import visible
from cyberins.incidents import queries, services
from cyberins.incidents.api import ERRORS, detail, router
from cyberins.incidents.models import Evidence, FollowUpOrder, Incident, ResponseReport, Task, TaskStatus
from cyberins.incidents.schemas import EntryOut, IncidentDetailOut
from cyberins.incidents.schemas_case import (
    EradicationIn,
    EvidenceDetailOut,
    EvidenceOut,
    FollowUpIn,
    FollowUpOut,
    MessageIn,
    ResponseReportOut,
    RetireIn,
    TaskDoneIn,
    TaskIn,
    TaskOut,
    TransferIn,
)


def task_out(task: Task) -> dict[str, Any]:
    return {
        "id": task.pk,
        "title": task.title,
        "stage": task.stage,
        "owner": task.owner.get_full_name() or task.owner.username,
        "owner_id": task.owner_id,
        "due_at": task.due_at,
        "status": task.status,
        "done_at": task.done_at,
        "overdue": task.status == TaskStatus.OPEN and task.due_at < timezone.now(),
    }


def evidence_detail(evidence: Evidence) -> dict[str, Any]:
    check = services.verify_custody(evidence)
    custody = [
        {
            "seq": e.seq,
            "action": e.action,
            "by": e.actor.get_full_name() or e.actor.username,
            "from_party": e.from_party,
            "to_party": e.to_party,
            "at": e.at,
            "purpose": e.purpose,
            "entry_hash": e.entry_hash,
        }
        for e in evidence.custody.select_related("actor").order_by("seq")
    ]
    return {
        **{f: getattr(evidence, f) for f in EvidenceOut.model_fields},
        "custody": custody,
        "custody_intact": check.intact,
        "broken_entries": list(check.broken),
        "file_intact": check.file_intact,
    }


def report_out(report: ResponseReport) -> dict[str, Any]:
    return {
        "provider": report.provider.name,
        **{f: getattr(report, f) for f in ("pdf_sha256", *services.evidence.REPORT_PARTS, "submitted_at")},
    }


def follow_up_out(order: FollowUpOrder) -> dict[str, Any]:
    return {
        "id": order.pk,
        "service": order.service.code,
        "engagement": order.engagement_id,
        "engagement_status": order.engagement.status,
        "ordered_at": order.ordered_at,
    }


def _case(request: HttpRequest, incident_id: int) -> Incident:
    return queries.incident(actor(request), incident_id)


def _evidence(request: HttpRequest, incident_id: int, evidence_id: int) -> Evidence:
    incident = _case(request, incident_id)
    found = visible(actor(request), incident.evidence.all()).filter(pk=evidence_id).first()
    if found is None:
        raise NotFound()
    return found


# ---------------------------------------------------------------------------------------------------
# Tasks and messages


@router.get("/incidents/{incident_id}/tasks", response={200: list[TaskOut], **ERRORS})
def list_tasks(request: HttpRequest, incident_id: int) -> list[dict[str, Any]]:
    return [task_out(t) for t in _case(request, incident_id).tasks.select_related("owner")]


@router.post("/incidents/{incident_id}/tasks", response={201: TaskOut, **ERRORS})
def add_task(request: HttpRequest, incident_id: int, payload: TaskIn) -> Status[dict[str, Any]]:
    task = services.do_add_task(
        actor=actor(request), incident=_case(request, incident_id), **payload.dict(), now=timezone.now()
    )
    return Status(201, task_out(task))


@router.post("/incidents/{incident_id}/tasks/{task_id}/done", response={200: TaskOut, **ERRORS})
def finish_task(request: HttpRequest, incident_id: int, task_id: int, payload: TaskDoneIn) -> dict[str, Any]:
    task = _case(request, incident_id).tasks.filter(pk=task_id).first()
    if task is None:
        raise NotFound()
    task = services.do_finish_task(actor=actor(request), task=task, cancel=payload.cancel, now=timezone.now())
    return task_out(task)


@router.post("/incidents/{incident_id}/messages", response={201: EntryOut, **ERRORS})
def post_message(request: HttpRequest, incident_id: int, payload: MessageIn) -> Status[Any]:
    entry = services.do_post_message(
        actor=actor(request), incident=_case(request, incident_id), text=payload.text, now=timezone.now()
    )
    return Status(201, entry)


@router.post("/incidents/{incident_id}/eradication", response={200: IncidentDetailOut, **ERRORS})
def record_eradication(request: HttpRequest, incident_id: int, payload: EradicationIn) -> dict[str, Any]:
    now = timezone.now()
    services.do_record_eradication(
        actor=actor(request), incident=_case(request, incident_id), **payload.dict(), now=now
    )
    return detail(_case(request, incident_id), now)


# ---------------------------------------------------------------------------------------------------
# Evidence


@router.get("/incidents/{incident_id}/evidence", response={200: list[EvidenceOut], **ERRORS})
def list_evidence(request: HttpRequest, incident_id: int) -> list[Evidence]:
    return list(_case(request, incident_id).evidence.all())


@router.post("/incidents/{incident_id}/evidence", response={201: EvidenceOut, **ERRORS})
def upload_evidence(
    request: HttpRequest,
    incident_id: int,
    # optional in the schema: an empty file part arrives as none, answered with the coded type error
    file: File[UploadedFile | None] = None,
    description: Form[str] = "",
    received_from: Form[str] = "",
) -> Status[Evidence]:
    incident = _case(request, incident_id)
    content = file.read(settings.INCIDENT_EVIDENCE_MAX_BYTES + 1) if file else b""
    evidence = services.do_upload_evidence(
        actor=actor(request),
        incident=incident,
        name=(file.name if file else "") or "",
        content=content,
        description=description[:4000],
        received_from=received_from[:200],
        now=timezone.now(),
    )
    return Status(201, evidence)


@router.get("/incidents/{incident_id}/evidence/{evidence_id}", response={200: EvidenceDetailOut, **ERRORS})
def get_evidence(request: HttpRequest, incident_id: int, evidence_id: int) -> dict[str, Any]:
    """The evidence with its custody log and the result of checking the hash chain and the file."""
    return evidence_detail(_evidence(request, incident_id, evidence_id))


@router.get("/incidents/{incident_id}/evidence/{evidence_id}/file", response={200: None, **ERRORS})
def download_evidence(
    request: HttpRequest, incident_id: int, evidence_id: int, purpose: str = ""
) -> HttpResponse:
    """The file; the download is written to the chain of custody."""
    evidence = _evidence(request, incident_id, evidence_id)
    content = services.do_access_evidence(
        actor=actor(request), evidence=evidence, purpose=purpose[:2000], now=timezone.now()
    )
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="evidence-{evidence.pk}.{evidence.content_type}"'
    response["X-Content-SHA256"] = evidence.sha256
    return response


@router.post(
    "/incidents/{incident_id}/evidence/{evidence_id}/transfer", response={200: EvidenceOut, **ERRORS}
)
def transfer_evidence(
    request: HttpRequest, incident_id: int, evidence_id: int, payload: TransferIn
) -> Evidence:
    evidence = _evidence(request, incident_id, evidence_id)
    return services.do_transfer_evidence(
        actor=actor(request), evidence=evidence, **payload.dict(), now=timezone.now()
    )


@router.post("/incidents/{incident_id}/evidence/{evidence_id}/retire", response={200: EvidenceOut, **ERRORS})
def retire_evidence(request: HttpRequest, incident_id: int, evidence_id: int, payload: RetireIn) -> Evidence:
    evidence = _evidence(request, incident_id, evidence_id)
    return services.do_retire_evidence(
        actor=actor(request), evidence=evidence, reason=payload.reason, now=timezone.now()
    )


# ---------------------------------------------------------------------------------------------------
# The provider's response report and the follow-up services


@router.post("/incidents/{incident_id}/response-report", response={201: ResponseReportOut, **ERRORS})
def submit_response_report(
    request: HttpRequest,
    incident_id: int,
    report: File[UploadedFile | None] = None,
    cause: Form[str] = "",
    measures: Form[str] = "",
    harm: Form[str] = "",
    remediation: Form[str] = "",
    lessons: Form[str] = "",
) -> Status[dict[str, Any]]:
    incident = _case(request, incident_id)
    content = report.read(settings.INCIDENT_EVIDENCE_MAX_BYTES + 1) if report else b""
    saved = services.do_submit_response_report(
        actor=actor(request),
        incident=incident,
        content=content,
        now=timezone.now(),
        cause=cause[:8000],
        measures=measures[:8000],
        harm=harm[:8000],
        remediation=remediation[:8000],
        lessons=lessons[:8000],
    )
    return Status(201, report_out(saved))


@router.get("/incidents/{incident_id}/response-report", response={200: ResponseReportOut, **ERRORS})
def get_response_report(request: HttpRequest, incident_id: int) -> dict[str, Any]:
    report = ResponseReport.objects.filter(incident=_case(request, incident_id)).first()
    if report is None:
        raise NotFound()
    return report_out(report)


@router.get("/incidents/{incident_id}/response-report.pdf", response={200: None, **ERRORS})
def response_report_pdf(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = _case(request, incident_id)
    report = ResponseReport.objects.filter(incident=incident).first()
    if report is None:
        raise NotFound()
    with report.pdf.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{incident.number}-response-report.pdf"'
    return response


@router.get("/incidents/{incident_id}/follow-ups", response={200: list[FollowUpOut], **ERRORS})
def list_follow_ups(request: HttpRequest, incident_id: int) -> list[dict[str, Any]]:
    orders = _case(request, incident_id).follow_ups.select_related("service", "engagement")
    return [follow_up_out(o) for o in orders]


@router.post("/incidents/{incident_id}/follow-ups", response={201: FollowUpOut, **ERRORS})
def order_follow_up(request: HttpRequest, incident_id: int, payload: FollowUpIn) -> Status[dict[str, Any]]:
    order = services.do_order_follow_up(
        actor=actor(request),
        incident=_case(request, incident_id),
        service=payload.service,
        now=timezone.now(),
    )
    return Status(201, follow_up_out(order))

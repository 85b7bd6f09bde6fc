"""Pages for the case's work: the sections of the case page (tasks, eradication, messages, evidence,
response report, follow-ups) with only the actions the user's role may take, their form posts, the
evidence page (custody log and its check) and the logged download."""

from __future__ import annotations

from typing import Any

from django.conf import settings
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
from cyberins.accounts.scoping import sees_everything, visible
from cyberins.incidents import queries, services
from cyberins.incidents.models import RESPONDERS, Evidence, Incident, ResponseReport, Stage, TaskStatus
from cyberins.incidents.services.evidence import REPORT_PARTS
from cyberins.incidents.services.work import ERADICATION_STAGES
from cyberins.incidents.views import _moment


def work_context(user: Any, incident: Incident) -> dict[str, Any]:
    """What the case page shows of the work, and which forms the user's role may use."""
    open_case = incident.stage != Stage.CLOSED
    responder = sees_everything(user) or (
        user.has_role(*RESPONDERS) and user.organisation_id == incident.provider_id
    )
    report = ResponseReport.objects.filter(incident=incident).select_related("provider").first()
    can_order = (
        open_case and incident.stage == Stage.FOLLOW_UP and user.has_role(Role.APPLICANT, Role.CLAIMS_HANDLER)
    )
    return {
        "tasks": incident.tasks.select_related("owner"),
        "evidence": incident.evidence.all(),
        "response_report": report,
        "follow_ups": incident.follow_ups.select_related("service", "engagement"),
        "people": services.case_people(incident).order_by("username") if open_case else [],
        "stages": Stage.choices,
        "can_task": open_case and user.has_role(*RESPONDERS, Role.CLAIMS_HANDLER, Role.APPLICANT),
        "can_message": open_case,
        "can_upload": open_case,
        "can_record_outage": open_case and responder,
        "can_eradicate": open_case and responder and incident.stage in ERADICATION_STAGES,
        "can_report": open_case and responder and incident.stage in ("recovery", "reporting", "follow_up"),
        "follow_up_services": services.follow_up_offer(incident) if can_order else [],
        "evidence_types": ", ".join(settings.INCIDENT_EVIDENCE_TYPES),
        "evidence_max_mb": settings.INCIDENT_EVIDENCE_MAX_BYTES // (1024 * 1024),
        "report_parts": REPORT_PARTS,
        "task_open": TaskStatus.OPEN,
    }


def _upload(request: HttpRequest, name: str) -> tuple[str, bytes]:
    file = request.FILES.get(name)
    if file is None:
        return "", b""
    return file.name or "", file.read(settings.INCIDENT_EVIDENCE_MAX_BYTES + 1)


@login_required
@require_POST
def work(request: HttpRequest, incident_id: int) -> HttpResponse:
    user = actor(request)
    incident = queries.incident(user, incident_id)
    post, now = request.POST, timezone.now()
    try:
        match post.get("action"):
            case "task":
                owner = post.get("owner", "")
                services.do_add_task(
                    actor=user,
                    incident=incident,
                    title=post.get("title", ""),
                    owner=int(owner) if owner.isdigit() else 0,
                    stage=post.get("stage", ""),
                    due_at=_moment(post.get("due_at", ""), "due_at"),
                    now=now,
                )
            case "task_done" | "task_cancel":
                raw = post.get("task", "")
                task = incident.tasks.filter(pk=int(raw) if raw.isdigit() else 0).first()
                if task is None:
                    raise NotFound()
                services.do_finish_task(
                    actor=user, task=task, cancel=post["action"] == "task_cancel", now=now
                )
            case "message":
                services.do_post_message(actor=user, incident=incident, text=post.get("text", ""), now=now)
            case "eradication":
                finding, records = post.get("finding", ""), post.get("affected_records", "")
                services.do_record_eradication(
                    actor=user,
                    incident=incident,
                    root_cause=post.get("root_cause", ""),
                    attack_technique=post.get("attack_technique", ""),
                    attack_technique_name=post.get("attack_technique_name", ""),
                    exploited_cve=post.get("exploited_cve", ""),
                    finding=int(finding) if finding.isdigit() else None,
                    affected_records=int(records) if records.isdigit() else None,
                    now=now,
                )
            case "evidence":
                name, content = _upload(request, "file")
                services.do_upload_evidence(
                    actor=user,
                    incident=incident,
                    name=name,
                    content=content,
                    description=post.get("description", ""),
                    received_from=post.get("received_from", ""),
                    now=now,
                )
            case "report":
                _name, content = _upload(request, "report")
                services.do_submit_response_report(
                    actor=user,
                    incident=incident,
                    content=content,
                    now=now,
                    **{part: post.get(part, "") for part in REPORT_PARTS},
                )
            case "follow_up":
                services.do_order_follow_up(
                    actor=user, incident=incident, service=post.get("service", ""), now=now
                )
            case _:
                raise NotFound()
    except (Forbidden, NotFound):
        raise
    except DomainError as exc:
        messages.error(request, exc.render_message())
    else:
        messages.success(request, _("Saved."))
    return redirect("incidents:detail", incident_id=incident_id)


def _evidence(request: HttpRequest, incident_id: int, evidence_id: int) -> Evidence:
    incident = queries.incident(actor(request), incident_id)
    found = (
        visible(actor(request), incident.evidence.select_related("incident")).filter(pk=evidence_id).first()
    )
    if found is None:
        raise NotFound()
    return found


@login_required
def evidence_detail(request: HttpRequest, incident_id: int, evidence_id: int) -> HttpResponse:
    user = actor(request)
    evidence = _evidence(request, incident_id, evidence_id)
    active = evidence.retired_at is None
    context = {
        "e": evidence,
        "i": evidence.incident,
        "custody": evidence.custody.select_related("actor").order_by("seq"),
        "check": services.verify_custody(evidence),
        "can_transfer": active,
        "can_retire": active and user.has_role(*RESPONDERS, Role.CLAIMS_HANDLER),
    }
    return render(request, "incidents/evidence.html", context)


@login_required
@require_POST
def evidence_action(request: HttpRequest, incident_id: int, evidence_id: int) -> HttpResponse:
    user = actor(request)
    evidence = _evidence(request, incident_id, evidence_id)
    post, now = request.POST, timezone.now()
    try:
        match post.get("action"):
            case "transfer":
                services.do_transfer_evidence(
                    actor=user,
                    evidence=evidence,
                    to_party=post.get("to_party", ""),
                    purpose=post.get("purpose", ""),
                    now=now,
                )
            case "retire":
                services.do_retire_evidence(
                    actor=user, evidence=evidence, reason=post.get("reason", ""), now=now
                )
            case "download":
                content = services.do_access_evidence(
                    actor=user, evidence=evidence, purpose=post.get("purpose", ""), now=now
                )
                response = HttpResponse(content, content_type="application/octet-stream")
                response["Content-Disposition"] = (
                    f'attachment; filename="evidence-{evidence.pk}.{evidence.content_type}"'
                )
                return response
            case _:
                raise NotFound()
    except (Forbidden, NotFound):
        raise
    except DomainError as exc:
        messages.error(request, exc.render_message())
    else:
        messages.success(request, _("Saved."))
    return redirect("incidents:evidence", incident_id=incident_id, evidence_id=evidence_id)


@login_required
def response_report_pdf(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = queries.incident(actor(request), incident_id)
    report = ResponseReport.objects.filter(incident=incident).first()
    if report is None:
        raise NotFound()
    with report.pdf.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{incident.number}-response-report.pdf"'
    return response

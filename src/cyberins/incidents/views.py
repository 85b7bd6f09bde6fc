"""Pages for 出险: the insured's report form, the hotline's call registration, the case list and the case
page (stage, clocks, timeline, calls, outages) for every role that may see it."""

from __future__ import annotations

from datetime import datetime
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
from cyberins.accounts.scoping import visible
from cyberins.incidents import labels, queries, services
from cyberins.incidents.errors import IncidentsError as E
from cyberins.incidents.models import WORKFLOW_NEXT, Incident, Stage
from cyberins.policies.models import Policy, PolicyStatus
from cyberins.terms import SHANGHAI
from cyberins.terms.incidents import CLASS_NAMES, SUB_CLASSES


def _moment(value: str, field: str) -> datetime:
    """A ``datetime-local`` value is a time in Asia/Shanghai."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise DomainError(E.INVALID_TIME, _("Give the date and time."), field=field) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=SHANGHAI)


def _optional_moment(post: Any, field: str) -> datetime | None:
    """An optional time on a form: empty means the service's default (the hotline: the time of the call)."""
    return _moment(post[field], field) if post.get(field) else None


def _policy(request: HttpRequest) -> Policy:
    raw = request.POST.get("policy", "")
    found = visible(actor(request), Policy.objects.all()).filter(pk=int(raw) if raw.isdigit() else 0).first()
    if found is None:
        raise NotFound()
    return found


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    now = timezone.now()
    rows = [
        (i, labels.clock_views(i, now), labels.class_label(i), labels.coverage_reasons(i))
        for i in queries.incidents(user)
    ]
    policies = visible(user, Policy.objects.filter(status=PolicyStatus.ISSUED))
    context: dict[str, Any] = {
        "rows": rows,
        "can_report": user.has_role(Role.APPLICANT),
        "can_call": user.has_role(Role.HOTLINE_AGENT),
        "policies": policies,
        "classes": [(c.value, labels.in_language(names)) for c, names in CLASS_NAMES.items()],
        "sub_classes": [
            (code, labels.in_language(names)) for subs in SUB_CLASSES.values() for code, names in subs.items()
        ],
    }
    return render(request, "incidents/list.html", context)


@login_required
@require_POST
def report(request: HttpRequest) -> HttpResponse:
    post = request.POST
    try:
        incident = services.do_report_incident(
            actor=actor(request),
            policy=_policy(request),
            summary=post.get("summary", ""),
            affected_system=post.get("affected_system", ""),
            occurred_at=_moment(post.get("occurred_at", ""), "occurred_at"),
            discovered_at=_moment(post.get("discovered_at", ""), "discovered_at"),
            location=post.get("location", "mainland"),
            suspicious_only=post.get("suspicious_only") == "on",
            incident_class=post.get("incident_class", "OTH"),
            sub_class=post.get("sub_class", ""),
            operator_kind=post.get("operator_kind", "other"),
            now=timezone.now(),
        )
    except (Forbidden, NotFound):
        raise
    except DomainError as exc:
        messages.error(request, exc.render_message())
        return redirect("incidents:list")
    messages.success(request, _("Incident %(number)s is reported.") % {"number": incident.number})
    return redirect("incidents:detail", incident_id=incident.pk)


@login_required
@require_POST
def register_call(request: HttpRequest) -> HttpResponse:
    post = request.POST
    try:
        now = timezone.now()
        called_at = _moment(post["called_at"], "called_at") if post.get("called_at") else now
        call = services.do_register_call(
            actor=actor(request),
            policy=_policy(request),
            caller=post.get("caller", ""),
            callback_number=post.get("callback_number", ""),
            called_at=called_at,
            occurred_at=_optional_moment(post, "occurred_at"),
            discovered_at=_optional_moment(post, "discovered_at"),
            summary=post.get("summary", ""),
            affected_system=post.get("affected_system", ""),
            now=now,
        )
    except (Forbidden, NotFound):
        raise
    except DomainError as exc:
        messages.error(request, exc.render_message())
        return redirect("incidents:list")
    if call.transfer_number:
        messages.success(
            request,
            _("Call registered. Transfer the caller to %(provider)s at %(number)s.")
            % {"provider": call.transferred_to, "number": call.transfer_number},
        )
    else:
        messages.success(request, _("Call registered."))
    return redirect("incidents:detail", incident_id=call.incident_id)


def work_context(user: Any, incident: Incident) -> dict[str, Any]:
    from cyberins.incidents.views_work import work_context as context

    return context(user, incident)


@login_required
def detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = queries.incident(actor(request), incident_id)
    now = timezone.now()
    context = {
        "i": incident,
        "clocks": labels.clock_views(incident, now),
        "class_label": labels.class_label(incident),
        "grade_label": labels.grade_label(incident),
        "coverage_reasons": labels.coverage_reasons(incident),
        "offered_to": labels.offered_to(incident),
        "timeline": incident.timeline.select_related("actor"),
        "calls": incident.calls.select_related("transferred_to", "agent"),
        "outages": incident.outages.all(),
        "next_stages": [
            (s, Stage(s).label)
            for s in WORKFLOW_NEXT.get(incident.stage, [])
            if Incident.WORKFLOW.can(incident, s, actor=actor(request))
        ],
        "now": now,
        **work_context(actor(request), incident),
    }
    return render(request, "incidents/detail.html", context)


@login_required
@require_POST
def action(request: HttpRequest, incident_id: int) -> HttpResponse:
    user = actor(request)
    incident: Incident = queries.incident(user, incident_id)
    post, now = request.POST, timezone.now()
    try:
        match post.get("action"):
            case "stage":
                services.do_move_stage(
                    actor=user,
                    incident=incident,
                    stage=post.get("stage", ""),
                    note=post.get("note", ""),
                    now=now,
                )
            case "note":
                services.do_add_timeline_entry(
                    actor=user, incident=incident, at=_moment(post.get("at", ""), "at"),
                    text=post.get("text", ""), now=now,
                )  # fmt: skip
            case "outage":
                if not work_context(user, incident)["can_record_outage"]:
                    raise Forbidden(message=_("Only the responding provider records outages."))
                ended = post.get("ended_at", "")
                services.do_record_outage(
                    actor=user, incident=incident, system=post.get("system", ""),
                    started_at=_moment(post.get("started_at", ""), "started_at"),
                    ended_at=_moment(ended, "ended_at") if ended else None, now=now,
                )  # fmt: skip
            case _:
                raise NotFound()
    except (Forbidden, NotFound):
        raise
    except DomainError as exc:
        messages.error(request, exc.render_message())
    else:
        messages.success(request, _("Saved."))
    return redirect("incidents:detail", incident_id=incident_id)

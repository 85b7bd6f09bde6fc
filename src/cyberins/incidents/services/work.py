"""Work on the case: tasks with owners and due times (and their reminders), the eradication findings
(root cause, ATT&CK technique, exploited CVE and the insured's health-check finding), messages between
the parties, and follow-up service orders at the follow-up stage."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError
from cyberins.accounts.models import User
from cyberins.accounts.roles import Role
from cyberins.accounts.scoping import require_role
from cyberins.accounts.transitions import transition
from cyberins.healthchecks.models import Finding
from cyberins.incidents.errors import IncidentsError as E
from cyberins.incidents.models import (
    RESPONDERS,
    EntryKind,
    FollowUpOrder,
    Incident,
    Stage,
    Task,
    TaskStatus,
    TimelineEntry,
)
from cyberins.incidents.services.common import _require_aware, _writer, add_entry
from cyberins.network import find_region
from cyberins.providers.models import EngagementKind, ServiceItem
from cyberins.providers.services import do_open_engagement

#: A reminder is recorded this long before a task is due.
TASK_REMINDER = timedelta(hours=2)
TECHNIQUE = re.compile(r"^T\d{4}(\.\d{3})?$")
CVE = re.compile(r"^CVE-\d{4}-\d{4,7}$")
#: The follow-up services the seed names (8 后续服务); ordered only when the policy's plan includes them.
FOLLOW_UP_SERVICES = ("penetration_test", "hardening", "ddos_protection")
#: From eradication on, the eradication findings may be recorded or corrected.
ERADICATION_STAGES = ("eradication", "recovery", "reporting", "follow_up")


def case_people(incident: Incident) -> Any:
    """The people who may own a task: those of the insured, the insurer and the dispatched provider."""
    orgs = [incident.reporting_org_id, incident.insurer_id]
    if incident.provider_id:
        orgs.append(incident.provider_id)
    return User.objects.filter(organisation_id__in=orgs, is_active=True)


# ---------------------------------------------------------------------------------------------------
# Tasks


@audited
def do_add_task(
    *,
    actor: User,
    incident: Incident,
    title: str,
    owner: User | int,
    due_at: datetime,
    stage: str = "",
    now: datetime,
) -> Task:
    require_role(actor, *RESPONDERS, Role.CLAIMS_HANDLER, Role.APPLICANT)
    incident = _writer(actor, incident)
    if not title.strip():
        raise DomainError(E.TEXT_REQUIRED, _("Write the entry."), field="title")
    if stage and stage not in Stage.values:
        raise DomainError(E.INVALID_CHOICE, _("Choose one of the listed values."), field="stage")
    owner_id = owner.pk if isinstance(owner, User) else owner
    person = case_people(incident).filter(pk=owner_id).first()
    if person is None:
        raise DomainError(
            E.OWNER_INVALID, _("The owner must be a person working on the case."), field="owner"
        )
    due_at = _require_aware(due_at, "due_at")
    task = Task.objects.create(
        incident=incident,
        title=title.strip()[:200],
        stage=stage,
        owner=person,
        due_at=due_at,
        created_by=actor,
        created_at=now,
    )
    add_entry(
        incident,
        EntryKind.TASK,
        _("Task “%(title)s” for %(owner)s, due %(due)s.")
        % {
            "title": task.title,
            "owner": person.get_full_name() or person.username,
            "due": due_at.isoformat(),
        },
        at=now,
        now=now,
        actor=actor,
        details={"task": task.pk},
    )
    record_change(actor=actor, obj=task, action="incident.task", after={"title": task.title}, now=now)
    return task


@audited
def do_finish_task(*, actor: User, task: Task, cancel: bool = False, now: datetime) -> Task:
    incident = _writer(actor, task.incident)
    task = Task.objects.select_for_update().get(pk=task.pk, incident=incident)
    to = TaskStatus.CANCELLED if cancel else TaskStatus.DONE
    if transition(task, to, actor=actor, now=now):
        text = _("Task “%(title)s” cancelled.") if cancel else _("Task “%(title)s” done.")
        add_entry(
            incident,
            EntryKind.TASK,
            text % {"title": task.title},
            at=now,
            now=now,
            actor=actor,
            details={"task": task.pk, "status": to},
        )
    return task


def remind_tasks(*, now: datetime) -> int:
    """Record once per task a reminder before it is due and, once it is past due, the overdue record
    (timeline entries the case's parties see). Idempotent; returns how many records it wrote."""
    written = 0
    # a closed case's leftover tasks are not chased
    open_tasks = Task.objects.filter(status=TaskStatus.OPEN).exclude(incident__stage=Stage.CLOSED)
    soon = open_tasks.filter(due_at__lte=now + TASK_REMINDER)
    for task in soon.filter(reminded_at__isnull=True).select_related("incident", "owner"):
        with transaction.atomic():
            if Task.objects.filter(pk=task.pk, reminded_at__isnull=True).update(reminded_at=now):
                add_entry(
                    task.incident,
                    EntryKind.TASK,
                    _("Reminder: task “%(title)s” is due %(due)s.")
                    % {"title": task.title, "due": task.due_at.isoformat()},
                    at=now,
                    now=now,
                    details={"task": task.pk, "reminder": True},
                )
                written += 1
    late = open_tasks.filter(due_at__lt=now, overdue_at__isnull=True)
    for task in late.select_related("incident"):
        with transaction.atomic():
            if Task.objects.filter(pk=task.pk, overdue_at__isnull=True).update(overdue_at=now):
                add_entry(
                    task.incident,
                    EntryKind.TASK,
                    _("Task “%(title)s” is overdue (due %(due)s).")
                    % {"title": task.title, "due": task.due_at.isoformat()},
                    at=now,
                    now=now,
                    details={"task": task.pk, "overdue": True},
                )
                record_change(
                    actor=None, obj=task, action="incident.task_overdue", after={"due": task.due_at}, now=now
                )
                written += 1
    return written


# ---------------------------------------------------------------------------------------------------
# Eradication


def _finding_for(incident: Incident, finding: int | None, cve: str) -> Finding | None:
    """The named finding, which must be the insured's; else the latest finding of the insured's
    health checks that lists the CVE (the link the claims penalty reads)."""
    own = Finding.objects.filter(health_check__organisation_id=incident.reporting_org_id)
    if finding is not None:
        found = own.filter(pk=finding).first()
        if found is None:
            raise DomainError(
                E.FINDING_NOT_FOUND, _("No such health-check finding of the insured."), field="finding"
            )
        return found
    if not cve:
        return None
    for candidate in own.exclude(cves=[]).order_by("-pk").only("pk", "cves")[:5000]:
        if cve in (candidate.cves or []):
            return candidate
    return None


@audited
def do_record_eradication(
    *,
    actor: User,
    incident: Incident,
    root_cause: str,
    attack_technique: str,
    attack_technique_name: str = "",
    exploited_cve: str = "",
    finding: int | None = None,
    affected_records: int | None = None,
    now: datetime,
) -> Incident:
    """The responders record what caused the incident, the technique and the exploited vulnerability."""
    require_role(actor, *RESPONDERS)
    incident = _writer(actor, incident)
    if incident.stage not in ERADICATION_STAGES:
        raise DomainError(E.WRONG_STAGE, _("This cannot be done at the case's present stage."), field="stage")
    if not root_cause.strip():
        raise DomainError(E.TEXT_REQUIRED, _("Write the entry."), field="root_cause")
    technique = attack_technique.strip().upper()
    if not TECHNIQUE.match(technique):
        raise DomainError(
            E.INVALID_TECHNIQUE,
            _("Give an ATT&CK technique id such as T1486 or T1566.001."),
            field="attack_technique",
        )
    cve = exploited_cve.strip().upper()
    if cve and not CVE.match(cve):
        raise DomainError(E.INVALID_CVE, _("Give a CVE id such as CVE-2024-3400."), field="exploited_cve")
    if affected_records is not None and affected_records < 0:
        raise DomainError(E.INVALID_CHOICE, _("Enter a number of zero or more."), field="affected_records")
    linked = _finding_for(incident, finding, cve)
    incident.root_cause, incident.attack_technique = root_cause.strip(), technique
    incident.attack_technique_name, incident.exploited_cve = attack_technique_name.strip()[:200], cve
    incident.related_finding = linked
    if affected_records is not None:
        incident.affected_records = affected_records
    fields = [
        "root_cause",
        "attack_technique",
        "attack_technique_name",
        "exploited_cve",
        "related_finding",
        "affected_records",
    ]
    incident.save(update_fields=fields)
    text = _("Root cause recorded: %(technique)s %(cve)s.") % {"technique": technique, "cve": cve}
    if linked is not None:
        text += " " + _("The exploited vulnerability was reported in health-check finding %(id)s.") % {
            "id": linked.pk
        }
    add_entry(
        incident,
        EntryKind.ERADICATE,
        text,
        at=now,
        now=now,
        actor=actor,
        details={"technique": technique, "cve": cve, "finding": linked.pk if linked else None},
    )
    record_change(
        actor=actor,
        obj=incident,
        action="incident.eradication",
        after={"technique": technique, "cve": cve, "finding": linked.pk if linked else None},
        now=now,
    )
    return incident


# ---------------------------------------------------------------------------------------------------
# Messages


@audited
def do_post_message(*, actor: User, incident: Incident, text: str, now: datetime) -> TimelineEntry:
    """A message on the case between the insured, the provider and the insurer (kept in the timeline)."""
    incident = _writer(actor, incident)
    if not text.strip():
        raise DomainError(E.TEXT_REQUIRED, _("Write the entry."), field="text")
    org = actor.organisation
    entry = add_entry(
        incident,
        EntryKind.MESSAGE,
        text.strip()[:4000],
        at=now,
        now=now,
        actor=actor,
        details={"from": org.name if org else ""},
    )
    record_change(
        actor=actor, obj=entry, action="incident.message", after={"incident": incident.number}, now=now
    )
    return entry


# ---------------------------------------------------------------------------------------------------
# Follow-up services


def follow_up_offer(incident: Incident) -> list[ServiceItem]:
    """The follow-up services the policy's plan includes and the case has not ordered yet."""
    codes = set(
        incident.policy.plan.services.filter(service__code__in=FOLLOW_UP_SERVICES).values_list(
            "service__code", flat=True
        )
    )
    ordered = set(incident.follow_ups.values_list("service__code", flat=True))
    return list(ServiceItem.objects.filter(code__in=codes - ordered).order_by("code"))


@audited
def do_order_follow_up(*, actor: User, incident: Incident, service: str, now: datetime) -> FollowUpOrder:
    """At the follow-up stage, the insured or the insurer orders a follow-up service of the plan; it
    goes to the provider network as an engagement, like any other piece of work."""
    require_role(actor, Role.APPLICANT, Role.CLAIMS_HANDLER)
    incident = _writer(actor, incident)
    if incident.stage != Stage.FOLLOW_UP:
        raise DomainError(E.WRONG_STAGE, _("This cannot be done at the case's present stage."), field="stage")
    if service not in FOLLOW_UP_SERVICES:
        raise DomainError(E.INVALID_CHOICE, _("Choose one of the listed values."), field="service")
    if incident.follow_ups.filter(service__code=service).exists():
        raise DomainError(
            E.ALREADY_ORDERED, _("This follow-up service is already ordered for the case."), field="service"
        )
    item = next((s for s in follow_up_offer(incident) if s.code == service), None)
    if item is None:
        raise DomainError(
            E.NOT_IN_PLAN, _("The plan does not include this follow-up service."), field="service"
        )
    insured = incident.reporting_org
    province, city = find_region(insured.province, insured.city)
    engagement = do_open_engagement(
        actor=actor,
        kind=EngagementKind.INCIDENT,
        reference=f"{incident.number}/{service}",
        service=item,
        province=province or "110000",
        city=city,
        needed_by=now + timedelta(days=30),
        client=insured,
        insurer=incident.insurer,
        now=now,
    )
    order = FollowUpOrder.objects.create(
        incident=incident, service=item, engagement=engagement, ordered_by=actor, ordered_at=now
    )
    add_entry(
        incident,
        EntryKind.FOLLOW_UP,
        _("Follow-up service ordered: %(service)s.") % {"service": item.name},
        at=now,
        now=now,
        actor=actor,
        details={"service": service, "engagement": engagement.pk},
    )
    record_change(actor=actor, obj=order, action="incident.follow_up", after={"service": service}, now=now)
    return order

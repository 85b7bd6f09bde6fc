"""The case as the documents print it: :class:`cyberins.documents.incident_report.IncidentCase` assembled
from the incident, its stage history, timeline, clocks and outages; and the two PDFs made from it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import translation

from cyberins.accounts.transitions import history
from cyberins.documents.handling_report import render_handling_report
from cyberins.documents.incident_report import (
    ClockLine,
    IncidentCase,
    OutageLine,
    Pair,
    StageStep,
    TimelineLine,
    render_incident_summary,
)
from cyberins.incidents.labels import clock_views
from cyberins.incidents.models import EntryKind, Incident, Stage
from cyberins.terms.incidents import (
    CLASS_NAMES,
    GRADE_NAMES,
    REASON_TEXT,
    SUB_CLASSES,
    CoverageReason,
    Grade,
    ImpactFacts,
    IncidentClass,
    grade,
)

FACT_NAMES = {
    "personal_information_people": "涉及个人信息人数",
    "direct_loss_cny": "直接经济损失（元）",
    "critical_outage_hours": "关键信息基础设施整体中断（小时）",
    "main_function_outage_hours": "关键信息基础设施主要功能中断（小时）",
}


def both(label: Any) -> Pair:
    """A lazily translated label in Chinese and in English."""
    with translation.override("zh-hans"):
        zh = str(label)
    with translation.override("en"):
        en = str(label)
    return zh, en


def _user_name(user: Any) -> str:
    if user is None:
        return "系统 / System"
    return str(getattr(user, "display_name", "") or user.get_username())


def _grade_reasons(incident: Incident) -> tuple[str, ...]:
    graded = grade(
        ImpactFacts(
            personal_information_people=incident.personal_information_people,
            direct_loss_cny=Decimal(incident.direct_loss),
            critical_outage_hours=Decimal(incident.critical_outage_hours),
        )
    )
    return tuple(
        f"{FACT_NAMES.get(t.fact, t.fact)} ≥ {t.at_least.normalize():,f}"
        + ("（依征求意见稿）" if t.draft else "")
        for t in graded.reached
    )


def incident_case(incident: Incident, *, now: datetime) -> IncidentCase:
    klass = IncidentClass(incident.incident_class)
    subs = SUB_CLASSES.get(klass, {})
    stage_labels = dict(Stage.choices)
    steps = tuple(
        StageStep(both(stage_labels.get(c.to_state, c.to_state)), c.at, _user_name(c.actor), c.reason)
        for c in history(incident).filter(field="stage").select_related("actor")
    )
    kinds = dict(EntryKind.choices)
    timeline = tuple(
        TimelineLine(e.at, both(kinds.get(e.kind, e.kind)), e.text)
        for e in incident.timeline.order_by("at", "pk")
    )
    clocks = tuple(ClockLine(c.name, c.due_at, c.met_at, c.state) for c in clock_views(incident, now))
    reasons = tuple(
        REASON_TEXT[CoverageReason(r)]
        for r in incident.coverage_reasons
        if r in CoverageReason._value2member_map_
    )
    return IncidentCase(
        number=incident.number,
        policy_number=incident.policy.number,
        insured_name=incident.reporting_org.name,
        insurer_name=incident.insurer.name,
        provider_name=incident.provider.name if incident.provider else "",
        occurred_at=incident.occurred_at,
        discovered_at=incident.discovered_at,
        reported_at=incident.reported_at,
        closed_at=incident.closed_at,
        affected_system=incident.affected_system,
        summary=incident.summary,
        covered=incident.covered,
        coverage_reasons=reasons,
        suspicious_only=incident.suspicious_only,
        incident_class=CLASS_NAMES[klass],
        sub_class=subs.get(incident.sub_class),
        grade=GRADE_NAMES[Grade(incident.grade)],
        grade_reasons=_grade_reasons(incident),
        stage=both(stage_labels.get(incident.stage, incident.stage)),
        not_security_incident=incident.not_security_incident,
        personal_information_people=incident.personal_information_people,
        direct_loss=Decimal(incident.direct_loss),
        critical_outage_hours=Decimal(incident.critical_outage_hours),
        stages=steps,
        timeline=timeline,
        clocks=clocks,
        outages=tuple(OutageLine(o.system, o.started_at, o.ended_at) for o in incident.outages.all()),
        authority_reported_at=incident.authority_reported_at,
        root_cause=str(getattr(incident, "root_cause", "") or ""),
        measures=str(getattr(incident, "remediation", "") or ""),
    )


def summary_pdf(incident: Incident, lang: str, *, now: datetime) -> bytes:
    return render_incident_summary(incident_case(incident, now=now), "en" if lang == "en" else "zh")


def handling_report_pdf(incident: Incident, *, now: datetime) -> bytes:
    return render_handling_report(incident_case(incident, now=now))

"""What the incident pages show instead of codes: the clocks' names and states (a closed case's unmet
clock reads "not met", not "running"), the class and sub-class names in the user's language, the
coverage reasons as sentences, and who the response is with while an offer waits for acceptance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cyberins.incidents.models import Incident, Stage
from cyberins.incidents.services import incident_clocks, offered_provider
from cyberins.terms.incidents import (
    CLASS_NAMES,
    REASON_TEXT,
    SUB_CLASSES,
    Clock,
    ClockState,
    CoverageReason,
    IncidentClass,
    grade_name,
)

CLOCK_LABELS = {
    "first_contact": _("First contact (callback)"),
    "team_arranged": _("Certified team arranged"),
    "authority_report": _("Report to the authority"),
    "summary_report": _("Handling summary report"),
}
STATE_LABELS = {
    ClockState.BREACHED: _("Overdue"),
    ClockState.DUE_SOON: _("At risk"),
    ClockState.PENDING: _("Running"),
    ClockState.MET: _("Met"),
}
#: A service clock that was still running when the case closed stops: it was not met, and it no longer
#: runs. The regulatory clocks are the operator's duty and run on (the summary report starts at closing).
SERVICE_CLOCKS = ("first_contact", "team_arranged")
CLOSED_UNMET = "not_met"
CLOSED_UNMET_LABEL = _("Not met (case closed)")


@dataclass(frozen=True)
class ClockView:
    name: str
    label: Any
    due_at: datetime
    met_at: datetime | None
    state: str
    state_label: Any


def clock_view(clock: Clock, incident: Incident) -> ClockView:
    """The clock as a page shows it. A closed case's unmet service clock that was not yet overdue at
    closing reads "not met (case closed)"; one that ran out before closing stays overdue."""
    state, label = str(clock.state), STATE_LABELS[clock.state]
    closed_at = incident.closed_at if incident.stage == Stage.CLOSED else None
    stopped = clock.name in SERVICE_CLOCKS and clock.met_at is None
    if closed_at is not None and stopped and clock.due_at >= closed_at:
        state, label = CLOSED_UNMET, CLOSED_UNMET_LABEL
    return ClockView(clock.name, CLOCK_LABELS.get(clock.name, clock.name), clock.due_at, clock.met_at,
                     state, label)  # fmt: skip


def clock_views(incident: Incident, now: datetime) -> list[ClockView]:
    return [clock_view(c, incident) for c in incident_clocks(incident, now)]


def in_language(pair: tuple[str, str]) -> str:
    """The Chinese or English name, as the page's language asks (zh-Hans is the default)."""
    language = translation.get_language() or "zh-hans"
    return pair[1] if language.startswith("en") else pair[0]


def class_label(incident: Incident) -> str:
    """The class and sub-class names, e.g. "恶意程序 / 勒索软件" or "Malicious program / Ransomware"."""
    try:
        klass = IncidentClass(incident.incident_class)
    except ValueError:
        return incident.incident_class
    shown = in_language(CLASS_NAMES[klass])
    if incident.sub_class:
        sub = SUB_CLASSES.get(klass, {}).get(incident.sub_class)
        shown += " / " + (in_language(sub) if sub else incident.sub_class)
    return shown


def grade_label(incident: Incident) -> str:
    return grade_name(incident.grade, translation.get_language() or "zh")


def coverage_reasons(incident: Incident) -> list[str]:
    """Why the report is not covered, as sentences in the page's language."""
    return [
        in_language(REASON_TEXT[CoverageReason(r)]) if r in CoverageReason._value2member_map_ else r
        for r in incident.coverage_reasons
    ]


def offered_to(incident: Incident) -> str:
    """The provider an offer waits on, when no provider has accepted yet (else "")."""
    if incident.provider_id is not None:
        return ""
    provider = offered_provider(incident)
    return str(provider.organisation.name) if provider is not None else ""

"""Who hears of an incident: the report (the insured, the insurer's hotline, the platform operator) and
each stage change (the insured, the insurer's claims handlers). Clocks: clock_notices.py."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse

from cyberins.accounts.roles import Role
from cyberins.incidents.models import Incident, Stage
from cyberins.notifications.services import notify, platform_operators, to


def link_of(incident: Incident) -> str:
    return reverse("incidents:detail", args=[incident.pk])


def reported(incident: Incident, *, now: datetime) -> None:
    notify(
        recipients=[
            to(incident.reporting_org_id, Role.APPLICANT),
            to(incident.insurer_id, Role.HOTLINE_AGENT),
            *platform_operators(),
        ],
        kind="incident_reported",
        params={
            "number": incident.number,
            "policy": incident.policy.number,
            "summary": incident.summary[:200],
        },
        link=link_of(incident),
        now=now,
        dedupe_key=f"incident_reported:{incident.pk}",
    )


def stage_changed(incident: Incident, *, note: str, now: datetime) -> None:
    notify(
        recipients=[
            to(incident.reporting_org_id, Role.APPLICANT),
            to(incident.insurer_id, Role.CLAIMS_HANDLER),
        ],
        kind="incident_stage",
        params={"number": incident.number, "stage": Stage(incident.stage).label, "note": note},
        link=link_of(incident),
        now=now,
        dedupe_key=f"incident_stage:{incident.pk}:{incident.stage}",
    )

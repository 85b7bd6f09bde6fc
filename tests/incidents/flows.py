"""A ransomware case driven through the services from report to closed (for the export and report tests)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from cyberins.incidents.models import Incident
from cyberins.incidents.services import (
    do_move_stage,
    do_record_outage,
    do_report_incident,
    do_update_impact,
)
from cyberins.providers.models import Offer
from cyberins.providers.services import do_accept_offer

STAGES = ("detection", "containment", "eradication", "recovery", "reporting", "follow_up", "closed")


def ransomware_case(case: dict[str, Any], *, start: datetime, until: str = "closed") -> Incident:
    """Reported at ``start``; the provider accepts 20 minutes later; one stage every two hours after."""
    incident = do_report_incident(
        actor=case["applicant"], policy=case["policy"], summary="服务器文件被加密，桌面出现勒索信",
        affected_system=case["system"], occurred_at=start - timedelta(hours=3),
        discovered_at=start - timedelta(hours=1), incident_class="MP", sub_class="ransomware", now=start,
    )  # fmt: skip
    offer = Offer.objects.get(engagement__incident=incident, status="pending")
    do_accept_offer(actor=case["manager"], offer=offer, now=start + timedelta(minutes=20))
    incident.refresh_from_db()
    at = start + timedelta(hours=1)
    do_record_outage(actor=case["engineer"], incident=incident, system=case["system"],
                     started_at=start - timedelta(hours=3), ended_at=start + timedelta(hours=9),
                     now=at)  # fmt: skip
    do_update_impact(actor=case["engineer"], incident=incident, personal_information_people=1_200_000,
                     direct_loss="380000", critical_outage_hours="1", now=at)  # fmt: skip
    for n, stage in enumerate(STAGES):
        incident.refresh_from_db()
        do_move_stage(actor=case["engineer"], incident=incident, stage=stage, note=f"进入{stage}",
                      now=start + timedelta(hours=2 * (n + 1)))  # fmt: skip
        if stage == until:
            break
    incident.refresh_from_db()
    return incident

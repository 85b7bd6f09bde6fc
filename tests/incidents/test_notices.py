"""Who is told about an incident: the report, the offer, the dispatch, stage changes and clocks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from cyberins.incidents.clock_notices import notify_clocks
from cyberins.incidents.services import do_move_stage
from cyberins.notifications.models import Notification
from cyberins.notifications.rendering import render
from cyberins.providers.services import do_accept_offer
from tests.incidents.test_services import reported


def _kinds(user: Any) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("kind", flat=True))


def _subjects(user: Any, kind: str) -> list[str]:
    rows = Notification.objects.filter(recipient=user, kind=kind).order_by("pk")
    return [render(n.kind, n.params, "en")[0] for n in rows]


def test_report_offer_dispatch_and_stage_reach_the_right_people(case: dict[str, Any]) -> None:
    now = timezone.now()
    incident = reported(case, now=now)
    assert _subjects(case["applicant"], "incident_reported") == [f"Incident {incident.number} was reported"]
    assert _kinds(case["hotline"]) == ["incident_reported"]
    assert _kinds(case["admin"]) == ["incident_reported"]
    assert "incident_reported" not in _kinds(case["stranger"])
    # The matched provider's manager is asked to answer the offer; the other provider hears nothing.
    assert _subjects(case["manager"], "offer_waiting") == [
        f"An emergency-response offer is waiting: {incident.number}"
    ]
    assert _kinds(case["other_manager"]) == []

    offer = incident.engagement.offers.get()
    do_accept_offer(actor=case["manager"], offer=offer, now=now + timedelta(minutes=5))
    assert "provider_dispatched" in _kinds(case["applicant"])
    assert "provider_dispatched" in _kinds(case["claims"])

    do_move_stage(actor=case["manager"], incident=incident, stage="responding", note="", now=now)
    ((subject,),) = [_subjects(case["applicant"], "incident_stage")]
    assert subject == f"Incident {incident.number}: Emergency response (应急响应)"


def test_a_clock_is_told_when_due_soon_and_again_when_breached(case: dict[str, Any]) -> None:
    now = timezone.now()
    incident = reported(case, now=now, suspicious_only=False)
    # The first-contact clock (60 minutes) is due soon in its last fifth, and breached after it.
    assert notify_clocks(now=now + timedelta(minutes=50)) >= 1
    assert notify_clocks(now=now + timedelta(minutes=55)) == 0  # once
    assert notify_clocks(now=now + timedelta(minutes=61)) >= 1
    subjects = _subjects(case["hotline"], "sla_at_risk")
    assert f"Incident {incident.number}: first contact with the insured due soon" in subjects
    assert f"Incident {incident.number}: first contact with the insured breached" in subjects
    assert "sla_at_risk" not in _kinds(case["stranger"])

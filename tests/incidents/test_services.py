"""Services without the API: the hotline's phone report, the clocks job under an injected ``now`` (a
breach is recorded once and escalated), outages and manual timeline entries, re-grading."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cyberins.accounts.errors import DomainError, Forbidden, NotFound
from cyberins.accounts.periodic import get_job
from cyberins.accounts.roles import OrganisationKind, Role
from cyberins.incidents.models import EntryKind, Incident
from cyberins.incidents.scheduled import incident_clocks
from cyberins.incidents.services import (
    do_add_timeline_entry,
    do_record_outage,
    do_register_call,
    do_report_incident,
    do_update_impact,
)
from cyberins.policies.servicing import do_cancel_policy
from cyberins.terms import SHANGHAI
from tests import factories as f


def reported(case, *, now, **changes):
    values = {
        "actor": case["applicant"],
        "policy": case["policy"],
        "summary": "勒索软件",
        "affected_system": case["system"],
        "occurred_at": now - timedelta(hours=2),
        "discovered_at": now - timedelta(hours=1),
        "now": now,
    }
    return do_report_incident(**(values | changes))


def test_the_hotline_registers_a_phone_report_and_its_transfer(case) -> None:
    now = timezone.now()
    call = do_register_call(
        actor=case["hotline"], policy=case["policy"], caller="李工", callback_number="021-5555 0000",
        called_at=now - timedelta(minutes=3), summary="网站被篡改", affected_system=case["system"], now=now,
    )  # fmt: skip
    incident = call.incident
    assert (incident.channel, incident.covered, incident.first_contact_at) == (
        "hotline",
        True,
        call.called_at,
    )
    assert (call.transferred_to.name, call.transfer_number) == ("沪应急安全", "400-000-0000")
    assert incident.timeline.filter(kind=EntryKind.CALL).exists()
    # another insurer's agent does not find the policy
    outsider = f.user(Role.HOTLINE_AGENT, organisation=f.organisation(kind=OrganisationKind.INSURER))
    with pytest.raises(NotFound):
        do_register_call(actor=outsider, policy=case["policy"], caller="x", callback_number="1",
                         called_at=now, summary="x", affected_system="x", now=now)  # fmt: skip


def test_an_sla_breach_is_recorded_once_and_escalated(case) -> None:
    now = timezone.now()
    incident = reported(case, now=now)
    assert incident_clocks(now=now + timedelta(minutes=30)) == 0
    # nobody called back within the hour
    assert incident_clocks(now=now + timedelta(minutes=61)) == 1
    assert incident_clocks(now=now + timedelta(minutes=90)) == 0  # idempotent
    # nobody accepted within 24 hours (the offer is still pending: no time-out job ran)
    assert incident_clocks(now=now + timedelta(hours=24, minutes=1)) == 1
    incident.refresh_from_db()
    assert incident.breaches == ["first_contact", "team_arranged"]
    assert incident.escalated_at == now + timedelta(minutes=61)
    assert incident.timeline.filter(kind=EntryKind.CLOCK).count() == 2
    assert get_job("incidents.clocks").every == timedelta(minutes=1)


def test_a_significant_incident_runs_the_authority_clock_from_discovery(case) -> None:
    now = timezone.now()
    incident = reported(case, now=now, personal_information_people=1_500_000, operator_kind="cii")
    assert incident.grade == "significant"
    # discovered an hour before the report: a CII operator's 1-hour report is already due
    assert incident_clocks(now=now + timedelta(minutes=1)) == 1
    incident.refresh_from_db()
    assert incident.breaches == ["authority_report"]


def test_a_report_after_the_cancellation_took_effect_is_uncovered(case) -> None:
    now = timezone.now()
    policy = case["policy"]
    cancel_day = (now - timedelta(days=3)).astimezone(SHANGHAI).date()
    do_cancel_policy(actor=_underwriter(case), policy=policy, effective_on=cancel_day, reason="退保")
    late = reported(case, now=now)
    assert (late.covered, late.coverage_reasons) == (False, ["cancelled"])
    # an event before the cancellation's effective date is still covered
    early = reported(
        case, now=now, occurred_at=now - timedelta(days=5), discovered_at=now - timedelta(days=4)
    )
    assert early.covered


def _underwriter(case):
    return f.user(Role.UNDERWRITER, organisation=case["insurer"])


def test_only_the_dispatched_responders_record_outages(case) -> None:
    """Outage hours become a claim's business-interruption loss: the insured does not state them, nor
    does a provider the case was not dispatched to."""
    now = timezone.now()
    incident = reported(case, now=now)
    start = now - timedelta(hours=2)
    outage = {"incident": incident, "system": "ERP", "started_at": start, "now": now}
    with pytest.raises(Forbidden):
        do_record_outage(actor=case["applicant"], **outage)
    with pytest.raises(NotFound):
        do_record_outage(actor=case["other_manager"], **outage)
    assert incident.outages.count() == 0


def test_outages_timeline_entries_and_regrading(case) -> None:
    now = timezone.now()
    incident = reported(case, now=now)
    engineer = case["admin"]
    start = now - timedelta(hours=2)
    with pytest.raises(DomainError) as bad:
        do_record_outage(actor=engineer, incident=incident, system="ERP", started_at=start,
                         ended_at=start - timedelta(minutes=1), now=now)  # fmt: skip
    assert bad.value.code == "incidents.invalid_period"
    do_record_outage(actor=engineer, incident=incident, system="ERP", started_at=start, now=now)
    outage = do_record_outage(
        actor=engineer, incident=incident, system="ERP", started_at=start, ended_at=now, now=now
    )
    assert incident.outages.count() == 1
    assert outage.ended_at == now
    an_hour_ago = now - timedelta(hours=1)
    entry = do_add_timeline_entry(actor=engineer, incident=incident, at=an_hour_ago, text="隔离主机", now=now)
    assert entry.at.utcoffset() is not None
    with pytest.raises(DomainError, match=r"incidents\.invalid_time"):
        do_add_timeline_entry(
            actor=engineer, incident=incident, at=an_hour_ago.replace(tzinfo=None), text="x", now=now
        )
    regraded = do_update_impact(actor=engineer, incident=incident, personal_information_people=12_000_000,
                                direct_loss=0, critical_outage_hours=2, now=now)  # fmt: skip
    assert regraded.grade == "major"
    assert Incident.objects.get(pk=incident.pk).timeline.filter(kind=EntryKind.GRADE).count() == 1
    with pytest.raises(NotFound):
        do_add_timeline_entry(actor=case["stranger"], incident=incident, at=now, text="x", now=now)

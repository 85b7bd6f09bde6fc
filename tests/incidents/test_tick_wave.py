"""A mass-breach tick (a ransomware wave): every open case breaches at once. The tick writes in chunks
(``TICK_CHUNK`` cases per transaction), each breach once, and a second tick writes nothing."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from cyberins.accounts.audit import seal_all, verify_chain
from cyberins.accounts.audit_model import AuditRecord
from cyberins.incidents.models import EntryKind, Incident, TimelineEntry
from cyberins.incidents.services import clocks, do_report_incident, tick

N = 300


def _wave(case, n: int):
    now = timezone.now()
    first = do_report_incident(
        actor=case["applicant"], policy=case["policy"], summary="勒索软件", affected_system=case["system"],
        occurred_at=now - timedelta(hours=1), discovered_at=now - timedelta(minutes=30), now=now,
    )  # fmt: skip
    fields = {
        f.attname: getattr(first, f.attname) for f in Incident._meta.concrete_fields if not f.primary_key
    }
    copy = fields | {"engagement_id": None, "related_to_id": None, "first_contact_at": None, "breaches": []}
    Incident.objects.bulk_create([Incident(**(copy | {"number": f"WAVE{k:06d}"})) for k in range(n - 1)])
    return first.reported_at


def _breach_records() -> int:
    return AuditRecord.objects.filter(action="incident.breach").count()


def test_a_wave_of_breaches_is_recorded_once_per_case(case, monkeypatch) -> None:
    monkeypatch.setattr(clocks, "TICK_CHUNK", 120)  # three chunks: 120, 120, 60
    reported = _wave(case, N)
    # first contact is due 60 minutes after the report: every case breaches it at once
    now = reported + timedelta(minutes=61)
    started = time.perf_counter()
    assert tick(now=now) == N
    print(f"tick recording {N} breaches: {time.perf_counter() - started:.2f} s")
    clock_entries = TimelineEntry.objects.filter(kind=EntryKind.CLOCK)
    assert clock_entries.count() == N
    assert clock_entries.values("incident").distinct().count() == N
    assert {e.details["clock"] for e in clock_entries} == {"first_contact"}
    assert _breach_records() == N
    assert AuditRecord.objects.filter(action="incident.breach").values("object_id").distinct().count() == N
    assert Incident.objects.filter(escalated_at=now, breaches=["first_contact"]).count() == N
    seal_all()
    assert verify_chain().ok

    entries, records = TimelineEntry.objects.count(), AuditRecord.objects.count()
    assert tick(now=now + timedelta(minutes=1)) == 0
    assert (TimelineEntry.objects.count(), AuditRecord.objects.count()) == (entries, records)


def test_a_tick_that_dies_mid_way_is_completed_by_the_next(case, monkeypatch) -> None:
    """A crash in the second chunk rolls that chunk back whole; the first stays done, and the next tick
    records the rest once."""
    monkeypatch.setattr(clocks, "TICK_CHUNK", 20)
    reported = _wave(case, 50)
    now = reported + timedelta(minutes=61)
    real = TimelineEntry.objects.bulk_create
    calls = {"n": 0}

    def dies_the_second_time(objs, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("the worker died")
        return real(objs, **kwargs)

    monkeypatch.setattr(TimelineEntry.objects, "bulk_create", dies_the_second_time)
    with pytest.raises(RuntimeError):
        tick(now=now)
    assert Incident.objects.exclude(breaches=[]).count() == 20
    assert TimelineEntry.objects.filter(kind=EntryKind.CLOCK).count() == 20
    assert _breach_records() == 20

    monkeypatch.setattr(TimelineEntry.objects, "bulk_create", real)
    assert tick(now=now + timedelta(minutes=1)) == 30
    assert TimelineEntry.objects.filter(kind=EntryKind.CLOCK).values("incident").distinct().count() == 50
    assert TimelineEntry.objects.filter(kind=EntryKind.CLOCK).count() == 50
    assert _breach_records() == 50

"""``cyberins incidents list`` and ``cyberins incidents tick``."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from cyberins.cli import main
from cyberins.incidents.services import do_report_incident


def test_list_and_tick(case, capsys) -> None:
    now = timezone.now() - timedelta(hours=2)
    incident = do_report_incident(
        actor=case["applicant"], policy=case["policy"], summary="DDoS", affected_system=case["system"],
        occurred_at=now - timedelta(minutes=30), discovered_at=now - timedelta(minutes=10),
        incident_class="NA", sub_class="ddos", now=now,
    )  # fmt: skip
    assert main(["incidents", "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["number"], row["class"], row["stage"]) == (incident.number, "NA", "reported")
    assert {c["name"]: c["state"] for c in row["clocks"]}["first_contact"] == "breached"
    assert row["breaches"] == []
    assert main(["incidents", "tick"]) == 0
    assert capsys.readouterr().out.strip() == "1 breaches recorded"
    assert main(["incidents", "tick"]) == 0
    assert capsys.readouterr().out.strip() == "0 breaches recorded"
    assert main(["incidents", "list"]) == 0
    table = capsys.readouterr().out
    assert "breaches: first_contact" in table
    assert table.strip().endswith("1 incidents")
    with pytest.raises(SystemExit):
        main(["incidents", "tick", "--now", "2026-07-01T10:00"])

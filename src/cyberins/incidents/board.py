"""The platform operator's SLA board: open cases by stage, each with its clocks and their worst state
(breached, due soon, running), filtered by stage, clock state and insurer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from cyberins.incidents.labels import ClockView, clock_view
from cyberins.incidents.models import Incident, Stage
from cyberins.incidents.services import incident_clocks
from cyberins.terms.incidents import Clock, ClockState

#: Worst first: a case's place on the board is its worst clock.
SEVERITY = (ClockState.BREACHED, ClockState.DUE_SOON, ClockState.PENDING, ClockState.MET)
#: Rows shown per stage (the count says how many there are).
ROWS_PER_STAGE = 200


@dataclass(frozen=True)
class BoardRow:
    incident: Incident
    clocks: list[ClockView]
    worst: str | None


@dataclass
class StageColumn:
    stage: str
    label: Any
    rows: list[BoardRow] = field(default_factory=list)
    count: int = 0


def _worst(clocks: list[Clock]) -> str | None:
    """The worst state among the clocks still running (a met clock does not put a case at risk)."""
    states = {c.state for c in clocks}
    for state in SEVERITY[:3]:
        if state in states:
            return str(state)
    return None


def open_cases(incidents: QuerySet[Incident], *, stage: str = "", insurer: str = "") -> QuerySet[Incident]:
    cases = incidents.exclude(stage=Stage.CLOSED)
    if stage in Stage.values:
        cases = cases.filter(stage=stage)
    if insurer.isdigit():
        cases = cases.filter(insurer_id=int(insurer))
    return cases.select_related("reporting_org", "insurer", "provider", "policy").order_by(
        "reported_at", "pk"
    )


def sla_board(cases: QuerySet[Incident], *, now: datetime, state: str = "") -> list[StageColumn]:
    """The columns in the seed's stage order; ``state`` keeps only cases whose worst clock is in it."""
    columns = {s: StageColumn(s, label) for s, label in Stage.choices if s != Stage.CLOSED}
    for incident in cases:
        clocks = incident_clocks(incident, now)
        worst = _worst(clocks)
        if state and worst != state:
            continue
        column = columns[incident.stage]
        column.count += 1
        if len(column.rows) < ROWS_PER_STAGE:
            column.rows.append(BoardRow(incident, [clock_view(c, incident) for c in clocks], worst))
    for column in columns.values():
        order = {str(s): n for n, s in enumerate(SEVERITY)}
        column.rows.sort(key=lambda r: (order.get(r.worst or "", 9), r.incident.reported_at))
    return list(columns.values())


def totals(columns: list[StageColumn]) -> dict[str, int]:
    """How many open cases are overdue, at risk, running (by their worst clock)."""
    counted = {str(s): 0 for s in SEVERITY[:3]}
    for column in columns:
        for row in column.rows:
            if row.worst:
                counted[row.worst] += 1
    return counted

"""The platform operator's SLA board: open cases by stage, each with its clocks and their worst state
(breached, due soon, running), filtered by stage, clock state and insurer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from cyberins.incidents.labels import ClockView, clock_view
from cyberins.incidents.models import Incident, Stage
from cyberins.incidents.services import incident_clocks
from cyberins.terms.incidents import Clock, ClockState

#: Worst first: a case's place on the board is its worst clock.
SEVERITY = (ClockState.BREACHED, ClockState.DUE_SOON, ClockState.PENDING, ClockState.MET)
#: Rows shown per stage on one page of the board (the count says how many there are).
ROWS_PER_PAGE = 50


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
    #: the stage's cases by their worst clock state, over every page
    worst: Counter[str] = field(default_factory=Counter)


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


def sla_board(
    cases: QuerySet[Incident], *, now: datetime, state: str = "", page: Any = 1
) -> tuple[list[StageColumn], Page[int]]:
    """The columns in the seed's stage order, and the page shown; ``state`` keeps only cases whose worst
    clock is in it. Each column lists its cases most urgent first, ``ROWS_PER_PAGE`` a page: page 2 shows
    every stage's 51st to 100th; the pages run as far as the longest column."""
    columns = {s: StageColumn(s, label) for s, label in Stage.choices if s != Stage.CLOSED}
    found: dict[str, list[tuple[Incident, list[Clock], str | None]]] = {s: [] for s in columns}
    for incident in cases:
        clocks = incident_clocks(incident, now)
        worst = _worst(clocks)
        if state and worst != state:
            continue
        found[incident.stage].append((incident, clocks, worst))
    order = {str(s): n for n, s in enumerate(SEVERITY)}
    longest = max((len(rows) for rows in found.values()), default=0)
    shown = Paginator(range(longest), ROWS_PER_PAGE).get_page(page)
    start = (shown.number - 1) * ROWS_PER_PAGE
    for stage, rows in found.items():
        rows.sort(key=lambda r: (order.get(r[2] or "", 9), r[0].reported_at))
        column = columns[stage]
        column.count = len(rows)
        column.worst = Counter(worst for _, _, worst in rows if worst)
        column.rows = [
            BoardRow(incident, [clock_view(c, incident) for c in clocks], worst)
            for incident, clocks, worst in rows[start : start + ROWS_PER_PAGE]
        ]
    return list(columns.values()), shown


def totals(columns: list[StageColumn]) -> dict[str, int]:
    """How many open cases are overdue, at risk, running (by their worst clock)."""
    counted = {str(s): 0 for s in SEVERITY[:3]}
    for column in columns:
        for worst, n in column.worst.items():
            counted[worst] += n
    return counted

"""Trends across an organisation's health checks: the score history and the patch cadence.

A finding is identified across checks by its key ``host|port|check`` (the same problem on the same
service: ``Finding.fingerprint`` in the platform). Reading the checks in time order:

- a key is **first seen** by the first check that reports it (again, after a fix: a regression opens
  a new span);
- it is **fixed** by the first later check that assessed its service completely and no longer reports
  it, or that was a fix verification of it finding it gone. A check that did not assess the service
  completely (refused, timed out) proves nothing and leaves the span open;
- its **days to fix** are ``(fixed - first seen)`` in days; the **patch cadence** is the median of the
  days to fix over the fixed spans (open spans are counted, not averaged: their end is unknown).

Pure: the platform turns its stored checks into :class:`CheckRecord` and shows the result.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class CheckRecord:
    """One finished check as the trends read it.

    ``keys``: the findings it reported; ``assessed``: the (host, port) services it assessed completely
    (port None: a host's port-less checks, e.g. email and DNS); ``scored``: whether its score belongs
    to the history (a fix verification scans one service and is not a score of the organisation).
    """

    at: datetime
    keys: frozenset[str]
    assessed: frozenset[tuple[str, int | None]]
    score: int | None = None
    grade: str = ""
    scored: bool = True
    reference: str = ""


@dataclass(frozen=True)
class ScorePoint:
    at: datetime
    score: int
    grade: str
    reference: str


@dataclass(frozen=True)
class FindingSpan:
    """One sighting of a finding from its first check to its fix (``fixed_at`` None: still open)."""

    key: str
    first_seen: datetime
    fixed_at: datetime | None = None
    fixed_by: str = ""

    @property
    def days_to_fix(self) -> float | None:
        if self.fixed_at is None:
            return None
        return round((self.fixed_at - self.first_seen).total_seconds() / SECONDS_PER_DAY, 1)


@dataclass(frozen=True)
class Cadence:
    spans: list[FindingSpan] = field(default_factory=list)

    @property
    def fixed(self) -> list[FindingSpan]:
        return sorted((s for s in self.spans if s.fixed_at), key=lambda s: (s.fixed_at, s.key))

    @property
    def still_open(self) -> list[FindingSpan]:
        return [s for s in self.spans if s.fixed_at is None]

    @property
    def median_days(self) -> float | None:
        days = [s.days_to_fix for s in self.fixed if s.days_to_fix is not None]
        return round(statistics.median(days), 1) if days else None


def service_of(key: str) -> tuple[str, int | None]:
    """The (host, port) a key names: ``host|port|check`` (port empty for a port-less check)."""
    host, port, _check = key.split("|", 2)
    return host, int(port) if port else None


def score_history(checks: Iterable[CheckRecord]) -> list[ScorePoint]:
    """The scored checks' scores in time order (a check without a score is left out)."""
    return [
        ScorePoint(c.at, c.score, c.grade, c.reference)
        for c in sorted(checks, key=lambda c: c.at)
        if c.scored and c.score is not None
    ]


def cadence(checks: Sequence[CheckRecord]) -> Cadence:
    """The spans of every finding key over ``checks`` (any order; read in time order)."""
    open_since: dict[str, datetime] = {}
    spans: list[FindingSpan] = []
    for check in sorted(checks, key=lambda c: c.at):
        for key in sorted(open_since):
            if key not in check.keys and service_of(key) in check.assessed:
                spans.append(FindingSpan(key, open_since.pop(key), check.at, check.reference))
        for key in check.keys:
            open_since.setdefault(key, check.at)
    spans.extend(FindingSpan(key, since) for key, since in sorted(open_since.items()))
    return Cadence(sorted(spans, key=lambda s: (s.first_seen, s.key)))

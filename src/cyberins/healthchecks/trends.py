"""An organisation's trends as pages and the API show them: score history and patch cadence.

The stored checks become :class:`cyberins.scanner.trends.CheckRecord` (the computation is pure and
tested without a database); this module reads them and prepares the two SVG charts, each shown with
its table (``healthchecks/_trends.html``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cyberins.charts import Axis, LineChart, Series, line_chart
from cyberins.healthchecks.models import (
    FINISHED,
    Finding,
    HealthCheck,
    HealthCheckKind,
    HealthCheckStatus,
)
from cyberins.healthchecks.verification import covered_services
from cyberins.scanner.trends import Cadence, CheckRecord, ScorePoint, cadence, score_history

#: the latest checks read (a bound on the page's work: years of quarterly checks fit many times)
MAX_CHECKS = 200


@dataclass(frozen=True)
class Trends:
    history: list[ScorePoint]
    cadence: Cadence
    #: key → the latest finding row with that key (its title, severity and target for the tables)
    findings: dict[str, Finding]

    def label(self, key: str, english: bool) -> str:
        finding = self.findings.get(key)
        return finding.title("en" if english else "zh") if finding else key


def records(checks: QuerySet[HealthCheck]) -> tuple[list[CheckRecord], dict[str, Finding]]:
    """The finished checks of ``checks`` (already scoped by the caller) as trend records."""
    rows = (
        checks.filter(status__in=FINISHED)
        .order_by("-finished_at", "-pk")
        .prefetch_related(Prefetch("findings", queryset=Finding.objects.order_by("pk")))[:MAX_CHECKS]
    )
    out, latest = [], {}
    for check in reversed(list(rows)):
        findings = list(check.findings.all())
        latest.update({f.fingerprint: f for f in findings})
        out.append(
            CheckRecord(
                at=check.started_at or check.finished_at or check.requested_at,
                keys=frozenset(f.fingerprint for f in findings),
                assessed=covered_services(check),
                score=check.score,
                grade=check.grade,
                # a verification scans one service; an incomplete check never counts as a result
                scored=check.kind != HealthCheckKind.FIX_VERIFICATION
                and check.status == HealthCheckStatus.DONE,
                reference=check.number,
            )
        )
    return out, latest


def organisation_trends(checks: QuerySet[HealthCheck]) -> Trends:
    found, latest = records(checks)
    return Trends(score_history(found), cadence(found), latest)


def _stamp(moment: datetime) -> float:
    return moment.timestamp()


def _date_ticks(moments: list[datetime]) -> Axis:
    """First, middle and last date (fewer when they coincide), as local dates."""
    if not moments:
        return Axis()
    picks = sorted({moments[0], moments[len(moments) // 2], moments[-1]})
    return Axis([(_stamp(m), f"{timezone.localtime(m):%Y-%m-%d}") for m in picks])


def score_chart(history: list[ScorePoint]) -> LineChart | None:
    points = [(_stamp(p.at), float(p.score)) for p in history]
    return line_chart(
        [Series(_("Score"), points)],
        x_axis=_date_ticks([p.at for p in history]),
        y_axis=Axis([(float(v), str(v)) for v in (0, 25, 50, 75, 100)]),
        y_min=0,
        y_max=100,
    )


def cadence_chart(found: Cadence) -> LineChart | None:
    """Days to fix of each fixed finding, by the date of its fix, with the median as a dashed line."""
    fixed = [(s.fixed_at, s.days_to_fix) for s in found.fixed]
    dated = [(at, days) for at, days in fixed if at is not None and days is not None]
    points = [(_stamp(at), days) for at, days in dated]
    if not points:
        return None
    series = [Series(_("Days to fix"), points, colour="#c0392b")]
    median = found.median_days
    if median is not None:
        xs = [x for x, _y in points]
        series.append(Series(_("Median"), [(min(xs), median), (max(xs), median)], "#555", dashed=True))
    top = max(max(y for _x, y in points), 1.0)
    return line_chart(
        series,
        x_axis=_date_ticks([at for at, _days in dated]),
        y_axis=Axis([(0.0, "0"), (top, f"{top:g}")]),
        y_min=0,
        y_max=top,
    )


def page_context(checks: QuerySet[HealthCheck], *, english: bool) -> dict[str, Any]:
    """What ``healthchecks/_trends.html`` shows."""
    trends = organisation_trends(checks)
    rows = [
        {
            "label": trends.label(s.key, english),
            "finding": trends.findings.get(s.key),
            "span": s,
        }
        for s in trends.cadence.spans
    ]
    return {
        "history": trends.history,
        "score_chart": score_chart(trends.history),
        "cadence": trends.cadence,
        "cadence_chart": cadence_chart(trends.cadence),
        "cadence_rows": rows,
    }

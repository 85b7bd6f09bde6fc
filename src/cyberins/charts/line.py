"""A line chart as SVG coordinates: series of (x, y) points scaled into a padded drawing area.

x is any number (a time as a POSIX timestamp, an index); y is scaled between ``y_min`` and ``y_max``
(default: the data's range, or 0..1 when flat). The template draws the axes, one polyline and its
dots per series, and the tick labels it is given; the caller gives the tick labels as text, so the
chart never formats dates or numbers itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Series:
    """One line: ``points`` in data units, drawn in ``colour``, ``dashed`` if asked."""

    label: str
    points: Sequence[tuple[float, float]]
    colour: str = "#1f5fbf"
    dashed: bool = False


@dataclass(frozen=True)
class Axis:
    """Tick positions in data units with their labels."""

    ticks: Sequence[tuple[float, str]] = ()


@dataclass(frozen=True)
class Dot:
    x: float
    y: float


@dataclass(frozen=True)
class DrawnSeries:
    label: str
    colour: str
    dashed: bool
    points: str
    dots: list[Dot]
    #: where the series' name is written (top right, one line per series)
    legend_y: float = 0.0


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class LineChart:
    """SVG units: the template uses ``width``/``height`` for the viewBox, the rest for the drawing."""

    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    series: list[DrawnSeries] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)


def _span(values: Sequence[float], low: float | None, high: float | None) -> tuple[float, float]:
    lo = min(values) if low is None else low
    hi = max(values) if high is None else high
    if hi <= lo:  # one point, or a flat line: give it a unit range so it is drawn in the middle
        return lo - 0.5, lo + 0.5
    return lo, hi


def line_chart(
    series: Sequence[Series],
    *,
    x_axis: Axis = Axis(),
    y_axis: Axis = Axis(),
    y_min: float | None = None,
    y_max: float | None = None,
    width: int = 640,
    height: int = 240,
    pad: int = 40,
) -> LineChart | None:
    """The chart of ``series``; None when there is no point to draw."""
    xs = [x for s in series for x, _ in s.points]
    ys = [y for s in series for _, y in s.points]
    if not xs:
        return None
    x_lo, x_hi = _span(xs, None, None)
    y_lo, y_hi = _span(ys, y_min, y_max)
    # room for a centred date label under the first and the last point
    left, top, right, bottom = pad, pad // 2, width - pad, height - pad

    def sx(x: float) -> float:
        return round(left + (right - left) * (x - x_lo) / (x_hi - x_lo), 1)

    def sy(y: float) -> float:
        return round(bottom - (bottom - top) * (y - y_lo) / (y_hi - y_lo), 1)

    drawn = []
    for index, s in enumerate(series):
        dots = [Dot(sx(x), sy(y)) for x, y in s.points]
        points = " ".join(f"{d.x},{d.y}" for d in dots)
        drawn.append(DrawnSeries(s.label, s.colour, s.dashed, points, dots, legend_y=top + 12 + 14 * index))
    return LineChart(
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        series=drawn,
        x_ticks=[Tick(sx(x), label) for x, label in x_axis.ticks if x_lo <= x <= x_hi],
        y_ticks=[Tick(sy(y), label) for y, label in y_axis.ticks if y_lo <= y <= y_hi],
    )

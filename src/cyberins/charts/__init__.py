"""Small server-side SVG charts (no script, no downloaded asset): the page draws what this computes.

The analytics EP curve draws its own log-scale chart; this helper covers the plain case, a few
series of (x, y) points on linear axes, used by the health-check trends.
"""

from cyberins.charts.line import Axis, LineChart, Series, line_chart

__all__ = ["Axis", "LineChart", "Series", "line_chart"]

"""The SVG line-chart helper: data scaled into the padded drawing area (no Django)."""

from __future__ import annotations

from cyberins.charts import Axis, Series, line_chart


def test_points_are_scaled_into_the_drawing_area_with_y_growing_upwards() -> None:
    chart = line_chart(
        [Series("score", [(0, 0), (10, 100)])], y_min=0, y_max=100, width=200, height=100, pad=20
    )
    assert chart is not None
    assert (chart.left, chart.top, chart.right, chart.bottom) == (20, 10, 180, 80)
    assert chart.series[0].points == "20.0,80.0 180.0,10.0"
    assert [(d.x, d.y) for d in chart.series[0].dots] == [(20.0, 80.0), (180.0, 10.0)]


def test_a_single_point_is_drawn_in_the_middle_and_no_point_is_no_chart() -> None:
    chart = line_chart([Series("one", [(5, 7)])], width=200, height=100, pad=20)
    assert chart is not None
    assert chart.series[0].points == "100.0,45.0"
    assert line_chart([Series("none", [])]) is None


def test_ticks_outside_the_range_are_dropped_and_legends_stack() -> None:
    chart = line_chart(
        [Series("a", [(0, 1), (1, 2)]), Series("b", [(0, 2), (1, 1)], dashed=True)],
        x_axis=Axis([(0, "start"), (5, "beyond")]),
        y_axis=Axis([(1, "1"), (2, "2"), (3, "3")]),
    )
    assert chart is not None
    assert [t.label for t in chart.x_ticks] == ["start"]
    assert [t.label for t in chart.y_ticks] == ["1", "2"]
    assert chart.series[1].dashed
    assert chart.series[1].legend_y - chart.series[0].legend_y == 14

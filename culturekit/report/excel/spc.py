"""The ``Dashboard series`` sheet of a diagnosis workbook: every point of every XmR chart
with the mean and limits of its phase and its signal, as the report's tables list them."""

from __future__ import annotations

from typing import Any

from culturekit.report.excel.cells import NOTE, Column, Table, fraction, number, yes_no
from culturekit.report.presentation.numbers import POINTS_UNITS, excel_given_format, given_places
from culturekit.report.presentation.spc import TYPE_WORD, spc_views

# The figures whose display follows the trust's own places; mean, limits and moving
# range are derived, so they show one place more than the values were given to.
_GIVEN = ("Value",)
_DERIVED = ("Mean", "Lower limit", "Upper limit", "Moving range")


def dashboard_series(d: Any) -> Table | None:
    if d.dashboard is None or not d.dashboard.series:
        return None
    columns = [
        Column("Indicator", width=36, wrap=True),
        Column("Element id"),
        Column("Period"),
        Column("Period start"),
        Column("Value"),
        Column("Mean"),
        Column("Lower limit"),
        Column("Upper limit"),
        Column("Moving range"),
        Column("Phase"),
        Column("Trial limits"),
        Column("Signal", width=44, wrap=True),
        Column("Reading"),
        NOTE,
    ]
    table = Table(
        "Dashboard series",
        "The dashboard's indicators over time as XmR charts (Making Data Count): each "
        "point with the mean and process limits of its phase (a new phase from the "
        "programme's start), its moving range, whether the limits are trial limits, and "
        "its special cause, read as improvement or concern by the indicator's polarity "
        "(the Methods section words the rules).",
        columns,
    )
    at = {column.header: index for index, column in enumerate(columns)}
    for chart, view in zip(d.dashboard.series, spc_views(d.dashboard), strict=True):
        given = fraction if chart.unit in POINTS_UNITS else number
        places = given_places(*(p.value for p in chart.points))
        for point, row in zip(chart.points, view.rows, strict=True):
            index = len(table.rows)
            for header in _GIVEN:
                table.number_formats[(index, at[header])] = excel_given_format(places, chart.unit)
            for header in _DERIVED:
                table.number_formats[(index, at[header])] = excel_given_format(
                    places + 1, chart.unit
                )
            table.rows.append(
                [
                    chart.indicator,
                    chart.element,
                    row["period"],
                    point.period.isoformat(),
                    given(point.value),
                    given(point.mean),
                    given(point.lower_limit, "too few points for limits"),
                    given(point.upper_limit, "too few points for limits"),
                    given(point.moving_range, "first point of its phase"),
                    point.group + 1,
                    yes_no(point.trial),
                    row["signal"],
                    TYPE_WORD[point.point_type],
                ]
            )
    return table

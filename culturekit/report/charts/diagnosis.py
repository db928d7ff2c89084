"""The diagnosis report's charts: element scores by source, and the workforce section's."""

from __future__ import annotations

from typing import Any

from culturekit.report import palette
from culturekit.report.charts.figure import Interval
from culturekit.report.charts.impact import impact_chart
from culturekit.report.charts.intervals import interval_chart
from culturekit.report.charts.once import once_per_result
from culturekit.report.charts.workforce import workforce_charts
from culturekit.report.presentation.diagnosis import summary_chart_description
from culturekit.report.presentation.drivers import drivers_view
from culturekit.report.presentation.words import source_name


@once_per_result
def diagnosis_charts(diagnosis: Any) -> dict[str, Any]:
    """Every chart of the diagnosis report, as SVG text keyed by where it goes."""
    rows = []
    for element in diagnosis.elements:
        series = []
        for source, score in element.sources.items():
            if score.score is None:
                continue
            colour, marker = palette.SOURCE_STYLE[source]
            series.append(
                Interval(
                    source_name(source), score.score, score.ci_low, score.ci_high, colour, marker
                )
            )
        rows.append((element.name, series))
    summary = None
    if any(series for _, series in rows):
        summary = interval_chart(rows, summary_chart_description(diagnosis))
    found: dict[str, Any] = {"summary": summary}
    if diagnosis.workforce is not None:
        found["workforce"] = workforce_charts(diagnosis.workforce)
    drivers = drivers_view(diagnosis)
    if drivers is not None and drivers.get("points"):
        found["drivers"] = impact_chart(
            drivers["points"],
            drivers["score_cut"],
            drivers["impact_cut"],
            drivers["quadrant_labels"],
            drivers["description"],
        )
    return found

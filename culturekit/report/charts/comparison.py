"""The comparison report's charts: pre and post scores of one source, and every change."""

from __future__ import annotations

from typing import Any

from culturekit.report import palette
from culturekit.report.charts.figure import Interval
from culturekit.report.charts.intervals import change_chart, interval_chart
from culturekit.report.charts.once import once_per_result
from culturekit.report.presentation.comparison import (
    CHANGES_CHART_DESCRIPTION,
    chart_source,
    scores_chart_description,
)
from culturekit.report.presentation.words import source_name


def _score_chart(comparison: Any, source: str) -> str | None:
    """Pre and post scores of one source by element: points only (no interval is held)."""
    pre_style = palette.SOURCE_STYLE["pre"]
    post_style = palette.SOURCE_STYLE["post"]
    rows = []
    for element in comparison.elements:
        change = element.sources.get(source)
        if change is None:
            continue
        series = []
        if change.pre is not None:
            series.append(Interval(comparison.pre.period, change.pre, None, None, *pre_style))
        if change.post is not None:
            series.append(Interval(comparison.post.period, change.post, None, None, *post_style))
        rows.append((element.name, series))
    if not any(series for _, series in rows):
        return None
    return interval_chart(rows, scores_chart_description(comparison, source))


def _changes_chart(comparison: Any) -> str | None:
    rows = []
    for element in comparison.elements:
        series = []
        for source in comparison.sources:
            change = element.sources.get(source)
            if change is None or change.change is None:
                continue
            colour, marker = palette.SOURCE_STYLE[source]
            point = Interval(
                source_name(source), change.change, change.ci_low, change.ci_high, colour, marker
            )
            series.append((point, change.verdict in ("better", "worse")))
        rows.append((element.name, series))
    if not any(series for _, series in rows):
        return None
    return change_chart(rows, CHANGES_CHART_DESCRIPTION)


@once_per_result
def comparison_charts(comparison: Any) -> dict[str, Any]:
    """Every chart of the comparison report, as SVG text keyed by where it goes."""
    source = chart_source(comparison)
    return {
        "scores_source": source,
        "scores": _score_chart(comparison, source) if source else None,
        "changes": _changes_chart(comparison),
    }

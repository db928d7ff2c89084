"""The trend report (``trend.html``): many collections of one trust, in period order.

Everything shown comes from the trend model, worded by the presentation layer; no
statistic is computed here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from culturekit.report.charts.trend import trend_chart_svg
from culturekit.report.environment import environment
from culturekit.report.html import page_context, render_template
from culturekit.report.presentation.compare_tables import group_tables
from culturekit.report.presentation.disclosure import disclosure_context
from culturekit.report.presentation.rules import rule
from culturekit.report.presentation.trend import (
    chart_description,
    series_views,
    step_documents,
    trend_counts,
)
from culturekit.report.presentation.words import CORRECTION_NAMES, source_name


def render_trend_html(
    trend: Any,
    *,
    templates: str | Path | None = None,
    extra: dict[str, Any] | None = None,
) -> str:
    """The trend report as HTML text (nothing is written)."""
    env = environment(templates)
    context = {**trend_context(trend), **(extra or {})}
    return render_template(env, "trend.html", context)


def source_charts(trend: Any, views: list[Any]) -> list[dict[str, Any]]:
    """One chart per source, with its text alternative listing every point and change."""
    periods = [c.period for c in trend.collections]
    charts = []
    for source in trend.sources:
        mine = [(s, v) for s, v in zip(trend.series, views, strict=True) if s.source == source]
        if not mine:
            continue
        description = chart_description([v for _, v in mine])
        charts.append(
            {
                "source": source,
                "name": source_name(source),
                "views": [v for _, v in mine],
                "svg": trend_chart_svg([s for s, _ in mine], periods, description),
            }
        )
    return charts


def trend_context(trend: Any) -> dict[str, Any]:
    """What the trend report's templates receive, the HTML's and the PDF's alike."""
    periods = [c.period for c in trend.collections]
    views = series_views(trend)
    return {
        **page_context(
            trend,
            f"Is the culture changing? {trend.trust.name}",
            f"{periods[0]} to {periods[-1]}",
            trend.framework.reporting_threshold,
        ),
        "t": trend,
        "trust": trend.trust,
        "periods": periods,
        "views": views,
        "charts": source_charts(trend, views),
        "counts": trend_counts(trend),
        "steps": [{"step": s, "groups": group_tables(s)} for s in step_documents(trend)],
        "element_names": {s.element: s.element_name for s in trend.series},
        "correction_name": CORRECTION_NAMES[trend.correction],
        "significance": rule(trend, "change_alpha"),
        "disclosure": disclosure_context(
            trend.disclosure, trend.framework.reporting_threshold, {p: p for p in periods}
        ),
    }

"""A trend in words: each element and source over time, its changes and its direction.

Every format reads these display data: the HTML's and PDF's tables and charts (whose text
alternative lists every point and change), the workbook's verdict and direction words,
and the terminal's summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from culturekit.report.presentation.numbers import change_between, p_value, percent, score
from culturekit.report.presentation.rules import confidence_label
from culturekit.report.presentation.words import (
    MARKS,
    join_words,
    plural,
    source_name,
    verdict_tag,
)

__all__ = [
    "DIRECTIONS",
    "SeriesView",
    "chart_description",
    "direction_label",
    "direction_tag",
    "series_views",
    "trend_counts",
]

# Direction word -> (CSS class, mark): marks say the direction without colour.
DIRECTIONS: dict[str, tuple[str, str]] = {
    "improving": ("better", MARKS["up"]),
    "worsening": ("worse", MARKS["down"]),
    "up and down": ("similar", "◆"),
    "no clear change": ("similar", MARKS["level"]),
    "too few to tell": ("none", MARKS["unclear"]),
    "not tested": ("none", MARKS["none"]),
}


def direction_tag(direction: str) -> tuple[str, str]:
    """(CSS class, text) of a direction's tag: ``("better", "▲ Improving")``."""
    css, sign = DIRECTIONS[direction]
    return css, f"{sign} {direction.capitalize()}"


def direction_label(direction: str) -> str:
    """``improving`` -> ``▲ improving``, as the terminal prints it."""
    return f"{DIRECTIONS[direction][1]} {direction}"


@dataclass(frozen=True)
class PointView:
    """One collection's figure of a series, as shown."""

    period: str
    score: str
    interval: str
    n: str
    percent_positive: str
    note: str


@dataclass(frozen=True)
class StepView:
    """One adjacent change of a series, as shown."""

    pre: str
    post: str
    change: str
    p_adjusted: str
    tag: tuple[str, str]
    verdict: str


@dataclass(frozen=True)
class SeriesView:
    """One element and source over time: its points, changes, direction and description."""

    element: str
    element_name: str
    source: str
    source_name: str
    points: list[PointView]
    steps: list[StepView]
    direction: str
    direction_tag: tuple[str, str]
    first_to_last: str
    description: str


def _point(point: Any, confidence: str) -> PointView:
    shown = point.score is not None
    return PointView(
        period=point.period,
        score=score(point.score) if shown else "",
        interval=f"{score(point.ci_low)} to {score(point.ci_high)}"
        if shown and point.ci_low is not None
        else "",
        n=f"{point.n:,}" if point.n is not None else "",
        percent_positive=percent(point.percent_positive)
        if point.percent_positive is not None
        else "",
        note="" if shown else (point.reason or "not shown"),
    )


def _steps(trend: Any, series: Any) -> list[StepView]:
    found = []
    for step in trend.steps:
        change = next(
            (e.sources.get(series.source) for e in step.elements if e.id == series.element), None
        )
        if change is None:
            continue
        moved = change.pre is not None and change.post is not None
        found.append(
            StepView(
                pre=step.pre,
                post=step.post,
                change=change_between(change.pre, change.post) if moved else "",
                p_adjusted=p_value(change.p_adjusted) if change.p_adjusted is not None else "",
                tag=verdict_tag(change.verdict),
                verdict=change.verdict,
            )
        )
    return found


def _description(
    view_points: list[PointView], steps: list[StepView], head: str, direction: str, confidence: str
) -> str:
    """The chart's text alternative: every point, every change and the direction."""
    points = "; ".join(
        f"{p.period} {p.score} ({confidence} interval {p.interval})"
        if p.score and p.interval
        else f"{p.period} {p.score}"
        if p.score
        else f"{p.period} not shown ({p.note})"
        for p in view_points
    )
    changes = "; ".join(
        f"{s.pre} to {s.post}: {s.verdict}"
        + (f" ({s.change}, adjusted p {s.p_adjusted})" if s.change and s.p_adjusted else "")
        for s in steps
    )
    return f"{head}: {points}. Changes: {changes or 'none tested'}. Overall: {direction}."


def series_views(trend: Any) -> list[SeriesView]:
    """Every series of the trend, as shown, in the trend's order (element, then source)."""
    confidence = confidence_label(trend)
    views = []
    for series in trend.series:
        points = [_point(p, confidence) for p in series.points]
        steps = _steps(trend, series)
        head = f"{source_name(series.source)} scores for {series.element_name}, out of 10"
        views.append(
            SeriesView(
                element=series.element,
                element_name=series.element_name,
                source=series.source,
                source_name=source_name(series.source),
                points=points,
                steps=steps,
                direction=series.direction,
                direction_tag=direction_tag(series.direction),
                first_to_last=change_between(series.points[0].score, series.points[-1].score)
                if series.first_to_last is not None
                else "",
                description=_description(points, steps, head, series.direction, confidence),
            )
        )
    return views


def chart_description(views: list[SeriesView]) -> str:
    """The text alternative of one source's chart: each of its series' descriptions."""
    return " ".join(v.description for v in views)


def trend_counts(trend: Any) -> str:
    """How many series go each way, in a sentence."""
    counts: dict[str, int] = {}
    for series in trend.series:
        counts[series.direction] = counts.get(series.direction, 0) + 1
    parts = [f"{counts[d]} {d}" for d in DIRECTIONS if d in counts]
    total = len(trend.series)
    pairs = plural(total, "element and source pair", "element and source pairs")
    return f"Of {total} {pairs} followed: {join_words(parts)}." if parts else ""


@dataclass(frozen=True)
class StepDocument:
    """One step read as the comparison of its two collections, for the comparison's own
    tables and sheets: the step's figures with the trend's framework and collections."""

    step: Any
    framework: Any
    pre: Any
    post: Any

    def __getattr__(self, name: str) -> Any:
        return getattr(self.step, name)


def step_documents(trend: Any) -> list[StepDocument]:
    """Every step of the trend as a comparison of its two collections."""
    info = trend.collections
    return [
        StepDocument(step, trend.framework, info[i], info[i + 1])
        for i, step in enumerate(trend.steps)
    ]

"""A trend as a board pack: is the culture changing, over every collection.

The words are the trend report's (:mod:`.trend`); every figure is a shown figure. A
point hidden by the reporting threshold is a cell that says why and no point of any
chart.
"""

from __future__ import annotations

import math
from typing import Any

from culturekit.report import palette
from culturekit.report.presentation.deck import (
    Cell,
    Chart,
    Deck,
    Line,
    Series,
    Slide,
    Table,
    number_format,
    reach,
    shown,
)
from culturekit.report.presentation.rules import confidence_label, rule
from culturekit.report.presentation.trend import (
    SeriesView,
    chart_description,
    series_views,
    trend_counts,
)
from culturekit.report.presentation.words import CORRECTION_NAMES, source_name

SCORE_AXIS = "Score (0-10, higher is more favourable)"
_TONES = {"better": "strength", "worse": "priority"}


def _tone(css: str) -> Any:
    return _TONES.get(css, "plain")


def summary_slide(trend: Any, views: list[SeriesView]) -> Slide:
    periods = [c.period for c in trend.collections]
    lines = [
        Line(
            f"{trend.trust.name} collected its culture data {len(periods)} times, from "
            f"{periods[0]} to {periods[-1]}. {trend_counts(trend)}",
            bold=True,
        )
    ]
    for v in views:
        if v.direction in ("improving", "worsening", "up and down"):
            lines.append(Line(f"{v.source_name}, {v.element_name}: {v.direction}", level=1))
    return Slide("Summary", "text", lines)


def directions_slide(trend: Any, views: list[SeriesView]) -> Slide:
    periods = [c.period for c in trend.collections]
    rows = []
    for element, name in {v.element: v.element_name for v in views}.items():
        row = [Cell(name)]
        for source in trend.sources:
            found = [v for v in views if v.element == element and v.source == source]
            if found:
                css, text = found[0].direction_tag
                row.append(Cell(text, _tone(css)))
            else:
                row.append(Cell("not followed", "hidden"))
        rows.append(row)
    table = Table(
        ["Element", *(source_name(s) for s in trend.sources)],
        rows,
        f"Overall direction of each element, by source, {periods[0]} to {periods[-1]}",
    )
    return Slide("Overall direction", "table", table=table)


def source_slides(trend: Any, views: list[SeriesView]) -> list[Slide]:
    """Per source: its scores over time as lines, then each element's points and changes."""
    periods = [c.period for c in trend.collections]
    level = confidence_label(trend)
    slides = []
    for source in trend.sources:
        mine = [(s, v) for s, v in zip(trend.series, views, strict=True) if s.source == source]
        if not mine:
            continue
        name = source_name(source)
        lines = []
        for k, (series, view) in enumerate(mine):
            values, minus, plus = [], [], []
            for point in series.points:
                hidden = point.suppressed or point.score is None
                values.append(None if hidden else shown(point.score))
                below, above = (
                    (None, None) if hidden else reach(point.score, point.ci_low, point.ci_high)
                )
                minus.append(below)
                plus.append(above)
            colour = palette.ELEMENT_COLOURS[k % len(palette.ELEMENT_COLOURS)]
            lines.append(Series(view.element_name, colour, values, minus, plus))
        low, high = _axis(lines)
        chart = Chart(
            kind="line",
            categories=periods,
            series=lines,
            axis_title=SCORE_AXIS,
            number_format=number_format("score"),
            description=chart_description([v for _, v in mine]),
            axis_format="0.0",
            minimum=low,
            maximum=high,
            major_unit=0.5 if high - low <= 3 else 1.0,
            labels=False,
        )
        lead = [Line(f"Each line is one element; each whisker the {level} confidence interval.")]
        note = "A line breaks where a figure is hidden to protect a small group."
        slides.append(Slide(f"{name} scores over time", "chart", lead, chart=chart, note=note))
        rows = []
        for _, view in mine:
            row = [Cell(view.element_name)]
            row += [Cell(p.score) if p.score else Cell(p.note, "hidden") for p in view.points]
            row += [Cell(s.tag[1], _tone(s.tag[0])) for s in view.steps]
            row.append(Cell(view.direction_tag[1], _tone(view.direction_tag[0])))
            rows.append(row)
        width = 1 + len(periods) + len(trend.steps) + 1
        rows = [r + [Cell("")] * (width - len(r)) for r in rows]
        table = Table(
            [
                "Element",
                *periods,
                *(f"{s.pre} → {s.post}" for s in trend.steps),
                "Overall",
            ],
            rows,
            f"{name}: each element's score in each collection, the changes between them "
            "and the overall direction",
            numeric=frozenset(range(1, 1 + len(periods))),
        )
        slides.append(Slide(f"{name}: score and change by collection", "table", table=table))
    return slides


def _axis(lines: list[Series]) -> tuple[float, float]:
    """Whole points holding every whisker, within 0-10: the lines would be flat on the
    whole scale, as the report's figure is not."""
    ends = [
        float(v) + sign * float(r or 0)
        for s in lines
        for v, lo, hi in zip(s.values, s.minus or [], s.plus or [], strict=True)
        if v is not None
        for sign, r in ((-1, lo), (1, hi))
    ]
    if not ends:
        return 0.0, 10.0
    return max(0.0, math.floor(min(ends))), min(10.0, math.ceil(max(ends)))


def reading_slide(trend: Any) -> Slide:
    correction = CORRECTION_NAMES[trend.correction]
    lines = [
        Line(
            "Each pair of neighbouring collections is compared as a comparison of those two "
            "compares them: Welch's t-test on respondents' scores, p-values adjusted with the "
            f"{correction} method across that pair's tests. A change is better or worse only "
            f"when its adjusted p-value is below {rule(trend, 'change_alpha')}."
        ),
        Line(
            "Improving: at least one change better and none worse. Worsening: at least one "
            "worse and none better. Up and down: some better and some worse."
        ),
        Line(
            f"No figure rests on fewer than {trend.framework.reporting_threshold} "
            "respondents; every collection is protected together, so that no small group "
            "can be worked out by setting one collection against another."
        ),
    ]
    return Slide("How to read these figures", "text", lines)


def trend_deck(trend: Any) -> Deck:
    """The board pack of a trend."""
    views = series_views(trend)
    periods = [c.period for c in trend.collections]
    span = f"{periods[0]} to {periods[-1]}"
    return Deck(
        title=f"Is the culture changing? {trend.trust.name}",
        subtitle=[
            span,
            "Culture and Leadership Programme: Delivery",
            f"{len(periods)} collections: {', '.join(periods)}",
        ],
        footer=f"{trend.trust.name}: is the culture changing? {span}",
        slides=[
            summary_slide(trend, views),
            directions_slide(trend, views),
            *source_slides(trend, views),
            reading_slide(trend),
        ],
    )

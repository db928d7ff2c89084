"""The trend's chart: each element's score over the collections, one chart per source."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from culturekit.report import palette
from culturekit.report.charts.figure import chart, new_figure, to_svg
from culturekit.report.presentation.safe_text import chart_text

# One colour and one marker per element, so that the lines are told apart in greyscale too.
_STYLES: tuple[tuple[str, str], ...] = tuple(
    zip(palette.ELEMENT_COLOURS, ("o", "s", "D", "^", "v", "P", "X"), strict=True)
)


@chart
def trend_chart_svg(series: Sequence[Any], periods: Sequence[str], description: str) -> str:
    """One source's series (``TrendSeries``): each element a line of its shown scores,
    each score with its interval; ``description`` is the text alternative listing every
    point and change (:mod:`..presentation.trend`)."""
    fig, ax = new_figure(7.2, 3.4)
    for k, line in enumerate(series):
        colour, marker = _STYLES[k % len(_STYLES)]
        shown = [(i, p) for i, p in enumerate(line.points) if p.score is not None]
        # A small sideways offset keeps the intervals of neighbouring elements apart.
        shift = (k - (len(series) - 1) / 2) * 0.04
        xs = [i + shift for i, _ in shown]
        ax.plot(
            xs,
            [p.score for _, p in shown],
            color=colour,
            lw=1.2,
            marker=marker,
            ms=4,
            label=chart_text(line.element_name),
        )
        spans = [(x, p) for x, (_, p) in zip(xs, shown, strict=True) if p.ci_low is not None]
        if spans:
            ax.vlines(
                [x for x, _ in spans],
                [p.ci_low for _, p in spans],
                [p.ci_high for _, p in spans],
                color=colour,
                lw=1,
            )
    ax.set_xticks(range(len(periods)), [chart_text(p) for p in periods])
    ax.set_xlim(-0.4, len(periods) - 0.6)
    ax.set_ylabel("Score (0-10)")
    ax.yaxis.grid(True, color=palette.PALE_GREY, lw=0.8)
    ax.set_axisbelow(True)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, fontsize=8)
    return to_svg(fig, description)

"""XmR charts of the dashboard series, in NHS colours, Making Data Count style."""

from __future__ import annotations

from typing import Any

from culturekit.report import palette
from culturekit.report.charts.figure import chart, new_figure, to_svg
from culturekit.report.presentation.safe_text import chart_text

# Making Data Count colours the points: improvement blue, concern orange, neither purple,
# common cause grey; the markers differ too, for greyscale print and colour blindness.
_POINT_STYLE: dict[str, tuple[str, str]] = {
    "special_cause_improvement": (palette.NHS_BLUE, "o"),
    "special_cause_concern": (palette.ORANGE, "s"),
    "special_cause_neutral_high": (palette.PURPLE, "D"),
    "special_cause_neutral_low": (palette.PURPLE, "D"),
    "common_cause": (palette.MID_GREY, "o"),
}


@chart
def xmr_chart_svg(chart: Any, title: str, labels: list[str]) -> str:
    """One XmR chart: values joined by a line, each phase's mean (solid) and limits
    (dashed), the target (dotted), special-cause points coloured by their type."""
    fig, ax = new_figure(7.2, 2.6)
    xs = list(range(len(chart.points)))
    ax.plot(xs, [p.value for p in chart.points], color=palette.MID_GREY, lw=1.2, zorder=1)
    for group in dict.fromkeys(p.group for p in chart.points):
        at = [i for i, p in enumerate(chart.points) if p.group == group]
        span = [at[0] - 0.3, at[-1] + 0.3]
        first = chart.points[at[0]]
        ax.plot(span, [first.mean] * 2, color=palette.DARK_GREY, lw=1.2)
        for limit in (first.lower_limit, first.upper_limit):
            if limit is not None:
                ax.plot(span, [limit] * 2, color=palette.DARK_GREY, lw=1, ls="--")
    if chart.target is not None:
        ax.axhline(chart.target, color=palette.DARK_RED, lw=1, ls=":")
    for kind, (colour, marker) in _POINT_STYLE.items():
        at = [i for i, p in enumerate(chart.points) if p.point_type == kind]
        if at:
            ax.scatter(
                at,
                [chart.points[i].value for i in at],
                color=colour,
                marker=marker,
                s=22,
                zorder=2,
            )
    step = max(1, len(xs) // 8)
    ax.set_xticks(xs[::step], [chart_text(labels[i]) for i in xs[::step]])
    ax.yaxis.grid(True, color=palette.PALE_GREY, lw=0.8)
    ax.set_axisbelow(True)
    return to_svg(fig, title)

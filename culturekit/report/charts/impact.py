"""The impact-by-score chart of the driver analysis: each predictor at its score (x) and
its importance for the outcome (y), split into four quadrants at the cuts the result
states. It draws only the display data's points; it computes nothing."""

from __future__ import annotations

from collections.abc import Sequence

from culturekit.report import palette
from culturekit.report.charts.figure import chart, new_figure, to_svg
from culturekit.report.presentation.drivers import ImpactPoint
from culturekit.report.presentation.safe_text import chart_text

QUADRANT_COLOURS = {
    "act_first": palette.DARK_ORANGE,
    "keep_up": palette.NHS_BLUE,
    "watch": palette.MID_GREY,
    "less_pressing": palette.DARK_GREY,
}


@chart
def impact_chart(
    points: Sequence[ImpactPoint],
    score_cut: float,
    impact_cut: float,
    labels: dict[str, tuple[str, str]],
    title: str,
) -> str:
    """Points with their names, the two cut lines and each quadrant's label in its corner."""
    fig, ax = new_figure(7.2, 4.2)
    for index, point in enumerate(points):
        ax.scatter(
            point.score,
            point.importance,
            s=40,
            color=QUADRANT_COLOURS[point.quadrant],
            zorder=3,
            clip_on=False,
        )
        ax.annotate(
            chart_text(point.label),
            (point.score, point.importance),
            # Alternate labels above and below, so that close points keep legible names.
            xytext=(5, 4 if index % 2 == 0 else -11),
            textcoords="offset points",
            fontsize=8,
            color=palette.TEXT,
        )
    xs = [p.score for p in points] + [score_cut]
    ys = [p.importance for p in points] + [impact_cut]
    pad_x = max(0.5, (max(xs) - min(xs)) * 0.25)
    ax.set_xlim(max(0.0, min(xs) - pad_x), min(10.0, max(xs) + pad_x))
    ax.set_ylim(0, max(ys) * 1.3)
    ax.axvline(score_cut, color=palette.MID_GREY, lw=1, ls="--", zorder=1)
    ax.axhline(impact_cut, color=palette.MID_GREY, lw=1, ls="--", zorder=1)
    for text, (across, up) in labels.items():
        ax.text(
            0.02 if across == "low" else 0.98,
            0.97 if up == "high" else 0.03,
            chart_text(text),
            transform=ax.transAxes,
            ha="left" if across == "low" else "right",
            va="top" if up == "high" else "bottom",
            fontsize=9,
            fontweight="bold",
            color=palette.SECONDARY_TEXT,
        )
    ax.set_xlabel(chart_text("Staff score (0-10)"))
    ax.set_ylabel(chart_text("Importance (% of variance)"))
    return to_svg(fig, title)

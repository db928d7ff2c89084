"""Dot-and-interval charts: scores on the 0-10 scale, and changes centred on none."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from culturekit.report import palette
from culturekit.report.charts.figure import Interval, chart, new_figure, to_svg
from culturekit.report.presentation.deck import axis_limit
from culturekit.report.presentation.safe_text import chart_text


@chart
def interval_chart(
    rows: Sequence[tuple[str, Sequence[Interval]]],
    title: str,
    *,
    axis_label: str = "Score (0-10, higher is more favourable)",
    bands: tuple[float, float] | None = None,
) -> str:
    """Dot-and-interval chart: one row per group (element), one dot per series (source)."""
    from matplotlib.lines import Line2D

    series_per_row = max((len(s) for _, s in rows), default=1)
    height = 0.9 + len(rows) * (0.22 + 0.16 * series_per_row)
    fig, ax = new_figure(7.2, max(1.8, height))
    ax.set_xlim(0, 10)
    if bands is not None:
        low, high = bands
        ax.axvspan(0, low, color=palette.PRIORITY_BG, zorder=0, lw=0)
        ax.axvspan(high, 10, color=palette.STRENGTH_BG, zorder=0, lw=0)
    labels = []
    seen: dict[str, Interval] = {}
    for position, (label, series) in enumerate(rows):
        labels.append(label)
        count = len(series)
        for index, point in enumerate(series):
            offset = (index - (count - 1) / 2) * 0.22
            y = position + offset
            if point.low is not None and point.high is not None:
                ax.hlines(y, point.low, point.high, color=point.colour, lw=2, zorder=2)
            ax.plot(
                point.value,
                y,
                marker=point.marker,
                color=point.colour,
                ms=7,
                zorder=3,
                linestyle="none",
                markeredgecolor="white",
                markeredgewidth=0.8,
            )
            seen.setdefault(point.label, point)
    ax.set_yticks(range(len(rows)), [chart_text(label) for label in labels])
    ax.invert_yaxis()
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlabel(chart_text(axis_label))
    ax.xaxis.grid(True, color=palette.PALE_GREY, lw=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    with_whiskers = {
        point.label
        for _, series in rows
        for point in series
        if point.low is not None and point.high is not None
    }
    handles = [
        Line2D(
            [],
            [],
            marker=p.marker,
            color=p.colour,
            ms=7,
            label=chart_text(name),
            linestyle="-" if name in with_whiskers else "none",
            lw=2,
        )
        for name, p in seen.items()
    ]
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), frameon=False)
    return to_svg(fig, title)


@chart
def change_chart(
    rows: Sequence[tuple[str, Sequence[tuple[Interval, bool]]]],
    title: str,
    *,
    axis_label: str = "Change in score, post − pre (points on the 0-10 scale)",
) -> str:
    """Dot-and-interval chart of changes on an axis centred on no change.

    One row per element, one dot per source; a filled dot is a significant change, a
    hollow one is not. Drawn on the shared figure so it matches the others.
    """
    series_per_row = max((len(s) for _, s in rows), default=1)
    height = 1.15 + len(rows) * (0.22 + 0.16 * series_per_row)
    fig, ax = new_figure(7.2, max(2.0, height))
    limit = axis_limit(
        v
        for _, series in rows
        for point, _ in series
        for v in (point.value, point.low, point.high)
        if v is not None
    )
    ax.set_xlim(-limit, limit)
    ax.axvline(0, color=palette.DARK_GREY, lw=1.2, zorder=1)
    seen: dict[str, Interval] = {}
    for position, (_, series) in enumerate(rows):
        count = len(series)
        for index, (point, significant) in enumerate(series):
            y = position + (index - (count - 1) / 2) * 0.22
            if point.low is not None and point.high is not None:
                ax.hlines(y, point.low, point.high, color=point.colour, lw=2, zorder=2)
            ax.plot(
                point.value,
                y,
                marker=point.marker,
                linestyle="none",
                ms=7,
                zorder=3,
                color=point.colour,
                markerfacecolor=point.colour if significant else "white",
                markeredgecolor="white" if significant else point.colour,
                markeredgewidth=0.8 if significant else 1.6,
            )
            seen.setdefault(point.label, point)
    ax.set_yticks(range(len(rows)), [chart_text(label) for label, _ in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlabel(chart_text(axis_label))
    ax.xaxis.grid(True, color=palette.PALE_GREY, lw=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    _direction_notes(ax)
    handles = _change_legend(seen)
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncol=len(handles),
        frameon=False,
        fontsize=8,
        handlelength=1.6,
        columnspacing=1.2,
    )
    return to_svg(fig, title)


def _direction_notes(ax: Any) -> None:
    """Which side of the axis is higher in post, written above the plot."""
    ax.text(
        0.01,
        1.0,
        "← lower in post",
        transform=ax.transAxes,
        ha="left",
        va="bottom",
        color=palette.DARK_GREY,
        fontsize=8,
    )
    ax.text(
        0.99,
        1.0,
        "higher in post →",
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        color=palette.DARK_GREY,
        fontsize=8,
    )


def _change_legend(seen: dict[str, Interval]) -> list[Any]:
    """One handle per source, then the filled and hollow dots' meanings."""
    from matplotlib.lines import Line2D

    handles = [
        Line2D(
            [],
            [],
            marker=p.marker,
            color=p.colour,
            linestyle="-",
            lw=2,
            ms=7,
            markeredgecolor="white",
            label=chart_text(name),
        )
        for name, p in seen.items()
    ]
    handles += [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            ms=7,
            color=palette.DARK_GREY,
            markeredgecolor="white",
            label="significant change",
        ),
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            ms=7,
            color=palette.DARK_GREY,
            markerfacecolor="white",
            markeredgewidth=1.6,
            label="no significant change",
        ),
    ]
    return handles

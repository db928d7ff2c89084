"""The network summary's chart: every trust's staff score of each element, by trust type.

Each element has a band of its own, and each trust type a lane inside it, so however many
trusts there are, a dot never leaves its element's band; colours and markers tell types
apart (a handful), not trusts (which the tables name).
"""

from __future__ import annotations

import math
from typing import Any

from culturekit.contract import TRUST_TYPES
from culturekit.report import palette
from culturekit.report.charts.figure import chart, lay_out, new_figure, to_svg
from culturekit.report.charts.once import once_per_result
from culturekit.report.presentation.network import type_name
from culturekit.report.presentation.safe_text import chart_text

# One colour and marker per trust type, in the contract's order of types and the last for
# trusts that give none, so a type looks the same in every summary; they differ in
# lightness and shape as well as hue (see palette).
TYPE_STYLES: tuple[tuple[str, str], ...] = (
    (palette.NHS_BLUE, "o"),
    (palette.DARK_ORANGE, "D"),
    (palette.PURPLE, "s"),
    (palette.GREEN, "^"),
    (palette.DARK_RED, "v"),
    (palette.DARK_GREY, "X"),
)
WIDTH = 7.2  # inches: the text width of the HTML page and of the A4 PDF
LANE = 0.13  # inches of height per type lane
GAP = 0.18  # inches between elements' bands


def _style(trust_type: str | None) -> tuple[str, str]:
    known = TRUST_TYPES.index(trust_type) if trust_type in TRUST_TYPES else len(TRUST_TYPES)
    return TYPE_STYLES[min(known, len(TYPE_STYLES) - 1)]


def _staff(element: Any) -> Any | None:
    return next((s for s in element.sources if s.source == "staff"), None)


def _dodged(values: list[float], half: float) -> list[float]:
    """Vertical offsets that keep dots with nearly equal scores apart, within ±half."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    offsets = [0.0] * len(values)
    cluster: list[int] = []
    # Dots closer than this (in score points) would cover one another.
    close = 0.07

    def place(members: list[int]) -> None:
        if len(members) < 2:
            return
        step = min(half / ((len(members) - 1) / 2), half * 0.7)
        for rank, i in enumerate(members):
            offsets[i] = (rank - (len(members) - 1) / 2) * step

    for i in order:
        if cluster and values[i] - values[cluster[0]] > close:
            place(cluster)
            cluster = []
        cluster.append(i)
    place(cluster)
    return offsets


@chart
def staff_figure(summary: Any) -> Any | None:
    """The figure (matplotlib) of the staff scores, or None when no trust has one."""
    rows = [(e.name, s) for e in summary.elements if (s := _staff(e)) is not None]
    shown = [t.score for _, s in rows for t in s.trusts if t.score is not None]
    if not shown:
        return None
    from matplotlib import patheffects
    from matplotlib.lines import Line2D

    groups = summary.groups
    lanes = len(groups)
    band_height = lanes * LANE + GAP
    height = 0.8 + 0.3 * (1 if lanes < 5 else 2) + len(rows) * band_height
    fig, ax = new_figure(WIDTH, height)
    low = max(0.0, math.floor(min(shown) - 0.5))
    high = min(10.0, math.ceil(max(shown) + 0.5))
    ax.set_xlim(low, high)
    # In data units an element's band is 1 high; the lanes share all of it but the gap.
    lane = (1 - GAP / band_height) / lanes
    group_of = {label: g for g, group in enumerate(groups) for label in group.labels}
    for position, (_, source) in enumerate(rows):
        if position % 2 == 0:
            ax.axhspan(position - 0.5, position + 0.5, color=palette.PALE_GREY, lw=0, zorder=0)
        for g in range(lanes):
            colour, marker = _style(groups[g].trust_type)
            centre = position - 0.5 + GAP / band_height / 2 + lane * (g + 0.5)
            points = [
                t.score for t in source.trusts if t.score is not None and group_of.get(t.label) == g
            ]
            if not points:
                continue
            offsets = _dodged(points, lane * 0.38)
            ax.plot(
                points,
                [centre + o for o in offsets],
                marker=marker,
                linestyle="none",
                ms=5.5,
                color=colour,
                markeredgecolor="white",
                markeredgewidth=0.6,
                zorder=3,
            )
            average = source.averages[g]
            if average.average is not None and average.trusts_scored > 1:
                # A white edge keeps the mark visible over dark markers of its lane.
                ax.vlines(
                    average.average,
                    centre - lane * 0.48,
                    centre + lane * 0.48,
                    color=palette.BLACK,
                    lw=1.8,
                    zorder=4,
                    path_effects=[patheffects.withStroke(linewidth=3.4, foreground="white")],
                )
    ax.set_yticks(range(len(rows)), [chart_text(name) for name, _ in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlabel("Staff score (0-10, higher is more favourable)")
    ax.xaxis.grid(True, color=palette.MID_GREY, lw=0.5, alpha=0.35)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    handles = [
        Line2D(
            [],
            [],
            marker=_style(group.trust_type)[1],
            color=_style(group.trust_type)[0],
            markeredgecolor="white",
            linestyle="none",
            ms=7,
            label=chart_text(f"{type_name(group.trust_type)} ({len(group.labels)})"),
        )
        for group in groups
    ]
    averaged = any(a.trusts_scored > 1 for _, s in rows for a in s.averages)
    if averaged:
        handles.append(
            Line2D(
                [],
                [],
                marker="|",
                color=palette.BLACK,
                linestyle="none",
                ms=10,
                mew=1.8,
                label="average of the type",
            )
        )
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncol=len(handles) if len(handles) <= 5 else math.ceil(len(handles) / 2),
        frameon=False,
        fontsize=8,
        handletextpad=0.4,
        columnspacing=1.4,
    )
    # Laid out now, for a caller that draws it elsewhere.
    lay_out(fig)
    return fig


@once_per_result
@chart
def network_charts(summary: Any) -> dict[str, str | None]:
    """Staff scores of every trust, element by element, in lanes by trust type."""
    fig = staff_figure(summary)
    if fig is None:
        return {"staff": None}
    return {"staff": to_svg(fig, "Staff scores of each trust by element and trust type")}

"""Charts as inline SVG: matplotlib with text kept as text, deterministic output.

Charts only draw figures the result models already hold; they compute nothing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from culturekit.report import palette

_SVG_HEAD = re.compile(r"^.*?(<svg\b)", re.S)


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "culturekit",
            "font.family": "sans-serif",
            "font.sans-serif": ["Arial", "Liberation Sans", "Helvetica", "DejaVu Sans"],
            "font.size": 9,
            "axes.edgecolor": palette.MID_GREY,
            "axes.labelcolor": palette.TEXT,
            "xtick.color": palette.TEXT,
            "ytick.color": palette.TEXT,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return plt


def _to_svg(fig: object, title: str) -> str:
    plt = _pyplot()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})  # type: ignore[attr-defined]
    plt.close(fig)  # type: ignore[arg-type]
    svg = _SVG_HEAD.sub(r"\1", buffer.getvalue(), count=1)
    # The figure is described by its caption and data table; screen readers skip the SVG.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_attr(title)}" ', 1)
    return svg


def _attr(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


@dataclass(frozen=True)
class Interval:
    label: str
    value: float
    low: float | None
    high: float | None
    colour: str
    marker: str


def interval_chart(
    rows: Sequence[tuple[str, Sequence[Interval]]],
    title: str,
    *,
    axis_label: str = "Score (0-10, higher is more favourable)",
    bands: tuple[float, float] | None = None,
) -> str:
    """Dot-and-interval chart: one row per group (element), one dot per series (source)."""
    plt = _pyplot()
    series_per_row = max((len(s) for _, s in rows), default=1)
    height = 0.9 + len(rows) * (0.22 + 0.16 * series_per_row)
    fig, ax = plt.subplots(figsize=(7.2, max(1.8, height)), layout="constrained")
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
    ax.set_yticks(range(len(rows)), labels)
    ax.invert_yaxis()
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlabel(axis_label)
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
        plt.Line2D(
            [],
            [],
            marker=p.marker,
            color=p.colour,
            ms=7,
            label=name,
            linestyle="-" if name in with_whiskers else "none",
            lw=2,
        )
        for name, p in seen.items()
    ]
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), frameon=False)
    return _to_svg(fig, title)


def pipeline_chart(
    bands: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], str, str]],
    title: str,
    *,
    axis_label: str = "Share of staff in the band (%)",
) -> str:
    """Lines across bands (Band 5 to board): the share of each group at each level."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.2, 2.8), layout="constrained")
    positions = list(range(len(bands)))
    for name, values, colour, marker in series:
        xs = [x for x, v in zip(positions, values, strict=True) if v is not None]
        ys = [v for v in values if v is not None]
        ax.plot(xs, ys, color=colour, marker=marker, lw=2, ms=6, label=name, clip_on=False)
    ax.set_xticks(positions, bands, rotation=0)
    ax.set_ylabel(axis_label)
    ax.set_ylim(bottom=0)
    ax.yaxis.grid(True, color=palette.PALE_GREY, lw=0.8)
    ax.set_axisbelow(True)
    fig.legend(frameon=False, loc="outside lower center", ncol=max(1, len(series)))
    return _to_svg(fig, title)

"""Line charts across ordered levels (bands from Band 5 to the board)."""

from __future__ import annotations

from collections.abc import Sequence

from culturekit.report import palette
from culturekit.report.charts.figure import chart, new_figure, to_svg
from culturekit.report.presentation.safe_text import chart_text


@chart
def pipeline_chart(
    bands: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], str, str]],
    title: str,
    *,
    axis_label: str = "Share of staff in the band (%)",
) -> str:
    """Lines across bands (Band 5 to board): the share of each group at each level."""
    fig, ax = new_figure(7.2, 2.8)
    positions = list(range(len(bands)))
    for name, values, colour, marker in series:
        xs = [x for x, v in zip(positions, values, strict=True) if v is not None]
        ys = [v for v in values if v is not None]
        ax.plot(
            xs, ys, color=colour, marker=marker, lw=2, ms=6, label=chart_text(name), clip_on=False
        )
    ax.set_xticks(positions, [chart_text(band) for band in bands], rotation=0)
    ax.set_ylabel(chart_text(axis_label))
    ax.set_ylim(bottom=0)
    ax.yaxis.grid(True, color=palette.PALE_GREY, lw=0.8)
    ax.set_axisbelow(True)
    fig.legend(frameon=False, loc="outside lower center", ncol=max(1, len(series)))
    return to_svg(fig, title)

"""The network summary's chart: staff scores of every trust, element by element."""

from __future__ import annotations

from typing import Any

from culturekit.report import palette
from culturekit.report.charts.figure import Interval
from culturekit.report.charts.intervals import interval_chart


def network_charts(summary: Any) -> dict[str, str | None]:
    """Staff scores of every trust, element by element, with the network average."""
    markers = ["o", "D", "s", "^", "v", "P", "X", "*"]
    colours = [
        palette.NHS_BLUE,
        palette.DARK_ORANGE,
        palette.PURPLE,
        palette.GREEN,
        palette.DARK_RED,
        palette.DARK_GREY,
        palette.AQUA_BLUE,
        palette.BLACK,
    ]
    style = {
        t.label: (colours[i % len(colours)], markers[i % len(markers)])
        for i, t in enumerate(summary.trusts)
    }
    rows = []
    for element in summary.elements:
        staff = next((s for s in element.sources if s.source == "staff"), None)
        if staff is None:
            continue
        series = [
            Interval(t.label, t.score, None, None, *style[t.label])
            for t in staff.trusts
            if t.score is not None
        ]
        rows.append((element.name, series))
    if len(summary.trusts) > 8 or not any(series for _, series in rows):
        return {"staff": None}
    return {"staff": interval_chart(rows, "Staff scores of each trust by element")}

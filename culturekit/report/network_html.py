"""The collaborative summary as HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from culturekit._version import __version__
from culturekit.framework.model import SOURCE_NAMES
from culturekit.network import NetworkSummary
from culturekit.report import charts, palette
from culturekit.report.environment import environment, generated_at
from culturekit.report.html import CONTENT_SECURITY_POLICY, render_template


def network_charts(summary: NetworkSummary) -> dict[str, str | None]:
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
            charts.Interval(t.label, t.score, None, None, *style[t.label])
            for t in staff.trusts
            if t.score is not None
        ]
        rows.append((element.name, series))
    if len(summary.trusts) > 8 or not any(series for _, series in rows):
        return {"staff": None}
    return {"staff": charts.interval_chart(rows, "Staff scores of each trust by element")}


def render_network_html(
    summary: NetworkSummary,
    *,
    templates: str | Path | None = None,
    extra: dict[str, Any] | None = None,
) -> str:
    env = environment(templates)
    context = {
        "n": summary,
        "charts": network_charts(summary),
        "generated_at": generated_at(),
        "version": __version__,
        "csp": CONTENT_SECURITY_POLICY,
        "source_names": SOURCE_NAMES,
        "for_print": False,
        "threshold": summary.reporting_threshold,
        "report_title": "Culture and leadership collaborative: network summary",
        "report_subtitle": ", ".join(t.label for t in summary.trusts),
        **(extra or {}),
    }
    return render_template(env, "network.html", context)

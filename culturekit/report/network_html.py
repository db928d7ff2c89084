"""The collaborative summary as HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from culturekit.report.charts.network import network_charts
from culturekit.report.environment import environment
from culturekit.report.html import page_context, render_template
from culturekit.report.presentation.network import network_context, network_periods, network_title


def render_network_html(
    summary: Any,
    *,
    templates: str | Path | None = None,
    extra: dict[str, Any] | None = None,
) -> str:
    env = environment(templates)
    context = {**summary_context(summary), **(extra or {})}
    return render_template(env, "network.html", context)


def summary_context(summary: Any, *, for_print: bool = False) -> dict[str, Any]:
    """What the network summary's templates receive; the PDF (``for_print``) links each
    trust to its PDF report, the page to its HTML report."""
    return {
        **page_context(
            summary,
            network_title(summary),
            network_periods(summary),
            summary.reporting_threshold,
        ),
        "n": summary,
        "charts": network_charts(summary),
        **network_context(summary, for_print),
        "for_print": for_print,
    }

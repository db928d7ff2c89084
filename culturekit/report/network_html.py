"""The collaborative summary as HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from culturekit.report.charts.network import network_charts
from culturekit.report.environment import environment
from culturekit.report.html import page_context, render_template
from culturekit.report.presentation.network import network_context


def render_network_html(
    summary: Any,
    *,
    templates: str | Path | None = None,
    extra: dict[str, Any] | None = None,
) -> str:
    env = environment(templates)
    context = {
        **page_context(
            summary,
            "Culture and leadership collaborative: network summary",
            ", ".join(t.label for t in summary.trusts),
            summary.reporting_threshold,
        ),
        "n": summary,
        "charts": network_charts(summary),
        **network_context(summary),
        **(extra or {}),
    }
    return render_template(env, "network.html", context)

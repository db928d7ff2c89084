"""The comparison report (``compare.html``): what changed between two collections.

Everything shown comes from the comparison model, worded by the presentation layer; no
statistic is computed here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from culturekit.comparison import LARGEST_ITEM_CHANGES
from culturekit.privacy import suppression_reason
from culturekit.report.charts.comparison import comparison_charts
from culturekit.report.environment import environment
from culturekit.report.html import page_context, render_template
from culturekit.report.presentation.compare_tables import group_tables, item_tables
from culturekit.report.presentation.comparison import (
    CORRECTION_AIMS,
    compared_sources,
    comparison_warnings,
    methods_list,
    source_finding,
    summary_context,
    verdict_rules,
)
from culturekit.report.presentation.disclosure import disclosure_context
from culturekit.report.presentation.rules import rule
from culturekit.report.presentation.words import CORRECTION_NAMES, join_words


def render_compare_html(
    comparison: Any,
    *,
    templates: str | Path | None = None,
    extra: dict[str, Any] | None = None,
) -> str:
    """The comparison report as HTML text (nothing is written)."""
    env = environment(templates)
    context = {**comparison_context(comparison), **(extra or {})}
    return render_template(env, "compare.html", context)


def comparison_context(comparison: Any) -> dict[str, Any]:
    """What the comparison report's templates receive, the HTML's and the PDF's alike."""
    pre, post = comparison.pre.period, comparison.post.period
    return {
        **page_context(
            comparison,
            f"What changed: {comparison.trust.name}",
            f"{pre} to {post}",
            comparison.framework.reporting_threshold,
        ),
        "c": comparison,
        "charts": comparison_charts(comparison),
        "summary": summary_context(comparison),
        "warnings": comparison_warnings(comparison),
        "findings": [source_finding(comparison, s) for s in comparison.sources],
        "compared": compared_sources(comparison),
        "trust": comparison.trust,
        "element_names": {e.id: e.name for e in comparison.elements},
        "correction_name": CORRECTION_NAMES[comparison.correction],
        "correction_aim": CORRECTION_AIMS[comparison.correction],
        "methods_list": methods_list(comparison),
        "join_words": join_words,
        "largest_items": LARGEST_ITEM_CHANGES,
        "significance": rule(comparison, "change_alpha"),
        "verdict_rules": verdict_rules(comparison),
        "too_few": suppression_reason(comparison.framework.reporting_threshold, unit=None),
        "group_tables": group_tables(comparison),
        "disclosure": disclosure_context(
            comparison.disclosure,
            comparison.framework.reporting_threshold,
            {"pre": pre, "post": post},
        ),
        "item_tables": item_tables(comparison),
    }

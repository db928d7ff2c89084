"""The HTML reports: one self-contained file each, rendered from the templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from culturekit._version import __version__
from culturekit.errors import OutputError
from culturekit.report.charts.diagnosis import diagnosis_charts
from culturekit.report.environment import environment, generated_at
from culturekit.report.presentation.comments import comments_view
from culturekit.report.presentation.diagnosis import likert_labels
from culturekit.report.presentation.disclosure import disclosure_context
from culturekit.report.presentation.drivers import drivers_view
from culturekit.report.presentation.equality import equality_tables
from culturekit.report.presentation.evidence import (
    worded_ranked,
    worded_triangulation,
    workforce_evidence,
)
from culturekit.report.presentation.methods import (
    dashboard_similar_words,
    gap_rule,
    methods_notes,
)
from culturekit.report.presentation.notices import partial_notice
from culturekit.report.presentation.rules import confidence_label, low_response_words, rule
from culturekit.report.presentation.summary import confidence_notes, summary
from culturekit.report.presentation.themes import (
    theme_groups,
    theme_score_words,
    weighting_words,
)
from culturekit.report.presentation.words import SURVEY_SOURCES, source_name
from culturekit.report.presentation.workforce import workforce_context

# Scripts and remote loads are forbidden: the report is a document, not an app.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)


def page_context(result: Any, title: str, subtitle: str, threshold: int) -> dict[str, Any]:
    """What every report template receives (see docs/templates.md)."""
    return {
        "generated_at": generated_at(),
        "version": __version__,
        "csp": CONTENT_SECURITY_POLICY,
        "source_names": {s: source_name(s) for s in SURVEY_SOURCES},
        "for_print": False,
        "threshold": threshold,
        "confidence": confidence_label(result),
        "direction_band": rule(result, "direction_band"),
        "report_title": title,
        "report_subtitle": subtitle,
    }


def render_html(
    diagnosis: Any,
    *,
    templates: str | Path | None = None,
    template: str = "report.html",
    extra: dict[str, Any] | None = None,
) -> str:
    """The diagnosis report as HTML text (nothing is written)."""
    env = environment(templates)
    context = {**diagnosis_context(diagnosis), **(extra or {})}
    return render_template(env, template, context)


def spc_context(dashboard: Any) -> list[dict[str, Any]]:
    """Each dashboard series' words and its chart, drawn from those words."""
    from culturekit.report.charts.spc import xmr_chart_svg
    from culturekit.report.presentation.spc import spc_views

    if dashboard is None:
        return []
    return [
        {"view": view, "svg": xmr_chart_svg(chart, view.summary, [r["period"] for r in view.rows])}
        for view, chart in zip(spc_views(dashboard), dashboard.series, strict=True)
    ]


def diagnosis_context(diagnosis: Any) -> dict[str, Any]:
    """What the diagnosis report's templates receive, the HTML's and the PDF's alike."""
    return {
        **page_context(
            diagnosis,
            f"Culture diagnosis: {diagnosis.trust.name}",
            diagnosis.trust.period,
            diagnosis.framework.reporting_threshold,
        ),
        "d": diagnosis,
        "charts": diagnosis_charts(diagnosis),
        "trust": diagnosis.trust,
        "element_names": {e.id: e.name for e in diagnosis.elements},
        "theme_groups": theme_groups(diagnosis),
        "theme_score_words": theme_score_words(diagnosis),
        "weighting_words": weighting_words(diagnosis),
        "equality_tables": equality_tables(diagnosis),
        "extra_methods": methods_notes(diagnosis),
        "triangulation": worded_triangulation(diagnosis),
        "priorities": worded_ranked(diagnosis.priorities, diagnosis),
        "strengths": worded_ranked(diagnosis.strengths, diagnosis),
        "summary": summary(diagnosis),
        "confidence_notes": confidence_notes(diagnosis),
        "comment_views": {c.source: comments_view(c) for c in diagnosis.comments},
        "workforce_evidence": workforce_evidence(diagnosis.workforce),
        "likert_labels": likert_labels(diagnosis),
        "workforce": workforce_context(diagnosis.workforce) if diagnosis.workforce else None,
        "drivers": drivers_view(diagnosis),
        "sources_present": [source_name(s) for s in diagnosis.sources.present],
        "sources_missing": [source_name(s) for s in diagnosis.sources.missing],
        "partial_notice": partial_notice(diagnosis),
        "gap_flag": rule(diagnosis, "gap_flag"),
        "gap_rule": gap_rule(diagnosis),
        "dashboard_similar": (
            dashboard_similar_words(diagnosis.dashboard) if diagnosis.dashboard else ""
        ),
        "spc_charts": spc_context(diagnosis.dashboard),
        "alpha_warning": rule(diagnosis, "alpha_warning"),
        "low_response": low_response_words(diagnosis),
        "disclosure": disclosure_context(
            diagnosis.data_quality.disclosure, diagnosis.framework.reporting_threshold
        ),
        "fair_range": rule(diagnosis, "likelihood_fair_range"),
        "leadership_bands": rule(diagnosis, "leadership_bands"),
    }


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render, turning a broken (for example a trust's own) template into a clear error."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise OutputError(
            f"template {exc.filename or exc.name}, line {exc.lineno}: {exc.message}"
        ) from None
    except jinja2.TemplateError as exc:
        raise OutputError(f"template {name} could not be rendered: {exc}") from None
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        # A trust's own template can fail in ordinary Python ways; say which and where.
        raise OutputError(
            f"template {name} failed while rendering: {type(exc).__name__}: {exc}"
        ) from None

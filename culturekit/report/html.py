"""The HTML culture report: one self-contained file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from culturekit._version import __version__
from culturekit.errors import OutputError
from culturekit.framework.model import SOURCE_NAMES
from culturekit.report import charts, palette
from culturekit.report.environment import environment, generated_at
from culturekit.report.workforce_charts import workforce_charts
from culturekit.results import Diagnosis

# Scripts and remote loads are forbidden: the report is a document, not an app.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)


def diagnosis_charts(diagnosis: Diagnosis) -> dict[str, Any]:
    """Every chart of the diagnosis report, as SVG text keyed by where it goes."""
    rows = []
    for element in diagnosis.elements:
        series = []
        for source, score in element.sources.items():
            if score.score is None:
                continue
            colour, marker = palette.SOURCE_STYLE[source]
            series.append(
                charts.Interval(
                    SOURCE_NAMES[source], score.score, score.ci_low, score.ci_high, colour, marker
                )
            )
        rows.append((element.name, series))
    summary = None
    if any(series for _, series in rows):
        summary = charts.interval_chart(
            rows,
            "Element scores by source with 95% confidence intervals. " + summary_finding(diagnosis),
        )
    found: dict[str, Any] = {"summary": summary}
    if diagnosis.workforce is not None:
        found["workforce"] = workforce_charts(diagnosis.workforce)
    return found


def summary_finding(diagnosis: Diagnosis) -> str:
    """The summary chart's finding in words: its text alternative states it."""
    sentences = []
    for source in SOURCE_NAMES:
        scored = [
            (e.sources[source].score, e.name)
            for e in diagnosis.elements
            if source in e.sources and e.sources[source].score is not None
        ]
        if len(scored) < 2:
            continue
        (low, low_name), (high, high_name) = min(scored), max(scored)
        sentences.append(
            f"{SOURCE_NAMES[source]}: {high_name.lower()} highest ({high:.1f}), "
            f"{low_name.lower()} lowest ({low:.1f})."
        )
    return " ".join(sentences)


def likert_labels(diagnosis: Diagnosis) -> list[str]:
    for element in diagnosis.elements:
        for items in element.items.values():
            for item in items:
                if item.distribution:
                    return [a.label for a in item.distribution]
    return []


def methods_notes(diagnosis: Diagnosis) -> list[dict[str, str]]:
    """The stated rules of the sources this diagnosis drew on, for the methods section."""
    from culturekit.scoring import dashboard, triangulation, workforce

    rules = diagnosis.framework.rules
    notes = []
    if diagnosis.dashboard is not None:
        notes.append(
            {
                "title": "Existing data",
                "text": dashboard.RATING_RULE.format(within=rules.dashboard_similar_within)
                + " "
                + dashboard.RULE,
            }
        )
    if diagnosis.workforce is not None:
        low, high = rules.likelihood_fair_range
        equity = workforce.EQUITY_RULE.format(
            low=low,
            high=high,
            bands=", ".join(rules.leadership_bands),
            min_group=rules.min_group_for_ratio,
        )
        notes.append({"title": "Workforce analysis", "text": f"{equity} {workforce.BOARD_RULE}"})
    if diagnosis.triangulation:
        notes.append(
            {
                "title": "Triangulation",
                "text": triangulation.RULE.format(
                    strength=rules.strength_score, priority=rules.priority_score
                ),
            }
        )
    return notes


def render_html(
    diagnosis: Diagnosis,
    *,
    templates: str | Path | None = None,
    template: str = "report.html",
    extra: dict[str, Any] | None = None,
) -> str:
    """The diagnosis report as HTML text (nothing is written)."""
    env = environment(templates)
    context = {
        "d": diagnosis,
        "charts": diagnosis_charts(diagnosis),
        "generated_at": generated_at(),
        "version": __version__,
        "csp": CONTENT_SECURITY_POLICY,
        "source_names": SOURCE_NAMES,
        "for_print": False,
        "trust": diagnosis.trust,
        "threshold": diagnosis.framework.reporting_threshold,
        "report_title": f"Culture diagnosis: {diagnosis.trust.name}",
        "report_subtitle": diagnosis.trust.period,
        "element_names": {e.id: e.name for e in diagnosis.elements},
        "extra_methods": methods_notes(diagnosis),
        "likert_labels": likert_labels(diagnosis),
        **(extra or {}),
    }
    return render_template(env, template, context)


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

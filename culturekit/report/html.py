"""The HTML culture report: one self-contained file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from culturekit._version import __version__
from culturekit.framework.model import SOURCE_NAMES
from culturekit.report import charts, palette
from culturekit.report.environment import environment, generated_at
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
                charts.Interval(SOURCE_NAMES[source], score.score, score.ci_low,
                                score.ci_high, colour, marker)
            )
        rows.append((element.name, series))
    summary = None
    if any(series for _, series in rows):
        summary = charts.interval_chart(
            rows,
            "Element scores by source with 95% confidence intervals",
        )
    distributions: dict[str, dict[str, str]] = {}
    for element in diagnosis.elements:
        for source, items in element.items.items():
            shown = [i for i in items if not i.suppressed]
            if not shown:
                continue
            categories = [a.label for a in shown[0].distribution]
            bars = [
                (i.code + (" (R)" if i.reverse else ""), [a.percent for a in i.distribution])
                for i in shown
            ]
            distributions.setdefault(element.id, {})[source] = charts.distribution_chart(
                bars, categories,
                f"Answers to the {SOURCE_NAMES[source].lower()} items of {element.name}",
            )
    return {"summary": summary, "distributions": distributions}


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
        "extra_methods": [],
        **(extra or {}),
    }
    return env.get_template(template).render(context)

"""A survey source as the linked-table audit sees it, and the figures it lets through.

Scoring builds one :class:`~culturekit.privacy.linked.SurveySource` per source from the
respondents it scored (the grouping columns that are broken down, each element's scores,
each item's answers) and asks privacy which figures may be shown; the breakdowns, the item
results and the element totals are then built from that answer, never from a rule of
their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from culturekit.framework.model import Framework
from culturekit.ingest.models import SurveyData
from culturekit.names import normalise_name
from culturekit.privacy.audit import Interval as AuditInterval
from culturekit.privacy.linked import (
    ItemAnswers,
    SourceProtection,
    SurveySource,
    protect_comparison,
    protect_source,
)
from culturekit.privacy.protect import AuditSummary
from culturekit.results.diagnosis import DisclosureAudit
from culturekit.scoring.group_figures import GroupFigure
from culturekit.scoring.perceptions import ScoredSurvey, answer_sides


def survey_source(
    survey: SurveyData,
    scored: ScoredSurvey,
    framework: Framework,
    columns: Iterable[str],
    *,
    items: Mapping[str, str] | None = None,
    figures: Mapping[str, GroupFigure] | None = None,
) -> SurveySource:
    """The source's respondents, their group labels, scores and item answers.

    ``items`` maps the item codes to audit to the element each is published under (by
    default every item of the framework's elements); a comparison passes the items both
    collections share, under the post collection's codes. ``figures`` are the source's
    other figures published by group (:mod:`culturekit.scoring.group_figures`), audited
    as the elements are.
    """
    positive, negative = answer_sides(survey, framework)
    chosen = items or {i.code: e for e, found in scored.items.items() for i in found}
    answers: dict[str, list[ItemAnswers]] = {}
    for code, element in chosen.items():
        column = _code(code, survey.codes.columns)
        answered = survey.codes[column].notna().to_numpy()
        answers.setdefault(element, []).append(
            ItemAnswers(code, answered, positive[column].to_numpy(), negative[column].to_numpy())
        )
    scores = scored.element_scores
    counted = {e: scores[e].notna().to_numpy() for e in scores.columns}
    values = {e: scores[e].to_numpy(dtype=float) for e in scores.columns}
    for key, figure in (figures or {}).items():
        counted[key] = figure.counted
        values[key] = figure.values
    return SurveySource(
        name=survey.source,
        groups=survey.groups[list(columns)],
        scored=counted,
        scores=values,
        items=answers,
    )


def _code(code: str, columns: Iterable[str]) -> str:
    """The column of ``code`` on this side (codes are matched without regard to case)."""
    if code in columns:
        return code
    wanted = normalise_name(code)
    return next(c for c in columns if normalise_name(c) == wanted)


def protect_survey(source: SurveySource, framework: Framework) -> SourceProtection:
    """Suppression over every linked table of the source, extended until the audit passes."""
    return protect_source(
        source,
        framework.reporting_threshold,
        tolerance=framework.rules.disclosure_tolerance,
    )


def protect_sides(
    pre: SurveySource, post: SurveySource, framework: Framework, threshold: int
) -> tuple[SourceProtection, SourceProtection]:
    """Both collections of a comparison, protected together."""
    return protect_comparison(pre, post, threshold, tolerance=framework.rules.disclosure_tolerance)


def disclosure_audit(
    protection: SourceProtection,
    framework: Framework,
    collection: str | None = None,
    *,
    threshold: int | None = None,
) -> DisclosureAudit:
    """The audit's result as the data-quality section records it."""
    threshold = framework.reporting_threshold if threshold is None else threshold
    return audit_record(protection.source, protection.summary, framework, threshold, collection)


def audit_record(
    source: str,
    summary: AuditSummary,
    framework: Framework,
    threshold: int,
    collection: str | None = None,
) -> DisclosureAudit:
    """Any audit summary as the data-quality section records it."""
    return DisclosureAudit(
        source=source,
        collection=collection,
        threshold=threshold,
        cells_checked=summary.cells_checked,
        extra_suppressions=summary.extra_suppressions,
        size_values=_values(summary.narrowest_count),
        mean_range=None if summary.narrowest_mean is None else summary.narrowest_mean.width,
        tolerance=framework.rules.disclosure_tolerance,
        passed=summary.passed,
    )


def _values(found: AuditInterval | None) -> int | None:
    """How many whole sizes an interval of sizes holds."""
    return None if found is None else round(found.high - found.low) + 1

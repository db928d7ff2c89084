"""Scores by group (staff group, band, ethnicity, ...) as difference from the whole."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from culturekit.framework.model import Framework
from culturekit.ingest.models import SurveyData
from culturekit.privacy import suppression_reason
from culturekit.privacy.linked import SourceProtection, SurveySource, protect_source
from culturekit.results import Breakdown, BreakdownGroup, NotableGroup
from culturekit.scoring.perceptions import ScoredSurvey

NOT_STATED = "Not stated"
# A column with more distinct values than this is an identifier or free text, not a group.
# Not a framework rule: it guards against misread input, and no reading depends on it.
MAX_GROUPS = 30


def grouping_columns(
    survey: SurveyData, scored: ScoredSurvey, skipped: list[str], threshold: int | None = None
) -> list[str]:
    """The grouping columns broken down (a notice in ``skipped`` for each one that is not).

    A source with fewer respondents than ``threshold`` is not broken down at all: every
    group in it is small, and a group holding all of them would be as large as the
    source's published number of respondents.
    """
    if threshold is not None and 0 < int(scored.scored_any.sum()) < threshold:
        if len(survey.groups.columns):
            skipped.append(
                f"{survey.sheet}: {suppression_reason(threshold, unit='respondents')} "
                "scored, so no group is shown"
            )
        return []
    columns = []
    for key in survey.groups.columns:
        labels = group_labels(survey, scored, key)
        distinct = labels.nunique()
        if distinct > MAX_GROUPS:
            skipped.append(
                f"{survey.sheet}: column {survey.group_names[key]!r} has {distinct} different "
                f"values, too many to be a grouping (at most {MAX_GROUPS}); not broken down"
            )
            continue
        if distinct < 2 and NOT_STATED in set(labels):
            continue
        columns.append(key)
    return columns


def breakdowns(
    survey: SurveyData,
    scored: ScoredSurvey,
    framework: Framework,
    columns: list[str],
    protection: SourceProtection,
) -> list[Breakdown]:
    """One breakdown per grouping column, showing only what ``protection`` lets through.

    A column none of whose groups may be shown lists no groups: naming them as hidden
    would still say that each holds fewer than the threshold, and with the source's total
    that can pin them (two groups of ten in a source of twenty).
    """
    mask = scored.scored_any.to_numpy()
    found = (
        breakdown_by(
            group_labels(survey, scored, key),
            scored.element_scores[mask],
            framework,
            survey.source,
            key,
            survey.group_names[key],
            protection,
        )
        for key in columns
    )
    return [b if any(not g.suppressed for g in b.groups) else b.without_groups() for b in found]


def group_labels(survey: SurveyData, scored: ScoredSurvey, key: str) -> pd.Series:
    """Group labels of the respondents scored on at least one element; blank is Not stated."""
    return survey.groups[key][scored.scored_any.to_numpy()].fillna(NOT_STATED)


def breakdown_by(
    labels: pd.Series,
    element_scores: pd.DataFrame,
    framework: Framework,
    source: str,
    by: str,
    by_label: str,
    protection: SourceProtection | None = None,
) -> Breakdown:
    """Group means and differences from the overall mean, where ``protection`` shows them.

    The linked-table audit decides: a whole group is hidden when it has fewer respondents
    than the threshold, or to protect such a group in this or any other grouping column;
    within a shown group, an element's cell likewise. A figure hidden to protect another
    says so. Without ``protection`` the column is audited on its own.
    """
    threshold = framework.reporting_threshold
    if protection is None:
        protection = _protect_column(labels, element_scores, framework, source, by)
    order = group_order(labels)
    sizes = {g: int(n) for g, n in labels.value_counts().items()}
    hidden_groups = {g for g in order if not protection.group_shown(by, str(g))}
    overall = {e: _mean(element_scores[e], threshold) for e in element_scores.columns}
    grouped = element_scores.groupby(labels.to_numpy(), sort=False)
    means = grouped.mean()
    counts = grouped.count()
    hidden_cells = {
        element: {g for g in order if not protection.cell_shown(by, str(g), element)}
        for element in element_scores.columns
    }
    groups = []
    for label in order:
        if label in hidden_groups:
            groups.append(
                BreakdownGroup(
                    label=label,
                    suppressed=True,
                    reason=suppression_reason(
                        threshold, complementary=not 0 < sizes[label] < threshold
                    ),
                )
            )
            continue
        scores: dict[str, float | None] = {}
        differences: dict[str, float | None] = {}
        reasons: dict[str, str] = {}
        for element in element_scores.columns:
            if int(counts.at[label, element]) == 0:
                scores[element] = None
                differences[element] = None
                reasons[element] = "no one in this group answered these items"
                continue
            if label in hidden_cells[element]:
                scores[element] = None
                differences[element] = None
                complementary = int(counts.at[label, element]) >= threshold
                reasons[element] = suppression_reason(threshold, complementary=complementary)
                continue
            value = float(means.at[label, element])
            scores[element] = value
            base = overall[element]
            differences[element] = None if base is None else value - base
        groups.append(
            BreakdownGroup(
                label=label,
                n=sizes[label],
                scores=scores,
                differences=differences,
                hidden_cells=reasons,
            )
        )
    return Breakdown(source=source, by=by, by_label=by_label, overall=overall, groups=groups)


def _protect_column(
    labels: pd.Series, element_scores: pd.DataFrame, framework: Framework, source: str, by: str
) -> SourceProtection:
    scores = {e: element_scores[e].to_numpy(dtype=float) for e in element_scores.columns}
    frame = pd.DataFrame({by: labels.astype(str).to_numpy()})
    scored = {e: ~np.isnan(v) for e, v in scores.items()}
    return protect_source(
        SurveySource(source, frame, scored, scores),
        framework.reporting_threshold,
        tolerance=framework.rules.disclosure_tolerance,
    )


def _mean(values: pd.Series, threshold: int) -> float | None:
    """The whole source's mean, or None where fewer than the threshold were scored."""
    clean = values.dropna()
    return float(clean.mean()) if len(clean) >= threshold else None


def group_order(labels: pd.Series) -> list[str]:
    """Natural order: by the first number in the label (so "Band 8a" follows "Band 7" and
    "Less than 1 year" comes first), then alphabetically; "Not stated" last."""

    def key(label: str) -> tuple[int, float, list[object]]:
        match = re.search(r"\d+", label)
        number = float(match.group()) if match else float("inf")
        lowered = label.lower()
        if lowered.startswith(("less than", "under", "below", "up to")):
            number -= 0.5
        elif lowered.startswith(("more than", "over", "above")) or label.rstrip().endswith("+"):
            number += 0.5
        parts: list[object] = [
            (0, int(p), "") if p.isdigit() else (1, 0, p.lower())
            for p in re.findall(r"\d+|\D+", label)
        ]
        return (1 if label == NOT_STATED else 0, number, parts)

    return sorted(set(labels.tolist()), key=key)


def notable_groups(
    found: list[Breakdown], element_id: str, framework: Framework, source: str = "staff"
) -> list[NotableGroup]:
    """Shown groups at least ``rules.notable_difference`` from the overall, lowest first."""
    cut_off = framework.rules.notable_difference
    notable = []
    for breakdown in found:
        if breakdown.source != source:
            continue
        for group in breakdown.groups:
            difference = group.differences.get(element_id)
            score = group.scores.get(element_id)
            if group.suppressed or difference is None or score is None or group.n is None:
                continue
            if abs(difference) >= cut_off:
                notable.append(
                    NotableGroup(
                        by=breakdown.by,
                        by_label=breakdown.by_label,
                        label=group.label,
                        n=group.n,
                        score=score,
                        difference=difference,
                    )
                )
    return sorted(notable, key=lambda g: g.difference)

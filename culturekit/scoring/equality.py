"""The survey-based WRES and WDES measures, by the groups each standard compares.

A percentage measure is, for a group, the share of its respondents who answered at least
one of the measure's items and gave a counted answer to any of them (Wilson interval); a
theme measure (WDES 9a) is the group's theme score, made from the group's sub-scores as
the organisation's is. Every figure comes from the arrays the disclosure audit was given
(:mod:`culturekit.scoring.group_figures`), and a group's figure is shown only where the
source's protection shows that cell: a group below the threshold, or hidden to protect
one, is never published, nor is a theme score whose sub-scores are not all shown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from culturekit import stats
from culturekit.framework.model import ComparedGroup, Framework, SurveyMeasure, SurveyStandard
from culturekit.ingest.models import SurveyData
from culturekit.privacy import is_reportable, suppression_reason
from culturekit.privacy.linked import SourceProtection
from culturekit.results.diagnosis import EqualityFigure, EqualityMeasure, EqualityStandard, Themes
from culturekit.scoring.breakdowns import group_labels
from culturekit.scoring.group_figures import (
    GroupFigure,
    measure_key,
    subscore_key,
    theme_key,
)
from culturekit.scoring.perceptions import ScoredSurvey

ORGANISATION = "Organisation"


def score_standards(
    survey: SurveyData,
    scored: ScoredSurvey,
    framework: Framework,
    figures: dict[str, GroupFigure],
    protection: SourceProtection,
    columns: list[str],
    themes: Themes | None,
) -> list[EqualityStandard] | None:
    """Every survey-based standard of the framework, or None when it has none."""
    if not framework.survey_standards or survey.source != "staff":
        return None
    return [
        _standard(survey, scored, framework, figures, protection, columns, themes, standard)
        for standard in framework.survey_standards
    ]


def _standard(
    survey: SurveyData,
    scored: ScoredSurvey,
    framework: Framework,
    figures: dict[str, GroupFigure],
    protection: SourceProtection,
    columns: list[str],
    themes: Themes | None,
    standard: SurveyStandard,
) -> EqualityStandard:
    base = {
        "standard": standard.standard,
        "column": standard.column,
        "groups": [g.label for g in standard.groups],
        "values": [g.value for g in standard.groups],
    }
    if standard.key not in survey.groups.columns:
        missing = f"the {survey.sheet} sheet has no {standard.column} column"
        return EqualityStandard(**base, missing=missing, measures=[])
    if standard.key not in columns:
        missing = f"the {standard.column} column is not broken down (see the data notes)"
        return EqualityStandard(**base, missing=missing, measures=[])
    labels = group_labels(survey, scored, standard.key)
    people = scored.scored_any.to_numpy()
    members = {
        g.label: (survey.groups[standard.key].fillna("").astype(str) == g.value).to_numpy() & people
        for g in standard.groups
    }
    measures = [
        _measure(framework, figures, protection, standard, measure, labels, members, themes)
        for measure in standard.measures
    ]
    return EqualityStandard(**base, measures=measures)


def _measure(
    framework: Framework,
    figures: dict[str, GroupFigure],
    protection: SourceProtection,
    standard: SurveyStandard,
    measure: SurveyMeasure,
    labels: pd.Series,
    members: dict[str, np.ndarray],
    themes: Themes | None,
) -> EqualityMeasure:
    chosen = [g for g in standard.groups if measure.groups is None or g.label in measure.groups]
    if measure.theme is None:
        figure = figures[measure_key(standard, measure)]
        organisation = (
            _percent(framework, ORGANISATION, figure, np.ones(len(figure.counted), bool), None)
            if measure.groups is None
            else None
        )
        groups = [
            _percent(
                framework,
                g.label,
                figure,
                members[g.label],
                _shown(protection, standard, g, [measure_key(standard, measure)]),
            )
            for g in chosen
        ]
        questions = list(measure.items)
    else:
        organisation = _theme_organisation(themes, measure.theme)
        groups = [
            _theme_group(framework, figures, protection, standard, g, measure.theme, members)
            for g in chosen
        ]
        questions = _theme_items(framework, measure.theme)
    shown = [g.value for g in groups if g.value is not None]
    difference = shown[0] - shown[1] if len(shown) == 2 and len(groups) == 2 else None
    return EqualityMeasure(
        number=measure.number,
        title=measure.title,
        definition=measure.definition,
        questions=questions,
        theme=measure.theme,
        unit=measure.unit,
        better=measure.better,
        organisation=organisation,
        groups=groups,
        difference=difference,
    )


def _shown(
    protection: SourceProtection, standard: SurveyStandard, group: ComparedGroup, keys: list[str]
) -> bool:
    return all(protection.cell_shown(standard.key, group.value, k) for k in keys)


def _percent(
    framework: Framework,
    label: str,
    figure: GroupFigure,
    members: np.ndarray,
    shown: bool | None,
) -> EqualityFigure:
    """A group's percentage; ``shown`` None: the organisation, shown at the threshold."""
    threshold = framework.reporting_threshold
    counted = figure.counted & members
    n = int(counted.sum())
    if n == 0:
        return EqualityFigure(label=label, suppressed=True, reason="no one in this group answered")
    if not is_reportable(n, threshold) or shown is False:
        small = not is_reportable(n, threshold)
        return EqualityFigure(
            label=label,
            suppressed=True,
            reason=suppression_reason(threshold, complementary=not small),
        )
    events = int(np.sum(figure.values[counted] > 0))
    estimate = stats.proportion_ci(events, n, framework.confidence_level)
    return EqualityFigure(
        label=label,
        value=100.0 * events / n,
        ci_low=None if estimate.ci_low is None else 100.0 * estimate.ci_low,
        ci_high=None if estimate.ci_high is None else 100.0 * estimate.ci_high,
        n=n,
    )


def _theme_organisation(themes: Themes | None, theme_id: str) -> EqualityFigure:
    found = next((t for t in (themes.themes if themes else []) if t.id == theme_id), None)
    if found is None or found.suppressed or found.score is None:
        reason = found.reason if found is not None else "not scored"
        return EqualityFigure(label=ORGANISATION, suppressed=True, reason=reason)
    return EqualityFigure(
        label=ORGANISATION, value=found.score, ci_low=found.ci_low, ci_high=found.ci_high
    )


def _theme_group(
    framework: Framework,
    figures: dict[str, GroupFigure],
    protection: SourceProtection,
    standard: SurveyStandard,
    group: ComparedGroup,
    theme_id: str,
    members: dict[str, np.ndarray],
) -> EqualityFigure:
    """A group's theme score: shown only where every figure it is made from is shown."""
    threshold = framework.reporting_threshold
    theme = next(t for t in framework.themes if t.id == theme_id)
    keys = [subscore_key(s.id) for s in theme.subscores]
    if framework.theme_score == "respondent_means":
        keys = [theme_key(theme_id)]
    inside = members[group.label]
    sizes = [int((figures[k].counted & inside).sum()) for k in keys]
    if not _shown(protection, standard, group, keys) or min(sizes) < threshold:
        small = min(sizes) < threshold
        return EqualityFigure(
            label=group.label,
            suppressed=True,
            reason=suppression_reason(threshold, complementary=not small),
        )
    means = [float(np.mean(figures[k].values[figures[k].counted & inside])) for k in keys]
    return EqualityFigure(label=group.label, value=float(np.mean(means)))


def _theme_items(framework: Framework, theme_id: str) -> list[str]:
    theme = next(t for t in framework.themes if t.id == theme_id)
    return list(dict.fromkeys(c for s in theme.subscores for c in s.items))

"""The staff survey's per-respondent figures published by group beyond the elements.

The survey-based WRES and WDES measures and the themes' sub-scores are published for
groups of respondents (White and BME staff, Disabled staff, each staff group), so each is
handed to the disclosure audit beside the elements: per respondent, whether they count
in the figure and their value on 0-10 (a measure's counted answer is 10, any other
answer 0, so that its group mean is its percentage over ten). Every figure is of the
source's respondents (those scored on at least one element), the people the audit's
group sizes are of, and the published figures are worked out from these same arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from culturekit.framework.model import Framework, SurveyMeasure, SurveyStandard
from culturekit.ingest.models import SurveyData
from culturekit.names import normalise_name
from culturekit.scoring.perceptions import ScoredSurvey
from culturekit.scoring.themes import subscore_respondents


@dataclass(frozen=True)
class GroupFigure:
    """Per respondent: whether counted, and the value (NaN where not counted)."""

    counted: np.ndarray
    values: np.ndarray


def measure_key(standard: SurveyStandard, measure: SurveyMeasure) -> str:
    """The audit's name for a measure's figures."""
    return f"measure:{standard.standard}:{measure.number}"


def subscore_key(subscore_id: str) -> str:
    return f"subscore:{subscore_id}"


def theme_key(theme_id: str) -> str:
    return f"theme:{theme_id}"


def measure_figure(survey: SurveyData, scored: ScoredSurvey, measure: SurveyMeasure) -> GroupFigure:
    """Who answered at least one of the measure's items, and 10 where any answer counts."""
    base = scored.scored_any.to_numpy()
    columns = {normalise_name(c): c for c in survey.codes.columns}
    present = [columns[k] for k in (normalise_name(c) for c in measure.items) if k in columns]
    if not present:
        return GroupFigure(np.zeros(len(base), dtype=bool), np.full(len(base), np.nan))
    codes = survey.codes[present].to_numpy(dtype=float)
    answered = (~np.isnan(codes)).any(axis=1) & base
    counted = np.isin(codes, measure.counts).any(axis=1)
    return GroupFigure(answered, np.where(answered, np.where(counted, 10.0, 0.0), np.nan))


def group_figures(
    survey: SurveyData, scored: ScoredSurvey, framework: Framework
) -> dict[str, GroupFigure]:
    """Every figure beyond the elements that the staff survey publishes by group."""
    if survey.source != "staff":
        return {}
    base = scored.scored_any.to_numpy()
    found: dict[str, GroupFigure] = {}
    for theme in framework.themes:
        columns = []
        for sub in theme.subscores:
            values = np.where(base, subscore_respondents(scored, sub, framework), np.nan)
            columns.append(values)
            found[subscore_key(sub.id)] = GroupFigure(~np.isnan(values), values)
        if framework.theme_score == "respondent_means":
            # here the theme is a mean over respondents of its own, published by group
            block = np.column_stack(columns)
            anyone = (~np.isnan(block)).any(axis=1)
            means = np.full(len(base), np.nan)
            means[anyone] = np.nanmean(block[anyone], axis=1)
            found[theme_key(theme.id)] = GroupFigure(anyone, means)
    for standard in framework.survey_standards:
        for measure in standard.measures:
            if measure.theme is None:
                found[measure_key(standard, measure)] = measure_figure(survey, scored, measure)
    return found

"""Staff, board and stakeholder perceptions scored on the NHS 0-10 scale.

Answers are coded 0, 2.5, 5, 7.5, 10 (most favourable 10), negatively worded items
reversed first. A respondent is scored on an element when they answered at least
``min_share_answered`` of its items; their score is the mean of the items they answered,
and the element's score is the mean of respondents' scores.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from culturekit import stats
from culturekit.framework.model import Framework, Item, Source
from culturekit.ingest.models import SurveyData
from culturekit.privacy import is_reportable, suppression_reason
from culturekit.privacy.linked import SourceProtection
from culturekit.results import AnswerCount, ItemResult, SourceQuality, SourceScore


@dataclass(frozen=True)
class ScoredSurvey:
    """Respondent-level scores of one source: the basis of every later statistic."""

    source: Source
    # respondents x items, on 0-10, reversed where the item is negatively worded
    item_scores: pd.DataFrame
    # respondents x elements, NaN where the respondent was not scored on the element
    element_scores: pd.DataFrame
    items: dict[str, list[Item]]

    @property
    def scored_any(self) -> pd.Series:
        return self.element_scores.notna().any(axis=1)


def answer_sides(survey: SurveyData, framework: Framework) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per respondent and item, whether the answer is favourable, and whether unfavourable,
    once negatively worded items are reversed (on each item's own answer set)."""
    positive: dict[str, np.ndarray] = {}
    negative: dict[str, np.ndarray] = {}
    for item in framework.items_of(survey.source):
        if item.code not in survey.codes.columns:
            continue
        scale = framework.scale_of(item)
        codes = survey.codes[item.code].to_numpy(dtype=float)
        good, bad = (
            (scale.negative, scale.positive) if item.reverse else (scale.positive, scale.negative)
        )
        positive[item.code] = np.isin(codes, good)
        negative[item.code] = np.isin(codes, bad)
    index = survey.codes.index
    return pd.DataFrame(positive, index=index), pd.DataFrame(negative, index=index)


def item_score_frame(survey: SurveyData, framework: Framework) -> pd.DataFrame:
    """Respondents x items on 0-10, each item on its own answer set, reversed where the item
    is negatively worded (a reversed answer scores 10 minus its score); NaN stays NaN."""
    columns: dict[str, np.ndarray] = {}
    for item in framework.items_of(survey.source):
        if item.code not in survey.codes.columns:
            continue
        scale = framework.scale_of(item)
        lookup = np.full(scale.max_code + 1, np.nan)
        for point in scale.points:
            lookup[point.code] = scale.score_of(point.code, item.reverse)
        values = survey.codes[item.code].to_numpy(dtype=float)
        as_index = np.where(np.isnan(values), 0, values).astype(int)
        columns[item.code] = np.where(np.isnan(values), np.nan, lookup[as_index])
    return pd.DataFrame(columns, index=survey.codes.index)


def score_respondents(survey: SurveyData, framework: Framework) -> ScoredSurvey:
    """Each respondent's 0-10 score on each element (pure; vectorised)."""
    item_scores = item_score_frame(survey, framework)
    items: dict[str, list[Item]] = {}
    element_columns: dict[str, np.ndarray] = {}
    for element in framework.elements:
        present = [
            i for i in framework.items_of(survey.source, element.id) if i.code in item_scores
        ]
        items[element.id] = present
        if not present:
            continue
        block = item_scores[[i.code for i in present]].to_numpy()
        answered = np.sum(~np.isnan(block), axis=1)
        needed = max(1, math.ceil(framework.min_share_answered * len(present) - 1e-9))
        with warnings.catch_warnings():
            # rows with no answers give NaN, which is what "not scored" means here
            warnings.simplefilter("ignore", category=RuntimeWarning)
            means = np.nanmean(block, axis=1)
        element_columns[element.id] = np.where(answered >= needed, means, np.nan)
    element_scores = pd.DataFrame(element_columns, index=item_scores.index)
    return ScoredSurvey(
        source=survey.source,
        item_scores=item_scores,
        element_scores=element_scores,
        items=items,
    )


def element_source_score(
    survey: SurveyData,
    scored: ScoredSurvey,
    element_id: str,
    framework: Framework,
    protection: SourceProtection | None = None,
) -> SourceScore:
    """The element's score for one source, with its interval, % positive and alpha.

    The answer totals (answers, % positive, % negative) are left out where ``protection``
    withholds them: with the shown items' counts they would give a hidden item's back.
    """
    items = scored.items.get(element_id, [])
    threshold = framework.reporting_threshold
    if not items:
        return SourceScore(
            source=survey.source,
            items=0,
            suppressed=False,
            reason="no items of this element in the instrument",
        )
    respondent = scored.element_scores[element_id].dropna().to_numpy()
    n = len(respondent)
    if not is_reportable(n, threshold):
        return SourceScore(
            source=survey.source,
            items=len(items),
            suppressed=True,
            reason=suppression_reason(threshold),
        )
    estimate = stats.mean_ci(respondent, framework.confidence_level)
    codes = [i.code for i in items]
    positive, negative = (side[codes].to_numpy() for side in answer_sides(survey, framework))
    answers = int(survey.codes[codes].notna().to_numpy().sum())
    alpha = stats.cronbach_alpha(scored.item_scores[[i.code for i in items]])
    totals = protection is None or protection.totals_shown(element_id)
    return SourceScore(
        source=survey.source,
        score=estimate.mean,
        ci_low=estimate.ci_low,
        ci_high=estimate.ci_high,
        n=n,
        percent_positive=stats.percent(int(positive.sum()), answers) if totals else None,
        percent_negative=stats.percent(int(negative.sum()), answers) if totals else None,
        answers=answers if totals else None,
        alpha=alpha.alpha if alpha.n >= threshold else None,
        alpha_n=alpha.n if alpha.n >= threshold else None,
        items=len(items),
    )


def item_results(
    survey: SurveyData,
    scored: ScoredSurvey,
    element_id: str,
    framework: Framework,
    protection: SourceProtection | None = None,
) -> list[ItemResult]:
    """Every item of the element, in questionnaire order, with its answer distribution.

    An item is hidden when fewer than the threshold answered it, or where ``protection``
    withholds it to protect another item (the linked-table audit of the element's items
    and answer totals); without ``protection`` the threshold alone applies.
    """
    results = []
    for item in scored.items.get(element_id, []):
        shown = protection is None or protection.item_shown(element_id, item.code)
        results.append(item_result(survey, scored, item, framework, element_id, shown=shown))
    return results


def item_result(
    survey: SurveyData,
    scored: ScoredSurvey,
    item: Item,
    framework: Framework,
    element_id: str | None,
    *,
    shown: bool = True,
) -> ItemResult:
    """One item's answer distribution, score and % favourable; hidden when fewer than the
    threshold answered it, or when ``shown`` is False (withheld to protect another)."""
    scale = framework.scale_of(item)
    threshold = framework.reporting_threshold
    codes = survey.codes[item.code].to_numpy()
    answered = int(np.sum(~np.isnan(codes)))
    base = {
        "code": item.code,
        "text": item.text,
        "element": element_id,
        "source": survey.source,
        "reverse": item.reverse,
    }
    small = not is_reportable(answered, threshold)
    if small or not shown:
        reason = suppression_reason(threshold, complementary=not small)
        return ItemResult(**base, suppressed=True, reason=reason)
    not_applicable = int(survey.not_applicable[item.code].sum())
    distribution = []
    for point in scale.points:
        count = int(np.sum(codes == point.code))
        distribution.append(
            AnswerCount(
                code=point.code,
                label=point.label,
                count=count,
                percent=100.0 * count / answered,
                # The answer's side once the item is oriented, as % positive counts it.
                side=scale.side_of(point.code, item.reverse),
            )
        )
    good = sum(d.count for d in distribution if d.side == "positive")
    bad = sum(d.count for d in distribution if d.side == "negative")
    return ItemResult(
        **base,
        answered=answered,
        not_applicable=not_applicable,
        blank=len(codes) - answered - not_applicable,
        distribution=distribution,
        score=float(np.nanmean(scored.item_scores[item.code].to_numpy())),
        percent_positive=stats.percent(good, answered),
        percent_negative=stats.percent(bad, answered),
    )


def source_quality(survey: SurveyData, scored: ScoredSurvey) -> SourceQuality:
    codes = survey.codes.to_numpy()
    not_applicable = int(survey.not_applicable.to_numpy().sum())
    answers = int(np.sum(~np.isnan(codes)))
    scored_rows = int(scored.scored_any.sum())
    return SourceQuality(
        source=survey.source,
        file=survey.file,
        sheet=survey.sheet,
        rows=survey.n_rows,
        scored=scored_rows,
        too_few_answers=survey.n_rows - scored_rows,
        answers=answers,
        blank=codes.size - answers - not_applicable,
        not_applicable=not_applicable,
        missing_items=survey.missing_items,
    )

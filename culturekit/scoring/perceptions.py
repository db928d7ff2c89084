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


def favourable_codes(framework: Framework) -> tuple[np.ndarray, np.ndarray]:
    scale = framework.scale
    return np.array(scale.positive, dtype=float), np.array(scale.negative, dtype=float)


def oriented_codes(survey: SurveyData, framework: Framework) -> pd.DataFrame:
    """Answer codes with negatively worded items reversed (NaN stays NaN)."""
    scale = framework.scale
    codes = survey.codes.copy()
    for item in framework.items_of(survey.source):
        if item.reverse and item.code in codes.columns:
            codes[item.code] = scale.min_code + scale.max_code - codes[item.code]
    return codes


def score_respondents(survey: SurveyData, framework: Framework) -> ScoredSurvey:
    """Each respondent's 0-10 score on each element (pure; vectorised)."""
    scale = framework.scale
    lookup = np.full(scale.max_code + 1, np.nan)
    for point in scale.points:
        lookup[point.code] = point.score
    oriented = oriented_codes(survey, framework)
    values = oriented.to_numpy(dtype=float)
    as_index = np.where(np.isnan(values), 0, values).astype(int)
    scores = np.where(np.isnan(values), np.nan, lookup[as_index])
    item_scores = pd.DataFrame(scores, columns=oriented.columns, index=oriented.index)
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
    oriented = oriented_codes(survey, framework)[[i.code for i in items]].to_numpy()
    positive, negative = favourable_codes(framework)
    answers = int(np.sum(~np.isnan(oriented)))
    alpha = stats.cronbach_alpha(scored.item_scores[[i.code for i in items]])
    totals = protection is None or protection.totals_shown(element_id)
    return SourceScore(
        source=survey.source,
        score=estimate.mean,
        ci_low=estimate.ci_low,
        ci_high=estimate.ci_high,
        n=n,
        percent_positive=stats.percent(int(np.isin(oriented, positive).sum()), answers)
        if totals
        else None,
        percent_negative=stats.percent(int(np.isin(oriented, negative).sum()), answers)
        if totals
        else None,
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
    scale = framework.scale
    positive, negative = favourable_codes(framework)
    threshold = framework.reporting_threshold
    results = []
    for item in scored.items.get(element_id, []):
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
        if small or (protection is not None and not protection.item_shown(element_id, item.code)):
            reason = suppression_reason(threshold, complementary=not small)
            results.append(ItemResult(**base, suppressed=True, reason=reason))
            continue
        not_applicable = int(survey.not_applicable[item.code].sum())
        oriented = scale.min_code + scale.max_code - codes if item.reverse else codes
        distribution = []
        for point in scale.points:
            count = int(np.sum(codes == point.code))
            # The answer's code once the item is oriented, as % positive counts it.
            facing = scale.min_code + scale.max_code - point.code if item.reverse else point.code
            side = "positive" if facing in positive else "negative" if facing in negative else None
            distribution.append(
                AnswerCount(
                    code=point.code,
                    label=point.label,
                    count=count,
                    percent=100.0 * count / answered,
                    side=side or "neutral",
                )
            )
        results.append(
            ItemResult(
                **base,
                answered=answered,
                not_applicable=not_applicable,
                blank=len(codes) - answered - not_applicable,
                distribution=distribution,
                score=float(np.nanmean(scored.item_scores[item.code].to_numpy())),
                percent_positive=stats.percent(int(np.isin(oriented, positive).sum()), answered),
                percent_negative=stats.percent(int(np.isin(oriented, negative).sum()), answered),
            )
        )
    return results


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

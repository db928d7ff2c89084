"""A framework's themes scored from the staff survey: the national survey's way.

Each sub-score is, per respondent, the mean of the items they answered (on 0-10, each item
on its own answer set, negatively framed items reversed), for respondents who answered at
least its ``min_answered`` items; the sub-score is the mean over those respondents. A
theme is the mean of its sub-scores' scores (``theme_score: subscore_means``) or the mean
over respondents of each one's mean sub-score (``respondent_means``).

Disclosure: a sub-score of fewer than the threshold respondents is hidden, and so is every
theme made from a hidden sub-score (with the others it would give the hidden one back). An
item is hidden below the threshold, and wherever the element it is published under
withholds it (the source's linked-table protection), so that no table shows what another
hides.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from culturekit import stats
from culturekit.framework.model import Framework, SubScore, Theme
from culturekit.ingest.models import SurveyData
from culturekit.names import normalise_name
from culturekit.privacy import is_reportable, suppression_reason
from culturekit.privacy.linked import SourceProtection
from culturekit.results.diagnosis import ItemResult, SubScoreResult, ThemeResult, Themes
from culturekit.scoring.perceptions import ScoredSurvey, item_result


def min_answered(sub: SubScore, framework: Framework) -> int:
    """The fewest of the sub-score's items a respondent must answer to be scored on it."""
    if sub.min_answered is not None:
        return sub.min_answered
    return max(1, math.ceil(framework.min_share_answered * len(sub.items) - 1e-9))


def subscore_respondents(scored: ScoredSurvey, sub: SubScore, framework: Framework) -> np.ndarray:
    """Each respondent's score on the sub-score, NaN where not scored."""
    columns = {normalise_name(c): c for c in scored.item_scores.columns}
    present = [
        columns[normalise_name(code)] for code in sub.items if normalise_name(code) in columns
    ]
    if not present:
        return np.full(len(scored.item_scores), np.nan)
    block = scored.item_scores[present].to_numpy(dtype=float)
    answered = np.sum(~np.isnan(block), axis=1)
    needed = min_answered(sub, framework)
    with warnings.catch_warnings():
        # rows with no answers give NaN, which is what "not scored" means here
        warnings.simplefilter("ignore", category=RuntimeWarning)
        means = np.nanmean(block, axis=1)
    return np.where(answered >= needed, means, np.nan)


def score_themes(
    survey: SurveyData,
    scored: ScoredSurvey,
    framework: Framework,
    protection: SourceProtection | None = None,
    weights: np.ndarray | None = None,
    weighting: str = "unweighted",
) -> Themes | None:
    """Every theme of the framework, or None when it has none. With ``weights`` (one per
    respondent) the sub-scores and themes are weighted means; the items stay counts."""
    if not framework.themes or framework.theme_score is None:
        return None
    cap = framework.weighting.cap if weights is not None and framework.weighting else None
    return Themes(
        source=survey.source,
        theme_score=framework.theme_score,
        weighting=weighting if weights is not None else "unweighted",
        weighted_by=None if cap is None else framework.weighting.column,
        weight_cap=cap,
        groups=framework.theme_groups(),
        themes=[
            _theme(survey, scored, theme, framework, protection, weights)
            for theme in framework.themes
        ],
    )


def _theme(
    survey: SurveyData,
    scored: ScoredSurvey,
    theme: Theme,
    framework: Framework,
    protection: SourceProtection | None,
    weights: np.ndarray | None,
) -> ThemeResult:
    threshold = framework.reporting_threshold
    level = framework.confidence_level
    columns = [subscore_respondents(scored, sub, framework) for sub in theme.subscores]
    subscores = [
        _subscore(sub, values, framework, weights)
        for sub, values in zip(theme.subscores, columns, strict=True)
    ]
    block = np.column_stack(columns)
    anyone = int((~np.isnan(block)).any(axis=1).sum())
    base = {
        "id": theme.id,
        "name": theme.name,
        "group": theme.group,
        "subscores": subscores,
        "items": _items(survey, scored, theme, framework, protection),
    }
    hidden = [s for s in subscores if s.suppressed]
    if hidden or not is_reportable(anyone, threshold):
        small = not is_reportable(anyone, threshold)
        reason = suppression_reason(threshold, complementary=not small)
        return ThemeResult(**base, suppressed=True, reason=reason)
    if framework.theme_score == "subscore_means":
        estimate = stats.mean_of_means_ci(block, level, weights)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=RuntimeWarning)
            means = np.nanmean(block, axis=1)
        estimate = _mean(means, level, weights)
    return ThemeResult(
        **base,
        score=estimate.mean,
        ci_low=estimate.ci_low,
        ci_high=estimate.ci_high,
        n=anyone,
    )


def _mean(values: np.ndarray, level: float, weights: np.ndarray | None) -> stats.MeanEstimate:
    """The (weighted) mean of the respondents scored, with its interval."""
    if weights is None:
        return stats.mean_ci(values, level)
    return stats.mean_of_means_ci(values[:, None], level, weights)


def _subscore(
    sub: SubScore, values: np.ndarray, framework: Framework, weights: np.ndarray | None
) -> SubScoreResult:
    threshold = framework.reporting_threshold
    needed = min_answered(sub, framework)
    base = {"id": sub.id, "name": sub.name, "items": list(sub.items), "min_answered": needed}
    n = int(np.sum(~np.isnan(values)))
    if not is_reportable(n, threshold):
        return SubScoreResult(**base, suppressed=True, reason=suppression_reason(threshold))
    estimate = _mean(values, framework.confidence_level, weights)
    return SubScoreResult(
        **base, score=estimate.mean, ci_low=estimate.ci_low, ci_high=estimate.ci_high, n=n
    )


def _items(
    survey: SurveyData,
    scored: ScoredSurvey,
    theme: Theme,
    framework: Framework,
    protection: SourceProtection | None,
) -> list[ItemResult]:
    wanted = {normalise_name(c) for sub in theme.subscores for c in sub.items}
    results = []
    for item in framework.items_of(survey.source):
        if item.key not in wanted or item.code not in scored.item_scores.columns:
            continue
        shown = (
            protection is None
            or item.element is None
            or protection.item_shown(item.element, item.code)
        )
        results.append(item_result(survey, scored, item, framework, item.element, shown=shown))
    return results

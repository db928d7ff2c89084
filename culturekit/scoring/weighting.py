"""Each staff respondent's weight when the themes are weighted by occupation group.

Given weights are used as they are; weights to a reference mix are each group's share of
the reference over its share of the respondents (both over the groups the respondents
hold, so that a reference group no one answered from changes nothing). Either way every
weight is capped at the framework's cap; a respondent whose group is blank weighs 1.
"""

from __future__ import annotations

import numpy as np

from culturekit.framework.model import Framework
from culturekit.ingest.models import SurveyData
from culturekit.ingest.weights import WeightsData


def group_weights(survey: SurveyData, framework: Framework, weights: WeightsData) -> dict:
    """Each group's weight, capped."""
    assert framework.weighting is not None
    labels = survey.groups[framework.weighting.key].dropna().astype(str)
    cap = framework.weighting.cap
    if weights.kind == "weight":
        return {g: min(cap, w) for g, w in weights.values.items()}
    counts = labels.value_counts()
    present = {g: weights.values[g] for g in counts.index if g in weights.values}
    reference = sum(present.values())
    total = int(counts.sum())
    return {g: min(cap, (share / reference) / (counts[g] / total)) for g, share in present.items()}


def respondent_weights(
    survey: SurveyData, framework: Framework, weights: WeightsData | None
) -> np.ndarray | None:
    """Per row of the survey, its weight; None when unweighted."""
    if weights is None or framework.weighting is None or survey.source != "staff":
        return None
    by_group = group_weights(survey, framework, weights)
    labels = survey.groups[framework.weighting.key]
    return np.array(
        [1.0 if v is None or v != v else by_group.get(str(v), 1.0) for v in labels],
        dtype=float,
    )

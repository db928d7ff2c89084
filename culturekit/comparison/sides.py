"""One side of a comparison: a collection's data and its respondents' scores."""

from __future__ import annotations

from dataclasses import dataclass

from culturekit.ingest.models import TrustData
from culturekit.scoring.perceptions import (
    ScoredSurvey,
    score_respondents,
)


@dataclass(frozen=True)
class Side:
    data: TrustData
    scored: dict[str, ScoredSurvey]
    name: str  # "pre" or "post"

    @property
    def period(self) -> str:
        return self.data.trust.period


def score_surveys(data: TrustData) -> dict[str, ScoredSurvey]:
    return {s: score_respondents(survey, data.framework) for s, survey in data.surveys.items()}

"""The framework's driver analysis: which score is the outcome, which scores predict it,
and the settings of the relative importance analysis (docs/methods.md, "What drives the
outcome").

The outcome and the predictors are named by the framework's own ids, so code never names
one; ``default.yaml`` states every setting's default, and a framework file that names an
outcome takes the rest from it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from culturekit.relative_importance import MAX_DOMINANCE_PREDICTORS


class Drivers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    outcome: str | None
    """The id of the score the analysis explains; None: no driver analysis."""
    predictors: list[str]
    """The ids of the scores that explain it; empty: every other element."""
    method: Literal["relative_weights", "dominance"]
    min_respondents: int = Field(ge=2)
    """Staff scored on the outcome and on every predictor needed before it is run."""
    resamples: int = Field(ge=100)
    """Bootstrap resamples of respondents behind each interval."""
    seed: int = Field(ge=0)
    """The random seed of the bootstrap, so the same data give the same intervals."""

    @model_validator(mode="after")
    def _consistent(self) -> Drivers:
        if len(set(self.predictors)) != len(self.predictors):
            raise ValueError("drivers.predictors names a score twice")
        if self.outcome is not None and self.outcome in self.predictors:
            raise ValueError("drivers.outcome cannot also be one of its predictors")
        if self.method == "dominance" and len(self.predictors) > MAX_DOMINANCE_PREDICTORS:
            raise ValueError(
                f"drivers: dominance analysis takes at most {MAX_DOMINANCE_PREDICTORS} "
                "predictors; use relative_weights"
            )
        return self

    def predictors_of(self, scores: list[str]) -> list[str]:
        """The predictors among ``scores`` (the framework's order): those named, or every
        score but the outcome when none are named."""
        if self.outcome is None:
            return []
        if self.predictors:
            return list(self.predictors)
        return [s for s in scores if s != self.outcome]


def unknown_scores(drivers: Drivers, known: list[str]) -> list[str]:
    """The ids ``drivers`` names that are not among the framework's ``known`` scores."""
    named = ([drivers.outcome] if drivers.outcome is not None else []) + drivers.predictors
    return [name for name in named if name not in known]

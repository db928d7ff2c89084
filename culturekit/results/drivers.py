"""What drives an outcome: each predictor's relative importance for the outcome score.

Built by :mod:`culturekit.scoring.drivers` where the framework names an outcome
(docs/methods.md, "What drives the outcome"). Every figure here is for all staff scored
on the outcome and every predictor, a group never smaller than the framework's
``drivers.min_respondents`` (itself never below the reporting threshold).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from culturekit.results.base import Model

Quadrant = Literal["act_first", "keep_up", "watch", "less_pressing"]
"""Where a predictor lies on the impact-by-score chart: high impact and a low score is
``act_first``; high impact, high score ``keep_up``; low impact, low score ``watch``; low
impact, high score ``less_pressing``."""

NotRun = Literal["no_staff_scores", "no_score", "too_few_respondents", "no_variation"]
"""Why the analysis was not run: no staff answers; the outcome or a predictor has no staff
score (no items in the staff instrument); fewer staff scored on all of them than the
minimum; or a score that does not vary among them."""


class Driver(Model):
    """One predictor of the outcome."""

    id: str = Field(description="The predictor's id in the framework.")
    name: str
    score: float | None = Field(
        None, description="The predictor's staff score (0-10), as the report publishes it."
    )
    weight: float = Field(
        description="Its share of the outcome's variance explained (R² units, 0-1); the "
        "predictors' weights add up to r_squared."
    )
    ci_low: float | None = Field(None, description="Lower end of the bootstrap interval.")
    ci_high: float | None = Field(None, description="Upper end of the bootstrap interval.")
    share: float = Field(description="weight as a share of r_squared (0-1).")
    rank: int = Field(description="1 for the greatest weight.")
    quadrant: Quadrant | None = Field(
        None, description="Where it lies on the impact-by-score chart; None without a score."
    )


class DriverAnalysis(Model):
    """The relative importance of each predictor for the outcome, among staff."""

    outcome: str = Field(description="The outcome's id in the framework.")
    outcome_name: str
    outcome_score: float | None = Field(None, description="The outcome's staff score (0-10).")
    source: str = Field("staff", description="The respondents analysed.")
    method: Literal["relative_weights", "dominance"] = Field(
        description="relative_weights (Johnson 2000) or dominance (general dominance "
        "weights, Budescu 1993)."
    )
    run: bool = Field(description="Whether the analysis was run.")
    reason: NotRun | None = Field(None, description="Why it was not run.")
    min_respondents: int = Field(
        description="Staff scored on the outcome and every predictor needed to run it."
    )
    respondents: int | None = Field(
        None, description="Staff scored on the outcome and every predictor (complete cases)."
    )
    r_squared: float | None = Field(None, description="R² of the outcome on every predictor.")
    r_squared_low: float | None = None
    r_squared_high: float | None = None
    level: float = Field(description="Level of the bootstrap intervals.")
    resamples: int = Field(description="Bootstrap resamples drawn.")
    resamples_used: int | None = Field(
        None, description="Resamples in which every score varied, behind the intervals."
    )
    seed: int = Field(description="The bootstrap's random seed.")
    impact_cut: float | None = Field(
        None,
        description="High impact means a weight of at least this: an equal share of "
        "r_squared among the predictors.",
    )
    score_cut: float | None = Field(
        None, description="A low score is below this: the mean of the predictors' scores."
    )
    drivers: list[Driver] = Field(
        default_factory=list, description="Every predictor, greatest weight first."
    )

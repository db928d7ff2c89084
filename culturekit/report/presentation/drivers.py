"""What drives the outcome, as display data: the table, the impact-by-score chart's points
and their text alternative, and the method in words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from culturekit.report.presentation import numbers
from culturekit.report.presentation.rules import confidence_label

METHOD_NAMES = {
    "relative_weights": "relative weights analysis (Johnson, 2000)",
    "dominance": "dominance analysis (general dominance weights; Budescu, 1993)",
}
QUADRANTS = {
    "act_first": "Act first",
    "keep_up": "Keep up",
    "watch": "Watch",
    "less_pressing": "Less pressing",
}
# Where each quadrant's label sits on the chart: (low or high score, low or high impact).
QUADRANT_CORNERS = {
    "act_first": ("low", "high"),
    "keep_up": ("high", "high"),
    "watch": ("low", "low"),
    "less_pressing": ("high", "low"),
}


@dataclass(frozen=True)
class ImpactPoint:
    """One predictor on the impact-by-score chart: x its score, y its importance (%)."""

    label: str
    score: float
    importance: float
    quadrant: str


def importance(weight: float | None) -> str:
    """A weight (a share of variance, 0-1) as a percentage: ``0.1234`` -> ``12.3%``."""
    return numbers.percent(None if weight is None else 100 * weight, "importance")


def _not_run(analysis: Any) -> str:
    outcome = analysis.outcome_name
    return {
        "no_staff_scores": "There are no staff answers to analyse.",
        "no_score": f"{outcome} or one of its predictors has no staff score: the staff "
        "questionnaire asks none of its items.",
        "too_few_respondents": f"Fewer than {analysis.min_respondents} staff were scored on "
        f"{outcome} and on every predictor, too few for the weights to be trusted; the "
        "analysis was not run.",
        "no_variation": "A score did not vary among the staff analysed, so no model could "
        "be fitted.",
    }[analysis.reason]


def drivers_view(diagnosis: Any) -> dict[str, Any] | None:
    """Everything the report shows of the driver analysis; None without one."""
    analysis = diagnosis.drivers
    if analysis is None:
        return None
    level = confidence_label(diagnosis)
    view: dict[str, Any] = {
        "outcome": analysis.outcome_name,
        "outcome_score": numbers.score(analysis.outcome_score),
        "method": METHOD_NAMES[analysis.method],
        "run": analysis.run,
        "level": level,
    }
    if not analysis.run:
        return {**view, "not_run": _not_run(analysis)}
    rows = []
    points = []
    alternative = []
    for driver in analysis.drivers:
        quadrant = QUADRANTS[driver.quadrant] if driver.quadrant else "Not charted"
        interval = f"{importance(driver.ci_low)} to {importance(driver.ci_high)}"
        rows.append(
            {
                "rank": driver.rank,
                "name": driver.name,
                "score": numbers.score(driver.score),
                "importance": importance(driver.weight),
                "interval": interval,
                "share": numbers.percent(100 * driver.share),
                "quadrant": quadrant,
            }
        )
        if driver.score is None or driver.quadrant is None:
            continue
        points.append(ImpactPoint(driver.name, driver.score, 100 * driver.weight, driver.quadrant))
        alternative.append(
            f"{driver.name}: score {numbers.score(driver.score)}, importance "
            f"{importance(driver.weight)} ({level} interval {interval}): "
            f"{quadrant.lower()}."
        )
    act_first = [
        r["name"] for r, d in zip(rows, analysis.drivers, strict=True) if d.quadrant == "act_first"
    ]
    return {
        **view,
        "respondents": numbers.thousands(analysis.respondents),
        "r_squared": importance(analysis.r_squared),
        "r_squared_interval": f"{importance(analysis.r_squared_low)} to "
        f"{importance(analysis.r_squared_high)}",
        "rows": rows,
        "points": points,
        "impact_cut": 100 * analysis.impact_cut,
        "score_cut": analysis.score_cut,
        "impact_cut_text": importance(analysis.impact_cut),
        "score_cut_text": numbers.score(analysis.score_cut),
        "quadrant_labels": {QUADRANTS[q]: corner for q, corner in QUADRANT_CORNERS.items()},
        "alternative": alternative,
        "act_first": act_first,
        "description": f"Impact by score: each predictor of {analysis.outcome_name} at its "
        "staff score (across) and its importance (up); high impact with a low score, top "
        "left, is where to act first. The points are listed below the chart.",
    }


def drivers_method(diagnosis: Any) -> str:
    """The methods section's account of the driver analysis."""
    analysis = diagnosis.drivers
    level = confidence_label(diagnosis)
    return (
        f"What drives {analysis.outcome_name}: its staff score is regressed on the "
        f"predictors' staff scores and the model's R² is shared out among them by "
        f"{METHOD_NAMES[analysis.method]}; each share is a predictor's importance, and the "
        "shares add up to R². Only staff scored on the outcome and on every predictor are "
        "used (complete cases), and the analysis is run only for at least "
        f"{analysis.min_respondents} of them, never for a group below the reporting "
        f"threshold. Intervals are {level} percentile bootstrap intervals from "
        f"{analysis.resamples:,} resamples of respondents (seed {analysis.seed}, so the same "
        "data give the same intervals). On the impact-by-score chart, high impact is at "
        "least an equal share of R² among the predictors and a low score is below the "
        "predictors' mean score. Importance says how much of the differences between "
        "staff a score goes with, not that changing it would change the outcome. The "
        "weights are checked in culturekit's tests against brute-force dominance over "
        "every subset of predictors with statsmodels and against Johnson's construction "
        "on the data."
    )

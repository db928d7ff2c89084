"""What drives the framework's outcome: relative importance of each predictor score.

Respondent-level scores in, a :class:`~culturekit.results.drivers.DriverAnalysis` out.
The outcome and predictors are the framework's (``drivers``), named by id; the
respondents are staff scored on the outcome and on every predictor (complete cases: a
respondent missing any of them is left out of the whole analysis, so every weight and
the R² rest on the same people). The analysis is run only for at least
``drivers.min_respondents`` of them, and never for fewer than the reporting threshold.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from culturekit import relative_importance
from culturekit.framework.model import Framework
from culturekit.privacy import is_reportable
from culturekit.results.drivers import Driver, DriverAnalysis, NotRun, Quadrant


def driver_analysis(
    scores: pd.DataFrame | None,
    published: Mapping[str, float | None],
    names: Mapping[str, str],
    framework: Framework,
) -> DriverAnalysis | None:
    """The framework's driver analysis on staff ``scores`` (respondents x score ids).

    ``published`` is each score's staff score as the report shows it (None where hidden),
    the x of the impact-by-score chart; ``names`` each score's name. None when the
    framework names no outcome.
    """
    settings = framework.drivers
    outcome = settings.outcome
    if outcome is None:
        return None
    predictors = settings.predictors_of(list(names))
    base = DriverAnalysis(
        outcome=outcome,
        outcome_name=names[outcome],
        outcome_score=published.get(outcome),
        method=settings.method,
        run=False,
        min_respondents=settings.min_respondents,
        level=framework.confidence_level,
        resamples=settings.resamples,
        seed=settings.seed,
    )
    if scores is None:
        return _not_run(base, "no_staff_scores")
    if any(s not in scores.columns for s in [outcome, *predictors]):
        return _not_run(base, "no_score")
    complete = scores[[*predictors, outcome]].dropna()
    n = len(complete)
    needed = max(settings.min_respondents, framework.reporting_threshold)
    if n < needed or not is_reportable(n, framework.reporting_threshold):
        return _not_run(base, "too_few_respondents")
    x = complete[predictors].to_numpy(dtype=float)
    y = complete[outcome].to_numpy(dtype=float)
    try:
        point = relative_importance.importance(x, y, settings.method)
    except ValueError:
        return _not_run(base.model_copy(update={"respondents": n}), "no_variation")
    intervals = relative_importance.bootstrap_intervals(
        x,
        y,
        settings.method,
        resamples=settings.resamples,
        seed=settings.seed,
        level=framework.confidence_level,
    )
    return base.model_copy(
        update={
            "run": True,
            "respondents": n,
            "r_squared": point.r_squared,
            "r_squared_low": _finite(intervals.r_squared_low),
            "r_squared_high": _finite(intervals.r_squared_high),
            "resamples_used": intervals.resamples_used,
            **_drivers(predictors, point, intervals, published, names),
        }
    )


def _not_run(base: DriverAnalysis, reason: NotRun) -> DriverAnalysis:
    return base.model_copy(update={"reason": reason})


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _drivers(
    predictors: list[str],
    point: relative_importance.Importance,
    intervals: relative_importance.Intervals,
    published: Mapping[str, float | None],
    names: Mapping[str, str],
) -> dict[str, object]:
    """Each predictor with its weight, interval and quadrant, greatest weight first.

    High impact is a weight of at least an equal share of R² among the predictors; a low
    score is one below the mean of the predictors' published scores, so the quadrants
    set the predictors against each other (importance-performance analysis).
    """
    r2 = point.r_squared
    impact_cut = r2 / len(predictors)
    shown = [published.get(p) for p in predictors]
    known = [s for s in shown if s is not None]
    score_cut = float(np.mean(known)) if known else None
    order = sorted(range(len(predictors)), key=lambda i: (-point.weights[i], i))
    drivers = []
    for rank, i in enumerate(order, start=1):
        weight = float(point.weights[i])
        score = shown[i]
        drivers.append(
            Driver(
                id=predictors[i],
                name=names[predictors[i]],
                score=score,
                weight=weight,
                ci_low=_finite(intervals.low[i]),
                ci_high=_finite(intervals.high[i]),
                share=weight / r2 if r2 > 0 else 0.0,
                rank=rank,
                quadrant=None
                if score is None or score_cut is None
                else _quadrant(weight >= impact_cut, score < score_cut),
            )
        )
    return {"impact_cut": impact_cut, "score_cut": score_cut, "drivers": drivers}


def _quadrant(high_impact: bool, low_score: bool) -> Quadrant:
    if high_impact:
        return "act_first" if low_score else "keep_up"
    return "watch" if low_score else "less_pressing"

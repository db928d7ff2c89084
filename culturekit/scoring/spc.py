"""XmR charts of a dashboard series, the way NHSRplotthedots (Making Data Count) reads them.

Pure: a series of (period, value) pairs and the framework's rules to an
:class:`~culturekit.results.spc.SpcChart`. Each function mirrors one of
NHSRplotthedots' (``ptd_spc_standard``, ``ptd_calculate_point_type``,
``ptd_calculate_assurance_type``, ``ptd_add_rebase_column``) with its rule lengths read
from :class:`~culturekit.framework.model.Rules` instead of written in, so that its own
test cases can be run against these (tests/test_spc.py).

A chart may be rebased: its points are split into phases at the rebase dates, and each
phase has its own mean and limits. NHSRplotthedots rebases at a point whose date equals a
rebase date; here a phase starts at the first point on or after it, which is the same
where the date is a point's and still rebases at a programme start that falls mid-month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from culturekit.framework.model import Rules
from culturekit.results.spc import (
    Assurance,
    PointType,
    SpcChart,
    SpcPoint,
    SpcReading,
    SpcSignal,
    SpecialCause,
)

__all__ = [
    "Limits",
    "assurance",
    "near_flags",
    "part_of",
    "part_of_near",
    "phase_limits",
    "point_types",
    "rebase_flags",
    "run_flags",
    "special_causes",
    "trend_flags",
    "xmr_chart",
]


@dataclass(frozen=True)
class Limits:
    """One phase's centre line and limits; NaN where there are no moving ranges to use."""

    mean: float
    lower: float
    upper: float
    near_lower: float
    near_upper: float
    moving_ranges: np.ndarray
    """|y[i] - y[i-1]| for each point (NaN for the first), before screening."""


def phase_limits(values: np.ndarray, rules: Rules) -> Limits:
    """Mean and process limits of one phase (``ptd_spc_standard``).

    The mean and mean moving range come from the first ``rules.spc_fix_after`` points when
    that is set, else from all. Moving ranges at or above ``spc_moving_range_screen``
    times the mean moving range are left out and the mean moving range worked out again.
    """
    y = np.asarray(values, dtype=float)
    fixed = y if rules.spc_fix_after is None else y[: rules.spc_fix_after]
    moving = np.abs(np.diff(fixed)) if fixed.size > 1 else np.array([], dtype=float)
    mean = float(np.mean(fixed)) if fixed.size else float("nan")
    average = float(np.mean(moving)) if moving.size else float("nan")
    if rules.spc_moving_range_screen is not None and moving.size:
        kept = moving[moving < rules.spc_moving_range_screen * average]
        # Every range screened out (a flat series: all ranges 0) leaves no limits, as in R.
        average = float(np.mean(kept)) if kept.size else float("nan")
    near = rules.spc_near_limit_thirds * rules.spc_limit / 3
    ranges = np.full(y.size, np.nan)
    if y.size > 1:
        ranges[1:] = np.abs(np.diff(y))
    return Limits(
        mean=mean,
        lower=mean - rules.spc_limit * average,
        upper=mean + rules.spc_limit * average,
        near_lower=mean - near * average,
        near_upper=mean + near * average,
        moving_ranges=ranges,
    )


def run_flags(relative_to_mean: np.ndarray, run: int) -> np.ndarray:
    """1 at each point that ends ``run`` points in a row on one side of the mean
    (``ptd_seven_point_one_side_mean``); a point on the mean (0) breaks a run."""
    side = np.asarray(relative_to_mean, dtype=float)
    out = np.zeros(side.size)
    for i in range(run - 1, side.size):
        window = side[i - run + 1 : i + 1]
        if window[-1] != 0 and np.all(window == window[-1]):
            out[i] = 1
    return out


def part_of(flags: np.ndarray, length: int) -> np.ndarray:
    """1 at each point among the ``length`` points a flag ends (``ptd_part_of_seven_trend``):
    a point is part of a run or trend when it or one of the next ``length - 1`` is flagged."""
    marks = np.abs(np.asarray(flags, dtype=float)) == 1
    out = np.zeros(marks.size)
    for i in range(marks.size):
        out[i] = float(marks[i : i + length].any())
    return out


def trend_flags(values: np.ndarray, trend: int) -> np.ndarray:
    """+1 (-1) at each point that ends ``trend`` points each higher (lower) than the one
    before (``ptd_seven_point_trend``); an equal value breaks a trend."""
    y = np.asarray(values, dtype=float)
    out = np.zeros(y.size)
    for i in range(trend - 1, y.size):
        steps = np.sign(np.diff(y[i - trend + 1 : i + 1]))
        if np.all(steps == 1):
            out[i] = 1
        elif np.all(steps == -1):
            out[i] = -1
    return out


def near_flags(
    close: np.ndarray, relative_to_mean: np.ndarray, count: int, window: int
) -> np.ndarray:
    """1 at each point of a window of ``window`` points in a row, all on one side of the
    mean, of which at least ``count`` are near a limit (``ptd_two_in_three``)."""
    near = np.asarray(close, dtype=float)
    side = np.asarray(relative_to_mean, dtype=float)
    out = np.zeros(near.size)
    if side.size < near.size:
        # R recycles nothing here: a shorter side vector is padded with zeros (no side).
        side = np.concatenate([side, np.zeros(near.size - side.size)])
    for start in range(0, near.size - window + 1):
        stop = start + window
        if near[start:stop].sum() >= count and abs(side[start:stop].sum()) == window:
            out[start:stop] = 1
    return out


def part_of_near(flags: np.ndarray, close: np.ndarray) -> np.ndarray:
    """The flagged points that are themselves near a limit (``ptd_part_of_two_in_three``)."""
    return ((np.asarray(flags) == 1) & (np.abs(np.asarray(close, dtype=float)) == 1)).astype(float)


def special_causes(
    values: np.ndarray,
    relative_to_mean: np.ndarray,
    outside: np.ndarray,
    in_trend: np.ndarray,
    in_near: np.ndarray,
    in_run: np.ndarray,
) -> list[SpecialCause]:
    """Each point's special cause, the first rule that holds in NHSRplotthedots' order
    (``ptd_special_cause_type``): beyond a limit, a trend, near a limit, a run.

    A trend's direction at a point is the step to the next point where that point is in
    the trend too, else the step from the previous point.
    """
    y = np.asarray(values, dtype=float)
    side = np.asarray(relative_to_mean, dtype=float)
    trend = np.asarray(in_trend, dtype=float)
    steps = np.sign(np.diff(y))
    right = np.concatenate([steps, steps[-1:]]) if steps.size else np.zeros(y.size)
    left = np.concatenate([[0.0], steps])
    following = np.concatenate([trend[1:], [0.0]])
    direction = np.where((following != 0) & (trend != 0), right, left)
    out: list[SpecialCause] = []
    for i in range(y.size):
        above = side[i] > 0
        if outside[i] != 0:
            out.append("above_upper_limit" if side[i] == 1 else "below_lower_limit")
        elif trend[i] != 0:
            out.append("trend_increasing" if direction[i] == 1 else "trend_decreasing")
        elif in_near[i] != 0:
            out.append("near_limit_above" if above else "near_limit_below")
        elif in_run[i] != 0:
            out.append("run_above" if above else "run_below")
        else:
            out.append("common_cause")
    return out


_HIGH = frozenset({"above_upper_limit", "trend_increasing", "near_limit_above", "run_above"})
_LOW = frozenset({"below_lower_limit", "trend_decreasing", "near_limit_below", "run_below"})


def point_types(causes: Sequence[SpecialCause], direction: int) -> list[PointType]:
    """Each special cause read by the improvement direction (``ptd_point_type``):
    1 when higher is better, -1 when lower is, 0 for neither (neutral high and low)."""
    out: list[PointType] = []
    for cause in causes:
        sign = 1 if cause in _HIGH else -1 if cause in _LOW else 0
        if sign == 0:
            out.append("common_cause")
        elif direction == 0:
            out.append("special_cause_neutral_high" if sign > 0 else "special_cause_neutral_low")
        else:
            good = sign * direction > 0
            out.append("special_cause_improvement" if good else "special_cause_concern")
    return out


def assurance(target: float | None, lower: float, upper: float, direction: int) -> Assurance | None:
    """The assurance icon (``ptd_calculate_assurance_type``): a target above the upper
    limit is consistently failed when higher is better (passed when lower is), one below
    the lower limit the other way round, and one between them (or on one) inconsistently
    met. None without a target, without limits, or with no improvement direction."""
    if target is None or direction == 0 or not (np.isfinite(lower) and np.isfinite(upper)):
        return None
    if target > upper:
        return "consistent_fail" if direction > 0 else "consistent_pass"
    if target < lower:
        return "consistent_pass" if direction > 0 else "consistent_fail"
    return "inconsistent"


def rebase_flags(periods: Sequence[dt.date], rebase_at: Sequence[dt.date]) -> np.ndarray:
    """1 at the first point on or after each rebase date (periods in order), else 0
    (``ptd_add_rebase_column``); a date after the last point rebases nothing."""
    flags = np.zeros(len(periods))
    for when in rebase_at:
        later = [i for i, period in enumerate(periods) if period >= when]
        if later:
            flags[later[0]] = 1
    return flags


def _signals(points: list[SpcPoint]) -> list[SpcSignal]:
    """Consecutive points of one phase with the same special cause, one signal each."""
    signals: list[SpcSignal] = []
    start = 0
    for i in range(1, len(points) + 1):
        ends = (
            i == len(points)
            or points[i].special_cause != points[start].special_cause
            or points[i].group != points[start].group
        )
        if not ends:
            continue
        first = points[start]
        if first.special_cause != "common_cause":
            signals.append(
                SpcSignal(
                    special_cause=first.special_cause,
                    point_type=first.point_type,
                    first=first.period,
                    last=points[i - 1].period,
                    points=i - start,
                )
            )
        start = i
    return signals


def _reading(points: list[SpcPoint]) -> SpcReading:
    latest = points[-1].group
    for point in reversed(points):
        if point.group != latest:
            break
        if point.point_type == "special_cause_improvement":
            return "improvement"
        if point.point_type == "special_cause_concern":
            return "concern"
    return "common cause"


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def xmr_chart(
    *,
    indicator: str,
    element: str,
    unit: str | None,
    higher_is_better: bool,
    target: float | None,
    periods: Sequence[dt.date],
    values: Sequence[float],
    rules: Rules,
    rebase_at: Sequence[dt.date] = (),
) -> SpcChart:
    """One indicator's XmR chart: limits per phase, every point's special cause and type,
    the signals, the variation and assurance icons and the reading since the baseline.

    ``periods`` must be in order, one value each, at least one.
    """
    if not periods or len(periods) != len(values):
        raise ValueError("an XmR chart needs one value per period, at least one")
    y = np.asarray(values, dtype=float)
    groups = np.cumsum(rebase_flags(periods, rebase_at)).astype(int)
    direction = 1 if higher_is_better else -1
    points: list[SpcPoint] = []
    last_limits: Limits | None = None
    for group in dict.fromkeys(groups.tolist()):
        where = np.flatnonzero(groups == group)
        phase = y[where]
        limits = phase_limits(phase, rules)
        with np.errstate(invalid="ignore"):
            outside = (phase > limits.upper) | (phase < limits.lower)
            close = ~outside & ((phase < limits.near_lower) | (phase > limits.near_upper))
        side = np.sign(phase - limits.mean)
        in_trend = part_of(trend_flags(phase, rules.spc_trend), rules.spc_trend)
        near = near_flags(close, side, rules.spc_near_count, rules.spc_near_window)
        in_near = part_of_near(near, close)
        in_run = part_of(run_flags(side, rules.spc_run), rules.spc_run)
        causes = special_causes(phase, side, outside, in_trend, in_near, in_run)
        types = point_types(causes, direction)
        trial = phase.size < rules.spc_trial_below
        for k, i in enumerate(where):
            points.append(
                SpcPoint(
                    period=periods[i],
                    value=float(y[i]),
                    mean=limits.mean,
                    lower_limit=_finite(limits.lower),
                    upper_limit=_finite(limits.upper),
                    moving_range=_finite(limits.moving_ranges[k]),
                    group=int(group),
                    trial=trial,
                    special_cause=causes[k],
                    point_type=types[k],
                )
            )
        last_limits = limits
    assert last_limits is not None  # at least one point, so one phase
    starts = [p.period for i, p in enumerate(points) if i and p.group != points[i - 1].group]
    latest_start = next(p.period for p in points if p.group == points[-1].group)
    return SpcChart(
        indicator=indicator,
        element=element,
        unit=unit,
        higher_is_better=higher_is_better,
        target=target,
        points=points,
        rebased_at=starts,
        signals=_signals(points),
        variation=points[-1].point_type,
        assurance=assurance(target, last_limits.lower, last_limits.upper, direction),
        reading=_reading(points),
        baseline_from=latest_start,
    )

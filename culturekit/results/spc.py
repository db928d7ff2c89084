"""Result models of the dashboard series: XmR charts, their special causes and icons."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from culturekit.results.base import Model

__all__ = [
    "Assurance",
    "PointType",
    "SpcChart",
    "SpcPoint",
    "SpcReading",
    "SpcSignal",
    "SpecialCause",
]

SpecialCause = Literal[
    "above_upper_limit",
    "below_lower_limit",
    "trend_increasing",
    "trend_decreasing",
    "near_limit_above",
    "near_limit_below",
    "run_above",
    "run_below",
    "common_cause",
]
"""Why a point is special, by the first rule that holds in this order (NHSRplotthedots'
precedence): beyond a limit, part of a trend, near a limit, part of a run."""

PointType = Literal[
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
    "common_cause",
]
"""A point's special cause read by the indicator's polarity (the variation icons)."""

Assurance = Literal["consistent_pass", "consistent_fail", "inconsistent"]
"""Whether the latest limits lie wholly on the target's good side, bad side, or across it."""

SpcReading = Literal["improvement", "concern", "common cause"]
"""What the series says since the baseline: the latest special cause's direction."""


class SpcPoint(Model):
    """One point of an XmR chart with the limits of its period."""

    period: dt.date
    value: float
    mean: float
    lower_limit: float | None
    """None where the period has too few moving ranges for limits."""
    upper_limit: float | None
    moving_range: float | None
    """|value - previous value| within the period; None for a period's first point."""
    group: int
    """The chart's period the point belongs to: 0 before the first rebase, then 1, ..."""
    trial: bool
    """Whether the period's limits are trial limits (too few points)."""
    special_cause: SpecialCause
    point_type: PointType


class SpcSignal(Model):
    """Consecutive points flagged by the same rule: one signal on the chart."""

    special_cause: SpecialCause
    point_type: PointType
    first: dt.date
    last: dt.date
    points: int


class SpcChart(Model):
    """One indicator's series as an XmR chart."""

    indicator: str
    element: str
    unit: str | None
    higher_is_better: bool
    target: float | None
    points: list[SpcPoint]
    rebased_at: list[dt.date]
    """The first period of each period after the first (the rebases that took effect)."""
    signals: list[SpcSignal]
    variation: PointType
    """The variation icon: the latest point's type."""
    assurance: Assurance | None
    """The assurance icon against the target by the latest limits; None without a target
    or limits."""
    reading: SpcReading
    """The latest special cause since the baseline (the latest period): improvement,
    concern, or common cause when there is none."""
    baseline_from: dt.date
    """The first period of the latest period: where "since the baseline" starts."""

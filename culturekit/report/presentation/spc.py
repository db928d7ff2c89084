"""The dashboard series in words: each XmR chart's icons, signals and points as text.

Every format reads these display data (the HTML's chart and its table, the JSON's
numbers stay in the result): the variation and assurance icons of Making Data Count as
a letter in a shape with its words, each signal as a sentence, and every point as a row
of the chart's text alternative.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from culturekit.report.presentation.numbers import fixed

__all__ = ["SpcIcon", "SpcView", "period_label", "spc_views", "value_text"]

# Making Data Count's icons: the variation icon's letter says which way the special cause
# points (H higher, L lower), its colour whether that is good; the assurance icon's letter
# says pass, fail or neither.
VARIATION: dict[str, tuple[str, str, str]] = {
    "special_cause_improvement": ("improvement", "", "Special cause: improvement"),
    "special_cause_concern": ("concern", "", "Special cause: concern"),
    "special_cause_neutral_high": ("neutral", "H", "Special cause: higher, neither good nor bad"),
    "special_cause_neutral_low": ("neutral", "L", "Special cause: lower, neither good nor bad"),
    "common_cause": ("common", "~", "Common cause: no significant change"),
}
ASSURANCE: dict[str | None, tuple[str, str, str]] = {
    "consistent_pass": ("pass", "P", "Consistently passing the target"),
    "consistent_fail": ("fail", "F", "Consistently failing the target"),
    "inconsistent": ("inconsistent", "?", "Hit and miss: the target lies between the limits"),
    None: ("none", "–", "No assurance: no target"),
}
CAUSE: dict[str, str] = {
    "above_upper_limit": "a point above the upper limit",
    "below_lower_limit": "a point below the lower limit",
    "trend_increasing": "a trend: points each higher than the last",
    "trend_decreasing": "a trend: points each lower than the last",
    "near_limit_above": "points near the upper limit",
    "near_limit_below": "points near the lower limit",
    "run_above": "a run of points above the mean",
    "run_below": "a run of points below the mean",
    "common_cause": "common cause",
}
READING: dict[str, str] = {
    "improvement": "special-cause improvement",
    "concern": "special-cause concern",
    "common cause": "common cause variation only",
}
TYPE_WORD: dict[str, str] = {
    "special_cause_improvement": "improvement",
    "special_cause_concern": "concern",
    "special_cause_neutral_high": "neither good nor bad",
    "special_cause_neutral_low": "neither good nor bad",
    "common_cause": "",
}


@dataclass(frozen=True)
class SpcIcon:
    kind: str
    """The icon's class: improvement, concern, neutral, common; pass, fail, inconsistent."""
    letter: str
    words: str


@dataclass(frozen=True)
class SpcView:
    indicator: str
    element: str
    title: str
    variation: SpcIcon
    assurance: SpcIcon
    reading: str
    signals: list[str]
    rows: list[dict[str, str]]
    notes: list[str]
    summary: str
    """The chart's text alternative in one sentence: what the table below it lists."""


def period_label(period: dt.date, monthly: bool) -> str:
    return period.strftime("%b %Y") if monthly else period.isoformat()


def value_text(value: float | None, unit: str | None) -> str:
    if value is None:
        return "–"
    text = fixed(value, 1)
    return f"{text}%" if unit == "%" else text


def _variation(chart: Any) -> SpcIcon:
    kind, letter, words = VARIATION[chart.variation]
    if not letter:
        # H or L by where the latest special cause lies (the higher or lower side).
        higher = (chart.variation == "special_cause_improvement") == chart.higher_is_better
        letter = "H" if higher else "L"
    return SpcIcon(kind, letter, words)


def _signal(signal: Any, monthly: bool) -> str:
    first, last = period_label(signal.first, monthly), period_label(signal.last, monthly)
    when = first if signal.points == 1 else f"{signal.points} points, {first} to {last}"
    cause = CAUSE[signal.special_cause]
    cause = cause[0].upper() + cause[1:]
    word = TYPE_WORD[signal.point_type]
    return f"{cause} ({when}): {word}."


def spc_view(chart: Any) -> SpcView:
    monthly = all(p.period.day == 1 for p in chart.points)
    unit = chart.unit
    rows = [
        {
            "period": period_label(p.period, monthly),
            "value": value_text(p.value, unit),
            "mean": value_text(p.mean, unit),
            "lower": value_text(p.lower_limit, unit),
            "upper": value_text(p.upper_limit, unit),
            "signal": ""
            if p.special_cause == "common_cause"
            else (CAUSE[p.special_cause] + " (" + TYPE_WORD[p.point_type] + ")"),
        }
        for p in chart.points
    ]
    notes = []
    trial = [p.period for p in chart.points if p.trial]
    if len(trial) == len(chart.points):
        notes.append("Trial limits: too few points yet; they will change as points are added.")
    elif trial:
        # Only an earlier phase may be short: say which, so the latest limits read as firm.
        notes.append(
            f"Trial limits from {period_label(trial[0], monthly)} to "
            f"{period_label(trial[-1], monthly)}: too few points in that phase for firm limits."
        )
    if chart.rebased_at:
        starts = ", ".join(period_label(d, monthly) for d in chart.rebased_at)
        notes.append(f"Rebased at the programme start: new mean and limits from {starts}.")
    signals = [_signal(s, monthly) for s in chart.signals]
    first, last = chart.points[0].period, chart.points[-1].period
    reading = READING[chart.reading]
    since = period_label(chart.baseline_from, monthly)
    summary = (
        f"XmR chart of {chart.indicator}: {len(chart.points)} points from "
        f"{period_label(first, monthly)} to {period_label(last, monthly)}; "
        f"since {since}, {reading}; "
        + (f"{len(signals)} signal{'s' if len(signals) != 1 else ''}." if signals else "no signal.")
    )
    return SpcView(
        indicator=chart.indicator,
        element=chart.element,
        title=f"{chart.indicator}: XmR chart",
        variation=_variation(chart),
        assurance=SpcIcon(*ASSURANCE[chart.assurance]),
        reading=f"Since {since}: {reading}{_latest(chart)}.",
        signals=signals,
        rows=rows,
        notes=notes,
        summary=summary,
    )


def _latest(chart: Any) -> str:
    """The variation icon follows the latest point; where that point is common cause
    after a special cause, the reading says so, so that icon and reading never seem to
    disagree."""
    if chart.reading != "common cause" and chart.variation == "common_cause":
        return "; the latest point shows common cause"
    return ""


def spc_views(dashboard: Any) -> list[SpcView]:
    """Every chart of the dashboard's series, in dashboard order."""
    return [spc_view(chart) for chart in getattr(dashboard, "series", None) or []]

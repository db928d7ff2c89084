"""The Dashboard series sheet of the series example: 24 months of three indicators.

Planted (examples/README.md, "The series example"): the programme starts in January 2025
(the Trust sheet's programme_start), and each series is rebased there. Sickness absence
falls by 0.31 points from July 2025 (a run below the mean: improvement); mandatory
training compliance drops to 89% in September 2025 alone (a point below the lower limit:
concern); staff turnover only varies (no special cause). The month-to-month noise is
a fixed pattern, up and down in turn, so that it holds no run or trend of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

PROGRAMME_START = dt.date(2025, 1, 1)
MONTHS = [dt.date(2024 + (3 + m) // 12, (3 + m) % 12 + 1, 1) for m in range(24)]  # Apr 2024 on
# Month-to-month variation in units of each indicator's ``noise``: alternately up and
# down (so no run of one side of the mean, nor a trend, comes from it), of varying size.
PATTERN = (0.9, -0.8, 1.0, -0.9, 0.8, -1.0, 0.9, -0.8, 1.0, -0.9, 0.8, -1.0)


@dataclass(frozen=True)
class PlantedSeries:
    indicator: str
    level: float
    noise: float
    # (first month, value added from then on) and (month, value set that month alone)
    shift: tuple[dt.date, float] | None = None
    spike: tuple[dt.date, float] | None = None
    target: float | None = None


SERIES: tuple[PlantedSeries, ...] = (
    PlantedSeries(
        "Sickness absence rate", 5.2, 0.1, shift=(dt.date(2025, 7, 1), -0.31), target=4.9
    ),
    PlantedSeries(
        "Mandatory training compliance", 92.8, 0.4, spike=(dt.date(2025, 9, 1), 89.0), target=90.0
    ),
    PlantedSeries("Staff turnover rate", 10.1, 0.3, target=11.0),
)


def series_values(planted: PlantedSeries) -> list[float]:
    """The indicator's 24 monthly values, to 2 decimal places."""
    steps = np.resize(np.array(PATTERN), len(MONTHS))
    values = planted.level + planted.noise * steps
    out = []
    for month, value in zip(MONTHS, values, strict=True):
        if planted.shift is not None and month >= planted.shift[0]:
            value += planted.shift[1]
        if planted.spike is not None and month == planted.spike[0]:
            value = planted.spike[1]
        out.append(round(float(value), 2))
    return out


def series_sheet() -> tuple[list[str], list[list[object]]]:
    """The sheet's header and rows: indicator, period (a month, as text), value."""
    rows: list[list[object]] = []
    for planted in SERIES:
        values = series_values(planted)
        rows += [
            [planted.indicator, month.strftime("%Y-%m"), value]
            for month, value in zip(MONTHS, values, strict=True)
        ]
    return ["indicator", "period", "value"], rows

"""Charts of the leadership workforce analysis, as inline SVG.

They only draw figures the :class:`~culturekit.scoring.workforce.WorkforceResult` already
holds (the percentages of its representation tables); they compute nothing, and a cell
hidden by the reporting threshold is left out of the chart, never drawn as 0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from culturekit.report.charts import lines
from culturekit.report.presentation.workforce import PIPELINE_SERIES, pipeline

if TYPE_CHECKING:
    from culturekit.results.workforce import WorkforceResult

__all__ = ["PIPELINE_SERIES", "workforce_charts"]

Series = tuple[str, list[float | None], str, str]


def _runs(name: str, values: list[float | None], colour: str, marker: str) -> list[Series]:
    """One series per unbroken run of shown points, so no line bridges a hidden cell.

    Runs after the first are named with a leading underscore, which matplotlib leaves out
    of the legend.
    """
    out: list[Series] = []
    current: list[float | None] = [None] * len(values)
    for index, value in enumerate(values):
        if value is None:
            if any(v is not None for v in current):
                out.append((name if not out else f"_{name}", current, colour, marker))
                current = [None] * len(values)
            continue
        current[index] = value
    if any(v is not None for v in current):
        out.append((name if not out else f"_{name}", current, colour, marker))
    return out


def workforce_charts(workforce: WorkforceResult) -> dict[str, str]:
    """Every chart of the workforce section, as SVG text keyed by where it goes.

    ``pipeline``: the share of BME and of Disabled staff in each band from Band 5 to the
    board, from the representation tables; absent when neither has a point to draw.
    """
    found = pipeline(workforce)
    if found is None:
        return {}
    series: list[Series] = []
    for line in found.lines:
        series += _runs(line.name, line.values, line.colour, line.marker)
    return {
        "pipeline": lines.pipeline_chart(
            found.bands, series, found.description, axis_label="Share of the band or board (%)"
        )
    }

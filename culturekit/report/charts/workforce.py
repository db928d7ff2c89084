"""Charts of the leadership workforce analysis, as inline SVG.

They only draw figures the :class:`~culturekit.scoring.workforce.WorkforceResult` already
holds (the percentages of its representation tables); they compute nothing, and a cell
hidden by the reporting threshold is left out of the chart, never drawn as 0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from culturekit.report import palette
from culturekit.report.charts import lines
from culturekit.report.presentation.numbers import staff_percent

if TYPE_CHECKING:
    from culturekit.results.workforce import RepresentationTable, WorkforceResult

__all__ = ["PIPELINE_SERIES", "workforce_charts"]

# (characteristic, category, series name, colour, marker). The two colours differ in
# lightness as well as hue, and the markers in shape, so the lines stay apart in greyscale.
# Disabled comes first so that, where both are 0, the smaller BME circle is drawn on top of
# the diamond and both stay visible.
PIPELINE_SERIES: tuple[tuple[str, str, str, str, str], ...] = (
    ("disability", "Yes", "Disabled staff", palette.DARK_ORANGE, "D"),
    ("ethnicity_group", "BME", "BME staff", palette.DARK_BLUE, "o"),
)

PIPELINE_TITLE = "Share of BME and of Disabled staff by band, Band 5 to board"

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


def _pipeline_values(table: RepresentationTable, category: str) -> list[float | None]:
    """The table's own percentage of ``category`` in each row; None where it is hidden."""
    values: list[float | None] = []
    for row in table.rows:
        cell = None if row.suppressed else row.cell(category)
        values.append(None if cell is None or cell.suppressed else cell.percent)
    return values


def workforce_charts(workforce: WorkforceResult) -> dict[str, str]:
    """Every chart of the workforce section, as SVG text keyed by where it goes.

    ``pipeline``: the share of BME and of Disabled staff in each band from Band 5 to the
    board, from the representation tables; absent when neither has a point to draw.
    """
    tables = {t.characteristic: t for t in workforce.representation if t.available}
    bands: list[str] | None = None
    series: list[Series] = []
    findings: list[str] = []
    for characteristic, category, name, colour, marker in PIPELINE_SERIES:
        table = tables.get(characteristic)
        if table is None or category not in table.categories:
            continue
        groups = [row.group for row in table.rows]
        if bands is None:
            bands = groups
        elif groups != bands:  # every table has the same rows; never mix two layouts
            continue
        values = _pipeline_values(table, category)
        series += _runs(name, values, colour, marker)
        findings.append(_ends(name, groups, values))
    if bands is None or not series:
        return {}
    title = f"{PIPELINE_TITLE}. {' '.join(f for f in findings if f)}".strip()
    return {
        "pipeline": lines.pipeline_chart(
            bands, series, title, axis_label="Share of the band or board (%)"
        )
    }


def _ends(name: str, groups: list[str], values: list[float | None]) -> str:
    """The first and last points drawn, in words, for the chart's text alternative."""
    shown = [(g, v) for g, v in zip(groups, values, strict=True) if v is not None]
    if not shown:
        return ""
    (first, first_value), (last, last_value) = shown[0], shown[-1]
    if first == last:
        return f"{name}: {staff_percent(first_value)} of {first}."
    first_share, last_share = staff_percent(first_value), staff_percent(last_value)
    return f"{name}: {first_share} of {first}, {last_share} of {last}."

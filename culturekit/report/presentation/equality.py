"""The survey-based WRES and WDES measures as the report shows them: every figure as
text (a percentage, or a score out of 10), the difference between the groups, and why a
hidden figure is hidden."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from culturekit.report.presentation.numbers import DASH, difference, percent, score, thousands


@dataclass(frozen=True)
class ShownFigure:
    label: str
    text: str
    detail: str  # the interval and respondents, or the reason it is hidden
    hidden: bool


@dataclass(frozen=True)
class MeasureRow:
    name: str  # "WRES 6"
    title: str
    definition: str
    better: str  # "Lower is better"
    organisation: ShownFigure | None
    # one per group of the standard, in its order; None where the measure leaves it out
    groups: list[ShownFigure | None]
    difference: str


@dataclass(frozen=True)
class StandardTable:
    standard: str
    heading: str
    column: str
    groups: list[str]
    missing: str | None
    rows: list[MeasureRow]


def _figure(figure: Any, unit: str) -> ShownFigure:
    if figure.suppressed or figure.value is None:
        return ShownFigure(figure.label, DASH, figure.reason or "", True)
    text = percent(figure.value) if unit == "percent" else score(figure.value)
    if figure.ci_low is None or figure.ci_high is None:
        interval = ""
    elif unit == "percent":
        interval = f"{percent(figure.ci_low)} to {percent(figure.ci_high)}"
    else:
        interval = f"{score(figure.ci_low)} to {score(figure.ci_high)}"
    of = f"of {thousands(figure.n)}" if figure.n is not None else ""
    return ShownFigure(figure.label, text, ", ".join(p for p in (interval, of) if p), False)


_HEADINGS = {
    "WRES": "Workforce Race Equality Standard, indicators from the staff survey",
    "WDES": "Workforce Disability Equality Standard, metrics from the staff survey",
}


def equality_tables(diagnosis: Any) -> list[StandardTable]:
    """One table per standard, in the framework's order."""
    tables = []
    for standard in getattr(diagnosis, "equality", None) or []:
        rows = []
        for m in standard.measures:
            kind = "answer_share" if m.unit == "percent" else "score"
            gap = difference(m.difference, kind)
            rows.append(
                MeasureRow(
                    name=f"{standard.standard} {m.number}",
                    title=m.title,
                    definition=m.definition,
                    better="Higher is better" if m.better == "higher" else "Lower is better",
                    organisation=None
                    if m.organisation is None
                    else _figure(m.organisation, m.unit),
                    groups=[
                        next((_figure(g, m.unit) for g in m.groups if g.label == label), None)
                        for label in standard.groups
                    ],
                    difference=gap + (" points" if gap != DASH and m.unit == "percent" else ""),
                )
            )
        tables.append(
            StandardTable(
                standard=standard.standard,
                heading=_HEADINGS[standard.standard],
                column=standard.column,
                groups=list(standard.groups),
                missing=standard.missing,
                rows=rows,
            )
        )
    return tables

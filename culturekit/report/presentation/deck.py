"""The board pack as display data: slides of words, tables and chart figures.

A deck is what ``--format pptx`` lays out. Every sentence and table cell is worded here
(or by the modules the other formats use), and every chart value is a figure as it is
shown: rounded to its kind's places (:func:`shown`), ``None`` where the figure is hidden
or missing, so that a hidden figure cannot reach the slides, nor the workbook that a
native chart carries. The renderer (:mod:`culturekit.report.slides`) only places them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from culturekit.report.presentation.numbers import Kind, excel_format, missing, rounded

Tone = Literal["plain", "priority", "strength", "mixed", "hidden", "flag"]


@dataclass(frozen=True)
class Line:
    """A paragraph of a slide: ``level`` 1 is a bullet under a heading line (level 0)."""

    text: str
    level: int = 0
    bold: bool = False


@dataclass(frozen=True)
class Series:
    """One series of a chart: its figures as shown, in the order of the categories.

    ``minus`` and ``plus`` are the interval's reach below and above each figure, worked
    out from the shown ends (so a whisker ends where the printed interval does); ``None``
    where a figure has no interval.
    """

    name: str
    colour: str
    values: list[Decimal | None]
    minus: list[Decimal | None] | None = None
    plus: list[Decimal | None] | None = None


@dataclass(frozen=True)
class Chart:
    """A native chart: bars (horizontal, grouped by category) or lines."""

    kind: Literal["bar", "line"]
    categories: list[str]
    series: list[Series]
    axis_title: str
    number_format: str
    """The values' number format (``0.00``), the places the reports show them to."""
    description: str
    """The chart's text alternative: the same words as the HTML report's figure."""
    axis_format: str = "0"
    """The number format of the value axis's marks."""
    minimum: float | None = None
    maximum: float | None = None
    major_unit: float | None = None
    labels: bool = True
    """Whether each point carries its figure."""


@dataclass(frozen=True)
class Cell:
    text: str
    tone: Tone = "plain"


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[Cell]]
    description: str
    """What the table shows, for its text alternative (as an HTML caption)."""
    numeric: frozenset[int] = frozenset()
    """The columns of figures, set right-aligned."""


@dataclass(frozen=True)
class Box:
    """A card: a heading in its tone's colour and the lines under it."""

    heading: str
    tone: Tone
    lines: list[str]


@dataclass(frozen=True)
class Slide:
    """One slide: a title and one kind of body.

    ``text``: ``lines`` fill the slide. ``chart``, ``table``: ``lines`` are a short lead
    above the chart or table and ``note`` a line under it. ``boxes``: cards side by side
    under the lead.
    """

    title: str
    kind: Literal["text", "chart", "table", "boxes"]
    lines: list[Line] = field(default_factory=list)
    chart: Chart | None = None
    table: Table | None = None
    boxes: list[Box] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True)
class Deck:
    title: str
    subtitle: list[str]
    """The title slide's lines under the title: the trust, the period, the sources."""
    footer: str
    """Every slide's footer: the trust's name."""
    slides: list[Slide]
    language: str = "en-GB"


def shown(value: float | None, kind: Kind | int = "score") -> Decimal | None:
    """``value`` as the reports show it (``6.6034`` -> ``6.60``); None when missing."""
    return None if missing(value) else rounded(value, kind)  # type: ignore[arg-type]


def reach(
    value: float | None, low: float | None, high: float | None, kind: Kind | int = "score"
) -> tuple[Decimal | None, Decimal | None]:
    """How far an interval reaches below and above its figure, from the three as shown."""
    centre, bottom, top = shown(value, kind), shown(low, kind), shown(high, kind)
    if centre is None or bottom is None or top is None:
        return None, None
    return centre - bottom, top - centre


def number_format(kind: Kind | int) -> str:
    """A chart value's number format: the kind's places, never as a fraction."""
    return excel_format(kind, percent=False)


def axis_limit(values: Iterable[float]) -> float:
    """Half-width of a symmetric axis holding every value, rounded up to half a point."""
    largest = max((abs(v) for v in values), default=0.0)
    steps = int(largest / 0.5) + 1
    return max(1.0, 0.5 * steps)

"""Cells of the analysts' workbook: the conventions every sheet keeps.

* numbers are written as numbers (never as text), with the number format of their kind
  (``0.0`` for a score, ``0%`` for a share of answers): the same places as the report,
  from :data:`culturekit.report.presentation.numbers.PLACES`; percentages are stored as
  fractions (0.57 shown as 57%);
* a column holds numbers or text, never both: a figure that is not shown is blank (never
  0), and the row's Note column says why, in grey italics ("fewer than 11 responses");
* every text cell is made safe (:func:`~culturekit.report.presentation.safe_text.excel_text`):
  characters XML cannot hold are removed, and text starting with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return is prefixed with ``'`` (OWASP's advice for
  spreadsheets), so Excel shows it as text and never runs it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from culturekit.report.presentation.numbers import excel_format
from culturekit.report.presentation.safe_text import excel_text

SCORE = excel_format("score")
ANSWER_SHARE = excel_format("answer_share")
STAFF_SHARE = excel_format("staff_share")
POINTS = excel_format("staff_share")
"""A difference of shares of staff in percentage points (WRES 9, WDES 10, a change of a
share), stored as a fraction as the shares are (2.1 points: 0.021, shown 2.1%)."""
RESPONSE_RATE = excel_format("response_rate")
RATIO = excel_format("ratio")
EFFECT_SIZE = excel_format("effect_size")
DESIGN_EFFECT = excel_format("design_effect")
ALPHA = excel_format("alpha")
INDEX = excel_format("index")
AUDIT_BOUND = excel_format("audit_bound")
P_VALUE = excel_format("p_value")
COUNT = "#,##0"
TEXT = "@"


def neutralise(text: str) -> str:
    """``text`` made safe to put in a cell: nothing XML cannot hold, never a formula."""
    return excel_text(text)


@dataclass(frozen=True)
class Hidden:
    """A figure that is not shown, and why (written as grey italic text)."""

    reason: str


@dataclass(frozen=True)
class Column:
    header: str
    number_format: str | None = None
    width: float | None = None
    """Characters; worked out from the content when None."""
    wrap: bool = False
    note: bool = False
    """The row's Note: why the row's blank figures are blank (filled in when written)."""


NOTE = Column("Note", note=True)


@dataclass
class Table:
    """One sheet: a header row and data rows."""

    title: str
    """Sheet name (at most 31 characters, no ``[]:*?/\\``)."""
    about: str
    """What the sheet holds, for the README sheet."""
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    number_formats: dict[tuple[int, int], str] = field(default_factory=dict)
    """Per-cell number formats, by (row index, column index) within ``rows``."""


def number(value: float | int | None, reason: str | None = None) -> Any:
    """A number to write, or why there is none."""
    if value is None:
        return Hidden(reason or "not available")
    if isinstance(value, float) and not math.isfinite(value):
        return Hidden(reason or "not computed")
    return value


def fraction(percent: float | None, reason: str | None = None) -> Any:
    """A percentage (0-100) as a fraction for a ``0.0%`` format."""
    value = number(percent, reason)
    return value / 100 if isinstance(value, int | float) else value


def yes_no(flag: bool | None) -> str:
    return "" if flag is None else ("Yes" if flag else "No")


SheetBuilder = Callable[[Any], "Table | None"]

"""The Note column: a row's blank figures and why they are blank.

A sheet builder puts :class:`~culturekit.report.excel.cells.Hidden` where a figure is not
shown; written out, that cell is blank (so that a column holds numbers only, and sums,
filters and pivots work) and its reason goes to the row's Note, in words: alone when
the row's blanks have one reason (the blanks show where it applies), else each reason
after the columns it applies to: ``fewer than 11 responses``, or ``Headcount: not given;
Response rate: no headcount``.
"""

from __future__ import annotations

import math
from typing import Any

from culturekit.report.excel.cells import NOTE, Column, Hidden, Table


def row_note(headers: list[str], row: list[Any]) -> str | None:
    """The Note of one row: its hidden cells' reasons, or None when none is hidden."""
    reasons: dict[str, list[str]] = {}
    for header, value in zip(headers, row, strict=False):
        if isinstance(value, Hidden):
            reasons.setdefault(value.reason, []).append(header)
    if not reasons:
        return None
    if len(reasons) == 1:  # the blanks show where it applies
        return next(iter(reasons))
    return "; ".join(f"{', '.join(heads)}: {reason}" for reason, heads in reasons.items())


def _blank_reason(value: Any) -> Any:
    """A value as the sheet takes it: an infinite or undefined float is not computed."""
    if isinstance(value, float) and not math.isfinite(value):
        return Hidden("not computed")
    return value


def with_notes(table: Table) -> tuple[list[Column], list[list[Any]]]:
    """``table``'s columns and rows with every hidden cell blank and its reason in the
    row's Note column (one is added at the end when the builder named none and a cell is
    hidden). Rows come back as long as the columns."""
    columns = list(table.columns)
    rows = [[_blank_reason(v) for v in row] for row in table.rows]
    notes = [i for i, column in enumerate(columns) if column.note]
    if not notes and any(isinstance(v, Hidden) for row in rows for v in row):
        columns.append(NOTE)
        notes = [len(columns) - 1]
    headers = [column.header for column in columns]
    out: list[list[Any]] = []
    for row in rows:
        row = row + [None] * (len(columns) - len(row))
        note = row_note(headers, row)
        cells = [None if isinstance(v, Hidden) else v for v in row]
        for index in notes:
            cells[index] = note
        out.append(cells)
    return columns, out

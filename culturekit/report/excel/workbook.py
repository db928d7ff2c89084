"""Writing a workbook: the README sheet, the table sheets, deterministic bytes.

A README sheet comes first (a diagnosis' summary in words, what each sheet holds, the
trust, period, reporting threshold and culturekit version), then one sheet per table. The bytes are
deterministic: document dates come from ``SOURCE_DATE_EPOCH`` (or a fixed date) and the
ZIP entries carry the same date, so the same result gives the same file.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable, Sequence
from typing import Any

from culturekit._version import __version__
from culturekit.errors import OutputError
from culturekit.report.excel.cells import COUNT, Column, Hidden, SheetBuilder, Table, neutralise
from culturekit.report.presentation.notices import partial_notice
from culturekit.report.presentation.words import source_name
from culturekit.xlsx import reproducible_bytes

_HEADER_FILL = "005EB8"  # NHS Blue, white bold text: 6.4:1
_HIDDEN_COLOUR = "4C6272"  # NHS secondary text grey: 6.4:1 on white
_FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _readme_facts(result: Any) -> list[tuple[str, Any]]:
    if not hasattr(result, "trust"):  # a network summary: many trusts
        return [
            ("Trusts", ", ".join(t.label for t in result.trusts)),
            ("Reporting threshold", result.reporting_threshold),
            ("culturekit version", result.culturekit_version),
        ]
    trust = result.trust
    framework = result.framework
    facts: list[tuple[str, Any]] = [
        ("Trust", trust.name),
        ("Trust code", trust.code),
        ("Period", trust.period),
    ]
    if getattr(trust, "collected_on", None):
        facts.append(("Collected on", trust.collected_on.strftime("%d %B %Y").lstrip("0")))
    sources = getattr(result, "sources", None)
    if sources is not None and hasattr(sources, "present"):
        facts.append(("Sources", ", ".join(source_name(s) for s in sources.present)))
        if sources.missing:
            facts.append(("Sources missing", ", ".join(source_name(s) for s in sources.missing)))
    facts += [
        ("Reporting threshold", framework.reporting_threshold),
        ("Framework", f"{framework.name} (id {framework.id}, version {framework.version})"),
        ("culturekit version", getattr(result, "culturekit_version", None) or __version__),
    ]
    return facts


_CONVENTIONS = (
    "Scores are out of 10 (answers coded 0, 2.5, 5, 7.5, 10; higher is more favourable). "
    "Percentages are stored as fractions and shown as %. Each figure is stored exact and "
    "shown to the same decimals as the report (scores to two); a change beside its two "
    "figures is the difference of the figures as shown, so that the three agree. A figure "
    "that is not shown holds the reason in grey italics instead of a number: groups of "
    "fewer than {threshold} respondents are never shown, and where one group is hidden "
    "another may be hidden with it so that it cannot be worked out by subtraction. Text "
    "that would start with =, +, -, @ is prefixed with an apostrophe so that it is never "
    "read as a formula."
)


# --------------------------------------------------------------------------- writing


def workbook_timestamp() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else a fixed date: the same input, the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return max(dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC), _FIXED_DATE)
    return _FIXED_DATE


class _Writer:
    def __init__(self) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill

        self.workbook = Workbook()
        self.header_font = Font(bold=True, color="FFFFFF")
        self.header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
        self.header_align = Alignment(vertical="top", wrap_text=True)
        self.hidden_font = Font(italic=True, color=_HIDDEN_COLOUR)
        self.bold = Font(bold=True)
        self.title_font = Font(bold=True, size=14)
        self.wrap = Alignment(vertical="top", wrap_text=True)
        self.top = Alignment(vertical="top")

    def put(self, ws: Any, row: int, column: int, value: Any, number_format: str | None) -> Any:
        """Write one cell: numbers as numbers, text neutralised, hidden as reasons."""
        cell = ws.cell(row=row, column=column)
        if isinstance(value, Hidden):
            cell.value = neutralise(value.reason)
            cell.data_type = "s"
            cell.font = self.hidden_font
        elif isinstance(value, bool):
            cell.value = "Yes" if value else "No"
        elif isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                cell.value = "not computed"
                cell.font = self.hidden_font
            else:
                cell.value = value
                if number_format:
                    cell.number_format = number_format
        elif value is None:
            cell.value = None
        else:
            cell.value = neutralise(str(value))
            cell.data_type = "s"
        return cell

    def table_sheet(self, table: Table) -> None:
        from openpyxl.utils import get_column_letter

        ws = self.workbook.create_sheet(_sheet_title(table.title))
        for index, column in enumerate(table.columns, start=1):
            cell = self.put(ws, 1, index, column.header, None)
            cell.font = self.header_font
            cell.fill = self.header_fill
            cell.alignment = self.header_align
        for r, row in enumerate(table.rows):
            for c, value in enumerate(row):
                column = table.columns[c]
                fmt = table.number_formats.get((r, c), column.number_format)
                cell = self.put(ws, r + 2, c + 1, value, fmt)
                cell.alignment = self.wrap if column.wrap else self.top
        for index, column in enumerate(table.columns, start=1):
            values = [row[index - 1] for row in table.rows if index - 1 < len(row)]
            ws.column_dimensions[get_column_letter(index)].width = _width(column, values)
        ws.freeze_panes = "A2"
        last = get_column_letter(len(table.columns))
        ws.auto_filter.ref = f"A1:{last}{max(2, len(table.rows) + 1)}"

    def readme(
        self,
        result: Any,
        title: str,
        tables: Sequence[Table],
        summary: Sequence[tuple[str, str]] = (),
    ) -> None:
        ws = self.workbook.active
        ws.title = "README"
        self.put(ws, 1, 1, title, None).font = self.title_font
        self.put(
            ws, 2, 1, "Tables for analysts behind the culture report, made by culturekit.", None
        )
        row = 4
        # A partial diagnosis says what it is not before anything else.
        sources = getattr(result, "sources", None)
        partial = partial_notice(result) if getattr(sources, "partial", False) else None
        if partial:
            self.put(ws, 3, 1, "Partial diagnosis", None).font = self.bold
            note = self.put(ws, 3, 2, partial, None)
            note.font = self.bold
            note.alignment = self.wrap
            ws.row_dimensions[3].height = 60
            row = 5
        if summary:
            for column, header in enumerate(("Summary", "What the report's summary says"), 1):
                cell = self.put(ws, row, column, header, None)
                cell.font = self.header_font
                cell.fill = self.header_fill
            row += 1
            for label, text in summary:
                self.put(ws, row, 1, label, None).font = self.bold
                ws.cell(row=row, column=1).alignment = self.wrap
                self.put(ws, row, 2, text, None).alignment = self.wrap
                row += 1
            row += 1
        for label, value in _readme_facts(result):
            self.put(ws, row, 1, label, None).font = self.bold
            self.put(ws, row, 2, value, COUNT if isinstance(value, int) else None)
            ws.cell(row=row, column=2).alignment = self.top
            row += 1
        row += 1
        threshold = (
            result.framework.reporting_threshold
            if hasattr(result, "framework")
            else result.reporting_threshold
        )
        self.put(ws, row, 1, "Conventions", None).font = self.bold
        note = self.put(ws, row, 2, _CONVENTIONS.format(threshold=threshold), None)
        note.alignment = self.wrap
        ws.row_dimensions[row].height = 90
        row += 2
        for column, header in enumerate(("Sheet", "What it holds"), start=1):
            cell = self.put(ws, row, column, header, None)
            cell.font = self.header_font
            cell.fill = self.header_fill
        row += 1
        for table in tables:
            self.put(ws, row, 1, _sheet_title(table.title), None).font = self.bold
            self.put(ws, row, 2, table.about, None).alignment = self.wrap
            ws.cell(row=row, column=1).alignment = self.top
            row += 1
        ws.column_dimensions["A"].width = 26
        ws.column_dimensions["B"].width = 100

    def to_bytes(self, stamp: dt.datetime) -> bytes:
        props = self.workbook.properties
        naive = stamp.astimezone(dt.UTC).replace(tzinfo=None)
        props.creator = f"culturekit {__version__}"
        props.created = naive
        props.modified = naive
        return reproducible_bytes(self.workbook, naive)


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return cleaned[:31] or "Sheet"


def _width(column: Column, values: Iterable[Any]) -> float:
    if column.width is not None:
        return column.width
    longest = len(column.header) * 0.9
    for value in values:
        if isinstance(value, Hidden):
            text = value.reason
        elif isinstance(value, float):
            text = f"{value:,.2f}"
        elif isinstance(value, int):
            text = f"{value:,}"
        else:
            text = str(value or "")
        longest = max(longest, len(text))
    return round(min(max(longest + 2, 9), 50), 1)


def write_workbook(
    result: Any,
    title: str,
    builders: Sequence[SheetBuilder],
    summary: Sequence[tuple[str, str]] = (),
) -> bytes:
    """The workbook of ``result``: a README sheet headed ``title`` (opening with the
    ``summary`` rows, label and text, when given), then a sheet for each builder that has
    a table for it."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:  # pragma: no cover - a dependency of culturekit
        raise OutputError("Excel output needs openpyxl: pip install openpyxl") from None
    tables = [t for t in (build(result) for build in builders) if t is not None]
    writer = _Writer()
    writer.readme(result, title, tables, summary)
    for table in tables:
        writer.table_sheet(table)
    return writer.to_bytes(workbook_timestamp())

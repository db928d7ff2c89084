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
from collections.abc import Sequence
from typing import Any

from culturekit._version import __version__
from culturekit.errors import OutputError
from culturekit.report.excel import layout
from culturekit.report.excel.cells import COUNT, Hidden, SheetBuilder, Table, neutralise
from culturekit.report.excel.notes import with_notes
from culturekit.report.presentation.notices import partial_notice
from culturekit.report.presentation.words import source_name
from culturekit.xlsx import reproducible_bytes

_HEADER_FILL = "005EB8"  # NHS Blue, white bold text: 6.4:1
_HIDDEN_COLOUR = "4C6272"  # NHS secondary text grey: 6.4:1 on white
_FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_README_WIDTHS = (28, 100)


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
    "Percentages, and differences of percentages in percentage points, are stored as "
    "fractions and shown with %: 57% is stored as 0.57, a change of 2.1 points as 0.021. "
    "Each figure is stored exact and shown to the same decimals as the report (scores to "
    "two); a change beside its two figures is the difference of the figures as shown, so "
    "that the three agree. A column holds numbers or words, never both: a figure that is "
    "not shown is blank, never 0, and the row's Note says why. Groups of fewer than "
    "{threshold} respondents are never shown, and where one group is hidden another may be "
    "hidden with it so that it cannot be worked out by subtraction. Each sheet is an Excel "
    "table, ready to filter, sort and pivot; names are given as the report gives them, with "
    "the framework's ids (element, grouping) in columns of their own for joining sheets and "
    "years. Text that would start with =, +, -, @ is prefixed with an apostrophe so that it "
    "is never read as a formula."
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
        # Arial: on every Windows machine, and metric-compatible Liberation Sans where
        # LibreOffice runs, so that the widths and heights worked out here fit both.
        face = {"name": layout.FONT, "size": layout.FONT_SIZE}
        self.font = Font(**face)
        self.header_font = Font(**face, bold=True, color="FFFFFF")
        self.header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
        self.header_align = Alignment(vertical="top", wrap_text=True)
        # A column of figures is headed over its figures, which stand to the right.
        self.header_align_right = Alignment(horizontal="right", vertical="top", wrap_text=True)
        self.hidden_font = Font(**face, italic=True, color=_HIDDEN_COLOUR)
        self.bold = Font(**face, bold=True)
        self.title_font = Font(name=layout.FONT, bold=True, size=14)
        self.tables: set[str] = set()
        self.wrap = Alignment(vertical="top", wrap_text=True)
        self.wrap_left = Alignment(horizontal="left", vertical="top", wrap_text=True)
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
        """One data sheet: an Excel table of the builder's rows, hidden figures blank
        with their reasons in the Note column, sized, frozen and set up to print."""
        from openpyxl.utils import get_column_letter

        ws = self.workbook.create_sheet(_sheet_title(table.title))
        columns, rows = with_notes(table)
        headers = layout.unique_headers([column.header for column in columns])
        formats = [
            [table.number_formats.get((r, c), col.number_format) for c, col in enumerate(columns)]
            for r in range(len(rows))
        ]
        texts = [
            [layout.shown(value, fmt) for value, fmt in zip(row, row_formats, strict=True)]
            for row, row_formats in zip(rows, formats, strict=True)
        ]
        fitted = [
            layout.column_width(column, header, (row[c] for row in texts))
            for c, (column, header) in enumerate(zip(columns, headers, strict=True))
        ]
        widths = [width for width, _ in fitted]
        for index, header in enumerate(headers, start=1):
            cell = self.put(ws, 1, index, header, None)
            cell.font = self.header_font
            cell.fill = self.header_fill
            figures = any(_is_figure(row[index - 1]) for row in rows)
            cell.alignment = self.header_align_right if figures else self.header_align
            ws.column_dimensions[get_column_letter(index)].width = widths[index - 1]
        ws.row_dimensions[1].height = layout.header_height(headers, widths)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = self.put(ws, r + 2, c + 1, value, formats[r][c])
                cell.font = self.hidden_font if columns[c].note else self.font
                cell.alignment = self.wrap if fitted[c][1] else self.top
            wrapped = [text if fitted[c][1] else "" for c, text in enumerate(texts[r])]
            height = layout.wrapped_height(wrapped, widths)
            if height:
                ws.row_dimensions[r + 2].height = height
        ws.freeze_panes = "A2"
        layout.add_table(ws, layout.table_name(ws.title, self.tables), len(columns), len(rows))
        layout.print_setup(ws)

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
        ws.row_dimensions[1].height = 20
        intro = "Tables for analysts behind the culture report, made by culturekit."
        self.put(ws, 2, 1, intro, None).font = self.font
        row = 4
        # A partial diagnosis says what it is not before anything else.
        sources = getattr(result, "sources", None)
        partial = partial_notice(result) if getattr(sources, "partial", False) else None
        if partial:
            self._pair(ws, 3, "Partial diagnosis", partial, bold_text=True)
            row = 5
        if summary:
            self._heads(ws, row, ("Summary", "What the report's summary says"))
            row += 1
            for label, text in summary:
                self._pair(ws, row, label, text)
                row += 1
            row += 1
        for label, value in _readme_facts(result):
            self._pair(ws, row, label, value)
            row += 1
        row += 1
        threshold = (
            result.framework.reporting_threshold
            if hasattr(result, "framework")
            else result.reporting_threshold
        )
        self._pair(ws, row, "Conventions", _CONVENTIONS.format(threshold=threshold))
        row += 2
        self._heads(ws, row, ("Sheet", "What it holds"))
        row += 1
        for table in tables:
            self._pair(ws, row, _sheet_title(table.title), table.about)
            row += 1
        for letter, width in zip("AB", _README_WIDTHS, strict=True):
            ws.column_dimensions[letter].width = width
        layout.print_setup(ws, landscape=False, title_rows=None)

    def _heads(self, ws: Any, row: int, heads: Sequence[str]) -> None:
        for column, header in enumerate(heads, start=1):
            cell = self.put(ws, row, column, header, None)
            cell.font = self.header_font
            cell.fill = self.header_fill
            cell.alignment = self.top

    def _pair(self, ws: Any, row: int, label: str, value: Any, *, bold_text: bool = False) -> None:
        """A README row: a bold label and its text, wrapped, the row as tall as either."""
        head = self.put(ws, row, 1, label, None)
        head.font = self.bold
        head.alignment = self.wrap
        cell = self.put(ws, row, 2, value, COUNT if isinstance(value, int) else None)
        cell.font = self.bold if bold_text else self.font
        cell.alignment = self.wrap_left
        count = max(
            layout.lines(str(label), _README_WIDTHS[0], bold=True),
            layout.lines(str(value), _README_WIDTHS[1], bold=bold_text),
        )
        if count > 1:
            ws.row_dimensions[row].height = layout.row_height(count)

    def to_bytes(self, stamp: dt.datetime) -> bytes:
        props = self.workbook.properties
        naive = stamp.astimezone(dt.UTC).replace(tzinfo=None)
        props.creator = f"culturekit {__version__}"
        props.created = naive
        props.modified = naive
        return reproducible_bytes(self.workbook, naive)


def _is_figure(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return cleaned[:31] or "Sheet"


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

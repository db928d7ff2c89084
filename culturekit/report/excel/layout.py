"""How a sheet is laid out: column widths, row heights, its Excel table, its print setup.

Widths are in Excel's unit, the width of a digit of the default font (Calibri 11: 7
pixels); text is written in Arial 10, whose letters are about that wide on average, so a
character is taken as about one unit (bold as a little more): a column is a little
wider, a wrapped row a little taller, than strictly needed, never too narrow for its
text (LibreOffice, without Calibri, makes a unit wider still). Excel opens a row at the
height the file gives, not at the height its wrapped text needs, so every row that wraps
is given its height here.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from culturekit.report.excel.cells import Column

FONT = "Arial"
FONT_SIZE = 10
LINE_HEIGHT = 12.75
"""Points per line of Arial 10, as Excel spaces them."""
_ROW_PADDING = 3.0
_FILTER_BUTTON = 3
"""Units a header keeps free for its filter button."""
_PER_UNIT = 1.05
"""Characters of regular text per unit: Arial 10's letters average a little narrower
than Excel's unit (a digit of Calibri 11, 7 pixels), its capitals and digits wider."""
_BOLD = 1.1
"""A bold character's width, in characters of regular text."""
MAX_WIDTH = 50
"""The widest column sized from its content; longer text wraps."""
MIN_WIDTH = 9
_HEADER_LINES = 3
_MAX_HEADER_WIDTH = 30


def lines(text: str, width: float, *, bold: bool = False) -> int:
    """The lines ``text`` takes wrapped in a column ``width`` units wide."""
    chars = max(1, int((width - 1) * _PER_UNIT / (_BOLD if bold else 1.0)))
    return sum(
        max(1, len(textwrap.wrap(paragraph, chars, break_on_hyphens=False)))
        for paragraph in text.split("\n")
    )


def row_height(count: int) -> float:
    """Points for ``count`` lines of text."""
    return round(count * LINE_HEIGHT + _ROW_PADDING, 2)


def _decimals(number_format: str | None) -> int:
    found = re.search(r"\.(0+)", number_format or "")
    return len(found.group(1)) if found else 0


def shown(value: Any, number_format: str | None) -> str:
    """About the text a cell shows: a number at its format's places, text as it is."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    places = _decimals(number_format)
    if number_format and "%" in number_format:
        return f"{value * 100:,.{places}f}%"
    return f"{value:,.{places}f}"


def column_width(column: Column, header: str, texts: Iterable[str]) -> tuple[float, bool]:
    """A column's width and whether its cells wrap: wide enough for its longest value
    (up to :data:`MAX_WIDTH`, beyond which text wraps) and for its header in at most
    three lines beside the filter button."""
    longest = max((len(line) for text in texts for line in text.split("\n")), default=0)
    wrap = column.wrap or longest + 2 > MAX_WIDTH
    if column.width is not None:
        width = float(column.width)
    else:
        width = float(max(MIN_WIDTH, min(longest + 2, MAX_WIDTH)))
    # A header wraps at spaces: widen the column until it takes three lines at most.
    while (
        width < _MAX_HEADER_WIDTH
        and lines(header, width - _FILTER_BUTTON, bold=True) > _HEADER_LINES
    ):
        width += 1
    longest_word = max((len(word) for word in header.split()), default=0)
    width = max(width, math.ceil(longest_word * _BOLD) + _FILTER_BUTTON + 1)
    return width, wrap


def header_height(headers: Sequence[str], widths: Sequence[float]) -> float:
    count = max(
        (lines(h, w - _FILTER_BUTTON, bold=True) for h, w in zip(headers, widths, strict=True)),
        default=1,
    )
    return row_height(count)


def wrapped_height(texts: Sequence[str], widths: Sequence[float]) -> float | None:
    """The height of a row whose cells wrap (None: one line is enough)."""
    count = max((lines(t, w) for t, w in zip(texts, widths, strict=True) if t), default=1)
    return row_height(count) if count > 1 else None


def table_name(title: str, taken: set[str]) -> str:
    """An Excel table's name from its sheet's title, unique in the workbook: letters and
    digits only, starting ``tbl`` so that it never reads as a cell reference."""
    words = re.findall(r"[A-Za-z0-9]+", title)
    base = "tbl" + "".join(word[:1].upper() + word[1:] for word in words)
    name, number = base, 2
    while name.casefold() in taken:
        name, number = f"{base}{number}", number + 1
    taken.add(name.casefold())
    return name


def unique_headers(headers: Sequence[str]) -> list[str]:
    """Headers with any repeat numbered, as an Excel table needs (``Count``, ``Count 2``)."""
    seen: set[str] = set()
    out = []
    for header in headers:
        name, number = header, 2
        while name.casefold() in seen:
            name, number = f"{header} {number}", number + 1
        seen.add(name.casefold())
        out.append(name)
    return out


def add_table(ws: Any, name: str, columns: int, rows: int) -> None:
    """The sheet's cells as one Excel table: filters on every header, ready to pivot."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    ref = f"A1:{get_column_letter(columns)}{max(2, rows + 1)}"
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    ws.add_table(table)


def print_setup(ws: Any, *, landscape: bool = True, title_rows: str | None = "1:1") -> None:
    """A4, one page wide (as many pages long as it takes), the header row on every page,
    the sheet's name and the page in the footer."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, footer=0.3)
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "&A, page &P of &N"
    ws.oddFooter.center.size = 8

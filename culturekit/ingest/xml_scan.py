"""What a worksheet's XML holds, found before calamine reads it: how far its cells reach,
its formulas without a saved value and its Excel error values (calamine reads both as
blank)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from culturekit.ingest.sheet import column_letter

# A sheet whose cells span more than this, counted from A1 to its last cell holding a
# value, is refused before reading: reading it would hold every cell in between.
MAX_SHEET_CELLS = 10_000_000


@dataclass
class Cell:
    """A cell the reader must know about before reading: a formula or an error value."""

    row: int  # Excel row number
    column: int  # 0-based
    text: str  # the formula, or the error value

    @property
    def ref(self) -> str:
        return f"{column_letter(self.column)}{self.row}"


@dataclass
class SheetScan:
    """What a worksheet part holds, found in its XML before calamine reads it."""

    rows: int = 0  # last row with a cell holding something
    columns: int = 0  # last column (1-based) with a cell holding something
    uncached: list[Cell] = field(default_factory=list)  # formulas without a saved value
    cached: list[Cell] = field(default_factory=list)  # formulas with one
    errors: list[Cell] = field(default_factory=list)  # #N/A, #DIV/0!, ...

    def reach(self, row: int, column: int) -> None:
        self.rows = max(self.rows, row)
        self.columns = max(self.columns, column + 1)


_SHEET_DATA = re.compile(rb"<([A-Za-z_][\w.-]*:)?sheetData\b")
_ATTRIBUTE = re.compile(rb"""\s([\w:.-]+)\s*=\s*(["'])(.*?)\2""", re.S)
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def scan_sheet(data: bytes) -> SheetScan:
    """How far a worksheet's cells reach, and its formulas and error values.

    Cells written as ``<c r="B2" ...>`` (as Excel, LibreOffice and openpyxl write them) are
    found with two regular expressions; only formula and error cells are looked at one by
    one. A sheet written any other way is walked row by row, cell by cell.
    """
    found = _SHEET_DATA.search(data)
    raw_prefix = (found.group(1) or b"") if found else b""
    prefix = re.escape(raw_prefix)
    cell = rb"<" + prefix + rb"c"
    element = re.compile(cell + rb"(\s[^>]*?)?(?:/>|>(.*?)</" + prefix + rb"c>)", re.S)
    scan = SheetScan()
    if re.search(cell + rb'(?=[\s/>])(?! r="[A-Z]{1,3}[0-9]{1,7}")', data):
        _walk_rows(data, prefix, element, scan)
        return scan
    scan.rows, scan.columns = _reach(data, raw_prefix)
    # The fast reach trusts cells to be in column order within a row. Where a row written
    # out of order could still hide a cell far enough right to matter, count exactly.
    widest = (
        16384
        if re.search(cell + rb' r="[A-Z]{3}', data)
        else (702 if re.search(cell + rb' r="[A-Z]{2}', data) else 26)
    )
    if scan.rows * widest > MAX_SHEET_CELLS:
        valued = rb"[^>/]*>"  # a start tag that does not close itself: the cell holds something
        letters = set(re.findall(cell + rb' r="([A-Z]{1,3})[0-9]{1,7}"' + valued, data))
        scan.columns = max((_column_number(x.decode()) for x in letters), default=0)
    # Two searches, each starting with literal text: far faster than one alternation.
    formulas = re.finditer(rb"<" + prefix + rb"f[\s/>]", data)
    errors = re.finditer(rb"""t=["']e["']""", data)
    seen: set[int] = set()
    for hit in (*formulas, *errors):
        start = data.rfind(b"<" + raw_prefix + b'c r="', 0, hit.start() + 1)
        match = element.match(data, start) if start >= 0 else None
        if match is None or start in seen:
            continue
        seen.add(start)
        attributes = _attributes(match.group(1))
        position = _position(attributes.get("r", ""))
        if position is not None:
            _note_cell(scan, *position, attributes, match.group(2) or b"")
    return scan


_VALUED_REF = re.compile(rb'r="([A-Z]{1,3})([0-9]{1,7})"[^>/]*>')


def _reach(data: bytes, prefix: bytes) -> tuple[int, int]:
    """The last row and column holding a value, for cells written with references.

    Cells within a row are in column order, so each row's last cell with a value gives
    its reach: one look backwards from each ``</row>`` instead of a look at every cell.
    A row whose last cell is empty (styled only) is searched cell by cell.
    """
    opening = b"<" + prefix + b'c r="'
    closing = b"</" + prefix + b"row>"
    rows = columns = 0
    start = 0
    while (end := data.find(closing, start)) >= 0:
        last = data.rfind(opening, start, end)
        if last >= 0:
            tag_end = data.find(b">", last, end)
            found = _VALUED_REF.match(data, last + len(opening) - 3, tag_end + 1)
            if found is None or data[tag_end - 1 : tag_end] == b"/":
                refs = _VALUED_REF.findall(data, start, end)
                found_ref = refs[-1] if refs else None
            else:
                found_ref = (found.group(1), found.group(2))
            if found_ref is not None:
                rows = max(rows, int(found_ref[1]))
                columns = max(columns, _column_number(found_ref[0].decode()))
        start = end + len(closing)
    return rows, columns


def _walk_rows(data: bytes, prefix: bytes, element: re.Pattern[bytes], scan: SheetScan) -> None:
    """The slow, general scan: cell positions as calamine finds them, with or without refs."""
    row_element = re.compile(
        rb"<" + prefix + rb"row(\s[^>]*?)?(?:/>|>(.*?)</" + prefix + rb"row>)", re.S
    )
    row_number = 0
    for row in row_element.finditer(data):
        given = _attributes(row.group(1)).get("r", "")
        row_number = int(given) if given.isdigit() else row_number + 1
        column = -1
        for match in element.finditer(row.group(2) or b""):
            attributes = _attributes(match.group(1))
            position = _position(attributes.get("r", ""))
            at_row, column = position if position is not None else (row_number, column + 1)
            body = match.group(2) or b""
            if body.strip():
                scan.reach(at_row, column)
            _note_cell(scan, at_row, column, attributes, body)


def local_name(tag: str) -> str:
    """An XML tag or attribute name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def _attributes(text: bytes | None) -> dict[str, str]:
    return {
        local_name(name.decode("utf-8", "replace")): value.decode("utf-8", "replace")
        for name, _, value in _ATTRIBUTE.findall(text or b"")
    }


def _position(ref: str) -> tuple[int, int] | None:
    found = _REF.fullmatch(ref)
    if found is None:
        return None
    return int(found.group(2)), _column_number(found.group(1)) - 1


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _note_cell(
    scan: SheetScan, row: int, column: int, attributes: dict[str, str], body: bytes
) -> None:
    """Record a formula or error cell; calamine reads both without saying what they were."""
    value = re.search(rb"<(?:[\w.-]+:)?v(?:\s[^>]*)?(?:/>|>(.*?)</(?:[\w.-]+:)?v>)", body, re.S)
    saved = (
        None if value is None else html.unescape((value.group(1) or b"").decode("utf-8", "replace"))
    )
    kind = attributes.get("t", "n")
    if kind == "e":
        scan.errors.append(Cell(row, column, saved or "#VALUE!"))
        return
    formula = re.search(rb"<(?:[\w.-]+:)?f(?:\s[^>]*)?(?:/>|>(.*?)</(?:[\w.-]+:)?f>)", body, re.S)
    if formula is None:
        return
    text = html.unescape((formula.group(1) or b"").decode("utf-8", "replace")).strip()
    note = Cell(row, column, f"={text}" if text else "(a shared formula)")
    # Excel saves a formula whose result is empty text as t="str" with an empty value.
    if saved is None or (saved == "" and kind != "str"):
        scan.uncached.append(note)
    else:
        scan.cached.append(note)

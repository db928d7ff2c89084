"""The example workbooks as their parts, and cells written into a sheet's XML by hand.

A workbook is kept as its zip parts (name and bytes, in order), so that a mutation can
change any byte of any part; it is zipped again only to be run. The examples are big
(two thousand staff rows and up to seven thousand workforce rows), so the harness mostly
mutates their *miniatures*: the same workbook with the staff, workforce and recruitment
sheets cut to their first rows, still valid and ten times quicker to diagnose.
"""

from __future__ import annotations

import functools
import math
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from fuzz import zip_layout

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
# The examples the default framework reads (the fuzzed commands name no framework): the
# NHS Staff Survey example is answered on its own framework's questions.
OTHER_FRAMEWORK = {"ashdown-nss-2024.xlsx"}
EXAMPLE_NAMES: tuple[str, ...] = tuple(
    sorted(p.name for p in EXAMPLES.glob("*.xlsx") if p.name not in OTHER_FRAMEWORK)
)
# Rows kept per sheet in a miniature: enough respondents for every source to be reported.
MINIATURE_ROWS = {"Staff": 60, "Workforce": 150, "Recruitment": 60}
DATE_STYLE = "2"  # the examples' cell style with the number format yyyy-mm-dd
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@dataclass(frozen=True)
class Parts:
    """A workbook's zip parts, in order; a part may appear twice (a mutation)."""

    items: tuple[tuple[str, bytes], ...]

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.items]

    def get(self, name: str) -> bytes:
        return next(data for n, data in self.items if n == name)

    def with_part(self, name: str, data: bytes) -> Parts:
        if name not in self.names:
            return Parts((*self.items, (name, data)))
        return Parts(tuple((n, data if n == name else d) for n, d in self.items))

    def without(self, name: str) -> Parts:
        return Parts(tuple((n, d) for n, d in self.items if n != name))

    def renamed(self, sheet: str, attribute: str) -> bytes:
        """workbook.xml with ``sheet``'s name attribute replaced by ``attribute`` (quoted)."""
        book = self.get("xl/workbook.xml").decode()
        pattern = rf'(<sheet\b[^>]*?\b)name="{re.escape(sheet)}"'
        return re.sub(pattern, lambda m: m.group(1) + "name=" + attribute, book, count=1).encode(
            "utf-8", "surrogatepass"
        )

    def sheet_part(self, sheet: str) -> str:
        """The part holding ``sheet``, as workbook.xml and its relationships say."""
        book = self.get("xl/workbook.xml").decode()
        rels = self.get("xl/_rels/workbook.xml.rels").decode()
        # Any attribute (a namespace declaration) may come before the name.
        found = re.search(rf'<sheet\b[^>]*?\bname="{re.escape(sheet)}"[^>]*?r:id="([^"]+)"', book)
        if found is None:
            raise KeyError(sheet)
        target = re.search(rf'Id="{found.group(1)}"[^>]*?Target="([^"]+)"', rels) or re.search(
            rf'Target="([^"]+)"[^>]*?Id="{found.group(1)}"', rels
        )
        if target is None:
            raise KeyError(sheet)
        if target.group(1).startswith("/"):
            return target.group(1).lstrip("/")
        return posixpath.normpath(posixpath.join("xl", target.group(1)))

    def sheet_names(self) -> list[str]:
        return re.findall(r'<sheet\b[^>]*?\bname="([^"]+)"', self.get("xl/workbook.xml").decode())

    def to_bytes(self) -> bytes:
        return zip_layout.pack(list(self.items)).to_bytes()

    def write(self, path: Path) -> Path:
        path.write_bytes(self.to_bytes())
        return path


@functools.cache
def example(name: str) -> Parts:
    with zipfile.ZipFile(EXAMPLES / name) as archive:
        return Parts(tuple((i.filename, archive.read(i)) for i in archive.infolist()))


@functools.cache
def miniature(name: str) -> Parts:
    """The example with its long sheets cut to their first rows (and their dimension
    corrected), so that it is still a valid workbook."""
    parts = example(name)
    for sheet, keep in MINIATURE_ROWS.items():
        part = parts.sheet_part(sheet)
        data = parts.get(part)
        cut = re.search(rb'<row r="%d"' % (keep + 2), data)
        if cut is None:
            continue
        data = data[: cut.start()] + data[data.index(b"</sheetData>") :]
        data = re.sub(
            rb'(<dimension ref="[A-Z]+1:[A-Z]+)[0-9]+"', rb"\g<1>%d" % (keep + 1) + b'"', data
        )
        parts = parts.with_part(part, data)
    return parts


# --------------------------------------------------------------------------- cells


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


@dataclass(frozen=True)
class Date:
    """A date or time as Excel stores it: a serial number in a date-formatted cell."""

    serial: float | str


@dataclass(frozen=True)
class ExcelError:
    code: str


@dataclass(frozen=True)
class Number:
    """A number cell with exactly this text in its ``<v>`` ("NaN", "1e999", 400 digits)."""

    text: str


@dataclass(frozen=True)
class Text:
    """A string cell whose characters that XML 1.0 cannot hold are written one way:
    ``escape`` as Excel does (``_x001B_``), ``raw`` as the bytes themselves (not
    well-formed), ``reference`` as ``&#27;``."""

    text: str
    how: str = "escape"


CellValue = str | int | float | bool | Date | ExcelError | Number | Text | None

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text_xml(text: str, how: str = "escape") -> str:
    escaped = escape(text)
    if how == "raw":
        return escaped
    if how == "reference":
        return _XML_ILLEGAL.sub(lambda m: f"&#{ord(m.group())};", escaped)
    # Excel's own escape; a literal "_x" followed by four hex digits is escaped too.
    escaped = re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", escaped)
    return _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", escaped)


def cell_xml(ref: str, value: CellValue, style: str | None = None) -> str:
    """One ``<c>`` element holding ``value``, as Excel or openpyxl writes it."""
    s = f' s="{style}"' if style else ""
    if value is None:
        return f'<c r="{ref}"{s}/>'
    if isinstance(value, Date):
        return f'<c r="{ref}" s="{DATE_STYLE}"><v>{value.serial}</v></c>'
    if isinstance(value, ExcelError):
        return f'<c r="{ref}"{s} t="e"><v>{escape(value.code)}</v></c>'
    if isinstance(value, Number):
        return f'<c r="{ref}"{s} t="n"><v>{escape(value.text)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}"{s} t="n"><v>{value}</v></c>'
    if isinstance(value, float):
        if math.isnan(value):
            text = "NaN"
        elif math.isinf(value):
            text = "INF" if value > 0 else "-INF"
        else:
            text = repr(value)
        return f'<c r="{ref}"{s} t="n"><v>{text}</v></c>'
    text, how = (value.text, value.how) if isinstance(value, Text) else (value, "escape")
    body = text_xml(text, how)
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{body}</t></is></c>'


_ROW = re.compile(rb'<row r="([0-9]+)"[^>]*?(?:/>|>(.*?)</row>)', re.S)
_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_INLINE = re.compile(rb"<t[^>]*>(.*?)</t>", re.S)


def row_spans(data: bytes) -> list[tuple[int, int, int]]:
    """(row number, start, end) of each ``<row>`` element."""
    return [(int(m.group(1)), m.start(), m.end()) for m in _ROW.finditer(data)]


def headers(data: bytes) -> dict[str, str]:
    """Row 1's text by column letters (the examples write headers as inline strings)."""
    first = _ROW.search(data)
    if first is None or first.group(1) != b"1":
        return {}
    found = {}
    for cell in _CELL.finditer(first.group(2) or b""):
        text = _INLINE.search(cell.group(3) or b"")
        if text is not None:
            found[cell.group(1).decode()] = text.group(1).decode()
    return found


def column_of(data: bytes, header: str) -> str | None:
    return next((col for col, text in headers(data).items() if text == header), None)


def set_cell(data: bytes, ref: str, element: str) -> bytes:
    """``data`` with the cell ``ref`` replaced by ``element`` (inserted in column order
    when the row has no such cell; the row is added at the end when there is none)."""
    found = re.match(r"([A-Z]+)([0-9]+)$", ref)
    assert found is not None, ref
    letters, number = found.group(1), int(found.group(2))
    new = element.encode("utf-8", "surrogatepass")
    for row, start, end in row_spans(data):
        if row != number:
            continue
        body = data[start:end]
        for cell in _CELL.finditer(body):
            if cell.group(1).decode() == letters and int(cell.group(2)) == number:
                return data[:start] + body[: cell.start()] + new + body[cell.end() :] + data[end:]
            if column_index(cell.group(1).decode()) > column_index(letters):
                at = start + cell.start()
                return data[:at] + new + data[at:]
        if body.endswith(b"/>"):
            opening = body[:-2] + b">"
            return data[:start] + opening + new + b"</row>" + data[end:]
        at = end - len(b"</row>")
        return data[:at] + new + data[at:]
    at = data.index(b"</sheetData>")
    return data[:at] + f'<row r="{number}">'.encode() + new + b"</row>" + data[at:]


def trust_value_ref(parts: Parts, field: str) -> str:
    """The cell holding the value of ``field`` on the Trust sheet."""
    data = parts.get(parts.sheet_part("Trust"))
    for row, start, end in row_spans(data):
        cells = list(_CELL.finditer(data[start:end]))
        if cells:
            text = _INLINE.search(cells[0].group(3) or b"")
            if text is not None and text.group(1).decode() == field:
                return f"B{row}"
    raise KeyError(field)

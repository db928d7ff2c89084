"""Reading workbooks and CSV files safely into raw sheets.

Nothing here knows what a sheet means: it opens the file read-only, refuses what is not a
plain workbook, and hands back each sheet's cells with normalised headers and the Excel row
number of every data row, so later errors can point at the cell.

Before python-calamine reads a workbook, every part of it is read once here: that checks
it is intact, refuses zip bombs and XML entity declarations, and finds, for each sheet,
how far its cells reach (calamine holds every cell from the first to the last, so one
stray value in XFD1048576 would need hundreds of gigabytes), its formulas without a saved
value and its Excel error values (calamine reads both as blank).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import html
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from culturekit.errors import InputFileError, Problem
from culturekit.names import normalise_name

# A workbook whose parts expand to more than this is refused before reading (zip bombs).
MAX_UNCOMPRESSED_BYTES = 1024**3
# A part this large that also expands more than MAX_RATIO times is refused as a zip bomb.
RATIO_CHECK_MIN_BYTES = 100 * 1024**2
MAX_RATIO = 200
# A sheet whose cells span more than this, counted from A1 to its last cell holding a
# value, is refused before reading: reading it would hold every cell in between.
MAX_SHEET_CELLS = 10_000_000

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")

WORKBOOK_SUFFIXES = {".xlsx"}
CSV_SUFFIXES = {".csv", ".txt"}

_REPAIR = "Open it in Excel or LibreOffice to repair it, then save a new copy."
_SAVE_AS = "Open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)."
_UNTRUSTED = (
    "If you made this file, open it in Excel and save a new copy; if it came from "
    "elsewhere, do not open it."
)


@dataclass
class Sheet:
    """One sheet's cells: headers normalised, wholly empty rows dropped."""

    file: str
    name: str
    frame: pd.DataFrame
    rows: np.ndarray
    headers: dict[str, str]
    hidden: bool = False

    @property
    def key(self) -> str:
        return normalise_name(self.name)

    def header(self, key: str) -> str:
        """The column's header as the user wrote it."""
        return self.headers.get(key, key)

    def problem(self, message: str, **where: object) -> Problem:
        return Problem(message, file=self.file, sheet=self.name, **where)  # type: ignore[arg-type]


@dataclass
class RawWorkbook:
    path: Path
    sha256: str
    sheets: dict[str, Sheet]
    notices: list[str] = field(default_factory=list)
    # Names of sheets with no cells at all (skipped).
    empty: list[str] = field(default_factory=list)
    # Problems found while reading each sheet, by sheet key: they count only for the
    # sheets a caller uses (a help sheet with a blank header cell is no error).
    problems: dict[str, list[Problem]] = field(default_factory=dict)

    def problems_for(self, keys: set[str]) -> list[Problem]:
        return [p for key in sorted(keys & set(self.problems)) for p in self.problems[key]]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_file(path: str | Path, sheet_name: str | None = None) -> RawWorkbook:
    """Read an .xlsx workbook or a .csv file (as one sheet called ``sheet_name``)."""
    path = Path(path)
    if not path.exists():
        raise InputFileError(f"{path}: file not found")
    if path.is_dir():
        raise InputFileError(f"{path}: is a folder, not a workbook")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read ({exc.strerror})") from None
    if not head:
        raise InputFileError(
            f"{path}: the file is empty (0 bytes)",
            hint="Check you chose the right file, or save it again from Excel.",
        )
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _read_csv(path, sheet_name or path.stem, head)
    _refuse_unsupported(path, suffix, head)
    return _read_xlsx(path)


def _refuse_unsupported(path: Path, suffix: str, head: bytes) -> None:
    if suffix == ".xlsm" or suffix == ".xltm":
        raise InputFileError(f"{path}: macro-enabled workbooks are not accepted", hint=_SAVE_AS)
    if head.startswith(_OLE_MAGIC):
        if _is_encrypted_ole(path):
            raise InputFileError(
                f"{path}: the workbook is password-protected",
                hint="Remove the password (File > Info > Protect Workbook) and save a copy.",
            )
        raise InputFileError(f"{path}: this is an old-style .xls workbook", hint=_SAVE_AS)
    if suffix == ".xls":
        raise InputFileError(f"{path}: .xls files are not accepted", hint=_SAVE_AS)
    if suffix not in WORKBOOK_SUFFIXES:
        raise InputFileError(
            f"{path}: unsupported file type {suffix or '(no extension)'!r}",
            hint="culturekit reads .xlsx workbooks and .csv files.",
        )
    if not head.startswith(_ZIP_MAGIC):
        kind = "a PDF document" if head.startswith(b"%PDF") else "not .xlsx"
        raise InputFileError(
            f"{path}: is not an Excel workbook (the file's content is {kind})",
            hint="Check the file was saved from Excel or LibreOffice as .xlsx, not renamed; "
            "a CSV file needs the .csv extension.",
        )


def _is_encrypted_ole(path: Path) -> bool:
    """Whether an OLE2 file holds an encrypted workbook (how Excel saves a password)."""
    with path.open("rb") as handle:
        head = handle.read(1 << 20)
        if _ENCRYPTED_MARK in head:
            return True
        # The stream names are in the file's directory, which may lie past the first MiB.
        shift = int.from_bytes(head[0x1E:0x20], "little")
        first = int.from_bytes(head[0x30:0x34], "little")
        if shift not in (9, 12) or first >= 0xFFFFFFFA:
            return False
        handle.seek((first + 1) << shift)
        return _ENCRYPTED_MARK in handle.read(4 << shift)


@dataclass
class _Cell:
    """A cell the reader must know about before reading: a formula or an error value."""

    row: int  # Excel row number
    column: int  # 0-based
    text: str  # the formula, or the error value

    @property
    def ref(self) -> str:
        return f"{_column_letter(self.column)}{self.row}"


@dataclass
class _SheetScan:
    """What a worksheet part holds, found in its XML before calamine reads it."""

    rows: int = 0  # last row with a cell holding something
    columns: int = 0  # last column (1-based) with a cell holding something
    uncached: list[_Cell] = field(default_factory=list)  # formulas without a saved value
    cached: list[_Cell] = field(default_factory=list)  # formulas with one
    errors: list[_Cell] = field(default_factory=list)  # #N/A, #DIV/0!, ...

    def reach(self, row: int, column: int) -> None:
        self.rows = max(self.rows, row)
        self.columns = max(self.columns, column + 1)


def _damaged(path: Path, detail: str = "not a readable .xlsx file") -> InputFileError:
    return InputFileError(f"{path}: the workbook is damaged ({detail})", hint=_REPAIR)


def _check_container(path: Path) -> dict[str, _SheetScan]:
    """Refuse corrupt zips, zip bombs, XML entities and sheets too large to hold; return
    each sheet's scan, by sheet name."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise _damaged(path) from None
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise InputFileError(
                f"{path}: is a zip file but not an Excel workbook",
                hint="Save the data from Excel or LibreOffice as an Excel Workbook (.xlsx).",
            )
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            raise InputFileError(
                f"{path}: is a macro-enabled workbook (saved as .xlsm, then renamed)",
                hint=_SAVE_AS,
            )
        total = sum(info.file_size for info in infos)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise InputFileError(
                f"{path}: the workbook expands to {_size(total)}, over the "
                f"{_size(MAX_UNCOMPRESSED_BYTES)} limit; it was not read",
                hint="Split the data into smaller workbooks, one per source. " + _UNTRUSTED,
            )
        for info in infos:
            if info.file_size > RATIO_CHECK_MIN_BYTES and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise InputFileError(
                    f"{path}: part {info.filename} expands over {MAX_RATIO} times its "
                    "stored size (a zip bomb); it was not read",
                    hint=_UNTRUSTED,
                )
        _parse_xml(archive, "[Content_Types].xml", path)
        parts = _sheet_parts(archive, names, path)
        sheet_of = {part: name for name, part in parts.items()}
        scans: dict[str, _SheetScan] = {}
        for info in infos:
            data = _read_part(archive, info, path)
            if data is None:
                continue
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                raise _entities(path, info.filename)
            # Every part that holds cells is scanned, whether or not workbook.xml names it.
            if b"sheetData" not in data:
                continue
            scan = _scan_sheet(data)
            name = sheet_of.get(info.filename)
            if scan.rows * scan.columns > MAX_SHEET_CELLS:
                where = f"sheet {name!r}" if name is not None else f"part {info.filename}"
                last = f"{_column_letter(scan.columns - 1)}{scan.rows}"
                raise InputFileError(
                    f"{path}: {where} reaches cell {last}, which would mean reading "
                    f"{scan.rows * scan.columns:,} cells (the limit is {MAX_SHEET_CELLS:,}); "
                    "it was not read",
                    hint="In Excel, press Ctrl+End on that sheet to find the last cell, "
                    "delete the rows and columns beyond your data, and save.",
                )
            if name is not None:
                scans[name] = scan
    return scans


def _size(count: int) -> str:
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if count >= scale:
            return f"{count / scale:.3g} {unit}"
    return f"{count} bytes"


def _entities(path: Path, part: str) -> InputFileError:
    return InputFileError(
        f"{path}: part {part} declares XML entities, which Excel never writes (a possible "
        "entity-expansion attack); it was not read",
        hint=_UNTRUSTED,
    )


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bytes | None:
    """An XML part's bytes; any other part is read through only, to check it is intact.

    Reading checks each part's CRC and stops at its declared size, so a part that is
    damaged or larger than it claims is refused here, not inside calamine.
    """
    try:
        with archive.open(info) as part:
            if info.filename.endswith((".xml", ".rels")):
                return part.read()
            while part.read(1 << 20):
                pass
            return None
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        RuntimeError,
        ValueError,
        NotImplementedError,
        zlib.error,
    ) as exc:
        raise _damaged(path, f"{info.filename}: {exc}") from None


def _parse_xml(archive: zipfile.ZipFile, name: str, path: Path) -> Any:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        return fromstring(archive.read(name), forbid_dtd=True)
    except DefusedXmlException:
        raise _entities(path, name) from None
    except (ParseError, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
        raise _damaged(path, f"{name} is not valid XML") from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sheet_parts(archive: zipfile.ZipFile, names: set[str], path: Path) -> dict[str, str]:
    """Sheet name to the part holding it, as the workbook and its relationships say."""

    def resolve(folder: str, target: str) -> str:
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join(folder, target))

    def relationships(name: str) -> list[Any]:
        if name not in names:
            return []
        return [
            e for e in _parse_xml(archive, name, path).iter() if _local(e.tag) == "Relationship"
        ]

    book = "xl/workbook.xml"
    for rel in relationships("_rels/.rels"):
        if rel.get("Type", "").endswith("/officeDocument"):
            book = resolve("", rel.get("Target", ""))
    if book not in names:
        raise _damaged(path, "it has no workbook part")
    folder = posixpath.dirname(book)
    rels = posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels")
    targets = {rel.get("Id"): resolve(folder, rel.get("Target", "")) for rel in relationships(rels)}
    parts: dict[str, str] = {}
    for sheet in _parse_xml(archive, book, path).iter():
        if _local(sheet.tag) != "sheet":
            continue
        rid = next(
            (v for k, v in sheet.attrib.items() if k.startswith("{") and _local(k) == "id"), None
        )
        if sheet.get("name") is not None and rid in targets:
            parts[sheet.get("name")] = targets[rid]
    return parts


_SHEET_DATA = re.compile(rb"<([A-Za-z_][\w.-]*:)?sheetData\b")
_ATTRIBUTE = re.compile(rb"""\s([\w:.-]+)\s*=\s*(["'])(.*?)\2""", re.S)
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def _scan_sheet(data: bytes) -> _SheetScan:
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
    scan = _SheetScan()
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


def _walk_rows(data: bytes, prefix: bytes, element: re.Pattern[bytes], scan: _SheetScan) -> None:
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


def _attributes(text: bytes | None) -> dict[str, str]:
    return {
        _local(name.decode("utf-8", "replace")): value.decode("utf-8", "replace")
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
    scan: _SheetScan, row: int, column: int, attributes: dict[str, str], body: bytes
) -> None:
    """Record a formula or error cell; calamine reads both without saying what they were."""
    value = re.search(rb"<(?:[\w.-]+:)?v(?:\s[^>]*)?(?:/>|>(.*?)</(?:[\w.-]+:)?v>)", body, re.S)
    saved = (
        None if value is None else html.unescape((value.group(1) or b"").decode("utf-8", "replace"))
    )
    kind = attributes.get("t", "n")
    if kind == "e":
        scan.errors.append(_Cell(row, column, saved or "#VALUE!"))
        return
    formula = re.search(rb"<(?:[\w.-]+:)?f(?:\s[^>]*)?(?:/>|>(.*?)</(?:[\w.-]+:)?f>)", body, re.S)
    if formula is None:
        return
    text = html.unescape((formula.group(1) or b"").decode("utf-8", "replace")).strip()
    note = _Cell(row, column, f"={text}" if text else "(a shared formula)")
    # Excel saves a formula whose result is empty text as t="str" with an empty value.
    if saved is None or (saved == "" and kind != "str"):
        scan.uncached.append(note)
    else:
        scan.cached.append(note)


def _read_xlsx(path: Path) -> RawWorkbook:
    import python_calamine as calamine

    scans = _check_container(path)
    try:
        with path.open("rb") as handle:
            workbook = calamine.CalamineWorkbook.from_filelike(handle)
            metadata = workbook.sheets_metadata
            raw: list[tuple[str, bool, list[list[object]], list[Any]]] = []
            for meta in metadata:
                if str(meta.typ) != str(calamine.SheetTypeEnum.WorkSheet):
                    continue
                sheet = workbook.get_sheet_by_name(meta.name)
                cells = sheet.to_python(skip_empty_area=False)
                hidden = str(meta.visible) != str(calamine.SheetVisibleEnum.Visible)
                raw.append((meta.name, hidden, cells, sheet.merged_cell_ranges or []))
    except calamine.PasswordError:
        raise InputFileError(
            f"{path}: the workbook is password-protected",
            hint="Remove the password (File > Info > Protect Workbook) and save a copy.",
        ) from None
    except (calamine.CalamineError, calamine.ZipError, calamine.XmlError, ValueError) as exc:
        raise InputFileError(f"{path}: the workbook cannot be read ({exc})", hint=_REPAIR) from None
    book = RawWorkbook(path=path, sha256=sha256_of(path), sheets={})
    for name, hidden, cells, merged in raw:
        found: list[Problem] = []
        scan = scans.get(name, _SheetScan())
        sheet = _to_sheet(str(path), name, cells, found, hidden=hidden, merged=merged)
        found.extend(_cell_problems(str(path), name, cells, scan))
        if found:
            book.problems.setdefault(normalise_name(name), []).extend(found)
        if sheet is None:
            if not found:
                book.empty.append(name)
                book.notices.append(f"{path.name}: sheet {name!r} is empty and was skipped")
            continue
        if hidden:
            book.notices.append(f"{path.name}: sheet {name!r} is hidden in Excel; it was read")
        if scan.cached:
            book.notices.append(
                f"{path.name}: sheet {name!r}: {len(scan.cached)} cell(s) hold formulas; their "
                f"values as last saved were used (e.g. {scan.cached[0].ref})"
            )
        if sheet.key in book.sheets:
            book.problems.setdefault(sheet.key, []).append(
                Problem(
                    f"two sheets match {name!r} once case and spacing are ignored "
                    f"({book.sheets[sheet.key].name!r} and {name!r}); keep one",
                    file=str(path),
                    sheet=name,
                )
            )
            continue
        book.sheets[sheet.key] = sheet
    return book


def _cell_problems(
    file: str, name: str, cells: list[list[object]], scan: _SheetScan
) -> list[Problem]:
    """Formulas without a saved value and Excel errors: calamine reads both as blank."""
    header = cells[0] if cells else []

    def column(cell: _Cell) -> str:
        value = header[cell.column] if cell.column < len(header) else None
        return str(value).strip() if value not in (None, "") else _column_letter(cell.column)

    problems = [
        Problem(
            f"cell {cell.ref} has a formula without a saved value (culturekit does not "
            "calculate formulas): open and save the workbook in Excel",
            file=file,
            sheet=name,
            row=cell.row,
            column=column(cell),
            value=cell.text,
        )
        for cell in scan.uncached
    ]
    problems += [
        Problem(
            f"cell {cell.ref} holds the Excel error {cell.text}: correct the formula or value "
            "behind it, or clear the cell",
            file=file,
            sheet=name,
            row=cell.row,
            column=column(cell),
            value=cell.text,
        )
        for cell in scan.errors
    ]
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def _to_sheet(
    file: str,
    name: str,
    cells: list[list[object]],
    problems: list[Problem],
    *,
    hidden: bool = False,
    merged: Sequence[Any] = (),
) -> Sheet | None:
    """``merged`` holds calamine's merged ranges, ((first row, column), (last row, column)),
    counted from 0."""
    if not cells:
        return None
    width = max(len(r) for r in cells)
    if any(len(r) < width for r in cells):  # CSV rows may be short
        cells = [list(r) + [None] * (width - len(r)) for r in cells]
    frame = pd.DataFrame(cells, dtype=object)
    if frame.shape[1] < width:
        frame = frame.reindex(columns=range(width))
    frame = frame.replace({"": None}).astype(object)
    frame = frame.where(frame.notna(), None)
    header_row = frame.iloc[0]
    body = frame.iloc[1:]
    filled = body.notna()
    keep_rows = filled.any(axis=1).to_numpy()
    body = body[keep_rows]
    rows = np.arange(2, len(frame) + 1)[keep_rows]
    if header_row.isna().all():
        if len(body) == 0:
            return None
        problems.append(
            Problem(
                "row 1 must hold the column headers, but it is empty",
                file=file,
                sheet=name,
                row=1,
            )
        )
        return None
    given = [v for v in header_row.tolist() if v is not None]
    numbers = [v for v in given if isinstance(v, int | float) and not isinstance(v, bool)]
    if len(numbers) * 2 > len(given):
        problems.append(
            Problem(
                "row 1 must hold the column headers, but it holds data (mostly numbers): "
                "insert a header row (see `culturekit template` for the headers)",
                file=file,
                sheet=name,
                row=1,
            )
        )
        return None
    headers: dict[str, str] = {}
    columns: list[str | None] = []
    for position, value in enumerate(header_row.tolist()):
        letter = _column_letter(position)
        if value is None:
            if body.iloc[:, position].notna().any():
                under = next(
                    (
                        first
                        for first, last in merged
                        if first[0] == 0 and first[1] < position <= last[1]
                    ),
                    None,
                )
                problems.append(
                    Problem(
                        f"column {letter} has values but no header: its header cell is "
                        f"merged with {_column_letter(under[1])}1; unmerge the header cells "
                        "and give each column its own header"
                        if under is not None
                        else f"column {letter} has values but no header: add one in row 1",
                        file=file,
                        sheet=name,
                        row=1,
                        column=letter,
                    )
                )
            columns.append(None)
            continue
        key = normalise_name(value)
        if key in headers:
            problems.append(
                Problem(
                    f"header {value!r} appears twice (also as {headers[key]!r})",
                    file=file,
                    sheet=name,
                    row=1,
                    column=letter,
                )
            )
            columns.append(None)
            continue
        headers[key] = str(value).strip()
        columns.append(key)
    for (top, left), (bottom, right) in merged:
        hidden_here = [
            c
            for c in range(left, right + 1)
            if c < len(columns) and columns[c] and (bottom > top or c > left) and bottom >= 1
        ]
        if hidden_here:
            first = f"{_column_letter(left)}{top + 1}"
            problems.append(
                Problem(
                    f"cells {first}:{_column_letter(right)}{bottom + 1} are merged, so only "
                    f"{first} holds a value: unmerge them and fill in every cell",
                    file=file,
                    sheet=name,
                    row=max(top + 1, 2),
                    column=headers.get(columns[hidden_here[0]] or ""),
                )
            )
    keep = [i for i, c in enumerate(columns) if c is not None]
    body = body.iloc[:, keep]
    body.columns = [columns[i] for i in keep]
    body = body.reset_index(drop=True)
    return Sheet(file=file, name=name, frame=body, rows=rows, headers=headers, hidden=hidden)


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rem = divmod(position - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _read_csv(path: Path, sheet_name: str, head: bytes) -> RawWorkbook:
    if head.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        raise InputFileError(
            f"{path}: is an Excel workbook, not a CSV file",
            hint="Give it the .xlsx extension (an old .xls workbook must be saved as .xlsx), "
            "or save it from Excel as CSV UTF-8.",
        )
    data = path.read_bytes()
    text, notice = _decode(path, data)
    notices = [f"{path.name}: {notice}"] if notice else []
    if "\x00" in text or head.startswith(b"%PDF"):
        raise InputFileError(
            f"{path}: is not a text (CSV) file",
            hint="Save the sheet from Excel as CSV UTF-8, or give culturekit the .xlsx workbook.",
        )
    delimiter = _sniff_delimiter(text)
    if delimiter != ",":
        notices.append(f"{path.name}: columns separated by {delimiter!r}")
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        cells: list[list[object]] = [list(row) for row in reader]
    except csv.Error as exc:
        raise InputFileError(f"{path}: not a readable CSV file ({exc})") from None
    book = RawWorkbook(path=path, sha256=sha256_of(path), sheets={}, notices=notices)
    found: list[Problem] = []
    sheet = _to_sheet(str(path), sheet_name, cells, found)
    if found:
        book.problems[normalise_name(sheet_name)] = found
    if sheet is not None:
        book.sheets[sheet.key] = sheet
    return book


# How Excel saves text: "Unicode Text" (UTF-16), "CSV UTF-8" (with a byte-order mark),
# and "CSV" (Windows-1252 on Windows); with what each reading is noted as, if at all.
_ENCODINGS: tuple[tuple[bytes, str, str | None], ...] = (
    (codecs.BOM_UTF16_LE, "utf-16", "read as UTF-16 (Excel's Unicode Text)"),
    (codecs.BOM_UTF16_BE, "utf-16", "read as UTF-16 (Excel's Unicode Text)"),
    (codecs.BOM_UTF8, "utf-8-sig", "read as UTF-8 (its byte-order mark was removed)"),
    (b"", "utf-8", None),
    (b"", "cp1252", "not UTF-8; read as Windows-1252 (Excel's CSV encoding)"),
)


def _decode(path: Path, data: bytes) -> tuple[str, str | None]:
    """A CSV file's text, and what was assumed to read it. Bytes that no encoding Excel
    saves in explains are refused, never replaced."""
    for mark, encoding, notice in _ENCODINGS:
        if data.startswith(mark):
            try:
                return data.decode(encoding), notice
            except UnicodeDecodeError:
                if mark:
                    break
    raise InputFileError(
        f"{path}: the text is neither UTF-8 nor Windows-1252, so it cannot be read safely",
        hint="Open it in Excel and save it as CSV UTF-8 (Comma delimited).",
    )


def _sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def read_one_sheet(path: str | Path, wanted: str) -> Sheet | None:
    """Only the sheet called ``wanted`` (case and spacing ignored), or None.

    For a quick look at a workbook (which trust, which period) without reading the rest.
    """
    import python_calamine as calamine

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        return None
    try:
        _check_container(path)
        with path.open("rb") as handle:
            workbook = calamine.CalamineWorkbook.from_filelike(handle)
            name = next(
                (n for n in workbook.sheet_names if normalise_name(n) == normalise_name(wanted)),
                None,
            )
            if name is None:
                return None
            cells = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except (InputFileError, OSError, calamine.CalamineError, ValueError):
        return None
    return _to_sheet(str(path), name, cells, [])

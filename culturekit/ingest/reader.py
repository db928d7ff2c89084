"""Reading workbooks and CSV files safely into raw sheets.

Nothing here knows what a sheet means: it opens the file read-only, refuses what is not a
plain workbook, and hands back each sheet's cells with normalised headers and the Excel row
number of every data row, so later errors can point at the cell.

Only the sheets asked for are read (:mod:`culturekit.ingest.package`): any other sheet of
the workbook is never decompressed. Before python-calamine reads a workbook, every part it
will read is decompressed and scanned here (:mod:`culturekit.ingest.xml_scan`), within
limits counted for the whole workbook: that checks it is intact, refuses zip bombs and XML
entity declarations, and finds, for each sheet, how far its cells reach (calamine holds
every cell from the first to the last, so one stray value in XFD1048576 would need
hundreds of gigabytes), its formulas without a saved value and its Excel error values
(calamine reads both as blank). calamine is then given a package holding only the parts
that were checked.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from culturekit.errors import InputFileError, Problem
from culturekit.ingest.csv_file import read_csv
from culturekit.ingest.limits import MAX_SHEET_CELLS, MAX_TEXT_CHARACTERS
from culturekit.ingest.package import Package, SheetPart, damaged
from culturekit.ingest.parallel import in_threads, side_by_side
from culturekit.ingest.sheet import (
    RawWorkbook,
    Sheet,
    column_letter,
    longest_text,
    sha256_of,
    to_sheet,
)
from culturekit.ingest.xml_scan import (
    SLOW_SCAN_MAX_BYTES,
    Cell,
    NotPlain,
    ScanError,
    SheetScan,
    SheetScanner,
    StringsScanner,
    walk_sheet,
)
from culturekit.inputs import open_input
from culturekit.names import normalise_name

__all__ = [
    "CSV_SUFFIXES",
    "MAX_RATIO",
    "MAX_SHEET_CELLS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_WORKBOOK_CELLS",
    "RATIO_CHECK_MIN_BYTES",
    "WORKBOOK_SUFFIXES",
    "RawWorkbook",
    "Sheet",
    "file_head",
    "read_file",
    "read_one_sheet",
    "sha256_of",
]

# The parts of a workbook that are read may expand to at most this, in all (zip bombs).
MAX_UNCOMPRESSED_BYTES = 1024**3
# A part this large that also expands more than MAX_RATIO times is refused as a zip bomb.
RATIO_CHECK_MIN_BYTES = 100 * 1024**2
MAX_RATIO = 200
# The sheets read from one workbook may hold at most this many cells in all, each counted
# from A1 to its last cell holding a value (what calamine holds in memory).
MAX_WORKBOOK_CELLS = 20_000_000

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
_TRIM = (
    "In Excel, press Ctrl+End on that sheet to find the last cell, delete the rows and "
    "columns beyond your data, and save."
)

# Which of a workbook's sheets to read, given their names in order.
SheetChoice = Callable[[Sequence[str]], Collection[str]]


def read_file(
    path: str | Path, sheet_name: str | None = None, sheets: SheetChoice | None = None
) -> RawWorkbook:
    """Read an .xlsx workbook or a .csv file (as one sheet called ``sheet_name``).

    ``sheets`` chooses which of a workbook's sheets are read (all when None); the others
    are never decompressed, and are listed in the result's ``unread``.
    """
    path = Path(path)
    with _open(path) as handle:
        head = _head(path, handle)
        suffix = path.suffix.lower()
        if suffix in CSV_SUFFIXES and head.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
            raise InputFileError(
                f"{path}: is an Excel workbook, not a CSV file",
                hint="Give it the .xlsx extension (an old .xls workbook must be saved as "
                ".xlsx), or save it from Excel as CSV UTF-8.",
            )
        if suffix in CSV_SUFFIXES:
            return read_csv(path, handle, sheet_name or path.stem, head)
        _refuse_unsupported(path, handle, suffix, head)
        return _read_xlsx(path, handle, sheets)


def file_head(path: Path) -> bytes:
    """The file's first bytes, or the :class:`InputFileError` that says why there are none
    (missing, a folder, a named pipe or device, unreadable, empty)."""
    with _open(path) as handle:
        return _head(path, handle)


def _open(path: Path) -> BinaryIO:
    return open_input(path, "workbook")


def _head(path: Path, handle: BinaryIO) -> bytes:
    try:
        head = handle.read(8)
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read ({exc.strerror})") from None
    if not head:
        raise InputFileError(
            f"{path}: the file is empty (0 bytes)",
            hint="Check you chose the right file, or save it again from Excel.",
        )
    return head


def _refuse_unsupported(path: Path, handle: BinaryIO, suffix: str, head: bytes) -> None:
    if suffix == ".xlsm" or suffix == ".xltm":
        raise InputFileError(f"{path}: macro-enabled workbooks are not accepted", hint=_SAVE_AS)
    if head.startswith(_OLE_MAGIC):
        if _is_encrypted_ole(handle):
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


def _is_encrypted_ole(handle: BinaryIO) -> bool:
    """Whether an OLE2 file holds an encrypted workbook (how Excel saves a password)."""
    handle.seek(0)
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


def _parse_small(package: Package, info: Any) -> Any:
    """A small XML part (content types, relationships, the workbook) parsed as a tree."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    data = package.read(info)
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise _entities(package.path, info.filename) from None
    except (ParseError, ValueError):
        raise damaged(package.path, f"{info.filename} is not valid XML") from None


class _Reading:
    """One workbook's reading: the parts read so far, counted against the limits."""

    def __init__(self, path: Path, package: Package) -> None:
        self.path = path
        self.package = package
        self.expanded = 0
        self._lock = threading.Lock()  # sheets are scanned in threads of their own

    def check_sizes(self, infos: Sequence[Any]) -> None:
        """The zip's directory says how large each part is: refuse before decompressing
        parts that would expand beyond the limits, in all or one by one (zip bombs)."""
        total = sum(info.file_size for info in infos)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise InputFileError(
                f"{self.path}: the workbook expands to {_size(total)}, over the "
                f"{_size(MAX_UNCOMPRESSED_BYTES)} limit; it was not read",
                hint="Split the data into smaller workbooks, one per source. " + _UNTRUSTED,
            )
        for info in infos:
            if info.file_size > RATIO_CHECK_MIN_BYTES and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise InputFileError(
                    f"{self.path}: part {info.filename} expands over {MAX_RATIO} times its "
                    "stored size (a zip bomb); it was not read",
                    hint=_UNTRUSTED,
                )
        stored = sum(info.compress_size for info in infos)
        if stored > MAX_UNCOMPRESSED_BYTES:
            raise InputFileError(
                f"{self.path}: the workbook's parts are stored in {_size(stored)}, over the "
                f"{_size(MAX_UNCOMPRESSED_BYTES)} limit; it was not read",
                hint=_UNTRUSTED,
            )

    def chunks(self, info: Any) -> Any:
        """A part's bytes, counted against the limit for the whole workbook as they come."""
        for piece in self.package.chunks(info):
            with self._lock:
                self.expanded += len(piece)
                over = self.expanded > MAX_UNCOMPRESSED_BYTES
            if over:
                raise InputFileError(
                    f"{self.path}: the workbook expands to more than "
                    f"{_size(MAX_UNCOMPRESSED_BYTES)}; it was not read",
                    hint=_UNTRUSTED,
                )
            yield piece

    def scan_sheet(self, sheet: SheetPart) -> SheetScan:
        info = self.package.info(sheet.part)
        assert info is not None
        try:
            scanner = SheetScanner()
            counted = 0
            try:
                for piece in self.chunks(info):
                    counted += len(piece)
                    scanner.feed(piece)
                return scanner.finish()
            except NotPlain:
                with self._lock:  # the part is read again, whole, and counted once
                    self.expanded -= counted
            if info.file_size > SLOW_SCAN_MAX_BYTES:
                raise InputFileError(
                    f"{self.path}: sheet {sheet.name!r} is written in a way Excel, LibreOffice "
                    f"and openpyxl never write a sheet, and at {_size(info.file_size)} it is "
                    f"too large to read so (the limit is {_size(SLOW_SCAN_MAX_BYTES)}); it "
                    "was not read",
                    hint=_UNTRUSTED,
                )
            return walk_sheet(b"".join(self.chunks(info)))
        except ScanError as exc:
            raise self._refused(sheet.name, info.filename, str(exc)) from None

    def scan_strings(self) -> bool:
        """Check the shared strings; whether one of them may be too long for a cell."""
        info = self.package.shared_strings
        if info is None:
            return False
        scanner = StringsScanner()
        try:
            for piece in self.chunks(info):
                scanner.feed(piece)
            found = scanner.finish()
        except ScanError as exc:
            raise self._refused(None, info.filename, str(exc)) from None
        if found.declared is not None and found.declared > found.strings:
            raise InputFileError(
                f"{self.path}: part {info.filename} declares {found.declared:,} strings but "
                f"holds {found.strings:,}; it was not read",
                hint=_UNTRUSTED,
            )
        return found.long_text

    def check_styles(self) -> None:
        info = self.package.styles
        if info is None:
            return
        scanner = StringsScanner()  # the styles hold no strings: only the XML is checked
        try:
            for piece in self.chunks(info):
                scanner.feed(piece)
            scanner.finish()
        except ScanError as exc:
            raise self._refused(None, info.filename, str(exc)) from None

    def _refused(self, sheet: str | None, part: str, reason: str) -> InputFileError:
        if reason == "declares XML entities":
            return _entities(self.path, part)
        where = f"sheet {sheet!r}" if sheet is not None else f"part {part}"
        return InputFileError(f"{self.path}: {where} {reason}; it was not read", hint=_UNTRUSTED)


def _read_xlsx(path: Path, handle: BinaryIO, choose: SheetChoice | None) -> RawWorkbook:
    import python_calamine as calamine

    package = Package(path, handle)
    reading = _Reading(path, package)
    structure = package.read_structure(lambda info: _parse_small(package, info))
    reading.expanded = sum(info.file_size for info in structure)
    names = [sheet.name for sheet in package.sheets]
    wanted = set(names if choose is None else choose(names))
    chosen = [sheet for sheet in package.sheets if sheet.name in wanted]
    parts = [package.info(sheet.part) for sheet in chosen]
    extra = [info for info in (package.shared_strings, package.styles) if info is not None]
    reading.check_sizes([*structure, *extra, *parts])
    long_strings = reading.scan_strings()
    reading.check_styles()
    # The sheets are scanned, then read, side by side: both are mostly done outside
    # Python's lock (numpy, calamine's Rust). A failure is raised for the first sheet, in
    # the workbook's order, that failed, whichever finished first.
    scans = dict(zip([s.name for s in chosen], in_threads(reading.scan_sheet, chosen), strict=True))
    _check_cells(path, scans)
    book = RawWorkbook(path=path, sha256=sha256_of(handle), sheets={})
    book.unread = [name for name in names if name not in wanted]
    try:
        # One package a sheet, each calamine's own, so that they can be read at once.
        with side_by_side(lambda part: _calamine_cells(package.copy([part]), part), chosen) as read:
            for part, (cells, merged) in zip(chosen, read, strict=True):
                scan = scans[part.name]
                if scan.long_text or long_strings:
                    _refuse_long_text(path, part.name, cells)
                _add_sheet(book, part, cells, merged, scan)
                del cells
    except calamine.PasswordError:
        raise InputFileError(
            f"{path}: the workbook is password-protected",
            hint="Remove the password (File > Info > Protect Workbook) and save a copy.",
        ) from None
    except (calamine.CalamineError, calamine.ZipError, calamine.XmlError, ValueError) as exc:
        raise InputFileError(f"{path}: the workbook cannot be read ({exc})", hint=_REPAIR) from None
    return book


def _calamine_cells(copy: bytes, part: SheetPart) -> tuple[list[list[object]], Any]:
    """The sheet's cells and merged ranges, read by calamine from a package of its own."""
    import python_calamine as calamine

    workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(copy))
    del copy
    sheet = workbook.get_sheet_by_name(part.name)
    return sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or []


def _check_cells(path: Path, scans: dict[str, SheetScan]) -> None:
    """Each sheet, and the sheets together, within the cells calamine may hold."""
    for name, scan in scans.items():
        if scan.cells > MAX_SHEET_CELLS:
            last = f"{column_letter(scan.columns - 1)}{scan.rows}"
            raise InputFileError(
                f"{path}: sheet {name!r} reaches cell {last}, which would mean reading "
                f"{scan.cells:,} cells (the limit is {MAX_SHEET_CELLS:,}); it was not read",
                hint=_TRIM,
            )
    total = sum(scan.cells for scan in scans.values())
    if total > MAX_WORKBOOK_CELLS:
        each = ", ".join(f"{name!r} {scan.cells:,}" for name, scan in scans.items() if scan.cells)
        raise InputFileError(
            f"{path}: the sheets to read would mean reading {total:,} cells in all ({each}); "
            f"the limit for one workbook is {MAX_WORKBOOK_CELLS:,}; it was not read",
            hint="Give the largest sources as files of their own, one file per source, or "
            + _TRIM[0].lower()
            + _TRIM[1:],
        )


def _refuse_long_text(path: Path, name: str, cells: list[list[object]]) -> None:
    found = longest_text(cells)
    if found is not None:
        row, column, length = found
        raise InputFileError(
            f"{path}: sheet {name!r}, cell {column_letter(column)}{row + 1} holds "
            f"{length:,} characters; a cell holds at most {MAX_TEXT_CHARACTERS:,} (as in "
            "Excel); it was not read",
            hint="Shorten the text in that cell, or check the file is the one you meant.",
        )


def _add_sheet(
    book: RawWorkbook, part: SheetPart, cells: list[list[object]], merged: Any, scan: SheetScan
) -> None:
    path, name = book.path, part.name
    found: list[Problem] = []
    sheet = to_sheet(
        str(path),
        name,
        cells,
        found,
        hidden=part.hidden,
        merged=merged,
        notices=book.notices,
        booleans=scan.booleans,
    )
    found.extend(_cell_problems(str(path), name, cells, scan))
    if found:
        book.problems.setdefault(normalise_name(name), []).extend(found)
    if sheet is None:
        if not found:
            book.empty.append(name)
            book.notices.append(f"{path.name}: sheet {name!r} is empty and was skipped")
        return
    if part.hidden:
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
        return
    book.sheets[sheet.key] = sheet


def _cell_problems(
    file: str, name: str, cells: list[list[object]], scan: SheetScan
) -> list[Problem]:
    """Formulas without a saved value and Excel errors: calamine reads both as blank."""
    header = cells[0] if cells else []

    def column(cell: Cell) -> str:
        value = header[cell.column] if cell.column < len(header) else None
        return str(value).strip() if value not in (None, "") else column_letter(cell.column)

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


def read_one_sheet(path: str | Path, wanted: str) -> Sheet | None:
    """Only the sheet called ``wanted`` (case and spacing ignored), or None.

    For a quick look at a workbook (which trust, which period) without reading the rest.
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        return None
    key = normalise_name(wanted)

    def choose(names: Sequence[str]) -> list[str]:
        return [name for name in names if normalise_name(name) == key][:1]

    try:
        book = read_file(path, sheets=choose)
    except (InputFileError, OSError):
        return None
    return book.sheets.get(key)

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

import posixpath
import zipfile
import zlib
from pathlib import Path
from typing import Any

from culturekit.errors import InputFileError, Problem
from culturekit.ingest.csv_file import read_csv
from culturekit.ingest.sheet import RawWorkbook, Sheet, column_letter, sha256_of, to_sheet
from culturekit.ingest.xml_scan import MAX_SHEET_CELLS, Cell, SheetScan, local_name, scan_sheet
from culturekit.names import normalise_name

__all__ = [
    "CSV_SUFFIXES",
    "MAX_RATIO",
    "MAX_SHEET_CELLS",
    "MAX_UNCOMPRESSED_BYTES",
    "RATIO_CHECK_MIN_BYTES",
    "WORKBOOK_SUFFIXES",
    "RawWorkbook",
    "Sheet",
    "file_head",
    "read_file",
    "read_one_sheet",
    "sha256_of",
]

# A workbook whose parts expand to more than this is refused before reading (zip bombs).
MAX_UNCOMPRESSED_BYTES = 1024**3
# A part this large that also expands more than MAX_RATIO times is refused as a zip bomb.
RATIO_CHECK_MIN_BYTES = 100 * 1024**2
MAX_RATIO = 200

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


def read_file(path: str | Path, sheet_name: str | None = None) -> RawWorkbook:
    """Read an .xlsx workbook or a .csv file (as one sheet called ``sheet_name``)."""
    path = Path(path)
    head = file_head(path)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES and head.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        raise InputFileError(
            f"{path}: is an Excel workbook, not a CSV file",
            hint="Give it the .xlsx extension (an old .xls workbook must be saved as .xlsx), "
            "or save it from Excel as CSV UTF-8.",
        )
    if suffix in CSV_SUFFIXES:
        return read_csv(path, sheet_name or path.stem, head)
    _refuse_unsupported(path, suffix, head)
    return _read_xlsx(path)


def file_head(path: Path) -> bytes:
    """The file's first bytes, or the :class:`InputFileError` that says why there are none
    (missing, a folder, unreadable, empty)."""
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
    return head


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


def _damaged(path: Path, detail: str = "not a readable .xlsx file") -> InputFileError:
    return InputFileError(f"{path}: the workbook is damaged ({detail})", hint=_REPAIR)


def _check_container(path: Path) -> dict[str, SheetScan]:
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
        scans: dict[str, SheetScan] = {}
        for info in infos:
            data = _read_part(archive, info, path)
            if data is None:
                continue
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                raise _entities(path, info.filename)
            # Every part that holds cells is scanned, whether or not workbook.xml names it.
            if b"sheetData" not in data:
                continue
            scan = scan_sheet(data)
            name = sheet_of.get(info.filename)
            if scan.rows * scan.columns > MAX_SHEET_CELLS:
                where = f"sheet {name!r}" if name is not None else f"part {info.filename}"
                last = f"{column_letter(scan.columns - 1)}{scan.rows}"
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
            e for e in _parse_xml(archive, name, path).iter() if local_name(e.tag) == "Relationship"
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
        if local_name(sheet.tag) != "sheet":
            continue
        rid = next(
            (v for k, v in sheet.attrib.items() if k.startswith("{") and local_name(k) == "id"),
            None,
        )
        if sheet.get("name") is not None and rid in targets:
            parts[sheet.get("name")] = targets[rid]
    return parts


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
        scan = scans.get(name, SheetScan())
        sheet = to_sheet(str(path), name, cells, found, hidden=hidden, merged=merged)
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
    return to_sheet(str(path), name, cells, [])

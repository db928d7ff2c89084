"""Reading workbooks and CSV files safely into raw sheets.

Nothing here knows what a sheet means: it opens the file read-only, refuses what is not a
plain workbook, and hands back each sheet's cells with normalised headers and the Excel row
number of every data row, so later errors can point at the cell.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from culturekit.errors import InputFileError, Problem
from culturekit.names import normalise_name

# A workbook whose parts expand to more than this is refused before reading (zip bombs).
MAX_UNCOMPRESSED_BYTES = 1024**3
# A part this large that also expands more than MAX_RATIO times is refused as a zip bomb.
RATIO_CHECK_MIN_BYTES = 100 * 1024**2
MAX_RATIO = 200
# How far into each XML part to look for a document type declaration.
DOCTYPE_SCAN_BYTES = 64 * 1024

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")

WORKBOOK_SUFFIXES = {".xlsx"}
CSV_SUFFIXES = {".csv", ".txt"}


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
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _read_csv(path, sheet_name or path.stem)
    _refuse_unsupported(path, suffix, head)
    return _read_xlsx(path)


def _refuse_unsupported(path: Path, suffix: str, head: bytes) -> None:
    save_as = "Open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)."
    if suffix == ".xlsm" or suffix == ".xltm":
        raise InputFileError(
            f"{path}: macro-enabled workbooks are not accepted", hint=save_as
        )
    if head.startswith(_OLE_MAGIC):
        if _is_encrypted_ole(path):
            raise InputFileError(
                f"{path}: the workbook is password-protected",
                hint="Remove the password (File > Info > Protect Workbook) and save a copy.",
            )
        raise InputFileError(f"{path}: this is an old-style .xls workbook", hint=save_as)
    if suffix == ".xls":
        raise InputFileError(f"{path}: .xls files are not accepted", hint=save_as)
    if suffix not in WORKBOOK_SUFFIXES:
        raise InputFileError(
            f"{path}: unsupported file type {suffix or '(no extension)'!r}",
            hint="culturekit reads .xlsx workbooks and .csv files.",
        )
    if not head.startswith(_ZIP_MAGIC):
        raise InputFileError(
            f"{path}: is not an Excel workbook (the file's content is not .xlsx)",
            hint="Check the file was saved from Excel or LibreOffice as .xlsx, not renamed.",
        )


def _is_encrypted_ole(path: Path) -> bool:
    with path.open("rb") as handle:
        return _ENCRYPTED_MARK in handle.read(1 << 20)


def _check_container(path: Path) -> None:
    """Refuse corrupt zips, zip bombs and XML with document type declarations."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise InputFileError(
            f"{path}: the workbook is damaged (not a readable .xlsx file)",
            hint="Open it in Excel or LibreOffice to repair it, then save a new copy.",
        ) from None
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise InputFileError(
                f"{path}: is a zip file but not an Excel workbook",
                hint="Save the data from Excel or LibreOffice as an Excel Workbook (.xlsx).",
            )
        total = sum(info.file_size for info in infos)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise InputFileError(
                f"{path}: the workbook expands to {total / 1024**3:.1f} GiB, over the "
                f"{MAX_UNCOMPRESSED_BYTES // 1024**3} GiB limit; it was not read",
                hint="Split the data into smaller workbooks, one per source.",
            )
        for info in infos:
            if (
                info.file_size > RATIO_CHECK_MIN_BYTES
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                raise InputFileError(
                    f"{path}: part {info.filename} expands over {MAX_RATIO} times its "
                    "stored size (a zip bomb); it was not read"
                )
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                with archive.open(info) as part:
                    start = part.read(DOCTYPE_SCAN_BYTES)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
                raise InputFileError(
                    f"{path}: the workbook is damaged ({info.filename}: {exc})",
                    hint="Open it in Excel or LibreOffice to repair it, then save a new copy.",
                ) from None
            if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                raise InputFileError(
                    f"{path}: part {info.filename} declares XML entities, which Excel never "
                    "writes (a possible entity-expansion attack); it was not read"
                )
        _parse_safely(archive, "[Content_Types].xml", path)


def _parse_safely(archive: zipfile.ZipFile, name: str, path: Path) -> None:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        fromstring(archive.read(name))
    except (DefusedXmlException, ParseError):
        raise InputFileError(f"{path}: the workbook's {name} is not valid XML") from None


def _read_xlsx(path: Path) -> RawWorkbook:
    import python_calamine as calamine

    _check_container(path)
    try:
        with path.open("rb") as handle:
            workbook = calamine.CalamineWorkbook.from_filelike(handle)
            metadata = workbook.sheets_metadata
            raw: list[tuple[str, bool, list[list[object]]]] = []
            for meta in metadata:
                if str(meta.typ) != str(calamine.SheetTypeEnum.WorkSheet):
                    continue
                sheet = workbook.get_sheet_by_name(meta.name)
                cells = sheet.to_python(skip_empty_area=False)
                hidden = str(meta.visible) != str(calamine.SheetVisibleEnum.Visible)
                raw.append((meta.name, hidden, cells))
    except calamine.PasswordError:
        raise InputFileError(f"{path}: the workbook is password-protected") from None
    except (calamine.CalamineError, calamine.ZipError, calamine.XmlError, ValueError) as exc:
        raise InputFileError(
            f"{path}: the workbook cannot be read ({exc})",
            hint="Open it in Excel or LibreOffice to repair it, then save a new copy.",
        ) from None
    book = RawWorkbook(path=path, sha256=sha256_of(path), sheets={})
    for name, hidden, cells in raw:
        found: list[Problem] = []
        sheet = _to_sheet(str(path), name, cells, found, hidden=hidden)
        if found:
            book.problems.setdefault(normalise_name(name), []).extend(found)
        if sheet is None:
            book.notices.append(f"{path.name}: sheet {name!r} is empty and was skipped")
            continue
        if hidden:
            book.notices.append(f"{path.name}: sheet {name!r} is hidden in Excel; it was read")
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


def _to_sheet(
    file: str,
    name: str,
    cells: list[list[object]],
    problems: list[Problem],
    *,
    hidden: bool = False,
) -> Sheet | None:
    if not cells:
        return None
    width = max(len(r) for r in cells)
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
    headers: dict[str, str] = {}
    columns: list[str | None] = []
    for position, value in enumerate(header_row.tolist()):
        letter = _column_letter(position)
        if value is None:
            if body.iloc[:, position].notna().any():
                problems.append(
                    Problem(
                        f"column {letter} has values but no header (merged or blank header "
                        "cell?)",
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


def _read_csv(path: Path, sheet_name: str) -> RawWorkbook:
    data = path.read_bytes()
    notices: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        notices.append(f"{path.name}: not UTF-8; read as Windows-1252 (Excel's CSV encoding)")
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
            name = next((n for n in workbook.sheet_names
                         if normalise_name(n) == normalise_name(wanted)), None)
            if name is None:
                return None
            cells = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except (InputFileError, OSError, calamine.CalamineError, ValueError):
        return None
    return _to_sheet(str(path), name, cells, [])

"""Reading a CSV file as one sheet, in whichever encoding and delimiter Excel saved it."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from culturekit.errors import InputFileError, Problem
from culturekit.ingest.sheet import RawWorkbook, sha256_of, to_sheet
from culturekit.names import normalise_name


def read_csv(path: Path, sheet_name: str, head: bytes) -> RawWorkbook:
    """The file as one sheet called ``sheet_name``; ``head`` is its first bytes."""
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
    sheet = to_sheet(str(path), sheet_name, cells, found)
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

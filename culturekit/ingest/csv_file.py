"""Reading a CSV file as one sheet, in whichever encoding and delimiter Excel saved it."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import BinaryIO

from culturekit.errors import InputFileError, Problem
from culturekit.ingest.limits import MAX_SHEET_CELLS, MAX_TEXT_CHARACTERS
from culturekit.ingest.sheet import RawWorkbook, column_letter, longest_text, sha256_of, to_sheet
from culturekit.names import normalise_name

# A CSV file larger than this is refused before it is decoded (a workbook's parts may
# expand to 1 GiB; a CSV file's text is held whole, and a field as a Python string).
MAX_CSV_BYTES = 256 << 20


def read_csv(path: Path, handle: BinaryIO, sheet_name: str, head: bytes) -> RawWorkbook:
    """The file (open as ``handle``) as one sheet called ``sheet_name``; ``head`` is its
    first bytes."""
    handle.seek(0)
    data = handle.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise InputFileError(
            f"{path}: the file is larger than {MAX_CSV_BYTES >> 20} MiB; it was not read",
            hint="Check the file is the one you meant; a source this large belongs in a "
            "workbook of its own.",
        )
    text, notice = _decode(path, data)
    del data
    notices = [f"{path.name}: {notice}"] if notice else []
    if "\x00" in text or head.startswith(b"%PDF"):
        raise InputFileError(
            f"{path}: is not a text (CSV) file",
            hint="Save the sheet from Excel as CSV UTF-8, or give culturekit the .xlsx workbook.",
        )
    delimiter = _sniff_delimiter(text)
    if delimiter != ",":
        notices.append(f"{path.name}: columns separated by {delimiter!r}")
    cells = _rows(path, text, delimiter)
    book = RawWorkbook(path=path, sha256=sha256_of(handle), sheets={}, notices=notices)
    found: list[Problem] = []
    sheet = to_sheet(str(path), sheet_name, cells, found, notices=book.notices)
    if found:
        book.problems[normalise_name(sheet_name)] = found
    if sheet is not None:
        book.sheets[sheet.key] = sheet
    return book


def _rows(path: Path, text: str, delimiter: str) -> list[list[object]]:
    """The file's rows, within the limits a workbook's sheet has: no field longer than a
    cell's text, no more fields than a sheet's cells."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    cells: list[list[object]] = []
    count = 0
    try:
        for row in reader:
            count += len(row)
            if count > MAX_SHEET_CELLS:
                raise InputFileError(
                    f"{path}: the file holds more than {MAX_SHEET_CELLS:,} fields (the limit, "
                    "as for a sheet of a workbook); it was not read",
                    hint="Check the file is the one you meant.",
                )
            cells.append(list(row))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _too_long(path, reader.line_num, None) from None
        raise InputFileError(f"{path}: not a readable CSV file ({exc})") from None
    if len(text) > MAX_TEXT_CHARACTERS:
        found = longest_text(cells)
        if found is not None:
            raise _too_long(path, found[0] + 1, found)
    return cells


def _too_long(path: Path, line: int, found: tuple[int, int, int] | None) -> InputFileError:
    """A field longer than a cell may be: refused as the same text in a workbook is."""
    if found is None:  # longer than the csv module reads, far longer than a cell
        what = f"line {line} holds a field of more than {MAX_TEXT_CHARACTERS:,} characters"
    else:
        what = f"row {line}, column {column_letter(found[1])} holds {found[2]:,} characters"
    return InputFileError(
        f"{path}: {what}; a cell holds at most {MAX_TEXT_CHARACTERS:,} (as in Excel); it "
        "was not read",
        hint="Shorten the text in that field, or check the file is the one you meant (a "
        "quote left open makes the rest of the file one field).",
    )


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

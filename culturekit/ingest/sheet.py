"""A sheet's cells as a table: headers normalised, wholly empty rows dropped, and the
Excel row number of every data row kept, so later errors can point at the cell."""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from culturekit.errors import Problem
from culturekit.ingest.limits import MAX_TEXT_CHARACTERS
from culturekit.names import normalise_name, plain_text


def recorded_file_name(path: str) -> str:
    """A file's name as the results record it: a name that is not UTF-8 holds lone
    surrogates (one per byte the file system could not decode), which no JSON or HTML
    output can hold, so each is recorded as U+FFFD."""
    return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in path)


@dataclass
class Sheet:
    """One sheet's cells: headers normalised, wholly empty rows dropped."""

    file: str
    name: str
    frame: pd.DataFrame
    rows: np.ndarray
    headers: dict[str, str]
    hidden: bool = False
    # Whether a cell may hold TRUE or FALSE (a workbook's sheet with a t="b" cell).
    booleans: bool = False

    def __post_init__(self) -> None:
        self.file = recorded_file_name(self.file)

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
    # Names of the workbook's sheets that were not asked for: never decompressed.
    unread: list[str] = field(default_factory=list)
    # Problems found while reading each sheet, by sheet key: they count only for the
    # sheets a caller uses (a help sheet with a blank header cell is no error).
    problems: dict[str, list[Problem]] = field(default_factory=dict)

    def problems_for(self, keys: set[str]) -> list[Problem]:
        return [p for key in sorted(keys & set(self.problems)) for p in self.problems[key]]


def sha256_of(source: Path | BinaryIO) -> str:
    """The SHA-256 of a file, by path or from an open handle (read from its start)."""
    if isinstance(source, Path):
        with source.open("rb") as handle:
            return sha256_of(handle)
    source.seek(0)
    digest = hashlib.sha256()
    for block in iter(lambda: source.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def longest_text(cells: Sequence[Sequence[object]]) -> tuple[int, int, int] | None:
    """The first text cell longer than a cell may be, as (row, column, length) from 0."""
    for row_number, row in enumerate(cells):
        lengths = [len(v) if type(v) is str else 0 for v in row]
        if max(lengths, default=0) > MAX_TEXT_CHARACTERS:
            column = next(i for i, n in enumerate(lengths) if n > MAX_TEXT_CHARACTERS)
            return row_number, column, lengths[column]
    return None


def to_sheet(
    file: str,
    name: str,
    cells: list[list[object]],
    problems: list[Problem],
    *,
    hidden: bool = False,
    merged: Sequence[Any] = (),
    notices: list[str] | None = None,
    booleans: bool = False,
) -> Sheet | None:
    """``merged`` holds calamine's merged ranges, ((first row, column), (last row, column)),
    counted from 0. A header read other than as written (full-width or invisible
    characters) is noted in ``notices``."""
    if not cells:
        return None
    lengths = set(map(len, cells))  # one pass in C: a sheet has hundreds of thousands of rows
    width = max(lengths)
    if len(lengths) > 1:  # CSV rows may be short
        cells = [list(r) + [None] * (width - len(r)) for r in cells]
    # One array of every cell, blanks (empty text, NaN) as None: each step a pass in C.
    table = np.empty((len(cells), width), dtype=object)
    table[:] = cells
    table[table == ""] = None
    blank = pd.isna(table)
    table[blank] = None
    header_row = pd.Series(table[0], dtype=object)
    keep_rows = ~blank[1:].all(axis=1)
    body = table[1:][keep_rows]
    filled = (~blank[1:]).any(axis=0)  # the columns holding a value below the header
    rows = np.arange(2, len(table) + 1)[keep_rows]
    where = {"file": file, "sheet": name}
    if not _has_header_row(header_row, len(body), problems, where):
        return None
    headers, columns = _headers(header_row.tolist(), filled, merged, problems, where)
    if notices is not None:
        notices.extend(_plain_headers(name, header_row.tolist()))
    _merged_cells(merged, headers, columns, problems, where)
    keep = [i for i, c in enumerate(columns) if c is not None]
    kept = body if len(keep) == width else body[:, keep]
    frame = pd.DataFrame(kept, columns=[columns[i] for i in keep], dtype=object, copy=False)
    return Sheet(
        file=file,
        name=name,
        frame=frame,
        rows=rows,
        headers=headers,
        hidden=hidden,
        booleans=booleans,
    )


def _has_header_row(
    header_row: pd.Series, body_rows: int, problems: list[Problem], where: dict[str, Any]
) -> bool:
    """Whether row 1 holds headers; when it does not (and there is data), say why."""
    if header_row.isna().all():
        if body_rows:
            problems.append(
                Problem("row 1 must hold the column headers, but it is empty", row=1, **where)
            )
        return False
    given = [v for v in header_row.tolist() if v is not None]
    numbers = [v for v in given if isinstance(v, int | float) and not isinstance(v, bool)]
    if len(numbers) * 2 > len(given):
        problems.append(
            Problem(
                "row 1 must hold the column headers, but it holds data (mostly numbers): "
                "insert a header row (see `culturekit template` for the headers)",
                row=1,
                **where,
            )
        )
        return False
    return True


def _headers(
    values: list[object],
    filled: np.ndarray,
    merged: Sequence[Any],
    problems: list[Problem],
    where: dict[str, Any],
) -> tuple[dict[str, str], list[str | None]]:
    """Each column's key (None for a column that is dropped) and each key's header;
    ``filled`` says which columns hold a value below the header row."""
    headers: dict[str, str] = {}
    columns: list[str | None] = []
    covering = _header_merges(merged)
    for position, value in enumerate(values):
        letter = column_letter(position)
        if value is None:
            if filled[position]:
                under = covering(position)
                problems.append(
                    Problem(
                        f"column {letter} has values but no header: its header cell is "
                        f"merged with {column_letter(under[1])}1; unmerge the header cells "
                        "and give each column its own header"
                        if under is not None
                        else f"column {letter} has values but no header: add one in row 1",
                        row=1,
                        column=letter,
                        **where,
                    )
                )
            columns.append(None)
            continue
        key = normalise_name(value)
        if key in headers:
            problems.append(
                Problem(
                    f"header {value!r} appears twice (also as {headers[key]!r})",
                    row=1,
                    column=letter,
                    **where,
                )
            )
            columns.append(None)
            continue
        headers[key] = str(value).strip()
        columns.append(key)
    return headers, columns


def _header_merges(merged: Sequence[Any]) -> Any:
    """A lookup: the merged range of row 1 that covers a column past its first, if any
    (found by bisection, however many ranges there are)."""
    ranges = sorted((f[1], last[1]) for f, last in merged if f[0] == 0 and last[1] > f[1])
    lefts = [left for left, _ in ranges]
    reach: list[tuple[int, int]] = []  # the widest reach of the ranges so far, and its range
    for left, right in ranges:
        reach.append(max((right, left), reach[-1]) if reach else (right, left))

    def covering(position: int) -> tuple[int, int] | None:
        found = bisect.bisect_left(lefts, position) - 1
        if found < 0 or reach[found][0] < position:
            return None
        return (0, reach[found][1])

    return covering


def _plain_headers(name: str, values: list[object]) -> list[str]:
    """Headers read in their plain form (:func:`~culturekit.names.plain_text`), said."""
    found = []
    for position, value in enumerate(values):
        text = "" if value is None else str(value).strip()
        plain = plain_text(text).strip()
        if plain != text:
            found.append(
                f"{name}: header {text!r} in column {column_letter(position)} was read as "
                f"{plain!r} (its full-width or invisible characters as plain text)"
            )
    return found


def _merged_cells(
    merged: Sequence[Any],
    headers: dict[str, str],
    columns: list[str | None],
    problems: list[Problem],
    where: dict[str, Any],
) -> None:
    """Merged cells over data: only the first cell of a merged range holds its value.

    Each range is looked up among the columns read (bisection), so the work does not
    grow with how wide the ranges are."""
    read = [c for c, key in enumerate(columns) if key]
    for (top, left), (bottom, right) in merged:
        # The cells hidden by the merge: all but its first, in a column that is read.
        lowest = left if bottom > top else left + 1
        found = bisect.bisect_left(read, lowest)
        hidden = bottom >= 1 and found < len(read) and read[found] <= right
        hidden_here = [read[found]] if hidden else []
        if hidden_here:
            first = f"{column_letter(left)}{top + 1}"
            problems.append(
                Problem(
                    f"cells {first}:{column_letter(right)}{bottom + 1} are merged, so only "
                    f"{first} holds a value: unmerge them and fill in every cell",
                    row=max(top + 1, 2),
                    column=headers.get(columns[hidden_here[0]] or ""),
                    **where,
                )
            )


def column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rem = divmod(position - 1, 26)
        letters = chr(65 + rem) + letters
    return letters

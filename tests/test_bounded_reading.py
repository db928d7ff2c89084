"""Bounded reading: what a workbook can make culturekit decompress, hold, or wait for.

Each crafted workbook of ``tests/bad_inputs.py`` is checked through the command line by
``tests/test_bad_inputs.py``. These tests check what is read and what is not: a sheet the
input format does not use is never decompressed, the limits count the parts read
together and the cells of the sheets read together, a sheet reads the same however it is
written (without references, with a namespace prefix, in any order, scanned in small
pieces), and no input makes a command wait or die.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from bad_inputs import (
    _MAIN,
    CASES_BY_ID,
    ExcelError,
    Formula,
    board_rows,
    column_letter,
    good_sheets,
    good_workbook,
    rows_xml,
    staff_rows,
    write_xlsx,
)
from click.testing import CliRunner, Result
from helpers.workbooks import STAFF_ITEMS, TRUST_ROWS
from hypothesis import given, settings
from hypothesis import strategies as st

import culturekit
from culturekit.cli import cli
from culturekit.errors import FrameworkError, InputFileError, OutputError, ValidationError
from culturekit.framework import load_framework
from culturekit.ingest import package, reader, xml_scan

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def run(args: list[Any]) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result


def decompressed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The parts culturekit decompresses from now on, in order, as they are read."""
    seen: list[str] = []
    original = package.Package.chunks

    def chunks(self: package.Package, info: zipfile.ZipInfo) -> Iterator[bytes]:
        seen.append(info.filename)
        yield from original(self, info)

    monkeypatch.setattr(package.Package, "chunks", chunks)
    return seen


# --------------------------------------------------------------------------- what is read


def test_sheets_not_used_are_never_decompressed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = [["note"], *[[f"line {i}"] for i in range(200)]]
    sheets = {**good_sheets(), "Board": board_rows(), "Notes": notes, "Lookups": notes}
    path = write_xlsx(tmp_path / "trust.xlsx", sheets)
    seen = decompressed(monkeypatch)
    data = culturekit.load(path)
    # write_xlsx names sheet i of ``sheets`` xl/worksheets/sheet{i}.xml.
    used = {f"xl/worksheets/sheet{i}.xml" for i in (1, 2, 3)}
    assert {p for p in seen if p.startswith("xl/worksheets/")} == used
    assert len(seen) == len(set(seen))  # each part decompressed once by culturekit
    assert f"{path.name}: sheet 'Notes' is not used" in data.notices
    assert set(data.surveys) == {"staff", "board"}


def test_the_size_limit_counts_the_parts_read_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = [["note"], *[[f"kept for reference, line {i}"] for i in range(3000)]]
    path = write_xlsx(tmp_path / "trust.xlsx", {**good_sheets(), "Notes": notes})
    with zipfile.ZipFile(path) as archive:
        sizes = {info.filename: info.file_size for info in archive.infolist()}
    unused = sizes.pop("xl/worksheets/sheet3.xml")
    read = sum(sizes.values())
    assert unused > read  # the unused sheet alone is over any limit that the rest is within
    monkeypatch.setattr(reader, "MAX_UNCOMPRESSED_BYTES", read)
    assert culturekit.load(path).surveys["staff"].n_rows == 12
    monkeypatch.setattr(reader, "MAX_UNCOMPRESSED_BYTES", read - 1)
    with pytest.raises(InputFileError, match=r"the workbook expands to .* over the .* limit"):
        culturekit.load(path)


def test_the_sheets_read_share_one_cell_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheets = {**good_sheets(), "Board": board_rows()}
    path = write_xlsx(tmp_path / "trust.xlsx", sheets)
    # Each sheet holds its rows times its widest row, from A1.
    held = {name: len(rows) * max(len(r) for r in rows) for name, rows in sheets.items()}
    total = sum(held.values())
    monkeypatch.setattr(reader, "MAX_WORKBOOK_CELLS", total)
    culturekit.load(path)
    monkeypatch.setattr(reader, "MAX_WORKBOOK_CELLS", total - 1)
    with pytest.raises(InputFileError) as excinfo:
        culturekit.load(path)
    assert f"would mean reading {total:,} cells in all" in str(excinfo.value)
    assert f"'Staff' {held['Staff']:,}" in str(excinfo.value)
    monkeypatch.setattr(reader, "MAX_SHEET_CELLS", held["Staff"] - 1)
    with pytest.raises(InputFileError, match="sheet 'Staff' reaches cell Y13"):
        culturekit.load(path)


# --------------------------------------------------------------------------- however written


def _answers() -> list[list[Any]]:
    rows = staff_rows()
    rows[3][2] = ExcelError("#N/A")  # VV2 on row 4
    rows[5][3] = Formula("2+2", cached=4)  # VV3 on row 6
    return rows


def _without_references(rows: list[list[Any]]) -> str:
    body = rows_xml(rows)
    for i in range(len(rows) + 1):
        body = body.replace(f'<row r="{i}">', "<row>")
    for row in range(1, len(rows) + 1):
        for column in range(len(rows[0])):
            body = body.replace(f'<c r="{column_letter(column)}{row}"', "<c")
    return body


def _prefixed(rows: list[list[Any]]) -> str:
    body = rows_xml(rows)
    for tag in ("sheetData", "row", "c", "v", "f", "is", "t"):
        body = body.replace(f"<{tag}>", f"<x:{tag}>").replace(f"<{tag} ", f"<x:{tag} ")
        body = body.replace(f"</{tag}>", f"</x:{tag}>")
    return body.replace("<x:sheetData>", f'<x:sheetData xmlns:x="{_MAIN}">', 1)


def _rows_reversed(rows: list[list[Any]]) -> str:
    body = rows_xml(rows)
    inner = body.removeprefix("<sheetData>").removesuffix("</sheetData>")
    parts = [p + "</row>" for p in inner.split("</row>") if p]
    return "<sheetData>" + "".join(reversed(parts)) + "</sheetData>"


def _cells_reversed(rows: list[list[Any]]) -> str:
    body = rows_xml(rows)
    out = []
    for part in body.removeprefix("<sheetData>").removesuffix("</sheetData>").split("</row>"):
        if not part:
            continue
        head, cells = part.split(">", 1)
        pieces = [c + "</c>" for c in cells.split("</c>") if c]
        out.append(head + ">" + "".join(reversed(pieces)) + "</row>")
    return "<sheetData>" + "".join(out) + "</sheetData>"


WRITTEN: dict[str, Callable[[list[list[Any]]], str]] = {
    "without references": _without_references,
    "with a namespace prefix": _prefixed,
    "rows in reverse order": _rows_reversed,
    "cells in reverse order": _cells_reversed,
}


def _problems(path: Path) -> list[str]:
    with pytest.raises(ValidationError) as excinfo:
        culturekit.load(path)
    return [str(p) for p in excinfo.value.problems]


@pytest.mark.parametrize("way", list(WRITTEN))
def test_a_sheet_reads_the_same_however_it_is_written(tmp_path: Path, way: str) -> None:
    rows = staff_rows()
    path = write_xlsx(tmp_path / "trust.xlsx", {"Trust": TRUST_ROWS, "Staff": WRITTEN[way](rows)})
    survey = culturekit.load(path).surveys["staff"]
    expected = np.array([[float(v) for v in row[1:]] for row in rows[1:]])
    assert np.array_equal(survey.codes[STAFF_ITEMS].to_numpy(), expected)
    assert list(survey.rows) == list(range(2, 14))
    assert set(survey.groups["staff_group"]) == {"Nursing"}


@pytest.mark.parametrize("way", list(WRITTEN))
def test_errors_and_formulas_are_found_however_the_sheet_is_written(
    tmp_path: Path, way: str
) -> None:
    path = write_xlsx(
        tmp_path / "trust.xlsx", {"Trust": TRUST_ROWS, "Staff": WRITTEN[way](_answers())}
    )
    with pytest.raises(ValidationError) as excinfo:
        culturekit.load(path)
    problems = excinfo.value.problems
    assert [(p.row, p.column, p.value) for p in problems] == [(4, "VV2", "#N/A")]


def test_a_sheet_scanned_in_small_pieces_reads_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pieces far shorter than a row cut every tag somewhere: nothing is lost or doubled."""
    path = write_xlsx(tmp_path / "trust.xlsx", {"Trust": TRUST_ROWS, "Staff": _answers()})
    stray = CASES_BY_ID["cells-other-prefix"].build(tmp_path / "stray").file
    whole = _problems(path)
    with pytest.raises(InputFileError, match="reaches cell XFD1048576") as refused:
        culturekit.load(stray)
    for size in (7, 61, 97):
        monkeypatch.setattr(package, "CHUNK_BYTES", size)
        monkeypatch.setattr(xml_scan, "_PIECE", size + 13)
        assert _problems(path) == whole
        with pytest.raises(InputFileError) as again:
            culturekit.load(stray)
        assert str(again.value) == str(refused.value)


_CELL_AT = st.tuples(st.integers(1, 40), st.integers(0, 40), st.booleans())


@settings(max_examples=60, deadline=None, database=None)
@given(
    cells=st.lists(_CELL_AT, min_size=1, max_size=30, unique_by=lambda c: (c[0], c[1])),
    order=st.randoms(use_true_random=False),
    prefix=st.sampled_from(["", "x:", "ns0:"]),
)
def test_both_scans_find_the_last_cell_holding_a_value(
    cells: list[tuple[int, int, bool]], order: Any, prefix: str
) -> None:
    """Rows and cells in any order, some styled but empty: the last row and column
    holding a value, counted here from the cells themselves, are what the scan finds."""
    valued = [(r, c) for r, c, has in cells if has]
    expected = (max((r for r, _ in valued), default=0), max((c + 1 for _, c in valued), default=0))
    by_row: dict[int, list[str]] = {}
    for row, column, has in cells:
        ref = f"{column_letter(column)}{row}"
        xml = (
            f'<{prefix}c r="{ref}"><{prefix}v>1</{prefix}v></{prefix}c>'
            if has
            else f'<{prefix}c r="{ref}" s="1"/>'
        )
        by_row.setdefault(row, []).append(xml)
    rows = list(by_row.items())
    order.shuffle(rows)
    namespace = f' xmlns:{prefix[:-1]}="{_MAIN}"' if prefix else ""
    body = (
        f"<worksheet><{prefix}sheetData{namespace}>"
        + "".join(f'<{prefix}row r="{r}">{"".join(c)}</{prefix}row>' for r, c in rows)
        + f"</{prefix}sheetData></worksheet>"
    ).encode()
    scanner = xml_scan.SheetScanner()
    scanner.feed(body)
    fast = scanner.finish()
    walked = xml_scan.walk_sheet(body)
    assert (fast.rows, fast.columns) == expected
    assert (walked.rows, walked.columns) == expected


# --------------------------------------------------------------------------- nothing waits


@needs_fifo
def test_a_named_pipe_is_refused_wherever_it_is_given(tmp_path: Path) -> None:
    pipe = tmp_path / "staff.csv"
    os.mkfifo(pipe)
    with pytest.raises(InputFileError, match="is a named pipe"):
        culturekit.load(staff=pipe, trust={"name": "T", "code": "RXT", "period": "2025"})
    with pytest.raises(InputFileError, match="is a named pipe"):
        load_framework(pipe)
    with pytest.raises(FrameworkError, match="framework file not found"):
        load_framework(tmp_path / "missing.yaml")


@needs_fifo
def test_a_named_pipe_in_a_batch_is_one_failed_row(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good_workbook(folder, "good.xlsx")
    os.mkfifo(folder / "pipe.xlsx")
    out = tmp_path / "out"
    result = run(["batch", folder, "-o", out, "-j", "1", "--format", "json"])
    assert result.exit_code == 8, result.stderr
    assert "FAILED (exit 3)" in result.stdout and "is a named pipe" in result.stdout
    assert (out / "good" / "diagnosis.json").exists()


@pytest.mark.parametrize("case_id", ["cells-other-prefix", "shared-strings-count"])
def test_a_workbook_that_killed_the_reader_is_one_failed_row_in_a_batch(
    tmp_path: Path, case_id: str
) -> None:
    """These asked the reader for 512 GiB, aborting the whole process."""
    folder = tmp_path / "in"
    CASES_BY_ID[case_id].build(folder / "crafted")
    (folder / "crafted" / "trust.xlsx").rename(folder / "crafted.xlsx")
    good_workbook(folder, "good.xlsx")
    out = tmp_path / "out"
    result = run(["batch", folder / "*.xlsx", "-o", out, "-j", "1", "--format", "json"])
    assert result.exit_code == 8, result.stderr
    assert "Error: 1 of 2 workbooks failed" in result.stderr
    assert (out / "good" / "diagnosis.json").exists()


@pytest.mark.parametrize("command", ["diagnose", "compare", "batch"])
def test_an_output_folder_that_is_a_file_is_refused(tmp_path: Path, command: str) -> None:
    workbook = good_workbook(tmp_path)
    trust = [row if row[0] != "period" else ["period", "2026 follow-up"] for row in TRUST_ROWS]
    later = write_xlsx(tmp_path / "later.xlsx", {**good_sheets(), "Trust": trust})
    blocker = tmp_path / "report"
    blocker.write_text("not a folder", encoding="utf-8")
    args = {
        "diagnose": ["diagnose", workbook],
        "compare": ["compare", workbook, later],
        "batch": ["batch", workbook],
    }[command]
    result = run([*args, "-o", blocker, "--format", "json"])
    assert result.exit_code == OutputError.exit_code, result.stderr
    assert result.stderr.startswith(f"Error: {blocker}: exists and is not a folder")
    assert blocker.read_text(encoding="utf-8") == "not a folder"

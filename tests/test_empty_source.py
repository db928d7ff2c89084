"""An empty source is an error, in every command that reads one.

A Staff sheet (or a Staff CSV file) with its header row and no answers is refused with
exit 4, naming the file and the sheet: by ``validate`` and ``diagnose`` (the corpus of
``tests/bad_inputs.py``: staff-headers-only, csv-headers-only), and here by ``compare``,
whichever collection is empty, and by ``batch``, as that trust's failed row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bad_inputs import good_sheets, write_xlsx
from click.testing import CliRunner, Result
from helpers.workbooks import STAFF_HEADER, TRUST_ROWS

from culturekit.cli import cli
from culturekit.errors import ValidationError

NO_ANSWERS = "sheet 'Staff': the sheet has column headers but no staff answers"


def run(args: list[Any]) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result


def collection(folder: Path, name: str, period: str, *, empty: bool) -> Path:
    trust = [row if row[0] != "period" else ["period", period] for row in TRUST_ROWS]
    sheets = good_sheets(Trust=trust, **({"Staff": [STAFF_HEADER]} if empty else {}))
    return write_xlsx(folder / name, sheets)


@pytest.mark.parametrize("empty", ["pre", "post"])
def test_compare_refuses_an_empty_staff_sheet_in_either_collection(
    tmp_path: Path, empty: str
) -> None:
    pre = collection(tmp_path, "pre.xlsx", "2025 baseline", empty=empty == "pre")
    post = collection(tmp_path, "post.xlsx", "2026 follow-up", empty=empty == "post")
    out = tmp_path / "out"
    result = run(["compare", pre, post, "-o", out, "--format", "json"])
    assert result.exit_code == ValidationError.exit_code, result.stderr
    named = pre if empty == "pre" else post
    assert result.stderr.startswith("Error: ")
    assert f"{named}, {NO_ANSWERS}" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_batch_fails_the_trust_whose_staff_sheet_is_empty(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    collection(folder, "good.xlsx", "2025 baseline", empty=False)
    empty = collection(folder, "empty.xlsx", "2025 baseline", empty=True)
    out = tmp_path / "out"
    result = run(["batch", folder, "-o", out, "-j", "1", "--format", "json"])
    assert result.exit_code == 8, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("empty.xlsx"))
    assert f"FAILED (exit {ValidationError.exit_code})" in row
    assert f"{empty}, {NO_ANSWERS}" in row
    assert (out / "good" / "diagnosis.json").exists()
    assert not (out / "empty").exists() or not any((out / "empty").iterdir())

"""Trust details that are blank or malformed, on the Trust sheet or the command line:
exit 4 with the field named, never a traceback (spaces alone are as missing as nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.workbooks import STAFF_HEADER, TRUST_ROWS, make_workbook, staff_row

from culturekit.cli import cli

STAFF = [STAFF_HEADER, *[staff_row(answer=1 + i % 5) for i in range(30)]]


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


@pytest.mark.parametrize("field", ["trust_name", "trust_code", "period"])
@pytest.mark.parametrize("blank", [" ", "   ", "\t"])
def test_a_trust_field_of_spaces_is_missing(tmp_path: Path, field: str, blank: str):
    rows = [[k, blank if k == field else v] for k, v in TRUST_ROWS]
    path = make_workbook(tmp_path, {"Trust": rows, "Staff": STAFF})
    result = run("validate", str(path))
    assert result.exit_code == 4
    assert f"required field {field} is missing or blank" in result.output


@pytest.mark.parametrize(
    ("name", "code", "period", "said"),
    [
        (" ", "RXT", "2025", "missing: the name"),
        ("X", "  ", "2025", "missing: the code"),
        ("X", "RXT", " \t ", "missing: the period"),
        ("X", "ab!", "2025", "'ab!' is not an ODS code"),
    ],
)
def test_blank_or_malformed_options_are_named(
    tmp_path: Path, name: str, code: str, period: str, said: str
):
    staff = make_workbook(tmp_path, {"Staff": STAFF}, name="staff.xlsx")
    result = run(
        "validate",
        "--staff",
        str(staff),
        "--trust-name",
        name,
        "--trust-code",
        code,
        "--period",
        period,
    )
    assert result.exit_code == 4
    assert said in result.output

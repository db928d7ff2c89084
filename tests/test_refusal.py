"""What is not a diagnosis is refused, and a partial diagnosis says what it is not.

A sheet named nearly as a contract sheet, a survey sheet without answers and data without
staff answers are errors (``Error: ...``, exit 4, through the command line and the same
``ValidationError`` through the library), unless a partial diagnosis is asked for; then
every format opens its summary with what the diagnosis is not. Batch runs keep a missing
path to one failed row.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from helpers.workbooks import (
    BOARD_ITEMS,
    DEFAULT_FRAMEWORK_FILE,
    STAFF_HEADER,
    TRUST_ROWS,
    make_workbook,
    staff_row,
)
from openpyxl import load_workbook

import culturekit
from culturekit.api import run_diagnose
from culturekit.batch import batch
from culturekit.cli import cli
from culturekit.errors import BatchError, ValidationError
from culturekit.report.terminal import summary_table

PARTIAL = "This is a partial diagnosis: no staff survey was given"


def staff_rows(count: int = 12) -> list[list[Any]]:
    return [STAFF_HEADER, *[staff_row("Nursing", 1 + i % 5) for i in range(count)]]


def board_rows(count: int = 12) -> list[list[Any]]:
    header = ["role", *BOARD_ITEMS]
    return [header, *[["executive", *[1 + i % 5] * len(BOARD_ITEMS)] for i in range(count)]]


def trust_rows(headcount: int | None = None) -> list[list[Any]]:
    rows = [list(row) for row in TRUST_ROWS]
    return [*rows, ["staff_headcount", headcount]] if headcount else rows


def run(args: list[Any]) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result


def problems(excinfo: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [str(p) for p in excinfo.value.problems]


# --------------------------------------------------------------------------- near misses


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("Staf Survey", "Staff"),
        ("staff survey", "Staff"),
        ("STAFF_2025", "Staff"),
        ("Bord", "Board"),
        ("Stakeholder", "Stakeholders"),
        ("Dash board", "Dashboard"),
        ("Workfroce", "Workforce"),
    ],
)
def test_a_near_miss_is_an_error_naming_the_sheet_meant(
    tmp_path: Path, name: str, meant: str
) -> None:
    sheets: dict[str, Any] = {"Trust": trust_rows(), "Staff": staff_rows(), name: board_rows()}
    if meant == "Staff":
        sheets = {"Trust": trust_rows(), name: staff_rows(), "Board": board_rows()}
    path = make_workbook(tmp_path, sheets)
    with pytest.raises(ValidationError) as excinfo:
        culturekit.load(path)
    # One problem: the near miss says why there are no staff answers, nothing else does.
    assert problems(excinfo) == [
        f"{path}, sheet {name!r}: not a sheet of the input format: did you mean {meant!r}? "
        f"Rename it {meant!r} (case and spaces are ignored), or delete it if it holds no "
        "Discover data"
    ]


@pytest.mark.parametrize("name", ["Notes", "Sheet1", "Stats", "Lookups", "Summary"])
def test_other_names_are_left_out_with_a_notice(tmp_path: Path, name: str) -> None:
    path = make_workbook(
        tmp_path, {"Trust": trust_rows(), "Staff": staff_rows(), name: [["a"], [1]]}
    )
    data = culturekit.load(path)
    assert f"{path.name}: sheet {name!r} is not used" in data.notices


def test_a_near_miss_beside_the_sheet_itself_is_only_noticed(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path,
        {"Trust": trust_rows(), "Staff": staff_rows(), "Staff survey": staff_rows()},
    )
    data = culturekit.load(path)
    assert f"{path.name}: sheet 'Staff survey' is not used" in data.notices


def test_the_sheet_names_come_from_the_framework(tmp_path: Path) -> None:
    """A framework naming its staff sheet "Colleagues" is what a near miss is held to."""
    framework = yaml.safe_load(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))
    framework["instruments"]["staff"]["sheet"] = "Colleagues"
    framework_file = tmp_path / "framework.yaml"
    framework_file.write_text(yaml.safe_dump(framework, sort_keys=False), encoding="utf-8")
    path = make_workbook(tmp_path, {"Trust": trust_rows(), "Coleagues": staff_rows()})
    with pytest.raises(ValidationError, match="did you mean 'Colleagues'"):
        culturekit.load(path, framework=framework_file)
    renamed = make_workbook(
        tmp_path, {"Trust": trust_rows(), "Colleagues": staff_rows()}, name="renamed.xlsx"
    )
    assert culturekit.load(renamed, framework=framework_file).surveys["staff"].respondents == 12


def test_a_misnamed_trust_sheet_is_not_also_reported_missing(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"Trust details": trust_rows(), "Staff": staff_rows()})
    with pytest.raises(ValidationError) as excinfo:
        culturekit.load(path)
    assert len(excinfo.value.problems) == 1
    assert "did you mean 'Trust'?" in problems(excinfo)[0]


# --------------------------------------------------------------------------- empty sheets


@pytest.mark.parametrize(
    ("rows", "shown"),
    [
        ([STAFF_HEADER], "no rows"),
        ([STAFF_HEADER, *[["Nursing"] for _ in range(5)]], "5 row(s), none"),
        ([STAFF_HEADER, *[["Nursing", *["N/A"] * 24] for _ in range(3)]], "3 row(s), none"),
    ],
    ids=["headers-only", "groups-only", "all-not-applicable"],
)
def test_a_staff_sheet_without_answers_is_an_error_naming_it(
    tmp_path: Path, rows: list[list[Any]], shown: str
) -> None:
    path = make_workbook(tmp_path, {"Trust": trust_rows(), "Staff": rows, "Board": board_rows()})
    with pytest.raises(ValidationError) as excinfo:
        culturekit.load(path)
    (problem,) = excinfo.value.problems
    assert problem.sheet == "Staff" and problem.remedy == "partial"
    assert f"no staff answers ({shown} answering any item on the scale)" in problem.message


def test_a_board_sheet_without_answers_is_an_error_even_for_a_partial_diagnosis(
    tmp_path: Path,
) -> None:
    header = [["role", *BOARD_ITEMS]]
    path = make_workbook(tmp_path, {"Trust": trust_rows(), "Staff": staff_rows(), "Board": header})
    for partial in (False, True):
        with pytest.raises(ValidationError) as excinfo:
            culturekit.load(path, partial=partial)
        (problem,) = excinfo.value.problems
        assert problem.sheet == "Board" and problem.remedy is None
        assert "no board answers" in problem.message


def test_an_empty_staff_sheet_is_set_aside_for_a_partial_diagnosis(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path, {"Trust": trust_rows(), "Staff": [STAFF_HEADER], "Board": board_rows()}
    )
    data = culturekit.load(path, partial=True)
    assert data.partial and "staff" not in data.surveys
    assert any(n.startswith("Staff: the sheet has no answers") for n in data.notices)


def test_the_cli_names_the_empty_sheet_in_validate_and_diagnose(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path, {"Trust": trust_rows(), "Staff": [STAFF_HEADER], "Board": board_rows()}
    )
    for command in (["validate", path], ["diagnose", path, "-o", tmp_path / "out"]):
        result = run(command)
        assert result.exit_code == ValidationError.exit_code
        assert result.stderr.startswith("Error: ")
        assert f"{path}, sheet 'Staff': the sheet has column headers but no staff answers" in (
            result.stderr
        )
        assert "use --partial" in result.stderr
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- no staff


@pytest.fixture
def staffless(tmp_path: Path) -> Path:
    return make_workbook(
        tmp_path, {"Trust": trust_rows(), "Board": board_rows()}, name="staffless.xlsx"
    )


def test_data_without_staff_answers_are_refused_by_the_library(staffless: Path) -> None:
    for call in (culturekit.load, culturekit.diagnose):
        with pytest.raises(ValidationError) as excinfo:
            call(staffless)
        (problem,) = excinfo.value.problems
        assert problem.remedy == "partial"
        assert problem.message.startswith("no staff answers: a diagnosis rests on the staff")
    with pytest.raises(ValidationError):
        run_diagnose(staffless, staffless.parent / "out")
    assert not (staffless.parent / "out").exists()


def test_a_partial_diagnosis_must_be_asked_for_with_loaded_data(staffless: Path) -> None:
    data = culturekit.load(staffless, partial=True)
    assert data.partial
    assert culturekit.diagnose(data).sources.partial
    unasked = data.model_copy(update={"partial": False})
    with pytest.raises(ValidationError, match="no staff answers"):
        culturekit.diagnose(unasked)
    assert culturekit.diagnose(unasked, partial=True).sources.partial


def test_partial_changes_nothing_when_staff_answered(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"Trust": trust_rows(), "Staff": staff_rows()})
    diagnosis = culturekit.diagnose(path, partial=True)
    assert not diagnosis.sources.partial
    assert PARTIAL not in summary_table(diagnosis)


def test_the_cli_refuses_without_partial_in_validate_and_diagnose(
    staffless: Path, tmp_path: Path
) -> None:
    for command in (["validate", staffless], ["diagnose", staffless, "-o", tmp_path / "out"]):
        result = run(command)
        assert result.exit_code == ValidationError.exit_code, result.output
        assert result.stderr.startswith("Error: 1 problem found in ")
        assert f"{staffless}: no staff answers" in result.stderr
        assert "To diagnose without staff answers, use --partial" in result.stderr
    assert not (tmp_path / "out").exists()
    valid = run(["validate", staffless, "--partial"])
    assert valid.exit_code == 0, valid.stderr
    assert "Note: no staff answers: only a partial diagnosis" in valid.stdout


def test_compare_names_no_option_it_lacks(staffless: Path, tmp_path: Path) -> None:
    other = make_workbook(tmp_path, {"Trust": trust_rows(), "Board": board_rows(13)}, name="b.xlsx")
    result = run(["compare", staffless, other, "-o", tmp_path / "out"])
    assert result.exit_code == ValidationError.exit_code
    assert "no staff answers" in result.stderr and "--partial" not in result.stderr


@pytest.fixture
def partial_run(staffless: Path, tmp_path: Path) -> tuple[Result, Path]:
    out = tmp_path / "partial"
    return run(["diagnose", staffless, "--partial", "-o", out]), out


def test_every_format_opens_with_what_a_partial_diagnosis_is_not(
    partial_run: tuple[Result, Path],
) -> None:
    result, out = partial_run
    assert result.exit_code == 0, result.stderr
    # Terminal: straight after the trust's name.
    lines = result.stdout.splitlines()
    assert lines[1] == "" and lines[2].startswith(PARTIAL)
    assert "It rests on the board's views alone." in lines[2]
    # JSON: as data.
    document = json.loads((out / "diagnosis.json").read_text(encoding="utf-8"))
    assert document["sources"]["partial"] is True
    assert document["sources"]["missing"][0] == "staff"
    assert document["gaps"] == []
    # HTML (and so the PDF, typeset from it): the summary's first paragraph.
    html = (out / "report.html").read_text(encoding="utf-8")
    summary = html[html.index('id="summary"') :]
    first = re.search(r"<p[^>]*>(.*?)</p>", summary, re.S)
    assert first is not None and first.group(1).strip().startswith(PARTIAL)
    # Excel: the README, under its title and description.
    readme = load_workbook(out / "report.xlsx")["README"]
    assert readme["A3"].value == "Partial diagnosis"
    assert str(readme["B3"].value).startswith(PARTIAL)


def test_the_pdf_opens_the_same_way(staffless: Path) -> None:
    from culturekit.report.pdf import render_typst

    source = render_typst(culturekit.diagnose(staffless, partial=True))
    summary = source[source.index('#section("summary", "Summary")') :].splitlines()
    assert summary[1].startswith(f'#callout(warning: true, "{PARTIAL}')


def test_a_full_diagnosis_has_no_partial_notice(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"Trust": trust_rows(), "Staff": staff_rows()})
    out = tmp_path / "out"
    result = run(["diagnose", path, "-o", out])
    assert result.exit_code == 0, result.stderr
    assert "partial" not in result.stdout
    assert json.loads((out / "diagnosis.json").read_text("utf-8"))["sources"]["partial"] is False
    assert "partial-notice" not in (out / "report.html").read_text("utf-8")
    assert load_workbook(out / "report.xlsx")["README"]["A3"].value is None


# --------------------------------------------------------------------------- terminal notices


def test_the_terminal_prints_missing_sources_and_low_response(tmp_path: Path) -> None:
    # 12 of 100 staff answered: 12%, below the default cut-off of 3 in 10.
    path = make_workbook(tmp_path, {"Trust": trust_rows(headcount=100), "Staff": staff_rows()})
    result = run(["diagnose", path, "-o", tmp_path / "out"])
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("Warning: ")]
    assert warnings == [
        "Warning: Board, Stakeholders, Existing data and Workforce not given: the readings "
        "rest on the other sources alone.",
        "Warning: Low response rate: 12 of 100 staff took part (12%), fewer than 3 in 10; "
        "the staff scores may not represent the whole workforce.",
    ]


def test_a_response_rate_at_the_cut_off_is_not_low(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"Trust": trust_rows(headcount=40), "Staff": staff_rows()})
    result = run(["diagnose", path, "-o", tmp_path / "out"])
    assert result.exit_code == 0, result.stderr
    assert "Low response rate" not in result.stdout  # 12 of 40 is 30%, not below it


# --------------------------------------------------------------------------- batch


@pytest.fixture
def good(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    return make_workbook(folder, {"Trust": trust_rows(), "Staff": staff_rows()}, name="good.xlsx")


def test_batch_refuses_a_staffless_workbook_unless_partial(
    good: Path, staffless: Path, tmp_path: Path
) -> None:
    refused = batch([good, staffless], tmp_path / "a", jobs=1, formats=["json"])
    (failed,) = refused.failed
    assert failed.path.name == "staffless.xlsx" and failed.exit_code == 4
    assert "no staff answers" in (failed.error or "")
    accepted = batch([good, staffless], tmp_path / "b", jobs=1, formats=["json"], partial=True)
    assert accepted.ok
    partial = {t.path.name: t.diagnosis.sources.partial for t in accepted.trusts if t.diagnosis}
    assert partial == {"good.xlsx": False, "staffless.xlsx": True}


def test_batch_cli_partial_flag(good: Path, staffless: Path, tmp_path: Path) -> None:
    args = ["batch", good, staffless, "-j", "1", "--format", "json"]
    refused = run([*args, "-o", tmp_path / "a"])
    assert refused.exit_code == BatchError.exit_code
    assert "staffless.xlsx" in refused.stdout and "FAILED (exit 4)" in refused.stdout
    accepted = run([*args, "-o", tmp_path / "b", "--partial"])
    assert accepted.exit_code == 0, accepted.stderr
    document = json.loads((tmp_path / "b" / "staffless" / "diagnosis.json").read_text("utf-8"))
    assert document["sources"]["partial"] is True

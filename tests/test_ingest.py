"""Reading and validating a trust's workbook (and per-source CSV files).

Workbooks are typed cell by cell with openpyxl; the expected codes, rows and messages
follow docs of the input contract (`shared/reference/input-format.md`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from helpers.workbooks import (
    BOARD_ITEMS,
    STAFF_HEADER,
    STAFF_ITEMS,
    TRUST_CODE,
    TRUST_NAME,
    TRUST_PERIOD,
    TRUST_ROWS,
    make_workbook,
    sha256,
    staff_row,
)

import culturekit
from culturekit.errors import InputFileError, Problem, ValidationError

TRUST = {"name": TRUST_NAME, "code": TRUST_CODE, "period": TRUST_PERIOD}


def problems_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> list[Problem]:
    return list(excinfo.value.problems)


def load_error(path: Path | None = None, **kwargs: Any) -> list[Problem]:
    with pytest.raises(ValidationError) as excinfo:
        culturekit.load(path, **kwargs)
    return problems_of(excinfo)


# --------------------------------------------------------------------------- names


def test_headers_match_ignoring_case_spaces_and_hyphens(tmp_path: Path) -> None:
    items = {code: f" {code.lower()} " for code in STAFF_ITEMS[:4]}
    header = [
        "Respondent ID",
        "Staff Group",
        "length-of-service",
        *[items.get(c, c) for c in STAFF_ITEMS],
    ]
    rows = [header] + [[f"r{i}", "Nursing", "1-2 years", *[4] * 24] for i in range(3)]
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows})
    data = culturekit.load(path)
    survey = data.surveys["staff"]
    assert list(survey.codes.columns) == STAFF_ITEMS  # every item found, in order
    assert survey.codes["VV1"].tolist() == [4.0, 4.0, 4.0]
    # respondent_id is recognised as the id, not a grouping column
    assert set(survey.groups.columns) == {"staff_group", "length_of_service"}
    assert survey.group_names == {
        "staff_group": "Staff Group",
        "length_of_service": "length-of-service",
    }
    assert not survey.missing_items


def test_sheet_names_match_ignoring_case(tmp_path: Path) -> None:
    rows = [STAFF_HEADER, staff_row("A", 2)]
    path = make_workbook(tmp_path, {"TRUST": TRUST_ROWS, "staff": rows})
    data = culturekit.load(path)
    assert data.trust.name == TRUST_NAME and data.trust.code == TRUST_CODE
    assert data.surveys["staff"].codes.iloc[0].tolist() == [2.0] * 24
    assert data.surveys["staff"].sheet == "staff"


def test_unknown_sheet_is_ignored_with_a_notice(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path,
        {"Trust": TRUST_ROWS, "Staff": [STAFF_HEADER, staff_row()], "Notes": [["x"], [1]]},
    )
    data = culturekit.load(path)
    assert any("Notes" in n and "not used" in n for n in data.notices)
    assert list(data.surveys) == ["staff"]


# --------------------------------------------------------------------------- rows


def test_wholly_empty_rows_are_skipped_and_rows_keep_excel_numbers(tmp_path: Path) -> None:
    rows = [
        STAFF_HEADER,  # row 1
        staff_row("A", 3),  # row 2
        [None] * len(STAFF_HEADER),  # row 3: wholly empty
        [],  # row 4: wholly empty
        staff_row("A", 3, GP2=9),  # row 5: bad answer
        [None] * len(STAFF_HEADER),  # row 6
        staff_row("B", 4, TW4="sometimes"),  # row 7: bad answer
    ]
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows})
    problems = load_error(path)
    assert [(p.sheet, p.row, p.column, p.value) for p in problems] == [
        ("Staff", 5, "GP2", "9"),
        ("Staff", 7, "TW4", "sometimes"),
    ]


def test_empty_rows_do_not_count_as_respondents(tmp_path: Path) -> None:
    rows = [STAFF_HEADER, staff_row("A", 3), [None] * 26, [None] * 26, staff_row("A", 5)]
    data = culturekit.load(make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows}))
    survey = data.surveys["staff"]
    assert survey.n_rows == 2
    assert survey.rows.tolist() == [2, 5]
    assert survey.codes["VV1"].tolist() == [3.0, 5.0]


# --------------------------------------------------------------------------- answers


def test_labels_in_any_case_and_spacing_are_accepted(tmp_path: Path) -> None:
    answers = {
        "VV1": "agree ",
        "VV2": "STRONGLY DISAGREE",
        "VV3": "  Neither   agree nor disagree",
        "VV4": "strongly Agree",
        "GP1": "Disagree",
        "GP2": "don\u2019t know",
        "GP3": "N/A",
        "GP4": "Not applicable",
        "SC1": "   ",
    }
    path = make_workbook(
        tmp_path, {"Trust": TRUST_ROWS, "Staff": [STAFF_HEADER, staff_row("A", 3, **answers)]}
    )
    data = culturekit.load(path)
    survey = data.surveys["staff"]
    row = survey.codes.iloc[0]
    assert row["VV1"] == 4 and row["VV2"] == 1 and row["VV3"] == 3 and row["VV4"] == 5
    assert row["GP1"] == 2
    for code in ("GP2", "GP3", "GP4", "SC1"):
        assert np.isnan(row[code]), code
    na = survey.not_applicable.iloc[0]
    assert na["GP2"] and na["GP3"] and na["GP4"]
    assert not na["SC1"]  # a blank-looking cell is blank, not "Don't know"
    assert any("spelling" in n for n in data.notices)


def test_notice_counts_distinct_relaxed_spellings(tmp_path: Path) -> None:
    """One spelling used in 24 columns is one spelling (it was once counted 24 times)."""
    rows = [STAFF_HEADER] + [staff_row("A", "agree") for _ in range(3)]
    data = culturekit.load(make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows}))
    notice = next(n for n in data.notices if "spelling" in n)
    assert re.search(r"\b1 distinct answer spelling", notice), notice


def test_text_numbers_and_numbers_are_the_same(tmp_path: Path) -> None:
    numbers = [STAFF_HEADER] + [staff_row("A", 1 + i % 5) for i in range(15)]
    text = [STAFF_HEADER] + [staff_row("A", str(1 + i % 5)) for i in range(15)]
    floats = [STAFF_HEADER] + [staff_row("A", float(1 + i % 5)) for i in range(15)]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "c").mkdir()
    a = culturekit.load(make_workbook(tmp_path / "a", {"Trust": TRUST_ROWS, "Staff": numbers}))
    b = culturekit.load(make_workbook(tmp_path / "b", {"Trust": TRUST_ROWS, "Staff": text}))
    c = culturekit.load(make_workbook(tmp_path / "c", {"Trust": TRUST_ROWS, "Staff": floats}))
    expected = [float(1 + i % 5) for i in range(15)]
    for data in (a, b, c):
        assert data.surveys["staff"].codes["TW1"].tolist() == expected
    da, db = culturekit.diagnose(a), culturekit.diagnose(b)
    assert da.element("teamwork").sources["staff"] == db.element("teamwork").sources["staff"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (6, "6"),
        (3.5, "3.5"),
        ("maybe", "maybe"),
        ("6", "6"),
        (True, "True"),
        (dt.datetime(2025, 3, 1), "2025-03-01"),
        (-1, "-1"),
        ("Agree strongly", "Agree strongly"),
    ],
)
def test_invalid_answer_is_reported_with_its_place(tmp_path: Path, value: Any, shown: str):
    rows = [STAFF_HEADER, staff_row("A", 3), staff_row("A", 3, LI3=value)]
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows})
    problems = load_error(path)
    assert len(problems) == 1
    problem = problems[0]
    assert problem.file is not None and Path(problem.file).name == path.name
    assert (problem.sheet, problem.row, problem.column) == ("Staff", 3, "LI3")
    assert problem.value is not None and shown in problem.value
    assert problem.expected and "1-5" in problem.expected
    text = str(problem)
    assert "Staff" in text and "row 3" in text and "LI3" in text and shown in text


@pytest.mark.parametrize("value", ["#N/A", "#DIV/0!"])
def test_excel_error_cell_is_an_error(tmp_path: Path, value: str) -> None:
    """docs/input-format.md: #N/A is an error naming the cell, not a blank answer."""
    rows = [STAFF_HEADER, staff_row("A", 3, SC3=value)]
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows})
    problems = load_error(path)
    assert [(p.sheet, p.row, p.column) for p in problems] == [("Staff", 2, "SC3")]


def test_every_problem_in_every_sheet_is_reported_together(tmp_path: Path) -> None:
    trust = [row[:] for row in TRUST_ROWS]
    trust[2][1] = "R-1"  # bad ODS code, row 3
    board = [["member_id", "role", *BOARD_ITEMS], ["b1", "executive", *[4] * 18]]
    board[1][2 + BOARD_ITEMS.index("B_SC2")] = "often"
    staff = [STAFF_HEADER, staff_row("A", 3), staff_row("A", 3, EI2=7)]
    path = make_workbook(tmp_path, {"Trust": trust, "Staff": staff, "Board": board})
    with pytest.raises(ValidationError) as excinfo:
        culturekit.load(path)
    problems = problems_of(excinfo)
    assert len(problems) == 3
    where = {(p.sheet, p.row, p.column) for p in problems}
    assert where == {("Trust", 3, "value"), ("Staff", 3, "EI2"), ("Board", 2, "B_SC2")}
    message = str(excinfo.value)
    assert "3 problems" in message
    for fragment in ("R-1", "EI2", "B_SC2", "often", "'7'"):
        assert fragment in message
    assert excinfo.value.exit_code == 4


def test_many_errors_in_one_column_are_all_listed(tmp_path: Path) -> None:
    rows = [STAFF_HEADER] + [staff_row("A", 3, VV1=9) for _ in range(30)]
    problems = load_error(make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows}))
    assert [p.row for p in problems] == list(range(2, 32))


# --------------------------------------------------------------------------- ids and trust


def test_duplicate_respondent_ids_are_reported(tmp_path: Path) -> None:
    header = ["respondent_id", *STAFF_HEADER]
    rows = [header, [101, *staff_row()], [102, *staff_row()], ["101", *staff_row()]]
    rows.append([101.0, *staff_row()])
    rows.append([None, *staff_row()])
    rows.append([None, *staff_row()])  # blank ids are not duplicates
    problems = load_error(make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows}))
    assert [(p.row, p.column, p.value) for p in problems] == [
        (4, "respondent_id", "101"),
        (5, "respondent_id", "101"),
    ]
    assert all("row 2" in p.message for p in problems)


def test_missing_trust_sheet(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"Staff": [STAFF_HEADER, staff_row()]})
    problems = load_error(path)
    assert len(problems) == 1
    assert "Trust" in problems[0].message
    # the fields may be given instead
    data = culturekit.load(path, trust=TRUST)
    assert (data.trust.name, data.trust.code, data.trust.period) == (
        TRUST_NAME,
        TRUST_CODE,
        TRUST_PERIOD,
    )


@pytest.mark.parametrize("code", ["R-1", "RX", "RXTABC", "R X", "RÄX"])
def test_bad_trust_code(tmp_path: Path, code: str) -> None:
    trust = [row[:] for row in TRUST_ROWS]
    trust[2][1] = code
    path = make_workbook(tmp_path, {"Trust": trust, "Staff": [STAFF_HEADER, staff_row()]})
    problems = load_error(path)
    assert len(problems) == 1
    assert (problems[0].sheet, problems[0].row, problems[0].column) == ("Trust", 3, "value")
    assert "trust_code" in problems[0].message


def test_trust_code_is_read_in_any_case(tmp_path: Path) -> None:
    trust = [row[:] for row in TRUST_ROWS]
    trust[2][1] = " rxt "
    trust.append(["staff_headcount", 6500])
    trust.append(["collected_on", dt.datetime(2025, 10, 31)])
    path = make_workbook(tmp_path, {"Trust": trust, "Staff": [STAFF_HEADER, staff_row()]})
    info = culturekit.load(path).trust
    assert info.code == "RXT"
    assert info.staff_headcount == 6500
    assert info.collected_on == dt.date(2025, 10, 31)


def test_required_trust_field_missing(tmp_path: Path) -> None:
    trust = [row[:] for row in TRUST_ROWS if row[0] != "period"]
    path = make_workbook(tmp_path, {"Trust": trust, "Staff": [STAFF_HEADER, staff_row()]})
    problems = load_error(path)
    assert len(problems) == 1 and "period" in problems[0].message


# --------------------------------------------------------------------------- sheet shape


def test_hidden_sheet_is_read_with_a_notice(tmp_path: Path) -> None:
    rows = [STAFF_HEADER] + [staff_row("A", 5) for _ in range(3)]
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows}, hidden={"Staff"})
    data = culturekit.load(path)
    assert data.surveys["staff"].n_rows == 3
    assert any("hidden" in n and "Staff" in n for n in data.notices)


def test_two_sheets_with_the_same_name_but_case(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path,
        {
            "Trust": TRUST_ROWS,
            "Staff": [STAFF_HEADER, staff_row("A", 3)],
            "STAFF ": [STAFF_HEADER, staff_row("B", 4)],
        },
    )
    problems = load_error(path)
    assert len(problems) == 1
    assert "'Staff'" in problems[0].message and "'STAFF '" in problems[0].message


def test_blank_header_over_data_is_reported(tmp_path: Path) -> None:
    header = ["staff_group", None, *STAFF_ITEMS]
    rows = [header, ["A", "stray", *[3] * 24]]
    problems = load_error(make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows}))
    assert len(problems) == 1
    assert (problems[0].sheet, problems[0].row, problems[0].column) == ("Staff", 1, "B")
    assert "header" in problems[0].message


def test_blank_header_over_empty_column_is_fine(tmp_path: Path) -> None:
    header = ["staff_group", None, *STAFF_ITEMS]
    rows = [header, ["A", None, *[3] * 24]]
    data = culturekit.load(make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows}))
    assert data.surveys["staff"].codes.iloc[0].tolist() == [3.0] * 24


def test_duplicate_headers_are_reported(tmp_path: Path) -> None:
    header = ["staff_group", *STAFF_ITEMS, "vv1 "]
    rows = [header, ["A", *[3] * 24, 5]]
    problems = load_error(make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows}))
    assert len(problems) == 1
    assert problems[0].row == 1 and problems[0].column == "Z"
    assert "twice" in problems[0].message


def test_missing_item_columns_are_noticed_and_scored_from_the_rest(tmp_path: Path) -> None:
    header = ["staff_group", *STAFF_ITEMS[:-1]]  # no TW4
    rows = [header] + [["A", *[4] * 23] for _ in range(12)]
    data = culturekit.load(make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows}))
    assert data.surveys["staff"].missing_items == ["TW4"]
    assert any("TW4" in n for n in data.notices)
    result = culturekit.diagnose(data).element("teamwork").sources["staff"]
    assert result.items == 3 and result.score == pytest.approx(7.5)


def test_sheet_without_any_item_column(tmp_path: Path) -> None:
    rows = [["staff_group", "question 1"], ["A", 3]]
    problems = load_error(make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows}))
    assert len(problems) == 1 and problems[0].sheet == "Staff"
    assert "item" in problems[0].message


# --------------------------------------------------------------------------- files


def _write_csv(path: Path, rows: list[list[str]], *, sep: str, encoding: str, bom: bool) -> Path:
    text = "\r\n".join(sep.join(row) for row in rows) + "\r\n"
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


CSV_ROWS = [
    ["respondent_id", "staff_group", *STAFF_ITEMS],
    ["1", "Estates \u2013 ancillary", *["4"] * 24],
    ["2", "Nursing", "Don\u2019t know", "Strongly agree", *["2"] * 22],
    ["3", "Nursing", "", "agree", *["5"] * 22],
]


@pytest.mark.parametrize(
    ("sep", "encoding", "bom"),
    [
        (",", "utf-8", True),
        (",", "utf-8", False),
        (",", "cp1252", False),
        (";", "utf-8", True),
        ("\t", "utf-8", False),
    ],
    ids=["utf8-bom", "utf8", "windows-1252", "semicolon", "tab"],
)
def test_staff_as_its_own_csv(tmp_path: Path, sep: str, encoding: str, bom: bool) -> None:
    path = _write_csv(tmp_path / "staff.csv", CSV_ROWS, sep=sep, encoding=encoding, bom=bom)
    before = sha256(path)
    data = culturekit.load(staff=path, trust=TRUST)
    assert sha256(path) == before
    survey = data.surveys["staff"]
    assert survey.n_rows == 3
    assert set(survey.groups.columns) == {"staff_group"}  # BOM not glued to a header
    assert survey.groups["staff_group"].tolist() == [
        "Estates \u2013 ancillary",
        "Nursing",
        "Nursing",
    ]
    assert survey.codes["VV1"].tolist()[0] == 4.0
    assert np.isnan(survey.codes["VV1"].iloc[1]) and bool(survey.not_applicable["VV1"].iloc[1])
    assert np.isnan(survey.codes["VV1"].iloc[2]) and not survey.not_applicable["VV1"].iloc[2]
    assert survey.codes["VV2"].tolist() == [4.0, 5.0, 4.0]
    assert data.trust.code == TRUST_CODE
    assert data.inputs[0].sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    if encoding == "cp1252":
        assert any("Windows-1252" in n for n in data.notices)
    if sep != ",":
        assert any(repr(sep) in n for n in data.notices)


def test_csv_errors_carry_the_line_number(tmp_path: Path) -> None:
    rows = [r[:] for r in CSV_ROWS]
    rows[3][5] = "7"  # line 4 of the file; columns 0-1 are id and group, so VV4
    path = _write_csv(tmp_path / "staff.csv", rows, sep=",", encoding="utf-8", bom=False)
    problems = load_error(staff=path, trust=TRUST)
    assert [(p.row, p.column, p.value) for p in problems] == [(4, STAFF_ITEMS[3], "7")]
    assert problems[0].file == str(path)


def test_separate_source_file_takes_the_place_of_the_sheet(tmp_path: Path) -> None:
    main = make_workbook(
        tmp_path,
        {"Trust": TRUST_ROWS, "Staff": [STAFF_HEADER, staff_row("A", 1)]},
        name="main.xlsx",
    )
    other = make_workbook(
        tmp_path, {"Sheet 1": [STAFF_HEADER, staff_row("B", 5)]}, name="staff.xlsx"
    )
    data = culturekit.load(main, staff=other)
    assert data.surveys["staff"].codes["VV1"].tolist() == [5.0]
    assert any("instead" in n for n in data.notices)
    assert {Path(i.path).name for i in data.inputs} == {"main.xlsx", "staff.xlsx"}


def test_inputs_are_not_changed_by_loading(tmp_path: Path, northwick_pre_path: Path) -> None:
    path = make_workbook(
        tmp_path, {"Trust": TRUST_ROWS, "Staff": [STAFF_HEADER, staff_row(), staff_row()]}
    )
    for file in (path, northwick_pre_path):
        before, mtime = sha256(file), file.stat().st_mtime_ns
        data = culturekit.load(file)
        if file == path:
            culturekit.diagnose(data)
        assert sha256(file) == before
        assert file.stat().st_mtime_ns == mtime
        assert data.inputs[0].sha256 == before


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.xlsx", b"this is plain text, not a workbook"),
        ("broken.xlsx", b"PK\x03\x04 truncated zip"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
        ("data.json", b"{}"),
    ],
)
def test_unreadable_files_raise_input_file_error(tmp_path: Path, name: str, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputFileError) as excinfo:
        culturekit.load(path)
    assert excinfo.value.exit_code == 3
    assert name in str(excinfo.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="not found"):
        culturekit.load(tmp_path / "nowhere.xlsx")


def test_no_input_at_all() -> None:
    with pytest.raises(ValidationError):
        culturekit.load()


def test_example_workbook_loads_cleanly(northwick_pre_path: Path) -> None:
    data = culturekit.load(northwick_pre_path)
    assert data.trust.code == "RXN"
    assert set(data.surveys) == {"staff", "board", "stakeholders"}
    assert data.surveys["staff"].n_rows > 1000

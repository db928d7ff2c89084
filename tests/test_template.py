"""The blank input workbook: contract sheets and headers, wording, drop-down lists."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import python_calamine
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from culturekit.errors import OutputError
from culturekit.framework import default_framework
from culturekit.template import write_template

FRAMEWORK = default_framework()
CONTRACT_SHEETS = [
    "Trust",
    "Staff",
    "Board",
    "Stakeholders",
    "Workforce",
    "Recruitment",
    "Dashboard",
    "Dashboard series",
]
# Column lists of the input contract (docs: input format), written out independently.
TRUST_FIELDS = [
    "trust_name",
    "trust_code",
    "period",
    "collected_on",
    "trust_type",
    "staff_headcount",
    "programme_start",
]
STAFF_GROUPING = [
    "respondent_id",
    "staff_group",
    "band",
    "directorate",
    "ethnicity",
    "gender",
    "disability",
    "age_band",
    "length_of_service",
]
WORKFORCE = [
    "band",
    "staff_group",
    "ethnicity",
    "gender",
    "disability",
    "age_band",
    "board_member",
    "executive",
    "left_in_period",
    "entered_disciplinary",
    "entered_capability",
    "accessed_training",
]
RECRUITMENT = ["ethnicity", "disability", "appointed"]
DASHBOARD = [
    "indicator",
    "element",
    "value",
    "benchmark",
    "best",
    "worst",
    "higher_is_better",
    "unit",
    "source",
    "period",
    "lower_quartile",
    "upper_quartile",
    "target",
]


def codes(source: str) -> list[str]:
    return [item.code for item in FRAMEWORK.items_of(source)]  # type: ignore[arg-type]


EXPECTED_HEADERS = {
    "Staff": [*STAFF_GROUPING, *codes("staff"), "comment"],
    "Board": ["member_id", "role", *codes("board"), "key_messages"],
    "Stakeholders": ["stakeholder_type", *codes("stakeholders"), "comment"],
    "Workforce": WORKFORCE,
    "Recruitment": RECRUITMENT,
    "Dashboard": DASHBOARD,
    "Dashboard series": ["indicator", "period", "value"],
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "blank.xlsx"
    assert write_template(path) == path
    return path


@pytest.fixture(scope="module")
def workbook(template: Path):
    return load_workbook(template)


def header(sheet: Worksheet) -> list[str]:
    return [c.value for c in sheet[1] if c.value is not None]


def validations_over(sheet: Worksheet, cell: str) -> list:
    return [dv for dv in sheet.data_validations.dataValidation if cell in dv.sqref]


def test_sheets_in_order(workbook) -> None:
    assert workbook.sheetnames[0] == "Instructions"
    assert [s for s in workbook.sheetnames if s in CONTRACT_SHEETS] == CONTRACT_SHEETS
    assert set(workbook.sheetnames) == {"Instructions", "Items", *CONTRACT_SHEETS}


@pytest.mark.parametrize("sheet", list(EXPECTED_HEADERS))
def test_headers_follow_the_contract(workbook, sheet: str) -> None:
    ws = workbook[sheet]
    assert header(ws) == EXPECTED_HEADERS[sheet]
    assert ws.freeze_panes == "A2"
    assert all(c.font.bold for c in ws[1] if c.value is not None)
    assert ws.max_row == 1  # blank


def test_trust_sheet_lists_its_fields(workbook) -> None:
    ws = workbook["Trust"]
    assert header(ws) == ["field", "value", "notes"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == TRUST_FIELDS
    assert all(r[1] is None for r in rows)
    notes = {r[0]: r[2] for r in rows}
    for field in ("trust_name", "trust_code", "period"):
        assert notes[field].startswith("required")
    for field in ("collected_on", "trust_type", "staff_headcount", "programme_start"):
        assert notes[field].startswith("optional")
    assert "date" in notes["collected_on"]
    assert validations_over(ws, "B6")  # trust_type list


@pytest.mark.parametrize("source", ["staff", "board", "stakeholders"])
def test_item_wording_is_on_the_header_and_in_items(workbook, source: str) -> None:
    instrument = FRAMEWORK.instruments[source]
    ws = workbook[instrument.sheet]
    positions = {c.value: c for c in ws[1]}
    for item in instrument.items:
        comment = positions[item.code].comment
        assert comment is not None and item.text in comment.text
    items = list(workbook["Items"].iter_rows(values_only=True))
    assert list(items[0]) == [
        "instrument",
        "sheet",
        "code",
        "element",
        "element_id",
        "wording",
        "negatively_worded",
    ]
    listed = {row[2]: row for row in items[1:] if row[0] == source}
    assert list(listed) == [i.code for i in instrument.items]
    for item in instrument.items:
        row = listed[item.code]
        assert row[3] == FRAMEWORK.element(item.element).name
        assert row[5] == item.text
        assert row[6] == ("yes" if item.reverse else "no")


@pytest.mark.parametrize("source", ["staff", "board", "stakeholders"])
def test_answer_columns_have_drop_down_lists(workbook, source: str) -> None:
    instrument = FRAMEWORK.instruments[source]
    ws = workbook[instrument.sheet]
    names = header(ws)
    last = 20001 if source == "staff" else 5001
    for item in instrument.items:
        letter = get_column_letter(names.index(item.code) + 1)
        found = validations_over(ws, f"{letter}2")
        assert found, item.code
        assert validations_over(ws, f"{letter}{last}")
        dv = found[0]
        assert dv.type == "list"
        choices = dv.formula1.strip('"').split(",")
        assert len(dv.formula1) <= 257
        for point in FRAMEWORK.scale.points:
            assert point.label in choices
            assert str(point.code) in choices
        assert "Don't know" in choices and "N/A" in choices


@pytest.mark.parametrize(
    ("sheet", "column", "expected"),
    [
        ("Board", "role", {"executive", "non-executive", "other"}),
        (
            "Stakeholders",
            "stakeholder_type",
            {"patient", "carer", "commissioner", "partner", "regulator", "other"},
        ),
        ("Workforce", "band", {"Band 1", "Band 8a", "Band 8d", "Band 9", "VSM", "Medical"}),
        ("Workforce", "disability", {"Yes", "No", "Not declared"}),
        ("Workforce", "board_member", {"Y", "N"}),
        ("Workforce", "accessed_training", {"Y", "N"}),
        ("Recruitment", "appointed", {"Y", "N"}),
        ("Recruitment", "disability", {"Yes", "No", "Not declared"}),
        ("Dashboard", "higher_is_better", {"Y", "N"}),
        ("Dashboard", "element", {e.name for e in FRAMEWORK.elements}),
    ],
)
def test_categorical_columns_have_lists(workbook, sheet: str, column: str, expected) -> None:
    ws = workbook[sheet]
    letter = get_column_letter(header(ws).index(column) + 1)
    found = [dv for dv in validations_over(ws, f"{letter}2") if dv.type == "list"]
    assert found
    assert expected <= set(found[0].formula1.strip('"').split(","))


def test_instructions_cover_scale_not_answered_and_threshold(workbook) -> None:
    text = " ".join(
        str(v) for row in workbook["Instructions"].iter_rows(values_only=True) for v in row if v
    )
    for point in FRAMEWORK.scale.points:
        assert point.label in text
    assert "Don't know" in text and "N/A" in text and "Blank" in text
    assert f"fewer than {FRAMEWORK.reporting_threshold}" in text
    for sheet in CONTRACT_SHEETS:
        assert sheet in text
    assert "Required" in text and "Optional" in text


def test_readable_by_calamine(template: Path, workbook) -> None:
    book = python_calamine.CalamineWorkbook.from_path(str(template))
    assert book.sheet_names == workbook.sheetnames
    staff = book.get_sheet_by_name("Staff").to_python()
    assert staff[0] == EXPECTED_HEADERS["Staff"]


def test_custom_framework_items_are_used(tmp_path: Path) -> None:
    data = FRAMEWORK.model_dump()
    data["instruments"]["staff"]["items"] = data["instruments"]["staff"]["items"][:3]
    data["instruments"].pop("board")
    custom = type(FRAMEWORK).model_validate(data)
    path = write_template(tmp_path / "custom.xlsx", custom)
    wb = load_workbook(path)
    assert "Board" not in wb.sheetnames
    assert header(wb["Staff"]) == [*STAFF_GROUPING, *codes("staff")[:3], "comment"]


def test_written_atomically_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    path.write_bytes(b"old")
    write_template(path, overwrite=True)
    assert load_workbook(path).sheetnames[0] == "Instructions"
    assert [p.name for p in tmp_path.iterdir()] == ["blank.xlsx"]  # no temporary left


def test_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        write_template(tmp_path / "no" / "such" / "blank.xlsx")


def test_does_not_import_pandas_or_matplotlib(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from culturekit.template import write_template\n"
        f"write_template({str(tmp_path / 'x.xlsx')!r})\n"
        "assert 'pandas' not in sys.modules, 'pandas'\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib'\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert done.returncode == 0, done.stderr

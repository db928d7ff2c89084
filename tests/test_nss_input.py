"""Reading NHS Staff Survey answers: columns by question number, answers by box number or
label, unscored boxes, routing, and the blank template's drop-downs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pytest

import culturekit
from culturekit.errors import ValidationError
from culturekit.template import write_template

TRUST = {"name": "Test NHS Trust", "code": "RXX", "period": "2024"}
SHEET = {"trust_name": "Test NHS Trust", "trust_code": "RXX", "period": "2024"}


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    def cell(value: object) -> str:
        return "" if value is None else f'"{value}"' if "," in str(value) else str(value)

    lines = [",".join(header)] + [",".join(cell(v) for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _load(tmp_path: Path, header: list[str], rows: list[list[object]]):
    staff = _write_csv(tmp_path / "staff.csv", header, rows)
    return culturekit.load(staff=staff, trust=TRUST, framework="nhs-staff-survey")


@pytest.mark.parametrize("spelling", ["q2a", "Q2a", "q2a.", " Q2A. "])
def test_question_numbers_match_in_any_case_and_with_a_full_stop(
    tmp_path: Path, spelling: str
) -> None:
    data = _load(tmp_path, [spelling, "q2b"], [[1, 5], [3, 4], [5, 2]])
    assert list(data.surveys["staff"].codes["q2a"]) == [1.0, 3.0, 5.0]


def test_labels_and_box_numbers_read_alike(tmp_path: Path) -> None:
    rows = [
        ["Strongly agree", "very satisfied", "Never", "Yes", "Yes, definitely", "1"],
        [5, 5, 1, 1, 1, "Yes"],
    ]
    data = _load(tmp_path, ["q3a", "q4a", "q2a", "q11c", "q23b", "q23a"], rows)
    codes = data.surveys["staff"].codes
    for column in ("q3a", "q4a", "q2a", "q11c", "q23b", "q23a"):
        assert codes[column].iloc[0] == codes[column].iloc[1], column


def test_unscored_boxes_are_not_answered_and_counted_apart(tmp_path: Path) -> None:
    rows = [[9, 9, 3], [4, 1, 2], ["Not applicable", "Don't know", "Can't remember"]]
    data = _load(tmp_path, ["q6a", "q15", "q23a"], rows)
    survey = data.surveys["staff"]
    assert np.isnan(survey.codes["q6a"].iloc[0]) and survey.not_applicable["q6a"].iloc[0]
    assert np.isnan(survey.codes["q6a"].iloc[2]) and survey.not_applicable["q6a"].iloc[2]
    assert np.isnan(survey.codes["q15"].iloc[0]) and np.isnan(survey.codes["q15"].iloc[2])
    assert np.isnan(survey.codes["q23a"].iloc[2]) and survey.not_applicable["q23a"].iloc[2]
    assert np.isnan(survey.codes["q23a"].iloc[0]) and survey.not_applicable["q23a"].iloc[0]
    assert survey.codes["q15"].iloc[1] == 1


def test_a_box_the_answer_set_does_not_have_is_an_error(tmp_path: Path) -> None:
    # q11c is Yes (1) / No (2): a 3 is not an answer; neither is a 6 on agreement.
    with pytest.raises(ValidationError) as caught:
        _load(tmp_path, ["q11c", "q3a"], [[3, 1], [1, 6]])
    text = str(caught.value)
    assert "q11c" in text and "q3a" in text


def test_answers_routed_past_a_question_are_not_answers(tmp_path: Path) -> None:
    rows = [[1, 1], [2, 1], [3, 2], [None, 3]]  # Yes, No, Can't remember, blank
    data = _load(tmp_path, ["q23a", "q23b"], rows)
    survey = data.surveys["staff"]
    assert survey.codes["q23b"].iloc[0] == 1
    assert survey.codes["q23b"].iloc[1:].isna().all()
    assert any("q23b" in n and "routes them past" in n for n in data.notices)


def test_the_template_has_a_drop_down_per_answer_set(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    write_template(path, "nhs-staff-survey")
    book = openpyxl.load_workbook(path)
    staff = book["Staff"]
    header = [c.value for c in staff[1]]
    for code in ("q2a", "q3a", "q4a", "q11c", "q13a", "q13d", "q23b", "q26c"):
        assert code in header
    lists = {}
    for validation in staff.data_validations.dataValidation:
        for ref in str(validation.sqref).split():
            column = openpyxl.utils.cell.coordinate_from_string(ref.split(":")[0])[0]
            lists[header[openpyxl.utils.column_index_from_string(column) - 1]] = validation.formula1
    answers = book["Answers"]

    def options(code: str) -> list[object]:
        formula = lists[code]
        if not formula.startswith("Answers!"):
            return formula.strip('"').split(",")
        cells = formula.removeprefix("Answers!").replace("$", "")
        return [c.value for row in answers[cells] for c in row]

    assert "Very satisfied" in options("q4a")
    assert "Always" in options("q2a")
    assert "Yes, a colleague reported it" in options("q13d")
    assert "More than 10" in options("q13a")
    assert "Yes, to some extent" in options("q23b")
    assert "Strongly agree" in options("q26c")


def test_a_filled_template_is_read(tmp_path: Path) -> None:
    path = tmp_path / "filled.xlsx"
    write_template(path, "nhs-staff-survey")
    book = openpyxl.load_workbook(path)
    trust = book["Trust"]
    for row in trust.iter_rows(min_row=2):
        if row[0].value in SHEET:
            row[1].value = SHEET[row[0].value]
    staff = book["Staff"]
    header = [c.value for c in staff[1]]
    for r in range(2, 14):
        staff.cell(row=r, column=header.index("q2a") + 1, value=(r % 5) + 1)
        staff.cell(row=r, column=header.index("q13d") + 1, value="Yes, I reported it")
    book.save(path)
    data = culturekit.load(path, framework="nhs-staff-survey")
    assert data.surveys["staff"].codes["q13d"].eq(1).all()
    assert not any("Answers" in n for n in data.notices)

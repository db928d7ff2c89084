"""Grouping columns: the ones the input format names plus the ones declared; free text never.

The rule (docs/input-format.md): a column is a grouping when the contract names it for the
sheet or it is declared (framework ``groupings``, ``group_by``); every other column is
ignored with a notice; values longer than 80 characters or of more than 10 words, or more
than half different among at least 20, are free text and never a grouping.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from helpers.workbooks import (
    DEFAULT_FRAMEWORK_FILE,
    STAFF_HEADER,
    TRUST_ROWS,
    make_workbook,
    staff_row,
)

import culturekit
from culturekit.errors import Problem, ValidationError
from culturekit.ingest.groupings import free_text_reason

SENTENCES = [
    "My manager shouts at me in front of patients and nobody on Ward 7 does anything.",
    "I reported bullying by the deputy director twice and was moved to nights afterwards.",
]


def rollup_workbook(tmp_path: Path, n: int = 40) -> Path:
    """Staff with a detailed ``ethnicity`` (named) and an ``ethnicity_group`` (not named)."""
    header = ["ethnicity", "ethnicity_group", *STAFF_HEADER]
    rows: list[list[Any]] = [header]
    for i in range(n):
        detailed, group = (("White British", "White"), ("Asian", "BME"))[i % 2]
        rows.append([detailed, group, *staff_row("Nursing", 1 + i % 5)])
    return make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows})


def free_text_workbook(tmp_path: Path, n: int = 40) -> Path:
    """Way 5 of issue 11: an ``additional_comments`` column where two people wrote."""
    rows: list[list[Any]] = [[*STAFF_HEADER, "additional_comments"]]
    texts = [SENTENCES[0], None, SENTENCES[1]] + [None] * (n - 3)
    for i in range(n):
        group = "Nursing" if i % 2 else "Admin"
        rows.append([*staff_row(group, 1 + i % 5), texts[i]])
    return make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows}, name="free.xlsx")


def problems(excinfo: pytest.ExceptionInfo[ValidationError]) -> list[Problem]:
    return list(excinfo.value.problems)


def breakdown_keys(diagnosis: culturekit.Diagnosis) -> list[str]:
    return [b.by for b in diagnosis.breakdowns]


# --------------------------------------------------------------------------- the rule


def test_unknown_columns_are_ignored_with_a_notice_naming_them(tmp_path: Path) -> None:
    diagnosis = culturekit.diagnose(rollup_workbook(tmp_path))
    assert breakdown_keys(diagnosis) == ["ethnicity", "staff_group"]
    notes = [n for n in diagnosis.data_quality.notices if "ignored" in n]
    assert len(notes) == 1 and "'ethnicity_group'" in notes[0] and notes[0].startswith("Staff")


def test_declaring_group_by_makes_a_breakdown(tmp_path: Path) -> None:
    path = rollup_workbook(tmp_path)
    diagnosis = culturekit.diagnose(path, group_by=["ethnicity_group"])
    assert breakdown_keys(diagnosis) == ["ethnicity", "ethnicity_group", "staff_group"]
    (rollup,) = [b for b in diagnosis.breakdowns if b.by == "ethnicity_group"]
    # 40 respondents alternating White / BME: 20 in each, both shown
    assert {g.label: g.n for g in rollup.groups} == {"BME": 20, "White": 20}
    assert not any("ignored" in n for n in diagnosis.data_quality.notices)
    # case and spacing are ignored, as for any header
    again = culturekit.diagnose(path, group_by=["Ethnicity Group"])
    assert breakdown_keys(again) == breakdown_keys(diagnosis)


def test_load_records_the_declared_columns_in_its_framework(tmp_path: Path) -> None:
    data = culturekit.load(rollup_workbook(tmp_path), group_by=["ethnicity_group"])
    assert data.framework.groupings == ["ethnicity_group"]
    assert list(data.surveys["staff"].groups.columns) == [
        "ethnicity",
        "ethnicity_group",
        "staff_group",
    ]


def test_framework_groupings_declare_a_column(tmp_path: Path) -> None:
    data = yaml.safe_load(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))
    assert data["groupings"] == []
    data["groupings"] = ["ethnicity_group"]
    framework = tmp_path / "framework.yaml"
    framework.write_text(yaml.safe_dump(data), encoding="utf-8")
    diagnosis = culturekit.diagnose(rollup_workbook(tmp_path), framework=framework)
    assert "ethnicity_group" in breakdown_keys(diagnosis)


def test_run_diagnose_and_compare_take_group_by(tmp_path: Path) -> None:
    (tmp_path / "pre").mkdir()
    pre = rollup_workbook(tmp_path / "pre")
    post_dir = tmp_path / "post"
    post_dir.mkdir()
    rows = [row[:] for row in TRUST_ROWS]
    rows[3][1] = "2026 follow-up"
    header = ["ethnicity", "ethnicity_group", *STAFF_HEADER]
    staff: list[list[Any]] = [header]
    for i in range(30):
        staff.append(["Asian", "BME", *staff_row("Nursing", 1 + (i * 3) % 5)])
        staff.append(["White British", "White", *staff_row("Nursing", 2 + i % 4)])
    post = make_workbook(post_dir, {"Trust": rows, "Staff": staff})
    run = culturekit.run_diagnose(
        pre, tmp_path / "out", formats=["json"], group_by=["ethnicity_group"]
    )
    assert "ethnicity_group" in breakdown_keys(run.result)
    compared = culturekit.run_compare(
        pre, post, tmp_path / "cmp", formats=["json"], group_by=["ethnicity_group"]
    )
    changes = [b for b in compared.result.breakdowns if b.by == "ethnicity_group"]
    assert [sorted(g.label for g in b.groups) for b in changes] == [["BME", "White"]]
    plain = culturekit.compare(pre, post)
    assert not [b for b in plain.breakdowns if b.by == "ethnicity_group"]


def test_group_by_with_loaded_data_is_refused(tmp_path: Path) -> None:
    data = culturekit.load(rollup_workbook(tmp_path))
    with pytest.raises(ValueError, match="when loading a path"):
        culturekit.diagnose(data, group_by=["ethnicity_group"])


def test_a_declared_column_that_does_not_exist_names_the_columns_there(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as excinfo:
        culturekit.load(rollup_workbook(tmp_path), group_by=["site"])
    (problem,) = problems(excinfo)
    assert "'site'" in problem.message
    assert "ethnicity, ethnicity_group, staff_group" in problem.message
    assert "VV1" not in problem.message  # items are not offered
    assert problem.sheet == "Staff"


def test_a_declared_item_id_or_comment_column_is_an_error(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["respondent_id", *STAFF_HEADER, "comment"]]
    rows += [[f"R{i}", *staff_row("Nursing", 3), "fine"] for i in range(12)]
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows})
    with pytest.raises(ValidationError) as excinfo:
        culturekit.load(path, group_by=["respondent_id", "VV1", "comment"])
    found = {p.column: p.message for p in problems(excinfo)}
    assert "the respondent id" in found["respondent_id"]
    assert "an item" in found["VV1"]
    assert "a comment column" in found["comment"]


# --------------------------------------------------------------------------- free text


def labels(values: list[Any]) -> pd.Series:
    return pd.Series(values, dtype=object)


@pytest.mark.parametrize(
    ("values", "broken"),
    [
        (["x" * 80, "Nursing"], None),  # 80 characters is a label
        (["x" * 81, "Nursing"], "81 characters"),
        ([" ".join(["word"] * 10)], None),  # ten words is a label
        ([" ".join(["word"] * 11)], "11 words"),
        # 20 values, 10 different: half, still a grouping
        ([f"team {i % 10}" for i in range(20)], None),
        ([f"team {i % 11}" for i in range(20)], "11 of its 20 values are different"),
        ([f"team {i}" for i in range(19)], None),  # too few values to judge the share
        ([None] * 30 + ["Nursing"], None),  # blanks are not values
    ],
)
def test_free_text_rule(values: list[Any], broken: str | None) -> None:
    reason = free_text_reason(labels(values), list(range(2, 2 + len(values))))
    if broken is None:
        assert reason is None
    else:
        assert reason is not None and broken in reason


def test_the_reason_names_the_row_not_the_text() -> None:
    reason = free_text_reason(labels([None, "Nursing", SENTENCES[0]]), [2, 3, 4])
    assert reason is not None and "row 4 holds 16 words" in reason
    assert "manager" not in reason


def test_declaring_free_text_is_an_error_that_says_why(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as excinfo:
        culturekit.load(free_text_workbook(tmp_path), group_by=["additional_comments"])
    (problem,) = problems(excinfo)
    assert problem.column == "additional_comments"
    assert "its values look like free text" in problem.message
    assert "row 2 holds 16 words" in problem.message
    assert SENTENCES[0] not in str(problem)


def test_a_named_column_of_free_text_is_left_out_with_a_notice(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["directorate", *STAFF_HEADER]]
    for i in range(30):
        rows.append([SENTENCES[i % 2] if i < 2 else "Surgery", *staff_row("Nursing", 3)])
    data = culturekit.load(make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows}))
    assert list(data.surveys["staff"].groups.columns) == ["staff_group"]
    (note,) = [n for n in data.notices if "free text" in n]
    assert "'directorate'" in note and SENTENCES[0] not in note


def test_free_text_is_no_group_label_in_any_output(tmp_path: Path) -> None:
    """Issue 11, case 5: the sentences appear in no output without include_comments."""
    path = free_text_workbook(tmp_path)
    out = tmp_path / "out"
    run = culturekit.run_diagnose(path, out, formats=["html", "json", "xlsx"])
    assert breakdown_keys(run.result) == ["staff_group"]
    from openpyxl import load_workbook

    from culturekit.report.terminal import summary_table

    texts = [
        (out / "report.html").read_text(encoding="utf-8"),
        (out / "diagnosis.json").read_text(encoding="utf-8"),
        summary_table(run.result),
    ]
    book = load_workbook(out / "report.xlsx", read_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            texts.append(" ".join(str(v) for v in row if v is not None))
    book.close()
    for sentence in SENTENCES:
        for fragment in (sentence, sentence[:30], "deputy director"):
            assert not any(fragment in text for text in texts), fragment
    labels_shown = {g.label for b in run.result.breakdowns for g in b.groups}
    assert labels_shown == {"Admin", "Nursing"}
    notes = json.loads((out / "diagnosis.json").read_text("utf-8"))["data_quality"]["notices"]
    assert any("'additional_comments'" in n and "ignored" in n for n in notes)

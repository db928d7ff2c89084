"""Respondents, not rows: a row with no answer on the scale is nobody's response.

Comment and key-message thresholds count the respondents who wrote a comment
(docs/input-format.md, "Respondents"); issue 11, case 4 is a board of 8 with three rows
pre-filled with only member_id and role.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers.workbooks import BOARD_ITEMS, STAFF_HEADER, TRUST_ROWS, make_workbook, staff_row

import culturekit

KEY_MESSAGES = [
    f"Member {n} wants the board to hear from ward {n} before winter." for n in range(8)
]


def staff_rows(n: int, comments: list[Any] | None = None) -> list[list[Any]]:
    comments = comments or []
    rows: list[list[Any]] = [[*STAFF_HEADER, "comment"]]
    for i in range(n):
        group = "Nursing" if i % 2 else "Admin"
        rows.append([*staff_row(group, 1 + i % 5), comments[i] if i < len(comments) else None])
    return rows


def padded_board(tmp_path: Path) -> Path:
    header = ["member_id", "role", *BOARD_ITEMS, "key_messages"]
    board: list[list[Any]] = [header]
    for n in range(8):
        role = "executive" if n < 5 else "non-executive"
        board.append([f"M{n + 1}", role, *[1 + (n + k) % 5 for k in range(len(BOARD_ITEMS))]])
        board[-1].append(KEY_MESSAGES[n])
    for n, role in enumerate(["executive", "non-executive", "other"], start=9):
        board.append([f"M{n}", role])
    sheets = {"Trust": TRUST_ROWS, "Staff": staff_rows(30), "Board": board}
    return make_workbook(tmp_path, sheets, name="board.xlsx")


def test_rows_without_answers_are_not_respondents(tmp_path: Path) -> None:
    data = culturekit.load(padded_board(tmp_path))
    board = data.surveys["board"]
    assert board.n_rows == 11
    assert board.respondents == 8
    assert board.answered_any.tolist() == [True] * 8 + [False] * 3
    (note,) = [n for n in data.notices if n.startswith("Board") and "respondents" in n]
    assert "3 row(s)" in note and "row 10, 11, 12" in note


def test_a_row_of_only_not_applicable_is_not_a_respondent(tmp_path: Path) -> None:
    rows = staff_rows(12)
    rows.append(["Nursing", *["N/A"] * (len(STAFF_HEADER) - 1), None])
    data = culturekit.load(make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows}))
    staff = data.surveys["staff"]
    assert (staff.n_rows, staff.respondents) == (13, 12)
    assert int(staff.not_applicable.to_numpy().sum()) == len(STAFF_HEADER) - 1


def test_padded_board_key_messages_stay_hidden_in_every_output(tmp_path: Path) -> None:
    """Issue 11, case 4: 11 rows pass an 11 threshold; 8 respondents do not."""
    out = tmp_path / "out"
    run = culturekit.run_diagnose(
        padded_board(tmp_path), out, formats=["html", "json", "xlsx"], include_comments=True
    )
    comments = {c.source: c for c in run.result.comments}
    assert not comments["board"].shown and comments["board"].texts == []
    assert run.result.response["board"].respondents == 8
    from openpyxl import load_workbook

    texts = [(out / n).read_text(encoding="utf-8") for n in ("report.html", "diagnosis.json")]
    book = load_workbook(out / "report.xlsx", read_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            texts.append(" ".join(str(v) for v in row if v is not None))
    book.close()
    for message in KEY_MESSAGES:
        assert not any(message in text for text in texts), message
    assert not any("wants the board" in text for text in texts)


def comments_shown(tmp_path: Path, rows: list[list[Any]]) -> culturekit.Diagnosis:
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows})
    return culturekit.diagnose(path, include_comments=True)


def test_the_threshold_counts_respondents_who_wrote(tmp_path: Path) -> None:
    # 30 respondents, 10 of whom wrote: the texts would come from 10 people.
    ten = comments_shown(tmp_path, staff_rows(30, [f"note {i}" for i in range(10)]))
    (hidden,) = ten.comments
    assert not hidden.shown and hidden.texts == []
    assert hidden.reason == "fewer than 11 respondents wrote comments; not shown"
    eleven = comments_shown(tmp_path, staff_rows(30, [f"note {i}" for i in range(11)]))
    (shown,) = eleven.comments
    assert shown.shown and shown.texts == sorted(f"note {i}" for i in range(11))


def test_a_comment_on_a_row_without_answers_is_neither_counted_nor_shown(
    tmp_path: Path,
) -> None:
    width = len(STAFF_HEADER)
    rows = staff_rows(30, [f"note {i}" for i in range(10)])
    rows.append(["Nursing", *[None] * (width - 1), "a note with no answers"])
    (hidden,) = comments_shown(tmp_path, rows).comments
    assert not hidden.shown  # 10 respondents wrote, not 11
    rows = staff_rows(30, [f"note {i}" for i in range(11)])
    rows.append(["Nursing", *[None] * (width - 1), "a note with no answers"])
    (shown,) = comments_shown(tmp_path, rows).comments
    assert shown.shown and shown.texts == sorted(f"note {i}" for i in range(11))

"""Free-text comments: identical ones listed once with how many wrote them; a source whose
writers are fewer than the comment threshold shows nothing, its count included.

The expected listings are counted here by hand from the texts the test writes.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from helpers.workbooks import STAFF_HEADER, TRUST_ROWS, make_workbook, staff_row

import culturekit
from culturekit.report.html import render_html
from culturekit.scoring.comments import source_comments

# 12 people wrote the first comment (spelt three ways), 5 the second, 3 one each.
WRITTEN = [
    *["Good team, difficult environment."] * 9,
    "good team, difficult environment.",
    "  Good team,  difficult environment. ",
    "GOOD TEAM, DIFFICULT ENVIRONMENT.",
    *["Too busy to learn."] * 5,
    "Appraisals are late.",
    "better parking please",
    "Zero time for training.",
]


def test_identical_comments_are_listed_once_with_their_count() -> None:
    got = source_comments("staff", WRITTEN, 11)
    assert got.shown and got.written == 20
    assert got.texts == [
        "Good team, difficult environment.",  # as 9 of its 12 writers wrote it
        "Too busy to learn.",
        "Appraisals are late.",  # then alphabetically, whatever the case
        "better parking please",
        "Zero time for training.",
    ]
    assert got.counts == [12, 5, 1, 1, 1]
    assert sum(got.counts) == len(WRITTEN)


def test_the_listing_does_not_depend_on_the_order_comments_were_given() -> None:
    expected = source_comments("staff", WRITTEN, 11)
    rng = random.Random(12)
    for _ in range(20):
        shuffled = WRITTEN[:]
        rng.shuffle(shuffled)
        assert source_comments("staff", shuffled, 11) == expected


def test_the_threshold_counts_the_people_who_wrote_not_the_distinct_texts() -> None:
    # Eleven people writing the same words are eleven writers: shown, as one line.
    same = source_comments("staff", ["Short-staffed."] * 11, 11)
    assert (same.shown, same.texts, same.counts, same.written) == (
        True,
        ["Short-staffed."],
        [11],
        11,
    )
    # Ten writers are too few, however many distinct texts: nothing is shown, no count.
    ten = source_comments("staff", [f"note {i}" for i in range(10)], 11)
    assert (ten.shown, ten.texts, ten.counts, ten.written) == (False, [], [], None)
    assert ten.reason == "fewer than 11 respondents wrote comments; not shown"


def staff_rows(comments: list[Any]) -> list[list[Any]]:
    rows: list[list[Any]] = [[*STAFF_HEADER, "comment"]]
    for i in range(30):
        text = comments[i] if i < len(comments) else None
        rows.append([*staff_row("Nursing" if i % 2 else "Admin", 1 + i % 5), text])
    return rows


def test_the_report_lists_each_comment_once_with_its_count(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": staff_rows(WRITTEN)})
    d = culturekit.diagnose(path, include_comments=True)
    (staff,) = d.comments
    assert staff.counts == [12, 5, 1, 1, 1]
    html = render_html(d)
    section = html[html.index('id="comments"') :]
    assert section.count("Too busy to learn.") == 1
    assert 'Too busy to learn. <span class="comment-count">(5 people)</span>' in section
    assert 'Good team, difficult environment. <span class="comment-count">(12 people)' in section
    assert "20 people wrote a comment; there are 5 different comments" in section
    assert "Appraisals are late.</li>" in section  # one writer: no count


def test_a_source_below_the_threshold_shows_no_comment_and_no_count(tmp_path: Path) -> None:
    few = ["Too busy to learn."] * 6 + ["Appraisals are late."] * 4
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": staff_rows(few)})
    d = culturekit.diagnose(path, include_comments=True)
    html = render_html(d)
    section = html[html.index('id="comments"') :]
    assert "Too busy" not in section and "Appraisals" not in section
    assert "people wrote a comment" not in section
    assert "fewer than 11 respondents wrote comments; not shown" in section
    assert '"written": null' in d.to_json()

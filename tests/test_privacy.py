"""The reporting threshold and complementary suppression.

Unit tests of ``culturekit.privacy.suppressed_groups``, property tests of its guarantees
over generated group sizes, and an end-to-end property test: generated Staff sheets go
through ``culturekit.diagnose`` and every breakdown is checked in the result model, in
the JSON and in the rendered HTML against group sizes counted here from the generated
answers.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from bs4 import BeautifulSoup
from helpers.workbooks import STAFF_ITEMS, TRUST_ROWS, make_workbook
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import culturekit
from culturekit.privacy import is_reportable, suppressed_groups, suppression_reason

THRESHOLD = 11
ELEMENTS = {
    "vision_values": "VV",
    "goals_performance": "GP",
    "support_compassion": "SC",
    "learning_innovation": "LI",
    "equity_inclusion": "EI",
    "teamwork": "TW",
}
ELEMENT_NAMES = {
    "vision_values": "Vision and values",
    "goals_performance": "Goals and performance",
    "support_compassion": "Support and compassion",
    "learning_innovation": "Learning and innovation",
    "equity_inclusion": "Equity and inclusion",
    "teamwork": "Teamwork",
}

# ----------------------------------------------------------------------------- unit


def test_no_small_group_hides_nothing() -> None:
    assert suppressed_groups({"A": 11, "B": 30, "C": 250}, THRESHOLD) == set()


def test_one_small_group_hides_it_and_the_next_smallest() -> None:
    counts = {"A": 5, "B": 40, "C": 12, "D": 300}
    assert suppressed_groups(counts, THRESHOLD) == {"A", "C"}


def test_small_group_of_one_and_threshold_exactly() -> None:
    assert suppressed_groups({"A": 1, "B": 10, "C": 11, "D": 11}, THRESHOLD) == {"A", "B"}
    # 1 + 9 = 10 < 11: a third group goes too
    hidden = suppressed_groups({"A": 1, "B": 9, "C": 11, "D": 12}, THRESHOLD)
    assert hidden == {"A", "B", "C"}


def test_two_small_groups_summing_below_threshold_hide_a_third() -> None:
    counts = {"A": 3, "B": 4, "C": 20, "D": 30, "E": 500}
    assert suppressed_groups(counts, THRESHOLD) == {"A", "B", "C"}


def test_two_small_groups_summing_to_threshold_are_enough() -> None:
    counts = {"A": 5, "B": 6, "C": 20, "D": 30}
    assert suppressed_groups(counts, THRESHOLD) == {"A", "B"}


def test_zero_size_groups_are_never_suppressed() -> None:
    assert suppressed_groups({"A": 0, "B": 20, "C": 30}, THRESHOLD) == set()
    hidden = suppressed_groups({"A": 0, "B": 5, "C": 20, "D": 30}, THRESHOLD)
    assert hidden == {"B", "C"}
    # an empty group does not count as the second hidden group
    hidden = suppressed_groups({"Z": 0, "Y": 0, "B": 12, "A": 3}, THRESHOLD)
    assert hidden == {"A", "B"}


def test_already_hidden_groups_count_from_the_start() -> None:
    # B is hidden for another reason; with 15 people it needs a second group beside it
    assert suppressed_groups({"A": 40, "B": 15, "C": 20}, THRESHOLD, already={"B"}) == {
        "B",
        "C",
    }
    # A (3) and the already-hidden B (20) together make 23: nothing more is needed
    assert suppressed_groups({"A": 3, "B": 20, "C": 12, "D": 50}, THRESHOLD, already={"B"}) == {
        "A",
        "B",
    }
    # names not among the groups are ignored
    assert suppressed_groups({"A": 30, "B": 40}, THRESHOLD, already={"X"}) == set()


def test_ties_are_broken_deterministically() -> None:
    counts = {"A": 5, "B": 20, "C": 20}
    first = suppressed_groups(counts, THRESHOLD)
    assert len(first) == 2 and "A" in first
    assert all(suppressed_groups(dict(reversed(counts.items())), THRESHOLD) == first for _ in "ab")


def test_reportable_and_reason() -> None:
    assert not is_reportable(10, THRESHOLD)
    assert is_reportable(11, THRESHOLD)
    assert "fewer than 11" in suppression_reason(THRESHOLD)
    assert "subtraction" in suppression_reason(THRESHOLD, complementary=True)


# ----------------------------------------------------------------------------- properties

sizes_strategy = st.dictionaries(
    keys=st.text(alphabet="ABCDEFGHIJ", min_size=1, max_size=2),
    values=st.integers(min_value=0, max_value=60),
    min_size=1,
    max_size=10,
)


@settings(max_examples=300, deadline=None)
@given(counts=sizes_strategy, threshold=st.integers(min_value=2, max_value=25))
def test_property_no_shown_group_is_below_threshold(counts: dict[str, int], threshold: int):
    hidden = suppressed_groups(counts, threshold)
    for group, n in counts.items():
        if group not in hidden:
            assert n == 0 or n >= threshold
    assert hidden <= set(counts)
    assert all(counts[g] > 0 for g in hidden), "an empty group was suppressed"


@settings(max_examples=300, deadline=None)
@given(counts=sizes_strategy, threshold=st.integers(min_value=2, max_value=25))
def test_property_hidden_groups_cannot_be_recovered(counts: dict[str, int], threshold: int):
    hidden = suppressed_groups(counts, threshold)
    hidden_sizes = [counts[g] for g in hidden if counts[g] > 0]
    shown = [g for g, n in counts.items() if n > 0 and g not in hidden]
    if not hidden_sizes or not shown:
        # nothing hidden, or nothing shown to subtract from the whole
        return
    assert len(hidden_sizes) >= 2
    assert sum(hidden_sizes) >= threshold


@settings(max_examples=300, deadline=None)
@given(counts=sizes_strategy, threshold=st.integers(min_value=2, max_value=25))
def test_property_when_the_whole_is_large_enough_the_rule_always_holds(
    counts: dict[str, int], threshold: int
):
    nonempty = [n for n in counts.values() if n > 0]
    assume(len(nonempty) >= 2 and sum(nonempty) >= threshold)
    hidden = suppressed_groups(counts, threshold)
    hidden_sizes = [counts[g] for g in hidden]
    assert not hidden or (len(hidden_sizes) >= 2 and sum(hidden_sizes) >= threshold)


@settings(max_examples=300, deadline=None)
@given(counts=sizes_strategy, threshold=st.integers(min_value=2, max_value=25))
def test_property_complementary_suppression_takes_the_smallest(
    counts: dict[str, int], threshold: int
):
    hidden = suppressed_groups(counts, threshold)
    small = {g for g, n in counts.items() if 0 < n < threshold}
    assert small <= hidden
    extra = [counts[g] for g in hidden - small]
    shown = [n for g, n in counts.items() if n > 0 and g not in hidden]
    if extra and shown:
        assert max(extra) <= min(shown)
    if not small:
        assert hidden == set()


@settings(max_examples=200, deadline=None)
@given(
    counts=sizes_strategy,
    threshold=st.integers(min_value=2, max_value=25),
    data=st.data(),
)
def test_property_already_hidden_stay_hidden(counts, threshold, data) -> None:
    already = data.draw(st.sets(st.sampled_from(sorted(counts))))
    hidden = suppressed_groups(counts, threshold, already=already)
    assert already <= hidden
    assert {g for g, n in counts.items() if 0 < n < threshold} <= hidden
    hidden_sizes = [counts[g] for g in hidden if counts[g] > 0]
    shown = [g for g, n in counts.items() if n > 0 and g not in hidden]
    if hidden_sizes and shown:
        assert len(hidden_sizes) >= 2 and sum(hidden_sizes) >= threshold


# ----------------------------------------------------------------------------- end to end

PATTERNS = ("all", "two", "one", "none")  # items of an element a respondent answered
PATTERN_WEIGHTS = (0.7, 0.1, 0.1, 0.1)


@st.composite
def staff_designs(draw) -> dict[str, Any]:
    """Group sizes for two grouping columns, and a seed for the answers."""
    first = draw(st.lists(st.integers(1, 40), min_size=2, max_size=6))
    total = sum(first)
    second = draw(st.lists(st.integers(1, 40), min_size=2, max_size=6))
    not_stated = draw(st.booleans())
    seed = draw(st.integers(0, 2**32 - 1))
    blank_rows = draw(st.integers(0, 3))
    return {
        "first": first,
        "second": second,
        "not_stated": not_stated,
        "seed": seed,
        "blank_rows": min(blank_rows, total - 1),
        "total": total,
    }


def build_staff(design: dict[str, Any]) -> dict[str, Any]:
    """Rows of a Staff sheet, and who is scored on what, worked out from the design."""
    rng = np.random.default_rng(design["seed"])
    total = design["total"]
    group = [f"Group {chr(65 + i)}" for i, n in enumerate(design["first"]) for _ in range(n)]
    site_labels: list[str | None] = [
        f"Site {i + 1}" for i, n in enumerate(design["second"]) for _ in range(n)
    ]
    filler = None if design["not_stated"] else f"Site {len(design['second'])}"
    site_labels = (site_labels + [filler] * total)[:total]
    site = [site_labels[i] for i in rng.permutation(total)]

    header = ["respondent_id", "staff_group", "site", *STAFF_ITEMS]
    rows: list[list[Any]] = [header]
    scored = {e: np.zeros(total, dtype=bool) for e in ELEMENTS}
    blank = set(rng.choice(total, size=design["blank_rows"], replace=False).tolist())
    for r in range(total):
        answers: dict[str, Any] = {}
        for element, prefix in ELEMENTS.items():
            codes = [c for c in STAFF_ITEMS if c.startswith(prefix)]
            pattern = "none" if r in blank else rng.choice(PATTERNS, p=PATTERN_WEIGHTS)
            answered = {"all": 4, "two": 2, "one": 1, "none": 0}[pattern]
            chosen = set(rng.choice(codes, size=answered, replace=False).tolist())
            for code in codes:
                answers[code] = int(rng.integers(1, 6)) if code in chosen else None
            # at least half of four items: two or more answered
            scored[element][r] = answered >= 2
        rows.append([f"S{r:04d}", group[r], site[r], *[answers[c] for c in STAFF_ITEMS]])
    any_scored = np.logical_or.reduce([scored[e] for e in ELEMENTS])
    columns = {"staff_group": group, "site": [s if s else "Not stated" for s in site]}
    sizes: dict[str, Counter[str]] = {}
    cells: dict[str, dict[str, Counter[str]]] = {}
    for column, labels in columns.items():
        sizes[column] = Counter(lab for lab, keep in zip(labels, any_scored, strict=True) if keep)
        cells[column] = {
            e: Counter(lab for lab, keep in zip(labels, scored[e], strict=True) if keep)
            for e in ELEMENTS
        }
    item_answers = [sum(1 for row in rows[1:] if row[3 + k] is not None) for k in range(24)]
    return {
        "rows": rows,
        "item_answers": item_answers,
        "respondents": int(any_scored.sum()),
        "element_n": {e: int(scored[e].sum()) for e in ELEMENTS},
        "sizes": sizes,
        "cells": cells,
    }


def _number(text: str) -> int:
    return int(text.replace(",", "").strip())


def check_result(diagnosis: culturekit.Diagnosis, truth: dict[str, Any]) -> None:
    assert diagnosis.response["staff"].respondents == truth["respondents"]
    by_column = {b.by: b for b in diagnosis.breakdowns}
    # A source smaller than the threshold is not broken down at all (every group is small).
    broken_down = truth["respondents"] >= THRESHOLD
    assert set(by_column) == (set(truth["sizes"]) if broken_down else set())
    for column, breakdown in by_column.items():
        sizes, cells = truth["sizes"][column], truth["cells"][column]
        labels = [g.label for g in breakdown.groups]
        # A column none of whose groups may be shown names none of them.
        assert set(labels) == set(sizes) or labels == []
        if "Not stated" in labels:
            assert labels[-1] == "Not stated"
        shown_n = 0
        for g in breakdown.groups:
            if sizes[g.label] < THRESHOLD:
                assert g.suppressed, (column, g.label, sizes[g.label])
            if g.suppressed:
                assert g.n is None and g.scores == {} and g.differences == {}
                assert g.reason
                continue
            assert g.n == sizes[g.label]
            shown_n += g.n
            for e in ELEMENTS:
                if cells[e][g.label] < THRESHOLD:
                    assert g.scores[e] is None and g.differences[e] is None
                if g.scores[e] is None:
                    assert g.differences[e] is None
                    assert g.hidden_cells.get(e)
        _check_sums(
            truth,
            column,
            truth["respondents"] - shown_n,
            breakdown_hidden(breakdown),
            listed=bool(breakdown.groups),
        )


def breakdown_hidden(breakdown: Any) -> dict[str, set[str]]:
    """Per element, the labels whose cell is not shown (whole group or single cell)."""
    hidden: dict[str, set[str]] = {e: set() for e in ELEMENTS}
    for g in breakdown.groups:
        for e in ELEMENTS:
            if g.suppressed or g.scores.get(e) is None:
                hidden[e].add(g.label)
    return hidden


def _check_sums(
    truth: dict[str, Any],
    column: str,
    hidden_n: int,
    hidden: dict[str, set[str]],
    listed: bool = True,
) -> None:
    if not listed:  # a breakdown that names no group hides every cell
        hidden = {e: set(truth["sizes"][column]) for e in ELEMENTS}
    if truth["respondents"] >= THRESHOLD:
        assert hidden_n == 0 or hidden_n >= THRESHOLD, (column, hidden_n)
    else:
        assert hidden_n == truth["respondents"]  # everything hidden
    for e in ELEMENTS:
        count = sum(truth["cells"][column][e][label] for label in hidden[e])
        if truth["element_n"][e] >= THRESHOLD:
            assert count == 0 or count >= THRESHOLD, (column, e, count, hidden[e])
        else:
            assert count == truth["element_n"][e]  # every cell hidden


def check_json(text: str, truth: dict[str, Any]) -> None:
    data = json.loads(text)
    assert data["response"]["staff"]["respondents"] == truth["respondents"]
    for breakdown in data["breakdowns"]:
        column = breakdown["by"]
        sizes, cells = truth["sizes"][column], truth["cells"][column]
        shown_n = 0
        hidden: dict[str, set[str]] = {e: set() for e in ELEMENTS}
        for g in breakdown["groups"]:
            if sizes[g["label"]] < THRESHOLD:
                assert g["suppressed"] is True
            if g["suppressed"]:
                for key in ("n", "scores", "differences", "hidden_cells"):
                    assert key not in g, (column, g["label"], key)
                for e in ELEMENTS:
                    hidden[e].add(g["label"])
                continue
            assert g["n"] == sizes[g["label"]]
            shown_n += g["n"]
            for e in ELEMENTS:
                if cells[e][g["label"]] < THRESHOLD:
                    assert g["scores"][e] is None and g["differences"][e] is None
                if g["scores"][e] is None:
                    hidden[e].add(g["label"])
        _check_sums(
            truth, column, truth["respondents"] - shown_n, hidden, listed=bool(breakdown["groups"])
        )


def check_html(html: str, truth: dict[str, Any], shown_columns: set[str]) -> None:
    soup = BeautifulSoup(html, "html.parser")
    section = soup.find("section", id="breakdowns")
    assert section is not None
    tables = section.find_all("table")
    captions = [t.caption.get_text(" ", strip=True) for t in tables]
    assert len(tables) == len(shown_columns), captions
    for table, caption in zip(tables, captions, strict=True):
        column = "staff_group" if "staff group" in caption else "site"
        assert column in shown_columns
        sizes, cells = truth["sizes"][column], truth["cells"][column]
        headers = [th.get_text(" ", strip=True) for th in table.thead.find_all("th")]
        elements = [next(e for e, name in ELEMENT_NAMES.items() if name == h) for h in headers[2:]]
        assert elements == list(ELEMENTS)
        rows = table.tbody.find_all("tr")
        assert rows[0].th.get_text(strip=True) == "Trust overall"
        overall_n = _number(rows[0].find("td").get_text())
        assert overall_n == truth["respondents"]
        shown_n = 0
        hidden: dict[str, set[str]] = {e: set() for e in ELEMENTS}
        labels = []
        for row in rows[1:]:
            label = row.th.get_text(strip=True)
            labels.append(label)
            tds = row.find_all("td")
            if sizes[label] < THRESHOLD:
                assert len(tds) == 1 and "hidden-cell" in tds[0]["class"], label
            if len(tds) == 1:  # the whole group hidden
                assert "hidden-cell" in tds[0]["class"]
                assert not re.search(r"\d", tds[0].get_text().replace(str(THRESHOLD), ""))
                for e in ELEMENTS:
                    hidden[e].add(label)
                continue
            n = _number(tds[0].get_text())
            assert n == sizes[label] >= THRESHOLD
            shown_n += n
            for e, td in zip(ELEMENTS, tds[1:], strict=True):
                if cells[e][label] < THRESHOLD:
                    assert "hidden-cell" in td["class"], (label, e)
                if "hidden-cell" in td["class"]:
                    hidden[e].add(label)
                else:
                    assert "heat" in td["class"]
        assert sorted(labels) == sorted(sizes)
        _check_sums(truth, column, overall_n - shown_n, hidden)
    # the elements section names groups far from the overall; never a small one
    small = {
        label for sizes in truth["sizes"].values() for label, n in sizes.items() if n < THRESHOLD
    }
    for item in soup.select("#elements ul.tight li"):
        text = item.get_text(" ", strip=True)
        for label in small:
            assert f": {label}," not in text, text


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(design=staff_designs())
def test_end_to_end_no_small_group_is_shown_anywhere(tmp_path: Path, design) -> None:
    truth = build_staff(design)
    # A shown group with nobody scored on an element meets a separate bug (see
    # test_scoring.py::test_breakdown_cell_with_no_scored_respondents_is_not_nan).
    for column in truth["sizes"]:
        for e in ELEMENTS:
            for label, n in truth["sizes"][column].items():
                assume(n < THRESHOLD or truth["cells"][column][e][label] > 0)
    path = make_workbook(
        tmp_path, {"Trust": TRUST_ROWS, "Staff": truth["rows"]}, name=f"s{design['seed']}.xlsx"
    )
    # site is no column the input format names: it is declared
    diagnosis = culturekit.diagnose(path, group_by=["site"])
    check_result(diagnosis, truth)
    check_json(diagnosis.to_json(), truth)
    if any(i >= THRESHOLD for i in truth["item_answers"]):
        # With no item shown at all the report does not render (a separate bug, see
        # test_report_html.py::test_report_renders_when_every_figure_is_suppressed).
        shown = {b.by for b in diagnosis.breakdowns if any(not g.suppressed for g in b.groups)}
        check_html(culturekit.render_html(diagnosis), truth, shown)


def test_end_to_end_fixed_case_with_cell_suppression(tmp_path: Path) -> None:
    """A shown group whose teamwork cell is small hides it and the next smallest cell."""
    header = ["staff_group", *STAFF_ITEMS]
    rows: list[list[Any]] = [header]
    rng = np.random.default_rng(7)

    def row(group: str, skip_teamwork: bool) -> list[Any]:
        values = [int(v) for v in rng.integers(1, 6, size=len(STAFF_ITEMS))]
        if skip_teamwork:
            values = [
                None if c.startswith("TW") else v for c, v in zip(STAFF_ITEMS, values, strict=True)
            ]
        return [group, *values]

    rows += [row("Nursing", i >= 5) for i in range(20)]  # teamwork cell 5
    rows += [row("Estates", False) for _ in range(15)]  # teamwork cell 15
    rows += [row("Medical", False) for _ in range(40)]  # teamwork cell 40
    rows += [row("Admin", False) for _ in range(4)]  # hidden group
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows})
    breakdown = culturekit.diagnose(path).breakdowns[0]
    groups = {g.label: g for g in breakdown.groups}
    # Admin (4) is hidden; Estates (15) is the next smallest group and is hidden with it
    assert groups["Admin"].suppressed and groups["Estates"].suppressed
    assert not groups["Nursing"].suppressed and not groups["Medical"].suppressed
    # Teamwork: Admin 4 + Estates 15 already hidden (19 >= 11) but Nursing's cell of 5
    # is small, so it is hidden; the hidden cells then hold 24 >= 11 in 3 groups.
    assert groups["Nursing"].scores["teamwork"] is None
    assert "fewer than 11" in groups["Nursing"].hidden_cells["teamwork"]
    assert groups["Medical"].scores["teamwork"] is not None
    assert groups["Nursing"].scores["vision_values"] is not None


def test_a_framework_threshold_of_15_is_applied_everywhere(tmp_path: Path) -> None:
    import yaml
    from helpers.workbooks import DEFAULT_FRAMEWORK_FILE

    data = yaml.safe_load(DEFAULT_FRAMEWORK_FILE.read_text("utf-8"))
    data["reporting_threshold"] = 15
    framework = tmp_path / "fw.yaml"
    framework.write_text(yaml.safe_dump(data), "utf-8")
    rng = np.random.default_rng(3)
    rows: list[list[Any]] = [["staff_group", *STAFF_ITEMS]]
    for label, n in (("Small", 12), ("Middle", 16), ("Large", 40)):
        rows += [[label, *[int(v) for v in rng.integers(1, 6, size=24)]] for _ in range(n)]
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows})
    diagnosis = culturekit.diagnose(culturekit.load(path, framework=framework))
    groups = {g.label: g for g in diagnosis.breakdowns[0].groups}
    # 12 < 15 is hidden, and the next smallest (16) with it: 28 >= 15
    assert groups["Small"].suppressed and groups["Middle"].suppressed
    assert groups["Large"].n == 40
    html = culturekit.render_html(diagnosis)
    soup = BeautifulSoup(html, "html.parser")
    hidden = soup.select("#breakdowns td.hidden-cell")
    assert hidden and all("15" in td.get_text() for td in hidden)


def test_text_columns_are_never_broken_down(tmp_path: Path) -> None:
    """Free text (every text column the source knows) never becomes group labels."""
    from helpers.workbooks import BOARD_ITEMS

    board = [["member_id", "role", *BOARD_ITEMS, "key_messages", "comment"]] + [
        [f"B{i}", "executive", *[1 + i % 5] * len(BOARD_ITEMS), f"message {i}", f"remark {i}"]
        for i in range(12)
    ]
    staff = [["staff_group", *STAFF_ITEMS, "comment", "comments"]] + [
        ["A", *[1 + i % 5] * len(STAFF_ITEMS), f"note {i}", f"aside {i}"] for i in range(15)
    ]
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": staff, "Board": board})
    diagnosis = culturekit.diagnose(path)
    assert diagnosis.comments == []
    text = diagnosis.to_json()
    for fragment in ("message 1", "remark 1", "note 1", "aside 1"):
        assert fragment not in text, fragment
    assert {b.by for b in diagnosis.breakdowns} <= {"staff_group", "role"}


# ----------------------------------------------------------------------------- known bugs


def _small_source_workbook(tmp_path: Path, case: str) -> Path:
    rng = np.random.default_rng(11)
    if case == "board of eight":
        from helpers.workbooks import BOARD_ITEMS

        board = [["member_id", "role", *BOARD_ITEMS]] + [
            [
                f"B{i}",
                "executive" if i < 4 else "non-executive",
                *[int(v) for v in rng.integers(1, 6, size=len(BOARD_ITEMS))],
            ]
            for i in range(8)
        ]
        staff = [["staff_group", *STAFF_ITEMS]] + [
            ["A" if i < 20 else "B", *[int(v) for v in rng.integers(1, 6, size=len(STAFF_ITEMS))]]
            for i in range(40)
        ]
        return make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": staff, "Board": board})
    # 30 staff, but only 6 answered the teamwork items
    staff = [["staff_group", *STAFF_ITEMS]]
    for i in range(30):
        values = [int(v) for v in rng.integers(1, 6, size=len(STAFF_ITEMS))]
        if i >= 6:
            values = [
                None if c.startswith("TW") else v for c, v in zip(STAFF_ITEMS, values, strict=True)
            ]
        staff.append(["A" if i < 15 else "B", *values])
    return make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": staff})


@pytest.mark.parametrize("case", ["board of eight", "teamwork answered by six"])
def test_breakdown_overall_never_shows_a_suppressed_score(tmp_path: Path, case: str) -> None:
    diagnosis = culturekit.diagnose(_small_source_workbook(tmp_path, case))
    suppressed = {
        (s, e.id) for e in diagnosis.elements for s, score in e.sources.items() if score.suppressed
    }
    assert suppressed  # the case really has a suppressed score
    data = json.loads(diagnosis.to_json())
    for breakdown in data["breakdowns"]:
        for element, value in breakdown["overall"].items():
            if (breakdown["source"], element) in suppressed:
                assert value is None, (breakdown["source"], breakdown["by"], element, value)


def test_every_suppression_reason_is_worded_by_privacy() -> None:
    from culturekit.privacy import comments_reason, suppression_reason, withheld_reason

    assert suppression_reason(11) == "fewer than 11 responses"
    assert suppression_reason(11, unit="staff") == "fewer than 11 staff"
    assert suppression_reason(11, unit=None) == "fewer than 11"
    assert (
        suppression_reason(11, where=["2023", "2024"]) == "fewer than 11 responses in 2023 and 2024"
    )
    assert suppression_reason(5, complementary=True) == (
        "hidden so that a group of fewer than 5 cannot be worked out by subtraction"
    )
    assert comments_reason(11) == "fewer than 11 respondents wrote comments; not shown"
    assert withheld_reason(11, "staff in a group were hired", "the rate would reveal how many") == (
        "Withheld: fewer than 11 staff in a group were hired, and the rate would reveal how many"
    )


def test_no_module_words_a_suppression_reason_of_its_own() -> None:
    """ "fewer than N" is written only by culturekit.privacy (docstrings and comments aside)."""
    import ast
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "culturekit"
    offenders = []
    for path in package.rglob("*.py"):
        if path.parent.name == "privacy":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                if re.search(r"fewer than\s*$|hidden so that", text) or text.startswith(
                    "fewer than "
                ):
                    offenders.append(f"{path.relative_to(package)}:{node.lineno}")
    assert offenders == []

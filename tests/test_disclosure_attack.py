"""Disclosure attacks: no output may give back a group of fewer than the threshold.

The attacker (tests/attack/attacker.py) is written from the published outputs alone; its
module docstring is the threat model. The regression workbooks are the eight ways of
issue 11; the ways not yet closed are marked ``xfail``.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
from attack.attacker import attack, disclosed, survey_tables
from attack.lp import Count, Interval, LinkedTables, Mean
from attack.published import PublishedGroup, SurveyView
from attack.runs import run
from attack.truth import Truth
from attack.workbooks import WAYS, people, plain_staff, sheet_rows, survey, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import culturekit

# -- the attacker itself, on tables whose answer is known ---------------------------------


def one_way(sizes: dict[str, int | None], total: int, means=None, overall=None) -> SurveyView:
    """One grouping column; a size of None is a hidden group."""
    means = means or {}
    groups = [
        PublishedGroup(
            label,
            Interval(n, n) if n is not None else Interval(1, 10),
            {"m": Interval.exact(means[label])} if n is not None and label in means else {},
        )
        for label, n in sizes.items()
    ]
    view = SurveyView("diagnosis", "staff", Interval(total, total), breakdowns={"g": groups})
    if overall is not None:
        view.means["m"] = Interval.exact(overall)
    return view


def test_one_hidden_group_is_recovered_exactly_with_its_mean():
    means = {"a": 6.0, "b": 7.0, "c": 2.0}
    overall = (20 * 6.0 + 15 * 7.0 + 3 * 2.0) / 38
    tables = survey_tables(
        one_way({"a": 20, "b": 15, "c": None}, 38, means, overall), ["g"], None, missing=False
    )
    target = tables.select(lambda a: a[0] == "c")
    assert tables.count_bounds(target) == Interval(3, 3)
    mean = tables.mean_bounds(target, "m", 3)
    assert mean.width < 1e-6 and 2.0 in mean


def test_two_hidden_groups_pin_neither():
    tables = survey_tables(one_way({"a": 20, "b": None, "c": None}, 38), ["g"], None, missing=False)
    for label in ("b", "c"):
        bounds = tables.count_bounds(tables.select(lambda a, x=label: a[0] == x))
        assert not bounds.pinned
        # 18 people share b and c, each 1 to 10 by the suppression reason.
        assert bounds == Interval(8, 10)


def test_rounded_means_leave_an_interval():
    # Total 38 at mean 5.0 (1 decimal), a = 35 at 5.0 (1 decimal): c's mean is 5 +- ~6.
    tables = LinkedTables([("a",), ("c",)], ["m"])
    tables.add(Count(frozenset({("a",), ("c",)}), Interval(38, 38)))
    tables.add(Count(frozenset({("a",)}), Interval(35, 35)))
    tables.add(Mean(frozenset({("a",), ("c",)}), "m", Interval.rounded(5.0, 1)))
    tables.add(Mean(frozenset({("a",)}), "m", Interval.rounded(5.0, 1)))
    mean = tables.mean_bounds(frozenset({("c",)}), "m", 3)
    assert mean.low == pytest.approx((38 * 4.95 - 35 * 5.05) / 3)
    assert mean.high == pytest.approx((38 * 5.05 - 35 * 4.95) / 3)


def brute_force(shown: dict, limit: int) -> dict:
    """Every 2x2 table with cells 0..limit consistent with ``shown`` margins and cells."""
    cells = [(r, c) for r in "xy" for c in "uv"]
    seen: dict = {cell: set() for cell in cells}
    for values in itertools.product(range(limit + 1), repeat=4):
        table = dict(zip(cells, values, strict=True))
        margins = {
            **table,
            "x": table["x", "u"] + table["x", "v"],
            "y": table["y", "u"] + table["y", "v"],
            "u": table["x", "u"] + table["y", "u"],
            "v": table["x", "v"] + table["y", "v"],
        }
        if all(margins[k] == v for k, v in shown.items()):
            for cell in cells:
                seen[cell].add(table[cell])
    return seen


@pytest.mark.parametrize("seed", range(6))
def test_lp_matches_brute_force_on_a_two_by_two_table(seed: int):
    rng = random.Random(seed)
    true = {(r, c): rng.randint(0, 6) for r in "xy" for c in "uv"}
    margins = {
        "x": true["x", "u"] + true["x", "v"],
        "y": true["y", "u"] + true["y", "v"],
        "u": true["x", "u"] + true["y", "u"],
        "v": true["x", "v"] + true["y", "v"],
    }
    shown = {**margins, **{k: v for k, v in true.items() if rng.random() < 0.4}}
    tables = LinkedTables(list(true))
    for key, value in shown.items():
        atoms = [a for a in true if key in (a, a[0], a[1])]
        tables.add(Count(frozenset(atoms), Interval(value, value)))
    expected = brute_force(shown, sum(true.values()))
    for cell in true:
        bounds = tables.count_bounds([cell])
        assert (bounds.low, bounds.high) == (min(expected[cell]), max(expected[cell]))


def published_comments(folder: Path) -> Truth:
    """Comments asked for and written by 12 of 30 respondents: they are published, so the
    attacker must find them wherever an output shows them."""
    rng = random.Random(9)
    staff = plain_staff(rng, 30)
    texts = [f"Comment {n}: the night handover on ward {n} needs more time." for n in range(12)]
    rows = sheet_rows("staff", staff, ["staff_group"], {"comment": texts + [None] * 18})
    truth = Truth(
        write(folder, "comments.xlsx", {"Staff": rows}), run_options={"include_comments": True}
    )
    survey(truth, "staff", staff, ["staff_group"])
    truth.texts += texts
    return truth


def test_attacker_reads_free_text_and_labels_from_every_format(tmp_path: Path):
    # The free-text column of way 5 is no longer a grouping, so the attacker's reading of
    # text is checked on comments that are published on purpose.
    truth = published_comments(tmp_path)
    report = attack(run(truth, tmp_path / "out"), truth)
    assert report.checked >= len(truth.texts)
    wheres = {f.where for f in report.findings if f.what == "text"}
    assert wheres, "the attacker should find the free text the issue describes"


# -- the eight ways ----------------------------------------------------------------------


@pytest.mark.parametrize("way", list(WAYS))
def test_no_way_recovers_a_small_group(way: str, tmp_path: Path):
    truth = WAYS[way](tmp_path)
    report = attack(run(truth, tmp_path / "out"), truth)
    assert report.checked > 0
    assert not report.findings, "\n".join(disclosed(report))
    assert not report.notes, "\n".join(report.notes)


# -- generated workbooks -----------------------------------------------------------------

COLUMN_KINDS = st.sampled_from(["nested", "crossed", "rollup"])


@st.composite
def trusts(draw):
    sizes = draw(st.lists(st.integers(1, 30), min_size=2, max_size=4))
    kind = draw(COLUMN_KINDS)
    padded = draw(st.integers(0, 3))
    board = draw(st.integers(0, 12))
    seed = draw(st.integers(0, 10_000))
    return sizes, kind, padded, board, seed


def generated(folder: Path, sizes, kind: str, padded: int, board: int, seed: int) -> Truth:
    rng = random.Random(seed)
    rows = []
    for g, n in enumerate(sizes):
        for k in range(n):
            second = {
                "nested": f"site {g // 2}",
                "crossed": f"shift {rng.randint(0, 1)}",
                "rollup": "upper" if g % 2 else "lower",
            }[kind]
            rows.append({"team": f"team {g}", "unit": second, "_": k})
    staff = people(rng, "staff", rows)
    sheets = {"Staff": sheet_rows("staff", staff, ["team", "unit"])}
    members = people(rng, "board", [{"role": "executive"}] * board)
    if board:
        sheets["Board"] = sheet_rows("board", members, ["role"]) + [["other"]] * padded
    truth = Truth(write(folder, "generated.xlsx", sheets), run_options={"group_by": ["unit"]})
    survey(truth, "staff", staff, ["team", "unit"])
    if board:
        survey(truth, "board", members, ["role"])
    return truth


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(trusts())
def test_generated_workbooks_disclose_nothing(tmp_path_factory, trust):
    folder = tmp_path_factory.mktemp("generated")
    try:
        truth = generated(folder, *trust)
        out = run(truth, folder / "out")
    except culturekit.CulturekitError:
        return  # too few respondents for a diagnosis at all: nothing is published
    report = attack(out, truth)
    assert not report.findings, "\n".join(disclosed(report))

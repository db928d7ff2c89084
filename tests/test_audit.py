"""The linked-table audit and the suppression driver, against hand-worked tables, brute
force and an attacker written independently (tests/attack/lp.py)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from attack.lp import Count, Interval, LinkedTables, Mean
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from culturekit.privacy.audit import Cell, Figure, LinkedTable, audit, count_interval
from culturekit.privacy.audit import Interval as Bounds
from culturekit.privacy.linked import (
    ItemAnswers,
    SurveySource,
    Withheld,
    pair_table,
    protect_comparison,
    protect_source,
)
from culturekit.privacy.protect import protect, rule_suppression
from culturekit.privacy.release import release

T = 11


def one_way(counts: Sequence[int], sums: Sequence[float]) -> LinkedTable:
    """One column's groups a, b, c, ... beside the whole source."""
    counts_a = np.array(counts)
    sums_a = np.array(sums, dtype=float)
    every = frozenset(range(len(counts)))
    cells = [Cell("total", (Figure(every, int(counts_a.sum()), sums_a.sum()),), suppressible=False)]
    for i, n in enumerate(counts):
        cells.append(Cell("abcdefgh"[i], (Figure(frozenset({i}), n, sums_a[i]),), family="col"))
    return LinkedTable("one way", counts_a, cells, sums_a)


# -- hand-worked examples ----------------------------------------------------------------------


def test_a_lone_small_group_is_recovered_with_its_mean():
    table = one_way([20, 15, 3], [100.0, 60.0, 27.0])
    result = audit([table], {"c"}, T)
    [found] = result.disclosed
    assert found.key == "c" and found.count == Bounds(3, 3)
    assert found.mean is not None and found.mean.low == pytest.approx(9.0)
    assert found.mean.width < 1e-6


def test_means_printed_to_one_decimal_leave_an_interval():
    table = one_way([20, 15, 3], [100.0, 60.0, 27.0])
    table.cells[:] = [replace(c, decimals=1) for c in table.cells]
    [found] = audit([table], {"c"}, T).disclosed
    # Each of the three shown means is known to +-0.05, times its count.
    assert found.mean is not None
    assert found.mean.width == pytest.approx(0.1 * (38 + 20 + 15) / 3)
    assert found.mean.low < 9.0 < found.mean.high


def linked_copies() -> tuple[LinkedTable, frozenset[int]]:
    """Nine people split two ways: by A (a1 = 1, a2 = 8; atoms 0, 1) and by B (b1 = 5,
    b2 = 4; atoms 2, 3). A's total is never printed; B's parts are shown."""
    counts = np.array([1, 8, 5, 4])
    cells = [
        Cell("A total", (Figure(frozenset({0, 1}), 9),), listed=False),
        Cell("a1", (Figure(frozenset({0}), 1),)),
        Cell("a2", (Figure(frozenset({1}), 8),)),
        Cell("b1", (Figure(frozenset({2}), 5),)),
        Cell("b2", (Figure(frozenset({3}), 4),)),
    ]
    return LinkedTable("copies", counts, cells), frozenset({0})


def test_a_link_between_two_splits_of_the_same_people_is_used():
    table, a1 = linked_copies()
    hidden = {"A total", "a1"}
    # Unlinked, a1 is only "fewer than 3": 1 or 2.
    assert count_interval(table, hidden, 3, a1) == Bounds(1, 2)
    assert audit([table], hidden, 3).passed
    # Linked, a1 + a2 = b1 + b2 = 9 gives a1 = 1.
    linked = replace(table, links=((frozenset({0, 1}), frozenset({2, 3})),))
    assert count_interval(linked, hidden, 3, a1) == Bounds(1, 1)
    [found] = audit([linked], hidden, 3).disclosed
    assert found.key == "a1"


def test_release_hides_the_cheapest_cell_that_frees_the_target():
    # Total 20 shown, a = 1 hidden (threshold 3), b = 9 and c = 10 shown: a = 20 - 19.
    counts = np.array([1, 9, 10])
    cells = [
        Cell("total", (Figure(frozenset({0, 1, 2}), 20),), suppressible=False),
        Cell("a", (Figure(frozenset({0}), 1),)),
        Cell("b", (Figure(frozenset({1}), 9),)),
        Cell("c", (Figure(frozenset({2}), 10),)),
    ]
    table = LinkedTable("one way", counts, cells)
    target = cells[1]
    assert not audit([table], {"a"}, 3).passed
    by_count = release(table, {"a"}, 3, target, lambda c: float(c.count))
    assert by_count == ["b"]
    prefer_c = release(table, {"a"}, 3, target, lambda c: 1.0 if c.key == "c" else 5.0)
    assert prefer_c == ["c"]
    # Hidden as a complement (at least 3), b leaves a anywhere from 1 to 2.
    assert count_interval(table, {"a", "b"}, 3, {0}) == Bounds(1, 2)
    # Already free: nothing to hide; the total alone cannot be released.
    assert release(table, {"a", "b"}, 3, target, lambda c: 1.0) == []


def test_a_hidden_complement_protects_the_small_group():
    table = one_way([20, 15, 3], [100.0, 60.0, 27.0])
    result = audit([table], {"b", "c"}, T)
    assert result.passed and result.checked == 1
    # 15 + 3 = 18 hidden; the complement is at least 11, so the small group is 1 to 7.
    assert count_interval(table, {"b", "c"}, T, {2}) == Bounds(1, 7)
    protection = protect([table], T)
    assert protection.hidden == {"b", "c"} and protection.summary.extra_suppressions == 0


def rollup_source() -> SurveySource:
    """Detailed ethnicity nested in White/BME; Mixed (5) is the only small group."""
    sizes = {"White British": 880, "White Other": 20, "Asian": 60, "Black": 35, "Mixed": 5}
    ethnicity = [label for label, n in sizes.items() for _ in range(n)]
    group = ["White" if e.startswith("White") else "BME" for e in ethnicity]
    scores = np.random.default_rng(3).uniform(0, 10, len(ethnicity))
    mask = np.ones(len(ethnicity), dtype=bool)
    frame = pd.DataFrame({"ethnicity": ethnicity, "ethnicity_group": group})
    return SurveySource("staff", frame, {"e": mask}, {"e": scores})


def test_one_column_complement_fails_across_a_rollup_and_the_driver_fixes_it():
    source = rollup_source()
    codes = {c: pd.factorize(source.groups[c], sort=True) for c in source.groups.columns}
    table = pair_table(
        "staff", ("ethnicity", "ethnicity_group"), codes, np.ones(1000), None, None, False
    )
    by_rule = rule_suppression([table], T)
    # Today's rule hides Mixed and the smallest other group of its column, White Other...
    assert by_rule == {("ethnicity", "Mixed"), ("ethnicity", "White Other")}
    # ...but BME 100 - Asian 60 - Black 35 gives Mixed back.
    assert not audit([table], by_rule, T).passed
    protection = protect_source(source, T)
    hidden = protection.withheld.groups
    assert ("ethnicity", "Mixed") in hidden and ("ethnicity", "Black") in hidden
    assert protection.summary.passed and protection.summary.extra_suppressions >= 1
    # An independent attacker finds Mixed anywhere from 1 to 10.
    attacker = published_attacker(source, protection)
    mixed = attacker.select(lambda atom: atom[0] == "Mixed")
    assert attacker.count_bounds(mixed).width > 0


def crossed_table() -> tuple[LinkedTable, dict[str, frozenset[int]]]:
    """A 2x3 table: rows a1 (12, all in b3) and a2 (25: b1 21, b2 4); columns b1, b2, b3."""
    atoms = {("a1", "b1"): 0, ("a1", "b2"): 0, ("a1", "b3"): 12}
    atoms |= {("a2", "b1"): 21, ("a2", "b2"): 4, ("a2", "b3"): 0}
    keys = list(atoms)
    counts = np.array([atoms[k] for k in keys])
    sums = counts * np.array([5.0, 5.0, 6.0, 7.0, 2.0, 5.0])
    sets = {}
    cells = [Cell("total", (Figure(frozenset(range(6)), 37, sums.sum()),), suppressible=False)]
    for position, label in [(0, "a1"), (0, "a2"), (1, "b1"), (1, "b2"), (1, "b3")]:
        members = frozenset(i for i, k in enumerate(keys) if k[position] == label)
        sets[label] = members
        total = float(sums[list(members)].sum())
        figure = Figure(members, int(counts[list(members)].sum()), total)
        cells.append(Cell(label, (figure,), family=position))
    return LinkedTable("2x3", counts, cells, sums), sets


def test_a_crossed_table_gives_a_small_column_back_through_a_row():
    table, sets = crossed_table()
    by_rule = rule_suppression([table], T)
    assert by_rule == {"b2", "b3"}
    [found] = audit([table], by_rule, T).disclosed
    # b1 lies wholly in a2, so a2 - b1 is b2: count and mean exact.
    assert found.key == "b2" and found.count == Bounds(4, 4)
    assert found.mean is not None and found.mean.low == pytest.approx(2.0)
    protection = protect([table], T)
    assert protection.summary.passed
    assert protection.extra == ("b1",)
    assert count_interval(table, protection.hidden, T, sets["b2"]).width > 0


def item_answers(answered: Sequence[int], positive: Sequence[int]) -> list[ItemAnswers]:
    n = max(answered)
    items = []
    for i, (a, p) in enumerate(zip(answered, positive, strict=True)):
        mask = np.arange(n) < a
        items.append(ItemAnswers(f"q{i}", mask, np.arange(n) < p, (np.arange(n) >= p) & mask))
    return items


def test_an_item_with_eight_answers_is_recovered_from_the_element_totals():
    answers = item_answers([40, 35, 30, 8], [20, 10, 15, 5])
    frame = pd.DataFrame({"band": ["Band 5"] * 40})
    mask = np.ones(40, dtype=bool)
    source = SurveySource("staff", frame, {"e": mask}, {"e": np.full(40, 5.0)}, {"e": answers})
    protection = protect_source(source, T)
    assert not protection.item_shown("e", "q3")
    # The smallest other item is hidden with it, and the totals stay shown.
    assert not protection.item_shown("e", "q2") and protection.totals_shown("e")
    assert protection.summary.passed
    # An independent attacker over (item, answer) atoms pins none of q3's counts.
    shown = [i for i, a in enumerate(answers) if protection.item_shown("e", a.code)]
    atoms = [(i, kind) for i in range(4) for kind in ("pos", "neg")]
    tables = LinkedTables(atoms)
    tables.add(Count(frozenset(atoms), Interval(113, 113)))
    tables.add(Count(frozenset(a for a in atoms if a[1] == "pos"), Interval(50, 50)))
    for i in shown:
        a = answers[i]
        pos = int(a.positive.sum())
        tables.add(Count(frozenset({(i, "pos")}), Interval(pos, pos)))
        neg = int(a.negative.sum())
        tables.add(Count(frozenset({(i, "neg")}), Interval(neg, neg)))
    for i in set(range(4)) - set(shown):
        tables.add(
            Count(frozenset({(i, "pos"), (i, "neg")}), Interval(1, T - 1 if i == 3 else 1e6))
        )
    q3 = tables.select(lambda a: a[0] == 3)
    assert tables.count_bounds(q3).width > 0
    assert tables.count_bounds(frozenset({(3, "pos")})).width > 0


def test_comparison_hides_a_group_hidden_on_either_side_on_both():
    pre = rollup_source()
    sizes = {"White British": 880, "White Other": 20, "Asian": 60, "Black": 7, "Mixed": 33}
    ethnicity = [label for label, n in sizes.items() for _ in range(n)]
    frame = pd.DataFrame(
        {
            "ethnicity": ethnicity,
            "ethnicity_group": ["White" if e.startswith("White") else "BME" for e in ethnicity],
        }
    )
    mask = np.ones(len(ethnicity), dtype=bool)
    post = SurveySource("staff", frame, {"e": mask}, {"e": np.linspace(0, 10, len(mask))})
    first, second = protect_comparison(pre, post, T)
    assert first.withheld == second.withheld
    for side in (first, second):
        assert not side.group_shown("ethnicity", "Mixed")
        assert not side.group_shown("ethnicity", "Black")
        assert side.summary.passed


# -- the solver against brute force ---------------------------------------------------------


def brute_force(table: LinkedTable, hidden: set, threshold: int, target: frozenset[int]):
    """Every table of whole numbers on the same atoms publishing the same counts (the
    whole's count is one more cell, shown or not)."""
    occupied = [i for i, n in enumerate(table.counts) if n > 0]
    total = int(table.counts.sum())
    caps = []
    for atom in occupied:
        # No finite bound exceeds the whole (or threshold-1 when the whole is hidden as
        # small); one more shows an unbounded complement is not pinned.
        cap = max(total, threshold - 1) + 1
        for cell in table.cells:
            if atom in cell.atoms and cell.key not in hidden:
                cap = min(cap, cell.count)
            elif atom in cell.atoms and 0 < cell.count < threshold:
                cap = min(cap, threshold - 1)
        caps.append(cap)
    values = set()
    for choice in itertools.product(*(range(c + 1) for c in caps)):
        x = np.zeros(len(table.counts), dtype=int)
        x[occupied] = choice
        fits = True
        for cell in table.cells:
            n = int(x[list(cell.atoms)].sum())
            if cell.key not in hidden or cell.count == 0:
                fits = n == cell.count
            elif 0 < cell.count < threshold:
                fits = 1 <= n <= threshold - 1
            else:
                fits = n >= threshold
            if not fits:
                break
        if fits:
            values.add(int(x[list(target)].sum()))
    return Bounds(min(values), max(values))


def random_two_way(seed: int) -> LinkedTable:
    rng = np.random.default_rng(seed)
    rows, columns = 2, int(rng.integers(2, 4))
    counts = rng.integers(0, 5, size=rows * columns) * (rng.random(rows * columns) > 0.25)
    cells = [
        Cell(
            "total",
            (Figure(frozenset(range(rows * columns)), int(counts.sum())),),
            suppressible=False,
        )
    ]
    for r in range(rows):
        atoms = frozenset(r * columns + c for c in range(columns))
        cells.append(Cell(("r", r), (Figure(atoms, int(counts[list(atoms)].sum())),), family="r"))
    for c in range(columns):
        atoms = frozenset(r * columns + c for r in range(rows))
        cells.append(Cell(("c", c), (Figure(atoms, int(counts[list(atoms)].sum())),), family="c"))
    return LinkedTable(f"random {seed}", counts.astype(int), cells)


@pytest.mark.parametrize("seed", range(12))
def test_count_bounds_match_brute_force(seed: int):
    table = random_two_way(seed)
    threshold = 4
    rng = np.random.default_rng(seed + 100)
    hidden = {c.key for c in table.cells if c.suppressible and rng.random() < 0.5}
    hidden |= {c.key for c in table.cells if 0 < c.count < threshold}
    for cell in table.cells:
        if cell.count == 0 or not cell.suppressible:
            continue
        expected = brute_force(table, hidden, threshold, cell.atoms)
        found = count_interval(table, hidden, threshold, cell.atoms)
        if math.isinf(found.high):
            assert found.low == expected.low and expected.high > cell.count
        else:
            assert found == expected
    # The audit calls a target disclosed exactly when brute force pins it.
    result = audit([table], hidden, threshold)
    pinned = {
        c.key
        for c in table.cells
        if c.key in hidden
        and 0 < c.count < threshold
        and brute_force(table, hidden, threshold, c.atoms).width == 0
        and c.suppressible
    }
    assert {d.key for d in result.disclosed} == pinned


# -- property: after the driver, an independent attacker pins nothing ------------------------


def published_attacker(source: SurveySource, protection) -> LinkedTables:
    """The attacker of tests/attack/lp.py over the first two columns' atoms, from what the
    protection lets a report show (every respondent scored on element ``e``)."""
    columns = list(source.groups.columns)[:2]
    labels = source.groups[columns].astype(str)
    rows = [tuple(r) for r in labels.itertuples(index=False)]
    scores = np.asarray(source.scores["e"], dtype=float)
    atoms = sorted(set(rows))
    tables = LinkedTables(atoms, ["e"])
    everyone = frozenset(atoms)
    tables.add(Count(everyone, Interval(len(rows), len(rows))))
    tables.add(Mean(everyone, "e", Interval.exact(float(scores.mean()))))
    for i, column in enumerate(columns):
        counts = labels[column].value_counts()
        if not any(protection.group_shown(column, label) for label in counts.index):
            # A column whose every group is hidden is published without its groups, not
            # even their labels or why they are hidden: the reader learns nothing of them.
            continue
        for label, n in counts.items():
            part = tables.select(lambda a, i=i, g=label: a[i] == g)
            if protection.group_shown(column, label):
                tables.add(Count(part, Interval(int(n), int(n))))
                if protection.cell_shown(column, label, "e"):
                    mean = float(scores[(labels[column] == label).to_numpy()].mean())
                    tables.add(Mean(part, "e", Interval.exact(mean)))
            elif n < T:
                tables.add(Count(part, Interval(1, T - 1)))
            else:
                tables.add(Count(part, Interval(T, 1e6)))
    return tables


@st.composite
def sources(draw):
    n = draw(st.integers(12, 40))
    k_a = draw(st.integers(2, 4))
    k_b = draw(st.integers(2, 3))
    weights_a = draw(st.lists(st.integers(1, 8), min_size=k_a, max_size=k_a))
    weights_b = draw(st.lists(st.integers(1, 8), min_size=k_b, max_size=k_b))
    nested = draw(st.booleans())
    seed = draw(st.integers(0, 10_000))
    rng = np.random.default_rng(seed)
    a = rng.choice(k_a, size=n, p=np.array(weights_a) / sum(weights_a))
    # Nested: a roll-up, each group of A lies in one group of B.
    b = a % k_b if nested else rng.choice(k_b, size=n, p=np.array(weights_b) / sum(weights_b))
    frame = pd.DataFrame({"A": [f"a{v}" for v in a], "B": [f"b{v}" for v in b]})
    scores = rng.integers(0, 11, size=n).astype(float)
    mask = np.ones(n, dtype=bool)
    return SurveySource("staff", frame, {"e": mask}, {"e": scores})


def two_columns(a: list[str], b: list[str]) -> SurveySource:
    """A source of two grouping columns, every respondent scored on ``e``."""
    n = len(a)
    frame = pd.DataFrame({"A": a, "B": b})
    scores = (np.arange(n) % 11).astype(float)
    return SurveySource("staff", frame, {"e": np.ones(n, dtype=bool)}, {"e": scores})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sources())
# Every group of both columns ends hidden, so both are published without their groups: an
# attacker told each hidden group's size class would pin a0 at 16 - 3 x 5 = 1.
@example(two_columns(["a0"] + ["a1"] * 5 + ["a2"] * 5 + ["a3"] * 5, ["b0"] * 7 + ["b1"] * 9))
def test_after_the_driver_no_small_group_is_pinned(source: SurveySource):
    threshold = 5
    global T
    saved, T = T, threshold
    try:
        protection = protect_source(source, threshold)
        assert protection.summary.passed
        attacker = published_attacker(source, protection)
        for i, column in enumerate(source.groups.columns[:2]):
            for label, n in source.groups[column].value_counts().items():
                if not 0 < n < threshold:
                    continue
                target = attacker.select(lambda a, i=i, g=label: a[i] == g)
                bounds = attacker.count_bounds(target)
                assert bounds.width > 0, f"{column}={label} pinned at {n}"
    finally:
        T = saved


def test_already_withheld_figures_stay_withheld():
    source = rollup_source()
    already = Withheld(groups=frozenset({("ethnicity", "Asian")}))
    protection = protect_source(source, T, already=already)
    assert not protection.group_shown("ethnicity", "Asian")
    assert protection.summary.passed


def test_a_bound_published_elsewhere_narrows_a_hidden_cell():
    table = one_way([20, 12, 3], [100.0, 60.0, 27.0])
    # b's cell is hidden as a complement (so at least 11), and 12 is b's size, shown
    # elsewhere: c is 15 - b, so 3 or 4.
    assert count_interval(table, {"b", "c"}, T, {2}) == Bounds(1, 4)
    table.cells[2] = replace(table.cells[2], ceiling=12)
    assert count_interval(table, {"b", "c"}, T, {2}) == Bounds(3, 4)


@st.composite
def element_items(draw):
    k = draw(st.integers(2, 5))
    answered = draw(st.lists(st.integers(0, 25), min_size=k, max_size=k))
    shares = draw(st.lists(st.floats(0, 1), min_size=k, max_size=k))
    positive = [round(a * s) for a, s in zip(answered, shares, strict=True)]
    negative = [draw(st.integers(0, a - p)) for a, p in zip(answered, positive, strict=True)]
    return answered, positive, negative


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(element_items())
def test_after_the_driver_no_hidden_item_is_pinned(drawn):
    answered, positive, negative = drawn
    n = max(max(answered), T)
    rows = np.arange(n)
    answers = [
        ItemAnswers(f"q{i}", rows < a, rows < p, (rows >= p) & (rows < p + m))
        for i, (a, p, m) in enumerate(zip(answered, positive, negative, strict=True))
    ]
    frame = pd.DataFrame({"band": ["Band 5"] * n})
    mask = np.ones(n, dtype=bool)
    source = SurveySource("staff", frame, {"e": mask}, {"e": np.full(n, 5.0)}, {"e": answers})
    protection = protect_source(source, T)
    assert protection.summary.passed
    kinds = ("pos", "neg", "other")
    atoms = [(i, kind) for i in range(len(answers)) for kind in kinds]
    tables = LinkedTables(atoms)
    truth = {}
    for i, (a, p, m) in enumerate(zip(answered, positive, negative, strict=True)):
        truth |= {(i, "pos"): p, (i, "neg"): m, (i, "other"): a - p - m}
    if protection.totals_shown("e"):
        for kind in kinds:
            part = frozenset(x for x in atoms if x[1] == kind)
            total = sum(truth[x] for x in part)
            tables.add(Count(part, Interval(total, total)))
    for i, a in enumerate(answered):
        if protection.item_shown("e", f"q{i}"):
            for kind in kinds:
                tables.add(Count(frozenset({(i, kind)}), Interval(truth[i, kind], truth[i, kind])))
        elif a < T:
            tables.add(Count(frozenset((i, k) for k in kinds), Interval(0, T - 1)))
    for i, a in enumerate(answered):
        if not 0 < a < T:
            continue
        for part in (frozenset((i, k) for k in kinds), {(i, "pos")}, {(i, "neg")}):
            if not sum(truth[x] for x in part):
                continue  # empty cells are known to be empty (never suppressed)
            assert tables.count_bounds(part).width > 0, f"item q{i} {sorted(part)}"


# -- the audit wired into the diagnosis ------------------------------------------------


def test_northwick_outputs_state_the_audit_and_it_passes(tmp_path):
    import json
    from pathlib import Path

    import openpyxl

    import culturekit
    from culturekit.scoring.breakdowns import grouping_columns
    from culturekit.scoring.disclosure import survey_source
    from culturekit.scoring.perceptions import score_respondents

    workbook = Path(__file__).parent.parent / "examples" / "northwick-post.xlsx"
    out = tmp_path / "out"
    culturekit.run_diagnose(workbook, out, formats=["json", "html", "xlsx"])
    audits = json.loads((out / "diagnosis.json").read_text())["data_quality"]["disclosure"]
    data = culturekit.load(workbook)
    fw = data.framework
    assert [a["source"] for a in audits] == [*data.surveys, "workforce"]
    for found in audits[:-1]:
        survey = data.surveys[found["source"]]
        scored = score_respondents(survey, fw)
        source = survey_source(survey, scored, fw, grouping_columns(survey, scored, []))
        # The JSON records what protecting the source again finds, and nothing is left.
        again = protect_source(source, fw.reporting_threshold).summary
        assert found["cells_checked"] == again.cells_checked
        assert found["extra_suppressions"] == again.extra_suppressions
        assert found["passed"] and again.passed and not again.disclosed
        # Every hidden size can still take two values at least: never one size.
        assert found["size_values"] is None or found["size_values"] >= 2
    workforce = audits[-1]
    assert workforce["passed"] and workforce["cells_checked"] > 0
    assert workforce["size_values"] >= 2 and workforce["mean_range"] is None
    html = (out / "report.html").read_text()
    assert "Disclosure audit" in html
    assert "Workforce tables: " in html
    staff = audits[0]
    assert f"{staff['cells_checked']} hidden cells checked" in html
    sheet = openpyxl.load_workbook(out / "report.xlsx")["Disclosure audit"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [(r[1], r[2], r[5]) for r in rows] == [
        (a["cells_checked"], a["extra_suppressions"], "passed") for a in audits
    ]

"""Honest verdicts in compare: one rule for every change, worded the same everywhere.

The bundled Northwick comparison is the main case: a board of 16 then 15 must read "too
few to tell", its staff's % positive must be tested with respondents as clusters, and
existing-data and workforce moves too small to show must not be called improvements.
Expected values are worked out here from the workbooks' answers (scipy, statsmodels), and
the rule's figures are read from the default framework file as plain YAML.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import scipy.stats as st
import statsmodels.api as sm
import yaml
from hypothesis import given, settings
from hypothesis import strategies as hst
from statsmodels.stats.proportion import proportions_ztest

import culturekit
from culturekit.comparison.verdicts import change_verdict, figure_verdict, parity_verdict
from culturekit.framework import default_framework
from culturekit.network import summarise_network
from culturekit.precision import unit_places
from culturekit.report.compare_html import render_compare_html
from culturekit.report.presentation import numbers
from culturekit.report.presentation.compare_tables import group_tables, item_tables
from culturekit.report.presentation.comparison import (
    dashboard_tally,
    source_finding,
    summary_context,
)
from culturekit.report.presentation.tags import change_tag, parity_tag
from culturekit.report.presentation.words import verdict_tag
from culturekit.report.terminal import comparison_table

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DEFAULT_FILE = Path(__file__).resolve().parents[1] / "culturekit" / "framework" / "default.yaml"
RULES = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))["rules"]
FW = default_framework()
MOVES = {"better", "worse"}
UP_DOWN = re.compile("[▲▼]")


@pytest.fixture(scope="module")
def northwick() -> tuple[Any, Any, Any]:
    pre = culturekit.load(EXAMPLES / "northwick-pre.xlsx")
    post = culturekit.load(EXAMPLES / "northwick-post.xlsx")
    return pre, post, culturekit.compare(pre, post)


# --------------------------------------------------------------------------- oracles


def oriented(codes: pd.DataFrame, source: str, element: str) -> np.ndarray:
    """Answer codes of the element's items, negatively worded ones reversed (1-5)."""
    items = [i for i in FW.items_of(source, element) if i.code in codes.columns]
    return np.column_stack(
        [(6 - codes[i.code] if i.reverse else codes[i.code]).to_numpy(float) for i in items]
    )


def element_scores(codes: pd.DataFrame, source: str, element: str) -> np.ndarray:
    """Respondent scores (0-10) of those who answered at least half the items."""
    block = (oriented(codes, source, element) - 1) * 2.5
    answered = (~np.isnan(block)).sum(axis=1)
    keep = answered >= math.ceil(0.5 * block.shape[1])
    return np.nanmean(block[keep], axis=1)


def detectable(pre: np.ndarray, post: np.ndarray, tests: int) -> float:
    """The minimum detectable change, Welch's standard error by hand, scipy quantiles."""
    va, vb = np.var(pre, ddof=1) / len(pre), np.var(post, ddof=1) / len(post)
    df = (va + vb) ** 2 / (va**2 / (len(pre) - 1) + vb**2 / (len(post) - 1))
    level = st.t.ppf(1 - RULES["change_alpha"] / (2 * tests), df)
    return (level + st.t.ppf(RULES["change_power"], df)) * math.sqrt(va + vb)


def favourable(codes: pd.DataFrame, source: str, element: str) -> tuple[np.ndarray, np.ndarray]:
    """Each respondent's favourable answers (4 or 5 once reversed) and answers given."""
    block = oriented(codes, source, element)
    return (block >= 4).sum(axis=1), (~np.isnan(block)).sum(axis=1)


def clustered(positive: np.ndarray, answered: np.ndarray) -> tuple[float, float]:
    """statsmodels: the share of favourable answers and its respondent-clustered variance."""
    y = np.concatenate(
        [np.r_[np.ones(p), np.zeros(a - p)] for p, a in zip(positive, answered, strict=True)]
    )
    who = np.repeat(np.arange(len(answered)), answered)
    fit = sm.OLS(y, np.ones_like(y)).fit(cov_type="cluster", cov_kwds={"groups": who})
    return float(fit.params[0]), float(fit.bse[0]) ** 2


def shown_number(text: str) -> float:
    """The number in a figure as a report prints it: ``−0.00``, ``+0.0 pts``, ``▲ +0.57``."""
    number = re.search(r"[−+\-]?\d+(\.\d+)?", text)
    assert number is not None, text
    return float(number.group().replace("−", "-"))


def shown_as_zero(text: str) -> bool:
    return shown_number(text) == 0


# --------------------------------------------------------------------------- the board


def test_the_board_of_16_then_15_is_too_few_to_tell(northwick) -> None:
    pre, post, got = northwick
    tests = sum(1 for e in got.elements for s in e.sources.values() if s.p_value is not None)
    risen = 0
    for element in FW.elements:
        a = element_scores(pre.surveys["board"].codes, "board", element.id)
        b = element_scores(post.surveys["board"].codes, "board", element.id)
        assert (len(a), len(b)) == (16, 15)
        mdc = detectable(a, b, tests)
        assert mdc > RULES["meaningful_change"]
        board = got.element(element.id).sources["board"]
        assert board.detectable_change == pytest.approx(mdc, rel=1e-9)
        assert board.verdict == "too few to tell", element.id
        pos_a, ans_a = favourable(pre.surveys["board"].codes, "board", element.id)
        pos_b, ans_b = favourable(post.surveys["board"].codes, "board", element.id)
        rise = 100 * (pos_b.sum() / ans_b.sum() - pos_a.sum() / ans_a.sum())
        risen += rise > 15
    assert risen == 2  # % positive up 15-17 points on two elements: never "no change"


def test_no_board_change_reads_as_no_change_anywhere(northwick) -> None:
    _, _, got = northwick
    finding = source_finding(got, "board")
    assert finding == "Too few board members answered to tell a change on any element."
    summary = summary_context(got)
    assert all(u.source != "board" for u in summary["no_clear_change"])
    assert [(u.source, u.every_element) for u in summary["too_few_to_tell"]] == [
        ("board", True),
        ("stakeholders", True),
    ]
    terminal = comparison_table(got)
    assert "Too few to tell: board (every element), stakeholders (every element)" in terminal
    for line in terminal.splitlines():
        if "Board" in line and "▲" not in line and "▼" not in line:
            assert "no clear change" not in line and "no change" not in line
    html = render_compare_html(got)
    steady = html[html.index('id="no-clear-change"') : html.index('id="too-few-to-tell"')]
    assert "Board" not in steady and "Staff" in steady
    assert "Did not move" not in html and "No change" not in html and "no change" not in html


def test_staff_with_thousands_a_side_can_show_no_clear_change(northwick) -> None:
    pre, post, got = northwick
    tests = sum(1 for e in got.elements for s in e.sources.values() if s.p_value is not None)
    for element in FW.elements:
        staff = got.element(element.id).sources["staff"]
        a = element_scores(pre.surveys["staff"].codes, "staff", element.id)
        b = element_scores(post.surveys["staff"].codes, "staff", element.id)
        mdc = detectable(a, b, tests)
        assert staff.detectable_change == pytest.approx(mdc, rel=1e-9)
        if staff.p_adjusted >= RULES["change_alpha"]:
            assert mdc <= RULES["meaningful_change"]
            assert staff.verdict == "no clear change", element.id


def test_summary_counts_use_the_verdicts_words(northwick) -> None:
    _, _, got = northwick
    verdicts = [s.verdict for e in got.elements for s in e.sources.values()]
    counts = summary_context(got)["counts"]
    assert counts["improved"] == verdicts.count("better")
    assert counts["worsened"] == verdicts.count("worse")
    assert counts["no_clear_change"] == verdicts.count("no clear change")
    assert counts["too_few_to_tell"] == verdicts.count("too few to tell")
    html = render_compare_html(got)
    lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)
    assert (
        f"{counts['improved']} improved, none worsened, {counts['no_clear_change']} showed no "
        f"clear change and {counts['too_few_to_tell']} had too few answers to tell" in lead
    )


# --------------------------------------------------------------------------- clustering


def test_percent_positive_is_clustered_by_respondent(northwick) -> None:
    """The issue's figures: design effect about 1.9 for staff vision and values, and
    p = 0.025 (answers as independent) becomes about 0.10."""
    pre, post, got = northwick
    codes_a, codes_b = pre.surveys["staff"].codes, post.surveys["staff"].codes
    pos_a, ans_a = favourable(codes_a, "staff", "vision_values")
    pos_b, ans_b = favourable(codes_b, "staff", "vision_values")
    share_a, var_a = clustered(pos_a, ans_a)
    share_b, var_b = clustered(pos_b, ans_b)
    z = (share_b - share_a) / math.sqrt(var_a + var_b)
    staff = got.element("vision_values").sources["staff"]
    assert staff.percent_positive_p == pytest.approx(2 * st.norm.sf(abs(z)), rel=1e-7)
    naive = share_a * (1 - share_a) / ans_a.sum() + share_b * (1 - share_b) / ans_b.sum()
    assert staff.percent_positive_design_effect == pytest.approx((var_a + var_b) / naive)
    _, independent_p = proportions_ztest([pos_b.sum(), pos_a.sum()], [ans_b.sum(), ans_a.sum()])
    assert 0.02 < independent_p < 0.03
    assert 1.8 < staff.percent_positive_design_effect < 2.0
    assert 0.09 < staff.percent_positive_p < 0.12


# --------------------------------------------------------------------------- figures


def test_moves_invisible_at_the_shown_precision_are_not_moves(northwick) -> None:
    _, _, got = northwick
    shmi = next(i for i in got.dashboard if "SHMI" in i.name)
    assert (shmi.pre, shmi.post) == (0.96, 0.95)
    assert shmi.verdict == "no clear change"
    assert change_tag(shmi) == ("similar", "● No clear change")
    wres4 = got.workforce.wres["4"]
    assert numbers.in_unit(wres4.pre, "ratio") == numbers.in_unit(wres4.post, "ratio") == "1.18"
    assert wres4.verdict == "no clear change"
    assert parity_tag(wres4) == ("similar", "● No clear change")


def test_dashboard_tally_counts_moves_by_the_same_rule(northwick) -> None:
    _, _, got = northwick
    expected = {"better": 0, "worse": 0, "no clear change": 0}
    for i in got.dashboard:
        change = i.post - i.pre
        places = 2 if i.unit == "ratio" else 1
        moved = (
            abs(change) >= RULES["figure_change_within"] * max(abs(i.pre), abs(i.post))
            and round(abs(change), places) > 0
        )
        if not moved:
            expected["no clear change"] += 1
        else:
            expected["better" if (change > 0) == i.higher_is_better else "worse"] += 1
    tally = dashboard_tally(got.dashboard)
    assert tally == (
        f"Of {len(got.dashboard)} indicators, {expected['better']} improved, "
        f"{expected['worse']} worsened and {expected['no clear change']} show no clear change"
    )
    tags = [change_tag(i)[1] for i in got.dashboard]
    assert sum("Improved" in t for t in tags) == expected["better"]
    assert expected["no clear change"] >= 10  # SHMI and the other small moves among them


@pytest.mark.parametrize(
    ("pre", "post", "higher", "unit", "verdict"),
    [
        (0.96, 0.95, False, "ratio", "no clear change"),  # 1% of the value
        (0.50, 0.53, True, "score", "no clear change"),  # 6%, but shown as +0.0
        (10.0, 10.6, True, "%", "better"),
        (10.0, 10.6, False, "%", "worse"),
        (5.2, 4.9, False, "%", "better"),  # 0.3 of 5.2: 5.8%
        (7.1, 7.1, True, "score", "no clear change"),
        (3.0, 4.0, None, "score", "not tested"),  # moved, but which way is better?
        (None, 4.0, True, "score", "not tested"),
    ],
)
def test_figure_verdicts(pre, post, higher, unit, verdict) -> None:
    assert figure_verdict(pre, post, higher, FW.rules, unit_places(unit)) == verdict


@pytest.mark.parametrize(
    ("unit", "pre", "post", "verdict"),
    [
        ("ratio", 1.17816, 1.17876, "no clear change"),  # WRES 4: 1.18 -> 1.18
        ("ratio", 1.671, 1.663, "no clear change"),  # shown 1.67 -> 1.66, 0.5% of it
        ("ratio", 1.30, 1.10, "better"),
        ("ratio", 1.108, 1.169, "worse"),
        ("ratio", 0.8, 1.25, "no clear change"),  # as far from parity on either side
        ("percentage points", -22.5, -20.5, "better"),
        ("percentage points", -0.04, 0.03, "no clear change"),  # shown 0.0 -> 0.0 (+0.1)
        ("ratio", 0.1451, 0.1549, "no clear change"),  # 0.15 -> 0.15, though shown +0.01
        ("percent", 29.7, 27.6, "not tested"),  # a share has no parity
    ],
)
def test_parity_verdicts(unit, pre, post, verdict) -> None:
    assert parity_verdict(unit, pre, post, FW.rules, unit_places(unit)) == verdict


def test_change_verdict_reads_the_frameworks_rules() -> None:
    rules = FW.rules
    assert change_verdict(0.44, 1.0, 2.2, rules) == "too few to tell"
    assert change_verdict(0.01, 1.0, 0.2, rules) == "no clear change"
    assert change_verdict(0.01, 1.0, 0.5, rules) == "no clear change"  # at the size exactly
    assert change_verdict(0.57, 0.001, 0.2, rules) == "better"
    assert change_verdict(-0.57, 0.001, 2.2, rules) == "worse"
    assert change_verdict(0.004, 0.001, 0.01, rules) == "no clear change"  # shown as 0.00
    assert change_verdict(None, None, None, rules) == "not tested"
    lenient = rules.model_copy(update={"meaningful_change": 3.0})
    assert change_verdict(0.44, 1.0, 2.2, lenient) == "no clear change"


# --------------------------------------------------------------------------- the property


def unchanged_as_shown(pre: float, post: float, unit: str | None) -> bool:
    """The change, or the two figures beside it, read the same as a report prints them."""
    same = shown_number(numbers.in_unit(pre, unit)) == shown_number(numbers.in_unit(post, unit))
    return same or shown_as_zero(numbers.change_in_unit(post - pre, unit))


@settings(max_examples=300, deadline=None)
@given(
    change=hst.one_of(
        hst.floats(-0.006, 0.006, allow_nan=False), hst.floats(-3, 3, allow_nan=False)
    ),
    p_adjusted=hst.floats(0, 1),
    mdc=hst.floats(0, 3),
)
def test_a_score_change_shown_as_zero_is_never_better_or_worse(change, p_adjusted, mdc) -> None:
    verdict = change_verdict(change, p_adjusted, mdc, FW.rules)
    if shown_as_zero(numbers.change(change)):
        assert verdict not in MOVES
        assert not UP_DOWN.search(verdict_tag(verdict)[1])


values = hst.one_of(
    hst.floats(-5, 5, allow_nan=False),
    hst.floats(-200, 200, allow_nan=False),
    hst.integers(-2000, 2000).map(lambda v: v / 1000),
)


@settings(max_examples=300, deadline=None)
@given(
    pre=values,
    post=values,
    higher=hst.sampled_from([True, False, None]),
    unit=hst.sampled_from(["%", "percent", "ratio", "score", "rate", None]),
)
def test_a_figure_shown_as_unchanged_is_never_improved_or_worsened(pre, post, higher, unit) -> None:
    verdict = figure_verdict(pre, post, higher, FW.rules, unit_places(unit))
    if unchanged_as_shown(pre, post, unit):
        assert verdict not in MOVES
        tag = change_tag(type("Indicator", (), {"verdict": verdict, "change": post - pre}))
        assert not UP_DOWN.search(tag[1])


@settings(max_examples=300, deadline=None)
@given(
    pre=values,
    post=values,
    unit=hst.sampled_from(["ratio", "percentage points", "percent"]),
)
def test_a_parity_figure_shown_as_unchanged_is_never_closer_or_further(pre, post, unit) -> None:
    verdict = parity_verdict(unit, pre, post, FW.rules, unit_places(unit))
    if unchanged_as_shown(pre, post, unit):
        assert verdict not in MOVES
        assert not UP_DOWN.search(parity_tag(type("Share", (), {"verdict": verdict}))[1])


def test_no_shown_zero_in_the_northwick_tables_is_marked_up_or_down(northwick) -> None:
    _, _, got = northwick
    cells = [
        cell["text"]
        for table in group_tables(got)
        for row in table["rows"]
        for cell in row["cells"]
        if not cell.get("hidden")
    ]
    cells += [
        row["change"]["text"] for t in item_tables(got) for row in t["rows"] if row.get("change")
    ]
    assert len(cells) > 100
    for text in cells:
        if shown_as_zero(text):
            assert not UP_DOWN.search(text), text
    for element in got.elements:
        for s in element.sources.values():
            if s.change is not None and shown_as_zero(numbers.change(s.change)):
                assert s.verdict not in MOVES


def test_the_network_lists_staff_moves_by_the_same_verdicts(northwick, northwick_diagnosis) -> None:
    _, _, got = northwick
    first = got.elements[0]
    few = first.sources["staff"].model_copy(update={"verdict": "too few to tell"})
    elements = [
        first.model_copy(update={"sources": {**first.sources, "staff": few}}),
        *got.elements[1:],
    ]
    comparison = got.model_copy(update={"elements": elements})
    network = summarise_network(
        [("Northwick", northwick_diagnosis)], comparisons=[("Northwick", comparison)]
    )
    (movement,) = network.movements
    by_verdict: dict[str, list[str]] = {}
    for element in comparison.elements:
        by_verdict.setdefault(element.sources["staff"].verdict, []).append(element.name)
    assert movement.improved == by_verdict["better"]
    assert movement.unchanged == by_verdict["no clear change"]
    assert movement.too_few_to_tell == by_verdict["too few to tell"] == [first.name]

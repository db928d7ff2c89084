"""Perception gaps: flagged either way, adjusted for their number, similar only when narrow.

Expected values come from scipy (Welch's test and its interval), statsmodels
(``multipletests``) and the rule of docs/methods.md ("Perception gaps") written out here;
nothing is taken from culturekit's statistics.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest
from helpers.scoring import Scorer, read_sheet
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.multitest import multipletests

from culturekit.framework import Framework, default_framework
from culturekit.report.presentation.evidence import worded_triangulation
from culturekit.report.presentation.methods import gap_rule
from culturekit.scoring.gaps import perception_gaps

SOURCES = {"staff": "Staff", "board": "Board", "stakeholders": "Stakeholders"}
FLAG = 0.5  # rules.gap_flag in default.yaml
ALPHA = 0.05  # 1 - confidence_level


def expected_reading(low: float, high: float, difference: float, p_adjusted: float) -> str:
    """The documented rule, written out independently of culturekit.scoring.gaps."""
    if abs(difference) >= FLAG and p_adjusted < ALPHA:
        return "higher" if difference > 0 else "lower"
    if low > -FLAG and high < FLAG:
        return "similar"
    if low <= 0 <= high and high - low > 2 * FLAG:
        return "too few to tell"
    return "unclear"


def welch(source: np.ndarray, staff: np.ndarray) -> tuple[float, float, float, float]:
    test = stats.ttest_ind(source, staff, equal_var=False)
    interval = test.confidence_interval(0.95)
    return float(source.mean() - staff.mean()), interval.low, interval.high, test.pvalue


def with_rules(**rules: Any) -> Framework:
    framework = default_framework()
    return framework.model_copy(update={"rules": framework.rules.model_copy(update=rules)})


def surveys(scores: dict[str, dict[str, np.ndarray]]) -> dict[str, Any]:
    """Respondent scores by source and element, shaped as the gaps read them."""
    return {
        source: SimpleNamespace(element_scores={e: pd.Series(v) for e, v in elements.items()})
        for source, elements in scores.items()
    }


def gap(gaps: list[Any], source: str, element: str) -> Any:
    return next(g for g in gaps if g.source == source and g.element == element)


# ----------------------------------------------------------------- the Northwick example


@pytest.fixture(scope="module")
def northwick_scores(northwick_pre_path: Path) -> dict[str, pd.DataFrame]:
    scorer = Scorer()
    return {
        source: scorer.element_scores(
            scorer.code_frame(read_sheet(northwick_pre_path, sheet), source).codes, source
        )
        for source, sheet in SOURCES.items()
    }


@pytest.fixture(scope="module")
def northwick_expected(northwick_scores) -> dict[tuple[str, str], dict[str, Any]]:
    """Every gap's Welch test, Holm-adjusted over the twelve with statsmodels."""
    keys, tests = [], []
    for source in ("board", "stakeholders"):
        for element in northwick_scores[source].columns:
            other = northwick_scores[source][element].dropna().to_numpy()
            staff = northwick_scores["staff"][element].dropna().to_numpy()
            keys.append((source, element))
            tests.append(welch(other, staff))
    adjusted = multipletests([t[3] for t in tests], method="holm")[1]
    return {
        key: {
            "difference": d,
            "low": low,
            "high": high,
            "p": p,
            "p_adjusted": p_adj,
            "reading": expected_reading(low, high, d, p_adj),
        }
        for key, (d, low, high, p), p_adj in zip(keys, tests, adjusted, strict=True)
    }


def test_northwick_twelve_gap_tests_are_holm_adjusted(northwick_diagnosis, northwick_expected):
    assert len(northwick_expected) == 12
    assert {(g.source, g.element) for g in northwick_diagnosis.gaps} == set(northwick_expected)
    for g in northwick_diagnosis.gaps:
        expected = northwick_expected[(g.source, g.element)]
        assert g.p_value == pytest.approx(expected["p"], rel=1e-7, abs=1e-12)
        assert g.p_adjusted == pytest.approx(expected["p_adjusted"], rel=1e-7, abs=1e-12)
        assert g.reading == expected["reading"], (g.source, g.element)
        assert g.flagged == (expected["reading"] in ("higher", "lower"))


def test_northwick_stakeholders_teamwork_gap_below_staff_is_flagged(northwick_diagnosis):
    teamwork = gap(northwick_diagnosis.gaps, "stakeholders", "teamwork")
    # The figures: about 1.1 points below staff, interval -1.4 to -0.7.
    assert teamwork.difference == pytest.approx(-1.08, abs=0.01)
    assert (round(teamwork.ci_low, 1), round(teamwork.ci_high, 1)) == (-1.4, -0.7)
    assert teamwork.flagged and teamwork.reading == "lower"


def test_northwick_teamwork_strength_notes_the_stakeholders_disagreement(northwick_diagnosis):
    reading = next(r for r in northwick_diagnosis.triangulation if r.element == "teamwork")
    assert reading.reading == "strength"
    assert [(d.kind, d.source) for d in reading.disagreements] == [("gap", "stakeholders")]
    assert reading.disagreements[0].difference == pytest.approx(-1.08, abs=0.01)
    worded = next(r for r in worded_triangulation(northwick_diagnosis) if r.element == "teamwork")
    assert worded.disagreements == ["Stakeholders rate teamwork 1.08 points lower than staff do."]


def test_northwick_similar_view_only_where_the_interval_is_narrow(northwick_diagnosis):
    for g in northwick_diagnosis.gaps:
        if g.reading == "similar":
            assert g.ci_low > -FLAG and g.ci_high < FLAG
    # The board's 16 members: no interval is narrow enough to call any view similar.
    board = [g for g in northwick_diagnosis.gaps if g.source == "board"]
    assert all(g.reading != "similar" for g in board)
    assert gap(board, "board", "equity_inclusion").reading == "too few to tell"


# ----------------------------------------------------------------- each reading by hand

ELEMENTS = [e.id for e in default_framework().elements]


def test_each_reading_on_hand_made_scores() -> None:
    staff = np.tile([4.0, 6.0], 100)  # mean 5, 200 respondents
    cases = {
        # 100 respondents, no gap: the interval is about +-0.24, inside +-0.5
        "similar": np.tile([4.0, 6.0], 50),
        # 12 respondents spread from 1 to 9: an interval over 5 points wide
        "too few to tell": np.tile([1.0, 9.0], 6),
        # 0.3 above staff, interval about 0.06 to 0.54: neither flagged nor within 0.5
        "unclear": np.tile([4.3, 6.3], 50),
        # 1.5 below staff with 100 respondents
        "lower": np.tile([2.5, 4.5], 50),
        # 1.5 above
        "higher": np.tile([5.5, 7.5], 50),
    }
    elements = dict(zip(ELEMENTS, cases.values(), strict=False))
    scored = surveys(
        {"staff": {e: staff for e in elements}, "stakeholders": elements},
    )
    gaps = perception_gaps(scored, default_framework())
    for element, reading in zip(elements, cases, strict=False):
        assert gap(gaps, "stakeholders", element).reading == reading, reading
    expected = multipletests([welch(v, staff)[3] for v in cases.values()], method="holm")[1]
    assert [g.p_adjusted for g in gaps] == pytest.approx(list(expected), rel=1e-9, abs=1e-15)
    assert [g.flagged for g in gaps] == [False, False, False, True, True]


def test_scores_that_do_not_vary_are_not_tested() -> None:
    scored = surveys(
        {"staff": {ELEMENTS[0]: np.full(20, 5.0)}, "board": {ELEMENTS[0]: np.full(12, 7.5)}}
    )
    (only,) = perception_gaps(scored, default_framework())
    assert only.difference == pytest.approx(2.5)
    assert only.p_value is None and only.p_adjusted is None
    assert only.reading == "not tested" and not only.flagged


def test_a_gap_clear_alone_is_not_flagged_among_eleven_others() -> None:
    rng = np.random.default_rng(12)
    staff = rng.normal(6.0, 1.5, 400)
    source = staff[:30] + 0.75  # about 0.75 above staff, 30 respondents
    d, low, high, p = welch(source, staff)
    assert d >= FLAG and low > 0 and p < ALPHA  # clear when tested alone
    alone = perception_gaps(
        surveys({"staff": {ELEMENTS[0]: staff}, "board": {ELEMENTS[0]: source}}),
        default_framework(),
    )
    assert alone[0].reading == "higher"
    nulls = [rng.normal(6.0, 1.5, 30) for _ in range(11)]
    nulls = [n - n.mean() + staff.mean() for n in nulls]  # no gap at all
    many = {"staff": {e: staff for e in ELEMENTS}, "board": {}, "stakeholders": {}}
    many["board"] = {ELEMENTS[0]: source, **dict(zip(ELEMENTS[1:], nulls[:5], strict=True))}
    many["stakeholders"] = dict(zip(ELEMENTS, nulls[5:], strict=True))
    gaps = perception_gaps(surveys(many), default_framework())
    raw = [welch(v, staff)[3] for v in [source, *nulls]]
    holm = multipletests(raw, method="holm")[1]
    assert holm[0] >= ALPHA
    first = gap(gaps, "board", ELEMENTS[0])
    assert first.p_adjusted == pytest.approx(holm[0], rel=1e-9)
    assert first.reading == expected_reading(low, high, d, holm[0]) and not first.flagged


def test_the_correction_is_the_frameworks_rule_and_hidden_gaps_are_not_counted() -> None:
    rng = np.random.default_rng(3)
    staff = {e: rng.normal(6.0, 2.0, 150) for e in ELEMENTS}
    board = {e: rng.normal(6.0 + 0.25 * i, 2.0, 25) for i, e in enumerate(ELEMENTS)}
    board[ELEMENTS[2]] = board[ELEMENTS[2]][:8]  # under the reporting threshold of 11
    scored = surveys({"staff": staff, "board": board})
    tested = [e for e in ELEMENTS if e != ELEMENTS[2]]
    raw = [welch(board[e], staff[e])[3] for e in tested]
    for method in ("holm", "fdr_bh"):
        gaps = perception_gaps(scored, with_rules(gap_correction=method))
        assert [g.element for g in gaps] == ELEMENTS  # the hidden gap keeps its place
        hidden = gap(gaps, "board", ELEMENTS[2])
        assert hidden.suppressed and hidden.p_adjusted is None and hidden.reading is None
        expected = multipletests(raw, method=method)[1]
        got = [gap(gaps, "board", e).p_adjusted for e in tested]
        assert got == pytest.approx(list(expected), rel=1e-9, abs=1e-15), method


def test_the_flag_and_the_similar_band_follow_gap_flag() -> None:
    staff = np.tile([4.0, 6.0], 100)
    source = np.tile([4.3, 6.3], 50)  # 0.3 above, interval about 0.06 to 0.54
    scored = surveys({"staff": {ELEMENTS[0]: staff}, "board": {ELEMENTS[0]: source}})
    assert perception_gaps(scored, with_rules(gap_flag=0.25))[0].reading == "higher"
    assert perception_gaps(scored, with_rules(gap_flag=0.6))[0].reading == "similar"
    wide = surveys({"staff": {ELEMENTS[0]: staff}, "board": {ELEMENTS[0]: np.tile([1.0, 9.0], 6)}})
    assert perception_gaps(wide, with_rules(gap_flag=3.0))[0].reading == "similar"


# ----------------------------------------------------------------- properties

_scores = st.lists(
    st.floats(min_value=0, max_value=10, allow_nan=False).map(lambda x: round(x * 4) / 4),
    min_size=11,
    max_size=40,
)


@settings(max_examples=25, deadline=None)
@given(
    staff=st.lists(_scores, min_size=3, max_size=3),
    board=st.lists(_scores, min_size=3, max_size=3),
    method=st.sampled_from(["holm", "fdr_bh"]),
)
def test_adjusted_p_values_match_statsmodels_and_reflection_swaps_the_direction(
    staff: list[list[float]], board: list[list[float]], method: str
) -> None:
    elements = ELEMENTS[:3]
    arrays = {
        "staff": {e: np.array(v) for e, v in zip(elements, staff, strict=True)},
        "board": {e: np.array(v) for e, v in zip(elements, board, strict=True)},
    }
    framework = with_rules(gap_correction=method)
    gaps = perception_gaps(surveys(arrays), framework)
    tests = [welch(arrays["board"][e], arrays["staff"][e]) for e in elements]
    tested = [i for i, t in enumerate(tests) if np.isfinite(t[3])]
    expected = multipletests([tests[i][3] for i in tested], method=method)[1] if tested else []
    for i, p_adj in zip(tested, expected, strict=True):
        assert gaps[i].p_adjusted == pytest.approx(p_adj, rel=1e-7, abs=1e-12)
        if gaps[i].reading == "similar":
            assert gaps[i].ci_low > -FLAG and gaps[i].ci_high < FLAG
    # Scores mirrored (x -> 10 - x) on both sides: the same tests, the other direction.
    mirrored = {s: {e: 10.0 - v for e, v in by.items()} for s, by in arrays.items()}
    swap = {"higher": "lower", "lower": "higher"}
    for g, m in zip(gaps, perception_gaps(surveys(mirrored), framework), strict=True):
        if not _on_a_boundary(g):
            assert m.reading == swap.get(g.reading, g.reading)


def _on_a_boundary(g: Any) -> bool:
    """Whether rounding alone could move the gap across one of the rule's cut-offs."""
    if g.p_adjusted is None:
        return False
    near = [
        (abs(g.difference), FLAG),
        (g.p_adjusted, ALPHA),
        (g.ci_low, -FLAG),
        (g.ci_high, FLAG),
        (g.ci_high - g.ci_low, 2 * FLAG),
    ]
    return any(abs(a - b) < 1e-9 for a, b in near)


# ----------------------------------------------------------------- the rule in words


def test_the_gap_rule_is_worded_from_the_frameworks_values_and_the_tests_made() -> None:
    def words(framework: Framework, *p_adjusted: float | None) -> str:
        gaps = [SimpleNamespace(p_adjusted=p) for p in p_adjusted]
        return gap_rule(SimpleNamespace(framework=framework, gaps=gaps))

    default = words(default_framework(), *([0.5] * 12))
    assert "at least 0.5 points above or below staff" in default
    assert "adjusted for the 12 gap tests made together (Holm), is below 0.05" in default
    assert "whole 95% interval lies within 0.5 points of zero" in default
    assert "wider than 1 point," in default
    assert "adjusted for the 1 gap test made together" in words(default_framework(), 0.2, None)
    assert "the number of gap tests made together" in words(default_framework(), None)
    other = with_rules(gap_flag=0.75, gap_correction="fdr_bh").model_copy(
        update={"confidence_level": 0.9}
    )
    text = words(other, 0.1, 0.2)
    assert "at least 0.75 points" in text and "(Benjamini–Hochberg), is below 0.1" in text
    assert "whole 90% interval" in text and "wider than 1.5 points" in text

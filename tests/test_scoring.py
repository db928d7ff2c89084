"""Perception scoring checked against an independent computation from the raw cells.

The expected numbers are worked out here with pandas, numpy, scipy and pingouin straight
from the Staff/Board/Stakeholders sheets as openpyxl reads them, following the documented
conventions; nothing is copied from culturekit's output.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pingouin as pg
import pytest
from helpers.scoring import Scorer, positive_negative, read_sheet
from helpers.workbooks import (
    STAFF_HEADER,
    STAFF_ITEMS,
    TRUST_ROWS,
    framework_data,
    make_workbook,
    staff_row,
)
from scipy import stats

import culturekit
from culturekit.framework import Framework

SOURCES = {"staff": "Staff", "board": "Board", "stakeholders": "Stakeholders"}
ELEMENTS = [
    "vision_values",
    "goals_performance",
    "support_compassion",
    "learning_innovation",
    "equity_inclusion",
    "teamwork",
]
TOL = 1e-9


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


@pytest.fixture(scope="module")
def raw(northwick_pre_path: Path) -> dict[str, pd.DataFrame]:
    return {source: read_sheet(northwick_pre_path, sheet) for source, sheet in SOURCES.items()}


@pytest.fixture(scope="module")
def coded(raw: dict[str, pd.DataFrame], scorer: Scorer) -> dict[str, Any]:
    return {source: scorer.code_frame(frame, source) for source, frame in raw.items()}


@pytest.fixture(scope="module")
def respondent_scores(coded: dict[str, Any], scorer: Scorer) -> dict[str, pd.DataFrame]:
    return {s: scorer.element_scores(c.codes, s) for s, c in coded.items()}


def test_framework_is_as_documented(scorer: Scorer) -> None:
    fw = framework_data()
    assert fw["reporting_threshold"] == 11
    assert fw["min_share_answered"] == 0.5
    assert [p["score"] for p in fw["scale"]["points"]] == [0.0, 2.5, 5.0, 7.5, 10.0]
    assert [e["id"] for e in fw["elements"]] == ELEMENTS
    # every element has a negatively worded staff item
    for element in ELEMENTS:
        assert any(i.get("reverse") for i in scorer.items("staff", element)), element


def test_raw_sheet_mixes_labels_numbers_blanks_and_dont_know(raw, coded) -> None:
    cells = raw["staff"][STAFF_ITEMS].to_numpy().ravel()
    assert any(isinstance(c, str) and c.strip().lower() not in {"n/a"} for c in cells)
    assert coded["staff"].not_applicable.to_numpy().sum() > 0
    assert coded["staff"].blank.to_numpy().sum() > 0


# ------------------------------------------------------------------------ element scores


@pytest.mark.parametrize("source", list(SOURCES))
@pytest.mark.parametrize("element", ELEMENTS)
def test_element_score_n_and_interval(
    northwick_diagnosis, respondent_scores, source: str, element: str
) -> None:
    values = respondent_scores[source][element].dropna().to_numpy()
    n = values.size
    mean = values.mean()
    result = northwick_diagnosis.element(element).sources[source]
    assert n >= 11
    assert not result.suppressed
    assert result.n == n
    assert result.score == pytest.approx(mean, abs=TOL)
    low, high = stats.t.interval(0.95, n - 1, loc=mean, scale=stats.sem(values))
    assert result.ci_low == pytest.approx(low, abs=TOL)
    assert result.ci_high == pytest.approx(high, abs=TOL)
    assert 0 <= result.score <= 10


@pytest.mark.parametrize("source", list(SOURCES))
@pytest.mark.parametrize("element", ELEMENTS)
def test_percent_positive_and_negative(
    northwick_diagnosis, coded, scorer, source: str, element: str
) -> None:
    cols = [i["code"] for i in scorer.items(source, element)]
    oriented = scorer.oriented(coded[source].codes, source)[cols].to_numpy()
    positive, negative, answers = positive_negative(oriented, scorer)
    result = northwick_diagnosis.element(element).sources[source]
    assert result.answers == answers
    assert result.percent_positive == pytest.approx(positive, abs=TOL)
    assert result.percent_negative == pytest.approx(negative, abs=TOL)
    assert result.percent_positive + result.percent_negative <= 100 + TOL


@pytest.mark.parametrize("source", list(SOURCES))
@pytest.mark.parametrize("element", ELEMENTS)
def test_cronbach_alpha_matches_pingouin(
    northwick_diagnosis, coded, scorer, source: str, element: str
) -> None:
    cols = [i["code"] for i in scorer.items(source, element)]
    block = scorer.item_scores(coded[source].codes, source)[cols]
    complete = int(block.dropna().shape[0])
    result = northwick_diagnosis.element(element).sources[source]
    if complete < 11:
        assert result.alpha is None
        return
    expected, _ = pg.cronbach_alpha(data=block, nan_policy="listwise")
    assert result.alpha_n == complete
    assert result.alpha == pytest.approx(expected, abs=1e-9)


def test_reliability_warnings_are_the_low_alphas(northwick_diagnosis, coded, scorer) -> None:
    expected = set()
    for source in SOURCES:
        for element in ELEMENTS:
            cols = [i["code"] for i in scorer.items(source, element)]
            block = scorer.item_scores(coded[source].codes, source)[cols].dropna()
            if len(block) >= 11:
                alpha, _ = pg.cronbach_alpha(data=block)
                if alpha < framework_data()["rules"]["alpha_warning"]:
                    expected.add((element, source))
    warned = {(w.element, w.source) for w in northwick_diagnosis.data_quality.reliability_warnings}
    assert warned == expected


# ------------------------------------------------------------------------ items


@pytest.mark.parametrize("source", list(SOURCES))
def test_item_distributions_and_not_answered_counts(
    northwick_diagnosis, coded, scorer, source: str
) -> None:
    c = coded[source]
    scores = scorer.item_scores(c.codes, source)
    oriented = scorer.oriented(c.codes, source)
    seen = []
    for element in ELEMENTS:
        items = northwick_diagnosis.element(element).items[source]
        # questionnaire order kept
        assert [i.code for i in items] == [x["code"] for x in scorer.items(source, element)]
        for item in items:
            seen.append(item.code)
            column = c.codes[item.code]
            answered = int(column.notna().sum())
            assert item.answered == answered
            assert item.not_applicable == int(c.not_applicable[item.code].sum())
            assert item.blank == int(c.blank[item.code].sum())
            assert item.answered + item.not_applicable + item.blank == len(column)
            assert item.reverse == (item.code in scorer.reversed_items(source))
            counts = column.value_counts()
            assert [a.code for a in item.distribution] == [1, 2, 3, 4, 5]
            for answer in item.distribution:
                expected = int(counts.get(float(answer.code), 0))
                assert answer.count == expected, (item.code, answer.code)
                assert answer.percent == pytest.approx(100.0 * expected / answered, abs=TOL)
            assert sum(a.count for a in item.distribution) == answered
            assert item.score == pytest.approx(scores[item.code].mean(), abs=TOL)
            values = oriented[item.code].dropna()
            assert item.percent_positive == pytest.approx(
                100.0 * values.isin([4, 5]).mean(), abs=TOL
            )
            assert item.percent_negative == pytest.approx(
                100.0 * values.isin([1, 2]).mean(), abs=TOL
            )
    assert seen == [i["code"] for i in scorer.items(source)]


def test_distribution_is_as_answered_not_reversed(northwick_diagnosis, coded) -> None:
    """For a reversed item the distribution counts raw answers; the score is reversed."""
    item = next(
        i for i in northwick_diagnosis.element("vision_values").items["staff"] if i.code == "VV4"
    )
    raw_codes = coded["staff"].codes["VV4"]
    assert item.reverse
    assert item.distribution[4].count == int((raw_codes == 5).sum())
    assert item.score == pytest.approx(((6 - raw_codes) - 1).mul(2.5).mean(), abs=TOL)


@pytest.mark.parametrize("source", list(SOURCES))
def test_data_quality_counts(northwick_diagnosis, coded, respondent_scores, source) -> None:
    c = coded[source]
    quality = next(q for q in northwick_diagnosis.data_quality.sources if q.source == source)
    scored = int(respondent_scores[source].notna().any(axis=1).sum())
    assert quality.rows == len(c.codes)
    assert quality.scored == scored
    assert quality.too_few_answers == len(c.codes) - scored
    assert quality.answers == int(c.codes.notna().to_numpy().sum())
    assert quality.not_applicable == int(c.not_applicable.to_numpy().sum())
    assert quality.blank == int(c.blank.to_numpy().sum())
    assert northwick_diagnosis.response[source].respondents == scored


# ------------------------------------------------------------------------ gaps


@pytest.mark.parametrize("source", ["board", "stakeholders"])
@pytest.mark.parametrize("element", ELEMENTS)
def test_gap_against_staff_is_welch(
    northwick_diagnosis, respondent_scores, source: str, element: str
) -> None:
    other = respondent_scores[source][element].dropna().to_numpy()
    staff = respondent_scores["staff"][element].dropna().to_numpy()
    test = stats.ttest_ind(other, staff, equal_var=False)
    interval = test.confidence_interval(0.95)
    gap = next(g for g in northwick_diagnosis.gaps if g.element == element and g.source == source)
    assert gap.compared_with == "staff"
    assert not gap.suppressed
    assert gap.difference == pytest.approx(other.mean() - staff.mean(), abs=TOL)
    assert gap.p_value == pytest.approx(test.pvalue, rel=1e-7, abs=1e-12)
    assert gap.ci_low == pytest.approx(interval.low, abs=1e-9)
    assert gap.ci_high == pytest.approx(interval.high, abs=1e-9)
    # The flag and the reading depend on every gap's test: tests/test_gaps.py.


def test_board_sees_culture_more_favourably_somewhere(northwick_diagnosis) -> None:
    """The example plants board-over-staff gaps (examples/generate.py)."""
    assert any(g.flagged for g in northwick_diagnosis.gaps if g.source == "board")


# ------------------------------------------------------------------------ breakdowns


@pytest.mark.parametrize(
    ("source", "column"),
    [
        ("staff", "staff_group"),
        ("staff", "directorate"),
        ("staff", "band"),
        ("stakeholders", "stakeholder_type"),
    ],
)
def test_breakdown_matches_pandas_groupby(
    northwick_diagnosis, raw, respondent_scores, source: str, column: str
) -> None:
    scores = respondent_scores[source]
    scored = scores.notna().any(axis=1)
    labels = raw[source][column].where(raw[source][column].notna(), "Not stated")
    labels = labels.map(lambda v: " ".join(str(v).split()))[scored]
    frame = scores[scored]
    sizes = labels.value_counts()
    means = frame.groupby(labels).mean()
    counts = frame.groupby(labels).count()
    overall = frame.mean()

    breakdown = next(
        b for b in northwick_diagnosis.breakdowns if b.source == source and b.by == column
    )
    assert {g.label for g in breakdown.groups} == set(sizes.index)
    for element in ELEMENTS:
        assert breakdown.overall[element] == pytest.approx(overall[element], abs=TOL)
    shown_total = 0
    for group in breakdown.groups:
        size = int(sizes[group.label])
        if size < 11:
            assert group.suppressed, group.label
        if group.suppressed:
            assert group.n is None and not group.scores
            continue
        shown_total += size
        assert group.n == size
        for element in ELEMENTS:
            if int(counts.at[group.label, element]) < 11:
                assert group.scores[element] is None
                continue
            if group.scores[element] is None:  # complementary cell suppression
                continue
            expected = means.at[group.label, element]
            assert group.scores[element] == pytest.approx(expected, abs=TOL)
            assert group.differences[element] == pytest.approx(expected - overall[element], abs=TOL)
    hidden_total = int(scored.sum()) - shown_total
    assert hidden_total == 0 or hidden_total >= 11


def test_breakdowns_hide_the_small_planted_groups(northwick_diagnosis, raw) -> None:
    """examples/README.md plants a staff group or directorate below the threshold."""
    small = [
        (column, label)
        for column in ("staff_group", "directorate")
        for label, n in raw["staff"][column].value_counts().items()
        if n < 11
    ]
    assert small
    for column, label in small:
        breakdown = next(
            b for b in northwick_diagnosis.breakdowns if b.source == "staff" and b.by == column
        )
        group = next(g for g in breakdown.groups if g.label == label)
        assert group.suppressed and group.n is None
        hidden = [g for g in breakdown.groups if g.suppressed]
        assert len(hidden) >= 2


def test_json_round_trip_keeps_the_numbers(northwick_diagnosis, respondent_scores) -> None:
    data = json.loads(northwick_diagnosis.to_json())
    element = next(e for e in data["elements"] if e["id"] == "teamwork")
    expected = respondent_scores["staff"]["teamwork"].dropna()
    assert element["sources"]["staff"]["score"] == pytest.approx(expected.mean(), abs=TOL)
    assert element["sources"]["staff"]["n"] == len(expected)
    assert data["framework"]["reporting_threshold"] == 11


# ------------------------------------------------------------------------ by hand

HAND_FRAMEWORK = {
    "id": "hand",
    "version": "1",
    "name": "Hand-worked example",
    "reporting_threshold": 2,
    "comment_threshold": 2,
    "min_share_answered": 0.5,
    "confidence_level": 0.95,
    "scale": framework_data()["scale"],
    "elements": [{"id": "teamwork", "name": "Teamwork"}],
    "instruments": {
        "staff": {
            "name": "Hand survey",
            "sheet": "Staff",
            "items": [
                {"code": "T1", "element": "teamwork", "text": "We work well together."},
                {
                    "code": "T2",
                    "element": "teamwork",
                    "text": "Other teams frustrate me.",
                    "reverse": True,
                },
            ],
        }
    },
}


@pytest.fixture
def hand_diagnosis(tmp_path: Path) -> culturekit.Diagnosis:
    rows = [
        ["respondent_id", "T1", "T2"],
        ["r1", "Strongly agree", 1],  # T1 5 -> 10;   T2 1 reversed to 5 -> 10;  mean 10
        ["r2", 4, "disagree"],  # T1 4 -> 7.5;  T2 2 reversed to 4 -> 7.5;  mean 7.5
        ["r3", "3", "Don't know"],  # T1 3 -> 5;    T2 not answered;  1 of 2 >= 1: 5
        ["r4", 2, 5],  # T1 2 -> 2.5;  T2 5 reversed to 1 -> 0;    mean 1.25
        ["r5", None, "N/A"],  # nothing answered: not scored
    ]
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows})
    framework = Framework.model_validate(HAND_FRAMEWORK)
    return culturekit.diagnose(culturekit.load(path, framework=framework))


def test_hand_worked_element_score(hand_diagnosis) -> None:
    result = hand_diagnosis.element("teamwork").sources["staff"]
    # respondent scores 10, 7.5, 5, 1.25 -> mean 23.75 / 4 = 5.9375
    assert result.n == 4
    assert result.score == pytest.approx(5.9375)
    # deviations 4.0625, 1.5625, -0.9375, -4.6875; squares sum to 41.796875;
    # variance 41.796875 / 3 = 13.932291666...; sd 3.732598...; se = sd / 2 = 1.866299...
    # t(0.975, 3) = 3.182446305...; half width = 5.939375...
    sd = math.sqrt(41.796875 / 3)
    half = 3.1824463052842638 * sd / 2
    assert result.ci_low == pytest.approx(5.9375 - half, abs=1e-9)
    assert result.ci_high == pytest.approx(5.9375 + half, abs=1e-9)
    # oriented answers: r1 5,5; r2 4,4; r3 3; r4 2,1 -> 7 answers,
    # 4 favourable (4-5) = 57.142857%, 2 unfavourable (1-2) = 28.571428%
    assert result.answers == 7
    assert result.percent_positive == pytest.approx(400 / 7)
    assert result.percent_negative == pytest.approx(200 / 7)
    # alpha on complete rows r1, r2, r4: T1 10, 7.5, 2.5 (var 14.58333 = 175/12);
    # T2 10, 7.5, 0 (var 27.08333 = 325/12); totals 20, 15, 2.5 (var 81.25 = 975/12);
    # alpha = 2 x (1 - 500/975) = 38/39 = 0.974358974...
    assert result.alpha_n == 3
    assert result.alpha == pytest.approx(38 / 39)


def test_hand_worked_items(hand_diagnosis) -> None:
    t1, t2 = hand_diagnosis.element("teamwork").items["staff"]
    assert (t1.code, t1.reverse, t2.code, t2.reverse) == ("T1", False, "T2", True)
    # T1 answered 5, 4, 3, 2 (r5 blank): 25% each of codes 2-5
    assert (t1.answered, t1.not_applicable, t1.blank) == (4, 0, 1)
    assert [a.count for a in t1.distribution] == [0, 1, 1, 1, 1]
    assert [a.percent for a in t1.distribution] == pytest.approx([0, 25, 25, 25, 25])
    assert t1.score == pytest.approx(6.25)  # (10 + 7.5 + 5 + 2.5) / 4
    assert t1.percent_positive == pytest.approx(50.0)
    assert t1.percent_negative == pytest.approx(25.0)
    # T2 answered 1, 2, 5 as written; "Don't know" and "N/A" counted apart
    assert (t2.answered, t2.not_applicable, t2.blank) == (3, 2, 0)
    assert [a.count for a in t2.distribution] == [1, 1, 0, 0, 1]
    # reversed 5, 4, 1 -> scores 10, 7.5, 0 -> 17.5 / 3
    assert t2.score == pytest.approx(17.5 / 3)
    assert t2.percent_positive == pytest.approx(200 / 3)
    assert t2.percent_negative == pytest.approx(100 / 3)


def test_hand_worked_data_quality(hand_diagnosis) -> None:
    quality = hand_diagnosis.data_quality.sources[0]
    assert (quality.rows, quality.scored, quality.too_few_answers) == (5, 4, 1)
    assert (quality.answers, quality.not_applicable, quality.blank) == (7, 2, 1)
    assert hand_diagnosis.response["staff"].respondents == 4


def test_share_answered_rule_uses_ceiling(tmp_path: Path) -> None:
    """Four items, at least half: 2 answered scores the respondent, 1 does not."""
    rows = [STAFF_HEADER]
    for _ in range(12):
        rows.append(staff_row("A", None, TW1=5, TW2=4))  # 2 of 4 teamwork items
    rows.append(staff_row("A", None, TW1=1))  # 1 of 4: not scored on teamwork
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows})
    diagnosis = culturekit.diagnose(path)
    result = diagnosis.element("teamwork").sources["staff"]
    assert result.n == 12
    assert result.score == pytest.approx((10 + 7.5) / 2)  # TW1 5 -> 10, TW2 4 -> 7.5
    assert result.answers == 25  # the lone TW1 answer still counts in % positive
    assert result.percent_negative == pytest.approx(100 / 25)
    nobody = diagnosis.element("vision_values").sources["staff"]
    assert nobody.suppressed and nobody.score is None
    assert diagnosis.data_quality.sources[0].too_few_answers == 1


def test_response_rate(tmp_path: Path) -> None:
    trust = [*TRUST_ROWS, ["staff_headcount", 100]]
    rows = [STAFF_HEADER] + [staff_row("A", 4) for _ in range(24)]
    rows += [staff_row("A", None) for _ in range(3)]  # answered nothing: not respondents
    diagnosis = culturekit.diagnose(make_workbook(tmp_path, {"Trust": trust, "Staff": rows}))
    response = diagnosis.response["staff"]
    assert (response.respondents, response.headcount) == (24, 100)
    assert response.rate == pytest.approx(0.24)
    assert response.low  # below 3 in 10


def test_element_below_threshold_is_suppressed_not_zero(tmp_path: Path) -> None:
    rows = [STAFF_HEADER] + [staff_row("A", 4) for _ in range(10)]
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows})
    diagnosis = culturekit.diagnose(path)
    for element in diagnosis.elements:
        result = element.sources["staff"]
        assert result.suppressed and result.reason
        assert result.score is None and result.n is None and result.ci_low is None
        for item in element.items["staff"]:
            assert item.suppressed and item.score is None and not item.distribution


def test_welch_gap_small_hand_data(tmp_path: Path) -> None:
    """Board 12 x all 5 on vision items vs staff 12 mixed: gap = board - staff."""
    board_items = [i["code"] for i in Scorer().items("board")]
    board = (
        [["member_id", *board_items]]
        + [[f"B{i}", *([5] * len(board_items))] for i in range(11)]
        + [["B11", *([4] * len(board_items))]]
    )
    staff = [STAFF_HEADER] + [staff_row("A", 1 + (i % 5)) for i in range(15)]
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": staff, "Board": board})
    diagnosis = culturekit.diagnose(path)
    scorer = Scorer()
    staff_scores = scorer.element_scores(
        scorer.code_frame(read_sheet(path, "Staff"), "staff").codes, "staff"
    )["vision_values"]
    board_scores = scorer.element_scores(
        scorer.code_frame(read_sheet(path, "Board"), "board").codes, "board"
    )["vision_values"]
    test = stats.ttest_ind(board_scores, staff_scores, equal_var=False)
    gap = next(g for g in diagnosis.gaps if g.source == "board" and g.element == "vision_values")
    assert gap.difference == pytest.approx(board_scores.mean() - staff_scores.mean())
    assert gap.p_value == pytest.approx(test.pvalue)
    assert gap.ci_low == pytest.approx(test.confidence_interval().low)
    # Six board gaps are tested together: p below 0.05 / 6 survives any adjustment
    # (Bonferroni bounds Holm), and the gap is far above the 0.5-point flag.
    assert test.pvalue * 6 < 0.05 and gap.difference >= 0.5
    assert gap.flagged and gap.reading == "higher"


# ------------------------------------------------------------------------ edge cases


def test_breakdown_cell_with_no_scored_respondents_is_not_nan(tmp_path: Path) -> None:
    rows = [STAFF_HEADER]
    teamwork = {code: None for code in STAFF_ITEMS if code.startswith("TW")}
    rows += [staff_row("A", 3 + (i % 2), **teamwork) for i in range(12)]
    rows += [staff_row("B", 2 + (i % 3)) for i in range(20)]
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows})
    breakdown = culturekit.diagnose(path).breakdowns[0]
    group_a = next(g for g in breakdown.groups if g.label == "A")
    assert group_a.n == 12
    for values in (group_a.scores, group_a.differences):
        for value in values.values():
            assert value is None or math.isfinite(value)
    assert group_a.scores["teamwork"] is None
    assert "teamwork" in group_a.hidden_cells


def test_notable_groups_are_every_shown_staff_group_half_a_point_away(
    northwick_diagnosis,
) -> None:
    for element in northwick_diagnosis.elements:
        expected = sorted(
            (g.differences[element.id], b.by, g.label)
            for b in northwick_diagnosis.breakdowns
            if b.source == "staff"
            for g in b.groups
            if not g.suppressed
            and g.differences.get(element.id) is not None
            and abs(g.differences[element.id]) >= 0.5
        )
        got = [(g.difference, g.by, g.label) for g in element.notable_groups]
        assert got == [(d, by, label) for d, by, label in expected]
    # The planted equity gap: BME-group and Disabled staff are named under equity.
    equity = northwick_diagnosis.element("equity_inclusion").notable_groups
    assert any(g.by == "disability" and g.label == "Yes" and g.difference < 0 for g in equity)

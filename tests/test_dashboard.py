"""Tests for the Dashboard sheet and its scoring against benchmarks.

Expected ratings and positions are worked out by hand from the definitions.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from culturekit.framework import default_framework
from culturekit.ingest.dashboard import DashboardData, DashboardIndicator, parse_dashboard
from culturekit.ingest.reader import Sheet
from culturekit.names import normalise_name
from culturekit.report.presentation.methods import DASHBOARD_RATING_RULE as RATING_RULE
from culturekit.report.presentation.methods import DASHBOARD_SIGNAL_RULE as RULE
from culturekit.report.presentation.words import rating_mark, rating_word
from culturekit.results.dashboard import DashboardResult
from culturekit.scoring.dashboard import (
    element_signal,
    rate_indicator,
    score_dashboard,
)

FW = default_framework()
WITHIN = FW.rules.dashboard_similar_within  # 0.05


def make_sheet(columns: dict[str, list[object]], rows: list[int] | None = None) -> Sheet:
    frame = pd.DataFrame({normalise_name(k): v for k, v in columns.items()}, dtype=object)
    frame = frame.astype(object).where(frame.notna(), None)
    return Sheet(
        file="trust.xlsx",
        name="Dashboard",
        frame=frame,
        rows=np.array(rows if rows is not None else range(2, len(frame) + 2)),
        headers={normalise_name(k): k for k in columns},
    )


def indicator(
    value: float,
    benchmark: float | None = None,
    *,
    higher: bool = True,
    best: float | None = None,
    worst: float | None = None,
    element: str = "teamwork",
    name: str = "Indicator",
) -> DashboardIndicator:
    return DashboardIndicator(
        indicator=name,
        element=element,
        value=value,
        benchmark=benchmark,
        best=best,
        worst=worst,
        higher_is_better=higher,
        row=2,
    )


# --------------------------------------------------------------------------- ingest


def test_parse_valid_sheet_with_names_ids_and_text_numbers() -> None:
    sheet = make_sheet(
        {
            "Indicator": ["Sickness absence", "Staff engagement", "Turnover", "Complaints"],
            "Element": [
                "Support and compassion",
                "VISION_VALUES",
                "Equity & Inclusion",
                "teamwork",
            ],
            "Value": ["4.5%", 6.9, "1,234", "12"],
            "Benchmark": [4.2, "7.0", None, 10],
            "Higher is better": ["N", "Y", "no", "FALSE"],
            "Unit": [None, "score", "staff", None],
            "Period": [2023, None, None, "2022/23"],
        }
    )
    problems: list = []
    notices: list[str] = []
    data = parse_dashboard(sheet, FW, problems, notices)
    assert problems == []
    assert data is not None
    got = [(i.indicator, i.element, i.value, i.higher_is_better) for i in data.indicators]
    assert got == [
        ("Sickness absence", "support_compassion", 4.5, False),
        ("Staff engagement", "vision_values", 6.9, True),
        ("Turnover", "equity_inclusion", 1234.0, False),
        ("Complaints", "teamwork", 12.0, False),
    ]
    assert data.indicators[0].unit == "%"  # from the % sign, since no unit was given
    assert data.indicators[0].period == "2023"
    assert data.indicators[1].benchmark == 7.0
    assert [i.row for i in data.indicators] == [2, 3, 4, 5]
    # "4.5%" and "1,234" were accepted, with a notice
    assert len(notices) == 1
    assert "2 value(s)" in notices[0] and "'4.5%'" in notices[0]


def test_missing_required_columns() -> None:
    sheet = make_sheet({"Indicator": ["x"], "Value": [1]})
    problems: list = []
    assert parse_dashboard(sheet, FW, problems, []) is None
    assert sorted(p.column for p in problems) == ["element", "higher_is_better"]


def test_every_bad_cell_is_a_problem_with_row_and_column() -> None:
    sheet = make_sheet(
        {
            "Indicator": ["A", None, "C", "D"],
            "Element": ["teamwork", "teamwork", "Culture", "teamwork"],
            "Value": [1, 2, "high", None],
            "Benchmark": [1, "n/a", 3, 4],
            "Higher_is_better": ["Y", "Y", "maybe", "Y"],
        },
        rows=[2, 3, 5, 9],
    )
    problems: list = []
    data = parse_dashboard(sheet, FW, problems, [])
    found = sorted((p.row, p.column, p.value) for p in problems)
    assert found == [
        (3, "Benchmark", "n/a"),
        (3, "Indicator", None),
        (5, "Element", "Culture"),
        (5, "Higher_is_better", "maybe"),
        (5, "Value", "high"),
        (9, "Value", None),
    ]
    element_problem = next(p for p in problems if p.column == "Element")
    assert "equity_inclusion" in (element_problem.expected or "")
    assert data is not None and [i.indicator for i in data.indicators] == ["A"]


def test_swapped_best_and_worst_is_a_notice() -> None:
    sheet = make_sheet(
        {
            "indicator": ["Mortality ratio"],
            "element": ["learning_innovation"],
            "value": [95],
            "best": [110],
            "worst": [80],
            "higher_is_better": ["N"],
        }
    )
    problems: list = []
    notices: list[str] = []
    data = parse_dashboard(sheet, FW, problems, notices)
    assert problems == []
    assert data is not None and len(data.indicators) == 1
    assert any("best" in n and "worst" in n and "row 2" in n for n in notices)


# --------------------------------------------------------------------------- ratings


def test_polarity_flips_better_and_worse() -> None:
    # 12 against 10 is 20% away: outside 5%.
    assert rate_indicator(indicator(12, 10, higher=True), WITHIN).rating == "better"
    assert rate_indicator(indicator(12, 10, higher=False), WITHIN).rating == "worse"
    assert rate_indicator(indicator(8, 10, higher=True), WITHIN).rating == "worse"
    assert rate_indicator(indicator(8, 10, higher=False), WITHIN).rating == "better"
    rated = rate_indicator(indicator(12, 10, higher=False), WITHIN)
    assert (rating_mark(rated.rating), rating_word(rated.rating)) == ("▼", "worse than benchmark")
    assert rated.difference == pytest.approx(2.0)


def test_similar_band() -> None:
    # 5% of 10 is 0.5: 10.4 and 9.6 are similar, 10.5 is on the boundary (similar),
    # 10.6 is better.
    for value in (10.4, 9.6, 10.5, 9.5):
        rated = rate_indicator(indicator(value, 10), WITHIN)
        assert rated.rating == "similar", value
        assert rating_mark(rated.rating) == "●"
    assert rate_indicator(indicator(10.6, 10), WITHIN).rating == "better"
    assert rate_indicator(indicator(9.4, 10), WITHIN).rating == "worse"
    # relative to the size of a negative benchmark
    assert rate_indicator(indicator(-10.4, -10), WITHIN).rating == "similar"
    # benchmark 0: absolute difference of at most 0.05
    assert rate_indicator(indicator(0.03, 0), WITHIN).rating == "similar"
    assert rate_indicator(indicator(0.06, 0), WITHIN).rating == "better"
    assert rate_indicator(indicator(0.06, 0, higher=False), WITHIN).rating == "worse"


def test_no_benchmark() -> None:
    rated = rate_indicator(indicator(42), WITHIN)
    assert rated.rating == "no benchmark"
    assert rating_mark(rated.rating) == "–"
    assert rated.difference is None


def test_position_between_worst_and_best() -> None:
    # higher is better: worst 0, best 20, value 5 sits a quarter of the way.
    assert rate_indicator(indicator(5, 10, best=20, worst=0), WITHIN).position == 0.25
    # lower is better: worst 10, best 2, value 4 is (10-4)/(10-2) = 0.75 of the way.
    rated = rate_indicator(indicator(4, 5, higher=False, best=2, worst=10), WITHIN)
    assert rated.position == pytest.approx(0.75)
    # outside the range: clipped
    assert rate_indicator(indicator(30, 10, best=20, worst=0), WITHIN).position == 1.0
    assert rate_indicator(indicator(-5, 10, best=20, worst=0), WITHIN).position == 0.0
    # only one end given, or a range of zero width: no position
    assert rate_indicator(indicator(5, 10, best=20), WITHIN).position is None
    assert rate_indicator(indicator(5, 10, best=3, worst=3), WITHIN).position is None


# --------------------------------------------------------------------------- elements


@pytest.mark.parametrize(
    ("better", "similar", "worse", "signal"),
    [
        (2, 1, 0, "positive"),
        (1, 1, 0, "positive"),
        (1, 2, 0, "neutral"),
        (0, 1, 2, "negative"),
        (0, 0, 1, "negative"),
        (2, 0, 2, "neutral"),
        (0, 3, 0, "neutral"),
        (0, 0, 0, None),
    ],
)
def test_element_signal(better: int, similar: int, worse: int, signal: str | None) -> None:
    assert element_signal(better, similar, worse) == signal


def test_score_dashboard_groups_by_element_in_framework_order() -> None:
    data = DashboardData(
        indicators=[
            indicator(12, 10, element="teamwork", name="t1"),  # better
            indicator(10.2, 10, element="teamwork", name="t2"),  # similar
            indicator(15, 10, higher=False, element="vision_values", name="v1"),  # worse
            indicator(3, element="vision_values", name="v2"),  # no benchmark
        ],
        file="trust.xlsx",
        sheet="Dashboard",
    )
    result = score_dashboard(data, FW)
    assert [e.element for e in result.elements] == [e.id for e in FW.elements]
    teamwork = result.element("teamwork")
    assert [i.indicator for i in teamwork.indicators] == ["t1", "t2"]
    assert (teamwork.better, teamwork.similar, teamwork.worse) == (1, 1, 0)
    assert teamwork.signal == "positive"
    vision = result.element("vision_values")
    assert (vision.worse, vision.no_benchmark) == (1, 1)
    assert vision.signal == "negative"
    assert result.element("equity_inclusion").signal is None
    assert (result.better, result.similar, result.worse, result.no_benchmark) == (1, 1, 1, 1)
    assert result.indicator_count == 4
    dumped = json.loads(result.model_dump_json())
    assert dumped["elements"][0]["element"] == "vision_values"
    assert DashboardResult.model_validate_json(result.model_dump_json()) == result


def test_rules_are_stated_for_the_methods_section() -> None:
    assert "at least half" in RULE
    assert "5%" in RATING_RULE.format(within=WITHIN)

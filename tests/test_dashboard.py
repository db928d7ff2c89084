"""Tests for the Dashboard sheet and its scoring against benchmarks.

Expected ratings and positions are worked out by hand from the definitions.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from culturekit.framework import Framework, default_framework
from culturekit.ingest.dashboard import DashboardData, DashboardIndicator, parse_dashboard
from culturekit.ingest.reader import Sheet
from culturekit.names import normalise_name
from culturekit.report.presentation.methods import DASHBOARD_RATING_RULE as RATING_RULE
from culturekit.report.presentation.methods import DASHBOARD_SIGNAL_RULE as RULE
from culturekit.report.presentation.methods import dashboard_similar_words
from culturekit.report.presentation.words import rating_mark, rating_word
from culturekit.results.dashboard import DashboardResult
from culturekit.scoring.dashboard import (
    element_signal,
    rate_indicator,
    score_dashboard,
)

FW = default_framework()
RULES = FW.rules
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
    quartiles: tuple[float, float] | None = None,
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
        lower_quartile=None if quartiles is None else quartiles[0],
        upper_quartile=None if quartiles is None else quartiles[1],
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
    assert rate_indicator(indicator(12, 10, higher=True), RULES).rating == "better"
    assert rate_indicator(indicator(12, 10, higher=False), RULES).rating == "worse"
    assert rate_indicator(indicator(8, 10, higher=True), RULES).rating == "worse"
    assert rate_indicator(indicator(8, 10, higher=False), RULES).rating == "better"
    rated = rate_indicator(indicator(12, 10, higher=False), RULES)
    assert (rating_mark(rated.rating), rating_word(rated.rating)) == ("▼", "worse than benchmark")
    assert rated.difference == pytest.approx(2.0)


def test_similar_band() -> None:
    # 5% of 10 is 0.5: 10.4 and 9.6 are similar, 10.5 is on the boundary (similar),
    # 10.6 is better.
    for value in (10.4, 9.6, 10.5, 9.5):
        rated = rate_indicator(indicator(value, 10), RULES)
        assert rated.rating == "similar", value
        assert rating_mark(rated.rating) == "●"
    assert rate_indicator(indicator(10.6, 10), RULES).rating == "better"
    assert rate_indicator(indicator(9.4, 10), RULES).rating == "worse"
    # relative to the size of a negative benchmark
    assert rate_indicator(indicator(-10.4, -10), RULES).rating == "similar"
    # benchmark 0: absolute difference of at most 0.05
    assert rate_indicator(indicator(0.03, 0), RULES).rating == "similar"
    assert rate_indicator(indicator(0.06, 0), RULES).rating == "better"
    assert rate_indicator(indicator(0.06, 0, higher=False), RULES).rating == "worse"


def test_no_benchmark() -> None:
    rated = rate_indicator(indicator(42), RULES)
    assert rated.rating == "no benchmark"
    assert rating_mark(rated.rating) == "–"
    assert rated.difference is None


def test_position_between_worst_and_best() -> None:
    # higher is better: worst 0, best 20, value 5 sits a quarter of the way.
    assert rate_indicator(indicator(5, 10, best=20, worst=0), RULES).position == 0.25
    # lower is better: worst 10, best 2, value 4 is (10-4)/(10-2) = 0.75 of the way.
    rated = rate_indicator(indicator(4, 5, higher=False, best=2, worst=10), RULES)
    assert rated.position == pytest.approx(0.75)
    # outside the range: clipped
    assert rate_indicator(indicator(30, 10, best=20, worst=0), RULES).position == 1.0
    assert rate_indicator(indicator(-5, 10, best=20, worst=0), RULES).position == 0.0
    # only one end given, or a range of zero width: no position
    assert rate_indicator(indicator(5, 10, best=20), RULES).position is None
    assert rate_indicator(indicator(5, 10, best=3, worst=3), RULES).position is None


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
    stated = RATING_RULE.format(within=WITHIN, range_share=0.125, range_percent="12.5%")
    assert "5%" in stated and "12.5%" in stated and "middle half" in stated


# ------------------------------------------------------- the benchmark group's spread


def with_rules(**rules: object) -> Framework:
    return FW.model_copy(update={"rules": FW.rules.model_copy(update=rules)})


# Published 2024 NHS Staff Survey organisation results (../shared/data), worked out by
# hand for the 122 acute and acute & community trusts: staff finding their work meaningful
# and staff often or always burnt out, % of respondents. Quartiles are numpy's default
# (linear) percentiles of the 122 trusts' values.
MEANINGFUL = {
    "median": 85.60,
    "lowest": 82.19,
    "highest": 89.21,
    "quartiles": (84.78, 86.55),
    "Manchester University NHS Foundation Trust": 84.37,
}
BURNT_OUT = {
    "median": 30.82,
    "lowest": 25.24,
    "highest": 40.36,
    "quartiles": (29.31, 32.61),
    "Manchester University NHS Foundation Trust": 30.21,
    "North West Anglia NHS Foundation Trust": 33.87,
}


def test_meaningful_work_outside_the_middle_half_is_not_similar() -> None:
    """The issue's case: 84.4% against a median of 85.6% in a group from 82.2% to 89.2%."""
    m = MEANINGFUL
    value = m["Manchester University NHS Foundation Trust"]
    by_quartiles = indicator(
        value, m["median"], best=m["highest"], worst=m["lowest"], quartiles=m["quartiles"]
    )
    rated = rate_indicator(by_quartiles, RULES)
    assert (rated.rating, rated.rated_by) == ("worse", "quartiles")  # below 84.78
    # Without quartiles, by its position: 85.60 +- 0.125 x 7.02 = 84.72 to 86.48.
    by_range = indicator(value, m["median"], best=m["highest"], worst=m["lowest"])
    rated = rate_indicator(by_range, RULES)
    assert (rated.rating, rated.rated_by) == ("worse", "range")
    assert rated.position == pytest.approx((84.37 - 82.19) / (89.21 - 82.19))
    # The fixed 5% band (85.60 +- 4.28), now only the fallback, called it similar.
    rated = rate_indicator(indicator(value, m["median"]), RULES)
    assert (rated.rating, rated.rated_by) == ("similar", "band")


def test_quartiles_rate_a_lower_is_better_indicator_by_its_polarity() -> None:
    b = BURNT_OUT
    ends = {"best": b["lowest"], "worst": b["highest"], "quartiles": b["quartiles"]}
    inside = b["Manchester University NHS Foundation Trust"]  # 29.31 <= 30.21 <= 32.61
    above = b["North West Anglia NHS Foundation Trust"]  # more burnt out than 3 in 4
    assert rate_indicator(indicator(inside, b["median"], higher=False, **ends), RULES).rating == (
        "similar"
    )
    assert rate_indicator(indicator(above, b["median"], higher=False, **ends), RULES).rating == (
        "worse"
    )
    assert rate_indicator(indicator(27.0, b["median"], higher=False, **ends), RULES).rating == (
        "better"
    )


def test_the_quartiles_are_the_similar_values_ends_included() -> None:
    q = (40.0, 50.0)
    for value, higher, rating in [
        (40.0, True, "similar"),
        (50.0, True, "similar"),
        (45.0, False, "similar"),
        (39.99, True, "worse"),
        (50.01, True, "better"),
        (39.99, False, "better"),
        (50.01, False, "worse"),
    ]:
        rated = rate_indicator(indicator(value, 44.0, higher=higher, quartiles=q), RULES)
        assert rated.rating == rating, (value, higher)
    # Quartiles rate even without a benchmark; the difference needs one.
    rated = rate_indicator(indicator(52.0, quartiles=q), RULES)
    assert (rated.rating, rated.rated_by, rated.difference) == ("better", "quartiles", None)
    # Values on a quartile computed in floating point stay similar.
    assert rate_indicator(indicator(0.1 + 0.2, quartiles=(0.3, 0.4)), RULES).rating == "similar"


def test_range_band_is_a_share_of_worst_to_best_around_the_benchmark() -> None:
    # worst 0, best 40: similar within 0.125 x 40 = 5 of the benchmark 20.
    ends = {"best": 40.0, "worst": 0.0}
    for value, rating in [(15.0, "similar"), (25.0, "similar"), (14.9, "worse"), (25.1, "better")]:
        rated = rate_indicator(indicator(value, 20.0, **ends), RULES)
        assert (rated.rating, rated.rated_by) == (rating, "range"), value
    # lower is better, best below worst: the same band, the other polarity.
    low = {"best": 0.0, "worst": 40.0}
    assert rate_indicator(indicator(25.1, 20.0, higher=False, **low), RULES).rating == "worse"
    assert rate_indicator(indicator(14.9, 20.0, higher=False, **low), RULES).rating == "better"
    # A wider share from the framework widens the band.
    wider = with_rules(dashboard_similar_range=0.25).rules
    assert rate_indicator(indicator(29.0, 20.0, **ends), wider).rating == "similar"
    assert rate_indicator(indicator(29.0, 20.0, **ends), RULES).rating == "better"


def test_the_fixed_band_is_the_fallback_when_no_spread_is_given() -> None:
    # 12 against 10 is 20% away; 10.4 is within 5%.
    for extra in ({}, {"best": 20.0}, {"best": 10.0, "worst": 10.0}):
        assert rate_indicator(indicator(10.4, 10.0, **extra), RULES).rated_by == "band"
        assert rate_indicator(indicator(10.4, 10.0, **extra), RULES).rating == "similar"
    assert rate_indicator(indicator(12.0, 10.0, best=20.0), RULES).rating == "better"
    # A range gives the band when there is one: 10.4 is within 0.125 x 20 = 2.5 of 10.
    rated = rate_indicator(indicator(12.0, 10.0, best=20.0, worst=0.0), RULES)
    assert (rated.rating, rated.rated_by) == ("similar", "range")
    rated = rate_indicator(indicator(42.0), RULES)
    assert (rated.rating, rated.rated_by) == ("no benchmark", None)


def test_score_dashboard_carries_both_shares() -> None:
    data = DashboardData(indicators=[indicator(1.0, 1.0)], file="t.xlsx", sheet="Dashboard")
    result = score_dashboard(data, FW)
    assert (result.similar_within, result.similar_range) == (0.05, 0.125)


# --------------------------------------------------------------- quartile columns


def quartile_sheet(**columns: list[object]) -> Sheet:
    n = len(next(iter(columns.values())))
    base: dict[str, list[object]] = {
        "indicator": [f"Indicator {i}" for i in range(n)],
        "element": ["teamwork"] * n,
        "value": [50.0] * n,
        "higher_is_better": ["Y"] * n,
    }
    return make_sheet({**base, **columns})


def test_quartile_columns_are_read_as_numbers() -> None:
    sheet = quartile_sheet(
        **{"Lower quartile": ["40%", 41.5, None], "Upper quartile": ["60%", "62", None]}
    )
    problems: list = []
    notices: list[str] = []
    data = parse_dashboard(sheet, FW, problems, notices)
    assert problems == []
    assert data is not None
    got = [(i.lower_quartile, i.upper_quartile) for i in data.indicators]
    assert got == [(40.0, 60.0), (41.5, 62.0), (None, None)]
    assert not any("not used" in n for n in notices)


def test_sheet_without_quartile_columns_has_none() -> None:
    data = parse_dashboard(quartile_sheet(benchmark=[50.0]), FW, [], [])
    assert data is not None
    assert (data.indicators[0].lower_quartile, data.indicators[0].upper_quartile) == (None, None)


def test_a_quartile_alone_is_a_problem_even_without_the_other_column() -> None:
    problems: list = []
    data = parse_dashboard(quartile_sheet(lower_quartile=[40.0, None]), FW, problems, [])
    assert [(p.row, p.column) for p in problems] == [(2, "lower_quartile")]
    assert "without upper_quartile" in problems[0].message
    assert data is not None and [i.indicator for i in data.indicators] == ["Indicator 1"]
    problems = []
    parse_dashboard(
        quartile_sheet(lower_quartile=[None, 4.0], upper_quartile=[6.0, 8.0]), FW, problems, []
    )
    assert [(p.row, p.column) for p in problems] == [(2, "upper_quartile")]


def test_quartiles_the_wrong_way_round_or_outside_the_range_are_problems() -> None:
    sheet = quartile_sheet(
        lower_quartile=[60.0, 30.0, 45.0, 45.0],
        upper_quartile=[40.0, 55.0, 75.0, 55.0],
        best=[None, 80.0, 70.0, 70.0],
        worst=[None, 35.0, 20.0, 20.0],
    )
    problems: list = []
    data = parse_dashboard(sheet, FW, problems, [])
    found = sorted((p.row, p.column, p.message) for p in problems)
    assert found == [
        (2, "lower_quartile", "lower_quartile is above upper_quartile"),
        (3, "lower_quartile", "the quartiles lie outside the range from worst to best"),
        (4, "lower_quartile", "the quartiles lie outside the range from worst to best"),
    ]
    assert data is not None and [i.row for i in data.indicators] == [5]


def test_a_benchmark_outside_the_quartiles_is_a_notice() -> None:
    notices: list[str] = []
    problems: list = []
    sheet = quartile_sheet(benchmark=[70.0], lower_quartile=[40.0], upper_quartile=[60.0])
    data = parse_dashboard(sheet, FW, problems, notices)
    assert problems == [] and data is not None
    assert any("outside the quartiles" in n and "row 2" in n for n in notices)


# --------------------------------------------------- the published results, read whole


def _shared_results() -> Path | None:
    name = "nss-organisation-results-2021-2024.csv"
    root = Path(__file__).resolve().parents[1]
    for folder in (root, *root.parents):
        candidate = folder / "shared" / "data" / name
        if candidate.exists():
            return candidate
    return None


# measure, element, higher is better
MEASURES = [
    ("Mastery_meaning_rate", "vision_values", True),
    ("Autonomy_rate", "learning_innovation", True),
    ("Enough_staff_rate", "goals_performance", True),
    ("Time_demands_meet_rate", "goals_performance", True),
    ("Burned_out_rate", "support_compassion", False),
    ("Stress_rate", "support_compassion", False),
    ("Discrimination_internal_rate", "equity_inclusion", False),
    ("Physical_public_rate", "support_compassion", False),
    ("Emotional_colleagues_rate", "teamwork", False),
]
TRUSTS = ["R0A", "RGN", "RNA", "RHU"]


def test_published_results_of_four_trusts_are_similar_only_inside_the_middle_half() -> None:
    path = _shared_results()
    if path is None:
        pytest.skip("the published NHS Staff Survey results (../shared/data) are not here")
    results = pd.read_csv(path)
    group = results[
        (results["Year"] == 2024)
        & (results["Benchmarking group"] == "Acute and Acute & Community Trusts")
    ]
    rows: dict[str, list[object]] = {k: [] for k in ("indicator", "element", "value")}
    rows |= {k: [] for k in ("benchmark", "best", "worst", "lower_quartile", "upper_quartile")}
    rows["higher_is_better"] = []
    expected, by_band = [], []
    for code in TRUSTS:
        trust = group[group["ODS code"] == code].iloc[0]
        for measure, element, higher in MEASURES:
            values = group[measure].dropna().to_numpy()
            low, median, high = np.percentile(values, [25, 50, 75])
            value = float(trust[measure])
            rows["indicator"].append(f"{code} {measure}")
            rows["element"].append(element)
            rows["value"].append(value)
            rows["benchmark"].append(median)
            rows["best"].append(values.max() if higher else values.min())
            rows["worst"].append(values.min() if higher else values.max())
            rows["lower_quartile"].append(low)
            rows["upper_quartile"].append(high)
            rows["higher_is_better"].append("Y" if higher else "N")
            if low <= value <= high:
                expected.append("similar")
            else:
                expected.append("better" if (value > high) == higher else "worse")
            by_band.append(abs(value - median) <= 0.05 * abs(median))
    problems: list = []
    data = parse_dashboard(make_sheet(rows), FW, problems, [])
    assert problems == [] and data is not None
    result = score_dashboard(data, FW)
    # score_dashboard lists indicators by element; the rows were written trust by trust.
    order = [f"{code} {measure}" for code in TRUSTS for measure, _, _ in MEASURES]
    rating = {i.indicator: i.rating for e in result.elements for i in e.indicators}
    assert [rating[name] for name in order] == expected
    # The case the quartiles exist for: values outside the middle half that the fixed 5%
    # band would have called similar.
    outside_but_near = [e != "similar" and near for e, near in zip(expected, by_band, strict=True)]
    assert sum(outside_but_near) >= 2


def test_the_report_words_only_the_bases_a_dashboard_used() -> None:
    def words(*items: DashboardIndicator) -> str:
        data = DashboardData(indicators=list(items), file="t.xlsx", sheet="Dashboard")
        return dashboard_similar_words(score_dashboard(data, FW))

    by_range = indicator(5.0, 5.0, best=9.0, worst=1.0)
    assert words(by_range) == (
        "it is similar when no further from the benchmark than 12.5% of the group's range "
        "from worst to best"
    )
    mixed = words(indicator(5.0, quartiles=(4.0, 6.0)), by_range, indicator(5.0, 5.0))
    assert mixed.startswith("it is similar when inside its benchmark group's middle half")
    assert "where the quartiles are given" in mixed and "within 5% of the benchmark" in mixed
    assert words(indicator(5.0)) == ""

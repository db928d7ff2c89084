"""XmR charts against NHSRplotthedots' own test cases.

Each test below is one of NHSRplotthedots' testthat cases (tests/testthat/test-ptd_*.R at
nhs-r-community/NHSRplotthedots), its inputs and expected values copied from there; the
R function each stands for is named in the test. Its snapshot values (the limits of
``ptd_spc_standard``) come from tests/testthat/_snaps/ptd_spc_standard.md, for the
series R draws with ``set.seed(123); rnorm(20)``, written out here.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import culturekit
from culturekit.framework.model import Rules
from culturekit.results.spc import SpcChart
from culturekit.scoring.spc import (
    assurance,
    near_flags,
    part_of,
    part_of_near,
    phase_limits,
    point_types,
    rebase_flags,
    run_flags,
    special_causes,
    trend_flags,
    xmr_chart,
)

# R: set.seed(123); rnorm(20)
RNORM_123 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774,
    1.71506499, 0.46091621, -1.26506123, -0.68685285, -0.44566197,
    1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113,
    1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip
DAYS = [dt.date(2020, 1, 1) + dt.timedelta(days=d) for d in range(1, 21)]


def rules(**changes: object) -> Rules:
    return culturekit.default_framework().rules.model_copy(update=changes)


RULES = rules()


def test_the_default_rules_are_nhsrplotthedots() -> None:
    # ptd_spc_standard: limit <- 2.66; limitclose <- 2 * (limit / 3); 3.267 screen on
    # (screen_outliers = TRUE by default); runs and trends of 7; 2 in 3; trial limits
    # below getOption("ptd_spc.warning_threshold", 13) points.
    assert RULES.spc_limit == 2.66
    assert RULES.spc_near_limit_thirds * RULES.spc_limit / 3 == 2 * (2.66 / 3)
    assert RULES.spc_moving_range_screen == 3.267
    assert (RULES.spc_run, RULES.spc_trend) == (7, 7)
    assert (RULES.spc_near_count, RULES.spc_near_window) == (2, 3)
    assert RULES.spc_trial_below == 13
    assert RULES.spc_fix_after is None


# ptd_seven_point_one_side_mean() ----
@pytest.mark.parametrize(
    ("side", "expected"),
    [
        ([], []),
        ([1] * 6, [0] * 6),
        ([1] * 6 + [-1], [0] * 7),
        ([1] * 8 + [-1], [0] * 6 + [1, 1, 0]),
        ([-1] * 8 + [1], [0] * 6 + [1, 1, 0]),
    ],
)
def test_seven_point_one_side_mean(side: list[int], expected: list[int]) -> None:
    assert run_flags(np.array(side), 7).tolist() == expected


def test_a_point_on_the_mean_breaks_a_run() -> None:
    assert run_flags(np.array([1, 1, 1, 0, 1, 1, 1, 1]), 7).tolist() == [0] * 8


# ptd_part_of_seven_trend() ----
@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ([], []),
        ([0] * 6, [0] * 6),
        ([0] * 6 + [1, 0], [1] * 7 + [0]),
        ([0] * 7 + [1, 0], [0] + [1] * 7 + [0]),
        ([0] * 6 + [-1, 0], [1] * 7 + [0]),
        ([0] * 7 + [-1, 0], [0] + [1] * 7 + [0]),
    ],
)
def test_part_of_seven_trend(flags: list[int], expected: list[int]) -> None:
    assert part_of(np.array(flags), 7).tolist() == expected


# ptd_seven_point_trend() ----
@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], []),
        (list(range(1, 7)), [0] * 6),
        ([1, 2, 3, 3, 4, 5, 6], [0] * 7),  # a tie breaks the trend
        (list(range(1, 8)), [0] * 6 + [1]),
        ([2, *range(1, 8), 3], [0] * 7 + [1, 0]),
        (list(range(7, 0, -1)), [0] * 6 + [-1]),
        ([2, *range(7, 0, -1), 3], [0] * 7 + [-1, 0]),
    ],
)
def test_seven_point_trend(values: list[int], expected: list[int]) -> None:
    assert trend_flags(np.array(values), 7).tolist() == expected


# ptd_two_in_three() ----
@pytest.mark.parametrize(
    ("close", "side", "expected"),
    [
        ([], [], []),
        ([0, 0, 0], [0], [0, 0, 0]),
        ([1, 0, 1], [1, 1, 1], [1, 1, 1]),
        ([0, 1, 1], [1, 1, 1], [1, 1, 1]),
        ([1, 1, 0], [1, 1, 1], [1, 1, 1]),
        ([0, 0, 1, 0, 1, 0, 0], [1] * 7, [0, 0, 1, 1, 1, 0, 0]),
        ([0, 0, 1, 1, 0, 0, 0], [1] * 7, [0, 1, 1, 1, 1, 0, 0]),
        # opposite sides of the mean
        ([1, 0, 1], [1, -1, 1], [0, 0, 0]),
        ([0, 1, 1], [1, -1, 1], [0, 0, 0]),
        ([1, 1, 0], [1, -1, 1], [0, 0, 0]),
        ([0, 0, 1, 0, 1, 0, 0], [1, -1, 1, -1, 1, -1, 1], [0] * 7),
        ([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1], [0] * 7),
    ],
)
def test_two_in_three(close: list[int], side: list[int], expected: list[int]) -> None:
    assert near_flags(np.array(close), np.array(side), 2, 3).tolist() == expected


# ptd_part_of_two_in_three() ----
@pytest.mark.parametrize(
    ("close", "side", "expected"),
    [
        ([], [], []),
        ([1, 0, 1], [1, 1, 1], [1, 0, 1]),
        ([0, 1, 1], [1, 1, 1], [0, 1, 1]),
        ([1, 1, 0], [1, 1, 1], [1, 1, 0]),
        ([0, 0, 1, 0, 1, 0, 0], [1] * 7, [0, 0, 1, 0, 1, 0, 0]),
        ([0, 0, 1, 1, 0, 0, 0], [1] * 7, [0, 0, 1, 1, 0, 0, 0]),
        ([1, 0, 0, 1], [1] * 4, [0, 0, 0, 0]),
        ([1, 0, 0, 1, 1], [1] * 5, [0, 0, 0, 1, 1]),
    ],
)
def test_part_of_two_in_three(close: list[int], side: list[int], expected: list[int]) -> None:
    flags = near_flags(np.array(close), np.array(side), 2, 3)
    assert part_of_near(flags, np.array(close)).tolist() == expected


# ptd_special_cause_type(), its parts given as the R test's mocks give them ----
def test_special_cause_type_precedence() -> None:
    causes = special_causes(
        np.arange(1, 9, dtype=float),
        np.array([1, 1, 1, 1, -1, -1, -1, -1]),
        outside=np.array([0, 0, 0, 0, 0, 1, -1, 0]),
        in_trend=np.array([1, -1, 0, 0, 0, 0, 0, 0]),
        in_near=np.array([0, 0, 0, 0, 1, 0, 0, 0]),
        in_run=np.array([0, 0, 1, -1, 0, 0, 0, 0]),
    )
    assert causes == [
        "trend_increasing",  # "7 Point Trend (Increasing)"
        "trend_increasing",
        "run_above",  # "7 Points Above CL"
        "run_above",
        "near_limit_below",  # "2 in 3 Below CL"
        "below_lower_limit",  # "Below LCL"
        "below_lower_limit",
        "common_cause",
    ]


# ptd_point_type() ----
@pytest.mark.parametrize(
    ("direction", "high", "low"),
    [
        (1, "special_cause_improvement", "special_cause_concern"),
        (-1, "special_cause_concern", "special_cause_improvement"),
        (0, "special_cause_neutral_high", "special_cause_neutral_low"),
    ],
)
def test_point_type(direction: int, high: str, low: str) -> None:
    ups = ["above_upper_limit", "trend_increasing", "near_limit_above", "run_above"]
    downs = ["below_lower_limit", "trend_decreasing", "near_limit_below", "run_below"]
    types = point_types([*ups, *downs, "common_cause"], direction)
    assert types == [high] * 4 + [low] * 4 + ["common_cause"]


# ptd_spc_standard(): the snapshot's limits ----
SNAPSHOT = {
    # (mean_col, lpl, upl) of r1 (as drawn), r2 (y[15] = 10, screened), r3 (not screened)
    "r1": (0.1416238, -3.01138, 3.294627),
    "r2": (0.6694159, -2.383666, 3.722497),
    "r3": (0.6694159, -4.596625, 5.935457),
}


def outlier_series() -> np.ndarray:
    y = np.array(RNORM_123)
    y[14] = 10.0  # R: data$y[15] <- 10
    return y


def test_spc_standard_snapshot_limits() -> None:
    cases = {
        "r1": (np.array(RNORM_123), RULES),
        "r2": (outlier_series(), RULES),
        "r3": (outlier_series(), rules(spc_moving_range_screen=None)),
    }
    for name, (y, chosen) in cases.items():
        limits = phase_limits(y, chosen)
        assert (limits.mean, limits.lower, limits.upper) == pytest.approx(
            SNAPSHOT[name], abs=5e-7
        ), name
    # screening narrows the limits: r3's range is wider than r2's
    assert SNAPSHOT["r3"][2] - SNAPSHOT["r3"][1] > SNAPSHOT["r2"][2] - SNAPSHOT["r2"][1]


def test_spc_standard_snapshot_relative_to_mean() -> None:
    # The snapshot's first 15 relative_to_mean values of r1 and r2.
    r1 = [-1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1]
    r2 = [-1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, -1, -1]
    for y, expected in ((np.array(RNORM_123), r1), (outlier_series(), r2)):
        chart = chart_of(y)
        sides = [int(np.sign(p.value - p.mean)) for p in chart.points]
        assert sides[: len(expected)] == expected
        assert not any(
            p.special_cause in ("above_upper_limit", "below_lower_limit") for p in chart.points[:14]
        )


def chart_of(y: np.ndarray, chosen: Rules = RULES, **kwargs: object) -> SpcChart:
    periods = kwargs.pop(
        "periods", [dt.date(2020, 1, 1) + dt.timedelta(days=d) for d in range(1, len(y) + 1)]
    )
    return xmr_chart(
        indicator="x",
        element="e",
        unit=None,
        higher_is_better=bool(kwargs.pop("higher_is_better", True)),
        target=kwargs.pop("target", None),  # type: ignore[arg-type]
        periods=periods,  # type: ignore[arg-type]
        values=list(y),
        rules=chosen,
        rebase_at=kwargs.pop("rebase_at", ()),  # type: ignore[arg-type]
    )


def test_spc_standard_no_rebase_is_one_phase_and_a_rebase_date_starts_another() -> None:
    # "it sets the rebase_group field": rebase = c(rep(0, 10), 1, rep(0, 9))
    plain = chart_of(np.array(RNORM_123))
    assert [p.group for p in plain.points] == [0] * 20
    rebased = chart_of(np.array(RNORM_123), rebase_at=[DAYS[10]])
    assert [p.group for p in rebased.points] == [0] * 10 + [1] * 10
    assert rebased.rebased_at == [DAYS[10]]
    # each phase has its own mean: that of its own points
    assert rebased.points[0].mean == pytest.approx(np.mean(RNORM_123[:10]))
    assert rebased.points[-1].mean == pytest.approx(np.mean(RNORM_123[10:]))


def test_spc_standard_fix_after_n_points_changes_the_limits() -> None:
    base = phase_limits(np.array(RNORM_123), RULES)
    fixed = phase_limits(np.array(RNORM_123), rules(spc_fix_after=12))
    assert fixed.lower != base.lower and fixed.upper != base.upper
    # worked out here from the first 12 points alone
    first = np.array(RNORM_123[:12])
    ranges = np.abs(np.diff(first))
    assert fixed.mean == pytest.approx(first.mean())
    assert fixed.upper == pytest.approx(first.mean() + 2.66 * ranges.mean())


def test_two_of_three_on_opposite_sides_of_the_mean_is_common_cause() -> None:
    # "it only reports special cause for 2of3 points close to limits when they are on
    # the same side of the mean"
    y = np.array([1.0, -1.0] * 8)
    y[14], y[15] = 5.5, -5.5
    chart = chart_of(y)
    assert [p.point_type for p in chart.points[-2:]] == ["common_cause", "common_cause"]


# ptd_calculate_assurance_type() ----
LIMITS = [(1, 3), (5, 7), (1, 5)]  # (lpl, upl) of facets a, b and c; target 4


def test_assurance_without_a_target_is_none() -> None:
    assert assurance(None, 1, 3, 1) is None


def test_assurance_when_improvement_is_an_increase() -> None:
    got = [assurance(4, low, high, 1) for low, high in LIMITS]
    assert got == ["consistent_fail", "consistent_pass", "inconsistent"]


def test_assurance_when_improvement_is_a_decrease() -> None:
    got = [assurance(4, low, high, -1) for low, high in LIMITS]
    assert got == ["consistent_pass", "consistent_fail", "inconsistent"]


def test_assurance_when_improvement_is_neutral() -> None:
    assert [assurance(4, low, high, 0) for low, high in LIMITS] == [None] * 3


def test_assurance_when_rebased_reads_the_latest_limits() -> None:
    # "it returns correct values for assurance when rebase": the last row's limits count.
    for order, expected in (
        ([0, 1, 2], "inconsistent"),
        ([1, 2, 0], "consistent_pass"),
        ([2, 0, 1], "consistent_fail"),
    ):
        low, high = LIMITS[order[-1]]
        assert assurance(4, low, high, -1) == expected


def test_the_charts_assurance_is_its_latest_phases() -> None:
    y = np.array([10.0, 12.0] * 8 + [30.0, 32.0] * 8)
    periods = [dt.date(2020, 1, 1) + dt.timedelta(days=d) for d in range(32)]
    chart = chart_of(y, target=20.0, periods=periods, rebase_at=[periods[16]])
    # latest phase: mean 31, mean moving range 2: limits 31 +- 5.32, all above 20
    assert chart.assurance == "consistent_pass"
    lower = chart_of(
        y, target=20.0, periods=periods, rebase_at=[periods[16]], higher_is_better=False
    )
    assert lower.assurance == "consistent_fail"


# ptd_add_rebase_column() ----
TEN = [dt.date(2020, 1, 1) + dt.timedelta(days=d) for d in range(1, 11)]


def test_rebase_none_is_zeros() -> None:
    assert rebase_flags(TEN + TEN, []).tolist() == [0] * 20


def test_rebase_at_dates() -> None:
    at = [dt.date(2020, 1, 3), dt.date(2020, 1, 8)]
    assert rebase_flags(TEN, at).tolist() == [0, 1, 0, 0, 0, 0, 1, 0, 0, 0]


def test_rebase_per_facet() -> None:
    a = rebase_flags(TEN, [dt.date(2020, 1, 3)]).tolist()
    b = rebase_flags(TEN, [dt.date(2020, 1, 8)]).tolist()
    assert a + b == [0, 1] + [0] * 14 + [1, 0, 0, 0]


def test_a_rebase_date_between_points_starts_at_the_next_point() -> None:
    months = [dt.date(2024, m, 1) for m in range(1, 13)]
    assert rebase_flags(months, [dt.date(2024, 4, 15)]).tolist() == [0] * 4 + [1] + [0] * 7


# ptd_add_short_group_warnings() ----
@pytest.mark.parametrize(("points", "trial"), [(10, True), (11, True), (12, False), (20, False)])
def test_short_groups_have_trial_limits(points: int, trial: bool) -> None:
    # the R test's warning_threshold of 12
    chart = chart_of(np.array(RNORM_123[:points]), rules(spc_trial_below=12))
    assert all(p.trial is trial for p in chart.points)


def test_short_groups_per_phase() -> None:
    # a phase of 5 points among longer ones has trial limits, the others not
    y = np.array(RNORM_123 * 3)
    periods = [dt.date(2020, 1, 1) + dt.timedelta(days=d) for d in range(60)]
    chart = chart_of(
        y, rules(spc_trial_below=12), periods=periods, rebase_at=[periods[35], periods[40]]
    )
    assert [p.trial for p in chart.points] == [False] * 35 + [True] * 5 + [False] * 20


# Beyond NHSRplotthedots' cases: a whole chart worked out by hand ----
def test_a_shift_a_spike_and_the_icons() -> None:
    y = np.array([50.0, 52.0] * 6 + [56.0, 58.0] * 6)
    y[5] = 80.0
    chart = chart_of(y, target=40.0)
    ranges = np.abs(np.diff(y))
    average = ranges.mean()
    kept = ranges[ranges < 3.267 * average]
    upper = y.mean() + 2.66 * kept.mean()
    assert chart.points[0].upper_limit == pytest.approx(upper)
    assert chart.points[5].special_cause == "above_upper_limit"
    assert chart.points[5].point_type == "special_cause_improvement"
    # the last 12 points lie above the mean: a run
    assert {p.special_cause for p in chart.points[12:]} == {"run_above"}
    assert chart.variation == "special_cause_improvement"
    assert chart.reading == "improvement"
    kinds = [(s.special_cause, s.points) for s in chart.signals]
    assert ("above_upper_limit", 1) in kinds and ("run_above", 12) in kinds


def test_a_constant_series_has_no_limits_and_no_signal() -> None:
    chart = chart_of(np.array([5.0] * 15), target=4.0)
    assert all(p.upper_limit is None and p.special_cause == "common_cause" for p in chart.points)
    assert chart.assurance is None and chart.reading == "common cause"

"""The statistics behind compare's verdicts: the minimum detectable change and the
share of positive answers compared with respondents as clusters.

Expected values come from statsmodels (power solvers, OLS with cluster-robust errors)
and scipy, on data built here by hand, never from culturekit's own output.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats as st
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as hst
from statsmodels.stats.power import NormalIndPower, TTestIndPower

from culturekit.stats import (
    clustered_proportion_difference,
    minimum_detectable_change,
    welch_difference,
)

# --------------------------------------------------------------------------- detectable


@pytest.mark.parametrize(("n_a", "n_b"), [(16, 15), (112, 126), (2150, 2320)])
@pytest.mark.parametrize(("confidence", "power"), [(0.95, 0.8), (0.9, 0.9)])
def test_detectable_change_is_the_change_the_power_solver_finds(
    n_a: int, n_b: int, confidence: float, power: float
) -> None:
    """For a known standard deviation the normal MDC is statsmodels' solved effect size."""
    sd = 1.8
    se = sd * math.sqrt(1 / n_a + 1 / n_b)
    effect = NormalIndPower().solve_power(
        effect_size=None, nobs1=n_a, ratio=n_b / n_a, alpha=1 - confidence, power=power
    )
    # The solver counts the (negligible) chance of significance the wrong way as power.
    assert minimum_detectable_change(se, confidence, power) == pytest.approx(effect * sd, rel=1e-4)


@pytest.mark.parametrize(("n_a", "n_b"), [(16, 15), (30, 40)])
def test_detectable_change_with_degrees_of_freedom(n_a: int, n_b: int) -> None:
    """With t quantiles: the formula by scipy, and close to the noncentral-t solution."""
    sd = 2.0
    se = sd * math.sqrt(1 / n_a + 1 / n_b)
    df = n_a + n_b - 2
    by_hand = (st.t.ppf(0.975, df) + st.t.ppf(0.8, df)) * se
    got = minimum_detectable_change(se, 0.95, 0.8, df=df)
    assert got == pytest.approx(by_hand, rel=1e-12)
    exact = TTestIndPower().solve_power(
        effect_size=None, nobs1=n_a, ratio=n_b / n_a, alpha=0.05, power=0.8
    )
    assert got == pytest.approx(exact * sd, rel=2e-3)


def test_detectable_change_edges() -> None:
    assert minimum_detectable_change(None) is None
    assert minimum_detectable_change(0.0) == 0.0
    with pytest.raises(ValueError):
        minimum_detectable_change(0.1, power=1.0)
    with pytest.raises(ValueError):
        minimum_detectable_change(-0.1)


def test_welch_difference_gives_its_standard_error() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.normal(6, 2, 40), rng.normal(5.5, 1.5, 25)
    got = welch_difference(a, b)
    by_hand = math.sqrt(np.var(a, ddof=1) / 40 + np.var(b, ddof=1) / 25)
    assert got.se == pytest.approx(by_hand, rel=1e-12)
    tested = st.ttest_ind(a, b, equal_var=False)
    assert got.difference / got.se == pytest.approx(tested.statistic, rel=1e-12)


# --------------------------------------------------------------------------- clustered


def long_answers(positive: list[int], answers: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """One row per answer (1 positive, 0 not) and the respondent who gave it."""
    y, who = [], []
    for person, (pos, ans) in enumerate(zip(positive, answers, strict=True)):
        y += [1.0] * pos + [0.0] * (ans - pos)
        who += [person] * ans
    return np.array(y), np.array(who)


def cluster_fit(positive: list[int], answers: list[int]) -> tuple[float, float]:
    """statsmodels: the share of positive answers and its respondent-clustered variance."""
    y, who = long_answers(positive, answers)
    fit = sm.OLS(y, np.ones_like(y)).fit(cov_type="cluster", cov_kwds={"groups": who})
    return float(fit.params[0]), float(fit.bse[0]) ** 2


# Hand-built: 12 respondents before and 10 after, each answering 2 to 4 items; people
# tend to answer all their items alike, so the answers are far from independent.
PRE_POSITIVE = [4, 4, 0, 3, 0, 1, 4, 0, 2, 3, 0, 4]
PRE_ANSWERS = [4, 4, 3, 4, 2, 4, 4, 3, 4, 3, 4, 4]
POST_POSITIVE = [4, 3, 4, 4, 0, 3, 4, 2, 4, 4]
POST_ANSWERS = [4, 4, 4, 4, 3, 3, 4, 4, 4, 4]


def test_clustered_difference_matches_statsmodels_cluster_robust_ols() -> None:
    p_post, var_post = cluster_fit(POST_POSITIVE, POST_ANSWERS)
    p_pre, var_pre = cluster_fit(PRE_POSITIVE, PRE_ANSWERS)
    got = clustered_proportion_difference(POST_POSITIVE, POST_ANSWERS, PRE_POSITIVE, PRE_ANSWERS)
    se = math.sqrt(var_post + var_pre)
    z = (p_post - p_pre) / se
    assert got.difference == pytest.approx(p_post - p_pre, rel=1e-12)
    assert got.se == pytest.approx(se, rel=1e-10)
    assert got.z == pytest.approx(z, rel=1e-10)
    assert got.p_value == pytest.approx(2 * st.norm.sf(abs(z)), rel=1e-10)
    half = st.norm.ppf(0.975) * se
    assert got.ci_low == pytest.approx(p_post - p_pre - half, rel=1e-10)
    assert got.ci_high == pytest.approx(p_post - p_pre + half, rel=1e-10)
    independent = p_post * (1 - p_post) / sum(POST_ANSWERS) + p_pre * (1 - p_pre) / sum(PRE_ANSWERS)
    assert got.design_effect == pytest.approx((var_post + var_pre) / independent, rel=1e-10)
    assert got.design_effect > 1.5  # alike answers: clustering matters
    assert (got.n_a, got.n_b, got.answers_a, got.answers_b) == (10, 12, 38, 43)


def test_clustered_difference_matches_a_single_clustered_regression() -> None:
    """One OLS on both collections (answers on a post indicator, clustered by respondent)
    gives the same difference; its standard error differs only by statsmodels' one
    small-sample factor for the pooled fit instead of one per collection."""
    y_a, who_a = long_answers(POST_POSITIVE, POST_ANSWERS)
    y_b, who_b = long_answers(PRE_POSITIVE, PRE_ANSWERS)
    y = np.concatenate([y_a, y_b])
    x = sm.add_constant(np.concatenate([np.ones_like(y_a), np.zeros_like(y_b)]))
    who = np.concatenate([who_a, who_b + 1000])
    fit = sm.OLS(y, x).fit(cov_type="cluster", cov_kwds={"groups": who, "use_correction": False})
    got = clustered_proportion_difference(POST_POSITIVE, POST_ANSWERS, PRE_POSITIVE, PRE_ANSWERS)
    assert got.difference == pytest.approx(fit.params[1], rel=1e-12)
    # Without the correction statsmodels' variance is the plain sandwich; ours scales
    # each collection's part by G/(G-1).
    _, var_a = cluster_fit(POST_POSITIVE, POST_ANSWERS)
    _, var_b = cluster_fit(PRE_POSITIVE, PRE_ANSWERS)
    plain = var_a * 9 / 10 + var_b * 11 / 12
    assert float(fit.bse[1]) ** 2 == pytest.approx(plain, rel=1e-10)


def test_one_answer_each_is_the_unpooled_two_proportion_test() -> None:
    """With one answer per person the clusters are the answers: the design effect is
    G/(G-1) and the test the unpooled z-test."""
    pos_a, pos_b = [1] * 30 + [0] * 10, [1] * 20 + [0] * 20
    got = clustered_proportion_difference(pos_a, [1] * 40, pos_b, [1] * 40)
    p_a, p_b = 0.75, 0.5
    var = (p_a * (1 - p_a) + p_b * (1 - p_b)) / 40 * 40 / 39
    assert got.se == pytest.approx(math.sqrt(var), rel=1e-12)
    assert got.design_effect == pytest.approx(40 / 39, rel=1e-12)


def test_clustered_difference_edges() -> None:
    none = clustered_proportion_difference([], [], [1, 2], [2, 2])
    assert none.difference is None and none.p_value is None
    one = clustered_proportion_difference([1], [2], [1, 2], [2, 2])
    assert one.difference == pytest.approx(0.5 - 0.75) and one.se is None
    flat = clustered_proportion_difference([2, 2], [2, 2], [2, 2], [2, 2])
    assert flat.difference == 0 and flat.se == 0 and flat.p_value is None
    # Respondents who gave no answer are not clusters.
    kept = clustered_proportion_difference([1, 0, 0], [2, 2, 0], [2, 0], [2, 2])
    assert kept.n_a == 2
    with pytest.raises(ValueError):
        clustered_proportion_difference([3], [2], [1], [1])
    with pytest.raises(ValueError):
        clustered_proportion_difference([1, 1], [2], [1], [1])


@settings(max_examples=40, deadline=None)
@given(
    hst.lists(hst.tuples(hst.integers(0, 4), hst.integers(1, 4)), min_size=2, max_size=25),
    hst.lists(hst.tuples(hst.integers(0, 4), hst.integers(1, 4)), min_size=2, max_size=25),
)
def test_clustered_difference_matches_statsmodels_on_any_answers(
    pre: list[tuple[int, int]], post: list[tuple[int, int]]
) -> None:
    pre = [(min(p, a), a) for p, a in pre]
    post = [(min(p, a), a) for p, a in post]
    got = clustered_proportion_difference(
        [p for p, _ in post], [a for _, a in post], [p for p, _ in pre], [a for _, a in pre]
    )
    p_post, var_post = cluster_fit([p for p, _ in post], [a for _, a in post])
    p_pre, var_pre = cluster_fit([p for p, _ in pre], [a for _, a in pre])
    assert got.difference == pytest.approx(p_post - p_pre, abs=1e-12)
    if var_post + var_pre > 1e-12:
        assert got.se == pytest.approx(math.sqrt(var_post + var_pre), rel=1e-8)
        assert -1.0 <= got.ci_low <= got.difference <= got.ci_high <= 1.0

"""Tests for culturekit.stats.

Every expected value is computed here independently (scipy, statsmodels, pingouin, or
arithmetic written out by hand), never copied from culturekit's own output.
"""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
import scipy.stats as st
from hypothesis import assume, given, settings
from hypothesis import strategies as hst
from statsmodels.stats.contingency_tables import Table2x2
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

from culturekit.stats import (
    AlphaEstimate,
    DifferenceEstimate,
    MeanEstimate,
    ProportionDifference,
    ProportionEstimate,
    RatioEstimate,
    adjust_pvalues,
    cronbach_alpha,
    hedges_g,
    mean_ci,
    percent,
    proportion_ci,
    relative_likelihood,
    turnover_rate,
    two_proportion_test,
    welch_difference,
)

NAN = float("nan")
REL = 1e-9

A = [3.1, 4.2, 2.8, 5.0, 3.9, 4.4, 3.3, 4.8]
B = [2.2, 3.0, 2.9, 3.5, 2.4, 3.1]


def assert_clean(result: object) -> None:
    """Every float field is a finite built-in float (np.float64 subclasses float)."""
    for field in dataclasses.fields(result):  # type: ignore[arg-type]
        value = getattr(result, field.name)
        if value is None:
            continue
        assert type(value) in (float, int), (field.name, type(value))
        if isinstance(value, float):
            assert math.isfinite(value), field.name


small_samples = hst.lists(
    hst.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_subnormal=False),
    min_size=2,
    max_size=30,
)
likert_samples = hst.lists(hst.integers(min_value=1, max_value=5), min_size=2, max_size=40)


# --------------------------------------------------------------------------- mean_ci


def test_mean_ci_matches_scipy_t_interval() -> None:
    x = np.array(A)
    low, high = st.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=st.sem(x))
    res = mean_ci(A)
    assert res.mean == pytest.approx(x.mean(), rel=REL)
    assert res.sd == pytest.approx(x.std(ddof=1), rel=REL)
    assert (res.ci_low, res.ci_high) == pytest.approx((low, high), rel=REL)
    assert res.n == len(A)
    assert_clean(res)


def test_mean_ci_other_confidence() -> None:
    x = np.array(B)
    low, high = st.t.interval(0.9, len(x) - 1, loc=x.mean(), scale=st.sem(x))
    res = mean_ci(B, confidence=0.9)
    assert (res.ci_low, res.ci_high) == pytest.approx((low, high), rel=REL)


def test_mean_ci_drops_nan_and_none() -> None:
    assert mean_ci([*A, NAN, NAN]) == mean_ci(A)
    assert mean_ci(pd.Series([*A, None], dtype="Float64")) == mean_ci(A)
    assert mean_ci([1.0, None, 3.0]).n == 2


def test_mean_ci_empty_and_all_nan() -> None:
    assert mean_ci([]) == MeanEstimate(mean=None, ci_low=None, ci_high=None, n=0, sd=None)
    assert mean_ci([NAN, NAN]).mean is None


def test_mean_ci_single_value() -> None:
    assert mean_ci([4.0]) == MeanEstimate(mean=4.0, ci_low=None, ci_high=None, n=1, sd=None)


def test_mean_ci_all_equal_collapses_interval() -> None:
    res = mean_ci([0.1, 0.1, 0.1])
    assert res == MeanEstimate(mean=0.1, ci_low=0.1, ci_high=0.1, n=3, sd=0.0)


def test_mean_ci_rejects_bad_confidence_and_infinity() -> None:
    with pytest.raises(ValueError):
        mean_ci(A, confidence=1.0)
    with pytest.raises(ValueError):
        mean_ci([1.0, math.inf])


def test_results_are_frozen() -> None:
    res = mean_ci(A)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.mean = 0.0  # type: ignore[misc]


@settings(deadline=None)
@given(small_samples)
def test_mean_ci_property_matches_scipy(values: list[float]) -> None:
    x = np.array(values)
    res = mean_ci(values)
    assert_clean(res)
    assert res.mean == pytest.approx(x.mean(), rel=1e-9, abs=1e-9)
    # Below ~1e-150 the variance underflows (here and in scipy), so compare only real spread.
    if np.ptp(x) > 1e-6:
        low, high = st.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=st.sem(x))
        assert (res.ci_low, res.ci_high) == pytest.approx((low, high), rel=1e-7, abs=1e-9)
        assert res.ci_low <= res.mean <= res.ci_high


# --------------------------------------------------------------------------- proportion_ci


@pytest.mark.parametrize(
    ("x", "n", "conf"), [(0, 10, 0.95), (3, 10, 0.95), (10, 10, 0.95), (57, 212, 0.9)]
)
def test_proportion_ci_matches_statsmodels_wilson(x: int, n: int, conf: float) -> None:
    low, high = proportion_confint(x, n, alpha=1 - conf, method="wilson")
    res = proportion_ci(x, n, confidence=conf)
    assert res.proportion == pytest.approx(x / n)
    assert (res.ci_low, res.ci_high) == pytest.approx((low, high), rel=REL, abs=1e-12)
    assert (res.successes, res.n) == (x, n)
    assert_clean(res)


def test_proportion_ci_empty() -> None:
    assert proportion_ci(0, 0) == ProportionEstimate(None, None, None, successes=0, n=0)


def test_proportion_ci_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError):
        proportion_ci(5, 4)
    with pytest.raises(ValueError):
        proportion_ci(-1, 4)


@settings(deadline=None)
@given(hst.integers(1, 5000).flatmap(lambda n: hst.tuples(hst.integers(0, n), hst.just(n))))
def test_proportion_ci_property(xn: tuple[int, int]) -> None:
    x, n = xn
    low, high = proportion_confint(x, n, alpha=0.05, method="wilson")
    res = proportion_ci(x, n)
    assert (res.ci_low, res.ci_high) == pytest.approx((low, high), rel=1e-9, abs=1e-12)
    assert 0.0 <= res.ci_low <= res.proportion <= res.ci_high <= 1.0


# --------------------------------------------------------------------------- welch_difference


def test_welch_matches_scipy() -> None:
    ref = st.ttest_ind(A, B, equal_var=False)
    ci = ref.confidence_interval(confidence_level=0.95)
    res = welch_difference(A, B)
    assert res.difference == pytest.approx(np.mean(A) - np.mean(B), rel=REL)
    assert res.t == pytest.approx(ref.statistic, rel=REL)
    assert res.p_value == pytest.approx(ref.pvalue, rel=REL)
    assert res.df == pytest.approx(ref.df, rel=REL)
    assert (res.ci_low, res.ci_high) == pytest.approx((ci.low, ci.high), rel=REL)
    assert (res.n_a, res.n_b) == (len(A), len(B))
    assert res.mean_a == pytest.approx(np.mean(A))
    assert res.mean_b == pytest.approx(np.mean(B))
    assert_clean(res)


def test_welch_other_confidence_and_direction() -> None:
    ci = st.ttest_ind(B, A, equal_var=False).confidence_interval(confidence_level=0.8)
    res = welch_difference(B, A, confidence=0.8)
    assert res.difference < 0
    assert (res.ci_low, res.ci_high) == pytest.approx((ci.low, ci.high), rel=REL)


def test_welch_drops_nan() -> None:
    assert welch_difference([*A, NAN], [NAN, *B]) == welch_difference(A, B)


def test_welch_small_groups() -> None:
    res = welch_difference([5.0], B)
    assert res.difference == pytest.approx(5.0 - np.mean(B))
    assert (res.ci_low, res.ci_high, res.t, res.df, res.p_value) == (None,) * 5
    assert (res.n_a, res.n_b) == (1, len(B))

    empty = welch_difference([], B)
    assert empty.difference is None
    assert empty.mean_a is None
    assert empty.mean_b == pytest.approx(np.mean(B))
    assert welch_difference([], []) == DifferenceEstimate(
        None, None, None, None, None, None, 0, 0, None, None
    )


def test_welch_both_constant() -> None:
    res = welch_difference([3.0, 3.0, 3.0], [1.0, 1.0])
    assert res.difference == 2.0
    assert (res.ci_low, res.ci_high, res.t, res.df, res.p_value) == (None,) * 5


@pytest.mark.filterwarnings("ignore:Precision loss:RuntimeWarning")
def test_welch_one_side_constant_matches_scipy() -> None:
    ref = st.ttest_ind([3.0, 3.0, 3.0], B, equal_var=False)
    res = welch_difference([3.0, 3.0, 3.0], B)
    assert res.t == pytest.approx(ref.statistic, rel=1e-9)
    assert res.p_value == pytest.approx(ref.pvalue, rel=1e-9)


@pytest.mark.filterwarnings("ignore:Precision loss:RuntimeWarning")
@settings(max_examples=200, deadline=None)
@given(small_samples, small_samples)
def test_welch_property_matches_scipy(a: list[float], b: list[float]) -> None:
    assume(np.ptp(a) > 1e-6 or np.ptp(b) > 1e-6)
    ref = st.ttest_ind(a, b, equal_var=False)
    ci = ref.confidence_interval(confidence_level=0.95)
    res = welch_difference(a, b)
    assert_clean(res)
    assert res.t == pytest.approx(ref.statistic, rel=1e-6, abs=1e-9)
    assert res.df == pytest.approx(ref.df, rel=1e-6)
    assert res.p_value == pytest.approx(ref.pvalue, rel=1e-6, abs=1e-12)
    assert (res.ci_low, res.ci_high) == pytest.approx((ci.low, ci.high), rel=1e-6, abs=1e-6)


# --------------------------------------------------------------------------- hedges_g


def test_hedges_g_matches_pingouin() -> None:
    ref = pg.compute_effsize(A, B, paired=False, eftype="hedges")
    assert hedges_g(A, B) == pytest.approx(ref, rel=REL)
    assert hedges_g(B, A) == pytest.approx(-ref, rel=REL)


def test_hedges_g_hand_formula() -> None:
    # Written out: pooled SD with n-1 weights, J = 1 - 3 / (4 (n_a + n_b) - 9).
    a, b = np.array(A), np.array(B)
    na, nb = len(a), len(b)
    pooled = math.sqrt(((na - 1) * a.var(ddof=1) + (nb - 1) * b.var(ddof=1)) / (na + nb - 2))
    expected = (a.mean() - b.mean()) / pooled * (1 - 3 / (4 * (na + nb) - 9))
    assert hedges_g(A, B) == pytest.approx(expected, rel=REL)


def test_hedges_g_degenerate() -> None:
    assert hedges_g([], B) is None
    assert hedges_g([4.0], B) is None
    assert hedges_g([2.0, 2.0], [1.0, 1.0, 1.0]) is None
    assert hedges_g([NAN, NAN], B) is None
    assert hedges_g([*A, NAN], B) == hedges_g(A, B)
    assert hedges_g([1.0, 1.0], [1.0, 2.0]) is not None


# pingouin divides by a zero pooled SD (and warns) where culturekit returns None.
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@settings(max_examples=100, deadline=None)
@given(likert_samples, likert_samples)
def test_hedges_g_property_matches_pingouin(a: list[int], b: list[int]) -> None:
    ref = pg.compute_effsize(a, b, paired=False, eftype="hedges")
    res = hedges_g(a, b)
    if np.isfinite(ref):
        assert type(res) is float
        assert res == pytest.approx(ref, rel=1e-9, abs=1e-12)
    else:
        assert res is None


# --------------------------------------------------------------------------- two_proportion_test


@pytest.mark.parametrize(
    ("xa", "na", "xb", "nb", "conf"),
    [(45, 120, 30, 115, 0.95), (5, 83, 12, 99, 0.95), (0, 20, 4, 25, 0.9), (9, 9, 3, 10, 0.95)],
)
def test_two_proportion_matches_statsmodels(
    xa: int, na: int, xb: int, nb: int, conf: float
) -> None:
    z, p = proportions_ztest([xa, xb], [na, nb])
    low, high = confint_proportions_2indep(
        xa, na, xb, nb, method="newcomb", compare="diff", alpha=1 - conf
    )
    res = two_proportion_test(xa, na, xb, nb, confidence=conf)
    assert res.difference == pytest.approx(xa / na - xb / nb, rel=REL)
    assert res.z == pytest.approx(z, rel=REL)
    assert res.p_value == pytest.approx(p, rel=REL)
    assert (res.ci_low, res.ci_high) == pytest.approx((low, high), rel=REL, abs=1e-12)
    assert (res.p_a, res.p_b, res.n_a, res.n_b) == pytest.approx((xa / na, xb / nb, na, nb))
    assert_clean(res)


def test_two_proportion_empty_group() -> None:
    res = two_proportion_test(0, 0, 3, 10)
    assert res == ProportionDifference(None, None, None, None, None, None, 0.3, n_a=0, n_b=10)


@pytest.mark.parametrize(("xa", "na", "xb", "nb"), [(0, 10, 0, 12), (10, 10, 12, 12)])
def test_two_proportion_no_variation(xa: int, na: int, xb: int, nb: int) -> None:
    low, high = confint_proportions_2indep(xa, na, xb, nb, method="newcomb", compare="diff")
    res = two_proportion_test(xa, na, xb, nb)
    assert res.difference == 0.0
    assert res.z is None
    assert res.p_value is None
    assert (res.ci_low, res.ci_high) == pytest.approx((low, high), rel=REL)


@settings(max_examples=200, deadline=None)
@given(
    hst.integers(1, 2000).flatmap(lambda n: hst.tuples(hst.integers(0, n), hst.just(n))),
    hst.integers(1, 2000).flatmap(lambda n: hst.tuples(hst.integers(0, n), hst.just(n))),
)
def test_two_proportion_property(a: tuple[int, int], b: tuple[int, int]) -> None:
    (xa, na), (xb, nb) = a, b
    assume(0 < xa + xb < na + nb)
    z, p = proportions_ztest([xa, xb], [na, nb])
    low, high = confint_proportions_2indep(xa, na, xb, nb, method="newcomb", compare="diff")
    res = two_proportion_test(xa, na, xb, nb)
    assert_clean(res)
    assert res.z == pytest.approx(z, rel=1e-9, abs=1e-12)
    assert res.p_value == pytest.approx(p, rel=1e-9, abs=1e-15)
    assert (res.ci_low, res.ci_high) == pytest.approx((low, high), rel=1e-9, abs=1e-12)
    assert res.ci_low <= res.difference <= res.ci_high


# --------------------------------------------------------------------------- adjust_pvalues

P = [0.01, 0.04, 0.03, 0.005, 0.5, 0.04, 0.2]


@pytest.mark.parametrize("method", ["holm", "fdr_bh"])
def test_adjust_matches_statsmodels(method: str) -> None:
    expected = multipletests(P, method=method)[1]
    assert adjust_pvalues(P, method=method) == pytest.approx(list(expected), rel=REL)  # type: ignore[arg-type]


def test_adjust_default_is_holm() -> None:
    assert adjust_pvalues(P) == adjust_pvalues(P, method="holm")


@pytest.mark.parametrize("method", ["holm", "fdr_bh"])
def test_adjust_none_passes_through_and_leaves_family(method: str) -> None:
    with_gaps: list[float | None] = [None, 0.01, NAN, 0.04, 0.03, None]
    out = adjust_pvalues(with_gaps, method=method)  # type: ignore[arg-type]
    expected = multipletests([0.01, 0.04, 0.03], method=method)[1]
    assert out[0] is None and out[2] is None and out[5] is None
    assert [out[1], out[3], out[4]] == pytest.approx(list(expected), rel=REL)
    assert all(v is None or type(v) is float for v in out)


def test_adjust_degenerate() -> None:
    assert adjust_pvalues([]) == []
    assert adjust_pvalues([None, None]) == [None, None]
    assert adjust_pvalues([0.03]) == [0.03]
    assert adjust_pvalues([0.03], method="fdr_bh") == pytest.approx([0.03])


def test_adjust_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        adjust_pvalues([0.1, 1.2])
    with pytest.raises(ValueError):
        adjust_pvalues([0.1], method="bonferroni")  # type: ignore[arg-type]


pvalue_lists = hst.lists(hst.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(pvalue_lists, hst.sampled_from(["holm", "fdr_bh"]))
def test_adjust_property_matches_statsmodels(p: list[float], method: str) -> None:
    expected = multipletests(p, method=method)[1]
    out = adjust_pvalues(p, method=method)  # type: ignore[arg-type]
    assert out == pytest.approx(list(expected), rel=1e-9, abs=1e-15)
    for raw, adj in zip(p, out, strict=True):
        assert adj is not None
        assert raw <= adj <= 1.0


@settings(deadline=None)
@given(hst.lists(hst.one_of(hst.none(), hst.floats(0.0, 1.0)), max_size=30))
def test_adjust_property_with_nones(p: list[float | None]) -> None:
    out = adjust_pvalues(p, method="fdr_bh")
    assert [v is None for v in out] == [v is None for v in p]
    present = [v for v in p if v is not None]
    if present:
        expected = multipletests(present, method="fdr_bh")[1]
        assert [v for v in out if v is not None] == pytest.approx(list(expected), rel=1e-9)


# --------------------------------------------------------------------------- cronbach_alpha

# Five respondents answering three 1-5 items.
HAND = [[3, 4, 3], [2, 3, 4], [4, 4, 5], [3, 2, 3], [4, 4, 4]]


def test_cronbach_hand_worked_example() -> None:
    # Worked by hand, exactly, with sample variances (divide by n - 1 = 4):
    #   item 1: 3 2 4 3 4, mean 16/5, squared deviations .04 1.44 .64 .04 .64 = 2.8 -> 0.7
    #   item 2: 4 3 4 2 4, mean 17/5, squared deviations .36 .16 .36 1.96 .36 = 3.2 -> 0.8
    #   item 3: 3 4 5 3 4, mean 19/5, squared deviations .64 .04 1.44 .64 .04 = 2.8 -> 0.7
    #   totals: 10 9 13 8 12, mean 52/5, squared deviations
    #           .16 1.96 6.76 5.76 2.56 = 17.2 -> 4.3
    #   alpha = k/(k-1) (1 - sum item var / total var) = 3/2 (1 - 2.2/4.3) = 63/86
    item_vars = [Fraction(28, 40), Fraction(32, 40), Fraction(28, 40)]
    total_var = Fraction(172, 40)
    k = 3
    expected = Fraction(k, k - 1) * (1 - sum(item_vars) / total_var)
    assert expected == Fraction(63, 86)
    res = cronbach_alpha(HAND)
    assert res.alpha == pytest.approx(float(expected), rel=1e-12)
    assert (res.n, res.k) == (5, 3)
    assert_clean(res)


def test_cronbach_matches_pingouin_listwise_published_dataset() -> None:
    # pingouin documents 0.8017 for this set after listwise deletion, matching R
    # psych::alpha(use = "complete.obs").
    data = pg.read_dataset("cronbach_wide_missing")
    ref = pg.cronbach_alpha(data, nan_policy="listwise")[0]
    res = cronbach_alpha(data)
    assert res.alpha == pytest.approx(ref, rel=REL)
    assert res.alpha == pytest.approx(0.8017, abs=5e-5)
    assert res.n == len(data.dropna())
    assert res.k == data.shape[1]


def test_cronbach_listwise_deletion() -> None:
    with_missing = [*HAND, [NAN, 5, 5], [1, NAN, NAN]]
    assert cronbach_alpha(with_missing) == cronbach_alpha(HAND)
    df = pd.DataFrame(with_missing, columns=["q1", "q2", "q3"])
    assert cronbach_alpha(df) == cronbach_alpha(HAND)
    assert cronbach_alpha(df.astype("Int64")) == cronbach_alpha(HAND)


def test_cronbach_degenerate() -> None:
    assert cronbach_alpha([[1], [2], [3]]) == AlphaEstimate(alpha=None, n=3, k=1)
    assert cronbach_alpha([1, 2, 3]) == AlphaEstimate(alpha=None, n=3, k=1)
    assert cronbach_alpha([[1, 2]]) == AlphaEstimate(alpha=None, n=1, k=2)
    assert cronbach_alpha([[1, NAN], [NAN, 2]]) == AlphaEstimate(alpha=None, n=0, k=2)
    assert cronbach_alpha(np.empty((0, 4))) == AlphaEstimate(alpha=None, n=0, k=4)
    # Every respondent has the same total: no variance to explain.
    assert cronbach_alpha([[1, 3], [2, 2], [3, 1]]) == AlphaEstimate(alpha=None, n=3, k=2)
    assert cronbach_alpha([[2, 2], [2, 2]]).alpha is None


def test_cronbach_rejects_3d() -> None:
    with pytest.raises(ValueError):
        cronbach_alpha(np.zeros((2, 2, 2)))


@settings(max_examples=100, deadline=None)
@given(
    hst.integers(2, 6).flatmap(
        lambda k: hst.lists(
            hst.lists(
                hst.one_of(hst.integers(1, 5).map(float), hst.just(NAN)), min_size=k, max_size=k
            ),
            min_size=2,
            max_size=30,
        )
    )
)
def test_cronbach_property_matches_pingouin(rows: list[list[float]]) -> None:
    df = pd.DataFrame(rows)
    complete = df.dropna()
    res = cronbach_alpha(df)
    assert (res.n, res.k) == complete.shape
    if len(complete) < 2 or complete.sum(axis=1).nunique() < 2:
        assert res.alpha is None
        return
    ref = pg.cronbach_alpha(df, nan_policy="listwise")[0]
    assert type(res.alpha) is float
    assert res.alpha == pytest.approx(ref, rel=1e-9, abs=1e-12)


# --------------------------------------------------------------------------- relative_likelihood


def test_relative_likelihood_wres_worked_example() -> None:
    # WRES indicator 2: 46.99% of white vs 14.65% of BME shortlisted applicants appointed,
    # a relative likelihood of 3.21.
    res = relative_likelihood(4699, 10000, 1465, 10000)
    assert res.rate_a == pytest.approx(0.4699)
    assert res.rate_b == pytest.approx(0.1465)
    assert res.ratio == pytest.approx(0.4699 / 0.1465, rel=REL)
    assert round(res.ratio, 2) == 3.21
    assert_clean(res)


@pytest.mark.parametrize(
    ("a", "na", "b", "nb", "conf"),
    [(4699, 10000, 1465, 10000, 0.95), (12, 40, 30, 210, 0.95), (7, 7, 3, 9, 0.9)],
)
def test_relative_likelihood_matches_statsmodels(
    a: int, na: int, b: int, nb: int, conf: float
) -> None:
    # Rows are the groups, column 0 the event, so riskratio = (a/na) / (b/nb).
    table = Table2x2(np.array([[a, na - a], [b, nb - b]]), shift_zeros=False)
    low, high = table.riskratio_confint(alpha=1 - conf)
    res = relative_likelihood(a, na, b, nb, confidence=conf)
    assert res.ratio == pytest.approx(table.riskratio, rel=REL)
    assert (res.ci_low, res.ci_high) == pytest.approx((low, high), rel=REL)
    # Katz log method written out.
    z = st.norm.ppf((1 + conf) / 2)
    se = math.sqrt(1 / a - 1 / na + 1 / b - 1 / nb)
    rr = (a / na) / (b / nb)
    assert res.ci_low == pytest.approx(rr * math.exp(-z * se), rel=REL)
    assert res.ci_high == pytest.approx(rr * math.exp(z * se), rel=REL)


def test_relative_likelihood_degenerate() -> None:
    assert relative_likelihood(0, 0, 4, 10) == RatioEstimate(None, None, None, None, 0.4)
    assert relative_likelihood(3, 10, 0, 0) == RatioEstimate(None, None, None, 0.3, None)
    assert relative_likelihood(3, 10, 0, 10) == RatioEstimate(None, None, None, 0.3, 0.0)
    assert relative_likelihood(0, 10, 4, 10) == RatioEstimate(0.0, None, None, 0.0, 0.4)
    assert relative_likelihood(10, 10, 5, 5) == RatioEstimate(1.0, 1.0, 1.0, 1.0, 1.0)
    with pytest.raises(ValueError):
        relative_likelihood(11, 10, 4, 10)
    with pytest.raises(ValueError):
        relative_likelihood(3, 0, 4, 10)


@settings(max_examples=200, deadline=None)
@given(
    hst.integers(1, 5000).flatmap(lambda n: hst.tuples(hst.integers(1, n), hst.just(n))),
    hst.integers(1, 5000).flatmap(lambda n: hst.tuples(hst.integers(1, n), hst.just(n))),
)
def test_relative_likelihood_property(a: tuple[int, int], b: tuple[int, int]) -> None:
    (xa, na), (xb, nb) = a, b
    table = Table2x2(np.array([[xa, na - xa], [xb, nb - xb]]), shift_zeros=False)
    low, high = table.riskratio_confint()
    res = relative_likelihood(xa, na, xb, nb)
    assert_clean(res)
    assert res.ratio == pytest.approx(table.riskratio, rel=1e-9)
    assert (res.ci_low, res.ci_high) == pytest.approx((low, high), rel=1e-9)
    assert res.ci_low <= res.ratio <= res.ci_high


# --------------------------------------------------------------------------- percent


def test_percent() -> None:
    assert percent(1, 4) == 25.0
    assert type(percent(1, 3)) is float
    assert percent(1, 3) == pytest.approx(100 / 3)
    assert percent(0, 7) == 0.0
    assert percent(0, 0) is None
    assert percent(3, 0) is None


def test_bh_never_rounds_an_adjusted_p_below_its_raw_p() -> None:
    # Found by hypothesis: p * 6 / 6 rounds to just under p for this value.
    p = [0.0, 0.0, 0.0, 0.0, 0.0, 0.8010764440867051]
    out = adjust_pvalues(p, method="fdr_bh")
    assert out[-1] is not None and out[-1] >= p[-1]
    assert out == pytest.approx(list(multipletests(p, method="fdr_bh")[1]))


# --------------------------------------------------------------------------- turnover


def test_turnover_is_leavers_over_the_average_in_post() -> None:
    # NHS England's leaver rate, worked by hand: 720 of 7,420 in post at the start leave,
    # 6,700 are in post at the end; the average in post is 7,060; 720 / 7,060 = 10.198%.
    start, leavers = 7420, 720
    end = start - leavers
    assert turnover_rate(leavers, start) == pytest.approx(100 * leavers / ((start + end) / 2))
    assert round(turnover_rate(leavers, start), 1) == 10.2
    assert turnover_rate(0, 50) == 0.0
    assert turnover_rate(10, 10) == pytest.approx(200.0)  # all left: 10 over an average of 5
    assert turnover_rate(0, 0) is None
    with pytest.raises(ValueError):
        turnover_rate(11, 10)

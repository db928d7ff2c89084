"""Relative importance against independent computations.

- General dominance weights by brute force: every subset of predictors fitted with
  statsmodels OLS (raw data, an intercept), the gains averaged within and across sizes.
- Johnson's relative weights by his original route on the data, not on the correlation
  matrix: the standardised predictors' singular value decomposition gives their closest
  orthogonal counterparts Z; OLS of the outcome on Z and of each predictor on Z give the
  two sets of coefficients whose squares are combined.
- Exact cases: on uncorrelated predictors both equal each predictor's squared
  correlation with the outcome; with two predictors the two methods coincide.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from culturekit.relative_importance import bootstrap_intervals, importance


def _data(seed: int, n: int = 300, k: int = 4) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    common = rng.normal(size=(n, 1))
    x = rng.normal(size=(n, k)) + common * rng.uniform(0.3, 1.5, size=k)
    y = x @ rng.uniform(-0.2, 0.8, size=k) + rng.normal(size=n)
    return x, y


def _ols_r2(x: np.ndarray, y: np.ndarray, columns: tuple[int, ...]) -> float:
    if not columns:
        return 0.0
    return float(sm.OLS(y, sm.add_constant(x[:, list(columns)])).fit().rsquared)


def _brute_force_dominance(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    k = x.shape[1]
    r2 = {
        s: _ols_r2(x, y, s) for size in range(k + 1) for s in itertools.combinations(range(k), size)
    }
    weights = np.zeros(k)
    for j in range(k):
        others = [i for i in range(k) if i != j]
        by_size = []
        for size in range(k):
            gains = [
                r2[tuple(sorted((*s, j)))] - r2[s] for s in itertools.combinations(others, size)
            ]
            by_size.append(np.mean(gains))
        weights[j] = np.mean(by_size)
    return weights


def _johnson_by_svd(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    zx = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    zy = (y - y.mean()) / y.std(ddof=1)
    u, _, vt = np.linalg.svd(zx, full_matrices=False)
    z = u @ vt * math.sqrt(x.shape[0] - 1)
    beta = sm.OLS(zy, z).fit().params
    loadings = np.array([sm.OLS(zx[:, j], z).fit().params for j in range(x.shape[1])])
    return (loadings**2) @ (beta**2)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_dominance_matches_brute_force_ols(seed: int) -> None:
    x, y = _data(seed)
    found = importance(x, y, "dominance")
    np.testing.assert_allclose(found.weights, _brute_force_dominance(x, y), atol=1e-10)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_relative_weights_match_johnsons_construction(seed: int) -> None:
    x, y = _data(seed)
    found = importance(x, y, "relative_weights")
    np.testing.assert_allclose(found.weights, _johnson_by_svd(x, y), atol=1e-10)


@pytest.mark.parametrize("method", ["relative_weights", "dominance"])
@pytest.mark.parametrize("seed", [4, 5])
def test_weights_sum_to_the_models_r_squared(method: str, seed: int) -> None:
    x, y = _data(seed, k=5)
    found = importance(x, y, method)  # type: ignore[arg-type]
    full = _ols_r2(x, y, tuple(range(5)))
    assert found.r_squared == pytest.approx(full, abs=1e-10)
    assert found.weights.sum() == pytest.approx(full, abs=1e-10)
    assert (found.weights >= -1e-12).all()


@pytest.mark.parametrize("method", ["relative_weights", "dominance"])
def test_uncorrelated_predictors_get_their_squared_correlation(method: str) -> None:
    rng = np.random.default_rng(7)
    n, k = 200, 4
    # Centred columns made exactly orthogonal (QR keeps them centred): no correlation.
    raw = rng.normal(size=(n, k))
    x, _ = np.linalg.qr(raw - raw.mean(axis=0))
    y = x @ np.array([3.0, 2.0, 1.0, 0.0]) + rng.normal(size=n) * 0.1
    assert np.abs(np.corrcoef(x, rowvar=False) - np.eye(k)).max() < 1e-8
    expected = np.array([scipy_stats.pearsonr(x[:, j], y).statistic ** 2 for j in range(k)])
    found = importance(x, y, method)  # type: ignore[arg-type]
    np.testing.assert_allclose(found.weights, expected, atol=1e-8)


def test_two_predictors_relative_weights_equal_dominance_weights() -> None:
    x, y = _data(8, k=2)
    expected = _brute_force_dominance(x, y)
    found = importance(x, y, "relative_weights")
    np.testing.assert_allclose(found.weights, expected, atol=1e-10)


@pytest.mark.parametrize("method", ["relative_weights", "dominance"])
def test_exactly_collinear_predictors_share_what_they_explain(method: str) -> None:
    x, y = _data(9, k=2)
    doubled = np.column_stack([x, x[:, 0]])
    found = importance(doubled, y, method)  # type: ignore[arg-type]
    assert found.weights.sum() == pytest.approx(_ols_r2(x, y, (0, 1)), abs=1e-8)
    assert found.weights[0] == pytest.approx(found.weights[2], abs=1e-8)


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    k=st.integers(1, 5),
    method=st.sampled_from(["relative_weights", "dominance"]),
)
def test_any_data_share_out_exactly_r_squared(seed: int, k: int, method: str) -> None:
    x, y = _data(seed, n=60, k=k)
    found = importance(x, y, method)  # type: ignore[arg-type]
    assert found.weights.sum() == pytest.approx(_ols_r2(x, y, tuple(range(k))), abs=1e-9)


def _own_bootstrap(x: np.ndarray, y: np.ndarray, resamples: int) -> np.ndarray:
    rng = np.random.default_rng(12345)
    n = len(y)
    draws = []
    for _ in range(resamples):
        rows = rng.integers(0, n, size=n)
        draws.append(_brute_force_dominance(x[rows], y[rows]))
    return np.percentile(np.array(draws), [2.5, 97.5], axis=0)


def test_bootstrap_intervals_agree_with_an_independent_bootstrap() -> None:
    x, y = _data(10, n=400, k=3)
    found = bootstrap_intervals(x, y, "dominance", resamples=2000, seed=1, level=0.95)
    low, high = _own_bootstrap(x, y, 200)
    # Two bootstraps of different sizes and seeds: endpoints agree to Monte Carlo error.
    np.testing.assert_allclose(found.low, low, atol=0.02)
    np.testing.assert_allclose(found.high, high, atol=0.02)
    assert found.resamples_used == 2000


@pytest.mark.parametrize("method", ["relative_weights", "dominance"])
def test_bootstrap_intervals_hold_the_estimate_and_repeat_with_the_seed(method: str) -> None:
    x, y = _data(11, n=250, k=4)
    point = importance(x, y, method)  # type: ignore[arg-type]
    first = bootstrap_intervals(x, y, method, resamples=500, seed=3, level=0.95)  # type: ignore[arg-type]
    again = bootstrap_intervals(x, y, method, resamples=500, seed=3, level=0.95)  # type: ignore[arg-type]
    other = bootstrap_intervals(x, y, method, resamples=500, seed=4, level=0.95)  # type: ignore[arg-type]
    narrower = bootstrap_intervals(x, y, method, resamples=500, seed=3, level=0.9)  # type: ignore[arg-type]
    assert (first.low <= point.weights).all() and (point.weights <= first.high).all()
    assert first.r_squared_low <= point.r_squared <= first.r_squared_high
    np.testing.assert_array_equal(first.low, again.low)
    np.testing.assert_array_equal(first.high, again.high)
    assert not np.array_equal(first.low, other.low)
    assert (narrower.low >= first.low).all() and (narrower.high <= first.high).all()


def test_a_resample_without_variation_is_left_out() -> None:
    rng = np.random.default_rng(2)
    # One respondent differs from the rest: some resamples leave them out entirely.
    x = np.column_stack([np.r_[np.zeros(19), 1.0], rng.normal(size=20)])
    y = rng.normal(size=20)
    found = bootstrap_intervals(x, y, "relative_weights", resamples=400, seed=0, level=0.95)
    expected_missing = 400 * (19 / 20) ** 20  # about 143 resamples without that respondent
    assert 0 < found.resamples_used < 400
    assert abs((400 - found.resamples_used) - expected_missing) < 45


@pytest.mark.parametrize(
    ("x", "y"),
    [
        (np.array([[1.0, 2.0], [np.nan, 1.0], [3.0, 0.0], [1.0, 1.0], [2.0, 2.0]]), np.arange(5.0)),
        (np.column_stack([np.ones(10), np.arange(10.0)]), np.arange(10.0) ** 2),
        (np.arange(10.0)[:, None], np.ones(10)),
        (np.arange(2.0)[:, None], np.array([1.0, 0.0])),
    ],
)
def test_data_that_cannot_carry_the_model_are_refused(x: np.ndarray, y: np.ndarray) -> None:
    with pytest.raises(ValueError):
        importance(x, y, "relative_weights")

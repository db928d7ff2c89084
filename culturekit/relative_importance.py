"""How much each predictor adds to a linear model's R²: relative importance.

Two decompositions of R² among correlated predictors, both of which sum to the R² of the
ordinary least squares model with every predictor and an intercept:

- **Relative weights** (Johnson, 2000, *Multivariate Behavioral Research* 35(1)): the
  predictors are replaced by their closest orthogonal counterparts, the outcome is
  regressed on those, and each orthogonal variable's share of R² is handed back to the
  original predictors in proportion to their squared loadings on it.
- **General dominance weights** (Budescu, 1993, *Psychological Bulletin* 114(3); Azen and
  Budescu, 2003), the same as LMG (Lindeman, Merenda and Gold, 1980) and the Shapley
  value of R²: each predictor's gain in R² when added to a model, averaged over every
  subset of the other predictors, first within each subset size and then over sizes.

Both read only the correlations of the data, so each is computed from a correlation
matrix; the bootstrap resamples respondents and recomputes the weights in batches.
Everything here is pure: arrays in, arrays out, no text and no rule of the framework.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

Method = Literal["relative_weights", "dominance"]
METHODS: tuple[Method, ...] = ("relative_weights", "dominance")

# Dominance analysis fits 2^k models per sample: past this many predictors the bootstrap
# would take minutes, so relative weights (one eigen-decomposition) are the method to use.
MAX_DOMINANCE_PREDICTORS = 12
# Eigenvalues below this share of the largest are treated as zero: exactly collinear
# predictors share the R² they explain rather than making the weights infinite.
_RANK_TOLERANCE = 1e-10
# Resamples are processed this many at a time, to bound memory (resamples x n x k floats).
_BATCH = 250


@dataclass(frozen=True)
class Importance:
    """Each predictor's share of R² (same order as the predictors) and R² itself."""

    weights: np.ndarray
    r_squared: float


@dataclass(frozen=True)
class Intervals:
    """Percentile bootstrap interval of each predictor's weight and of R²."""

    low: np.ndarray
    high: np.ndarray
    r_squared_low: float
    r_squared_high: float
    # Resamples in which every weight could be computed (a resample where a score does
    # not vary has no correlations and is left out).
    resamples_used: int


def correlations(data: np.ndarray) -> np.ndarray:
    """Correlation matrices of ``data`` (..., n, variables); NaN where a column is constant."""
    centred = data - data.mean(axis=-2, keepdims=True)
    cross = np.swapaxes(centred, -1, -2) @ centred
    scale = np.sqrt(np.diagonal(cross, axis1=-2, axis2=-1))
    with np.errstate(divide="ignore", invalid="ignore"):
        return cross / (scale[..., :, None] * scale[..., None, :])


def _relative_weights(corr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Johnson's weights from correlation matrices (..., k+1, k+1), outcome last."""
    rxx = corr[..., :-1, :-1]
    rxy = corr[..., :-1, -1]
    eigenvalues, vectors = np.linalg.eigh(rxx)
    largest = eigenvalues.max(axis=-1, keepdims=True)
    kept = eigenvalues > _RANK_TOLERANCE * largest
    root = np.where(kept, np.sqrt(np.clip(eigenvalues, 0, None)), 0.0)
    inverse_root = np.where(kept, 1.0 / np.where(kept, root, 1.0), 0.0)
    # Lambda = R^(1/2): the predictors' loadings on their closest orthogonal counterparts.
    loadings = (vectors * root[..., None, :]) @ np.swapaxes(vectors, -1, -2)
    inverse = (vectors * inverse_root[..., None, :]) @ np.swapaxes(vectors, -1, -2)
    beta = (inverse @ rxy[..., None])[..., 0]
    weights = (loadings**2) @ (beta**2)[..., None]
    weights = weights[..., 0]
    return weights, weights.sum(axis=-1)


def _subset_r_squared(corr: np.ndarray, subset: tuple[int, ...]) -> np.ndarray:
    """R² of the outcome (last) on the predictors in ``subset``, for each matrix."""
    if not subset:
        return np.zeros(corr.shape[:-2])
    index = np.array(subset)
    rxx = corr[..., index[:, None], index[None, :]]
    rxy = corr[..., index, -1]
    # The pseudo-inverse: exactly collinear predictors add nothing rather than failing.
    solved = np.linalg.pinv(rxx, rcond=_RANK_TOLERANCE) @ rxy[..., None]
    return (rxy[..., None, :] @ solved)[..., 0, 0]


def _dominance_weights(corr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """General dominance weights from correlation matrices (..., k+1, k+1), outcome last."""
    k = corr.shape[-1] - 1
    r2 = {
        subset: _subset_r_squared(corr, subset)
        for size in range(k + 1)
        for subset in itertools.combinations(range(k), size)
    }
    weights = np.zeros((*corr.shape[:-2], k))
    for j in range(k):
        others = [i for i in range(k) if i != j]
        for size in range(k):
            # Each subset size counts equally, and each subset equally within its size.
            share = 1.0 / (k * math.comb(k - 1, size))
            for subset in itertools.combinations(others, size):
                with_j = tuple(sorted((*subset, j)))
                weights[..., j] += share * (r2[with_j] - r2[subset])
    return weights, r2[tuple(range(k))]


def _weights(corr: np.ndarray, method: Method) -> tuple[np.ndarray, np.ndarray]:
    if method == "relative_weights":
        return _relative_weights(corr)
    if method == "dominance":
        return _dominance_weights(corr)
    raise ValueError(f"unknown method {method!r}; known: {', '.join(METHODS)}")


def _checked(predictors: np.ndarray, outcome: np.ndarray, method: Method) -> np.ndarray:
    x = np.asarray(predictors, dtype=float)
    y = np.asarray(outcome, dtype=float)
    if x.ndim != 2 or y.ndim != 1 or x.shape[0] != y.shape[0]:
        raise ValueError("predictors must be (n, k) and the outcome (n,)")
    if x.shape[1] < 1:
        raise ValueError("at least one predictor is needed")
    if x.shape[0] < x.shape[1] + 2:
        raise ValueError("fewer observations than the model needs")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError("complete cases only: no missing or infinite values")
    if method == "dominance" and x.shape[1] > MAX_DOMINANCE_PREDICTORS:
        raise ValueError(
            f"dominance analysis takes at most {MAX_DOMINANCE_PREDICTORS} predictors; "
            "use relative weights"
        )
    return np.column_stack([x, y])


def importance(predictors: np.ndarray, outcome: np.ndarray, method: Method) -> Importance:
    """Each predictor's share of the R² of ``outcome`` on ``predictors`` (complete cases).

    Raises ValueError when the data cannot carry the model: missing values, too few rows,
    or a column that does not vary (it has no correlation with anything).
    """
    data = _checked(predictors, outcome, method)
    corr = correlations(data)
    if not np.isfinite(corr).all():
        raise ValueError("a predictor or the outcome does not vary")
    weights, r_squared = _weights(corr, method)
    return Importance(weights=weights, r_squared=float(r_squared))


def bootstrap_intervals(
    predictors: np.ndarray,
    outcome: np.ndarray,
    method: Method,
    *,
    resamples: int,
    seed: int,
    level: float,
) -> Intervals:
    """Percentile bootstrap intervals at ``level``: respondents resampled with replacement.

    The same ``seed`` gives the same intervals. A resample in which a column does not
    vary cannot be analysed and is left out (``resamples_used`` counts the rest); when
    none can be, the intervals are NaN.
    """
    if resamples < 1:
        raise ValueError("at least one resample is needed")
    if not 0 < level < 1:
        raise ValueError("level must lie between 0 and 1")
    data = _checked(predictors, outcome, method)
    n = data.shape[0]
    rng = np.random.default_rng(seed)
    weights: list[np.ndarray] = []
    totals: list[np.ndarray] = []
    for start in range(0, resamples, _BATCH):
        count = min(_BATCH, resamples - start)
        rows = rng.integers(0, n, size=(count, n))
        corr = correlations(data[rows])
        usable = np.isfinite(corr).all(axis=(-2, -1))
        if not usable.any():
            continue
        found, r_squared = _weights(corr[usable], method)
        weights.append(found)
        totals.append(r_squared)
    k = data.shape[1] - 1
    if not weights:
        nan = np.full(k, np.nan)
        return Intervals(nan, nan.copy(), math.nan, math.nan, 0)
    sample = np.concatenate(weights)
    r2 = np.concatenate(totals)
    tails = [100 * (1 - level) / 2, 100 * (1 + level) / 2]
    low, high = np.percentile(sample, tails, axis=0)
    r2_low, r2_high = np.percentile(r2, tails)
    return Intervals(low, high, float(r2_low), float(r2_high), int(sample.shape[0]))

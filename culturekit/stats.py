"""Small, pure statistics used to score and compare culture data.

Every function is a thin layer over numpy/scipy with one contract, so callers never have to
special-case small groups:

* results are frozen dataclasses (or plain floats) holding Python ``float``/``int``;
* a value that cannot be computed (too few observations, zero variance, an empty
  denominator) is ``None``; a result never holds NaN or infinity;
* small or degenerate data never raises. Only misuse raises ``ValueError``: a confidence
  level outside (0, 1), negative counts, more successes than trials, infinite values, or
  an array of the wrong shape;
* NaN in array inputs means "not answered" and is dropped before computing (listwise for
  :func:`cronbach_alpha`). ``None`` entries in list inputs are treated as NaN.

The docstring of each function names its method; the report's methods section quotes them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from scipy import special as _special

__all__ = [
    "AlphaEstimate",
    "ClusteredProportionDifference",
    "DifferenceEstimate",
    "MeanEstimate",
    "ProportionDifference",
    "ProportionEstimate",
    "RatioEstimate",
    "adjust_pvalues",
    "clustered_proportion_difference",
    "cronbach_alpha",
    "hedges_g",
    "mean_ci",
    "minimum_detectable_change",
    "percent",
    "proportion_ci",
    "relative_likelihood",
    "two_proportion_test",
    "welch_difference",
]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class MeanEstimate:
    """A sample mean with its Student-t confidence interval."""

    mean: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    sd: float | None


@dataclass(frozen=True)
class ProportionEstimate:
    """A proportion with its Wilson score confidence interval."""

    proportion: float | None
    ci_low: float | None
    ci_high: float | None
    successes: int
    n: int


@dataclass(frozen=True)
class DifferenceEstimate:
    """A difference in means, ``mean_a - mean_b``, from Welch's t-test."""

    difference: float | None
    ci_low: float | None
    ci_high: float | None
    t: float | None
    df: float | None
    p_value: float | None
    n_a: int
    n_b: int
    mean_a: float | None
    mean_b: float | None
    se: float | None = None


@dataclass(frozen=True)
class ProportionDifference:
    """A difference in proportions, ``p_a - p_b``, with z-test and Newcombe interval."""

    difference: float | None
    ci_low: float | None
    ci_high: float | None
    z: float | None
    p_value: float | None
    p_a: float | None
    p_b: float | None
    n_a: int
    n_b: int


@dataclass(frozen=True)
class ClusteredProportionDifference:
    """A difference in shares of answers, ``p_a - p_b``, with respondents as clusters.

    ``n_a`` and ``n_b`` count respondents (clusters), ``answers_a`` and ``answers_b`` the
    answers they gave; ``design_effect`` is the clustered variance of the difference over
    its variance were every answer independent.
    """

    difference: float | None
    ci_low: float | None
    ci_high: float | None
    se: float | None
    z: float | None
    p_value: float | None
    design_effect: float | None
    p_a: float | None
    p_b: float | None
    n_a: int
    n_b: int
    answers_a: int
    answers_b: int


@dataclass(frozen=True)
class AlphaEstimate:
    """Cronbach's alpha with the number of complete rows and of items it used."""

    alpha: float | None
    n: int
    k: int


@dataclass(frozen=True)
class RatioEstimate:
    """A ratio of two rates, ``rate_a / rate_b``, with a Katz log confidence interval."""

    ratio: float | None
    ci_low: float | None
    ci_high: float | None
    rate_a: float | None
    rate_b: float | None


# --------------------------------------------------------------------------- helpers


def _num(value: Any) -> float | None:
    """Return ``value`` as a Python float, or None when it is missing or not finite.

    The last line of defence for the "never NaN in a result" contract: numpy scalars are
    converted so results compare, hash and serialise like ordinary floats.
    """
    if value is None:
        return None
    out = float(value)
    return out if math.isfinite(out) else None


def _check_confidence(confidence: float) -> None:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence!r}")


def _as_float_array(values: Any) -> np.ndarray:
    # pandas nullable dtypes hold pd.NA, which np.asarray(dtype=float) cannot convert;
    # to_numpy(na_value=...) maps it to NaN without this module importing pandas.
    if hasattr(values, "to_numpy"):
        try:
            return np.asarray(values.to_numpy(dtype=float, na_value=np.nan), dtype=float)
        except TypeError:
            return np.asarray(values.to_numpy(), dtype=float)
    return np.asarray(values, dtype=float)


def _clean_1d(values: npt.ArrayLike) -> np.ndarray:
    """Flatten ``values`` to a float vector with NaN removed."""
    arr = _as_float_array(values).ravel()
    if np.isinf(arr).any():
        # An infinite score is a data bug upstream, not a small sample: fail loudly rather
        # than silently dropping it or returning an infinite mean.
        raise ValueError("values must not contain infinity")
    return arr[~np.isnan(arr)]


def _is_constant(arr: np.ndarray) -> bool:
    # Exact test rather than var == 0: the floating-point variance of identical values such
    # as [0.1, 0.1, 0.1] can come out as ~1e-35 instead of 0.
    return arr.size > 0 and bool(arr.max() == arr.min())


def _sample_var(arr: np.ndarray) -> float:
    """Sample variance (ddof=1) of a vector with at least two values."""
    return 0.0 if _is_constant(arr) else float(np.var(arr, ddof=1))


def _check_count(successes: int, n: int, what: str) -> None:
    if n < 0 or successes < 0:
        raise ValueError(f"{what}: counts must not be negative (got {successes} of {n})")
    if successes > n:
        raise ValueError(f"{what}: more successes than trials ({successes} of {n})")


def _wilson(successes: int, n: int, z: float) -> tuple[float, float]:
    """Wilson score interval for n > 0."""
    p = successes / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2.0 * n)) / denom
    half = z * math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denom
    # At 0 (or n) successes the exact bound is 0 (or 1), but centre - half rounds to about
    # ±1e-19, which would put the interval on the wrong side of the estimate.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


# --------------------------------------------------------------------------- estimators


def mean_ci(values: npt.ArrayLike, confidence: float = 0.95) -> MeanEstimate:
    """Mean with a Student t confidence interval.

    Method: Student t interval, ``mean ± t_{(1+c)/2, n-1} · sd / sqrt(n)`` with the sample
    standard deviation (ddof=1). NaN values are dropped first.

    With no values the mean is None; with one value the mean is given but ``sd`` and the
    interval are None. When every value is equal ``sd`` is 0 and the interval collapses to
    the mean.
    """
    _check_confidence(confidence)
    x = _clean_1d(values)
    n = int(x.size)
    if n == 0:
        return MeanEstimate(mean=None, ci_low=None, ci_high=None, n=0, sd=None)
    # For identical values report the value itself: np.mean can drift in the last digit.
    mean = float(x[0]) if _is_constant(x) else float(np.mean(x))
    if n == 1:
        return MeanEstimate(mean=mean, ci_low=None, ci_high=None, n=1, sd=None)
    sd = math.sqrt(_sample_var(x))
    half = float(_special.stdtrit(n - 1, (1.0 + confidence) / 2.0)) * sd / math.sqrt(n)
    return MeanEstimate(
        mean=mean, ci_low=_num(mean - half), ci_high=_num(mean + half), n=n, sd=_num(sd)
    )


def mean_of_means_ci(
    scores: npt.ArrayLike, confidence: float = 0.95, weights: npt.ArrayLike | None = None
) -> MeanEstimate:
    """The mean of several columns' means, with a confidence interval.

    ``scores`` is respondents x measures, NaN where a respondent has no score on a
    measure. The estimate is the mean over measures of each measure's own mean (its
    respondents only). Method: linearisation. Respondent i's influence is
    ``psi_i = (1/K) sum_k [i scored on k] (y_ik - mean_k) / n_k``; the variance is
    ``N/(N-1) sum_i psi_i^2`` over the N respondents scored on any measure, and the
    interval is Student t with N-1 degrees of freedom. With no missing score this is the
    ordinary t interval of respondents' mean scores.

    With ``weights`` (one per respondent, above 0) each measure's mean is the weighted
    mean ``sum_i w_i y_ik / W_k`` over its respondents (``W_k`` their total weight), and
    the influence is ``psi_i = (1/K) sum_k [i scored on k] w_i (y_ik - mean_k) / W_k``: with
    every weight 1 this is the unweighted estimate above.
    """
    _check_confidence(confidence)
    y = np.asarray(scores, dtype=float)
    if y.ndim != 2 or y.shape[1] == 0:
        raise ValueError("scores must be a respondents x measures array")
    scored = ~np.isnan(y)
    w = np.ones(y.shape[0]) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != (y.shape[0],) or (w <= 0).any():
        raise ValueError("weights must be one positive number per respondent")
    counts = scored.sum(axis=0)
    if (counts == 0).any():
        return MeanEstimate(mean=None, ci_low=None, ci_high=None, n=0, sd=None)
    mass = np.where(scored, w[:, None], 0.0)
    totals = mass.sum(axis=0)
    means = np.nansum(np.where(scored, y, 0.0) * mass, axis=0) / totals
    estimate = float(np.mean(means))
    anyone = scored.any(axis=1)
    n = int(anyone.sum())
    if n < 2:
        return MeanEstimate(mean=estimate, ci_low=None, ci_high=None, n=n, sd=None)
    k = y.shape[1]
    psi = (np.where(scored, y - means, 0.0) * mass / totals).sum(axis=1)[anyone] / k
    variance = float(n / (n - 1) * np.sum(psi**2))
    se = math.sqrt(variance)
    half = float(_special.stdtrit(n - 1, (1.0 + confidence) / 2.0)) * se
    return MeanEstimate(
        mean=estimate,
        ci_low=_num(estimate - half),
        ci_high=_num(estimate + half),
        n=n,
        sd=_num(se * math.sqrt(n)),
    )


def proportion_ci(successes: int, n: int, confidence: float = 0.95) -> ProportionEstimate:
    """Proportion with a Wilson score confidence interval.

    Method: Wilson score interval (Wilson 1927), without continuity correction, clipped to
    [0, 1]. With ``n == 0`` the proportion and interval are None.
    """
    _check_confidence(confidence)
    _check_count(successes, n, "proportion_ci")
    if n == 0:
        return ProportionEstimate(None, None, None, successes=successes, n=n)
    z = float(_special.ndtri((1.0 + confidence) / 2.0))
    low, high = _wilson(successes, n, z)
    return ProportionEstimate(
        proportion=successes / n, ci_low=low, ci_high=high, successes=successes, n=n
    )


def welch_difference(
    a: npt.ArrayLike, b: npt.ArrayLike, confidence: float = 0.95
) -> DifferenceEstimate:
    """Difference in means ``mean(a) - mean(b)`` by Welch's unequal-variances t-test.

    Method: Welch's t-test with Welch–Satterthwaite degrees of freedom; two-sided p-value and
    t-based confidence interval for the difference (as ``scipy.stats.ttest_ind(a, b,
    equal_var=False)``). NaN values are dropped from each group first.

    The difference is given whenever both groups have at least one value; ``t``, ``df``,
    ``p_value`` and the interval need at least two values per group and are None when both
    groups have zero variance (the standard error is then 0).
    """
    _check_confidence(confidence)
    xa, xb = _clean_1d(a), _clean_1d(b)
    n_a, n_b = int(xa.size), int(xb.size)
    mean_a = mean_ci(xa).mean
    mean_b = mean_ci(xb).mean
    difference = _num(mean_a - mean_b) if mean_a is not None and mean_b is not None else None
    empty = DifferenceEstimate(
        difference=difference,
        ci_low=None,
        ci_high=None,
        t=None,
        df=None,
        p_value=None,
        n_a=n_a,
        n_b=n_b,
        mean_a=mean_a,
        mean_b=mean_b,
    )
    if difference is None or n_a < 2 or n_b < 2:
        return empty
    va, vb = _sample_var(xa) / n_a, _sample_var(xb) / n_b
    se2 = va + vb
    if se2 == 0.0:
        return empty
    se = math.sqrt(se2)
    df = se2 * se2 / (va * va / (n_a - 1) + vb * vb / (n_b - 1))
    t = difference / se
    p = 2.0 * float(_special.stdtr(df, -abs(t)))
    half = float(_special.stdtrit(df, (1.0 + confidence) / 2.0)) * se
    return DifferenceEstimate(
        difference=difference,
        ci_low=_num(difference - half),
        ci_high=_num(difference + half),
        t=_num(t),
        df=_num(df),
        p_value=_num(min(p, 1.0)),
        n_a=n_a,
        n_b=n_b,
        mean_a=mean_a,
        mean_b=mean_b,
        se=_num(se),
    )


def minimum_detectable_change(
    se: float | None, confidence: float = 0.95, power: float = 0.8, df: float | None = None
) -> float | None:
    """The smallest true change a two-sided test would find with probability ``power``.

    Method: the minimum detectable effect (Bloom 1995),
    ``MDC = (q_{(1+c)/2} + q_{power}) · se``, where ``q`` is the Student t quantile with
    ``df`` degrees of freedom (Welch–Satterthwaite for a change in means) or, without
    ``df``, the standard normal quantile; ``c`` is the confidence level, so the test is at
    ``alpha = 1 - c``. The chance of a significant result in the wrong direction is
    ignored, as is usual (below 1e-5 at the default level and power).

    None when ``se`` is None; 0 when ``se`` is 0.
    """
    _check_confidence(confidence)
    if not 0.0 < power < 1.0:
        raise ValueError(f"power must be strictly between 0 and 1, got {power!r}")
    if se is None:
        return None
    if se < 0 or not math.isfinite(se):
        raise ValueError(f"se must be a finite number of at least 0, got {se!r}")
    if df is None:
        multiplier = float(_special.ndtri((1.0 + confidence) / 2.0)) + float(_special.ndtri(power))
    else:
        multiplier = float(_special.stdtrit(df, (1.0 + confidence) / 2.0)) + float(
            _special.stdtrit(df, power)
        )
    return _num(multiplier * se)


def hedges_g(a: npt.ArrayLike, b: npt.ArrayLike) -> float | None:
    """Standardised mean difference of ``a`` over ``b``: Hedges' g.

    Method: Hedges' g = Cohen's d with the pooled standard deviation
    ``sqrt(((n_a-1)·s_a² + (n_b-1)·s_b²) / (n_a+n_b-2))`` (ddof=1), multiplied by the
    Hedges (1981) approximate small-sample correction ``J = 1 - 3 / (4·(n_a+n_b) - 9)``.
    This is the approximation ``pingouin.compute_effsize(eftype="hedges")`` uses, not the
    exact gamma-function J. NaN values are dropped first.

    None unless both groups have at least two values and the pooled SD is positive.
    """
    xa, xb = _clean_1d(a), _clean_1d(b)
    n_a, n_b = int(xa.size), int(xb.size)
    # Pooling would tolerate a group of one, but a g built on a single respondent is not a
    # group comparison; pingouin also returns NaN there.
    if n_a < 2 or n_b < 2:
        return None
    pooled_var = ((n_a - 1) * _sample_var(xa) + (n_b - 1) * _sample_var(xb)) / (n_a + n_b - 2)
    if pooled_var == 0.0:
        return None
    d = (float(np.mean(xa)) - float(np.mean(xb))) / math.sqrt(pooled_var)
    j = 1.0 - 3.0 / (4.0 * (n_a + n_b) - 9.0)
    return _num(d * j)


def two_proportion_test(
    x_a: int, n_a: int, x_b: int, n_b: int, confidence: float = 0.95
) -> ProportionDifference:
    """Difference in proportions ``p_a - p_b`` with a z-test and a Newcombe interval.

    Method: two-sample z-test for proportions using the pooled proportion in the standard
    error, two-sided p-value (as ``statsmodels.stats.proportion.proportions_ztest``); the
    interval is Newcombe's (1998) hybrid score interval (method 10) built from the two
    Wilson score intervals.

    All estimates are None when either group is empty. When the pooled proportion is 0 or
    1 (no variation at all) the difference and interval are given but ``z`` and
    ``p_value`` are None.
    """
    _check_confidence(confidence)
    _check_count(x_a, n_a, "two_proportion_test (group a)")
    _check_count(x_b, n_b, "two_proportion_test (group b)")
    p_a = x_a / n_a if n_a > 0 else None
    p_b = x_b / n_b if n_b > 0 else None
    if p_a is None or p_b is None:
        return ProportionDifference(None, None, None, None, None, p_a, p_b, n_a=n_a, n_b=n_b)
    difference = p_a - p_b
    zcrit = float(_special.ndtri((1.0 + confidence) / 2.0))
    low_a, high_a = _wilson(x_a, n_a, zcrit)
    low_b, high_b = _wilson(x_b, n_b, zcrit)
    ci_low = difference - math.sqrt((p_a - low_a) ** 2 + (high_b - p_b) ** 2)
    ci_high = difference + math.sqrt((p_b - low_b) ** 2 + (high_a - p_a) ** 2)

    z: float | None = None
    p_value: float | None = None
    pooled = (x_a + x_b) / (n_a + n_b)
    if 0.0 < pooled < 1.0:
        se = math.sqrt(pooled * (1.0 - pooled) * (1.0 / n_a + 1.0 / n_b))
        z = difference / se
        p_value = _num(2.0 * float(_special.ndtr(-abs(z))))
    return ProportionDifference(
        difference=difference,
        ci_low=_num(ci_low),
        ci_high=_num(ci_high),
        z=_num(z),
        p_value=p_value,
        p_a=p_a,
        p_b=p_b,
        n_a=n_a,
        n_b=n_b,
    )


def _share_variance(positive: np.ndarray, answers: np.ndarray) -> tuple[float, float, float]:
    """A share of answers over respondents and its respondent-clustered variance.

    The share is the ratio ``sum(positive) / sum(answers)``; its variance the sandwich
    ``G/(G-1) · sum((positive_i - p · answers_i)^2) / sum(answers)^2`` over the G
    respondents who answered (statsmodels' default small-sample factor for one
    coefficient), and the number of answers. The variance is NaN with fewer than two
    respondents.
    """
    total = float(answers.sum())
    share = float(positive.sum()) / total
    clusters = int(answers.size)
    if clusters < 2:
        return share, math.nan, total
    residual = positive - share * answers
    variance = clusters / (clusters - 1) * float(np.sum(residual * residual)) / total**2
    return share, variance, total


def _answer_counts(
    positive: npt.ArrayLike, answers: npt.ArrayLike, what: str
) -> tuple[np.ndarray, np.ndarray]:
    """Per-respondent counts as float vectors, without the respondents who gave none."""
    pos = _as_float_array(positive).ravel()
    ans = _as_float_array(answers).ravel()
    if pos.shape != ans.shape:
        raise ValueError(f"{what}: positive and answers must have one entry per respondent")
    if not (np.isfinite(pos).all() and np.isfinite(ans).all()):
        raise ValueError(f"{what}: counts must be finite")
    if (pos < 0).any() or (pos > ans).any():
        raise ValueError(f"{what}: each respondent needs 0 <= positive <= answers")
    keep = ans > 0
    return pos[keep], ans[keep]


def clustered_proportion_difference(
    positive_a: npt.ArrayLike,
    answers_a: npt.ArrayLike,
    positive_b: npt.ArrayLike,
    answers_b: npt.ArrayLike,
    confidence: float = 0.95,
) -> ClusteredProportionDifference:
    """Difference in the share of positive answers ``p_a - p_b`` when each respondent
    gives several answers (respondents as clusters).

    Method: each share is the ratio of positive answers to answers over its respondents,
    with the cluster-robust (sandwich) variance that treats a respondent's answers as one
    cluster, ``G/(G-1) · Σ (y_i - p·m_i)² / (Σ m_i)²`` for ``y_i`` positive answers out
    of ``m_i`` (as ``statsmodels`` OLS of the answers on a constant with
    ``cov_type="cluster"``). The two groups are independent samples of respondents, so
    the variance of the difference is the sum; a two-sided Wald z-test and the interval
    ``difference ± z · se`` follow. The design effect is that variance over
    ``p_a(1-p_a)/M_a + p_b(1-p_b)/M_b``, the variance were all answers independent.

    The inputs give, per respondent, positive answers and answers given; respondents with
    no answers are left out. Everything is None unless both groups have two respondents
    who answered; ``z``, ``p_value`` and the interval are None when the variance is 0.
    """
    _check_confidence(confidence)
    pos_a, ans_a = _answer_counts(positive_a, answers_a, "group a")
    pos_b, ans_b = _answer_counts(positive_b, answers_b, "group b")
    counts = {
        "n_a": int(ans_a.size),
        "n_b": int(ans_b.size),
        "answers_a": int(ans_a.sum()),
        "answers_b": int(ans_b.sum()),
    }
    if ans_a.size == 0 or ans_b.size == 0:
        return ClusteredProportionDifference(
            None, None, None, None, None, None, None, None, None, **counts
        )
    p_a, var_a, m_a = _share_variance(pos_a, ans_a)
    p_b, var_b, m_b = _share_variance(pos_b, ans_b)
    difference = p_a - p_b
    variance = var_a + var_b
    if math.isnan(variance):
        return ClusteredProportionDifference(
            difference, None, None, None, None, None, None, p_a, p_b, **counts
        )
    independent = p_a * (1.0 - p_a) / m_a + p_b * (1.0 - p_b) / m_b
    design_effect = variance / independent if independent > 0 else None
    if variance <= 0.0:
        return ClusteredProportionDifference(
            difference, None, None, 0.0, None, None, design_effect, p_a, p_b, **counts
        )
    se = math.sqrt(variance)
    z = difference / se
    half = float(_special.ndtri((1.0 + confidence) / 2.0)) * se
    # A difference of shares lies in [-1, 1]; a Wald interval near the ends may not.
    return ClusteredProportionDifference(
        difference=_num(difference),
        ci_low=_num(max(-1.0, difference - half)),
        ci_high=_num(min(1.0, difference + half)),
        se=_num(se),
        z=_num(z),
        p_value=_num(2.0 * float(_special.ndtr(-abs(z)))),
        design_effect=_num(design_effect),
        p_a=p_a,
        p_b=p_b,
        **counts,
    )


def _holm(p: np.ndarray) -> np.ndarray:
    m = p.size
    order = np.argsort(p, kind="stable")
    # Step-down: the i-th smallest p (0-based) is multiplied by m - i, then a running
    # maximum keeps adjusted values in the same order as the raw ones.
    stepped = np.minimum(1.0, p[order] * np.arange(m, 0, -1, dtype=float))
    adjusted = np.empty(m, dtype=float)
    adjusted[order] = np.maximum.accumulate(stepped)
    return adjusted


def _benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Step-up: p_(i) * m / i, made monotone from the largest p down, capped at 1."""
    m = len(p)
    order = np.argsort(p)
    # m / rank first: the factor for the largest p is exactly 1, so no rounding can put
    # an adjusted p below its raw p.
    scaled = p[order] * (m / np.arange(1, m + 1))
    monotone = np.minimum.accumulate(scaled[::-1])[::-1]
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(1.0, monotone)
    return adjusted


def adjust_pvalues(
    p_values: Sequence[float | None], method: Literal["holm", "fdr_bh"] = "holm"
) -> list[float | None]:
    """Adjust a family of p-values for multiple comparisons.

    Methods: ``"holm"`` — Holm (1979) step-down adjustment controlling the family-wise
    error rate; ``"fdr_bh"`` — Benjamini–Hochberg (1995) step-up adjustment controlling the
    false discovery rate (Benjamini-Hochberg step-up). Both equal
    ``statsmodels.stats.multitest.multipletests(p, method=...)[1]``.

    ``None`` (or NaN) entries stay None in the output at the same position and are left
    out of the family, so they do not inflate the number of tests.
    """
    if method not in ("holm", "fdr_bh"):
        raise ValueError(f"method must be 'holm' or 'fdr_bh', got {method!r}")
    present: list[int] = []
    values: list[float] = []
    for i, p in enumerate(p_values):
        if p is not None and not math.isnan(float(p)):
            present.append(i)
            values.append(float(p))
    out: list[float | None] = [None] * len(p_values)
    if not present:
        return out
    raw = np.array(values, dtype=float)
    if ((raw < 0.0) | (raw > 1.0)).any():
        raise ValueError("p-values must lie in [0, 1]")
    adjusted = _holm(raw) if method == "holm" else _benjamini_hochberg(raw)
    for i, value in zip(present, adjusted, strict=True):
        out[i] = float(value)
    return out


def cronbach_alpha(items: npt.ArrayLike) -> AlphaEstimate:
    """Internal-consistency reliability of a set of items: Cronbach's alpha.

    Method: Cronbach's (1951) coefficient alpha,
    ``alpha = k/(k-1) · (1 - Σ item variances / variance of the total score)``, variances
    with ddof=1, after listwise deletion (only respondents who answered every item are
    used; as ``pingouin.cronbach_alpha(nan_policy="listwise")``).

    ``items`` is respondents × items (array-like or pandas DataFrame) with NaN for a
    missing answer; a 1-D input is one item. ``alpha`` is None when fewer than two items,
    fewer than two complete rows, or a total score with zero variance.
    """
    arr = _as_float_array(items)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2:
        raise ValueError(f"items must be 2-D (respondents × items), got {arr.ndim}-D")
    if np.isinf(arr).any():
        raise ValueError("items must not contain infinity")
    k = int(arr.shape[1])
    complete = arr[~np.isnan(arr).any(axis=1)]
    n = int(complete.shape[0])
    if k < 2 or n < 2:
        return AlphaEstimate(alpha=None, n=n, k=k)
    total_var = _sample_var(complete.sum(axis=1))
    if total_var == 0.0:
        return AlphaEstimate(alpha=None, n=n, k=k)
    item_var = sum(_sample_var(complete[:, j]) for j in range(k))
    alpha = (k / (k - 1)) * (1.0 - item_var / total_var)
    return AlphaEstimate(alpha=_num(alpha), n=n, k=k)


def relative_likelihood(
    num_a: int, den_a: int, num_b: int, den_b: int, confidence: float = 0.95
) -> RatioEstimate:
    """Ratio of two rates, ``(num_a/den_a) / (num_b/den_b)``, with a log-scale interval.

    Method: relative likelihood (risk ratio) as used in the NHS Workforce Race Equality
    Standard, e.g. the likelihood of white applicants being appointed from shortlisting
    relative to BME applicants. Interval by the Katz log method,
    ``exp(log RR ± z · sqrt(1/num_a - 1/den_a + 1/num_b - 1/den_b))``.

    A rate is None when its denominator is 0; the ratio is None when either rate is None
    or ``rate_b`` is 0; the interval is None unless both numerators are positive.
    """
    _check_confidence(confidence)
    _check_count(num_a, den_a, "relative_likelihood (group a)")
    _check_count(num_b, den_b, "relative_likelihood (group b)")
    rate_a = num_a / den_a if den_a > 0 else None
    rate_b = num_b / den_b if den_b > 0 else None
    if rate_a is None or rate_b is None or rate_b == 0.0:
        return RatioEstimate(None, None, None, rate_a=rate_a, rate_b=rate_b)
    ratio = rate_a / rate_b
    if num_a == 0:
        # A zero ratio is a real answer, but its logarithm (and so the interval) is not.
        return RatioEstimate(ratio, None, None, rate_a=rate_a, rate_b=rate_b)
    z = float(_special.ndtri((1.0 + confidence) / 2.0))
    # max(0, ...) guards the all-successes case, where the variance is 0 up to rounding.
    se = math.sqrt(max(0.0, 1.0 / num_a - 1.0 / den_a + 1.0 / num_b - 1.0 / den_b))
    log_rr = math.log(ratio)
    return RatioEstimate(
        ratio=ratio,
        ci_low=_num(math.exp(log_rr - z * se)),
        ci_high=_num(math.exp(log_rr + z * se)),
        rate_a=rate_a,
        rate_b=rate_b,
    )


def percent(part: int, whole: int) -> float | None:
    """Percentage ``100 · part / whole``; None when ``whole`` is 0.

    Method: simple percentage, unrounded (rounding is a presentation decision).
    """
    if whole == 0:
        return None
    return 100.0 * part / whole


def turnover_rate(leavers: int, at_start: int) -> float | None:
    """Turnover, in per cent: leavers over the average number in post over the period,
    ``100 · leavers / ((at_start + (at_start - leavers)) / 2)``, as NHS workforce
    statistics and ESR report it (staff in post at the start, none joining counted).
    None when no one was in post.

    Method: NHS England's leaver rate (leavers divided by the mean of staff in post at
    the beginning and end of the period), on headcount.
    """
    if leavers < 0 or leavers > at_start:
        raise ValueError("leavers must be between 0 and the number in post at the start")
    average = at_start - leavers / 2
    if average == 0:
        return None
    return 100.0 * leavers / average

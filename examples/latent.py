"""The latent model: from a planted mean score to each respondent's answers.

A respondent's propensity on an element is their person effect plus the item's offset;
answers are the propensity with noise, cut into the answer codes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from profiles import (
    CUTS,
    ELEMENTS,
    NOT_ANSWERED_TEXT,
    P_BLANK,
    P_DROPOUT,
    P_LABEL,
    P_NOT_ANSWERED,
    SHARED_VARIANCE,
)

from culturekit.framework import Item


def _upper_tail(z: float) -> float:
    return 0.5 * math.erfc(z / math.sqrt(2))


def _expected_score(mean: float, spread: float) -> float:
    """Expected 0-10 score of an answer whose latent value is Normal(mean, spread)."""
    return sum(2.5 * _upper_tail((cut - mean) / spread) for cut in CUTS)


def latent_mean(target: float, offsets: Sequence[float], spread: float) -> float:
    """The latent mean whose answers average ``target`` on 0-10 once cut to the scale."""
    low, high = -10.0, 20.0
    for _ in range(80):
        mid = (low + high) / 2
        mean = sum(_expected_score(mid + o, spread) for o in offsets) / len(offsets)
        low, high = (mid, high) if mean < target else (low, mid)
    return (low + high) / 2


def item_offsets(items: Sequence[Item]) -> np.ndarray:
    """Fixed item difficulties: negatively worded items a little harder; mean zero."""
    pattern = (0.35, -0.1, 0.15, -0.25, 0.05)
    raw = np.array([-0.4 if it.reverse else pattern[i % 5] for i, it in enumerate(items)])
    return raw - raw.mean()


def answer_codes(
    rng: np.random.Generator,
    theta: np.ndarray,
    items: Sequence[Item],
    noise_sd: float,
) -> np.ndarray:
    """Answer codes 1-5 for one element's items; negatively worded items reversed."""
    offsets = item_offsets(items)
    latent = theta[:, None] + offsets[None, :] + rng.normal(0, noise_sd, (theta.size, len(items)))
    favourable = np.clip(np.rint(latent / 2.5), 0, 4).astype(int) + 1
    reverse = np.array([it.reverse for it in items])
    return np.where(reverse[None, :], 6 - favourable, favourable)


def person_effects(
    rng: np.random.Generator,
    n: int,
    latent_sd: float,
    *,
    strata: np.ndarray | None = None,
    centre: bool = False,
) -> np.ndarray:
    """Per-person, per-element latent deviations: part shared across elements.

    ``strata``: the shared part is centred within each stratum, so that no demographic
    group is, by chance, lower on every element at once (the planted group differences
    stay the only systematic ones). ``centre``: every column is centred, so a small
    sample (the board, stakeholders) lands on its planted means.
    """
    shared = rng.normal(0, 1, n)
    if strata is not None:
        for stratum in np.unique(strata):
            members = strata == stratum
            shared[members] -= shared[members].mean()
    specific = rng.normal(0, 1, (n, len(ELEMENTS)))
    mixed = math.sqrt(SHARED_VARIANCE) * shared[:, None]
    mixed = mixed + math.sqrt(1 - SHARED_VARIANCE) * specific
    if centre:
        mixed -= mixed.mean(axis=0)
    return latent_sd * mixed


def answer_cells(
    rng: np.random.Generator, codes: np.ndarray, labels: Sequence[str]
) -> list[list[object]]:
    """Turn codes into cell values: mostly numbers, some labels, blanks and "Don't know"."""
    n, k = codes.shape
    draw = rng.random((n, k))
    cells: list[list[object]] = [[int(c) for c in row] for row in codes]
    dropout = rng.random(n) < P_DROPOUT
    cut_from = k - max(1, k // 3)
    label_style = rng.random((n, k))
    pick = rng.integers(0, len(NOT_ANSWERED_TEXT), (n, k))
    for r in range(n):
        row = cells[r]
        for c in range(k):
            p = draw[r, c]
            if (dropout[r] and c >= cut_from) or p < P_BLANK:
                row[c] = None
            elif p < P_BLANK + P_NOT_ANSWERED:
                row[c] = NOT_ANSWERED_TEXT[pick[r, c]]
            elif p < P_BLANK + P_NOT_ANSWERED + P_LABEL:
                label = labels[int(codes[r, c]) - 1]
                style = label_style[r, c]
                row[c] = label if style < 0.6 else label.lower() if style < 0.9 else label.upper()
    return cells

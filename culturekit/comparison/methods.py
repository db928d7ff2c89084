"""The methods of a comparison, in words, for ``Comparison.methods``."""

from __future__ import annotations

from culturekit.results.comparison import (
    Correction,
)

CORRECTION_NAMES: dict[str, str] = {"holm": "Holm", "fdr_bh": "Benjamini–Hochberg"}


def methods(
    correction: Correction, confidence: float, threshold: int, alpha: float
) -> dict[str, str]:
    level = f"{100 * confidence:g}%"
    return {
        "score": "mean of respondent scores (0-10)",
        "score_change_test": "Welch's t-test on respondent scores",
        "score_change_interval": f"{level} confidence interval (Welch–Satterthwaite)",
        "effect_size": "Hedges' g",
        "percent_positive_test": "two-proportion z-test",
        "percent_positive_interval": f"{level} Newcombe hybrid score interval",
        "percent_positive_note": (
            "% positive counts answers over the element's items, so its test treats answers "
            "as independent although each person gives several; read it with the score test"
        ),
        "multiple_comparisons": CORRECTION_NAMES[correction],
        "multiple_comparisons_family": (
            "score tests adjusted together across every element × source; % positive tests "
            "adjusted as a separate family"
        ),
        "significance_level": f"{alpha:g} (adjusted p-value)",
        "items": "item score change, descriptive (not tested)",
        "breakdowns": (
            "group score change, descriptive (not tested); a group below the reporting "
            "threshold on either side is hidden on both, with complementary suppression"
        ),
        "reporting_threshold": str(threshold),
    }

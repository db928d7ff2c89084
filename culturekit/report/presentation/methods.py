"""The methods in words: each rule stated from the parameters the result carries.

Scoring applies the rules; the result carries their parameters (the framework summary's
typed rules, the confidence level, the correction); this module words them, so that the
methods section of every report reads the values the figures were computed with.
"""

from __future__ import annotations

from typing import Any

from culturekit.report.presentation.rules import confidence_label, rule
from culturekit.report.presentation.words import CORRECTION_NAMES

DASHBOARD_RATING_RULE = (
    "Each dashboard indicator is rated against its benchmark, taking account of whether a "
    "higher value is better: it is 'similar' when it lies within {within:.0%} of the "
    "benchmark (|value - benchmark| <= {within:g} x |benchmark|; when the benchmark is 0, "
    "when |value - benchmark| <= {within:g}), otherwise 'better' or 'worse' by the "
    "indicator's polarity; an indicator without a benchmark is not rated. Where the "
    "benchmark range is given, the indicator's position runs from 0 at the worst value to "
    "1 at the best, clipped to that range."
)

DASHBOARD_SIGNAL_RULE = (
    "An element's dashboard signal counts its rated indicators (those with a benchmark): "
    "'positive' when more are better than worse and at least half of them are better; "
    "'negative' when more are worse than better and at least half of them are worse; "
    "otherwise 'neutral' (mostly similar, or better and worse in balance). An element "
    "with no rated indicator has no signal."
)

EQUITY_RULE = (
    "The equity and inclusion signal from the workforce analysis is 'negative' when any "
    "WRES or WDES relative likelihood that could be worked out (WRES 2, 3, 4; WDES 2, 3) "
    "lies outside the fair range {low:g} to {high:g}, or when the share of BME or of "
    "Disabled staff among leaders ({bands}, and board members) is below "
    "{floor:g} times their share of the whole workforce (judged only when "
    "there are at least {min_group} leaders); otherwise 'positive' when at least one "
    "relative likelihood could be worked out (all then lie within the fair range); "
    "otherwise 'neutral' when leadership representation could be judged, and no signal "
    "when nothing could."
)

BOARD_RULE = (
    "WRES 9 and WDES 10 compare the board with the whole workforce in percentage points. "
    "Board composition is public record and both are mandatory returns, so the board's "
    "counts and shares are shown at any board size; the difference is withheld only when "
    "the workforce's own share is hidden, since the board's share minus the difference "
    "would give it back."
)

TRIANGULATION_RULE = (
    "Each source that speaks to an element gives a signal: a perception score of at least "
    "{strength:g} out of 10 is positive, below {priority:g} negative, otherwise neutral; "
    "existing data and the workforce analysis give the signals their rules state. "
    "Signals count +1, 0 and -1, staff twice; the balance is the weighted sum over the "
    "total weight. A balance of at least +0.5 reads as a strength, at most -0.5 as a "
    "priority, otherwise mixed. Confidence is high with staff and two or more other "
    "sources, medium with two or three sources, low with one. Priorities are ranked by "
    "balance, then by staff score."
)


def dashboard_rule(result: Any) -> str:
    """How indicators are rated and an element's dashboard signal is given."""
    rating = DASHBOARD_RATING_RULE.format(within=rule(result, "dashboard_similar_within"))
    return f"{rating} {DASHBOARD_SIGNAL_RULE}"


def equity_rule(result: Any) -> str:
    """The equity and inclusion signal's rule with the framework's values.

    ``result`` is a diagnosis (its framework summary) or a framework.
    """
    low, high = rule(result, "likelihood_fair_range")
    return EQUITY_RULE.format(
        low=low,
        high=high,
        bands=", ".join(rule(result, "leadership_bands")),
        min_group=rule(result, "min_group_for_ratio"),
        floor=rule(result, "representation_floor"),
    )


def board_rule() -> str:
    """When WRES 9 and WDES 10 are shown."""
    return BOARD_RULE


def triangulation_rule(result: Any) -> str:
    return TRIANGULATION_RULE.format(
        strength=rule(result, "strength_score"), priority=rule(result, "priority_score")
    )


def methods_notes(diagnosis: Any) -> list[dict[str, str]]:
    """The stated rules of the sources this diagnosis drew on, for the methods section."""
    notes = []
    if diagnosis.dashboard is not None:
        notes.append({"title": "Existing data", "text": dashboard_rule(diagnosis)})
    if diagnosis.workforce is not None:
        notes.append(
            {"title": "Workforce analysis", "text": f"{equity_rule(diagnosis)} {board_rule()}"}
        )
    if diagnosis.triangulation:
        notes.append({"title": "Triangulation", "text": triangulation_rule(diagnosis)})
    return notes


def comparison_methods(comparison: Any) -> dict[str, str]:
    """A comparison's statistical methods in words, keyed by what each is for."""
    level = confidence_label(comparison)
    alpha = rule(comparison, "change_alpha")
    meaningful = rule(comparison, "meaningful_change")
    power = rule(comparison, "change_power")
    within = rule(comparison, "figure_change_within")
    return {
        "score": "mean of respondent scores (0-10)",
        "score_change_test": "Welch's t-test on respondent scores",
        "score_change_interval": f"{level} confidence interval (Welch–Satterthwaite)",
        "effect_size": "Hedges' g",
        "percent_positive_test": (
            "Wald z-test of the difference in shares of answers, with respondent-clustered "
            "(cluster-robust) standard errors"
        ),
        "percent_positive_interval": f"{level} Wald interval with the same standard errors",
        "percent_positive_note": (
            "% positive counts answers over the element's items and each person gives "
            "several, which go together; the test counts people, so it is as wide as the "
            "design effect (given for each change) makes it"
        ),
        "multiple_comparisons": CORRECTION_NAMES[comparison.correction],
        "multiple_comparisons_family": (
            "score tests adjusted together across every element × source; % positive "
            "tests, item tests and group tests each adjusted as a separate family"
        ),
        "significance_level": f"{alpha:g} (adjusted p-value)",
        "verdicts": (
            f"better or worse: adjusted p below {alpha:g}, and a change that does not "
            "round to 0; otherwise no clear change when the minimum detectable change is "
            f"at most {meaningful:g} points, too few to tell when it is larger. The "
            f"detectable change is the one found with {100 * power:g}% power at the level "
            f"the corrected test needs of a lone change ({alpha:g} divided by the number "
            "of tests), from the change's standard error"
        ),
        "items": "item score change, tested and given a verdict as the elements are",
        "breakdowns": (
            "group score change, tested and given a verdict as the elements are; a group "
            "below the reporting threshold on either side is hidden on both, with "
            "complementary suppression"
        ),
        "figures": (
            "existing data and workforce figures are not samples and are not tested: one "
            f"that moves by less than {100 * within:g}% of its value, or that reads the "
            "same as shown, is no clear change"
        ),
        "reporting_threshold": str(comparison.framework.reporting_threshold),
    }

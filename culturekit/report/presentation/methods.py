"""The methods in words: each rule stated from the parameters the result carries.

Scoring applies the rules; the result carries their parameters (the framework summary's
typed rules, the confidence level, the correction); this module words them, so that the
methods section of every report reads the values the figures were computed with.
"""

from __future__ import annotations

from typing import Any

from culturekit.report.presentation.drivers import drivers_method
from culturekit.report.presentation.numbers import PLACES
from culturekit.report.presentation.rules import confidence_label, confidence_level, rule
from culturekit.report.presentation.words import CORRECTION_NAMES, plural

DASHBOARD_RATING_RULE = (
    "Each dashboard indicator is rated against its benchmark group, taking account of "
    "whether a higher value is better. Where the sheet gives the group's lower and upper "
    "quartiles, the indicator is 'similar' inside the group's middle half (between the "
    "quartiles, both included). Where it gives the group's best and worst values but no "
    "quartiles, it is 'similar' within {range_percent} of the distance from worst to best "
    "of the benchmark (|value - benchmark| <= {range_share:g} x |best - worst|). Only where "
    "it gives neither, it is 'similar' within {within:.0%} of the benchmark (|value - "
    "benchmark| <= {within:g} x |benchmark|; when the benchmark is 0, when |value - "
    "benchmark| <= {within:g}). Outside, it is 'better' or 'worse' by the indicator's "
    "polarity; an indicator with neither quartiles nor a benchmark is not rated. Where the "
    "benchmark range is given, the indicator's position runs from 0 at the worst value to "
    "1 at the best, clipped to that range."
)

# What decides "similar", by what an indicator was rated by (culturekit.scoring.dashboard),
# and where that basis applies, said only when a dashboard mixes bases.
DASHBOARD_BASIS_WORDS: dict[str, tuple[str, str]] = {
    "quartiles": (
        "inside its benchmark group's middle half (between the quartiles)",
        "where the quartiles are given",
    ),
    "range": (
        "no further from the benchmark than {range_percent} of the group's range from worst "
        "to best",
        "where only best and worst are",
    ),
    "band": ("within {within:.0%} of the benchmark", "where neither is"),
}

GAP_RULE = (
    "A gap is flagged (⚑) when the board or stakeholders score the element at least "
    "{flag:g} points above or below staff and its p-value, adjusted for {tests} "
    "({correction}), is below {alpha:g}. The view is "
    "similar when the whole {level} interval lies within {flag:g} points of zero, and too "
    "few to tell when the interval holds zero and is wider than {width:g} {points}, so the "
    "answers could not show a similar view even of a gap of zero; otherwise the gap is "
    "unclear (an interval clear of zero whose gap does not survive the adjustment is "
    "unclear too). The interval shown is each gap's own."
)

DASHBOARD_SIGNAL_RULE = (
    "An element's dashboard signal counts its rated indicators: "
    "'positive' when more are better than worse and at least half of them are better; "
    "'negative' when more are worse than better and at least half of them are worse; "
    "otherwise 'neutral' (mostly similar, or better and worse in balance). An element "
    "with no rated indicator has no signal."
)

EQUITY_RULE = (
    "The equity and inclusion signal from the workforce analysis is 'negative' when any "
    "WRES or WDES relative likelihood that could be worked out (WRES 2, 3, 4; WDES 2, 3) "
    "lies outside the fair range {low:g} to {high:g}, or when the share of BME or of "
    "Disabled staff among leaders ({bands}, and executive board members) is below "
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

WORKFORCE_COUNT_RULE = (
    "The workforce is everyone in the Workforce sheet but its non-executive board members "
    "(board_member Y, executive N), who sit on the board and are not staff: they count in "
    "the board's figures (WRES 9, WDES 10, the Board rows) and in no staff figure. "
    "Turnover is the number who left over the average number in post across the period "
    "(those in post at its start and those still in post at its end), as NHS workforce "
    "statistics and ESR report it."
)

TRIANGULATION_RULE = (
    "Each source that speaks to an element gives a signal: a perception score of at least "
    "{strength:g} out of 10 is positive, below {priority:g} negative, otherwise neutral; "
    "existing data and the workforce analysis give the signals their rules state. "
    "Signals count +1, 0 and -1, staff twice; the balance is the weighted sum over the "
    "total weight. A balance of at least +0.5 reads as a strength, at most -0.5 as a "
    "priority, otherwise mixed. Confidence starts high with staff and two or more other "
    "sources, medium with two or three sources, low with one; it is one level lower when "
    "one source gives a positive signal and another a negative one, and one lower again "
    "when staff's confidence interval spans {priority:g} or {strength:g}, so that staff's "
    "own signal is not settled (never below low). Priorities are ranked by balance, then "
    "by staff score."
)


def gap_rule(result: Any) -> str:
    """When a perception gap is flagged, a similar view, too few to tell or unclear.

    ``result`` is a diagnosis (whose gap tests are counted) or a framework.
    """
    flag = float(rule(result, "gap_flag"))
    gaps = getattr(result, "gaps", None)
    tests = sum(1 for g in gaps if g.p_adjusted is not None) if gaps is not None else None
    return GAP_RULE.format(
        flag=flag,
        tests=(
            f"the {tests} gap {plural(tests, 'test')} made together"
            if tests
            else "the number of gap tests made together"
        ),
        correction=CORRECTION_NAMES[rule(result, "gap_correction")],
        alpha=round(1.0 - confidence_level(result), 10),
        level=confidence_label(result),
        width=2 * flag,
        points=plural(2 * flag, "point"),
    )


def _percent(share: float) -> str:
    """0.125 -> ``12.5%``: a rule's share as written, without rounding it away."""
    return f"{100 * share:g}%"


SUMMARY_RULE = (
    "The summary's headline is the first of these that applies: the board or stakeholders "
    "scoring more than {share:.0%} of the elements (and at least two) higher than staff, or "
    "lower, each with a flagged perception gap, since a view that parts from staff's "
    "across most of the trust colours every other reading (of two such patterns, the one "
    "with more elements, then the larger largest gap); otherwise the first priority; "
    "otherwise the first strength; otherwise that no element reads as either. Each "
    "priority's (or strength's) strongest evidence is staff's score when staff support "
    "the reading, otherwise the supporting board or stakeholders' score furthest beyond "
    "the cut-off, and that source's item with the fewest favourable answers (for a "
    "strength, the most), then the other sources that agree. The questions to explore "
    "next are the framework's, for each element."
)


def summary_rule(result: Any) -> str:
    """How the summary chooses its headline and each priority's strongest evidence."""
    return SUMMARY_RULE.format(share=rule(result, "headline_gap_share"))


def dashboard_rule(result: Any) -> str:
    """How indicators are rated and an element's dashboard signal is given."""
    rating = DASHBOARD_RATING_RULE.format(
        within=rule(result, "dashboard_similar_within"),
        range_share=rule(result, "dashboard_similar_range"),
        range_percent=_percent(rule(result, "dashboard_similar_range")),
    )
    return f"{rating} {DASHBOARD_SIGNAL_RULE}"


def dashboard_similar_words(dashboard: Any) -> str:
    """When this dashboard's indicators are similar, naming only the bases it used:
    ``it is similar when inside its benchmark group's middle half (between the
    quartiles)``; with several bases, each followed by where it applies."""
    used = [
        b
        for b in DASHBOARD_BASIS_WORDS
        if any(i.rated_by == b for e in dashboard.elements for i in e.indicators)
    ]
    values = {
        "within": dashboard.similar_within,
        "range_percent": _percent(dashboard.similar_range),
    }
    clauses = []
    for basis in used:
        words, where = DASHBOARD_BASIS_WORDS[basis]
        clause = words.format(**values)
        clauses.append(f"{clause}, {where}" if len(used) > 1 else clause)
    return f"it is similar when {'; or '.join(clauses)}" if clauses else ""


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


def _places(kind: str) -> str:
    count = PLACES[kind]
    return "whole percents" if count == 0 else plural_decimals(count)


def plural_decimals(count: int) -> str:
    words = {1: "one decimal", 2: "two decimals", 3: "three decimals"}
    return words.get(count, f"{count} decimals")


def rounding_rule() -> str:
    """How many decimals each figure is shown with, and how shown changes are worked out."""
    return (
        f"Scores out of 10, their intervals, gaps and changes are shown to "
        f"{_places('score')}, shares of answers (% positive) to {_places('answer_share')}, "
        f"shares of staff to {_places('staff_share')} and relative likelihoods to "
        f"{_places('ratio')}; halves round away from zero, and the workbook "
        "formats figures to the same places. A change printed beside its two figures is "
        "the difference of the two as shown, so that the three add up; its interval and "
        "test are those of the unrounded change. Each item's answer shares are rounded so "
        "that its bar adds up to 100% and its favourable answers to its % positive."
    )


def spc_rule(result: Any) -> str:
    """How a dashboard series is read as an XmR chart (NHSRplotthedots' rules)."""
    screen = rule(result, "spc_moving_range_screen")
    fix = rule(result, "spc_fix_after")
    return (
        "Each dashboard series is an XmR chart: the mean, and process limits at the mean "
        f"plus and minus {rule(result, 'spc_limit')} times the mean moving range"
        + (
            f" (moving ranges of {screen} times the mean or more left out of it)"
            if screen is not None
            else ""
        )
        + (f", from the first {fix} points of each phase" if fix is not None else "")
        + ". A special cause, the first of these that holds: a point beyond a limit; "
        f"{rule(result, 'spc_trend')} points in a row each higher (or each lower) than the "
        f"last; {rule(result, 'spc_near_count')} of {rule(result, 'spc_near_window')} points "
        f"in a row more than {rule(result, 'spc_near_limit_thirds')} thirds of the way to a "
        f"limit, all on one side of the mean; {rule(result, 'spc_run')} points in a row on "
        "one side of the mean (a point on the mean breaks the run). It is improvement or "
        "concern by whether a higher value is better. The variation icon reads the latest "
        "point; the assurance icon whether the latest limits lie wholly on the target's "
        "good side (passing), its bad side (failing) or across it (hit and miss). A phase "
        f"of fewer than {rule(result, 'spc_trial_below')} points has trial limits. Where "
        "the programme's start date is given, each series is rebased at its first point "
        "on or after it, and the indicator reads by the latest special cause since then "
        "(improvement counts as better, concern as worse, common cause as similar)."
    )


def triangulation_rule(result: Any) -> str:
    return TRIANGULATION_RULE.format(
        strength=rule(result, "strength_score"), priority=rule(result, "priority_score")
    )


def methods_notes(diagnosis: Any) -> list[dict[str, str]]:
    """The stated rules of the sources this diagnosis drew on, for the methods section."""
    notes = []
    if diagnosis.dashboard is not None:
        notes.append({"title": "Existing data", "text": dashboard_rule(diagnosis)})
        if diagnosis.dashboard.series:
            notes.append({"title": "Dashboard series", "text": spc_rule(diagnosis)})
    if diagnosis.workforce is not None:
        notes.append(
            {
                "title": "Workforce analysis",
                "text": f"{WORKFORCE_COUNT_RULE} {equity_rule(diagnosis)} {board_rule()}",
            }
        )
    if diagnosis.drivers is not None:
        notes.append({"title": "What drives the outcome", "text": drivers_method(diagnosis)})
    if diagnosis.triangulation:
        notes.append({"title": "Triangulation", "text": triangulation_rule(diagnosis)})
    if diagnosis.summary is not None:
        notes.append({"title": "The summary", "text": summary_rule(diagnosis)})
    notes.append({"title": "Figures shown", "text": rounding_rule()})
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
        "rounding": rounding_rule(),
    }

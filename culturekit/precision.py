"""The decimal places every figure is shown to, and the one rule that rounds it.

:data:`PLACES` states, once, how many decimals each kind of figure is shown with; the
reports print figures at these places (:mod:`culturekit.report.presentation.numbers`, and
the workbook's number formats), and compare judges at the same places whether a change
shows (a change a report prints as 0, or between two figures that read the same, is never
called better or worse). Figures are rounded half away from zero on their decimal digits
(:func:`rounded`), as a spreadsheet rounds what it shows. ``tests/test_verdicts.py`` and
``tests/test_numbers.py`` check that the reports and the verdicts agree.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

PLACES: dict[str, int] = {
    # A score out of 10 (element, item, group, network average), and every interval,
    # change, gap and difference of scores. Two decimals, as the NHS Staff Survey's
    # benchmark reports give scores and their change from last year: with one, a change
    # worked out from the shown scores could move by 0.1, as much as half the width of a
    # staff survey's interval.
    "score": 2,
    # A share of answers: % positive, % negative, each answer's share in a bar, and the
    # change of a share in percentage points.
    "answer_share": 0,
    # A share of staff in the workforce analysis (representation, turnover, succession,
    # board composition), its change and a difference in percentage points.
    "staff_share": 1,
    # A survey's response rate, and its change in percentage points.
    "response_rate": 0,
    # The change in the number of respondents, in per cent.
    "respondents_change": 0,
    # A relative likelihood (WRES, WDES) and its interval.
    "ratio": 2,
    # Hedges' g.
    "effect_size": 2,
    # The design effect of % positive with respondents as clusters.
    "design_effect": 2,
    # Cronbach's alpha.
    "alpha": 2,
    "p_value": 3,
    # The disclosure audit's bounds on a hidden group's mean score, as a score is shown.
    "audit_bound": 2,
    # A predictor's relative importance for the outcome, and R², as a percentage of the
    # outcome's variance (docs/methods.md, "What drives the outcome").
    "importance": 1,
    # A position between a benchmark group's worst and best, or a balance of signals:
    # an index from 0 (or -1) to 1, in the analysts' workbook.
    "index": 2,
}
"""Decimal places of each kind of figure, in every format."""

# A change in a score on the 0-10 scale (elements, items, groups).
SCORE_CHANGE_PLACES = PLACES["score"]
# A change of a workforce figure in its unit: relative likelihoods, and shares of staff
# and their points.
RATIO_PLACES = PLACES["ratio"]
OTHER_PLACES = PLACES["staff_share"]


def unit_places(unit: str | None) -> int:
    """The places a workforce figure in ``unit`` is shown to (the trust's own figures,
    the Dashboard sheet's, are shown as given: :func:`given_places`)."""
    return RATIO_PLACES if unit == "ratio" else OTHER_PLACES


def given_places(*values: float | None, most: int = 2) -> int:
    """Decimal places as the figures were given (at most ``most``), so that a difference
    reads like its inputs: the rule for the trust's own figures (the Dashboard sheet)."""
    found = 0
    for value in values:
        if value is None:
            continue
        text = f"{value:g}"
        if "." in text and "e" not in text:
            found = max(found, len(text.split(".")[1]))
    return min(found, most)


def rounded(value: float, places: int) -> Decimal:
    """``value`` as it is shown at ``places``: half away from zero on its decimal digits
    (``0.125`` at 2 places is ``0.13``; ``2.675`` is ``2.68``), never a negative zero."""
    step = Decimal(1).scaleb(-places)
    out = Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP)
    return out.copy_abs() if out == 0 else out


def shown(value: float, places: int) -> float:
    """``value`` as it reads at ``places`` (``1.1782`` at 2 places: ``1.18``)."""
    return float(rounded(value, places))


def shows_as_zero(value: float, places: int) -> bool:
    """True when ``value`` rounds to 0 at ``places`` (``0.004`` at 2 places: ``0.00``)."""
    return rounded(value, places) == 0


def shown_change(before: float, after: float, places: int) -> float:
    """``after`` minus ``before`` as both are shown: the change a report prints beside
    them, so that the three add up."""
    return float(rounded(after, places) - rounded(before, places))

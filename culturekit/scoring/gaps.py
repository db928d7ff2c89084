"""Perception gaps: board and stakeholders against staff, element by element.

The rule (docs/methods.md, "Perception gaps"), with ``flag = rules.gap_flag`` and
``alpha = 1 - confidence_level``:

1. Each gap is Welch's difference of respondent scores (source minus staff) with its
   interval at the confidence level.
2. The p-values of every tested gap, both sources and every element together, are
   adjusted for their number by ``rules.gap_correction`` (as compare adjusts its tests).
3. The reading: *higher* or *lower* (flagged) when ``|difference| >= flag`` and the
   adjusted p-value is below ``alpha``; *similar* when the whole interval lies strictly
   within ``flag`` of zero; *too few to tell* when the interval holds zero and is wider
   than ``2 * flag`` (so not even a zero gap could have been shown to be similar);
   otherwise *unclear* (among them an interval clear of zero whose gap does not survive
   the adjustment: some difference, not shown beyond chance across every test made).
   A gap whose scores do not vary has no test: *not tested*.
"""

from __future__ import annotations

from culturekit import stats
from culturekit.framework.model import Framework
from culturekit.privacy import is_reportable, suppression_reason
from culturekit.results import Gap
from culturekit.results.diagnosis import GapReading
from culturekit.scoring.perceptions import ScoredSurvey

GAP_SOURCES = ("board", "stakeholders")


def gap_reading(
    difference: float | None,
    ci_low: float | None,
    ci_high: float | None,
    p_adjusted: float | None,
    framework: Framework,
) -> GapReading:
    """What one tested gap says, by the module's rule."""
    if difference is None or ci_low is None or ci_high is None or p_adjusted is None:
        return "not tested"
    flag = framework.rules.gap_flag
    alpha = 1.0 - framework.confidence_level
    if abs(difference) >= flag and p_adjusted < alpha:
        return "higher" if difference > 0 else "lower"
    if -flag < ci_low and ci_high < flag:
        return "similar"
    if ci_low <= 0.0 <= ci_high and ci_high - ci_low > 2.0 * flag:
        return "too few to tell"
    return "unclear"


def perception_gaps(scored: dict[str, ScoredSurvey], framework: Framework) -> list[Gap]:
    """Every board and stakeholder gap against staff, read by the module's rule."""
    staff = scored.get("staff")
    if staff is None:
        return []
    threshold = framework.reporting_threshold
    # A hidden gap stays in place (source, element order) but has no p-value, so it is
    # left out of the family of tests the adjustment counts.
    entries: list[Gap | tuple[str, str, stats.DifferenceEstimate]] = []
    for source in GAP_SOURCES:
        other = scored.get(source)
        if other is None:
            continue
        for element in framework.elements:
            if element.id not in other.element_scores or element.id not in staff.element_scores:
                continue
            a = other.element_scores[element.id].dropna().to_numpy()
            b = staff.element_scores[element.id].dropna().to_numpy()
            if not (is_reportable(len(a), threshold) and is_reportable(len(b), threshold)):
                entries.append(
                    Gap(
                        element=element.id,
                        source=source,
                        suppressed=True,
                        reason=suppression_reason(threshold),
                    )
                )
                continue
            diff = stats.welch_difference(a, b, framework.confidence_level)
            entries.append((element.id, source, diff))
    p_values = [None if isinstance(e, Gap) else e[2].p_value for e in entries]
    adjusted = stats.adjust_pvalues(p_values, framework.rules.gap_correction)
    return [
        e if isinstance(e, Gap) else _tested_gap(*e, p_adj, framework)
        for e, p_adj in zip(entries, adjusted, strict=True)
    ]


def _tested_gap(
    element: str,
    source: str,
    diff: stats.DifferenceEstimate,
    p_adjusted: float | None,
    framework: Framework,
) -> Gap:
    reading = gap_reading(diff.difference, diff.ci_low, diff.ci_high, p_adjusted, framework)
    return Gap(
        element=element,
        source=source,
        difference=diff.difference,
        ci_low=diff.ci_low,
        ci_high=diff.ci_high,
        p_value=diff.p_value,
        p_adjusted=p_adjusted,
        reading=reading,
        flagged=reading in ("higher", "lower"),
    )

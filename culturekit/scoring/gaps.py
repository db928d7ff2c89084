"""Perception gaps: board and stakeholders against staff, element by element."""

from __future__ import annotations

from culturekit import stats
from culturekit.framework.model import Framework
from culturekit.privacy import is_reportable, suppression_reason
from culturekit.results import Gap
from culturekit.scoring.perceptions import ScoredSurvey


def perception_gaps(scored: dict[str, ScoredSurvey], framework: Framework) -> list[Gap]:
    """Welch difference of respondent scores (source minus staff) per element.

    A gap is flagged when the source sees the element more favourably than staff by at
    least ``rules.gap_flag`` points and the interval excludes zero.
    """
    staff = scored.get("staff")
    if staff is None:
        return []
    threshold = framework.reporting_threshold
    gaps = []
    for source in ("board", "stakeholders"):
        other = scored.get(source)
        if other is None:
            continue
        for element in framework.elements:
            if element.id not in other.element_scores or element.id not in staff.element_scores:
                continue
            a = other.element_scores[element.id].dropna().to_numpy()
            b = staff.element_scores[element.id].dropna().to_numpy()
            if not (is_reportable(len(a), threshold) and is_reportable(len(b), threshold)):
                gaps.append(
                    Gap(
                        element=element.id,
                        source=source,
                        suppressed=True,
                        reason=suppression_reason(threshold),
                    )
                )
                continue
            diff = stats.welch_difference(a, b, framework.confidence_level)
            flagged = (
                diff.difference is not None
                and diff.ci_low is not None
                and diff.difference >= framework.rules.gap_flag
                and diff.ci_low > 0
            )
            gaps.append(
                Gap(
                    element=element.id,
                    source=source,
                    difference=diff.difference,
                    ci_low=diff.ci_low,
                    ci_high=diff.ci_high,
                    p_value=diff.p_value,
                    flagged=flagged,
                )
            )
    return gaps

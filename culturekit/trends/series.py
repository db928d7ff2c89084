"""Each element and source over the collections, and its overall direction.

The direction is read from the verdicts of the adjacent changes, which
:func:`culturekit.comparison.elements.element_changes` gives exactly as a comparison of
that pair does: no new test is made. The rule (also in ``TrendSeries.direction``):

* improving: at least one change is better and none is worse;
* worsening: at least one is worse and none better;
* up and down: some are better and some worse;
* otherwise no clear change when every tested change is no clear change, too few to
  tell when any is, and not tested when none was tested.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from culturekit.comparison.sides import Side
from culturekit.framework.model import Framework
from culturekit.privacy.linked import SourceProtection
from culturekit.results.comparison import Verdict
from culturekit.results.trend import Direction, TrendPoint, TrendSeries, TrendStep
from culturekit.scoring.perceptions import element_source_score


def direction(verdicts: Sequence[Verdict]) -> Direction:
    """The overall direction of a series from its steps' verdicts (the module's rule)."""
    better, worse = "better" in verdicts, "worse" in verdicts
    if better and worse:
        return "up and down"
    if better:
        return "improving"
    if worse:
        return "worsening"
    if "too few to tell" in verdicts:
        return "too few to tell"
    if "no clear change" in verdicts:
        return "no clear change"
    return "not tested"


def trend_series(
    sides: Sequence[Side],
    sources: Sequence[str],
    steps: Sequence[TrendStep],
    framework: Framework,
    protections: Mapping[str, list[SourceProtection]],
) -> list[TrendSeries]:
    """Every element of ``framework`` by every source any collection holds."""
    found = []
    for element in framework.elements:
        for source in sources:
            points = [
                _point(side, source, element.id, framework, _protection(protections, source, i))
                for i, side in enumerate(sides)
            ]
            if all(p.reason == _NOT_ASKED or p.reason == _ABSENT for p in points):
                continue
            verdicts = [
                change.sources[source].verdict
                for step in steps
                for change in step.elements
                if change.id == element.id and source in change.sources
            ]
            scores = [p.score for p in points if p.score is not None]
            first, last = points[0].score, points[-1].score
            found.append(
                TrendSeries(
                    element=element.id,
                    element_name=element.name,
                    source=source,
                    points=points,
                    direction=direction(verdicts),
                    first_to_last=last - first
                    if first is not None and last is not None and len(scores) > 1
                    else None,
                )
            )
    return found


_ABSENT = "the source is not in this collection"
_NOT_ASKED = "no items of this element in the instrument"


def _protection(
    protections: Mapping[str, list[SourceProtection]], source: str, index: int
) -> SourceProtection | None:
    found = protections.get(source)
    return None if found is None else found[index]


def _point(
    side: Side,
    source: str,
    element: str,
    framework: Framework,
    protection: SourceProtection | None,
) -> TrendPoint:
    period = side.data.trust.period
    if source not in side.scored:
        return TrendPoint(period=period, reason=_ABSENT)
    score = element_source_score(
        side.data.surveys[source], side.scored[source], element, framework, protection
    )
    return TrendPoint(
        period=period,
        score=score.score,
        ci_low=score.ci_low,
        ci_high=score.ci_high,
        n=score.n,
        percent_positive=score.percent_positive,
        suppressed=score.suppressed,
        reason=score.reason,
    )

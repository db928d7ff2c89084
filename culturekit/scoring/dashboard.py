"""Scoring the culture and outcomes dashboard: each indicator against its benchmark.

Pure: from validated :class:`~culturekit.ingest.dashboard.DashboardData` and the framework
to a :class:`DashboardResult`. The report's methods section words the rules
(:func:`culturekit.report.presentation.methods.dashboard_rule`).
"""

from __future__ import annotations

from culturekit.framework.model import Framework
from culturekit.ingest.dashboard import DashboardData, DashboardIndicator
from culturekit.results.base import Signal
from culturekit.results.dashboard import DashboardResult, ElementDashboard, RatedIndicator, Rating

__all__ = [
    "DashboardResult",
    "ElementDashboard",
    "RatedIndicator",
    "Rating",
    "Signal",
    "element_signal",
    "rate_indicator",
    "score_dashboard",
]

# Relative slack on the "similar" boundary so that a value exactly on it (e.g. 10.5 against
# 10 with 5%) is not lost to floating-point rounding.
_EPSILON = 1e-9


def _rating(item: DashboardIndicator, within: float) -> Rating:
    if item.benchmark is None:
        return "no benchmark"
    gap = item.value - item.benchmark
    limit = within * abs(item.benchmark) if item.benchmark != 0 else within
    if abs(gap) <= limit + _EPSILON * max(1.0, abs(item.benchmark)):
        return "similar"
    return "better" if (gap > 0) == item.higher_is_better else "worse"


def _position(item: DashboardIndicator) -> float | None:
    if item.best is None or item.worst is None or item.best == item.worst:
        return None
    where = (item.value - item.worst) / (item.best - item.worst)
    return min(1.0, max(0.0, where))


def rate_indicator(item: DashboardIndicator, within: float) -> RatedIndicator:
    """Rate one indicator; ``within`` is ``rules.dashboard_similar_within``."""
    rating = _rating(item, within)
    return RatedIndicator(
        **item.model_dump(),
        rating=rating,
        difference=None if item.benchmark is None else item.value - item.benchmark,
        position=_position(item),
    )


def element_signal(better: int, similar: int, worse: int) -> Signal | None:
    """The element's dashboard signal: positive when more indicators are better than
    worse and at least half are better, negative the other way round, else neutral."""
    rated = better + similar + worse
    if rated == 0:
        return None
    if better > worse and 2 * better >= rated:
        return "positive"
    if worse > better and 2 * worse >= rated:
        return "negative"
    return "neutral"


def _count(items: list[RatedIndicator], rating: Rating) -> int:
    return sum(1 for i in items if i.rating == rating)


def score_dashboard(data: DashboardData, framework: Framework) -> DashboardResult:
    """Rate every indicator and summarise each element.

    Indicators keep their sheet order within an element; elements follow the framework.
    Indicators naming an element the framework does not have are not expected (the
    parser refuses them) and are left out.
    """
    within = framework.rules.dashboard_similar_within
    rated = [rate_indicator(item, within) for item in data.indicators]
    elements: list[ElementDashboard] = []
    for element in framework.elements:
        items = [i for i in rated if i.element == element.id]
        better, similar, worse = (_count(items, r) for r in ("better", "similar", "worse"))
        elements.append(
            ElementDashboard(
                element=element.id,
                name=element.name,
                indicators=items,
                better=better,
                similar=similar,
                worse=worse,
                no_benchmark=_count(items, "no benchmark"),
                signal=element_signal(better, similar, worse),
            )
        )
    kept = [i for e in elements for i in e.indicators]
    return DashboardResult(
        file=data.file,
        sheet=data.sheet,
        similar_within=within,
        elements=elements,
        indicator_count=len(kept),
        better=_count(kept, "better"),
        similar=_count(kept, "similar"),
        worse=_count(kept, "worse"),
        no_benchmark=_count(kept, "no benchmark"),
    )

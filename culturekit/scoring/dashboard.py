"""Scoring the culture and outcomes dashboard: each indicator against its benchmark group.

Pure: from validated :class:`~culturekit.ingest.dashboard.DashboardData` and the framework
to a :class:`DashboardResult`. The rating reads the group's spread (docs/methods.md,
"Existing data"): inside the middle half where the quartiles are given; within
``rules.dashboard_similar_range`` of the distance from worst to best where only those are;
within the fixed ``rules.dashboard_similar_within`` band of the benchmark where neither
is. The report's methods section words the rules
(:func:`culturekit.report.presentation.methods.dashboard_rule`).
"""

from __future__ import annotations

import datetime as dt

from culturekit.framework.model import Framework, Rules
from culturekit.ingest.dashboard import DashboardData, DashboardIndicator
from culturekit.ingest.dashboard_series import DashboardSeries, IndicatorSeries
from culturekit.results.base import Signal
from culturekit.results.dashboard import (
    DashboardResult,
    ElementDashboard,
    RatedIndicator,
    Rating,
    RatingBasis,
)
from culturekit.results.spc import SpcChart
from culturekit.scoring.spc import xmr_chart

__all__ = [
    "DashboardResult",
    "ElementDashboard",
    "RatedIndicator",
    "Rating",
    "RatingBasis",
    "Signal",
    "element_signal",
    "rate_indicator",
    "rating_basis",
    "score_dashboard",
    "similar_values",
]

# Relative slack on every "similar" boundary so that a value exactly on it (e.g. 10.5
# against 10 with 5%, or a value equal to a quartile) is not lost to floating-point rounding.
_EPSILON = 1e-9


def rating_basis(item: DashboardIndicator) -> RatingBasis | None:
    """What the indicator is rated by: its group's quartiles where the sheet gives them,
    else its group's range from worst to best (with a benchmark), else the fixed band
    around the benchmark; None (not rated) with neither quartiles nor benchmark."""
    if item.lower_quartile is not None and item.upper_quartile is not None:
        return "quartiles"
    if item.benchmark is None:
        return None
    if item.best is not None and item.worst is not None and item.best != item.worst:
        return "range"
    return "band"


def similar_values(item: DashboardIndicator, rules: Rules) -> tuple[float, float] | None:
    """The values, ends included, at which the indicator is similar to its benchmark
    group; None when it is not rated (see :func:`rating_basis`)."""
    low, high = item.lower_quartile, item.upper_quartile
    if low is not None and high is not None:
        return low, high
    centre, best, worst = item.benchmark, item.best, item.worst
    if centre is None:
        return None
    if best is not None and worst is not None and best != worst:
        half = rules.dashboard_similar_range * abs(best - worst)
    else:
        within = rules.dashboard_similar_within
        half = within * abs(centre) if centre != 0 else within
    return centre - half, centre + half


def _rating(item: DashboardIndicator, rules: Rules) -> Rating:
    band = similar_values(item, rules)
    if band is None:
        return "no benchmark"
    low, high = band
    slack = _EPSILON * max(1.0, abs(low), abs(high))
    if low - slack <= item.value <= high + slack:
        return "similar"
    above = item.value > high
    return "better" if above == item.higher_is_better else "worse"


def _position(item: DashboardIndicator) -> float | None:
    if item.best is None or item.worst is None or item.best == item.worst:
        return None
    where = (item.value - item.worst) / (item.best - item.worst)
    return min(1.0, max(0.0, where))


def rate_indicator(item: DashboardIndicator, rules: Rules) -> RatedIndicator:
    """Rate one indicator against its benchmark group by the framework's rules."""
    return RatedIndicator(
        **item.model_dump(),
        rating=_rating(item, rules),
        rated_by=rating_basis(item),
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
    return sum(1 for i in items if i.reading == rating)


def series_chart(series: IndicatorSeries, rules: Rules, start: dt.date | None) -> SpcChart:
    """One indicator's series as an XmR chart, rebased at the programme's start."""
    item = series.indicator
    return xmr_chart(
        indicator=item.indicator,
        element=item.element,
        unit=item.unit,
        higher_is_better=item.higher_is_better,
        target=item.target,
        periods=series.periods,
        values=series.values,
        rules=rules,
        rebase_at=[start] if start is not None else [],
    )


def score_dashboard(
    data: DashboardData,
    framework: Framework,
    series: DashboardSeries | None = None,
    programme_start: dt.date | None = None,
) -> DashboardResult:
    """Rate every indicator and summarise each element.

    Indicators keep their sheet order within an element; elements follow the framework.
    Indicators naming an element the framework does not have are not expected (the
    parser refuses them) and are left out. An indicator with a series is read by its
    XmR chart (:mod:`culturekit.scoring.spc`) in the element's counts.
    """
    charts = {
        s.indicator.row: series_chart(s, framework.rules, programme_start)
        for s in (series.series if series is not None else [])
    }
    rated = [
        rate_indicator(item, framework.rules).model_copy(
            update={"spc": charts[item.row].reading if item.row in charts else None}
        )
        for item in data.indicators
    ]
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
        similar_within=framework.rules.dashboard_similar_within,
        similar_range=framework.rules.dashboard_similar_range,
        elements=elements,
        indicator_count=len(kept),
        better=_count(kept, "better"),
        similar=_count(kept, "similar"),
        worse=_count(kept, "worse"),
        no_benchmark=_count(kept, "no benchmark"),
        series=[charts[i.row] for i in kept if i.row in charts],
    )

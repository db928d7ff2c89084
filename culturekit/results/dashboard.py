"""Result models of the culture and outcomes dashboard: indicators against benchmarks."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from culturekit.results.base import Model, Signal
from culturekit.results.spc import SpcChart, SpcReading

__all__ = ["DashboardResult", "ElementDashboard", "RatedIndicator", "Rating", "RatingBasis"]

Rating = Literal["better", "similar", "worse", "no benchmark"]
RatingBasis = Literal["quartiles", "range", "band"]
"""What an indicator was rated by: the benchmark group's quartiles, its range from worst
to best, or (with neither) the fixed band around the benchmark."""


class RatedIndicator(Model):
    """One dashboard indicator with its rating against the benchmark."""

    indicator: str
    element: str
    value: float
    benchmark: float | None
    best: float | None
    worst: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    higher_is_better: bool
    target: float | None
    unit: str | None
    source: str | None
    period: str | None
    row: int
    rating: Rating
    rated_by: RatingBasis | None
    """quartiles, range or band (docs/methods.md); None when not rated."""
    difference: float | None
    """value - benchmark, in the indicator's unit (None without a benchmark)."""
    position: float | None
    """Where the value sits from worst (0) to best (1), clipped; None without both."""
    spc: SpcReading | None = None
    """The indicator's series read as an XmR chart (special-cause improvement or concern
    since the baseline, or common cause); None without a series. Where given, it is what
    the element's counts and signal read instead of the rating."""

    @property
    def reading(self) -> Rating:
        """What the element's counts take: the series' reading where there is one
        (improvement better, concern worse, common cause similar), else the rating."""
        if self.spc is None:
            return self.rating
        return {"improvement": "better", "concern": "worse"}.get(self.spc, "similar")  # type: ignore[return-value]


class ElementDashboard(Model):
    """The dashboard indicators of one element and their summary."""

    element: str
    name: str
    indicators: list[RatedIndicator]
    better: int
    """Indicators better than benchmark, or with special-cause improvement in a series."""
    similar: int
    worse: int
    no_benchmark: int
    signal: Signal | None


class DashboardResult(Model):
    """Every element of the framework, in framework order, with its indicators."""

    file: str
    sheet: str
    similar_within: float
    """rules.dashboard_similar_within: the fixed band, for indicators rated by band."""
    similar_range: float
    """rules.dashboard_similar_range: the share of worst to best, for those rated by range."""
    elements: list[ElementDashboard]
    indicator_count: int
    better: int
    similar: int
    worse: int
    no_benchmark: int
    series: list[SpcChart] = Field(default_factory=list)
    """The indicators with a Dashboard series, as XmR charts, in dashboard order."""

    def element(self, element_id: str) -> ElementDashboard:
        for entry in self.elements:
            if entry.element == element_id:
                return entry
        raise KeyError(element_id)

"""Result models of the culture and outcomes dashboard: indicators against benchmarks."""

from __future__ import annotations

from typing import Literal

from culturekit.results.base import Model, Signal

__all__ = ["DashboardResult", "ElementDashboard", "RatedIndicator", "Rating"]

Rating = Literal["better", "similar", "worse", "no benchmark"]


class RatedIndicator(Model):
    """One dashboard indicator with its rating against the benchmark."""

    indicator: str
    element: str
    value: float
    benchmark: float | None
    best: float | None
    worst: float | None
    higher_is_better: bool
    unit: str | None
    source: str | None
    period: str | None
    row: int
    rating: Rating
    difference: float | None
    """value - benchmark, in the indicator's unit (None without a benchmark)."""
    position: float | None
    """Where the value sits from worst (0) to best (1), clipped; None without both."""


class ElementDashboard(Model):
    """The dashboard indicators of one element and their summary."""

    element: str
    name: str
    indicators: list[RatedIndicator]
    better: int
    similar: int
    worse: int
    no_benchmark: int
    signal: Signal | None


class DashboardResult(Model):
    """Every element of the framework, in framework order, with its indicators."""

    file: str
    sheet: str
    similar_within: float
    elements: list[ElementDashboard]
    indicator_count: int
    better: int
    similar: int
    worse: int
    no_benchmark: int

    def element(self, element_id: str) -> ElementDashboard:
        for entry in self.elements:
            if entry.element == element_id:
                return entry
        raise KeyError(element_id)

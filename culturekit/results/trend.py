"""Result models of a trend over many collections of one trust: ``trend.json``."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from culturekit.results.base import SCHEMA_VERSION, Document, Model
from culturekit.results.comparison import (
    BreakdownChange,
    CollectionInfo,
    ComparisonSummary,
    ComparisonWarning,
    Correction,
    ElementChange,
    IndicatorChange,
    ResponseChange,
)
from culturekit.results.diagnosis import DisclosureAudit, FrameworkSummary, TrustSummary

__all__ = ["Direction", "Trend", "TrendPoint", "TrendSeries", "TrendStep"]

# The overall direction of one element and source, read from its adjacent changes' verdicts
# (culturekit.trends.series.direction states the rule).
Direction = Literal[
    "improving", "worsening", "up and down", "no clear change", "too few to tell", "not tested"
]


class TrendPoint(Model):
    """One element as one source saw it in one collection."""

    period: str = Field(description="The collection's period, as on its Trust sheet.")
    score: float | None = Field(None, description="Score (0-10).")
    ci_low: float | None = Field(None, description="Lower end of the score's confidence interval.")
    ci_high: float | None = Field(None, description="Upper end of the score's confidence interval.")
    n: int | None = Field(None, description="Respondents scored on the element.")
    percent_positive: float | None = Field(None, description="% of answers that are positive.")
    suppressed: bool = Field(False, description="True when below the reporting threshold.")
    reason: str | None = Field(None, description="Why a figure is missing.")


class TrendSeries(Model):
    """One element and source over every collection, and its overall direction."""

    element: str
    element_name: str
    source: str = Field(description="The perception source: staff, board or stakeholders.")
    points: list[TrendPoint] = Field(description="One point per collection, in period order.")
    direction: Direction = Field(
        description="From the verdicts of the adjacent changes (steps): improving when at "
        "least one is better and none worse; worsening when at least one is worse and none "
        "better; up and down when some are better and some worse; otherwise no clear change "
        "when every tested change is no clear change, too few to tell when any is, and not "
        "tested when none was tested."
    )
    first_to_last: float | None = Field(
        None, description="Last score minus first score (0-10 scale), untested."
    )


class TrendStep(Model):
    """One adjacent pair of collections, compared exactly as ``culturekit compare`` does."""

    pre: str = Field(description="The earlier collection's period.")
    post: str = Field(description="The later collection's period.")
    sources: list[str] = Field(description="The perception sources both collections hold.")
    elements: list[ElementChange] = Field(description="Every element's change, by source.")
    summary: ComparisonSummary = Field(description="Element/source pairs grouped by verdict.")
    breakdowns: list[BreakdownChange] = Field(
        default_factory=list,
        description="Group changes, hidden where any collection of the trend hides the group.",
    )
    response: dict[str, ResponseChange] = Field(default_factory=dict)
    dashboard: list[IndicatorChange] | None = None
    warnings: list[ComparisonWarning] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)


class Trend(Document):
    """Many collections of one trust in period order: the content of ``trend.json``."""

    schema_version: str = Field(
        SCHEMA_VERSION, description="Version of this document's schema (see docs/json-schema.md)."
    )
    culturekit_version: str = Field(description="Version of culturekit that wrote the document.")
    trust: TrustSummary = Field(description="The trust, as in the latest collection.")
    framework: FrameworkSummary = Field(
        description="The latest collection's framework, with the highest reporting threshold."
    )
    correction: Correction = Field(
        description="Adjustment of each step's p-values for testing many changes."
    )
    collections: list[CollectionInfo] = Field(description="The collections, in period order.")
    sources: list[str] = Field(description="The perception sources of any collection.")
    series: list[TrendSeries] = Field(description="Each element and source over time.")
    steps: list[TrendStep] = Field(description="Each adjacent pair's changes, tested.")
    notices: list[str] = Field(default_factory=list, description="What was not followed, and why.")
    disclosure: list[DisclosureAudit] = Field(
        default_factory=list,
        description="The disclosure-control audit of each collection's groups, all collections "
        "protected together.",
    )

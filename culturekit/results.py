"""Result models: what culturekit computes, and the schema of its JSON output.

Every figure here may be shown: the reporting threshold has already been applied when
these models were built (see :mod:`culturekit.privacy`). A suppressed figure is ``None``
with ``suppressed`` set and a ``reason`` in words; it is never 0.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer

from culturekit.framework.model import Rules
from culturekit.scoring.dashboard import DashboardResult
from culturekit.scoring.workforce import WorkforceResult

SCHEMA_VERSION = "1.0"

Signal = Literal["positive", "neutral", "negative"]
Reading = Literal["strength", "mixed", "priority"]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class TrustSummary(Model):
    name: str
    code: str
    period: str
    collected_on: dt.date | None = None
    trust_type: str | None = None
    staff_headcount: int | None = None


class FrameworkSummary(Model):
    """The framework a result was computed under: its identity, thresholds and rules."""

    id: str
    version: str
    name: str
    reporting_threshold: int
    comment_threshold: int
    min_share_answered: float
    confidence_level: float
    rules: Rules


class InputSummary(Model):
    path: str
    sha256: str


class SourceScore(Model):
    """One element as seen by one source."""

    source: str
    score: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    n: int | None = None
    percent_positive: float | None = None
    percent_negative: float | None = None
    answers: int | None = None
    alpha: float | None = None
    alpha_n: int | None = None
    items: int
    suppressed: bool = False
    reason: str | None = None


class AnswerCount(Model):
    code: int
    label: str
    count: int
    percent: float


class ItemResult(Model):
    """One question: the full answer distribution, as answered (before reversal)."""

    code: str
    text: str
    element: str
    source: str
    reverse: bool
    answered: int | None = None
    not_applicable: int | None = None
    blank: int | None = None
    distribution: list[AnswerCount] = Field(default_factory=list)
    score: float | None = None
    percent_positive: float | None = None
    percent_negative: float | None = None
    suppressed: bool = False
    reason: str | None = None


class ReliabilityWarning(Model):
    element: str
    source: str
    alpha: float
    message: str


class NotableGroup(Model):
    """A shown staff group whose score on an element sits far from the trust overall."""

    by: str
    by_label: str
    label: str
    n: int
    score: float
    difference: float


class ElementResult(Model):
    id: str
    name: str
    description: str
    sources: dict[str, SourceScore]
    items: dict[str, list[ItemResult]] = Field(default_factory=dict)
    notable_groups: list[NotableGroup] = Field(default_factory=list)


class Gap(Model):
    """How much more (or less) favourably a source sees an element than staff do."""

    element: str
    source: str
    compared_with: str = "staff"
    difference: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    flagged: bool = False
    suppressed: bool = False
    reason: str | None = None


class HiddenWhenSuppressed(Model):
    """A group whose figures leave the JSON altogether when it is suppressed.

    Subclasses name the keys in ``_hidden_keys``; a suppressed group keeps only its label
    and the reason, so no count or score of a small group is ever written.
    """

    _hidden_keys: ClassVar[tuple[str, ...]] = ()

    @model_serializer(mode="wrap")
    def _drop_hidden(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        if getattr(self, "suppressed", False):
            for key in self._hidden_keys:
                data.pop(key, None)
        return data


class BreakdownGroup(HiddenWhenSuppressed):
    label: str
    suppressed: bool = False
    reason: str | None = None
    n: int | None = None
    scores: dict[str, float | None] = Field(default_factory=dict)
    differences: dict[str, float | None] = Field(default_factory=dict)
    hidden_cells: dict[str, str] = Field(default_factory=dict)

    _hidden_keys: ClassVar[tuple[str, ...]] = ("n", "scores", "differences", "hidden_cells")


class Breakdown(Model):
    source: str
    by: str
    by_label: str
    overall: dict[str, float | None]
    groups: list[BreakdownGroup]


class SourceQuality(Model):
    source: str
    file: str
    sheet: str
    rows: int
    scored: int
    too_few_answers: int
    answers: int
    blank: int
    not_applicable: int
    missing_items: list[str] = Field(default_factory=list)


class ResponseRate(Model):
    respondents: int
    headcount: int | None = None
    rate: float | None = None
    low: bool = False


class DataQuality(Model):
    sources: list[SourceQuality] = Field(default_factory=list)
    reliability_warnings: list[ReliabilityWarning] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)
    skipped_breakdowns: list[str] = Field(default_factory=list)


class Comments(Model):
    source: str
    shown: bool
    reason: str | None = None
    texts: list[str] = Field(default_factory=list)


class Evidence(Model):
    source: str
    signal: Signal
    score: float | None = None
    detail: str


class ElementReading(Model):
    element: str
    name: str
    reading: Reading
    balance: float
    confidence: Literal["high", "medium", "low"]
    evidence: list[Evidence]
    missing_sources: list[str]
    disagreements: list[str]


class RankedElement(Model):
    element: str
    name: str
    balance: float
    evidence: list[str]


class SourcesSummary(Model):
    present: list[str]
    missing: list[str]


class Diagnosis(Model):
    """A trust's culture diagnosis for one period: the content of ``diagnosis.json``."""

    schema_version: str = SCHEMA_VERSION
    culturekit_version: str
    trust: TrustSummary
    framework: FrameworkSummary
    inputs: list[InputSummary]
    sources: SourcesSummary
    response: dict[str, ResponseRate]
    elements: list[ElementResult]
    gaps: list[Gap]
    breakdowns: list[Breakdown]
    data_quality: DataQuality
    dashboard: DashboardResult | None = None
    workforce: WorkforceResult | None = None
    triangulation: list[ElementReading] = Field(default_factory=list)
    priorities: list[RankedElement] = Field(default_factory=list)
    strengths: list[RankedElement] = Field(default_factory=list)
    comments: list[Comments] = Field(default_factory=list)

    def element(self, element_id: str) -> ElementResult:
        for element in self.elements:
            if element.id == element_id:
                return element
        raise KeyError(element_id)

    def to_json(self) -> str:
        """The JSON document, byte-identical for the same input and options."""
        return self.model_dump_json(indent=2) + "\n"

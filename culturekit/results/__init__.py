"""Result models: what culturekit computes, and the schema of its JSON output.

One module per document (diagnosis, comparison, network) and per other source
(dashboard, workforce), all built on :mod:`culturekit.results.base`. Results import
nothing from scoring: scoring builds them.
"""

from __future__ import annotations

from culturekit.results.base import (
    SCHEMA_VERSION,
    Document,
    HiddenWhenSuppressed,
    Model,
    Reading,
    Signal,
)
from culturekit.results.comparison import Comparison
from culturekit.results.dashboard import DashboardResult
from culturekit.results.diagnosis import (
    AnswerCount,
    Breakdown,
    BreakdownGroup,
    Comments,
    Confidence,
    DataQuality,
    Diagnosis,
    Disagreement,
    DisclosureAudit,
    ElementReading,
    ElementResult,
    Evidence,
    FrameworkSummary,
    Gap,
    InputSummary,
    ItemResult,
    NotableGroup,
    RankedElement,
    ReliabilityWarning,
    ResponseRate,
    SourceQuality,
    SourceScore,
    SourcesSummary,
    SubScoreResult,
    ThemeResult,
    Themes,
    TrustSummary,
)
from culturekit.results.drivers import Driver, DriverAnalysis
from culturekit.results.network import NetworkSummary
from culturekit.results.summary import DiagnosisSummary, GapPattern, Headline
from culturekit.results.workforce import WorkforceResult

__all__ = [
    "SCHEMA_VERSION",
    "AnswerCount",
    "Breakdown",
    "BreakdownGroup",
    "Comments",
    "Comparison",
    "Confidence",
    "DashboardResult",
    "DataQuality",
    "Diagnosis",
    "DiagnosisSummary",
    "Disagreement",
    "DisclosureAudit",
    "Document",
    "Driver",
    "DriverAnalysis",
    "ElementReading",
    "ElementResult",
    "Evidence",
    "FrameworkSummary",
    "Gap",
    "GapPattern",
    "Headline",
    "HiddenWhenSuppressed",
    "InputSummary",
    "ItemResult",
    "Model",
    "NetworkSummary",
    "NotableGroup",
    "RankedElement",
    "Reading",
    "ReliabilityWarning",
    "ResponseRate",
    "Signal",
    "SourceQuality",
    "SourceScore",
    "SourcesSummary",
    "SubScoreResult",
    "ThemeResult",
    "Themes",
    "TrustSummary",
    "WorkforceResult",
]

"""Result models: what culturekit computes, and the schema of its JSON output.

One module per document (diagnosis, comparison, network) and per other source
(dashboard, workforce), all built on :mod:`culturekit.results.base`. Results import
nothing from scoring: scoring builds them. Names are imported on first use, so a
diagnosis loads neither the comparison's models nor the network summary's.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Each name's module.
_LAZY: dict[str, str] = {
    "SCHEMA_VERSION": "culturekit.results.base",
    "Document": "culturekit.results.base",
    "HiddenWhenSuppressed": "culturekit.results.base",
    "Model": "culturekit.results.base",
    "Reading": "culturekit.results.base",
    "Signal": "culturekit.results.base",
    "Comparison": "culturekit.results.comparison",
    "DashboardResult": "culturekit.results.dashboard",
    "AnswerCount": "culturekit.results.diagnosis",
    "Breakdown": "culturekit.results.diagnosis",
    "BreakdownGroup": "culturekit.results.diagnosis",
    "Comments": "culturekit.results.diagnosis",
    "Confidence": "culturekit.results.diagnosis",
    "DataQuality": "culturekit.results.diagnosis",
    "Diagnosis": "culturekit.results.diagnosis",
    "Disagreement": "culturekit.results.diagnosis",
    "DisclosureAudit": "culturekit.results.diagnosis",
    "ElementReading": "culturekit.results.diagnosis",
    "ElementResult": "culturekit.results.diagnosis",
    "Evidence": "culturekit.results.diagnosis",
    "FrameworkSummary": "culturekit.results.diagnosis",
    "Gap": "culturekit.results.diagnosis",
    "InputSummary": "culturekit.results.diagnosis",
    "ItemResult": "culturekit.results.diagnosis",
    "NotableGroup": "culturekit.results.diagnosis",
    "RankedElement": "culturekit.results.diagnosis",
    "ReliabilityWarning": "culturekit.results.diagnosis",
    "ResponseRate": "culturekit.results.diagnosis",
    "SourceQuality": "culturekit.results.diagnosis",
    "SourceScore": "culturekit.results.diagnosis",
    "SourcesSummary": "culturekit.results.diagnosis",
    "SubScoreResult": "culturekit.results.diagnosis",
    "ThemeResult": "culturekit.results.diagnosis",
    "Themes": "culturekit.results.diagnosis",
    "TrustSummary": "culturekit.results.diagnosis",
    "Driver": "culturekit.results.drivers",
    "DriverAnalysis": "culturekit.results.drivers",
    "NetworkSummary": "culturekit.results.network",
    "DiagnosisSummary": "culturekit.results.summary",
    "GapPattern": "culturekit.results.summary",
    "Headline": "culturekit.results.summary",
    "WorkforceResult": "culturekit.results.workforce",
}

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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'culturekit.results' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

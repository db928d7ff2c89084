"""Pre/post comparison of two collections of one trust, mirroring the diagnosis.

``checks`` (are the two comparable), ``elements`` (tested changes and verdicts),
``items``, ``groups`` (breakdowns), ``response``, ``other_sources`` (dashboard and
workforce), ``methods`` (the corrections it can apply), and :func:`compare` in
``entry``, which brings them together.
The models are in :mod:`culturekit.results.comparison`.
"""

from __future__ import annotations

from culturekit.comparison.entry import compare
from culturekit.comparison.items import LARGEST_ITEM_CHANGES
from culturekit.comparison.methods import CORRECTIONS
from culturekit.comparison.other_sources import dashboard_changes, workforce_changes
from culturekit.results.comparison import (
    BreakdownChange,
    ChangeRef,
    CollectionInfo,
    Comparison,
    ComparisonSummary,
    ComparisonWarning,
    Correction,
    ElementChange,
    GroupChange,
    GroupElementChange,
    IndicatorChange,
    ItemChange,
    ItemRef,
    ResponseChange,
    SourceChange,
    StandardChange,
    ValueChange,
    Verdict,
    WorkforceChange,
)

__all__ = [
    "CORRECTIONS",
    "LARGEST_ITEM_CHANGES",
    "BreakdownChange",
    "ChangeRef",
    "CollectionInfo",
    "Comparison",
    "ComparisonSummary",
    "ComparisonWarning",
    "Correction",
    "ElementChange",
    "GroupChange",
    "GroupElementChange",
    "IndicatorChange",
    "ItemChange",
    "ItemRef",
    "ResponseChange",
    "SourceChange",
    "StandardChange",
    "ValueChange",
    "Verdict",
    "WorkforceChange",
    "compare",
    "dashboard_changes",
    "workforce_changes",
]

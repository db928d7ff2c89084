"""A trend: many collections of one trust, each adjacent pair compared as ``compare`` does.

Every step (adjacent pair) goes through the comparison's own functions (the checks, the
element tests and their correction, the responses, the dashboard, the breakdowns), so a
step says what ``culturekit compare`` of that pair says; the breakdowns show only what
the disclosure control of every collection together allows (:mod:`.disclosure`). The
items and the workforce are not followed (compare each pair for them).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

from culturekit._version import __version__
from culturekit.comparison.checks import (
    check_comparable,
    check_not_same_file,
    collection_info,
    common_sources,
    load_collection,
)
from culturekit.comparison.elements import element_changes, summarise
from culturekit.comparison.groups import Column, breakdown_changes, compared_columns
from culturekit.comparison.methods import CORRECTIONS
from culturekit.comparison.other_sources import dashboard_changes
from culturekit.comparison.response import response_changes
from culturekit.comparison.sides import Side, score_surveys
from culturekit.diagnosis import framework_summary
from culturekit.framework.model import SOURCE_NAMES, SOURCES, Framework
from culturekit.ingest.models import TrustData
from culturekit.results.comparison import ComparisonWarning, Correction
from culturekit.results.diagnosis import TrustSummary
from culturekit.results.trend import Trend, TrendStep
from culturekit.trends.disclosure import protect_trend, trend_audits
from culturekit.trends.order import in_period_order
from culturekit.trends.series import trend_series


def trend(
    collections: Sequence[TrustData | str | Path],
    *,
    framework: Framework | str | Path | None = None,
    correction: Correction = "holm",
    group_by: Sequence[str] | None = None,
) -> Trend:
    """Follow one trust over ``collections`` (loaded data or workbook paths, in any order).

    They are put in period order (:mod:`culturekit.trends.order`); each adjacent pair is
    compared as :func:`culturekit.compare` compares it, with ``correction`` adjusting each
    pair's p-values; ``framework`` and ``group_by`` are used to load paths.

    Raises :class:`~culturekit.errors.ComparisonError` for fewer than two collections,
    collections of different trusts, of the same period, given twice, in an order that
    cannot be told, or scored against frameworks with different elements.
    """
    if correction not in CORRECTIONS:
        raise ValueError(f"correction must be 'holm' or 'fdr_bh', got {correction!r}")
    for a, b in combinations(collections, 2):
        check_not_same_file(a, b)
    data = in_period_order([load_collection(c, framework, group_by) for c in collections])
    fw = data[-1].framework
    # The strictest threshold protects every collection; the latest framework's rules apply.
    threshold = max(d.framework.reporting_threshold for d in data)
    rules = fw.model_copy(update={"reporting_threshold": threshold})
    scored = [score_surveys(d) for d in data]
    notices: list[str] = []
    pairs = []
    for i in range(len(data) - 1):
        a = Side(data[i], scored[i], "pre")
        b = Side(data[i + 1], scored[i + 1], "post")
        warnings: list[ComparisonWarning] = []
        step_notices: list[str] = []
        check_comparable(a.data, b.data, False, warnings, step_notices)
        sources = common_sources(a, b, step_notices)
        columns = {s: compared_columns(a, b, s, step_notices) for s in sources}
        pairs.append((a, b, warnings, step_notices, sources, columns))
    sides = [Side(d, s, d.trust.period) for d, s in zip(data, scored, strict=True)]
    keys = _shared_columns(sides, [p[5] for p in pairs], notices)
    protections = protect_trend(sides, [p[5] for p in pairs], keys, fw, threshold)
    steps = []
    for a, b, warnings, step_notices, sources, columns in pairs:
        elements = element_changes(a, b, sources, threshold, fw.confidence_level, correction)
        shared = {s: [c for c in columns[s] if c.key in keys[s]] for s in keys if s in columns}
        index = len(steps)
        pair = {s: (found[index], found[index + 1]) for s, found in protections.items()}
        steps.append(
            TrendStep(
                pre=a.period,
                post=b.period,
                sources=sources,
                elements=elements,
                summary=summarise(elements),
                breakdowns=breakdown_changes(a, b, shared, pair, threshold, correction),
                response=response_changes(a, b, sources, warnings),
                dashboard=dashboard_changes(a.data, b.data),
                warnings=warnings,
                notices=step_notices,
            )
        )
    present = [s for s in SOURCES if any(s in found for found in scored)]
    periods = [d.trust.period for d in data]
    return Trend(
        culturekit_version=__version__,
        trust=TrustSummary(**data[-1].trust.model_dump()),
        framework=framework_summary(fw, reporting_threshold=threshold),
        correction=correction,
        collections=[collection_info(d) for d in data],
        sources=present,
        series=trend_series(sides, present, steps, rules, protections),
        steps=steps,
        notices=notices,
        disclosure=trend_audits(protections, periods, fw, threshold),
    )


def _shared_columns(
    sides: Sequence[Side], pair_columns: Sequence[dict[str, list[Column]]], notices: list[str]
) -> dict[str, list[str]]:
    """Per source every collection holds, the grouping columns every pair compares: only
    these are broken down, so that one protection covers every collection."""
    keys: dict[str, list[str]] = {}
    for source in SOURCES:
        if not all(source in s.scored for s in sides):
            continue
        found = [[c.key for c in columns.get(source, [])] for columns in pair_columns]
        keys[source] = [k for k in found[0] if all(k in other for other in found[1:])]
        dropped = sorted({k for other in found for k in other} - set(keys[source]))
        if dropped:
            notices.append(
                f"{SOURCE_NAMES[source]} groupings {', '.join(dropped)} are not compared in "
                "every pair of collections, so they are not broken down in the trend"
            )
    return keys

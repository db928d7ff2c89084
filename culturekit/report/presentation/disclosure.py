"""The disclosure-control audit in words, for the data-quality section and the workbook."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from culturekit.report.presentation.numbers import score
from culturekit.report.presentation.words import plural, source_name

# The audits that are not of a perception source.
AUDITED = {"workforce": "Workforce tables"}


def _label(audit: Any, periods: dict[str, str] | None = None) -> str:
    name = AUDITED.get(audit.source) or source_name(audit.source)
    if audit.collection is None:
        return name
    period = (periods or {}).get(audit.collection, audit.collection)
    return f"{name}, {period}"


def _count(interval: Any) -> str:
    return f"{int(interval.low)} to {int(interval.high)} people"


def _mean(interval: Any) -> str:
    return f"{score(interval.low, 2)} to {score(interval.high, 2)} points"


def audit_intro(threshold: int, audits: Sequence[Any]) -> str:
    """What the audit is, in one paragraph."""
    tolerance = score(audits[0].tolerance, 1) if audits else "0.5"
    return (
        "Every group, item and total shown was audited together: for each hidden group of "
        f"fewer than {threshold}, the narrowest range everything published allows on its "
        "size and mean was computed, and more was hidden until none could be pinned to one "
        f"size or its mean to within {tolerance} points (see the methods)."
    )


def audit_line(audit: Any, periods: dict[str, str] | None = None) -> str:
    """One source's audit as a sentence."""
    label = _label(audit, periods)
    if not audit.cells_checked:
        return f"{label}: no hidden group of fewer than {audit.threshold} to check."
    parts = [
        f"{audit.cells_checked} {plural(audit.cells_checked, 'hidden cell')} checked",
        f"{audit.extra_suppressions} more {plural(audit.extra_suppressions, 'cell')} hidden "
        "by the audit",
    ]
    if audit.narrowest_count is not None:
        parts.append(f"narrowest range left on a hidden size {_count(audit.narrowest_count)}")
    if audit.narrowest_mean is not None:
        parts.append(f"on a hidden mean {_mean(audit.narrowest_mean)}")
    verdict = "passed" if audit.passed else "not passed: some figures could still be worked out"
    return f"{label}: {', '.join(parts)}; {verdict}."


def audit_lines(audits: Sequence[Any], periods=None) -> list[str]:
    return [audit_line(a, periods) for a in audits]


def audit_rows(audits: Sequence[Any], periods: dict[str, str] | None = None) -> list[list[Any]]:
    """The workbook's rows: source, cells checked, more hidden, narrowest ranges, result."""
    rows = []
    for audit in audits:
        count, mean = audit.narrowest_count, audit.narrowest_mean
        rows.append(
            [
                _label(audit, periods),
                audit.cells_checked,
                audit.extra_suppressions,
                "" if count is None else _count(count),
                "" if mean is None else _mean(mean),
                "passed" if audit.passed else "not passed",
            ]
        )
    return rows


AUDIT_HEADERS = [
    "Disclosure audit",
    "Hidden cells checked",
    "More hidden by the audit",
    "Narrowest range on a hidden size",
    "Narrowest range on a hidden mean",
    "Result",
]


def disclosure_context(
    audits: Sequence[Any], threshold: int, periods: dict[str, str] | None = None
) -> dict[str, Any] | None:
    """What the data-quality section shows of the audit (None: nothing was audited)."""
    if not audits:
        return None
    return {
        "intro": audit_intro(threshold, audits),
        "lines": audit_lines(audits, periods),
    }

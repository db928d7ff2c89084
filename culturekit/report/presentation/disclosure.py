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


def _count(values: int) -> str:
    return f"any of at least {values} {plural(values, 'size')}"


def _mean(width: float) -> str:
    return f"at least {score(width, 'audit_bound')} points wide"


def audit_intro(threshold: int, audits: Sequence[Any]) -> str:
    """What the audit is, in one paragraph."""
    tolerance = score(audits[0].tolerance, 1) if audits else "0.5"
    return (
        "Every group, item and total shown was audited together: for each hidden group of "
        f"fewer than {threshold}, the sizes and means everything published still allows "
        "were worked out, and more was hidden until none could be pinned to one size or its "
        f"mean to within {tolerance} points (see the methods). Only how many sizes, and how "
        "wide a range of means, are left is stated here, never where they lie."
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
    if audit.size_values is not None:
        parts.append(f"each hidden size could still be {_count(audit.size_values)}")
    if audit.mean_range is not None:
        parts.append(f"each hidden mean's range {_mean(audit.mean_range)}")
    verdict = "passed" if audit.passed else "not passed: some figures could still be worked out"
    return f"{label}: {', '.join(parts)}; {verdict}."


def audit_lines(audits: Sequence[Any], periods=None) -> list[str]:
    return [audit_line(a, periods) for a in audits]


def audit_rows(audits: Sequence[Any], periods: dict[str, str] | None = None) -> list[list[Any]]:
    """The workbook's rows: source, cells checked, more hidden, narrowest ranges, result."""
    rows = []
    for audit in audits:
        rows.append(
            [
                _label(audit, periods),
                audit.cells_checked,
                audit.extra_suppressions,
                audit.size_values,
                audit.mean_range,
                "passed" if audit.passed else "not passed",
            ]
        )
    return rows


AUDIT_HEADERS = [
    "Disclosure audit",
    "Hidden cells checked",
    "More hidden by the audit",
    "Fewest sizes a hidden group could have",
    "Narrowest range on a hidden mean (points)",
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

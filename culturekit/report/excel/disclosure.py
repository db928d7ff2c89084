"""The disclosure-control audit's sheet, in the diagnosis and comparison workbooks."""

from __future__ import annotations

from typing import Any

from culturekit.report.excel.cells import AUDIT_BOUND, COUNT, Column, Table
from culturekit.report.presentation.disclosure import AUDIT_HEADERS, audit_intro, audit_rows


def audit_sheet(audits: Any, threshold: int, periods: dict[str, str] | None = None) -> Table:
    formats = {1: COUNT, 2: COUNT, 3: COUNT, 4: AUDIT_BOUND}
    table = Table(
        "Disclosure audit",
        audit_intro(threshold, audits),
        [Column(h, formats.get(i), wrap=i == 0) for i, h in enumerate(AUDIT_HEADERS)],
    )
    table.rows.extend(audit_rows(audits, periods))
    return table


def diagnosis_audit(d: Any) -> Table | None:
    audits = d.data_quality.disclosure
    return audit_sheet(audits, d.framework.reporting_threshold) if audits else None


def comparison_audit(c: Any) -> Table | None:
    if not c.disclosure:
        return None
    periods = {"pre": c.pre.period, "post": c.post.period}
    return audit_sheet(c.disclosure, c.framework.reporting_threshold, periods)

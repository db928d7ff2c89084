"""The workbook of a trend (``trend.xlsx``): each element and source over time, and each
adjacent pair's changes in the comparison workbook's own columns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from culturekit.report.excel import comparison
from culturekit.report.excel.cells import (
    ANSWER_SHARE,
    COUNT,
    NOTE,
    SCORE,
    Column,
    SheetBuilder,
    Table,
    fraction,
    number,
)
from culturekit.report.excel.disclosure import audit_sheet
from culturekit.report.excel.workbook import write_workbook
from culturekit.report.presentation.rules import confidence_label
from culturekit.report.presentation.trend import step_documents
from culturekit.report.presentation.words import source_name, verdict_word


def series(t: Any) -> Table | None:
    table = Table(
        "Series",
        f"Each element's score by source in each collection, in period order, with its "
        f"{confidence_label(t)} interval, respondents and % positive, and the series' "
        "overall direction (read from the verdicts of its adjacent changes).",
        [
            Column("Element"),
            Column("Element id"),
            Column("Source"),
            Column("Period"),
            Column("Order", COUNT),
            Column("Score", SCORE),
            Column("CI low", SCORE),
            Column("CI high", SCORE),
            Column("n", COUNT),
            Column("% positive", ANSWER_SHARE),
            Column("Overall direction"),
            NOTE,
        ],
    )
    for s in t.series:
        for order, p in enumerate(s.points, start=1):
            why = p.reason if p.score is None else None
            table.rows.append(
                [
                    s.element_name,
                    s.element,
                    source_name(s.source),
                    p.period,
                    order,
                    number(p.score, why),
                    number(p.ci_low, why),
                    number(p.ci_high, why),
                    number(p.n, why),
                    fraction(p.percent_positive, why or "not shown"),
                    verdict_word(s.direction),
                ]
            )
    return table if t.series else None


def _per_step(build: Callable[[Any], Table | None], title: str) -> SheetBuilder:
    """A comparison sheet of every step, with the step's two periods in front."""

    def sheet(t: Any) -> Table | None:
        found: Table | None = None
        for step in step_documents(t):
            one = build(step)
            if one is None:
                continue
            if found is None:
                found = Table(
                    title,
                    f"{one.about} One block per pair of neighbouring collections: From is "
                    "the earlier (pre), To the later (post).",
                    [Column("From"), Column("To"), *one.columns],
                )
            found.rows.extend([step.pre.period, step.post.period, *row] for row in one.rows)
        return found

    return sheet


def trend_audit(t: Any) -> Table | None:
    if not t.disclosure:
        return None
    return audit_sheet(t.disclosure, t.framework.reporting_threshold)


SHEETS: tuple[SheetBuilder, ...] = (
    series,
    _per_step(comparison.element_changes, "Element changes"),
    _per_step(comparison.group_changes, "Group changes"),
    _per_step(comparison.response_changes, "Response"),
    _per_step(comparison.indicator_changes, "Existing data changes"),
    trend_audit,
)


def render(t: Any) -> bytes:
    """``trend.xlsx`` of a trend."""
    return write_workbook(t, f"Culture trend: {t.trust.name}", SHEETS)

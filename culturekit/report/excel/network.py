"""The workbook of a network summary (``network.xlsx``)."""

from __future__ import annotations

from typing import Any

from culturekit.report.excel.cells import (
    COUNT,
    SCORE,
    SCORE_2,
    Column,
    SheetBuilder,
    Table,
    number,
)
from culturekit.report.excel.workbook import write_workbook
from culturekit.report.presentation.words import SURVEY_SOURCES, source_name


def network_scores(n: Any) -> Table | None:
    table = Table(
        "Trust scores",
        "Each trust's element scores by source, the network average (unweighted mean of "
        "the trusts) and each trust's difference from it.",
        [
            Column("Element"),
            Column("Source"),
            Column("Trust"),
            Column("Score", SCORE),
            Column("Network average", SCORE),
            Column("Difference", SCORE_2),
            Column("Reading"),
        ],
    )
    for element in n.elements:
        for source in element.sources:
            for t in source.trusts:
                table.rows.append(
                    [
                        element.name,
                        source_name(source.source),
                        t.label,
                        number(t.score, t.reason),
                        number(source.network_average, "no trust shown"),
                        number(t.difference, t.reason),
                        t.reading or "",
                    ]
                )
    return table if table.rows else None


def network_trusts(n: Any) -> Table | None:
    table = Table(
        "Trusts",
        "The trusts in the summary with their respondents by source.",
        [
            Column("Trust"),
            Column("Code"),
            Column("Period"),
            *(Column(source_name(s), COUNT) for s in SURVEY_SOURCES),
        ],
    )
    for t in n.trusts:
        table.rows.append(
            [
                t.label,
                t.code,
                t.period,
                *(number(t.respondents.get(s), "not collected") for s in SURVEY_SOURCES),
            ]
        )
    return table


SHEETS: tuple[SheetBuilder, ...] = (network_scores, network_trusts)


def render(n: Any) -> bytes:
    """``network.xlsx`` of a network summary."""
    return write_workbook(n, f"Network summary: {len(n.trusts)} trusts", SHEETS)

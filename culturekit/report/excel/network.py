"""The workbook of a network summary (``network.xlsx``)."""

from __future__ import annotations

from typing import Any

from culturekit.report.excel.cells import (
    COUNT,
    NOTE,
    SCORE,
    Column,
    SheetBuilder,
    Table,
    number,
)
from culturekit.report.excel.workbook import write_workbook
from culturekit.report.presentation.network import network_title, type_name
from culturekit.report.presentation.words import SURVEY_SOURCES, reading_label, source_name


def network_scores(n: Any) -> Table | None:
    table = Table(
        "Trust scores",
        "Each trust's element scores by source, the average of the trusts of its type "
        "(unweighted mean; trusts of different types are never averaged together) and each "
        "trust's difference from it (none for a trust alone of its type).",
        [
            Column("Element"),
            Column("Element id"),
            Column("Source"),
            Column("Trust"),
            Column("Trust code"),
            Column("Trust type"),
            Column("Score", SCORE),
            Column("Type average", SCORE),
            Column("Difference", SCORE),
            Column("Reading"),
            NOTE,
        ],
    )
    codes = {t.label: t.code for t in n.trusts}
    group_of = {label: index for index, g in enumerate(n.groups) for label in g.labels}
    for element in n.elements:
        for source in element.sources:
            for t in source.trusts:
                group = n.groups[group_of[t.label]]
                average = source.averages[group_of[t.label]]
                table.rows.append(
                    [
                        element.name,
                        element.id,
                        source_name(source.source),
                        t.label,
                        codes.get(t.label, ""),
                        type_name(group.trust_type),
                        number(t.score, t.reason),
                        number(average.average, "no trust of the type shown"),
                        number(t.difference, t.reason or "alone of its type"),
                        reading_label(t.reading, marked=False) if t.reading else "",
                    ]
                )
    return table if table.rows else None


def network_trusts(n: Any) -> Table | None:
    table = Table(
        "Trusts",
        "The trusts in the summary by type, with their respondents by source.",
        [
            Column("Trust"),
            Column("Code"),
            Column("Trust type"),
            Column("Period"),
            *(Column(source_name(s), COUNT) for s in SURVEY_SOURCES),
            NOTE,
        ],
    )
    entries = {t.label: t for t in n.trusts}
    for group in n.groups:
        for label in group.labels:
            t = entries[label]
            table.rows.append(
                [
                    t.label,
                    t.code,
                    type_name(group.trust_type),
                    t.period,
                    *(number(t.respondents.get(s), "not collected") for s in SURVEY_SOURCES),
                ]
            )
    return table


SHEETS: tuple[SheetBuilder, ...] = (network_scores, network_trusts)


def render(n: Any) -> bytes:
    """``network.xlsx`` of a network summary."""
    return write_workbook(n, network_title(n), SHEETS)

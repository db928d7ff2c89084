"""A network summary as its report shows it: the trusts' rows, element by element."""

from __future__ import annotations

from typing import Any

from culturekit.report import palette
from culturekit.report.presentation.numbers import DASH, score, signed, thousands
from culturekit.report.presentation.rules import rule
from culturekit.report.presentation.words import SURVEY_SOURCES, plural, source_name


def trust_rows(summary: Any) -> list[dict[str, Any]]:
    """The trusts in the summary: label (with the name when not anonymised), respondents."""
    rows = []
    for t in summary.trusts:
        named = not summary.anonymised and t.label != t.name
        rows.append(
            {
                "label": f"{t.label} ({t.name})" if named else t.label,
                "period": t.period,
                "respondents": [
                    DASH if t.respondents.get(s) is None else thousands(t.respondents[s])
                    for s in SURVEY_SOURCES
                ],
            }
        )
    return rows


def _cell(entry: Any, band: float) -> dict[str, str | None]:
    if entry is None:
        return {"hidden": "not asked"}
    if entry.score is None:
        return {"hidden": entry.reason or "not shown"}
    mark = palette.direction_mark(entry.difference, band)
    return {"hidden": None, "text": f"{score(entry.score)} ({mark}{signed(entry.difference)})"}


def element_tables(summary: Any) -> list[dict[str, Any]]:
    """One table per element: the network average, then each trust's scores and reading."""
    band = rule(summary, "direction_band")
    tables = []
    for e in summary.elements:
        by_label = [{t.label: t for t in s.trusts} for s in e.sources]
        rows = []
        for t in summary.trusts:
            entries = [scores.get(t.label) for scores in by_label]
            # The reading shown is that of the last source that scored the trust.
            shown = [x for x in entries if x is not None and x.score is not None]
            rows.append(
                {
                    "label": t.label,
                    "cells": [_cell(x, band) for x in entries],
                    "reading": shown[-1].reading if shown else None,
                }
            )
        tables.append(
            {
                "name": e.name,
                "sources": [source_name(s.source) for s in e.sources],
                "averages": [score(s.network_average) for s in e.sources],
                "rows": rows,
            }
        )
    return tables


def network_context(summary: Any) -> dict[str, Any]:
    count = len(summary.trusts)
    return {
        "trust_count": f"{count} {plural(count, 'trust')}",
        "survey_sources": [source_name(s) for s in SURVEY_SOURCES],
        "trust_rows": trust_rows(summary),
        "element_tables": element_tables(summary),
    }

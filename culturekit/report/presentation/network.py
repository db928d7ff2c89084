"""A network summary as its report shows it: trusts grouped by type, element by element."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from culturekit.report import palette
from culturekit.report.presentation.numbers import DASH, score, signed, thousands
from culturekit.report.presentation.rules import rule
from culturekit.report.presentation.words import SURVEY_SOURCES, join_words, plural, source_name

# What a trust of no stated type is called where its group is named.
NO_TYPE = "type not given"


def type_name(trust_type: str | None) -> str:
    """A trust type as a heading starts it: ``mental health`` -> ``Mental health``."""
    return (trust_type or NO_TYPE).capitalize()


def group_heading(trust_type: str | None, count: int) -> str:
    """``Acute trusts (7)``, ``Trusts of no given type (2)``."""
    if trust_type is None:
        return f"{plural(count, 'Trust')} whose type is not given ({count})"
    return f"{type_name(trust_type)} {plural(count, 'trust')} ({count})"


def network_title(summary: Any) -> str:
    """The report's title and running header: ``Network summary: 12 trusts``."""
    count = len(summary.trusts)
    return f"Network summary: {count} {plural(count, 'trust')}"


def network_periods(summary: Any) -> str:
    """The periods the trusts' collections cover, short enough for a running header."""
    periods = list(dict.fromkeys(t.period for t in summary.trusts))
    if len(periods) <= 2:
        return join_words(periods)
    return f"{len(periods)} periods"


def type_mix(summary: Any) -> str:
    """``7 acute, 3 mental health and 2 community trusts``: the trusts by type."""
    parts = [f"{len(g.labels)} {g.trust_type}" for g in summary.groups if g.trust_type]
    untyped = next((len(g.labels) for g in summary.groups if g.trust_type is None), 0)
    typed = sum(len(g.labels) for g in summary.groups if g.trust_type)
    words = f"{join_words(parts)} {plural(typed, 'trust')}" if parts else ""
    if untyped:
        rest = f"{untyped} {plural(untyped, 'trust')} whose type is not given"
        words = f"{words} and {rest}" if words else rest
    return words


def _link(entry: Any, for_print: bool) -> str | None:
    """The trust's own report: its PDF from the PDF, its HTML page from the HTML."""
    order = ("pdf", "html") if for_print else ("html", "pdf")
    path = next((entry.reports[f] for f in order if f in entry.reports), None)
    return None if path is None else quote(path)


def _groups(summary: Any) -> Iterator[tuple[Any, list[Any]]]:
    """Each type group with its trusts' entries, in the summary's order."""
    entries = {t.label: t for t in summary.trusts}
    for group in summary.groups:
        yield group, [entries[label] for label in group.labels]


def _label(summary: Any, entry: Any) -> str:
    named = not summary.anonymised and entry.label != entry.name
    return f"{entry.label} ({entry.name})" if named else entry.label


def trust_groups(summary: Any, for_print: bool = False) -> list[dict[str, Any]]:
    """The trusts in the summary by type: label, link to its report, period, respondents."""
    groups = []
    for group, entries in _groups(summary):
        rows = [
            {
                "label": _label(summary, t),
                "href": _link(t, for_print),
                "period": t.period,
                "respondents": [
                    DASH if t.respondents.get(s) is None else thousands(t.respondents[s])
                    for s in SURVEY_SOURCES
                ],
            }
            for t in entries
        ]
        groups.append({"heading": group_heading(group.trust_type, len(entries)), "rows": rows})
    return groups


def _score_cell(entry: Any, band: float) -> dict[str, Any]:
    if entry is None:
        return {"hidden": "not asked"}
    if entry.score is None:
        return {"hidden": entry.reason or "not shown"}
    if entry.difference is None:
        return {"hidden": None, "text": score(entry.score), "difference": None}
    background = palette.diverging(entry.difference, band)
    return {
        "hidden": None,
        "text": score(entry.score),
        "difference": f"{palette.direction_mark(entry.difference, band)}{signed(entry.difference)}",
        "background": background,
        "ink": palette.contrast_ink(background),
    }


def _lone_note(trust_type: str | None, scored: list[int]) -> str | None:
    """Why a group shows no average: fewer than two of its trusts scored anywhere."""
    if max(scored, default=0) > 1:
        return None
    kind = "trust whose type is not given" if trust_type is None else f"{trust_type} trust"
    return f"The only {kind} with scores here: no trust of its type to compare it with."


def score_tables(summary: Any, for_print: bool = False) -> list[dict[str, Any]]:
    """One table per source: trusts (rows, grouped by type) by elements (columns).

    Each group opens with its type's average; each trust's cell holds its score and its
    difference from that average, tinted by the difference.
    """
    band = rule(summary, "direction_band")
    tables = []
    for source in SURVEY_SOURCES:
        columns = [
            (e, next((s for s in e.sources if s.source == source), None)) for e in summary.elements
        ]
        columns = [(e, s) for e, s in columns if s is not None]
        if not columns:
            continue
        by_label = [{t.label: t for t in s.trusts} for _, s in columns]
        groups = []
        for index, (group, entries) in enumerate(_groups(summary)):
            averages = [s.averages[index] for _, s in columns]
            scored = [a.trusts_scored for a in averages]
            note = _lone_note(group.trust_type, scored)
            groups.append(
                {
                    "heading": group_heading(group.trust_type, len(entries)),
                    "note": note,
                    "average_label": f"{type_name(group.trust_type)} average",
                    "averages": None
                    if note
                    else [score(a.average) if a.trusts_scored > 1 else DASH for a in averages],
                    "rows": [
                        {
                            "label": _label(summary, t),
                            "href": _link(t, for_print),
                            "cells": [_score_cell(by.get(t.label), band) for by in by_label],
                        }
                        for t in entries
                    ],
                }
            )
        tables.append(
            {
                "id": f"scores-{source}",
                "source": source_name(source),
                "elements": [e.name for e, _ in columns],
                "groups": groups,
            }
        )
    return tables


def reading_table(summary: Any, for_print: bool = False) -> dict[str, Any]:
    """Each trust's own reading of each element (priority, strength, ...), by type."""
    readings: dict[str, dict[str, str | None]] = {}
    for e in summary.elements:
        for s in e.sources:
            for t in s.trusts:
                found = readings.setdefault(t.label, {})
                if t.reading is not None:
                    found[e.id] = t.reading
    groups = [
        {
            "heading": group_heading(group.trust_type, len(entries)),
            "rows": [
                {
                    "label": _label(summary, t),
                    "href": _link(t, for_print),
                    "cells": [readings.get(t.label, {}).get(e.id) for e in summary.elements],
                }
                for t in entries
            ],
        }
        for group, entries in _groups(summary)
    ]
    return {"elements": [e.name for e in summary.elements], "groups": groups}


def network_context(summary: Any, for_print: bool = False) -> dict[str, Any]:
    count = len(summary.trusts)
    band = rule(summary, "direction_band")
    return {
        "trust_count": f"{count} {plural(count, 'trust')}",
        "type_mix": type_mix(summary),
        "type_count": len(summary.groups),
        "band_words": f"{score(band, 2)} points",
        "survey_sources": [source_name(s) for s in SURVEY_SOURCES],
        "trust_groups": trust_groups(summary, for_print),
        "linked": any(_link(t, for_print) for t in summary.trusts),
        # Whether any trust has another of its type to be compared with.
        "compared": any(
            t.difference is not None for e in summary.elements for s in e.sources for t in s.trusts
        ),
        "score_tables": score_tables(summary, for_print),
        "reading_table": reading_table(summary, for_print),
        "heat_key": [
            ("above", palette.diverging(band, band)),
            ("level", palette.diverging(0.0, band)),
            ("below", palette.diverging(-band, band)),
        ],
    }

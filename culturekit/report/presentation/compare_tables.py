"""The comparison's group and item tables as the report lays them out, row by row."""

from __future__ import annotations

from typing import Any

from culturekit.privacy import suppression_reason
from culturekit.report import palette
from culturekit.report.presentation.numbers import change, score, shown_change, thousands
from culturekit.report.presentation.words import MOVES, source_name, verdict_mark

ORDINALS: dict[int, str] = {1: "st", 2: "nd", 3: "rd"}


def column_words(by_label: str) -> str:
    """A grouping column inside a sentence: ``Staff_group`` -> ``staff group``; an
    acronym (``BME group``) keeps its capitals."""
    by = by_label.replace("_", " ")
    return by[:1].lower() + by[1:] if by[1:2].islower() else by


def _heat(value: float, verdict: str) -> dict[str, str | None]:
    """A change with its verdict's mark, shaded only when the verdict says which way it
    went: a change that is not clear keeps a neutral ground, however large it looks."""
    background = palette.diverging(value, 0.0) if verdict in MOVES else palette.NEUTRAL_HEAT
    return {
        "hidden": None,
        "background": background,
        "ink": palette.contrast_ink(background),
        "text": _marked(value, verdict),
    }


def _marked(value: float | None, verdict: str) -> str:
    """``▲ +0.57``: the change after the mark of its verdict."""
    return f"{verdict_mark(verdict)} {change(value)}"


def _pair(pre: int | None, post: int | None) -> str:
    return f"{thousands(pre)} → {thousands(post)}"


def _group_row(group: Any, columns: list[Any]) -> dict[str, Any]:
    row: dict[str, Any] = {"label": group.label, "hidden": None, "reason": None, "cells": []}
    if group.suppressed:
        return row | {"hidden": group.reason, "colspan": 1 + len(columns)}
    row["n"] = _pair(group.n_pre, group.n_post)
    untested = all(cell.change is None for cell in group.elements.values())
    if group.reason and untested:
        return row | {"reason": group.reason, "colspan": len(columns)}
    for element in columns:
        cell = group.elements.get(element.id)
        if cell is None:
            row["cells"].append({"hidden": "not asked"})
        elif cell.suppressed or cell.change is None:
            row["cells"].append({"hidden": cell.reason or "not shown"})
        else:
            # The change as the workbook shows it beside the group's two scores.
            shown = shown_change(cell.pre, cell.post)
            row["cells"].append(_heat(cell.change if shown is None else shown, cell.verdict))
    return row


def group_tables(comparison: Any) -> list[dict[str, Any]]:
    """One table per breakdown: the elements some shown group has, in framework order."""
    tables = []
    for b in comparison.breakdowns:
        shown = [g for g in b.groups if not g.suppressed]
        columns = [e for e in comparison.elements if any(e.id in g.elements for g in shown)]
        by = column_words(b.by_label)
        response = comparison.response.get(b.source)
        overall = []
        for element in columns:
            s = element.sources.get(b.source)
            # The change the elements table shows beside the same pre and post scores.
            shown = shown_change(s.pre, s.post) if s and s.change is not None else None
            overall.append(_marked(shown, s.verdict) if s and shown is not None else "–")
        tables.append(
            {
                "source": source_name(b.source),
                "by": by,
                "by_title": by.capitalize(),
                "shown": bool(shown),
                "columns": [e.name for e in columns],
                "overall_n": _pair(response.respondents_pre, response.respondents_post)
                if response
                else "",
                "overall": overall,
                "rows": [_group_row(g, columns) for g in b.groups],
            }
        )
    return tables


def _item_row(item: Any, head: str | None, too_few: str) -> dict[str, Any]:
    row: dict[str, Any] = {
        "head": head,
        "code": f"{item.code} (R)" if item.reverse else item.code,
        "text": item.text,
    }
    if item.suppressed or item.change is None:
        return row | {
            "hidden": item.reason or "no change shown",
            "pre": too_few if item.pre is None else None,
            "post": too_few if item.post is None else None,
            "pre_text": score(item.pre),
            "post_text": score(item.post),
        }
    rank = item.change_rank
    return row | {
        "hidden": None,
        "pre_text": score(item.pre),
        "post_text": score(item.post),
        # Worked out from the scores as shown beside it, so that the three add up.
        "change": _heat(shown_change(item.pre, item.post) or 0.0, item.verdict),
        "n": _pair(item.n_pre, item.n_post),
        "flag": f"⚑ {rank}{ORDINALS.get(rank, 'th')} largest" if item.largest_change else None,
    }


def item_tables(comparison: Any) -> list[dict[str, Any]]:
    """Each source's items by element in questionnaire order, and its largest changes."""
    too_few = suppression_reason(comparison.framework.reporting_threshold, unit=None)
    names = {e.id: e.name for e in comparison.elements}
    tables = []
    for source in comparison.sources:
        items = [i for i in comparison.items if i.source == source]
        if not items:
            continue
        top = sorted((i for i in items if i.largest_change), key=lambda i: i.change_rank)
        rows, element = [], None
        for item in items:
            head = names.get(item.element, item.element) if item.element != element else None
            element = item.element
            rows.append(_item_row(item, head, too_few))
        tables.append(
            {
                "id": f"items-{source}",
                "name": source_name(source),
                "largest": [
                    (
                        i.code,
                        names.get(i.element, i.element),
                        _marked(shown_change(i.pre, i.post), i.verdict),
                    )
                    for i in top
                ],
                "rows": rows,
            }
        )
    return tables

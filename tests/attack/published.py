"""What diagnosis.json and comparison.json publish, read as intervals a reader can use.

Only the published files are read; nothing here imports culturekit. A figure missing from
the file (a suppressed group's count) is ``None``; a suppression reason of the form
"fewer than N ..." tells the reader the count is 1 to N-1, and any listed group has at
least one member (its label came from the data).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from attack.lp import Interval

BIG = 1e9
_FEWER = re.compile(r"\s*fewer than (\d+)", re.IGNORECASE)


def hidden_count(reason: str | None, primary_floor: int = 1, other_floor: int = 0) -> Interval:
    """What a suppressed count's reason says about it.

    "fewer than N": at most N-1, and at least ``primary_floor`` (1 where a shown table
    never hides a zero); any other reason (a complement) says only ``other_floor``.
    """
    match = _FEWER.match(reason or "")
    if match:
        return Interval(primary_floor, int(match.group(1)) - 1)
    return Interval(other_floor, BIG)


def known(value: Any) -> Interval | None:
    return Interval.exact(float(value)) if isinstance(value, int | float) else None


@dataclass
class PublishedGroup:
    label: str
    count: Interval
    means: dict[str, Interval] = field(default_factory=dict)


@dataclass
class SurveyView:
    """One source of one collection: its total, overall means and one-way breakdowns."""

    collection: str
    source: str
    total: Interval | None
    means: dict[str, Interval] = field(default_factory=dict)
    breakdowns: dict[str, list[PublishedGroup]] = field(default_factory=dict)


def _group(entry: Mapping[str, Any], n_key: str, means: dict[str, Interval]) -> PublishedGroup:
    n = entry.get(n_key)
    count = Interval(n, n) if isinstance(n, int) else hidden_count(entry.get("reason"), 1, 1)
    return PublishedGroup(str(entry["label"]), count, means)


def diagnosis_views(data: Mapping[str, Any]) -> list[SurveyView]:
    views = []
    for source, response in (data.get("response") or {}).items():
        total = response.get("respondents")
        view = SurveyView("diagnosis", source, Interval(total, total) if total else None)
        for element in data.get("elements", []):
            score = (element.get("sources") or {}).get(source) or {}
            if score.get("n") == total and known(score.get("score")):
                view.means[element["id"]] = known(score["score"])
        for table in data.get("breakdowns", []):
            if table.get("source") != source:
                continue
            view.breakdowns[table["by"]] = [
                _group(
                    g,
                    "n",
                    {e: known(v) for e, v in (g.get("scores") or {}).items() if known(v)},
                )
                for g in table.get("groups", [])
            ]
        views.append(view)
    return views


def comparison_views(data: Mapping[str, Any]) -> list[SurveyView]:
    views = []
    for collection in ("pre", "post"):
        for source, response in (data.get("response") or {}).items():
            total = response.get(f"respondents_{collection}")
            view = SurveyView(collection, source, Interval(total, total) if total else None)
            for element in data.get("elements", []):
                score = (element.get("sources") or {}).get(source) or {}
                if score.get(f"n_{collection}") == total and known(score.get(collection)):
                    view.means[element["id"]] = known(score[collection])
            for table in data.get("breakdowns", []):
                if table.get("source") != source:
                    continue
                view.breakdowns[table["by"]] = [
                    _group(g, f"n_{collection}", _comparison_means(g, collection))
                    for g in table.get("groups", [])
                ]
            views.append(view)
    return views


def _comparison_means(group: Mapping[str, Any], collection: str) -> dict[str, Interval]:
    means = {}
    for element, values in (group.get("elements") or {}).items():
        value = known((values or {}).get(collection))
        if value:
            means[element] = value
    return means


def survey_views(data: Mapping[str, Any]) -> list[SurveyView]:
    """Diagnosis or comparison, whichever ``data`` is."""
    return comparison_views(data) if "pre" in data and "post" in data else diagnosis_views(data)


@dataclass
class PublishedItem:
    code: str
    reverse: bool | None
    answered: int | None
    distribution: dict[int, int]  # answer code -> count, empty when hidden


@dataclass
class ItemTable:
    """The items of one element in one source, with the element's answer totals."""

    source: str
    element: str
    answers: int | None
    percent_positive: float | None
    percent_negative: float | None
    items: list[PublishedItem]


def item_tables(data: Mapping[str, Any]) -> Iterator[ItemTable]:
    for element in data.get("elements", []):
        for source, entries in (element.get("items") or {}).items():
            score = (element.get("sources") or {}).get(source) or {}
            items = [
                PublishedItem(
                    i["code"],
                    i.get("reverse"),
                    i.get("answered"),
                    {a["code"]: a["count"] for a in i.get("distribution") or [] if "count" in a},
                )
                for i in entries
            ]
            yield ItemTable(
                source,
                element["id"],
                score.get("answers"),
                score.get("percent_positive"),
                score.get("percent_negative"),
                items,
            )


def walk(data: Any) -> Iterator[Mapping[str, Any]]:
    """Every object anywhere in a JSON document."""
    if isinstance(data, Mapping):
        yield data
        for value in data.values():
            yield from walk(value)
    elif isinstance(data, list):
        for value in data:
            yield from walk(value)


def strings(data: Any) -> Iterator[str]:
    """Every string anywhere in a JSON document, keys included."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            yield str(key)
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)
    elif isinstance(data, str):
        yield data

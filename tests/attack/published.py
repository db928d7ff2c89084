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
        if source == "staff":
            _equality_means(data, view)
        views.append(view)
    return views


def _equality_means(data: Mapping[str, Any], view: SurveyView) -> None:
    """The survey-based WRES and WDES percentages, read as means on 0-10 (a counted answer
    is 10) of the groups of their column, where a figure is of the whole group (everyone
    in it answered the items): the LP then uses them as it uses element means."""
    for standard in data.get("equality") or []:
        column = standard.get("column")
        shown = {g.label: g for g in view.breakdowns.get(column, [])}
        for measure in standard.get("measures", []):
            if measure.get("unit") != "percent":
                continue
            name = f"{standard['standard']} {measure['number']}"
            whole = measure.get("organisation") or {}
            if (
                view.total is not None
                and whole.get("n") == view.total.low
                and known(whole.get("value"))
            ):
                view.means[name] = Interval.exact(whole["value"] / 10)
            labels = dict(zip(standard.get("groups", []), standard.get("values", []), strict=False))
            for figure in measure.get("groups", []):
                group = shown.get(labels.get(figure.get("label"), ""))
                if group is None or not known(figure.get("value")):
                    continue
                if group.count.pinned and figure.get("n") == group.count.low:
                    group.means[name] = Interval.exact(figure["value"] / 10)


def comparison_views(data: Mapping[str, Any]) -> list[SurveyView]:
    """Both collections of a comparison, each as one view per source.

    The figures are read after :func:`completed`: a side hidden beside a shown change
    and a shown other side is a figure the reader has.
    """
    data, _ = completed(data)
    periods = {c: str((data.get(c) or {}).get("period") or c) for c in ("pre", "post")}
    views = []
    for collection in ("pre", "post"):
        for source, response in (data.get("response") or {}).items():
            total = response.get(f"respondents_{collection}")
            view = SurveyView(
                collection, source, Interval(total, total) if isinstance(total, int) else None
            )
            for element in data.get("elements", []):
                score = (element.get("sources") or {}).get(source) or {}
                # A side given back by its change has no count beside it: everyone
                # answered every element in the attacked workbooks, so it is the total's.
                if score.get(f"n_{collection}") in (total, None) and known(score.get(collection)):
                    view.means[element["id"]] = known(score[collection])
            for table in data.get("breakdowns", []):
                if table.get("source") != source:
                    continue
                view.breakdowns[table["by"]] = [
                    _compared_group(g, collection, periods) for g in table.get("groups", [])
                ]
            views.append(view)
    return views


def _compared_group(
    entry: Mapping[str, Any], collection: str, periods: Mapping[str, str]
) -> PublishedGroup:
    """One group of one collection of a comparison.

    A group hidden as "fewer than N ... in <periods>" is 1 to N-1 in the periods named
    only; in the other collection it may be empty (its label can come from either side)
    or large, which a reader can bound by 0 alone.
    """
    n = entry.get(f"n_{collection}")
    means = _comparison_means(entry, collection)
    if isinstance(n, int):
        return PublishedGroup(str(entry["label"]), Interval(n, n), means)
    reason = str(entry.get("reason") or "")
    named = periods[collection] in reason
    count = hidden_count(reason, 1, 0) if named else Interval(0, BIG)
    return PublishedGroup(str(entry["label"]), count, means)


def _comparison_means(group: Mapping[str, Any], collection: str) -> dict[str, Interval]:
    means = {}
    for element, values in (group.get("elements") or {}).items():
        value = known((values or {}).get(collection))
        if value:
            means[element] = value
    return means


@dataclass(frozen=True)
class Derived:
    """A figure a comparison hides on one side but gives back as the other side and the
    change between them: ``where`` is the JSON path of the object, ``key`` the side."""

    where: str
    key: str
    value: float
    parts: str  # the published figures it came from


def completed(data: Mapping[str, Any]) -> tuple[dict[str, Any], list[Derived]]:
    """A copy of a comparison with every hidden side that a shown change and a shown other
    side give back filled in, and the list of what was filled.

    A change ``c`` of figures ``x_pre`` and ``x_post`` (keys ``pre``/``post``/``change``,
    ``rate_pre``/``rate_post``/``rate_change``, ...) is ``x_post - x_pre``; a relative
    change (``respondents_change_percent``) is ``100 (x_post - x_pre) / x_pre``.
    """
    copy = copy_json(data)
    _summary_changes(copy)
    derived: list[Derived] = []
    for where, entry in _objects(copy, "$"):
        for key in list(entry):
            if key == "change" or key.endswith("_change"):
                base = key[: -len("change")]
                relative = False
            elif key.endswith("_change_percent"):
                base = key[: -len("change_percent")]
                relative = True
            else:
                continue
            change = entry[key]
            pre_key, post_key = f"{base}pre", f"{base}post"
            if not _number(change):
                continue
            pre, post = entry.get(pre_key), entry.get(post_key)
            if _number(pre) and not _number(post):
                value = pre * (1 + change / 100) if relative else pre + change
                side, other = post_key, pre_key
            elif _number(post) and not _number(pre):
                if relative and change == -100:
                    continue
                value = post / (1 + change / 100) if relative else post - change
                side, other = pre_key, post_key
            else:
                continue
            if relative or side.startswith(("respondents", "n_")):
                value = round(value)
            entry[side] = value
            derived.append(
                Derived(where, side, value, f"{other} {entry[other]} and {key} {change}")
            )
    return copy, derived


def _summary_changes(data: dict[str, Any]) -> None:
    """The summary's lists repeat each element's change by source: one shown there and
    not beside its element is copied beside it."""
    sources = {
        (element.get("id"), source): score
        for element in data.get("elements") or []
        for source, score in (element.get("sources") or {}).items()
        if isinstance(score, dict)
    }
    for entries in (data.get("summary") or {}).values():
        for entry in entries if isinstance(entries, list) else []:
            score = sources.get((entry.get("element"), entry.get("source")))
            shown = score is not None and _number(score.get("change"))
            if score is not None and not shown and _number(entry.get("change")):
                score["change"] = entry["change"]


def figure_path(source: str, column: str | None, label: str, element: str) -> str:
    """Where :func:`completed` finds a group's (or, ``column`` None, a source's) figures
    of one element."""
    if column is None:
        return f"$.elements[{element}].sources.{source}"
    return f"$.breakdowns[{column}].groups[{label}].elements.{element}"


def hidden_changes(data: Mapping[str, Any]) -> dict[str, float]:
    """The changes a comparison shows while hiding both sides, by :func:`figure_path`."""
    data, _ = completed(data)
    return {
        where: entry["change"]
        for where, entry in _objects(data, "$")
        if _number(entry.get("change"))
        and not _number(entry.get("pre"))
        and not _number(entry.get("post"))
    }


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def copy_json(data: Any) -> Any:
    if isinstance(data, Mapping):
        return {k: copy_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [copy_json(v) for v in data]
    return data


def _objects(data: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object of a JSON document with its path, labels standing in for indices."""
    if isinstance(data, dict):
        yield where, data
        for key, value in data.items():
            yield from _objects(value, f"{where}.{key}")
    elif isinstance(data, list):
        for n, value in enumerate(data):
            yield from _objects(value, f"{where}[{_name(value) or n}]")


def _name(entry: Any) -> str | None:
    if not isinstance(entry, dict):
        return None
    return next((str(entry[k]) for k in ("label", "id", "by", "code") if entry.get(k)), None)


def merged(one: SurveyView | None, other: SurveyView) -> SurveyView:
    """Two outputs' views of the same collection and source (a comparison and that
    collection's own diagnosis) as one: each figure is the tighter of the two."""
    if one is None:
        return other
    groups: dict[str, list[PublishedGroup]] = {}
    for column in dict.fromkeys([*one.breakdowns, *other.breakdowns]):
        found: dict[str, PublishedGroup] = {}
        for group in [*one.breakdowns.get(column, []), *other.breakdowns.get(column, [])]:
            seen = found.get(group.label)
            found[group.label] = group if seen is None else _tighter_group(seen, group)
        groups[column] = list(found.values())
    total = one.total if other.total is None else other.total
    if one.total is not None and other.total is not None:
        total = _both(one.total, other.total)
    return SurveyView(
        one.collection, one.source, total, _tighter_means(one.means, other.means), groups
    )


def _both(a: Interval, b: Interval) -> Interval:
    """What two readings of one figure allow together."""
    return Interval(max(a.low, b.low), min(a.high, b.high))


def _tighter_means(a: Mapping[str, Interval], b: Mapping[str, Interval]) -> dict[str, Interval]:
    means = {**a, **b}
    for measure in set(a) & set(b):
        means[measure] = _both(a[measure], b[measure])
    return means


def _tighter_group(a: PublishedGroup, b: PublishedGroup) -> PublishedGroup:
    return PublishedGroup(a.label, _both(a.count, b.count), _tighter_means(a.means, b.means))


def is_comparison(data: Mapping[str, Any]) -> bool:
    return "pre" in data and "post" in data


def survey_views(data: Mapping[str, Any]) -> list[SurveyView]:
    """Diagnosis or comparison, whichever ``data`` is."""
    if is_comparison(data):
        return comparison_views(data)
    return diagnosis_views(data) + equality_views(data)


def equality_views(data: Mapping[str, Any]) -> list[SurveyView]:
    """Each survey-based WRES or WDES percentage as a view of its own: the respondents who
    answered its items, broken down by the standard's column (its shown groups' counts
    and means, a hidden group's count as its reason says), the organisation their total.
    A group the standard does not compare (Not stated) is simply not published."""
    views = []
    for standard in data.get("equality") or []:
        labels = dict(zip(standard.get("groups", []), standard.get("values", []), strict=False))
        for measure in standard.get("measures", []):
            if measure.get("unit") != "percent":
                continue
            name = f"{standard['standard']} {measure['number']}"
            whole = measure.get("organisation") or {}
            total = whole.get("n")
            if not isinstance(total, int):
                continue  # no whole to take parts from (a measure of one group only)
            view = SurveyView("diagnosis", "staff", Interval(total, total))
            if known(whole.get("value")):
                view.means[name] = Interval.exact(whole["value"] / 10)
            groups = []
            for figure in measure.get("groups", []):
                label = labels.get(figure.get("label"), figure.get("label"))
                means = {}
                if known(figure.get("value")):
                    means[name] = Interval.exact(figure["value"] / 10)
                groups.append(_group({**figure, "label": label}, "n", means))
            view.breakdowns[standard["column"]] = groups
            views.append(view)
    return views


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

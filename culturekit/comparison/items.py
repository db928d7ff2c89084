"""Question by question: item scores pre and post, tested as the elements are."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from culturekit import stats
from culturekit.comparison.sides import Side
from culturekit.comparison.verdicts import change_verdict, detectable_change
from culturekit.framework.model import Framework, Item
from culturekit.names import normalise_label, normalise_name
from culturekit.privacy import is_reportable, suppression_reason
from culturekit.privacy.linked import SourceProtection
from culturekit.results.comparison import (
    Correction,
    ItemChange,
    ItemRef,
)

# How many items per source are flagged as the largest changes.
LARGEST_ITEM_CHANGES = 5


def item_changes(
    a: Side,
    b: Side,
    sources: list[str],
    threshold: int,
    notices: list[str],
    protections: Mapping[str, tuple[SourceProtection, SourceProtection]] | None = None,
    correction: Correction = "holm",
) -> tuple[list[ItemChange], list[ItemRef], list[ItemRef]]:
    """Item scores matched by code; items on one side only are listed, never dropped.

    An item is hidden where fewer than the threshold answered it in either collection, or
    where the sources' ``protections`` withhold it to protect another item. Every shown
    item's change is tested, the p-values adjusted together across sources.
    """
    fw = b.data.framework
    element_order = {e.id: i for i, e in enumerate(fw.elements)}
    items: list[ItemChange] = []
    # Each tested item's standard error and degrees of freedom, for its detectable change.
    errors: dict[tuple[str, str], tuple[float | None, float | None]] = {}
    only_pre: list[ItemRef] = []
    only_post: list[ItemRef] = []
    for source in sources:
        pre_items = _present_items(a, source)
        post_items = _present_items(b, source)
        only_pre += [_ref(source, i) for k, i in pre_items.items() if k not in post_items]
        only_post += [_ref(source, i) for k, i in post_items.items() if k not in pre_items]
        source_items: list[ItemChange] = []
        for position, (key, item) in enumerate(post_items.items(), start=1):
            old = pre_items.get(key)
            if old is None:
                continue
            if old.element != item.element:
                notices.append(
                    f"Item {item.code} ({source}) belongs to {old.element} in the pre "
                    f"framework and to {item.element} in the post framework; it is listed "
                    f"under {item.element}."
                )
            if normalise_label(old.text) != normalise_label(item.text):
                notices.append(
                    f"Item {item.code} ({source}) is worded differently in the two "
                    "frameworks; its change may reflect the new wording."
                )
            pre_values = a.scored[source].item_scores[old.code].to_numpy(dtype=float)
            post_values = b.scored[source].item_scores[item.code].to_numpy(dtype=float)
            shown = protections is None or protections[source][1].item_shown(
                item.element, item.code
            )
            change, diff = _item_change(
                source, item, position, pre_values, post_values, a, b, threshold
            )
            if not shown and not change.suppressed:
                change = _withheld(change, threshold)
            if diff is not None and change.p_value is not None:
                errors[(source, item.code)] = (diff.se, diff.df)
            source_items.append(change)
        source_items.sort(
            key=lambda i: (element_order.get(i.element, len(element_order)), i.position)
        )
        items += _flag_largest(source_items)
    return _verdicts(items, errors, fw, correction), only_pre, only_post


def _present_items(side: Side, source: str) -> dict[str, Item]:
    """The source's items that have a column on this side, by normalised code, in order."""
    columns = set(side.data.surveys[source].codes.columns)
    return {
        normalise_name(i.code): i
        for i in side.data.framework.items_of(source)  # type: ignore[arg-type]
        if i.code in columns
    }


def _ref(source: str, item: Item) -> ItemRef:
    return ItemRef(source=source, code=item.code, element=item.element, text=item.text)


def _item_change(
    source: str,
    item: Item,
    position: int,
    pre_values: np.ndarray,
    post_values: np.ndarray,
    a: Side,
    b: Side,
    threshold: int,
) -> tuple[ItemChange, stats.DifferenceEstimate | None]:
    """The item's change, and its test when both sides may be shown."""
    base = {
        "source": source,
        "element": item.element,
        "code": item.code,
        "text": item.text,
        "reverse": item.reverse,
        "position": position,
    }
    pre_est = stats.mean_ci(pre_values)
    post_est = stats.mean_ci(post_values)
    pre_ok = is_reportable(pre_est.n, threshold)
    post_ok = is_reportable(post_est.n, threshold)
    fields: dict[str, Any] = {}
    if pre_ok:
        fields |= {"pre": pre_est.mean, "n_pre": pre_est.n}
    if post_ok:
        fields |= {"post": post_est.mean, "n_post": post_est.n}
    if not (pre_ok and post_ok):
        hidden = [s.period for s, ok in ((a, pre_ok), (b, post_ok)) if not ok]
        return ItemChange(
            **base,
            **fields,
            suppressed=True,
            reason=suppression_reason(threshold, where=hidden),
        ), None
    confidence = b.data.framework.confidence_level
    diff = stats.welch_difference(post_values, pre_values, confidence)
    return ItemChange(
        **base,
        **fields,
        change=diff.difference,
        ci_low=diff.ci_low,
        ci_high=diff.ci_high,
        p_value=diff.p_value,
    ), diff


def _verdicts(
    items: list[ItemChange],
    errors: Mapping[tuple[str, str], tuple[float | None, float | None]],
    fw: Framework,
    correction: Correction,
) -> list[ItemChange]:
    """Every item's p-value adjusted as one family, its detectable change and verdict."""
    adjusted = stats.adjust_pvalues([i.p_value for i in items], correction)
    family = len(errors)
    out = []
    for item, p in zip(items, adjusted, strict=True):
        se, df = errors.get((item.source, item.code), (None, None))
        detectable = detectable_change(se, df, family, fw.rules) if p is not None else None
        verdict = change_verdict(item.change, p, detectable, fw.rules, pre=item.pre, post=item.post)
        out.append(
            item.model_copy(
                update={"p_adjusted": p, "detectable_change": detectable, "verdict": verdict}
            )
        )
    return out


def _withheld(change: ItemChange, threshold: int) -> ItemChange:
    """An item hidden only to protect another: no figure of either collection is shown."""
    return change.model_copy(
        update={
            "pre": None,
            "post": None,
            "n_pre": None,
            "n_post": None,
            "change": None,
            "ci_low": None,
            "ci_high": None,
            "p_value": None,
            "detectable_change": None,
            "suppressed": True,
            "reason": suppression_reason(threshold, complementary=True),
        }
    )


def _flag_largest(items: list[ItemChange]) -> list[ItemChange]:
    """Flag the items with the largest absolute changes (ties: questionnaire order)."""
    ranked = sorted(
        (i for i in items if i.change is not None),
        key=lambda i: -abs(i.change),  # type: ignore[arg-type]
    )
    rank = {id(i): r for r, i in enumerate(ranked[:LARGEST_ITEM_CHANGES], start=1)}
    return [
        i.model_copy(update={"largest_change": True, "change_rank": rank[id(i)]})
        if id(i) in rank
        else i
        for i in items
    ]

"""Breakdown groups pre and post, hidden jointly so neither side undoes the other, and
each shown group's change tested as the elements' are."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from culturekit import stats
from culturekit.comparison.sides import Side
from culturekit.comparison.verdicts import change_verdict, detectable_change
from culturekit.framework.model import SOURCE_NAMES
from culturekit.privacy import suppressed_groups, suppression_reason
from culturekit.privacy.linked import SourceProtection
from culturekit.results.comparison import (
    BreakdownChange,
    Correction,
    GroupChange,
    GroupElementChange,
)
from culturekit.scoring.breakdowns import MAX_GROUPS, NOT_STATED, group_labels, group_order

# Sources whose grouping columns are compared group by group.
BREAKDOWN_SOURCES: tuple[str, ...] = ("staff",)


@dataclass(frozen=True)
class _CellTest:
    """One shown group's test on one element, before the p-values are adjusted."""

    breakdown: int
    label: str
    element: str
    p_value: float | None
    se: float | None
    df: float | None


@dataclass(frozen=True)
class Column:
    """A grouping column both collections have, with each side's labels."""

    key: str
    by_label: str
    pre: pd.Series
    post: pd.Series


def compared_columns(a: Side, b: Side, source: str, notices: list[str]) -> list[Column]:
    """The grouping columns compared group by group (a notice for each one that is not)."""
    if source not in BREAKDOWN_SOURCES:
        return []
    sa, sb = a.data.surveys[source], b.data.surveys[source]
    threshold = max(a.data.framework.reporting_threshold, b.data.framework.reporting_threshold)
    if any(int(side.scored[source].scored_any.sum()) < threshold for side in (a, b)):
        # Every group of a small source is small, and one holding all of it would be as
        # large as the source's published number of respondents.
        return []
    columns = []
    for key in sa.groups.columns:
        if key not in sb.groups.columns:
            notices.append(
                f"{SOURCE_NAMES[source]} grouping {sa.group_names[key]!r} is in the pre "
                "collection only and is not compared"
            )
            continue
        labels_a = group_labels(sa, a.scored[source], key)
        labels_b = group_labels(sb, b.scored[source], key)
        too_many = max(labels_a.nunique(), labels_b.nunique())
        if too_many > MAX_GROUPS:
            notices.append(
                f"{SOURCE_NAMES[source]} column {sa.group_names[key]!r} has {too_many} "
                f"different values, too many to be a grouping (at most {MAX_GROUPS}); "
                "not compared"
            )
            continue
        if set(labels_a) | set(labels_b) <= {NOT_STATED}:
            continue
        columns.append(Column(key, sb.group_names[key], labels_a, labels_b))
    for key in sb.groups.columns:
        if key not in sa.groups.columns:
            notices.append(
                f"{SOURCE_NAMES[source]} grouping {sb.group_names[key]!r} is in the post "
                "collection only and is not compared"
            )
    return columns


def breakdown_changes(
    a: Side,
    b: Side,
    columns: Mapping[str, list[Column]],
    protections: Mapping[str, tuple[SourceProtection, SourceProtection]],
    threshold: int,
    correction: Correction = "holm",
) -> list[BreakdownChange]:
    """Each compared column's groups, showing what both collections' protection allows;
    a column none of whose groups may be shown lists none (see
    :func:`culturekit.scoring.breakdowns.breakdowns`). Every shown cell's change is
    tested, the p-values adjusted together across the columns."""
    tests: list[_CellTest] = []
    compared = []
    for source, found in columns.items():
        for column in found:
            compared.append(
                _breakdown(
                    a, b, source, column, protections[source][1], threshold, len(compared), tests
                )
            )
    compared = _with_verdicts(compared, tests, b, correction)
    return [c if any(not g.suppressed for g in c.groups) else c.without_groups() for c in compared]


def _with_verdicts(
    compared: list[BreakdownChange], tests: list[_CellTest], b: Side, correction: Correction
) -> list[BreakdownChange]:
    """The breakdowns with each tested cell's verdict, from the p-values adjusted together."""
    rules = b.data.framework.rules
    adjusted = stats.adjust_pvalues([t.p_value for t in tests], correction)
    family = sum(1 for t in tests if t.p_value is not None)
    verdicts = {
        (t.breakdown, t.label, t.element): (t, p) for t, p in zip(tests, adjusted, strict=True)
    }
    out = []
    for k, breakdown in enumerate(compared):
        groups = []
        for group in breakdown.groups:
            cells = {}
            for element, cell in group.elements.items():
                found = verdicts.get((k, group.label, element))
                if found is not None:
                    test, p = found
                    detectable = detectable_change(test.se, test.df, family, rules)
                    verdict = change_verdict(
                        cell.change, p, detectable, rules, pre=cell.pre, post=cell.post
                    )
                    cell = cell.model_copy(update={"verdict": verdict})
                cells[element] = cell
            groups.append(group.model_copy(update={"elements": cells}))
        out.append(breakdown.model_copy(update={"groups": groups}))
    return out


def joint_suppression(
    counts_a: dict[str, int],
    counts_b: dict[str, int],
    threshold: int,
    hidden_a: Iterable[str] = (),
    hidden_b: Iterable[str] = (),
) -> set[str]:
    """Groups hidden on both sides: each side's own suppression, then joint until stable.

    Starting from what each side hides on its own (as its diagnosis does) keeps the
    comparison from showing a figure that a diagnosis hides, so the two reports together
    reveal nothing either hides.
    """
    hidden = suppressed_groups(counts_a, threshold, already=hidden_a) | suppressed_groups(
        counts_b, threshold, already=hidden_b
    )
    while True:
        more = suppressed_groups(counts_a, threshold, already=hidden) | suppressed_groups(
            counts_b, threshold, already=hidden
        )
        if more <= hidden:
            return hidden
        hidden |= more


def _breakdown(
    a: Side,
    b: Side,
    source: str,
    column: Column,
    protection: SourceProtection,
    threshold: int,
    index: int,
    tests: list[_CellTest],
) -> BreakdownChange:
    """One column's groups pre and post; ``protection`` holds what either side withholds
    (:func:`~culturekit.privacy.linked.protect_comparison` makes the two sides agree).
    Each shown cell's test is added to ``tests`` under ``index``, the column's place."""
    key, labels_a, labels_b = column.key, column.pre, column.post
    order = group_order(pd.concat([labels_a, labels_b], ignore_index=True))
    size_a = {g: int((labels_a == g).sum()) for g in order}
    size_b = {g: int((labels_b == g).sum()) for g in order}
    hidden_groups = {g for g in order if not protection.group_shown(key, str(g))}
    mask_a = a.scored[source].scored_any.to_numpy()
    mask_b = b.scored[source].scored_any.to_numpy()
    scores_a = a.scored[source].element_scores[mask_a]
    scores_b = b.scored[source].element_scores[mask_b]
    elements = [
        e.id
        for e in b.data.framework.elements
        if e.id in scores_a.columns and e.id in scores_b.columns
    ]
    cells_a: dict[str, dict[str, pd.Series]] = {}
    cells_b: dict[str, dict[str, pd.Series]] = {}
    hidden_cells: dict[str, set[str]] = {}
    for element in elements:
        cells_a[element] = _cells(scores_a[element], labels_a, order)
        cells_b[element] = _cells(scores_b[element], labels_b, order)
        hidden_cells[element] = {
            g for g in order if not protection.cell_shown(key, str(g), element)
        }

    groups = []
    for label in order:
        if label in hidden_groups:
            reason = _hidden_reason(((a, size_a[label]), (b, size_b[label])), threshold)
            groups.append(GroupChange(label=label, suppressed=True, reason=reason))
            continue
        absent = [s.period for s, size in ((a, size_a[label]), (b, size_b[label])) if not size]
        cells = {}
        for element in elements:
            va, vb = cells_a[element][label], cells_b[element][label]
            if label in hidden_cells[element]:
                reason = _hidden_reason(((a, len(va)), (b, len(vb))), threshold)
                cells[element] = GroupElementChange(suppressed=True, reason=reason)
                continue
            pre = stats.mean_ci(va).mean
            post = stats.mean_ci(vb).mean
            change = post - pre if pre is not None and post is not None else None
            if change is not None:
                diff = stats.welch_difference(vb, va)
                tests.append(_CellTest(index, label, element, diff.p_value, diff.se, diff.df))
            reason = f"no respondents in {' and '.join(absent)}" if absent else None
            cells[element] = GroupElementChange(pre=pre, post=post, change=change, reason=reason)
        groups.append(
            GroupChange(
                label=label,
                n_pre=size_a[label],
                n_post=size_b[label],
                elements=cells,
                reason=f"no respondents in {' and '.join(absent)}" if absent else None,
            )
        )
    return BreakdownChange(source=source, by=key, by_label=column.by_label, groups=groups)


def _cells(scores: pd.Series, labels: pd.Series, order: list[str]) -> dict[str, pd.Series]:
    """Each group's scored respondents on one element (NaN dropped)."""
    values = scores.to_numpy(dtype=float)
    groups = labels.to_numpy()
    out = {}
    for label in order:
        chosen = values[groups == label]
        out[label] = pd.Series(chosen[~np.isnan(chosen)])
    return out


def _hidden_reason(sizes: tuple[tuple[Side, int], ...], threshold: int) -> str:
    """Too few in the periods named, or hidden only to protect another group."""
    small = [side.period for side, size in sizes if 0 < size < threshold]
    if small:
        return suppression_reason(threshold, where=small)
    return suppression_reason(threshold, complementary=True)

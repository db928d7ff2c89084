"""The linked tables of one survey source, and the cells that may be shown.

A source publishes, for its respondents scored on at least one element: its size; for
each grouping column, each group's size; for each element, the source's mean and each
group's mean (with, conservatively, the number scored on the element known for every
shown cell); and for each element, each item's answered, positive and negative counts and
the element's answer totals. Every pair of grouping columns is audited as one two-way
table (atoms: the pairs of groups), once for the groups' sizes and once per element for
its scores; the items of an element are one table whose atoms are (item, answer kind).

Everything here is plain data (numpy arrays and a pandas frame of labels in, frozen
dataclasses out), so scoring can call it before it builds its result models.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations

import numpy as np
import pandas as pd

from culturekit.privacy.audit import DEFAULT_TOLERANCE, Cell, Figure, LinkedTable
from culturekit.privacy.protect import AuditSummary, protect

NOT_STATED = "Not stated"
TOTAL = "total"
# The kinds of answer an item's counts are split into.
POSITIVE, NEGATIVE, OTHER = 0, 1, 2


@dataclass(frozen=True)
class ItemAnswers:
    """One item's answers: per respondent, whether they answered, positively, negatively."""

    code: str
    answered: np.ndarray
    positive: np.ndarray
    negative: np.ndarray


@dataclass(frozen=True)
class SurveySource:
    """Respondent-level data of one source (one row per respondent throughout).

    ``groups`` holds the grouping columns shown (labels as strings); ``scored[e]`` who was
    scored on element ``e`` and ``scores[e]`` their scores (NaN where not scored);
    ``items[e]`` the element's items. ``decimals`` is the precision means are published to
    (None: full precision, as in the JSON).
    """

    name: str
    groups: pd.DataFrame
    scored: Mapping[str, np.ndarray]
    scores: Mapping[str, np.ndarray]
    items: Mapping[str, Sequence[ItemAnswers]] = field(default_factory=dict)
    decimals: int | None = None


@dataclass(frozen=True)
class Withheld:
    """What is withheld: whole groups, single (group, element) cells, items, and the answer
    totals of elements."""

    groups: frozenset[tuple[str, str]] = frozenset()
    cells: frozenset[tuple[str, str, str]] = frozenset()
    items: frozenset[tuple[str, str]] = frozenset()
    totals: frozenset[str] = frozenset()

    def __or__(self, other: Withheld) -> Withheld:
        return Withheld(
            self.groups | other.groups,
            self.cells | other.cells,
            self.items | other.items,
            self.totals | other.totals,
        )


@dataclass(frozen=True)
class SourceProtection:
    """Which figures of a source may be shown, and the audit that proves it."""

    source: str
    withheld: Withheld
    summary: AuditSummary

    def group_shown(self, column: str, group: str) -> bool:
        return (column, group) not in self.withheld.groups

    def cell_shown(self, column: str, group: str, element: str) -> bool:
        """Whether a group's mean on an element may be shown."""
        return self.group_shown(column, group) and (column, group, element) not in (
            self.withheld.cells
        )

    def item_shown(self, element: str, item: str) -> bool:
        return (element, item) not in self.withheld.items

    def totals_shown(self, element: str) -> bool:
        """Whether the element's answer totals (answers, % positive, % negative) may be shown."""
        return element not in self.withheld.totals


def protect_source(
    source: SurveySource,
    threshold: int,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    distinguish: bool = True,
    already: Withheld = Withheld(),
) -> SourceProtection:
    """Suppress, audit and extend suppression over every linked table of ``source``."""
    options = {"tolerance": tolerance, "distinguish": distinguish}
    anyone = np.zeros(len(source.groups), dtype=bool)
    for mask in source.scored.values():
        anyone |= np.asarray(mask, dtype=bool)
    labels = source.groups[anyone].fillna(NOT_STATED).astype(str)
    codes = {c: pd.factorize(labels[c], sort=True) for c in labels.columns}
    ones = np.ones(int(anyone.sum()), dtype=bool)
    silent: set[tuple[str, str]] = set()
    while True:
        pairs = _pairs(codes, ones, threshold)
        sizes = [pair_table(source.name, p, codes, ones, None, None, False) for p in pairs]
        sized = protect(sizes, threshold, hidden=already.groups, **options)
        groups = {k for k in sized.hidden if len(k) == 2} | set(already.groups) | silent
        # A column whose every group is hidden is published without its groups (not even
        # their labels), so it tells the reader nothing: it leaves the tables, and the
        # rest is protected again without it.
        whole = [c for c, (_, found) in codes.items() if all((c, str(g)) in groups for g in found)]
        if not whole:
            break
        for column in whole:
            silent |= {(column, str(g)) for g in codes.pop(column)[1]}
    summaries = [sized.summary]
    # A shown group's size bounds how many of it were scored on any element.
    ceilings = {
        (c, str(g)): int(n)
        for c, coded in codes.items()
        for g, n in zip(coded[1], np.bincount(coded[0], minlength=len(coded[1])), strict=True)
        if (c, str(g)) not in groups
    }
    cells = {(c, g, e) for c, g in groups for e in source.scored} | set(already.cells)
    for element, mask in source.scored.items():
        scored = np.asarray(mask, dtype=bool)[anyone]
        scores = np.nan_to_num(np.asarray(source.scores[element], dtype=float)[anyone])
        tables = [
            pair_table(
                source.name, p, codes, scored, scores, element, True, ceilings, source.decimals
            )
            for p in _pairs(codes, scored, threshold)
        ]
        hidden = {k for k in cells if k[2] == element}
        if scored.sum() < threshold:
            hidden.add((TOTAL, element))
        found = protect(tables, threshold, hidden=hidden, **options)
        cells |= {k for k in found.hidden if len(k) == 3 and k[0] != TOTAL}
        summaries.append(found.summary)
    items: set[tuple[str, str]] = set(already.items)
    totals: set[str] = set(already.totals)
    for element, answers in source.items.items():
        n_scored = int(np.asarray(source.scored.get(element, anyone), dtype=bool).sum())
        found = _protect_items(source.name, element, answers, threshold, n_scored, already)
        items |= {(element, k[2]) for k in found.hidden if k[0] == "item"}
        totals |= {element for k in found.hidden if k[0] == "totals"}
        summaries.append(found.summary)
    withheld = Withheld(frozenset(groups), frozenset(cells), frozenset(items), frozenset(totals))
    return SourceProtection(source.name, withheld, AuditSummary.combine(summaries))


def _pairs(
    codes: Mapping[str, tuple[np.ndarray, pd.Index]], members: np.ndarray, threshold: int
) -> list[tuple[str, ...]]:
    """The pairs of columns to audit: those with a small group in at least one column (a
    pair without one has nothing to protect), or the single column when there is one."""
    small = set()
    for column, (coded, _) in codes.items():
        counts = np.bincount(coded[members], minlength=coded.max(initial=0) + 1)
        if ((counts > 0) & (counts < threshold)).any():
            small.add(column)
    pairs = list(combinations(codes, 2)) or [(c,) for c in codes]
    return [p for p in pairs if small.intersection(p)]


def protect_comparison(
    pre: SurveySource,
    post: SurveySource,
    threshold: int,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    distinguish: bool = True,
) -> tuple[SourceProtection, SourceProtection]:
    """Protect both collections of a comparison: a figure withheld on either side is withheld
    on both (a change shown beside one side's figure would give the other back), and both
    sides are audited with everything withheld."""
    first, second = protect_together(
        [pre, post], threshold, tolerance=tolerance, distinguish=distinguish
    )
    return first, second


def protect_together(
    collections: Sequence[SurveySource],
    threshold: int,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    distinguish: bool = True,
    already: Withheld = Withheld(),
) -> list[SourceProtection]:
    """Protect any number of collections of one source together, as a comparison protects
    its two: a figure withheld in any collection is withheld in all (with every change
    between them published, one collection's figure would give another's back), each audited
    with everything withheld. ``already`` is withheld from the start."""
    options = {"tolerance": tolerance, "distinguish": distinguish}
    shared = already
    # Each pass can only withhold more, and there are finitely many figures.
    while True:
        found = [protect_source(c, threshold, already=shared, **options) for c in collections]
        union = shared
        for protection in found:
            union = union | protection.withheld
        if union == shared:
            return [_with(protection, union) for protection in found]
        shared = union


def _with(protection: SourceProtection, withheld: Withheld) -> SourceProtection:
    return SourceProtection(protection.source, withheld, protection.summary)


def pair_table(
    source: str,
    pair: Sequence[str],
    codes: Mapping[str, tuple[np.ndarray, pd.Index]],
    weight: np.ndarray,
    scores: np.ndarray | None,
    element: str | None,
    scored: bool,
    ceilings: Mapping[tuple[str, str], int] | None = None,
    decimals: int | None = None,
) -> LinkedTable:
    """The two-way table of a pair of columns (or the one-way table of a single column)."""
    first, labels_a = codes[pair[0]]
    if len(pair) == 2:
        second, labels_b = codes[pair[1]]
    else:
        second, labels_b = np.zeros(len(first), dtype=int), pd.Index([""])
    shape = (len(labels_a), len(labels_b))
    atom = first * shape[1] + second
    size = shape[0] * shape[1]
    counts = np.bincount(atom, weights=weight.astype(float), minlength=size).round().astype(int)
    sums = None
    if scored:
        sums = np.bincount(atom, weights=np.where(weight, scores, 0.0), minlength=size)
    suffix = () if element is None else (element,)
    total = None if sums is None else float(sums.sum())
    every = Figure(frozenset(range(size)), int(counts.sum()), total)
    cells = [Cell((TOTAL, *suffix), (every,), suppressible=False, decimals=decimals)]
    grid = counts.reshape(shape)
    sum_grid = None if sums is None else sums.reshape(shape)
    for axis, (column, labels) in enumerate(zip(pair, (labels_a, labels_b), strict=False)):
        line_counts = grid.sum(axis=1 - axis)
        line_sums = None if sum_grid is None else sum_grid.sum(axis=1 - axis)
        for i, (atoms, label) in enumerate(zip(_lines(shape, axis), labels, strict=True)):
            line_total = None if line_sums is None else float(line_sums[i])
            figure = Figure(atoms, int(line_counts[i]), line_total)
            key = (column, str(label), *suffix)
            ceiling = (ceilings or {}).get((column, str(label)))
            family = (column, *suffix)
            cells.append(Cell(key, (figure,), family, decimals=decimals, ceiling=ceiling))
    name = f"{source}:{'x'.join(pair)}:{element or 'size'}"
    return LinkedTable(name, counts, cells, sums)


def _sizes(coded: tuple[np.ndarray, pd.Index]) -> np.ndarray:
    return np.bincount(coded[0], minlength=len(coded[1]))


@cache
def _lines(shape: tuple[int, int], axis: int) -> tuple[frozenset[int], ...]:
    """The atoms of each row (axis 0) or column (axis 1) of a table of ``shape``."""
    grid = np.arange(shape[0] * shape[1]).reshape(shape)
    lines = grid if axis == 0 else grid.T
    return tuple(frozenset(line.tolist()) for line in lines)


def _protect_items(
    source: str,
    element: str,
    answers: Sequence[ItemAnswers],
    threshold: int,
    n_scored: int,
    already: Withheld,
):
    """The items of one element as one table over (item, answer kind) atoms."""
    counts = np.zeros(3 * len(answers), dtype=int)
    cells: list[Cell] = []
    for i, item in enumerate(answers):
        answered = np.asarray(item.answered, dtype=bool)
        positive = answered & np.asarray(item.positive, dtype=bool)
        negative = answered & np.asarray(item.negative, dtype=bool)
        counts[3 * i + POSITIVE] = positive.sum()
        counts[3 * i + NEGATIVE] = negative.sum()
        counts[3 * i + OTHER] = (answered & ~positive & ~negative).sum()
    for i, item in enumerate(answers):
        figures = _kinds(counts, [i])
        cells.append(Cell(("item", element, item.code), figures, family=("items", element)))
    everything = list(range(len(answers)))
    cells.append(Cell(("totals", element), _kinds(counts, everything)))
    table = LinkedTable(f"{source}:{element}:items", counts, cells)
    hidden = {("item", element, code) for e, code in already.items if e == element}
    if n_scored < threshold or element in already.totals:
        # The answer totals are published with the element's score, and hidden with it.
        hidden.add(("totals", element))
    return protect([table], threshold, hidden=hidden)


def _kinds(counts: np.ndarray, items: Iterable[int]) -> tuple[Figure, ...]:
    """Answered, positive and negative counts of a set of items."""
    items = list(items)
    every = frozenset(3 * i + k for i in items for k in (POSITIVE, NEGATIVE, OTHER))
    figures = [Figure(every, int(counts[list(every)].sum()))]
    for kind in (POSITIVE, NEGATIVE):
        atoms = frozenset(3 * i + kind for i in items)
        figures.append(Figure(atoms, int(counts[list(atoms)].sum())))
    return tuple(figures)

"""What is really in a crafted workbook: the figures the attacker must never recover."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

THRESHOLD = 11
ALL = "All respondents"  # the label of a whole source taken as one group


@dataclass(frozen=True)
class Group:
    """One group of respondents of a source (``column`` None: the whole source)."""

    source: str
    column: str | None
    label: str
    count: int
    means: Mapping[str, float]
    collection: str = "diagnosis"  # or "pre" / "post" of a comparison


@dataclass(frozen=True)
class ItemTruth:
    """How many answered an item, and how many of them were positive or negative."""

    source: str
    code: str
    element: str
    answered: int
    positive: int
    negative: int
    collection: str = "diagnosis"


@dataclass(frozen=True)
class Cell:
    """A count of employees: those whose workforce fields take the given values.

    ``where`` maps a field of :data:`attack.workforce.FIELDS` (or ``leader``) to the
    values it may take.
    """

    where: Mapping[str, frozenset[Any]]
    count: int
    name: str


@dataclass(frozen=True)
class Outcome:
    """An outcome count (leavers, disciplinary, ...) out of a total."""

    name: str
    count: int
    total: int


@dataclass
class Truth:
    """The paths to run and everything the attacker must not recover from the outputs."""

    path: Path
    post: Path | None = None
    threshold: int = THRESHOLD
    groups: list[Group] = field(default_factory=list)
    # (collection, source, column A, column B) -> the (a, b) pairs that hold someone
    atoms: dict[tuple[str, str, str, str], set[tuple[Any, Any]]] = field(default_factory=dict)
    items: list[ItemTruth] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    run_options: dict[str, Any] = field(default_factory=dict)

    @property
    def small_groups(self) -> list[Group]:
        return [g for g in self.groups if 0 < g.count < self.threshold]

    @property
    def small_items(self) -> list[ItemTruth]:
        return [i for i in self.items if 0 < i.answered < self.threshold]

    @property
    def small_cells(self) -> list[Cell]:
        return [c for c in self.cells if 0 < c.count < self.threshold]

    @property
    def small_outcomes(self) -> list[Outcome]:
        return [o for o in self.outcomes if 0 < o.count < self.threshold]


@dataclass(frozen=True)
class Respondent:
    """One row of a response sheet: grouping values and one answer level per element."""

    groups: Mapping[str, Any]
    levels: Mapping[str, int]  # element id -> answer 1-5 given to every item of it
    skip: frozenset[str] = frozenset()  # item codes left blank


def survey_truth(
    source: str,
    respondents: Sequence[Respondent],
    columns: Iterable[str],
    score_of: Mapping[int, float],
    collection: str = "diagnosis",
) -> tuple[list[Group], dict[tuple[str, str, str, str], set[tuple[Any, Any]]]]:
    """Every group of every column (and the whole source), with its true element means.

    Each respondent gives one level to all items of an element (reversed items get the
    mirrored code), so the respondent's element score is ``score_of[level]`` whichever
    way the element score is averaged.
    """
    columns = list(columns)
    members: dict[tuple[str | None, str], list[Respondent]] = defaultdict(list)
    for person in respondents:
        members[(None, ALL)].append(person)
        for column in columns:
            if person.groups.get(column) is not None:
                members[(column, str(person.groups[column]))].append(person)
    groups = []
    for (column, label), people in members.items():
        elements = {e for p in people for e in p.levels}
        means = {
            e: sum(score_of[p.levels[e]] for p in people) / len(people) for e in sorted(elements)
        }
        groups.append(Group(source, column, label, len(people), means, collection))
    atoms = {}
    for a in columns:
        for b in columns:
            if a < b:
                pairs = Counter((str(p.groups.get(a)), str(p.groups.get(b))) for p in respondents)
                atoms[(collection, source, a, b)] = set(pairs)
    return groups, atoms

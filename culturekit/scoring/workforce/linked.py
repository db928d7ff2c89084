"""Counts linked by margins, and complementary suppression that holds across all of them.

The workforce section publishes the same people cut several ways: the headcount by band
beside its All staff and Leadership totals, every band split by ethnicity, disability and
gender, each band split again by staff group for WRES 1 and WDES 1. A reader can subtract
any published part from any published total, so suppression is decided once over every
count at the same time (:meth:`LinkedCounts.suppress`), not within one row.

Each count is keyed by the filter of the people it counts (:func:`key`), so the same
quantity printed in two tables (a band's headcount, which is also the total of its
ethnicity row) is one count with one decision. Each :class:`Margin` says that a total is
the sum of its parts, for the rules. Sums of sums (a band's Disabled staff minus its
clinical ones, plus the Leadership total minus the other bands) escape rules made margin
by margin, so when the counts come with their :class:`Population` (the finest cells
behind them), the linked-table audit of :mod:`culturekit.privacy.protect` checks every
count together and the rules run again over what it hides, until both are satisfied.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from culturekit.privacy import suppression_reason
from culturekit.privacy.audit import (
    Cell,
    Figure,
    LinkedTable,
    audit_table,
    count_interval,
)
from culturekit.privacy.protect import AuditSummary
from culturekit.privacy.release import release

Key = frozenset[tuple[str, str]]
"""The filter of the people a count counts, as (field, value) pairs."""


def key(where: Mapping[str, str] | None = None, **more: str) -> Key:
    """``key({"band": "Band 7"}, disability="Yes")``: Band 7's Disabled staff."""
    return frozenset({**(where or {}), **more}.items())


@dataclass(frozen=True)
class Margin:
    """``total`` is the sum of ``parts``. With ``whole``, a hidden total hides its parts:
    a row of a table (a band by ethnicity) is not printed without its total."""

    total: Key
    parts: tuple[Key, ...]
    whole: bool = False


@dataclass(frozen=True)
class Population:
    """The finest cells behind the counts (their sizes) and the cells each count adds up.

    ``links`` pairs the sets of cells that hold the same people counted two ways."""

    counts: np.ndarray
    atoms: Mapping[Key, frozenset[int]]
    links: tuple[tuple[frozenset[int], frozenset[int]], ...] = ()


@dataclass
class LinkedCounts:
    """Counts, the margins that link them, and which of them may not be printed."""

    threshold: int
    counts: dict[Key, int] = field(default_factory=dict)
    public: set[Key] = field(default_factory=set)
    """Shown whatever their size: board composition is public record."""
    unpublished: set[Key] = field(default_factory=set)
    """Parts of a margin no table prints (staff without a band): unknown to a reader."""
    pinned_by_record: set[Key] = field(default_factory=set)
    """Counts no table prints that the public counts pin by themselves (:meth:`publicise`):
    known to every reader."""
    margins: list[Margin] = field(default_factory=list)
    hidden: dict[Key, str] = field(default_factory=dict)
    """Count to the reason it is not printed, once :meth:`suppress` has run."""
    population: Population | None = None
    audit: AuditSummary | None = None
    """What the linked-table audit checked and hid, once :meth:`suppress` has run with a
    population."""

    def add(self, where: Key, n: int, *, public: bool = False, published: bool = True) -> Key:
        self.counts[where] = n
        if public:
            self.public.add(where)
        if not published:
            self.unpublished.add(where)
        return where

    def margin(self, total: Key, parts: Iterable[Key], *, whole: bool = False) -> None:
        self.margins.append(Margin(total, tuple(parts), whole))

    def reason(self, where: Key) -> str | None:
        """Why the count is not printed, or None when it may be."""
        return self.hidden.get(where)

    def shown(self, where: Key) -> int | None:
        return None if where in self.hidden else self.counts[where]

    def publicise(self, candidates: Iterable[Key]) -> None:
        """Make public the ``candidates`` that the public counts pin by themselves: the
        record gives them away whatever the tables print, so hiding them protects nothing
        and the audit takes them as known."""
        population = self.population
        assert population is not None
        chosen = [k for k in candidates if 0 < self.counts[k] < self.threshold]
        if not chosen:
            return
        cells = [
            Cell(where, (Figure(population.atoms[where], self.counts[where]),), listed=False)
            for where in chosen
        ]
        cells += [
            Cell(where, (Figure(population.atoms[where], self.counts[where]),))
            for where in self.public
        ]
        table = LinkedTable("public", population.counts, cells, links=population.links)
        found = audit_table(table, set(chosen), self.threshold)
        self.pinned_by_record.update(d.key for d in found.disclosed)
        self.public.update(self.pinned_by_record)

    def suppress(self) -> None:
        """Primary suppression, then complements until every margin is safe.

        A count of 1 to threshold-1 is hidden; so is every part of a hidden row. Then,
        while a margin has exactly one hidden count that is not zero (it would come back
        by subtraction), or its shown total leaves hidden parts that together are fewer
        than the threshold, its smallest shown part is hidden too, and the margins are
        checked again, so that a complement chosen in a row is protected in its column.
        Zeros are never hidden as complements and never count as protection: a reader
        who sees a hidden count knows it is not zero. With a population, the audit then
        hides more where combinations of margins still give a count away, and the rules
        run again over what it hid.
        """
        self._rules()
        if self.population is None:
            return
        by_rule = len(self.hidden)
        while True:
            table = self._table()
            found = audit_table(table, set(self.hidden), self.threshold)
            chosen: list[Key] = []
            for disclosed in found.disclosed:
                more = self._release(table, disclosed.key, set(self.hidden) | set(chosen))
                chosen += [k for k in more if k not in chosen]
            if not chosen:
                break
            for where in chosen:
                self.hidden[where] = suppression_reason(self.threshold, complementary=True)
            self._rules()
        self.audit = AuditSummary(
            cells_checked=found.checked,
            # The audit's own choices and whatever the rules then hid to protect them.
            extra_suppressions=len(self.hidden) - by_rule,
            narrowest_count=found.narrowest_count,
            narrowest_mean=None,
            disclosed=tuple(found.disclosed),
        )

    def _release(self, table: LinkedTable, target: Key, hidden: set[Key]) -> list[Key]:
        """The cheapest counts to hide so that a target the audit found given away is not:
        detail before totals (the Leadership and All staff figures are the ones readers
        need), and row totals last (a hidden row total hides its row)."""
        rows = {m.total for m in self.margins if m.whole}
        totals = {m.total for m in self.margins}
        population = max(sum(table.counts), 1)

        def cost(cell: Cell) -> float:
            weight = 100.0 if cell.key in rows else 10.0 if cell.key in totals else 1.0
            return weight * (1.0 + cell.count / population)

        cell = next(c for c in table.cells if c.key == target)
        return release(table, hidden, self.threshold, cell, cost) or []

    def interval(self, where: Key) -> tuple[int, int]:
        """The fewest and most a count can be given everything printed: its own value
        when shown; for a hidden count, the audit's bounds (or, without a population,
        what its hiding says: 1 to threshold - 1 for a small count)."""
        if where not in self.hidden:
            return self.counts[where], self.counts[where]
        if self.population is None:
            return (1, self.threshold - 1) if self.counts[where] < self.threshold else (1, 10**9)
        table = self._table()
        atoms = next(c.atoms for c in table.cells if c.key == where)
        found = count_interval(table, set(self.hidden), self.threshold, atoms)
        high = found.high if math.isfinite(found.high) else 10**9
        return int(found.low), int(high)

    def _table(self) -> LinkedTable:
        """Every count as a cell of one linked table over the population."""
        population = self.population
        assert population is not None
        cells = [
            Cell(
                where,
                (Figure(population.atoms[where], n),),
                suppressible=where not in self.public,
                listed=where not in self.unpublished,
            )
            for where, n in self.counts.items()
        ]
        return LinkedTable("workforce", population.counts, cells, links=population.links)

    def _rules(self) -> None:
        t = self.threshold
        for where, n in self.counts.items():
            if where not in self.public and where not in self.unpublished and 0 < n < t:
                self.hidden[where] = suppression_reason(t, unit="staff")
        # A count the record pins (the board members of a band by disability) is known
        # though no table prints it: the audit reads it as shown, so a count of the same
        # people is public too, not given away.
        for where in self.unpublished - self.pinned_by_record:
            self.hidden[where] = "not published"
        changed = True
        while changed:
            changed = False
            for margin in self.margins:
                changed |= self._whole(margin) or self._protect(margin)

    def _whole(self, margin: Margin) -> bool:
        reason = self.hidden.get(margin.total)
        if not margin.whole or reason is None or margin.total in self.unpublished:
            return False
        new = [p for p in margin.parts if p not in self.hidden and p not in self.public]
        for part in new:
            self.hidden[part] = reason
        return bool(new)

    def _protect(self, margin: Margin) -> bool:
        t, counts = self.threshold, self.counts
        cells = (margin.total, *margin.parts)
        # A public count left out of the tables (board members outside the bands) is known
        # all the same: it protects nothing.
        secret = [c for c in cells if c in self.hidden and counts[c] > 0 and c not in self.public]
        hidden_parts = sum(
            counts[p] for p in margin.parts if p in self.hidden and p not in self.public
        )
        safe = not secret or (
            len(secret) >= 2 and (margin.total in self.hidden or hidden_parts >= t)
        )
        if safe:
            return False
        candidates = sorted(
            (
                (counts[p], sorted(p), p)
                for p in margin.parts
                if p not in self.hidden and p not in self.public and counts[p] > 0
            ),
            key=lambda entry: (entry[0], entry[1]),
        )
        if candidates:
            self.hidden[candidates[0][2]] = suppression_reason(t, complementary=True)
            return True
        total = margin.total
        if total not in self.hidden and total not in self.public and counts[total] > 0:
            self.hidden[total] = suppression_reason(t, complementary=True)
            return True
        return False

"""Suppression that extends until the linked-table audit passes.

Start from the rules (primary suppression of cells with 1 to threshold-1 members, then
complementary suppression within each family of cells that make up one whole), audit
everything together, and while the audit finds a cell given away, hide one more cell for
each disclosed target: the smallest cell still shown that shares atoms with the target or
belongs to the family of a hidden cell that does (ties broken by the cell's key, so the
result never depends on order). Each round hides at least one more cell, so the loop ends;
when nothing near a target is left to hide, the smallest shown cell of its table is
hidden, and in the worst case every suppressible cell of that table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from culturekit.privacy import suppressed_groups
from culturekit.privacy.audit import (
    DEFAULT_TOLERANCE,
    AuditResult,
    Cell,
    Disclosure,
    Interval,
    LinkedTable,
    audit_table,
)


@dataclass(frozen=True)
class AuditSummary:
    """The audit's result as reports state it.

    ``cells_checked`` counts protected cells once per linked table they were checked in;
    ``narrowest_count`` is the narrowest interval of a protected count (one that a single
    respondent's move shows to be uncertain is recorded as two values wide, which its
    interval is at least); ``narrowest_mean`` the narrowest mean interval computed (only
    for cells whose count is pinned or public).
    """

    cells_checked: int
    extra_suppressions: int
    narrowest_count: Interval | None
    narrowest_mean: Interval | None
    disclosed: tuple[Disclosure, ...] = ()  # left when nothing more could be hidden
    rounds: int = 0

    @property
    def passed(self) -> bool:
        return not self.disclosed

    @classmethod
    def combine(cls, parts: Iterable[AuditSummary]) -> AuditSummary:
        parts = list(parts)
        result = AuditResult()
        for part in parts:
            result.merge(
                AuditResult(
                    checked=part.cells_checked,
                    disclosed=list(part.disclosed),
                    narrowest_count=part.narrowest_count,
                    narrowest_mean=part.narrowest_mean,
                )
            )
        return cls(
            cells_checked=result.checked,
            extra_suppressions=sum(p.extra_suppressions for p in parts),
            narrowest_count=result.narrowest_count,
            narrowest_mean=result.narrowest_mean,
            disclosed=tuple(result.disclosed),
            rounds=max((p.rounds for p in parts), default=0),
        )


@dataclass(frozen=True)
class Protection:
    """The cells to hide (by key) and what the audit found once they are hidden."""

    hidden: frozenset[Hashable]
    by_rule: frozenset[Hashable]
    summary: AuditSummary
    extra: tuple[Hashable, ...] = field(default=())


def rule_suppression(
    tables: Sequence[LinkedTable], threshold: int, already: Iterable[Hashable] = ()
) -> set[Hashable]:
    """Primary and complementary suppression, family by family (today's rule)."""
    cells = _unique_cells(tables)
    hidden = {k for k in already if k in cells}
    families: dict[Hashable, dict[Hashable, int]] = defaultdict(dict)
    for key, cell in cells.items():
        if not cell.suppressible:
            continue
        if 0 < cell.count < threshold:
            hidden.add(key)
        if cell.family is not None:
            families[cell.family][key] = cell.count
    for counts in families.values():
        hidden |= suppressed_groups(counts, threshold, already=hidden & counts.keys())
    return hidden


def protect(
    tables: Sequence[LinkedTable],
    threshold: int,
    *,
    hidden: Iterable[Hashable] = (),
    tolerance: float = DEFAULT_TOLERANCE,
    distinguish: bool = True,
) -> Protection:
    """Hide cells until no target of any table is disclosed (see the module docstring)."""
    start = rule_suppression(tables, threshold, hidden)
    current = set(start)
    cells = _unique_cells(tables)
    extra: list[Hashable] = []
    rounds = 0
    # Every round hides at least one suppressible cell or stops, so this bound is never the
    # reason the loop ends; it only makes the end obvious.
    options = {"tolerance": tolerance, "distinguish": distinguish}
    memo: dict[str, tuple[frozenset[Hashable], AuditResult]] = {}
    for rounds in range(1, len(cells) + 2):  # noqa: B007
        result = AuditResult()
        for table in tables:
            result.merge(_audit_once(table, current, threshold, memo, options))
        if result.passed:
            break
        chosen = _complements(tables, result.disclosed, current)
        if not chosen:
            break
        for key in chosen:
            current.add(key)
            extra.append(key)
    summary = AuditSummary(
        cells_checked=result.checked,
        extra_suppressions=len(extra),
        narrowest_count=result.narrowest_count,
        narrowest_mean=result.narrowest_mean,
        disclosed=tuple(result.disclosed),
        rounds=rounds,
    )
    return Protection(frozenset(current), frozenset(start), summary, tuple(extra))


def _audit_once(
    table: LinkedTable,
    hidden: set[Hashable],
    threshold: int,
    memo: dict[str, tuple[frozenset[Hashable], AuditResult]],
    options: dict,
) -> AuditResult:
    """A table's audit, solved again only when a cell of its own was hidden since."""
    mine = frozenset(c.key for c in table.cells if c.key in hidden)
    if table.name in memo and memo[table.name][0] == mine:
        return memo[table.name][1]
    found = audit_table(table, mine, threshold, **options)
    memo[table.name] = (mine, found)
    return found


def _unique_cells(tables: Sequence[LinkedTable]) -> dict[Hashable, Cell]:
    cells: dict[Hashable, Cell] = {}
    for table in tables:
        for cell in table.cells:
            cells.setdefault(cell.key, cell)
    return cells


def _complements(
    tables: Sequence[LinkedTable], disclosed: Sequence[Disclosure], hidden: set[Hashable]
) -> list[Hashable]:
    """One more cell to hide for each disclosed target (several targets may share one)."""
    by_name = {t.name: t for t in tables}
    chosen: list[Hashable] = []
    for found in disclosed:
        table = by_name[found.table]
        target = next(c for c in table.cells if c.key == found.key)
        pick = _complement(table, target, hidden | set(chosen))
        if pick is not None and pick not in chosen:
            chosen.append(pick)
    return chosen


def _complement(table: LinkedTable, target: Cell, hidden: set[Hashable]) -> Hashable | None:
    # Only atoms that hold someone link cells: the reader knows the empty ones are empty.
    reach = frozenset(a for a in target.atoms if table.counts[a] > 0)
    families = {c.family for c in table.cells if c.key in hidden and c.atoms & reach and c.family}
    shown = [c for c in table.cells if c.key not in hidden and c.suppressible and c.count > 0]
    near = [c for c in shown if c.atoms & reach or c.family in families]
    pool = near or shown
    if not pool:
        return None
    return min(pool, key=lambda c: (c.count, str(c.key))).key

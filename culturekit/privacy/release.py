"""The cheapest shown cells to hide so that a disclosed target is no longer pinned.

One mixed-integer programme per direction, as in optimal complementary suppression
(Fischetti and Salazar): the audit (:mod:`culturekit.privacy.audit`) finds a target given
away; this finds what to hide next.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable

import numpy as np

from culturekit.privacy.audit import Cell, LinkedTable, revealed

# How far from the cheapest release a choice may be (relative): the costs only rank cells.
_RELEASE_GAP = 0.1


def release(
    table: LinkedTable,
    hidden: set[Hashable] | frozenset[Hashable],
    threshold: int,
    target: Cell,
    cost: Callable[[Cell], float],
    *,
    distinguish: bool = True,
) -> list[Hashable] | None:
    """The cheapest shown cells to hide so that ``target``'s count is no longer pinned.

    One mixed-integer programme per direction, as in optimal complementary suppression
    (Fischetti and Salazar): every shown, suppressible cell may be released at its
    ``cost``; a released cell's count may then be anything the reader would allow a hidden
    complement (at least ``threshold``, or 1 when the wording does not tell), and the
    target must take a count above (or below) its true one. Counts only: scores are not
    modelled. An empty list when the target is already free; None when nothing that may be
    hidden would free it.
    """
    # Imported here, where a programme is solved: most diagnoses never need one.
    from scipy import sparse
    from scipy.optimize import linprog

    n = len(table.counts)
    shown = [
        c
        for c in table.cells
        if c.key not in hidden and c.suppressible and c.count > 0 and c.key != target.key
    ]
    size = n + len(shown)
    big = float(max(int(np.asarray(table.counts).sum()), threshold))
    ub_rows: list[np.ndarray] = []
    ub_b: list[float] = []
    eq_rows: list[np.ndarray] = []
    eq_b: list[float] = []

    def x(atoms: Iterable[int]) -> np.ndarray:
        row = np.zeros(size)
        row[list(atoms)] = 1.0
        return row

    released = {c.key: n + j for j, c in enumerate(shown)}
    for cell in table.cells:
        row = x(cell.atoms)
        if cell.key in released:
            z = released[cell.key]
            floor = threshold if distinguish else 1
            # count - big * z <= x <= count + big * z, and x >= floor * z once released.
            high, low, least = row.copy(), -row, -row
            high[z], low[z], least[z] = -big, -big, floor
            ub_rows += [high, low, least]
            ub_b += [cell.count, -cell.count, 0.0]
        elif cell.key in hidden or cell.key == target.key:
            bounds = revealed(cell, threshold, distinguish=distinguish)
            ub_rows.append(-row)
            ub_b.append(-bounds.low)
            if math.isfinite(bounds.high):
                ub_rows.append(row)
                ub_b.append(bounds.high)
        else:
            eq_rows.append(row)
            eq_b.append(cell.count)
    for first, second in table.links:
        eq_rows.append(x(first) - x(second))
        eq_b.append(0.0)
    objective = np.zeros(size)
    for cell in shown:
        objective[released[cell.key]] = cost(cell)
    empty = np.asarray(table.counts) <= 0
    bounds = [(0.0, 0.0 if empty[i] else None) for i in range(n)] + [(0.0, 1.0)] * len(shown)
    best: tuple[float, list[Hashable]] | None = None
    aim = x(target.atoms)
    for row, value in ((-aim, -(target.count + 1)), (aim, target.count - 1)):
        result = linprog(
            objective,
            A_ub=sparse.csr_matrix(np.array([*ub_rows, row])),
            b_ub=np.array([*ub_b, value]),
            A_eq=np.array(eq_rows) if eq_rows else None,
            b_eq=np.array(eq_b) if eq_rows else None,
            bounds=bounds,
            method="highs",
            integrality=np.ones(size),
            # Any choice within a tenth of the cheapest will do: the costs are a ranking.
            options={"mip_rel_gap": _RELEASE_GAP},
        )
        if result.status != 0:
            continue  # no table with a count on this side, whatever is hidden
        chosen = [c.key for c in shown if result.x[released[c.key]] > 0.5]
        if best is None or result.fun < best[0]:
            best = (result.fun, chosen)
    return None if best is None else best[1]

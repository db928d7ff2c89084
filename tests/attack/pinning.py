"""Which targets a linked programme pins to one value, asking the solver as little as can be.

A target is pinned to ``n`` when no table the published figures allow puts more than ``n``
or fewer than ``n`` people in it. Each question is a feasibility problem (a table with at
least ``n + 1``? with at most ``n - 1``?), which the solver answers at the first table it
finds, much sooner than an optimum. Every table found is a *witness*: any later target
whose count in some witness differs from its value in question cannot be pinned to that
value, so most small cells of a big workforce never reach the solver at all.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

import numpy as np

from attack.lp import Atom, Infeasible, Interval, LinkedTables

# Solutions come back as floats within the solver's tolerance of whole numbers.
_WHOLE = 1e-6


class PinSearch:
    """``pinned(target, value)``: do the published figures leave ``target`` only ``value``?"""

    def __init__(self, tables: LinkedTables, *, seed: int = 0, spread: int = 1):
        if tables.measures:
            raise ValueError("a pin search counts people; it takes a programme without scores")
        self.tables = tables
        self.solves = 0
        self._width = len(tables.atoms)
        self._witnesses: list[np.ndarray] = []
        self._stacked: np.ndarray | None = None
        rng = random.Random(seed)
        # A table pulled in a random direction starts the witnesses off (and raises
        # Infeasible at once when the model does not fit the file).
        for _ in range(max(1, spread)):
            weights = np.array([rng.uniform(-1.0, 1.0) for _ in range(tables.size)])
            self._keep(self.tables.solve(weights, -1.0)[1])

    def _keep(self, solution: np.ndarray | None) -> None:
        self.solves += 1
        if solution is not None:
            self._witnesses.append(np.round(solution[: self._width]))
            self._stacked = None

    def _exists(self, row: np.ndarray, bound: float) -> bool:
        """Is there an allowed table with ``row @ counts <= bound``?"""
        full = np.zeros(self.tables.size)
        full[: self._width] = row
        try:
            _, solution = self.tables.solve(np.zeros(self.tables.size), 1.0, also=(full, bound))
        except Infeasible:
            self.solves += 1
            return False
        self._keep(solution)
        return True

    def bounds_if_pinned(self, target: Iterable[Atom], value: int) -> Interval | None:
        """``Interval(value, value)`` when ``target`` can hold ``value`` people only; else
        None (some allowed table puts another number there)."""
        indicator = self.tables._x(target)[: self._width]
        if self._witnesses:
            if self._stacked is None:
                self._stacked = np.stack(self._witnesses)
            if np.any(np.abs(self._stacked @ indicator - value) > _WHOLE):
                return None
        if self._exists(-indicator, -(value + 1)):
            return None
        if value > 0 and self._exists(indicator, value - 1):
            return None
        return Interval(value, value)

    def pinned(self, target: Iterable[Atom], value: int) -> bool:
        return self.bounds_if_pinned(target, value) is not None

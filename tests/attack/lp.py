"""Linked published tables as one linear programme over their atoms.

An *atom* is the finest cell a reader can imagine behind the published tables: for two
grouping columns A and B it is one pair (a, b); for a workforce table it is (band,
board member or not, category). Each atom ``a`` has an unknown count ``x_a >= 0`` (a whole
number) and, for each measure (an element score on the 0-10 scale), an unknown sum of
scores ``y_a`` with ``low * x_a <= y_a <= high * x_a``. Everything published becomes a
linear constraint on them:

- a count shown for a set of atoms: ``sum x = n`` (or an interval, when rounded);
- a mean shown for a set of atoms: ``m_low * sum x <= sum y <= m_high * sum x``;
- a share shown (a percentage of a total): the same, with two sets of counts.

The bounds on a target set of atoms are then the minimum and maximum of ``sum x`` (and of
``sum y``) subject to all constraints, found with HiGHS (``scipy.optimize.linprog``).
Counts are solved as integers (a mixed-integer programme), which is what a careful reader
would do; the sums stay continuous.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

Atom = tuple[Hashable, ...]

# Slack on the solver's answers before rounding a count bound to a whole number.
_EPS = 1e-6


@dataclass(frozen=True)
class Interval:
    """A closed interval [low, high] of values a reader cannot tell apart."""

    low: float
    high: float

    @classmethod
    def exact(cls, value: float) -> Interval:
        """A figure published at full precision (JSON floats keep ~15 significant digits)."""
        slack = 1e-9 * max(1.0, abs(value))
        return cls(value - slack, value + slack)

    @classmethod
    def rounded(cls, value: float, decimals: int) -> Interval:
        """A figure printed with ``decimals`` decimals: the true value is within half a unit."""
        half = 0.5 * 10.0 ** (-decimals)
        return cls(value - half, value + half)

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def pinned(self) -> bool:
        """True when the interval holds one whole number only (for counts)."""
        return self.low == self.high

    def __contains__(self, value: float) -> bool:
        return self.low - _EPS <= value <= self.high + _EPS


@dataclass(frozen=True)
class Count:
    """``sum of x over atoms`` lies in ``value``."""

    atoms: frozenset[Atom]
    value: Interval


@dataclass(frozen=True)
class Mean:
    """``sum of y[measure] over atoms / sum of x over atoms`` lies in ``value``."""

    atoms: frozenset[Atom]
    measure: str
    value: Interval


@dataclass(frozen=True)
class Ratio:
    """``sum of x over numerator / sum of x over denominator`` lies in ``value``."""

    numerator: frozenset[Atom]
    denominator: frozenset[Atom]
    value: Interval


Constraint = Count | Mean | Ratio


class Infeasible(RuntimeError):
    """The published figures contradict the attacker's model of them."""


@dataclass
class LinkedTables:
    """Atoms, measures and published constraints; ask it for bounds on any set of atoms."""

    atoms: Sequence[Atom]
    measures: Sequence[str] = ()
    scale: tuple[float, float] = (0.0, 10.0)
    integer: bool = True
    constraints: list[Constraint] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.atoms = list(dict.fromkeys(self.atoms))
        self._index = {atom: i for i, atom in enumerate(self.atoms)}
        self._measure = {m: k for k, m in enumerate(self.measures)}

    @property
    def size(self) -> int:
        return len(self.atoms) * (1 + len(self.measures))

    def add(self, constraint: Constraint) -> None:
        self.constraints.append(constraint)

    def extend(self, constraints: Iterable[Constraint]) -> None:
        self.constraints.extend(constraints)

    def select(self, predicate) -> frozenset[Atom]:
        """The atoms for which ``predicate(atom)`` is true."""
        return frozenset(atom for atom in self.atoms if predicate(atom))

    # -- rows of the programme ------------------------------------------------------------

    def _x(self, atoms: Iterable[Atom]) -> np.ndarray:
        row = np.zeros(self.size)
        for atom in atoms:
            if atom in self._index:
                row[self._index[atom]] += 1.0
        return row

    def _y(self, atoms: Iterable[Atom], measure: str) -> np.ndarray:
        row = np.zeros(self.size)
        offset = len(self.atoms) * (1 + self._measure[measure])
        for atom in atoms:
            if atom in self._index:
                row[offset + self._index[atom]] += 1.0
        return row

    def _rows(self) -> tuple[list[np.ndarray], list[float], list[np.ndarray], list[float]]:
        """(A_ub, b_ub, A_eq, b_eq) rows, ``A_ub @ v <= b_ub`` and ``A_eq @ v == b_eq``."""
        ub: list[np.ndarray] = []
        ub_b: list[float] = []
        eq: list[np.ndarray] = []
        eq_b: list[float] = []
        low, high = self.scale
        for measure in self.measures:
            for atom in self.atoms:
                y, x = self._y([atom], measure), self._x([atom])
                ub += [y - high * x, low * x - y]
                ub_b += [0.0, 0.0]
        for c in self.constraints:
            if isinstance(c, Count):
                x = self._x(c.atoms)
                if c.value.low == c.value.high:
                    eq.append(x)
                    eq_b.append(c.value.low)
                else:
                    ub += [x, -x]
                    ub_b += [c.value.high, -c.value.low]
            else:
                if isinstance(c, Mean):
                    top, bottom = self._y(c.atoms, c.measure), self._x(c.atoms)
                else:
                    top, bottom = self._x(c.numerator), self._x(c.denominator)
                ub += [c.value.low * bottom - top, top - c.value.high * bottom]
                ub_b += [0.0, 0.0]
        return ub, ub_b, eq, eq_b

    # -- bounds ---------------------------------------------------------------------------

    def _extreme(self, objective: np.ndarray, sense: float) -> float:
        ub, ub_b, eq, eq_b = self._rows()
        integrality = None
        if self.integer:
            integrality = np.zeros(self.size)
            integrality[: len(self.atoms)] = 1
        result = linprog(
            sense * objective,
            A_ub=np.array(ub) if ub else None,
            b_ub=np.array(ub_b) if ub else None,
            A_eq=np.array(eq) if eq else None,
            b_eq=np.array(eq_b) if eq else None,
            bounds=[(0, None)] * self.size,
            method="highs",
            integrality=integrality,
        )
        if result.status == 2:
            raise Infeasible("the published figures admit no table under this model")
        if result.status == 3:
            return sense * math.inf
        if result.status != 0:
            raise RuntimeError(result.message)
        return sense * result.fun

    def count_bounds(self, target: Iterable[Atom]) -> Interval:
        """The fewest and most people the published figures allow in ``target``."""
        x = self._x(target)
        low, high = self._extreme(x, 1.0), self._extreme(x, -1.0)
        return Interval(float(math.ceil(low - _EPS)), float(math.floor(high + _EPS)))

    def sum_bounds(self, target: Iterable[Atom], measure: str) -> Interval:
        y = self._y(target, measure)
        return Interval(self._extreme(y, 1.0), self._extreme(y, -1.0))

    def mean_bounds(self, target: Iterable[Atom], measure: str, count: int) -> Interval:
        """Bounds on the target's mean once its count is known to be ``count``."""
        target = list(target)
        pinned = LinkedTables(
            self.atoms, self.measures, self.scale, self.integer, list(self.constraints)
        )
        pinned.add(Count(frozenset(target), Interval(count, count)))
        sums = pinned.sum_bounds(target, measure)
        return Interval(sums.low / count, sums.high / count)

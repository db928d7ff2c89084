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
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
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
    # The programme's matrices, with the number of constraints they were built from.
    _built: tuple[int, tuple, np.ndarray] | None = field(
        default=None, init=False, repr=False, compare=False
    )

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
        for column, value in self._sparse_x(atoms).items():
            row[column] += value
        return row

    def _y(self, atoms: Iterable[Atom], measure: str) -> np.ndarray:
        row = np.zeros(self.size)
        for column, value in self._sparse_y(atoms, measure).items():
            row[column] += value
        return row

    def _sparse_x(self, atoms: Iterable[Atom], scale: float = 1.0) -> dict[int, float]:
        row: dict[int, float] = {}
        for atom in atoms:
            if atom in self._index:
                column = self._index[atom]
                row[column] = row.get(column, 0.0) + scale
        return row

    def _sparse_y(self, atoms: Iterable[Atom], measure: str) -> dict[int, float]:
        offset = len(self.atoms) * (1 + self._measure[measure])
        return {offset + c: v for c, v in self._sparse_x(atoms).items()}

    def _rows(self) -> tuple[sparse.csr_array, np.ndarray, sparse.csr_array, np.ndarray]:
        """(A_ub, b_ub, A_eq, b_eq), ``A_ub @ v <= b_ub`` and ``A_eq @ v == b_eq``.

        Built once per set of constraints (sparse: a table row touches few atoms), since
        an attack asks for many bounds under the same constraints.
        """
        if self._built is not None and self._built[0] == len(self.constraints):
            return self._built[1]
        ub: list[dict[int, float]] = []
        ub_b: list[float] = []
        eq: list[dict[int, float]] = []
        eq_b: list[float] = []
        low, high = self.scale
        for measure in self.measures:
            for atom in self.atoms:
                y, x = self._sparse_y([atom], measure), self._sparse_x([atom])
                ub += [_plus(y, x, -high), _plus(_scaled(x, low), y, -1.0)]
                ub_b += [0.0, 0.0]
        for c in self.constraints:
            if isinstance(c, Count):
                x = self._sparse_x(c.atoms)
                if c.value.low == c.value.high:
                    eq.append(x)
                    eq_b.append(c.value.low)
                else:
                    ub += [x, _scaled(x, -1.0)]
                    ub_b += [c.value.high, -c.value.low]
            else:
                if isinstance(c, Mean):
                    top, bottom = self._sparse_y(c.atoms, c.measure), self._sparse_x(c.atoms)
                else:
                    top, bottom = self._sparse_x(c.numerator), self._sparse_x(c.denominator)
                ub += [
                    _plus(_scaled(bottom, c.value.low), top, -1.0),
                    _plus(top, bottom, -c.value.high),
                ]
                ub_b += [0.0, 0.0]
        live = self._live()
        built = (
            _matrix(ub, self.size)[:, live],
            np.array(ub_b),
            _matrix(eq, self.size)[:, live],
            np.array(eq_b),
        )
        self._built = (len(self.constraints), built, live)
        return built

    def _live(self) -> np.ndarray:
        """The columns not fixed at zero by a count shown as 0 (with their score sums,
        which ``y <= high * x`` fixes too). The solver gets the rest only: HiGHS takes
        several times longer over a programme padded with columns that must be 0."""
        dead = np.zeros(len(self.atoms), dtype=bool)
        for c in self.constraints:
            if isinstance(c, Count) and c.value.high == 0:
                for atom in c.atoms:
                    if atom in self._index:
                        dead[self._index[atom]] = True
        return np.flatnonzero(~np.tile(dead, 1 + len(self.measures)))

    # -- bounds ---------------------------------------------------------------------------

    def solve(
        self,
        objective: np.ndarray,
        sense: float,
        also: tuple[np.ndarray, float] | None = None,
    ) -> tuple[float, np.ndarray | None]:
        """The minimum (``sense`` 1) or maximum (-1) of ``objective @ v``, and a ``v`` that
        reaches it (None when unbounded): a table the published figures allow.

        ``also`` = (row, bound) adds ``row @ v <= bound`` for this solve only: with a zero
        objective, "is there a table with row @ v <= bound?" -- the solver stops at the
        first one, which is much quicker than an optimum.
        """
        ub, ub_b, eq, eq_b = self._rows()
        live = self._built[2]
        if also is not None:
            extra = sparse.csr_array(also[0][live].reshape(1, -1))
            ub = sparse.vstack([ub, extra], format="csr")
            ub_b = np.append(ub_b, also[1])
        integrality = None
        if self.integer:
            integrality = (live < len(self.atoms)).astype(float)
        result = linprog(
            sense * objective[live],
            A_ub=ub if ub.shape[0] else None,
            b_ub=ub_b if ub.shape[0] else None,
            A_eq=eq if eq.shape[0] else None,
            b_eq=eq_b if eq.shape[0] else None,
            bounds=(0, None),
            method="highs",
            integrality=integrality,
        )
        if result.status == 2:
            raise Infeasible("the published figures admit no table under this model")
        if result.status == 3:
            return sense * math.inf, None
        if result.status != 0 and objective.any() and "unbounded" in result.message:
            # HiGHS's presolve may stop at "infeasible or unbounded"; a table with no
            # objective tells the two apart (it raises Infeasible when there is none).
            self.solve(np.zeros(self.size), 1.0, also)
            return sense * math.inf, None
        if result.status != 0:
            raise RuntimeError(result.message)
        solution = np.zeros(self.size)
        solution[live] = result.x
        return sense * result.fun, solution

    def _extreme(self, objective: np.ndarray, sense: float) -> float:
        return self.solve(objective, sense)[0]

    def violated(self, counts: Mapping[Atom, int]) -> list[Constraint]:
        """The count and share constraints that the table ``counts`` breaks: a table the
        reader's model must allow (the true one) shows whether the model fits the file."""
        broken: list[Constraint] = []

        def total(atoms: Iterable[Atom]) -> int:
            return sum(counts.get(atom, 0) for atom in atoms)

        for c in self.constraints:
            if isinstance(c, Count) and total(c.atoms) not in c.value:
                broken.append(c)
            elif isinstance(c, Ratio):
                part, whole = total(c.numerator), total(c.denominator)
                low, high = c.value.low * whole, c.value.high * whole
                if not low - _EPS * max(1, whole) <= part <= high + _EPS * max(1, whole):
                    broken.append(c)
        return broken

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


def _scaled(row: dict[int, float], factor: float) -> dict[int, float]:
    return {c: factor * v for c, v in row.items()}


def _plus(row: dict[int, float], other: dict[int, float], factor: float) -> dict[int, float]:
    """``row + factor * other``."""
    out = dict(row)
    for c, v in other.items():
        out[c] = out.get(c, 0.0) + factor * v
    return out


def _matrix(rows: list[dict[int, float]], width: int) -> sparse.csr_array:
    data = [v for row in rows for v in row.values()]
    columns = [c for row in rows for c in row]
    lines = [i for i, row in enumerate(rows) for _ in row]
    return sparse.csr_array((data, (lines, columns)), shape=(len(rows), width))

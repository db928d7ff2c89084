"""The linked-table audit: what a reader can derive from everything published together.

The attacker model
------------------
A *linked table* is a set of atoms -- the finest cells a reader can form behind the
published figures (for two grouping columns A and B, every pair (a, b); for the items of
an element, every (item, answer kind)) -- with the figures published about them. Each
atom ``a`` has an unknown whole-number count ``x_a >= 0`` and, where scores are
published, an unknown sum of scores ``y_a`` with ``low * x_a <= y_a <= high * x_a`` (the
0-10 scale). The reader is assumed to know which atoms are empty (the conservative
assumption: it only ever helps the reader). Every published figure is a linear
constraint:

- a count shown is exact;
- a mean shown is a sum, ``mean * count``; at full precision (JSON) it is exact up to a
  relative 1e-9, printed to ``d`` decimals it is an interval of +-0.5 x 10^-d times the
  count;
- a hidden cell still says something: a cell hidden because it is small says "fewer than
  N", so 1 to N-1; a cell hidden as a complement says it is not small, so at least N
  (unless told that the wording does not tell the two apart).

For every *target* (a hidden cell with 1 to threshold-1 members, and each of its other
counts), the audit finds the fewest and most members the constraints allow, and, when the
count is pinned, the lowest and highest mean. A target is **disclosed** when its count is
pinned to one value, or its count is pinned and its mean interval is narrower than
``tolerance`` points. A target is passed without solving when moving one real respondent
between two atoms changes its count and no published figure, or when a whole-number table
the solver has already found for another target (it fits everything published) gives it
another count: either is a proof that two different counts fit everything published.
Otherwise HiGHS (``scipy.optimize.linprog(method="highs")``) solves the bounds, counts as
whole numbers.

A table may also state *links*: two sets of atoms known to hold the same people (the same
staff counted once by ethnicity and once by gender), which the reader uses like any
published sum.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

# The default mean tolerance, in points on the 0-10 scale: a hidden group's mean known to
# within half a point is as good as printed.
DEFAULT_TOLERANCE = 0.5
# Relative slack of a figure published at full precision (JSON keeps ~15 digits).
EXACT = 1e-9
# Slack on the solver's answers before rounding a count bound to a whole number.
_EPS = 1e-6


@dataclass(frozen=True)
class Interval:
    """A closed interval [low, high] the reader cannot narrow further."""

    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class Figure:
    """One count published about a set of atoms, with the sum of their scores when a mean
    is published beside it (``total`` None: a count only)."""

    atoms: frozenset[int]
    count: int
    total: float | None = None


@dataclass(frozen=True)
class Cell:
    """A published cell: its figures (the first is its headcount) and how it may be hidden.

    ``family`` names the cells that make up one whole together (one column's groups), for
    complementary suppression; ``decimals`` is the precision its mean is printed to (None:
    full precision). A cell that is not ``suppressible`` (a source's public size) is always
    shown, unless listed as hidden from the start. ``ceiling`` is a bound on its headcount
    published elsewhere (a group's size bounds how many of it were scored on an element),
    which the reader still has when the cell is hidden. A cell that is not ``listed`` is
    never printed at all (staff with no band): hidden, it tells the reader nothing, not even
    that it is small, and it is still protected when it is.
    """

    key: Hashable
    figures: tuple[Figure, ...]
    family: Hashable | None = None
    suppressible: bool = True
    decimals: int | None = None
    ceiling: int | None = None
    listed: bool = True

    @property
    def count(self) -> int:
        return self.figures[0].count

    @property
    def atoms(self) -> frozenset[int]:
        return self.figures[0].atoms


@dataclass
class LinkedTable:
    """Atoms (their true counts and score sums) and the cells published about them.

    ``links`` are pairs of atom sets whose counts are equal by construction (the same
    people split two ways), known to the reader whatever is published."""

    name: str
    counts: np.ndarray
    cells: list[Cell]
    sums: np.ndarray | None = None
    scale: tuple[float, float] = (0.0, 10.0)
    links: tuple[tuple[frozenset[int], frozenset[int]], ...] = ()

    @property
    def scored(self) -> bool:
        return self.sums is not None


@dataclass(frozen=True)
class Disclosure:
    """A target the published figures give away, with what the reader can tell."""

    table: str
    key: Hashable
    figure: int  # which of the cell's figures (0: its headcount)
    count: Interval
    mean: Interval | None = None


@dataclass
class AuditResult:
    """What the audit checked and found."""

    checked: int = 0
    solved: int = 0  # targets whose bounds needed the solver
    disclosed: list[Disclosure] = field(default_factory=list)
    narrowest_count: Interval | None = None
    narrowest_mean: Interval | None = None

    @property
    def passed(self) -> bool:
        return not self.disclosed

    def merge(self, other: AuditResult) -> None:
        self.checked += other.checked
        self.solved += other.solved
        self.disclosed.extend(other.disclosed)
        self.narrowest_count = _narrower(self.narrowest_count, other.narrowest_count)
        self.narrowest_mean = _narrower(self.narrowest_mean, other.narrowest_mean)


def _narrower(a: Interval | None, b: Interval | None) -> Interval | None:
    if a is None:
        return b
    if b is None:
        return a
    return b if b.width < a.width else a


def revealed(cell: Cell, threshold: int, *, distinguish: bool = True) -> Interval:
    """What a hidden cell's headcount still says: "fewer than N" (1 to N-1) for a small
    cell, at least N for a complement when the wording tells the two apart."""
    ceiling = math.inf if cell.ceiling is None else cell.ceiling
    if not cell.listed:
        return Interval(0, ceiling)
    if 0 < cell.count < threshold:
        return Interval(1, min(threshold - 1, ceiling))
    if cell.count == 0:
        return Interval(0, 0)
    return Interval(threshold if distinguish else 1, ceiling)


def audit(
    tables: Iterable[LinkedTable],
    hidden: set[Hashable] | frozenset[Hashable],
    threshold: int,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    distinguish: bool = True,
    integer: bool = True,
) -> AuditResult:
    """Audit every table with the cells in ``hidden`` withheld."""
    result = AuditResult()
    for table in tables:
        result.merge(
            audit_table(
                table,
                hidden,
                threshold,
                tolerance=tolerance,
                distinguish=distinguish,
                integer=integer,
            )
        )
    return result


def targets(
    table: LinkedTable, hidden: Iterable[Hashable], threshold: int
) -> list[tuple[Cell, bool]]:
    """Hidden cells with 1 to threshold-1 members, each with whether its count is public
    anyway (the cell cannot be suppressed, or a shown cell counts the same atoms): then
    only its mean is protected."""
    hidden = set(hidden)
    public = {c.atoms for c in table.cells if c.key not in hidden}
    return [
        (c, not c.suppressible or c.atoms in public)
        for c in table.cells
        if c.key in hidden and 0 < c.count < threshold
    ]


def audit_table(
    table: LinkedTable,
    hidden: set[Hashable] | frozenset[Hashable],
    threshold: int,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    distinguish: bool = True,
    integer: bool = True,
) -> AuditResult:
    """Audit one linked table: bounds on every target's counts and mean."""
    result = AuditResult()
    goals = targets(table, hidden, threshold)
    if not goals:
        return result
    moves = _Moves(table, hidden, threshold, distinguish)
    programme: _Programme | None = None
    truth = np.asarray(table.counts)
    pending: list[tuple[Cell, int, Figure]] = []
    for cell, count_public in goals:
        result.checked += 1
        if count_public:
            if not table.scored:
                continue
            programme = programme or _Programme(table, hidden, threshold, distinguish, integer)
            result.solved += 1
            mean = programme.mean_bounds(cell.atoms, cell.count)
            result.narrowest_mean = _narrower(result.narrowest_mean, mean)
            if mean.width < tolerance:
                pinned = Interval(cell.count, cell.count)
                result.disclosed.append(Disclosure(table.name, cell.key, 0, pinned, mean))
            continue
        for index, figure in enumerate(cell.figures):
            if figure.count == 0 and not table.counts[list(figure.atoms)].any():
                continue  # known to be empty: the reader is assumed to know the empty atoms
            step = moves.frees(figure.atoms)
            if step:
                # Two counts a respondent apart both fit what is published.
                pair = Interval(*sorted((figure.count, figure.count + step)))
                result.narrowest_count = _narrower(result.narrowest_count, pair)
            else:
                pending.append((cell, index, figure))
    if not pending:
        return result
    programme = programme or _Programme(table, hidden, threshold, distinguish, integer)
    if len(pending) > 1:
        # Two tables that move every pending target as far as they can together: most
        # targets then have another count in one of them, with no solve of their own.
        result.solved += 1
        programme.spread([figure.atoms for _, _, figure in pending])
    for cell, index, figure in pending:
        other = _other_count(programme, figure.atoms, truth)
        if other is not None:
            pair = Interval(*sorted((figure.count, other)))
            result.narrowest_count = _narrower(result.narrowest_count, pair)
            continue
        result.solved += 1
        count = programme.count_bounds(figure.atoms, figure.count)
        result.narrowest_count = _narrower(result.narrowest_count, count)
        if count.width > 0:
            continue
        mean = None
        if index == 0 and table.scored and count.low > 0:
            mean = programme.mean_bounds(figure.atoms, int(count.low))
            result.narrowest_mean = _narrower(result.narrowest_mean, mean)
        # A pinned count below the threshold gives the cell away whatever its mean.
        result.disclosed.append(Disclosure(table.name, cell.key, index, count, mean))
    return result


def count_interval(
    table: LinkedTable,
    hidden: Iterable[Hashable],
    threshold: int,
    atoms: Iterable[int],
    *,
    distinguish: bool = True,
    known: int | None = None,
    integer: bool = True,
) -> Interval:
    """The fewest and most members the published figures allow in ``atoms`` (see
    :meth:`_Programme.count_bounds` for ``known``). With ``integer`` False, counts may be
    fractions: the interval is then at least as wide as the true one, quicker to find."""
    programme = _Programme(table, set(hidden), threshold, distinguish, integer)
    return programme.count_bounds(frozenset(atoms), known)


def _other_count(
    programme: _Programme | None, atoms: frozenset[int], truth: np.ndarray
) -> int | None:
    """A count of ``atoms`` other than the true one in a table the solver already found."""
    if programme is None:
        return None
    index = list(atoms)
    true = int(truth[index].sum())
    for found in programme.found:
        count = round(float(found[index].sum()))
        if count != true:
            return count
    return None


class _Moves:
    """Alternative tables one respondent away from the truth that publish the same figures."""

    def __init__(self, table: LinkedTable, hidden, threshold: int, distinguish: bool):
        figures = [(c, f) for c in table.cells for f in c.figures]
        n = len(table.counts)
        self.member = np.zeros((n, len(figures)), dtype=bool)
        can_lose = np.zeros(len(figures), dtype=bool)
        can_gain = np.zeros(len(figures), dtype=bool)
        for j, (cell, figure) in enumerate(figures):
            self.member[list(figure.atoms), j] = True
            if cell.key not in hidden:
                continue
            if figure is not cell.figures[0]:
                can_lose[j] = can_gain[j] = True
                continue
            bounds = revealed(cell, threshold, distinguish=distinguish)
            can_lose[j] = figure.count - 1 >= bounds.low
            can_gain[j] = figure.count + 1 <= bounds.high
        self.can_lose, self.can_gain = can_lose, can_gain
        self.occupied = np.asarray(table.counts) > 0
        # A move keeps a link when it changes both of its sides alike.
        self.sides = np.zeros((2, n, len(table.links)), dtype=np.int8)
        for j, pair in enumerate(table.links):
            for side, atoms in enumerate(pair):
                self.sides[side, list(atoms), j] = 1

    def frees(self, atoms: frozenset[int]) -> int:
        """+1 or -1 when moving one respondent into or out of ``atoms`` changes their count
        and no figure shown; 0 when no such move exists."""
        chosen = np.zeros(len(self.occupied), dtype=bool)
        chosen[list(atoms)] = True
        inside = np.flatnonzero(chosen & self.occupied)
        outside = np.flatnonzero(~chosen & self.occupied)
        if not len(inside) or not len(outside):
            return 0
        if self._any(inside, outside):
            return -1
        return 1 if self._any(outside, inside) else 0

    def _any(self, sources: np.ndarray, destinations: np.ndarray) -> bool:
        src = self.member[sources][:, None, :]
        dst = self.member[destinations][None, :, :]
        lose = src & ~dst
        gain = dst & ~src
        ok = ~(lose & ~self.can_lose).any(axis=2) & ~(gain & ~self.can_gain).any(axis=2)
        if self.sides.shape[2]:
            first, second = self.sides[0], self.sides[1]
            change = (first[destinations][None, :, :] - first[sources][:, None, :]) - (
                second[destinations][None, :, :] - second[sources][:, None, :]
            )
            ok &= ~change.any(axis=2)
        return bool(ok.any())


class _Programme:
    """The linear programme of one table with a given set of cells hidden, built once and
    asked for the bounds of any set of atoms."""

    def __init__(self, table: LinkedTable, hidden, threshold: int, distinguish, integer):
        n = len(table.counts)
        self.n = n
        self.size = 2 * n if table.scored else n
        low, high = table.scale
        ub_rows: list[np.ndarray] = []
        ub_b: list[float] = []
        eq_rows: list[np.ndarray] = []
        eq_b: list[float] = []
        for cell in table.cells:
            for k, figure in enumerate(cell.figures):
                x = self._x(figure.atoms)
                if cell.key in hidden:
                    if k == 0:
                        bounds = revealed(cell, threshold, distinguish=distinguish)
                        ub_rows.append(-x)
                        ub_b.append(-bounds.low)
                        if math.isfinite(bounds.high):
                            ub_rows.append(x)
                            ub_b.append(bounds.high)
                    continue
                eq_rows.append(x)
                eq_b.append(figure.count)
                if figure.total is not None and table.scored and figure.count > 0:
                    y = self._y(figure.atoms)
                    total = _published_total(figure, cell.decimals)
                    ub_rows += [y, -y]
                    ub_b += [total.high, -total.low]
        for first, second in table.links:
            eq_rows.append(self._x(first) - self._x(second))
            eq_b.append(0.0)
        from scipy import sparse

        blocks = [sparse.csr_matrix(np.array(ub_rows))] if ub_rows else []
        if table.scored:
            # low * x <= y <= high * x, atom by atom.
            eye = sparse.identity(n, format="csr")
            blocks.append(sparse.hstack([-high * eye, eye]))
            blocks.append(sparse.hstack([low * eye, -eye]))
            ub_b += [0.0] * (2 * n)
        self.a_ub = sparse.vstack(blocks, format="csr") if blocks else None
        self.b_ub = np.array(ub_b) if blocks else None
        self.a_eq = np.array(eq_rows) if eq_rows else None
        self.b_eq = np.array(eq_b) if eq_rows else None
        empty = table.counts <= 0
        self.bounds = [(0.0, 0.0 if empty[i] else None) for i in range(n)]
        if table.scored:
            self.bounds += [(0.0, 0.0 if empty[i] else None) for i in range(n)]
        self.integrality = None
        if integer:
            self.integrality = np.zeros(self.size)
            self.integrality[:n] = 1
        self.integer = integer
        self.found: list[np.ndarray] = []
        """Whole-number tables that fit everything published, kept to clear later targets."""
        self._reduce(np.asarray(table.counts, dtype=float))

    def _reduce(self, truth: np.ndarray) -> None:
        """Take out the atoms the shown figures fix on their own, before any solve.

        An equality with one unknown atom left fixes it (at its true count, which fits
        every figure), and so on until none does; only the rest is solved. Most atoms of a
        large table are fixed this way, and every solve is smaller for it.
        """
        unknown = np.ones(self.size, dtype=bool)
        unknown[: self.n] = np.array([b[1] is None for b in self.bounds[: self.n]])
        if self.a_eq is not None:
            nonzero = self.a_eq != 0
            while True:
                left = (nonzero & unknown).sum(axis=1)
                rows = np.flatnonzero(left == 1)
                if not len(rows):
                    break
                unknown[(nonzero[rows] & unknown).any(axis=0)] = False
        self.keep = unknown
        self.value = np.zeros(self.size)
        self.value[: self.n] = truth
        self.value[unknown] = 0.0
        if self.a_eq is not None:
            rest = self.b_eq - self.a_eq[:, ~unknown] @ self.value[~unknown]
            a_eq = self.a_eq[:, unknown]
            live = (a_eq != 0).any(axis=1)
            self.a_eq, self.b_eq = (a_eq[live], rest[live]) if live.any() else (None, None)
        if self.a_ub is not None:
            rest = self.b_ub - self.a_ub[:, ~unknown] @ self.value[~unknown]
            a_ub = self.a_ub[:, unknown].tocsr()
            live = np.diff(a_ub.indptr) > 0
            self.a_ub, self.b_ub = (a_ub[live], rest[live]) if live.any() else (None, None)
        self.bounds = [b for b, k in zip(self.bounds, unknown, strict=True) if k]
        if self.integrality is not None:
            self.integrality = self.integrality[unknown]

    def _x(self, atoms: Iterable[int]) -> np.ndarray:
        row = np.zeros(self.size)
        row[list(atoms)] = 1.0
        return row

    def _y(self, atoms: Iterable[int]) -> np.ndarray:
        row = np.zeros(self.size)
        row[[self.n + a for a in atoms]] = 1.0
        return row

    def _extreme(
        self, objective: np.ndarray, sense: float, extra=None, *, relaxed: bool = False
    ) -> float:
        """The least (``sense`` 1) or most (-1) of ``objective`` over the tables that fit.

        ``relaxed``: counts may be fractions, a quicker bound that is never tighter; a
        fractional answer is not kept as a table found."""
        keep, fixed = self.keep, self.value[~self.keep]
        constant = float(objective[~keep] @ fixed)
        if not objective[keep].any():
            return constant
        a_eq, b_eq = self.a_eq, self.b_eq
        if extra is not None:
            row, value = extra
            row, value = row[keep], value - float(row[~keep] @ fixed)
            a_eq = row[None, :] if a_eq is None else np.vstack([a_eq, row])
            b_eq = np.array([value]) if b_eq is None else np.append(b_eq, value)
        # Imported here: most audits pass every target without solving a programme.
        from scipy.optimize import linprog

        result = linprog(
            sense * objective[keep],
            A_ub=self.a_ub,
            b_ub=self.b_ub,
            A_eq=a_eq,
            b_eq=b_eq,
            bounds=self.bounds,
            method="highs",
            integrality=None if relaxed else self.integrality,
        )
        if result.status == 3:
            return sense * math.inf
        if result.status != 0:
            raise RuntimeError(f"the published figures do not fit the audit: {result.message}")
        if self.integer and extra is None:
            whole = self.value.copy()
            whole[keep] = result.x
            counts = whole[: self.n]
            if not relaxed or np.allclose(counts, np.round(counts), atol=_EPS):
                self.found.append(np.round(counts))
        return sense * result.fun + constant

    def count_bounds(self, atoms: frozenset[int], known: int | None = None) -> Interval:
        """The fewest and most members of ``atoms``. Given the ``known`` true count, a most
        above it already shows the count is not pinned, and the fewest is taken as known
        (the interval is then at least as wide as the one returned)."""
        x = self._x(atoms)
        high = self._most(x, known)
        if known is not None and high > known:
            return Interval(float(known), high)
        low = -self._most(-x, None if known is None else -known)
        return Interval(low, high)

    def _most(self, objective: np.ndarray, known: int | None) -> float:
        """The most of ``objective`` (whole), from the relaxed programme when it settles it:
        a relaxed most below ``known`` + 1 is the whole one (the truth reaches ``known``),
        and a whole-number relaxed answer is itself a table that fits."""
        if self.integer and known is not None:
            found = len(self.found)
            relaxed = float(math.floor(self._extreme(objective, -1.0, relaxed=True) + _EPS))
            if relaxed <= known or len(self.found) > found:
                return relaxed
        return float(math.floor(self._extreme(objective, -1.0) + _EPS))

    def spread(self, sets: Sequence[frozenset[int]]) -> None:
        """Solve for the most and the fewest members of all ``sets`` together, keeping both
        tables found."""
        objective = np.zeros(self.size)
        for atoms in sets:
            objective += self._x(atoms)
        self._extreme(objective, -1.0)
        self._extreme(objective, 1.0)

    def mean_bounds(self, atoms: frozenset[int], count: int) -> Interval:
        """The lowest and highest mean of ``atoms`` once their count is known to be ``count``."""
        pin = (self._x(atoms), float(count))
        y = self._y(atoms)
        low, high = self._extreme(y, 1.0, pin), self._extreme(y, -1.0, pin)
        return Interval(low / count, high / count)


def _published_total(figure: Figure, decimals: int | None) -> Interval:
    """The interval of score sums a published mean allows (``mean * count``)."""
    assert figure.total is not None
    mean = figure.total / figure.count
    if decimals is None:
        slack = EXACT * max(1.0, abs(mean))
    else:
        mean = round(mean, decimals)
        slack = 0.5 * 10.0 ** (-decimals)
    return Interval((mean - slack) * figure.count, (mean + slack) * figure.count)

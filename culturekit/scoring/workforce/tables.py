"""Every count the workforce tables print, linked by their margins and suppressed together.

Rows: All staff, each band, Leadership, Board. Columns: the categories of ethnicity group,
disability and gender. Within each band, the staff groups of WRES 1 and WDES 1 (Clinical,
Non-clinical, Not recorded). The sums a reader can use:

* a row's total is the sum of its categories (and a hidden row is hidden whole);
* All staff is the sum of the bands (and of staff with no band, who are not printed),
  row by row and category by category;
* Leadership is the sum of the leadership bands and of board members in other bands (not
  printed), again category by category. Non-executive board members are not staff: they
  are in the Board row alone, neither in a band nor in All staff nor in Leadership;
* a band is the sum of its staff groups, in total and for each category.

The board's own counts (total, ethnicity group, disability and gender) are public record
and shown at any size (WRES 9, WDES 10). So is each board member's post, and with it
the pay band and staff group: the annual report names every executive director, with
their post and pay, so the audit takes the number of board members in each band and
staff group as known to every reader. The groups a reader can form as one printed row
minus another (staff outside Leadership, staff not on the board, leaders not on the board,
each by category, and a band's staff not on the board) are not printed, but the audit
protects them like printed ones. What the public record pins by itself (the board
members of a band by disability, when the whole board is in that band) is public too,
and the audit reads it as known though no table prints it.

For the audit, the finest cells behind every count are the people of one band, staff
group, board membership and employment (a *row atom*) with one value of one characteristic: each
characteristic splits the same people, so the row atom's cells of each characteristic are
linked to hold the same number. Only these one-way splits are published, so any counts
that fit them can be completed to a full cross-tabulation: the audit over these cells is
exactly as tight as one over every combination of characteristics.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from culturekit.ingest.workforce import BANDS
from culturekit.scoring.workforce.linked import Key, LinkedCounts, Population, key

ALL: dict[str, str] = {}
LEADERSHIP = {"row": "Leadership"}
BOARD = {"row": "Board"}
UNBANDED = {"band": "(none)"}
BOARD_OUTSIDE = {"row": "Board members outside the leadership bands"}
NON_EXECUTIVES = {"row": "Non-executive board members"}
# Groups no table prints but a reader can form from two printed rows, one inside the other.
# Groups of staff a reader can form as one printed row minus another. Non-executive
# board members are on the board but not staff, so they are in none of these.
DIFFERENCES = {
    "Staff outside Leadership": lambda staff, leaders, board: staff & ~leaders,
    "Staff not on the board": lambda staff, leaders, board: staff & ~board,
    "Leaders not on the board": lambda staff, leaders, board: leaders & ~board,
}
OFF_BOARD = "Staff not on the board"
STAFF_GROUPS = ("Clinical", "Non-clinical", "Not recorded")
PUBLIC_BOARD_COLUMNS = ("ethnicity_group", "disability", "gender")


def band_row(band: str) -> dict[str, str]:
    return {"band": band}


def group_row(band: str, staff_group: str) -> dict[str, str]:
    return {"band": band, "staff_group": staff_group}


def linked_counts(
    frame: pd.DataFrame,
    staff: pd.Series,
    columns: dict[str, tuple[pd.Series, Sequence[str]]],
    leaders: pd.Series,
    board: pd.Series,
    leadership_bands: Sequence[str],
    staff_groups: pd.Series | None,
    threshold: int,
) -> LinkedCounts:
    """The counts of every workforce table, with margins, suppressed.

    ``frame`` is the whole sheet; ``staff`` marks its workforce (every row but the
    non-executive board members, who are counted in the Board row alone). ``columns``
    maps a characteristic (``ethnicity_group``...) to its values (one per row) and
    categories.
    """
    linked = LinkedCounts(threshold)
    band = frame["band"]
    in_band = {b: band.eq(b).fillna(False).astype(bool) & staff for b in BANDS}
    unbanded = ~band.isin(list(BANDS)).fillna(False).astype(bool) & staff
    outside = board & staff & ~band.isin(list(leadership_bands)).fillna(False).astype(bool)
    rows: list[tuple[dict[str, str], pd.Series, bool, bool]] = [
        (ALL, staff, False, True),
        *((band_row(b), m, False, True) for b, m in in_band.items()),
        (UNBANDED, unbanded, False, False),
        (LEADERSHIP, leaders, False, True),
        (BOARD, board, True, True),
        # Board members are public record, in and outside the bands alike.
        (BOARD_OUTSIDE, outside, True, False),
        # Not printed, but protected: the audit treats them as groups like any other.
        *(
            ({"row": name}, rule(staff, leaders, board), False, False)
            for name, rule in DIFFERENCES.items()
        ),
    ]
    if staff_groups is not None:
        for b, m in in_band.items():
            for g in STAFF_GROUPS:
                rows.append((group_row(b, g), m & (staff_groups == g), False, True))
    cells = _Cells(frame, columns, board, staff, staff_groups)
    atoms: dict[Key, frozenset[int]] = {}
    is_value = {
        name: {c: values.eq(c).to_numpy(dtype=bool) for c in categories}
        for name, (values, categories) in columns.items()
    }
    for where, series, public, published in rows:
        mask = series.to_numpy(dtype=bool)
        row = linked.add(key(where), int(mask.sum()), public=public, published=published)
        atoms[row] = cells.of(None, mask)
        for name, (_, categories) in columns.items():
            open_board = public and name in PUBLIC_BOARD_COLUMNS
            parts = []
            for c in categories:
                members = mask & is_value[name][c]
                part = linked.add(
                    key(where, **{name: c}),
                    int(members.sum()),
                    public=open_board,
                    published=published,
                )
                atoms[part] = cells.of(name, members)
                parts.append(part)
            linked.margin(key(where), parts, whole=True)
    # The non-executive board members, who are not staff: only their number is printed,
    # beside the board's size, and like the board's it is public record.
    non_executive = (board & ~staff).to_numpy(dtype=bool)
    row = linked.add(key(NON_EXECUTIVES), int(non_executive.sum()), public=True)
    atoms[row] = cells.of(None, non_executive)
    placed = _board_by_band(linked, atoms, cells, columns, is_value, in_band, board, staff_groups)
    _margins(linked, columns, leadership_bands, staff_groups is not None)
    linked.population = cells.population(atoms)
    linked.publicise(placed)
    linked.suppress()
    return linked


def _board_by_band(
    linked: LinkedCounts,
    atoms: dict[Key, frozenset[int]],
    cells: _Cells,
    columns: dict[str, tuple[pd.Series, Sequence[str]]],
    is_value: dict[str, dict[str, np.ndarray]],
    in_band: dict[str, pd.Series],
    board: pd.Series,
    staff_groups: pd.Series | None,
) -> list[Key]:
    """The board members of each band and of each of its staff groups, known to every
    reader as their posts are; and where a band has any, the staff of the band (and of
    each staff group) not on the board, a printed row minus a known count, each by
    category and protected, not printed. Returns the board members' categories in each
    band and staff group, which the public record may pin by itself."""
    placed: list[Key] = []

    def add(where: Key, mask: np.ndarray, **flags: bool) -> Key:
        row = linked.add(where, int(mask.sum()), **flags)
        atoms[row] = cells.of(None, mask)
        return row

    def by_category(where: Key, mask: np.ndarray) -> list[Key]:
        parts = []
        for name, (_, categories) in columns.items():
            for c in categories:
                members = mask & is_value[name][c]
                part = linked.add(
                    key(dict(where), **{name: c}), int(members.sum()), published=False
                )
                atoms[part] = cells.of(name, members)
                parts.append(part)
        return parts

    for b, members in in_band.items():
        on_board = (members & board).to_numpy(dtype=bool)
        row = add(key(band_row(b), row=BOARD["row"]), on_board, public=True)
        if not on_board.any():
            continue
        placed += by_category(row, on_board)
        splits = [(band_row(b), members)]
        if staff_groups is not None:
            splits += [(group_row(b, g), members & (staff_groups == g)) for g in STAFF_GROUPS]
        for where, split in splits:
            if where != band_row(b):
                split_board = (split & board).to_numpy(dtype=bool)
                split_row = add(key(where, row=BOARD["row"]), split_board, public=True)
                if split_board.any():
                    placed += by_category(split_row, split_board)
            off_board = (split & ~board).to_numpy(dtype=bool)
            if off_board.any():
                by_category(add(key(where, row=OFF_BOARD), off_board, published=False), off_board)
    return placed


class _Cells:
    """The audit's finest cells: (row atom, characteristic, value), numbered, occupied only."""

    def __init__(
        self,
        frame: pd.DataFrame,
        columns: dict[str, tuple[pd.Series, Sequence[str]]],
        board: pd.Series,
        staff: pd.Series,
        staff_groups: pd.Series | None,
    ):
        band = frame["band"].where(frame["band"].isin(list(BANDS)), UNBANDED["band"])
        group = staff_groups.fillna("") if staff_groups is not None else ""
        rows = pd.DataFrame(
            {"band": band, "group": group, "board": board.to_numpy(), "staff": staff.to_numpy()}
        )
        row, _ = pd.factorize(pd.MultiIndex.from_frame(rows.astype(str)))
        self.copies: dict[str | None, np.ndarray] = {}
        # The first copy (the first characteristic, or the rows alone) carries the totals.
        offset = 0
        for name, (values, categories) in columns.items() or [(None, (None, ()))]:
            if values is None:
                value = np.zeros(len(frame), dtype=int)
            else:
                value = pd.Categorical(values, categories=list(categories)).codes.copy()
                value[value < 0] = len(categories)  # anything else: counted in totals only
            self.copies[name] = offset + row * (len(categories) + 1) + value
            offset += (row.max(initial=-1) + 1) * (len(categories) + 1)
        everyone = np.concatenate(list(self.copies.values()))
        self.ids, inverse = np.unique(everyone, return_inverse=True)
        self.sizes = np.bincount(inverse)
        self.row = row
        self.first = next(iter(self.copies))

    def _compact(self, raw: np.ndarray) -> frozenset[int]:
        return frozenset(np.searchsorted(self.ids, np.unique(raw)).tolist())

    def of(self, name: str | None, mask: np.ndarray) -> frozenset[int]:
        return self._compact(self.copies[name if name is not None else self.first][mask])

    def population(self, atoms: dict[Key, frozenset[int]]) -> Population:
        links = []
        for r in np.unique(self.row):
            mine = self.row == r
            first = self._compact(self.copies[self.first][mine])
            for name, copy in self.copies.items():
                if name != self.first:
                    links.append((first, self._compact(copy[mine])))
        return Population(self.sizes, atoms, tuple(links))


def _margins(
    linked: LinkedCounts,
    columns: dict[str, tuple[pd.Series, Sequence[str]]],
    leadership_bands: Sequence[str],
    by_staff_group: bool,
) -> None:
    """The sums across rows: bands to All staff, leadership bands to Leadership, staff
    groups to their band; each for the totals and for every category."""
    cuts: list[dict[str, str]] = [{}]
    cuts += [{name: c} for name, (_, categories) in columns.items() for c in categories]
    lead = [b for b in leadership_bands if b in BANDS]
    for cut in cuts:
        linked.margin(
            key(ALL, **cut), [key(band_row(b), **cut) for b in BANDS] + [key(UNBANDED, **cut)]
        )
        linked.margin(
            key(LEADERSHIP, **cut),
            [key(band_row(b), **cut) for b in lead] + [key(BOARD_OUTSIDE, **cut)],
        )
        if by_staff_group:
            for b in BANDS:
                parts = [key(group_row(b, g), **cut) for g in STAFF_GROUPS]
                linked.margin(key(band_row(b), **cut), parts)


def cell(linked: LinkedCounts, where: dict[str, str], **more: str) -> tuple[int | None, Key]:
    """The printed count of one cell (None when hidden) and its key."""
    k = key(where, **more)
    return linked.shown(k), k


__all__ = [
    "ALL",
    "BOARD",
    "LEADERSHIP",
    "NON_EXECUTIVES",
    "STAFF_GROUPS",
    "band_row",
    "cell",
    "group_row",
    "linked_counts",
]

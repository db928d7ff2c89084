"""Employees of a crafted Workforce sheet, and the true counts of every small cell."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from helpers.workbooks import framework_data

from attack.truth import Cell

# The fields of a workforce atom, in order: what the published tables are cut by.
FIELDS = ("band", "board", "staff_group", "ethnicity", "disability", "gender")
LEADERSHIP_BANDS = frozenset(framework_data()["rules"]["leadership_bands"])
# The band of a non-executive board member (board_member Y, executive N): on the board and
# not in the workforce, so in no published band, All staff or Leadership (docs/methods.md).
NON_EXECUTIVE = "(non-executive board member)"
# The cuts the workforce tables publish (and a reader can combine): every combination of
# up to three of these is counted, so every small cell of any of them is a target.
CUTS = ("band", "leader", "staff_group", "ethnicity", "disability")
# Every cut the workforce section publishes: the Board rows and the gender table as well.
PUBLISHED_CUTS = ("band", "board", "leader", "staff_group", "ethnicity", "disability", "gender")


@dataclass(frozen=True)
class Employee:
    band: str
    staff_group: str
    ethnicity: str  # White / BME (the category written is mapped as the contract says)
    disability: str  # Yes / No
    board: bool = False
    left: bool = False
    disciplinary: bool = False
    gender: str = ""  # as written; "" when the sheet has no gender column

    @property
    def leader(self) -> bool:
        return self.band != NON_EXECUTIVE and (self.board or self.band in LEADERSHIP_BANDS)

    @classmethod
    def many(
        cls,
        n: int,
        band: str,
        staff_group: str,
        *,
        disabled: int = 0,
        bme: int = 0,
        left: int = 0,
        disciplinary: int = 0,
        board: int = 0,
    ) -> list[Employee]:
        """``n`` employees; the first ``bme`` are BME, the last ``disabled`` Disabled,
        the first ``left`` left in the period, and so on."""
        return [
            cls(
                band,
                staff_group,
                "BME" if k < bme else "White",
                "Yes" if k >= n - disabled else "No",
                board=k < board,
                left=k < left,
                disciplinary=k >= n - disciplinary - disabled and k < n - disabled,
            )
            for k in range(n)
        ]

    def value(self, name: str) -> Any:
        return getattr(self, name)


ETHNICITY_WRITTEN = {"BME": "Asian or Asian British - Indian", "White": "White - British"}


def workforce_rows(employees: Sequence[Employee]) -> list[list[Any]]:
    """The Workforce sheet: band, staff_group, ethnicity, disability and Y/N outcomes (and
    gender, when any employee has one)."""
    header = [
        "band",
        "staff_group",
        "ethnicity",
        "disability",
        "board_member",
        "left_in_period",
        "entered_disciplinary",
    ]
    gender = any(e.gender for e in employees)

    def yn(flag: bool) -> str:
        return "Y" if flag else "N"

    return [header + ["gender"] * gender] + [
        [
            e.band,
            e.staff_group,
            ETHNICITY_WRITTEN[e.ethnicity],
            e.disability,
            yn(e.board),
            yn(e.left),
            yn(e.disciplinary),
            *[e.gender] * gender,
        ]
        for e in employees
    ]


def workforce_cells(
    employees: Iterable[Employee], depth: int = 3, cuts: Sequence[str] = CUTS
) -> list[Cell]:
    """The count of every combination of up to ``depth`` cuts (band x ethnicity, ...).

    ``leader`` is a function of band and board, so it is not crossed with either.
    """
    employees = list(employees)
    cells = []
    for size in range(1, depth + 1):
        for cut in combinations(cuts, size):
            if "leader" in cut and ("band" in cut or "board" in cut):
                continue
            counts = Counter(tuple(e.value(f) for f in cut) for e in employees)
            for values, count in counts.items():
                where = {f: frozenset({v}) for f, v in zip(cut, values, strict=True)}
                name = ", ".join(f"{f}={v}" for f, v in zip(cut, values, strict=True))
                cells.append(Cell(where, count, name))
    return cells


# What WRES 9 and WDES 10 publish at any size: the board, and its ethnic groups and
# disability (board composition is public record).
_BOARD_COMPOSITION = (
    {"board"},
    {"board", "ethnicity"},
    {"board", "disability"},
    {"board", "gender"},
)


def board_posts(employees: Iterable[Employee]) -> dict[tuple[str, str], int]:
    """The number of board members in each band and staff group: public record, as the
    annual report names every executive director, with their post and pay."""
    counts = Counter(
        (e.band, e.staff_group) for e in employees if e.board and e.band != NON_EXECUTIVE
    )
    return dict(counts)


_POSTS = ({"band", "board"}, {"band", "board", "staff_group"}, {"board", "staff_group"})


def is_board_post(cell: Cell) -> bool:
    """True for the board members of one band or staff group: public record (see
    ``board_posts``)."""
    return set(cell.where) in _POSTS and cell.where["board"] == frozenset({True})


def is_board_composition(cell: Cell) -> bool:
    """True for a count the policy shows whatever its size: the board, or the board
    members of one ethnic group, disability category or gender, or how many of them are
    non-executive (shown apart from the workforce)."""
    if cell.where == {"band": frozenset({NON_EXECUTIVE})}:
        return True
    return cell.where.get("board") == frozenset({True}) and set(cell.where) in _BOARD_COMPOSITION


def is_non_executive(cell: Cell) -> bool:
    """True for a count of non-executive board members alone: board composition, public
    record by policy (the audit takes them as known by category), never a workforce
    figure, so never a target however small."""
    return cell.where.get("band") == frozenset({NON_EXECUTIVE})

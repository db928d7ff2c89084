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
FIELDS = ("band", "board", "staff_group", "ethnicity", "disability")
LEADERSHIP_BANDS = frozenset(framework_data()["rules"]["leadership_bands"])
# The cuts the workforce tables publish (and a reader can combine): every combination of
# up to three of these is counted, so every small cell of any of them is a target.
CUTS = ("band", "leader", "staff_group", "ethnicity", "disability")


@dataclass(frozen=True)
class Employee:
    band: str
    staff_group: str
    ethnicity: str  # White / BME (the category written is mapped as the contract says)
    disability: str  # Yes / No
    board: bool = False
    left: bool = False
    disciplinary: bool = False

    @property
    def leader(self) -> bool:
        return self.board or self.band in LEADERSHIP_BANDS

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
    """The Workforce sheet: band, staff_group, ethnicity, disability and Y/N outcomes."""
    header = [
        "band",
        "staff_group",
        "ethnicity",
        "disability",
        "board_member",
        "left_in_period",
        "entered_disciplinary",
    ]

    def yn(flag: bool) -> str:
        return "Y" if flag else "N"

    return [header] + [
        [
            e.band,
            e.staff_group,
            ETHNICITY_WRITTEN[e.ethnicity],
            e.disability,
            yn(e.board),
            yn(e.left),
            yn(e.disciplinary),
        ]
        for e in employees
    ]


def workforce_cells(employees: Iterable[Employee], depth: int = 3) -> list[Cell]:
    """The count of every combination of up to ``depth`` cuts (band x ethnicity, ...)."""
    employees = list(employees)
    cells = []
    for size in range(1, depth + 1):
        for cut in combinations(CUTS, size):
            if "band" in cut and "leader" in cut:
                continue
            counts = Counter(tuple(e.value(f) for f in cut) for e in employees)
            for values, count in counts.items():
                where = {f: frozenset({v}) for f, v in zip(cut, values, strict=True)}
                name = ", ".join(f"{f}={v}" for f, v in zip(cut, values, strict=True))
                cells.append(Cell(where, count, name))
    return cells

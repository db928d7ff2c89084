"""The workforce tables of diagnosis.json as one linked programme over employee atoms.

An atom is (band, board member or not, staff group, ethnic group, disability, gender);
non-executive board members have a band of their own, in no published band. The
headcount by band, the Leadership and Board totals, every representation table (band x
category, with its Leadership, Board and All staff rows; gender too), the WRES/WDES tables
by band (All staff = Clinical + Non-clinical) and the rule sentences of the workforce
evidence all constrain the same atoms, so a reader can combine them. Nothing published
crosses gender with ethnicity or disability, so gender is a full field of the atom: the
programme then allows every way of crossing them that the shared band and board totals
allow, which is what a reader can rule in or out.

What the reader also knows from the methods page and the tables' layout: a hidden count
is never zero (zeros are shown), and the WRES/WDES 1 tables list a row for each staff
group a band has, so a group a split band does not list is empty. A share shown beside a
shown total is a whole-number count (see ``_share``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import product
from typing import Any

from attack.lp import Count, Interval, LinkedTables, Ratio
from attack.published import BIG, hidden_count, known
from attack.workforce import NON_EXECUTIVE

STAFF_GROUPS = ("Clinical", "Non-clinical", "Not recorded")
CATEGORIES = {
    "ethnicity": ("White", "BME", "Not stated"),
    "disability": ("Yes", "No", "Not declared"),
}
CHARACTERISTICS = {
    "ethnicity_group": "ethnicity",
    "disability": "disability",
    "gender": "gender",
}
# Without a gender table every atom has this one gender, and a gender cut selects all.
NO_GENDER = ""
TARGETS = {"WRES": ("ethnicity", "BME"), "WDES": ("disability", "Yes")}
_FIELD = {"band": 0, "board": 1, "staff_group": 2, "ethnicity": 3, "disability": 4, "gender": 5}
_BELOW = re.compile(r"(BME|Disabled) representation among leaders is (below|above) ([\d.]+) times")
_SHARE = re.compile(r"(BME|Disabled) staff ([\d.]+)% of leaders against ([\d.]+)% of all staff")
_SENTENCE_TARGET = {"BME": ("ethnicity", "BME"), "Disabled": ("disability", "Yes")}


class WorkforceTables:
    """Builds the programme; ``select(where)`` turns a truth cell's filter into atoms."""

    def __init__(
        self,
        workforce: Mapping[str, Any],
        *,
        suppressed_nonzero: bool = True,
        board_posts: Mapping[tuple[str, str], int] | None = None,
    ):
        """``board_posts``: the number of board members in each band and staff group,
        which a reader has from the annual report (every executive director is named,
        with their post and pay)."""
        self.data = workforce
        self.nonzero = suppressed_nonzero
        headcount = workforce.get("headcount") or {}
        self.leadership_bands = set(headcount.get("leadership_bands") or [])
        bands = [b["label"] for b in headcount.get("by_band") or []]
        for table in workforce.get("representation") or []:
            bands += [r["group"] for r in table.get("rows") or [] if r["group"] != "Board"]
        self.bands = list(dict.fromkeys(bands))
        self.genders = _categories(workforce, "gender") or (NO_GENDER,)
        atoms = list(
            product(self.bands, (False, True), STAFF_GROUPS, *CATEGORIES.values(), self.genders)
        )
        # Non-executive board members: on the board, in no band and not in the workforce.
        atoms += product(
            (NON_EXECUTIVE,), (True,), STAFF_GROUPS, *CATEGORIES.values(), self.genders
        )
        self.tables = LinkedTables(atoms)
        self._indexes: dict[str, dict[Any, frozenset]] = {}
        self._shown: dict[frozenset, int] = {}
        self.zeros: list[frozenset] = []
        """The atoms of every count printed as 0: no one is in any of them."""
        self._ratios: list[Ratio] = []
        self._headcount(headcount)
        for table in workforce.get("representation") or []:
            self._representation(table)
        for standard in ("wres", "wdes"):
            for indicator in (workforce.get(standard) or {}).values():
                self._by_band(indicator)
        self._sentences(workforce.get("evidence") or [])
        for (band, group), count in (board_posts or {}).items():
            if band not in self.bands:
                continue  # a board member with no band recorded: not in the published atoms
            atoms = self.select({"band": {band}, "board": {True}, "staff_group": {group}})
            self.tables.add(Count(atoms, Interval(count, count)))
        for ratio in self._ratios:
            self._share(ratio)

    def select(self, where: Mapping[str, Any]) -> frozenset:
        """The atoms whose fields take one of the given values, for every field named."""
        chosen = frozenset(self.tables.atoms)
        for name, values in where.items():
            if name == "gender" and not self.has_gender:
                continue
            index = self._index(name)
            chosen &= frozenset().union(*(index.get(v, frozenset()) for v in values))
        return chosen

    def _index(self, name: str) -> dict[Any, frozenset]:
        """Atoms by their value of one field (``leader`` included), built once."""
        if name not in self._indexes:
            groups: dict[Any, set] = {}
            for atom in self.tables.atoms:
                if name == "leader":
                    value = atom[0] != NON_EXECUTIVE and (
                        atom[1] or atom[0] in self.leadership_bands
                    )
                elif name == "staff":
                    value = atom[0] != NON_EXECUTIVE
                else:
                    value = atom[_FIELD[name]]
                groups.setdefault(value, set()).add(atom)
            self._indexes[name] = {v: frozenset(a) for v, a in groups.items()}
        return self._indexes[name]

    @property
    def has_gender(self) -> bool:
        return self.genders != (NO_GENDER,)

    def table_of(self, employees: Iterable[Any]) -> Counter:
        """The atoms' counts for a list of employees (``attack.workforce.Employee``): the
        true table, which every constraint must allow if the model fits the file."""
        return Counter(
            (
                e.band,
                e.board,
                e.staff_group,
                e.ethnicity,
                e.disability,
                e.gender if self.has_gender else NO_GENDER,
            )
            for e in employees
        )

    def _count(
        self, atoms: frozenset, entry: Mapping[str, Any], key: str = "count", whole: bool = True
    ) -> None:
        """A shown count, or what a suppression says; a cell hidden inside a shown row
        is not zero when zeros are shown (``suppressed_nonzero``)."""
        value = entry.get(key)
        if isinstance(value, int):
            self.tables.add(Count(atoms, Interval(value, value)))
            self._shown[atoms] = value
            if value == 0:
                self.zeros.append(atoms)
        elif entry.get("suppressed"):
            floor = 1 if self.nonzero and whole else 0
            self.tables.add(Count(atoms, hidden_count(entry.get("reason"), floor)))

    def _row(self, group: str) -> frozenset:
        if group == "Board":
            return self.select({"board": {True}})
        if group == "Leadership":
            return self.select({"leader": {True}})
        if group in self.bands:
            return self.select({"band": {group}})
        return self.select({"staff": {True}})

    def _share(self, ratio: Ratio) -> None:
        """A share, as whole-number bounds on one side when the other side is shown.

        A share printed at full precision is an equality with an irrational coefficient;
        as two inequalities a hair apart it defeats the solver's tolerances (HiGHS then
        calls a table the reader holds infeasible). With the whole known, the share says
        the part is a whole number in [low x whole, high x whole], which is exact.
        """
        part, whole = self._shown.get(ratio.numerator), self._shown.get(ratio.denominator)
        low, high = ratio.value.low, ratio.value.high
        if part is not None and whole is not None:
            return
        if whole is not None:
            bounds = Interval(math.ceil(low * whole - 1e-6), math.floor(high * whole + 1e-6))
            self.tables.add(Count(ratio.numerator, bounds))
        elif part is not None:
            fewest = math.ceil(part / high - 1e-6) if high > 0 else 0
            most = math.floor(part / low + 1e-6) if low > 0 else BIG
            self.tables.add(Count(ratio.denominator, Interval(fewest, most)))
        else:
            self.tables.add(ratio)

    def _headcount(self, headcount: Mapping[str, Any]) -> None:
        for key, where in (("total", {"staff": {True}}), ("leadership", {"leader": {True}})):
            if headcount.get(key):
                self._count(self.select(where), headcount[key])
        if headcount.get("board"):
            self._count(self.select({"board": {True}}), headcount["board"])
        if headcount.get("non_executive"):
            self._count(self.select({"band": {NON_EXECUTIVE}}), headcount["non_executive"])
        for band in headcount.get("by_band") or []:
            self._count(self.select({"band": {band["label"]}}), band)

    def _representation(self, table: Mapping[str, Any]) -> None:
        field = CHARACTERISTICS.get(table.get("characteristic", ""))
        if field is None or (field == "gender" and not self.has_gender):
            return
        rows = [table.get("overall"), table.get("leadership"), *(table.get("rows") or [])]
        for row in filter(None, rows):
            atoms = self._row(row["group"])
            self._count(atoms, row, "total")
            for cell in row.get("cells") or []:
                cell_atoms = atoms & self.select({field: {cell["category"]}})
                self._count(cell_atoms, cell, whole=isinstance(row.get("total"), int))
                if known(cell.get("percent")):
                    share = known(cell["percent"] / 100)
                    self._ratios.append(Ratio(cell_atoms, atoms, share))

    def _by_band(self, indicator: Mapping[str, Any]) -> None:
        field, value = TARGETS.get(indicator.get("standard", ""), (None, None))
        if field is None:
            return
        for entry in indicator.get("by_band") or []:
            where: dict[str, Any] = {"band": {entry["band"]}}
            if entry["staff_group"] != "All staff":
                where["staff_group"] = {entry["staff_group"]}
            atoms = self.select(where)
            self._count(atoms, entry, "total")
            whole = isinstance(entry.get("total"), int)
            self._count(atoms & self.select({field: {value}}), entry, whole=whole)
        # Rows are listed for the staff groups a band has (labels come from the data), so
        # a band split by staff group has no one in a group it does not list.
        listed: dict[str, set[str]] = {}
        for entry in indicator.get("by_band") or []:
            if entry["staff_group"] != "All staff":
                listed.setdefault(entry["band"], set()).add(entry["staff_group"])
        for band, groups in listed.items():
            absent = set(STAFF_GROUPS) - groups
            if absent:
                atoms = self.select({"band": {band}, "staff_group": absent})
                self.tables.add(Count(atoms, Interval(0, 0)))

    def _sentences(self, evidence: list[Any]) -> None:
        """Findings about leaders' representation, as bounds on shares: worded sentences,
        or the structured findings of the JSON (the same facts, unworded)."""
        for finding in evidence:
            if isinstance(finding, dict):
                self._finding(finding)
            else:
                self._sentence(finding)

    def _finding(self, finding: dict[str, Any]) -> None:
        if finding.get("kind") != "representation" or finding.get("group") not in _SENTENCE_TARGET:
            return
        field, value = _SENTENCE_TARGET[finding["group"]]
        leaders_percent = finding.get("leaders_percent")
        workforce_percent = finding.get("workforce_percent")
        if leaders_percent is not None and workforce_percent is not None:
            self._shares(field, value, Interval.rounded(leaders_percent / 100, 9), None)
            return
        floor = finding.get("floor")
        if floor is None or finding.get("assessment") not in ("concern", "no_concern"):
            return
        self._bound(field, value, float(floor), finding["assessment"] == "concern")

    def _sentence(self, sentence: str) -> None:
        if match := _SHARE.search(sentence):
            field, value = _SENTENCE_TARGET[match.group(1)]
            shares = []
            for text in (2, 3):
                decimals = len(match.group(text).partition(".")[2]) + 2
                shares.append(Interval.rounded(float(match.group(text)) / 100, decimals))
            self._shares(field, value, shares[0], shares[1])
        elif match := _BELOW.search(sentence):
            field, value = _SENTENCE_TARGET[match.group(1)]
            self._bound(field, value, float(match.group(3)), match.group(2) == "below")

    def _shares(
        self, field: str, value: str, leaders_share: Interval, all_share: Interval | None
    ) -> None:
        target = self.select({field: {value}})
        leaders = self.select({"leader": {True}})
        self._ratios.append(Ratio(target & leaders, leaders, leaders_share))
        if all_share is not None:
            everyone = self.select({"staff": {True}})
            self._ratios.append(Ratio(target & everyone, everyone, all_share))

    def _bound(self, field: str, value: str, factor: float, below: bool) -> None:
        share = self._overall_share(field, value)
        if share is None:
            return
        bound = Interval(0, factor * share.high) if below else Interval(factor * share.low, 1)
        leaders = self.select({"leader": {True}})
        self._ratios.append(Ratio(self.select({field: {value}}) & leaders, leaders, bound))

    def _overall_share(self, field: str, value: str) -> Interval | None:
        for table in self.data.get("representation") or []:
            if CHARACTERISTICS.get(table.get("characteristic", "")) != field:
                continue
            for cell in (table.get("overall") or {}).get("cells") or []:
                if cell["category"] == value and known(cell.get("percent")):
                    return known(cell["percent"] / 100)
        return None


def board_composition(
    workforce: Mapping[str, Any], board_posts: Mapping[tuple[str, str], int] | None = None
) -> WorkforceTables:
    """The programme of the public board figures and the printed zeros alone: the board's
    size and its non-executive members, its rows of the ethnicity, disability and gender
    tables (WRES 9 / WDES 10), its members in each band, and every count printed as 0
    (zeros are shown by policy, and a 0 says no one in the group, nor in any part of it,
    has the characteristic). Whatever it pins is public by policy, however small;
    everything else it leaves open must stay open."""
    headcount = workforce.get("headcount") or {}
    public: dict[str, Any] = {
        "headcount": {
            # The bands' names only: their sizes are not board composition.
            "by_band": [{"label": b["label"]} for b in headcount.get("by_band") or []],
            "leadership_bands": headcount.get("leadership_bands") or [],
            "board": headcount.get("board"),
            "non_executive": headcount.get("non_executive"),
        },
        "representation": [],
    }
    for table in workforce.get("representation") or []:
        # The Board rows of every table, gender included: board composition is public
        # record (docs/methods.md, "Workforce disclosure policy").
        board = [r for r in table.get("rows") or [] if r["group"] == "Board"]
        public["representation"].append(
            {**table, "overall": None, "leadership": None, "rows": board}
        )
    record = WorkforceTables(public, board_posts=board_posts)
    # Only zeros printed as figures: not those a hidden count's reason or the layout of
    # the WRES/WDES 1 tables implies, which the full programme reads as well.
    atoms = frozenset(record.tables.atoms)
    for zero in WorkforceTables(workforce).zeros:
        record.tables.add(Count(zero & atoms, Interval(0, 0)))
    return record


def _categories(workforce: Mapping[str, Any], characteristic: str) -> tuple[str, ...]:
    """The categories of a representation table shown for ``characteristic``."""
    for table in workforce.get("representation") or []:
        if table.get("characteristic") == characteristic and table.get("available"):
            return tuple(table.get("categories") or ())
    return ()

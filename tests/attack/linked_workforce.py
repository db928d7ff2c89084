"""The workforce tables of diagnosis.json as one linked programme over employee atoms.

An atom is (band, board member or not, staff group, ethnic group, disability). The
headcount by band, the Leadership and Board totals, every representation table (band x
category, with its Leadership, Board and All staff rows), the WRES/WDES tables by band
(All staff = Clinical + Non-clinical) and the rule sentences of the workforce evidence all
constrain the same atoms, so a reader can combine them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import product
from typing import Any

from attack.lp import Count, Interval, LinkedTables, Ratio
from attack.published import hidden_count, known

STAFF_GROUPS = ("Clinical", "Non-clinical", "Not recorded")
CATEGORIES = {
    "ethnicity": ("White", "BME", "Not stated"),
    "disability": ("Yes", "No", "Not declared"),
}
CHARACTERISTICS = {"ethnicity_group": "ethnicity", "disability": "disability"}
TARGETS = {"WRES": ("ethnicity", "BME"), "WDES": ("disability", "Yes")}
_FIELD = {"band": 0, "board": 1, "staff_group": 2, "ethnicity": 3, "disability": 4}
_BELOW = re.compile(r"(BME|Disabled) representation among leaders is (below|above) ([\d.]+) times")
_SHARE = re.compile(r"(BME|Disabled) staff ([\d.]+)% of leaders against ([\d.]+)% of all staff")
_SENTENCE_TARGET = {"BME": ("ethnicity", "BME"), "Disabled": ("disability", "Yes")}


class WorkforceTables:
    """Builds the programme; ``select(where)`` turns a truth cell's filter into atoms."""

    def __init__(self, workforce: Mapping[str, Any], *, suppressed_nonzero: bool = True):
        self.data = workforce
        self.nonzero = suppressed_nonzero
        headcount = workforce.get("headcount") or {}
        self.leadership_bands = set(headcount.get("leadership_bands") or [])
        bands = [b["label"] for b in headcount.get("by_band") or []]
        for table in workforce.get("representation") or []:
            bands += [r["group"] for r in table.get("rows") or [] if r["group"] != "Board"]
        self.bands = list(dict.fromkeys(bands))
        atoms = product(self.bands, (False, True), STAFF_GROUPS, *CATEGORIES.values())
        self.tables = LinkedTables(list(atoms))
        self._headcount(headcount)
        for table in workforce.get("representation") or []:
            self._representation(table)
        for standard in ("wres", "wdes"):
            for indicator in (workforce.get(standard) or {}).values():
                self._by_band(indicator)
        self._sentences(workforce.get("evidence") or [])

    def select(self, where: Mapping[str, Any]) -> frozenset:
        def keep(atom: tuple) -> bool:
            for name, values in where.items():
                if name == "leader":
                    value = atom[1] or atom[0] in self.leadership_bands
                else:
                    value = atom[_FIELD[name]]
                if value not in values:
                    return False
            return True

        return self.tables.select(keep)

    def _count(
        self, atoms: frozenset, entry: Mapping[str, Any], key: str = "count", whole: bool = True
    ) -> None:
        """A shown count, or what a suppression says; a cell hidden inside a shown row
        is not zero when zeros are shown (``suppressed_nonzero``)."""
        value = entry.get(key)
        if isinstance(value, int):
            self.tables.add(Count(atoms, Interval(value, value)))
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
        return self.select({})

    def _headcount(self, headcount: Mapping[str, Any]) -> None:
        for key, where in (("total", {}), ("leadership", {"leader": {True}})):
            if headcount.get(key):
                self._count(self.select(where), headcount[key])
        if headcount.get("board"):
            self._count(self.select({"board": {True}}), headcount["board"])
        for band in headcount.get("by_band") or []:
            self._count(self.select({"band": {band["label"]}}), band)

    def _representation(self, table: Mapping[str, Any]) -> None:
        field = CHARACTERISTICS.get(table.get("characteristic", ""))
        if field is None:
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
                    self.tables.add(Ratio(cell_atoms, atoms, share))

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
        self.tables.add(Ratio(target & leaders, leaders, leaders_share))
        if all_share is not None:
            everyone = self.select({})
            self.tables.add(Ratio(target & everyone, everyone, all_share))

    def _bound(self, field: str, value: str, factor: float, below: bool) -> None:
        share = self._overall_share(field, value)
        if share is None:
            return
        bound = Interval(0, factor * share.high) if below else Interval(factor * share.low, 1)
        leaders = self.select({"leader": {True}})
        self.tables.add(Ratio(self.select({field: {value}}) & leaders, leaders, bound))

    def _overall_share(self, field: str, value: str) -> Interval | None:
        for table in self.data.get("representation") or []:
            if CHARACTERISTICS.get(table.get("characteristic", "")) != field:
                continue
            for cell in (table.get("overall") or {}).get("cells") or []:
                if cell["category"] == value and known(cell.get("percent")):
                    return known(cell["percent"] / 100)
        return None

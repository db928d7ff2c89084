"""Each distinct failure the harness found, rebuilt by hand as small as it goes.

Every reproduction is the miniature of an example with one change, the command that
fails on it, and the :data:`fuzz.oracle.FINDINGS` entry that explains the failure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from fuzz import mutant, oracle
from fuzz.choices import RandomChooser
from fuzz.mutant import Mutant
from fuzz.parts import MAIN_NS, Parts, Text, example, miniature
from fuzz.targets import put_text
from fuzz.xml_level import SST, with_shared_strings
from fuzz.zip_layout import pack

TRUST = "elmbridge-pre.xlsx"
_PREFIX = f'xmlns:x="{MAIN_NS}"'


def original(name: str, *, full: bool = False) -> Mutant:
    parts = example(name) if full else miniature(name)
    label = name if full else f"{name} (miniature)"
    return Mutant(label, ("unchanged",), frozenset(), parts.to_bytes())


def changed(name: str, step: str, parts: Parts, *tags: str) -> Mutant:
    return Mutant(f"{name} (miniature)", (step,), frozenset(tags), parts.to_bytes())


@dataclass(frozen=True)
class Reproduction:
    id: str
    command: str
    build: Callable[[], list[Mutant]]
    finding: str  # a key of oracle.FINDINGS
    heavy: bool = False  # seconds of work: measured by bench/hostile.py, not run by the tests

    @property
    def reason(self) -> str:
        return oracle.FINDINGS_BY_KEY[self.finding].reason


def _sheet_edit(sheet: str, edit: Callable[[bytes], bytes], step: str, *tags: str) -> Mutant:
    parts = miniature(TRUST)
    name = parts.sheet_part(sheet)
    return changed(TRUST, step, parts.with_part(name, edit(parts.get(name))), *tags)


def prefixed_past_xfd_in_full_staff() -> list[Mutant]:
    """The whole Northwick staff survey (2,150 rows) and one value at AAAA1."""
    parts = example("northwick-pre.xlsx")
    name = parts.sheet_part("Staff")
    cell = f'<row r="1"><x:c {_PREFIX} r="AAAA1"><x:v>1</x:v></x:c></row>'
    data = parts.get(name)
    at = data.index(b"</sheetData>")
    parts = parts.with_part(name, data[:at] + cell.encode() + data[at:])
    step = f"Staff sheet: {cell} added at the end"
    tags = frozenset({mutant.REACH, mutant.BEYOND})
    return [Mutant("northwick-pre.xlsx", (step,), tags, parts.to_bytes())]


def _last_row_gets(cell: bytes) -> Callable[[bytes], bytes]:
    def edit(data: bytes) -> bytes:
        at = data.rindex(b"</row>")
        return data[:at] + cell + data[at:]

    return edit


def prefixed_far_cell() -> list[Mutant]:
    cell = f'<x:c {_PREFIX} r="XFD1048576"><x:v>1</x:v></x:c>'
    step = f"Trust sheet: {cell} added to the last row"
    return [_sheet_edit("Trust", _last_row_gets(cell.encode()), step, mutant.REACH)]


def first_cell_far() -> list[Mutant]:
    def edit(data: bytes) -> bytes:
        return data.replace(b'<c r="A7"', b'<c r="XFD1048576"', 1)

    step = "Trust sheet: cell A7 given the reference XFD1048576 (B7 still ends its row)"
    return [_sheet_edit("Trust", edit, step, mutant.REACH)]


def four_letter_column() -> list[Mutant]:
    cell = '<c r="ZZZZ9999999"><v>1</v></c>'
    step = f"Trust sheet: {cell} added to the last row"
    return [_sheet_edit("Trust", _last_row_gets(cell.encode()), step, mutant.REACH)]


def own_row(ref: str) -> Callable[[], list[Mutant]]:
    def build() -> list[Mutant]:
        row = re.sub("[A-Z]+", "", ref)
        cell = f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'

        def edit(data: bytes) -> bytes:
            at = data.index(b"</sheetData>")
            return data[:at] + cell.encode() + data[at:]

        tags = (mutant.REACH, mutant.BEYOND)
        return [_sheet_edit("Trust", edit, f"Trust sheet: {cell} added at the end", *tags)]

    return build


def shared_strings_count() -> list[Mutant]:
    parts, _ = with_shared_strings(miniature(TRUST), "Trust")
    sst = re.sub(rb'uniqueCount="[0-9]+"', b'uniqueCount="99999999999"', parts.get(SST))
    step = "Trust sheet's strings moved to a shared-strings part declaring uniqueCount=99999999999"
    return [changed(TRUST, step, parts.with_part(SST, sst), mutant.SIZES)]


def zip_header(name: str, field: str, value: int) -> Callable[[], list[Mutant]]:
    def build() -> list[Mutant]:
        layout = pack(list(miniature(TRUST).items))
        entry = layout.find(name)
        setattr(entry.local, field, value)
        setattr(entry.central, field, value)
        step = f"{field} of {name} set to {value} in both zip headers"
        data = layout.to_bytes()
        return [Mutant(f"{TRUST} (miniature)", (step,), frozenset({mutant.CONTAINER}), data)]

    return build


def text(target: str, value: str, *tags: str, name: str = TRUST) -> Mutant:
    parts, where = put_text(miniature(name), target, Text(value), RandomChooser(0))
    return changed(name, f"{where} = {value!r}", parts, *tags)


REPRODUCTIONS = [
    Reproduction("prefixed-cell-beyond-the-scan", "validate", prefixed_far_cell, "abort"),
    Reproduction("cell-out-of-column-order", "validate", first_cell_far, "abort"),
    Reproduction("four-letter-column", "validate", four_letter_column, "abort"),
    Reproduction("row-past-the-limit", "validate", own_row("A1048577"), "beyond-limits"),
    Reproduction(
        "row-far-past-the-limit", "validate", own_row("A4999999"), "beyond-limits", heavy=True
    ),
    Reproduction("column-past-xfd", "validate", own_row("XFE20"), "beyond-limits"),
    Reproduction(
        "prefixed-column-past-xfd-in-a-full-sheet",
        "validate",
        prefixed_past_xfd_in_full_staff,
        "beyond-limits",
        heavy=True,
    ),
    Reproduction(
        "shared-strings-unique-count", "validate", shared_strings_count, "shared-strings-count"
    ),
    Reproduction(
        "content-types-compression-method",
        "validate",
        zip_header("[Content_Types].xml", "method", 99),
        "zip-method",
    ),
    Reproduction(
        "rels-encrypted-flag", "validate", zip_header("_rels/.rels", "flags", 1), "zip-method"
    ),
    Reproduction(
        "blank-period", "validate", lambda: [text("period", " ", mutant.CELLS)], "blank-trust-field"
    ),
    Reproduction(
        "blank-trust-code",
        "validate",
        lambda: [text("trust code", "  ", mutant.CELLS)],
        "blank-trust-field",
    ),
    Reproduction(
        "escape-in-trust-name",
        "validate",
        lambda: [text("trust name", "\x1b[2J\x1b[H", mutant.CONTROL)],
        "terminal-control",
    ),
    Reproduction(
        "nul-in-group-label",
        "diagnose",
        lambda: [text("staff group label", "nul\x00byte", mutant.CONTROL)],
        "excel-control",
    ),
    Reproduction(
        "mathtext-in-period",
        "compare",
        lambda: [
            original("elmbridge-pre.xlsx"),
            text("period", "$\\frac{$", mutant.MATHTEXT, name="elmbridge-post.xlsx"),
        ],
        "mathtext",
    ),
    # Not a hostile input at all: a bundled example, as it is.
    Reproduction(
        "solver-output-on-stdout",
        "diagnose",
        lambda: [original("northwick-post.xlsx", full=True)],
        "solver-output",
        heavy=True,
    ),
]
REPRODUCTIONS_BY_ID = {r.id: r for r in REPRODUCTIONS}

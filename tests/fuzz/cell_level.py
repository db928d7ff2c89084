"""Mutations of what cells hold: the workbook is well formed, its content is careless.

Each mutation writes cells as Excel would (``fuzz.parts.cell_xml``) and returns the
changed parts, a description and its tags.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fuzz import mutant
from fuzz.choices import Chooser
from fuzz.parts import (
    CellValue,
    Date,
    ExcelError,
    Number,
    Parts,
    Text,
    cell_xml,
    headers,
    row_spans,
    set_cell,
    trust_value_ref,
)
from fuzz.targets import (
    CONTROL_TEXTS,
    MARKUP_TEXTS,
    MATHTEXT_TEXTS,
    TEXT_TARGETS,
    column_texts,
    lookalike,
    put_text,
)

CellMutation = Callable[[Parts, Chooser], tuple[Parts, str, set[str]]]

_ITEM = re.compile(r"^(B_|S_)?[A-Z]{2}[0-9]$")
WRONG_TYPES: list[CellValue] = [
    "four",
    "Agree-ish",
    True,
    False,
    Date(45000),
    Date(0.5),
    ExcelError("#N/A"),
    ExcelError("#VALUE!"),
    "",
    " ",
    "3 ",
    "\u0663",  # Arabic-Indic three
    "Strongly Agree",
    "N/A",
    "=1+2",
]
OUT_OF_RANGE: list[CellValue] = [
    0,
    6,
    -1,
    3.5,
    2.0000001,
    5.0,
    1e308,
    -1e308,
    10**20,
    Number("6"),
    Number("-0"),
    Number("0x3"),
]
HUGE_NUMBERS: list[CellValue] = [
    1e308,
    1.7976931348623157e308,
    Number("1e309"),
    -1e308,
    5e-324,
    2**63,
    2**64,
    Number("1" + "0" * 400),
    Number("-" + "9" * 400),
]
NAN_INF: list[CellValue] = [
    Number("NaN"),
    Number("nan"),
    Number("INF"),
    Number("-inf"),
    Number("Infinity"),
    "NaN",
    "inf",
    "-Infinity",
    ExcelError("#NUM!"),
]
DATES: list[CellValue] = [
    Date(45000),
    Date(0),
    Date(60),  # 29 February 1900, a day that never was
    Date(-1),
    Date(2958465),  # 31 December 9999
    Date(2958466),  # the day after
    Date(1e10),
    Date("1e308"),
    Date("NaN"),
    Date(0.999999999),
    "2025-13-45",
    "31/02/2025",
]
ANY_VALUE: list[CellValue] = [
    *WRONG_TYPES,
    *OUT_OF_RANGE,
    *HUGE_NUMBERS,
    *NAN_INF,
    *DATES,
    *MARKUP_TEXTS,
    None,
]


def _sheet(parts: Parts, sheet: str) -> tuple[str, bytes]:
    name = parts.sheet_part(sheet)
    return name, parts.get(name)


def _data_rows(data: bytes) -> list[int]:
    return [row for row, _, _ in row_spans(data) if row > 1]


def _answer_cell(parts: Parts, c: Chooser) -> tuple[str, str, bytes, str]:
    """A cell answering an item: its sheet, part, the part's bytes and its reference."""
    sheet = c.pick(["Staff", "Staff", "Board", "Stakeholders"])
    name, data = _sheet(parts, sheet)
    columns = [col for col, text in headers(data).items() if _ITEM.match(text)]
    return sheet, name, data, f"{c.pick(columns)}{c.pick(_data_rows(data))}"


def _set(parts: Parts, name: str, data: bytes, ref: str, value: CellValue) -> Parts:
    return parts.with_part(name, set_cell(data, ref, cell_xml(ref, value)))


def _answer(values: list[CellValue], label: str) -> CellMutation:
    def mutate(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
        sheet, name, data, ref = _answer_cell(parts, c)
        value = c.pick(values)
        return (
            _set(parts, name, data, ref, value),
            f"{sheet} {ref} ({label}) = {value!r}",
            {mutant.CELLS},
        )

    mutate.__name__ = label.replace(" ", "_")
    return mutate


wrong_type_answer = _answer(WRONG_TYPES, "answer of the wrong type")
out_of_range_answer = _answer(OUT_OF_RANGE, "answer off the scale")
date_answer = _answer(DATES, "answer as a date")


def blank_rows(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    sheet = c.pick(["Staff", "Board", "Stakeholders", "Workforce", "Dashboard", "Trust"])
    name, data = _sheet(parts, sheet)
    how = c.pick(["one row", "three rows", "every data row"])
    fill = c.pick(["no cells", "empty strings", "spaces", "styled empty cells"])
    rows = _data_rows(data)
    chosen = {"one row": [c.pick(rows)], "three rows": [c.pick(rows) for _ in range(3)]}.get(
        how, rows
    )
    for row in sorted(set(chosen), reverse=True):
        start, end = next((s, e) for r, s, e in row_spans(data) if r == row)
        cells = re.findall(rb'<c r="([A-Z]+)[0-9]+"', data[start:end])
        body = {
            "no cells": b"",
            "empty strings": b"".join(cell_xml(f"{x.decode()}{row}", "").encode() for x in cells),
            "spaces": b"".join(cell_xml(f"{x.decode()}{row}", "  ").encode() for x in cells),
            "styled empty cells": b"".join(
                cell_xml(f"{x.decode()}{row}", None, style="1").encode() for x in cells
            ),
        }[fill]
        data = data[:start] + f'<row r="{row}">'.encode() + body + b"</row>" + data[end:]
    return parts.with_part(name, data), f"{sheet}: {how} blanked ({fill})", {mutant.CELLS}


def duplicated_header(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    sheet = c.pick(["Staff", "Board", "Stakeholders", "Workforce", "Dashboard", "Trust"])
    name, data = _sheet(parts, sheet)
    found = list(headers(data).items())
    (_, source), (letters, old) = c.pick(found), c.pick(found)
    variant = c.pick([source, source.upper(), source + " ", source.replace("_", " ")])
    ref = f"{letters}1"
    data = set_cell(data, ref, cell_xml(ref, variant, style="1"))
    return (
        parts.with_part(name, data),
        f"{sheet} header {ref} ({old!r}) = {variant!r}",
        {mutant.CELLS},
    )


def lookalike_name(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    """A header, a Trust field, a sheet name or a label with a look-alike character."""
    what = c.pick(["header", "trust field", "sheet name", "label"])
    if what == "sheet name":
        old = c.pick(parts.sheet_names())
        new = lookalike(old, c)
        return (
            parts.with_part("xl/workbook.xml", parts.renamed(old, f'"{new}"')),
            f"sheet {old!r} = {new!r}",
            {mutant.CELLS},
        )
    if what == "label":
        target = c.pick(["staff group label", "board role", "stakeholder type"])
        parts, where = put_text(parts, target, lookalike("Nursing", c), c)
        return parts, f"{where} = a look-alike of 'Nursing'", {mutant.CELLS}
    sheet = "Trust" if what == "trust field" else c.pick(["Staff", "Board", "Workforce"])
    name, data = _sheet(parts, sheet)
    if what == "trust field":
        row = c.pick([r for r, _, _ in row_spans(data)])
        ref = f"A{row}"
        old = column_texts(data, "A")[row]
    else:
        letters, old = c.pick(list(headers(data).items()))
        ref = f"{letters}1"
    new = lookalike(old, c)
    data = set_cell(data, ref, cell_xml(ref, new))
    return parts.with_part(name, data), f"{sheet} {ref} ({old!r}) = {new!r}", {mutant.CELLS}


_NUMBER_PLACES = ["answer", "staff_headcount", "dashboard", "workforce flag", "trust field"]


def _numeric_place(parts: Parts, c: Chooser) -> tuple[str, bytes, str, str]:
    place = c.pick(_NUMBER_PLACES)
    if place == "answer":
        sheet, name, data, ref = _answer_cell(parts, c)
        return name, data, ref, f"{sheet} {ref}"
    if place in ("staff_headcount", "trust field"):
        name, data = _sheet(parts, "Trust")
        field = "staff_headcount" if place == "staff_headcount" else None
        if field is None:
            field = c.pick(["trust_name", "trust_code", "period", "collected_on", "trust_type"])
        try:
            ref = trust_value_ref(parts, field)
        except KeyError:
            ref = "B2"
        return name, data, ref, f"Trust {ref} ({field})"
    sheet = "Dashboard" if place == "dashboard" else "Workforce"
    name, data = _sheet(parts, sheet)
    columns = list(headers(data))
    letters = c.pick(columns[2:7] if sheet == "Dashboard" else columns[6:])
    ref = f"{letters}{c.pick(_data_rows(data))}"
    return name, data, ref, f"{sheet} {ref}"


def _numeric(values: list[CellValue], label: str) -> CellMutation:
    def mutate(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
        name, data, ref, where = _numeric_place(parts, c)
        value = c.pick(values)
        return _set(parts, name, data, ref, value), f"{where} ({label}) = {value!r}", {mutant.CELLS}

    mutate.__name__ = label.replace(" ", "_")
    return mutate


huge_number = _numeric(HUGE_NUMBERS, "huge number")
nan_or_infinity = _numeric(NAN_INF, "NaN or infinity")
date_value = _numeric(DATES, "date")
any_value = _numeric(ANY_VALUE, "any value")


def best_equals_worst(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    """A Dashboard indicator whose best and worst are the same, or reversed."""
    name, data = _sheet(parts, "Dashboard")
    row = c.pick(_data_rows(data))
    how = c.pick(["equal", "reversed", "value outside"])
    best, worst, value = {"equal": (5, 5, 5), "reversed": (1, 9, 5), "value outside": (2, 1, 1e9)}[
        how
    ]
    for letters, number in (("E", best), ("F", worst), ("C", value)):
        data = set_cell(data, f"{letters}{row}", cell_xml(f"{letters}{row}", number))
    return parts.with_part(name, data), f"Dashboard row {row}: best and worst {how}", {mutant.CELLS}


def workforce_flag(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    name, data = _sheet(parts, "Workforce")
    letters = c.pick(list(headers(data))[6:])
    value = c.pick(["maybe", "y", " Yes ", "TRUE", 2, -1, 1, 0, "", "N/A", Text("Y\x1b[2J")])
    rows = _data_rows(data)
    how = c.pick(["one row", "every row"])
    chosen = [c.pick(rows)] if how == "one row" else rows
    for row in chosen:
        data = set_cell(data, f"{letters}{row}", cell_xml(f"{letters}{row}", value))
    tags = {mutant.CELLS} | ({mutant.CONTROL} if isinstance(value, Text) else set())
    return parts.with_part(name, data), f"Workforce column {letters}, {how} = {value!r}", tags


def _payload(texts: list[str], tag: str) -> CellMutation:
    def mutate(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
        target = c.pick(TEXT_TARGETS)
        text = c.pick(texts)
        parts, where = put_text(parts, target, text, c)
        return parts, f"{where} = {text!r}", {tag, mutant.CELLS}

    mutate.__name__ = f"{tag}_payload"
    return mutate


control_payload = _payload(CONTROL_TEXTS, mutant.CONTROL)
mathtext_payload = _payload(MATHTEXT_TEXTS, mutant.MATHTEXT)
markup_payload = _payload(MARKUP_TEXTS, mutant.CELLS)


CELL_MUTATIONS: list[CellMutation] = [
    wrong_type_answer,
    out_of_range_answer,
    date_answer,
    blank_rows,
    duplicated_header,
    lookalike_name,
    huge_number,
    nan_or_infinity,
    date_value,
    any_value,
    best_equals_worst,
    workforce_flag,
    control_payload,
    mathtext_payload,
    markup_payload,
]
# The mutations whose text can reach a report (for diagnose, compare and batch).
TEXT_MUTATIONS: list[CellMutation] = [
    control_payload,
    mathtext_payload,
    markup_payload,
    lookalike_name,
]

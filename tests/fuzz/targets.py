"""Places in a workbook where text from the input ends up in the outputs, and text to put
there: control characters, mathtext, look-alikes, markup and formulas.

A label is replaced in every cell of its column, so that its group stays large enough to
be reported (and its label to reach tables, charts and the terminal).
"""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from fuzz.choices import Chooser
from fuzz.parts import (
    CellValue,
    Parts,
    Text,
    cell_xml,
    column_of,
    headers,
    set_cell,
    trust_value_ref,
)

CONTROL_TEXTS = [
    "\x1b[2J\x1b[H",  # clear the terminal
    "North\x1b]0;title\x07wick",  # set the terminal's title
    "\x1b[31mred\x1b[0m",
    "nul\x00byte",
    "bell\x07",
    "back\x08\x08\x08space",
    "carriage\rreturn",
    "csi\x9b31m",  # the one-byte C1 form of ESC [
    "del\x7f",
    "vertical\x0btab",
    "form\x0cfeed",
    "next\x85line",
    "line\u2028separator",
    "\u202eright-to-left override",
    "\ufeffbyte-order mark",
    "new\nline and\ttab",
]
MATHTEXT_TEXTS = [
    "$\\frac{$",
    "$\\frac{",
    "$x$",
    "$$",
    "$\\sqrt{2}$ and $",
    "costs $5 to $10",
    "\\$",
    "$^$",
    "$\\undefinedcommand$",
    "$" + "{" * 60 + "x" + "}" * 60 + "$",
    "$\\left($",
    "a_b^c",
    "$\\",
]
MARKUP_TEXTS = [
    "<script>alert(1)</script>",
    "</td></tr></table><b>x",
    "&amp;&lt;",
    '=HYPERLINK("http://example.org","x")',
    "=cmd|' /C calc'!A0",
    "@SUM(1)",
    "{{ 7*7 }}",
    "%s%n%x",
    "\U0001f600 emoji",
    "",
    " ",
]
# Letters that look like the Latin ones of headers, sheet names and labels.
LOOKALIKES = {
    "A": "\u0410",  # Cyrillic A
    "B": "\u0412",  # Cyrillic VE
    "V": "\u0474",  # Cyrillic IZHITSA
    "E": "\u0415",
    "O": "\u041e",
    "a": "\u0430",
    "e": "\u0435",
    "o": "\u043e",
    "p": "\u0440",
    "c": "\u0441",
    "1": "\u0661",  # Arabic-Indic one
    "_": "\uff3f",  # full-width low line
    " ": "\u00a0",
}


def lookalike(text: str, c: Chooser) -> str:
    """``text`` with one letter swapped for a look-alike, or a zero-width space put in."""
    places = [i for i, ch in enumerate(text) if ch in LOOKALIKES]
    how = c.pick(["swap", "zero-width", "full-width"]) if places else "zero-width"
    if how == "zero-width":
        at = c.integer(0, len(text))
        return text[:at] + "\u200b" + text[at:]
    if how == "full-width":
        return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)
    at = c.pick(places)
    return text[:at] + LOOKALIKES[text[at]] + text[at + 1 :]


# Where text from the input lands in the outputs.
TEXT_TARGETS = [
    "trust name",
    "trust code",
    "period",
    "staff group label",
    "band label",
    "workforce group label",
    "workforce band",
    "board role",
    "stakeholder type",
    "group header",
    "item header",
    "comment",
    "dashboard indicator",
    "sheet name",
]
_COLUMN_TARGETS = {
    "staff group label": ("Staff", "staff_group"),
    "band label": ("Staff", "band"),
    "workforce group label": ("Workforce", "ethnicity"),
    "workforce band": ("Workforce", "band"),
    "board role": ("Board", "role"),
    "stakeholder type": ("Stakeholders", "stakeholder_type"),
}
_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_TEXT = re.compile(rb"<t[^>]*>(.*?)</t>", re.S)


def column_texts(data: bytes, letters: str) -> dict[int, str]:
    """Row number to the text of each inline-string cell of a column."""
    found = {}
    for cell in _CELL.finditer(data):
        if cell.group(1).decode() == letters:
            text = _TEXT.search(cell.group(3) or b"")
            if text is not None:
                found[int(cell.group(2))] = text.group(1).decode()
    return found


def replace_label(data: bytes, letters: str, old: str, value: CellValue) -> bytes:
    """Every cell of the column holding ``old`` made to hold ``value``."""

    def swap(cell: re.Match[bytes]) -> bytes:
        text = _TEXT.search(cell.group(3) or b"")
        if cell.group(1).decode() != letters or text is None or text.group(1).decode() != old:
            return cell.group(0)
        return cell_xml(f"{letters}{cell.group(2).decode()}", value).encode()

    return _CELL.sub(swap, data)


def put_text(parts: Parts, target: str, value: CellValue, c: Chooser) -> tuple[Parts, str]:
    """``parts`` with ``value`` at ``target`` (one of :data:`TEXT_TARGETS`)."""
    if target == "sheet name":
        name = c.pick([n for n in parts.sheet_names() if n != "Trust"])
        text = value.text if isinstance(value, Text) else str(value)
        how = value.how if isinstance(value, Text) else "reference"
        attribute = quoteattr(text)
        if how != "raw":
            attribute = re.sub(
                "[\x00-\x1f\x7f-\x9f]",
                lambda m: f"&#{ord(m.group())};",
                attribute,
            )
        return parts.with_part("xl/workbook.xml", parts.renamed(name, attribute)), (
            f"sheet {name!r} renamed"
        )
    if target in ("trust name", "trust code", "period"):
        part = parts.sheet_part("Trust")
        field = {"trust name": "trust_name", "trust code": "trust_code"}.get(target, target)
        ref = trust_value_ref(parts, field)
        return parts.with_part(part, set_cell(parts.get(part), ref, cell_xml(ref, value))), (
            f"Trust sheet {ref} ({field})"
        )
    if target in _COLUMN_TARGETS:
        sheet, header = _COLUMN_TARGETS[target]
        part = parts.sheet_part(sheet)
        data = parts.get(part)
        letters = column_of(data, header)
        if letters is None:
            raise LookupError(f"{sheet} has no column {header}")
        labels = sorted(set(column_texts(data, letters).values()) - {header})
        old = c.pick(labels)
        return parts.with_part(part, replace_label(data, letters, old, value)), (
            f"every {old!r} in {sheet} column {header} ({letters})"
        )
    part = parts.sheet_part("Staff" if target != "dashboard indicator" else "Dashboard")
    data = parts.get(part)
    if target in ("group header", "item header"):
        names = list(headers(data).items())
        names = names[1:9] if target == "group header" else names[9:-1]
        letters, old = c.pick(names)
        ref = f"{letters}1"
        return parts.with_part(part, set_cell(data, ref, cell_xml(ref, value, style="1"))), (
            f"Staff header {ref} ({old!r})"
        )
    letters = "AH" if target == "comment" else "A"
    rows = sorted(column_texts(data, letters)) or [2]
    row = c.pick([r for r in rows if r > 1] or [2])
    ref = f"{letters}{row}"
    sheet = "Staff" if target == "comment" else "Dashboard"
    return parts.with_part(part, set_cell(data, ref, cell_xml(ref, value))), f"{sheet} {ref}"

"""Mutations of one part's XML: the zip is sound, what it holds is not.

Each mutation takes the workbook's parts and a chooser and returns the changed parts, a
description and the tags of :mod:`fuzz.mutant` saying what kind of damage it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fuzz import mutant
from fuzz.choices import Chooser
from fuzz.parts import MAIN_NS, Parts, Text, cell_xml, row_spans, set_cell, trust_value_ref
from fuzz.targets import CONTROL_TEXTS, MATHTEXT_TEXTS, TEXT_TARGETS, put_text

XmlMutation = Callable[[Parts, Chooser], tuple[Parts, str, set[str]]]

# Parts to damage, by what they are; sheets most often.
_PART_KINDS = ["Trust", "Staff", "Staff", "Board", "Dashboard", "book", "rels", "types", "styles"]
_FIXED_PARTS = {
    "book": "xl/workbook.xml",
    "rels": "xl/_rels/workbook.xml.rels",
    "types": "[Content_Types].xml",
    "styles": "xl/styles.xml",
    "root rels": "_rels/.rels",
}
_TAGS = {
    "sheet": ["row", "c", "v", "is", "t", "sheetData", "dimension", "cols", "col", "sheetViews"],
    "xl/workbook.xml": ["sheet", "sheets", "workbookPr", "bookViews", "definedNames", "calcPr"],
    "xl/_rels/workbook.xml.rels": ["Relationship"],
    "[Content_Types].xml": ["Override", "Default"],
    "xl/styles.xml": ["numFmt", "xf", "cellXfs", "fonts", "numFmts"],
    "_rels/.rels": ["Relationship"],
}
BAD_REFS = [
    "A0",
    "XFE1",
    "ZZZZ9999999",
    "A1048577",
    "XFD1048576",
    "AAAA1",
    "a1",
    "$A$1",
    "",
    "1A",
    "A-1",
    " A1",
    "A01",
    "A" + "9" * 30,
    "A\u0661",
    "A1:B2",
    "R1C1",
]
BAD_ROWS = ["0", "-1", "abc", "1048577", "99999999999", "1.5", "", "2147483648", "1e3"]
HUGE_DIMENSIONS = [
    "A1:XFD1048576",
    "A1:ZZZZ99999999",
    "A1:A0",
    "XFD1048576",
    "A1:XFE1",
    "garbage",
    "",
    "A1:B2:C3",
    "A1048576:A1",
]
FAR_REFS = [
    "XFD1",
    "A1048576",
    "XFD1048576",
    "XFE1",
    "AAAA1",
    "A1048577",
    "ZZZ7",
    "ZZZZ9999999",
    "A4999999",  # past the row limit, within a 10-million-cell budget for two columns
]
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384  # the xlsx limits


def beyond_limits(ref: str) -> bool:
    """Whether any cell reference in ``ref`` ("B2", "A1:XFE1") lies past the xlsx limits."""
    for letters, digits in re.findall(r"\$?([A-Za-z]+)\$?([0-9]+)", ref):
        column = 0
        for letter in letters.upper():
            column = column * 26 + ord(letter) - 64
        if column > MAX_COLUMNS or int(digits) > MAX_ROWS:
            return True
    return False


def _reach_tags(ref: str) -> set[str]:
    return {mutant.XML, mutant.REACH} | ({mutant.BEYOND} if beyond_limits(ref) else set())


SST = "xl/sharedStrings.xml"
ODD_VALUES = ["", "-1", "0", "1e309", "99999999999999999999", "NaN", "&#0;", "\x1b", "x" * 5000]


def _part(parts: Parts, c: Chooser) -> tuple[str, str]:
    """A part to damage: its name and its kind ("sheet" or the part's own name)."""
    kind = c.pick(_PART_KINDS)
    if kind in _FIXED_PARTS:
        return _FIXED_PARTS[kind], _FIXED_PARTS[kind]
    return parts.sheet_part(kind), "sheet"


def _element_pattern(tag: str) -> re.Pattern[bytes]:
    name = re.escape(tag.encode())
    return re.compile(rb"<" + name + rb"(?=[\s/>])[^>]*?(?:/>|>.*?</" + name + rb">)", re.S)


def _pick_element(data: bytes, tag: str, c: Chooser) -> re.Match[bytes] | None:
    found = list(_element_pattern(tag).finditer(data))
    return c.pick(found) if found else None


def _element(parts: Parts, c: Chooser) -> tuple[str, bytes, str, re.Match[bytes] | None]:
    name, kind = _part(parts, c)
    data = parts.get(name)
    tag = c.pick(_TAGS[kind])
    return name, data, tag, _pick_element(data, tag, c)


def drop_element(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    name, data, tag, found = _element(parts, c)
    if found is None:
        return parts, f"no <{tag}> in {name} to drop", set()
    data = data[: found.start()] + data[found.end() :]
    tags = {mutant.XML} | ({mutant.REACH} if tag in ("row", "c") else set())
    return parts.with_part(name, data), f"a <{tag}> dropped from {name}", tags


def duplicate_element(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    name, data, tag, found = _element(parts, c)
    if found is None:
        return parts, f"no <{tag}> in {name} to duplicate", set()
    times = c.pick([1, 2, 1000])
    if len(found.group(0)) * times > 1 << 20:  # a copy of each row a thousand times is enough
        times = 2
    data = data[: found.end()] + found.group(0) * times + data[found.end() :]
    tags = {mutant.XML, mutant.REACH}
    return parts.with_part(name, data), f"a <{tag}> of {name} repeated {times} more time(s)", tags


def rename_element(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    name, data, tag, found = _element(parts, c)
    if found is None:
        return parts, f"no <{tag}> in {name} to rename", set()
    new = c.pick(["x", tag.upper(), "cell", "row", "is", "x:" + tag, tag + "2"])
    end = c.pick(["both tags", "the start tag only"])
    renamed = re.sub(rb"^<" + re.escape(tag.encode()), b"<" + new.encode(), found.group(0))
    if end == "both tags":
        renamed = renamed.replace(b"</" + tag.encode() + b">", b"</" + new.encode() + b">")
    data = data[: found.start()] + renamed + data[found.end() :]
    tags = {mutant.XML, mutant.REACH}
    return parts.with_part(name, data), f"a <{tag}> of {name} renamed <{new}> ({end})", tags


def unclose_element(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    name, data, tag, found = _element(parts, c)
    if found is None or not found.group(0).endswith(b">") or found.group(0).endswith(b"/>"):
        end = data.rfind(b"</")
        return parts.with_part(name, data[:end]), f"{name}'s last closing tag removed", {mutant.XML}
    closing = b"</" + tag.encode() + b">"
    body = found.group(0)
    at = body.rfind(closing)
    data = data[: found.start()] + body[:at] + body[at + len(closing) :] + data[found.end() :]
    return (
        parts.with_part(name, data),
        f"the closing tag of a <{tag}> in {name} removed",
        {mutant.XML},
    )


_ATTRIBUTE = re.compile(rb'\s([\w:.-]+)="([^"]*)"')


def _attribute(
    parts: Parts, c: Chooser
) -> tuple[str, bytes, str, re.Match[bytes] | None, re.Match[bytes] | None]:
    name, data, tag, found = _element(parts, c)
    if found is None:
        return name, data, tag, None, None
    start_tag_end = found.group(0).find(b">")
    attributes = list(_ATTRIBUTE.finditer(found.group(0), 0, start_tag_end))
    return name, data, tag, found, (c.pick(attributes) if attributes else None)


def drop_attribute(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    name, data, tag, element, attribute = _attribute(parts, c)
    if element is None or attribute is None:
        return parts, f"no attribute of <{tag}> in {name} to drop", set()
    at = element.start()
    data = data[: at + attribute.start()] + data[at + attribute.end() :]
    label = attribute.group(1).decode()
    tags = {mutant.XML} | ({mutant.REACH} if label == "r" else set())
    return parts.with_part(name, data), f"attribute {label} of a <{tag}> in {name} dropped", tags


def duplicate_attribute(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    name, data, tag, element, attribute = _attribute(parts, c)
    if element is None or attribute is None:
        return parts, f"no attribute of <{tag}> in {name} to duplicate", set()
    at = element.start() + attribute.end()
    data = data[:at] + attribute.group(0) + data[at:]
    label = attribute.group(1).decode()
    return (
        parts.with_part(name, data),
        f"attribute {label} of a <{tag}> in {name} twice",
        {mutant.XML},
    )


def rename_attribute(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    name, data, tag, element, attribute = _attribute(parts, c)
    if element is None or attribute is None:
        return parts, f"no attribute of <{tag}> in {name} to rename", set()
    new = c.pick(["R", "x:r", "ref", "t2", "xmlns", "xml:space"])
    at = element.start()
    start, end = at + attribute.start(1), at + attribute.end(1)
    data = data[:start] + new.encode() + data[end:]
    label = attribute.group(1).decode()
    return (
        parts.with_part(name, data),
        f"attribute {label} of a <{tag}> in {name} renamed {new}",
        {
            mutant.XML,
            mutant.REACH,
        },
    )


def odd_attribute_value(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    name, data, tag, element, attribute = _attribute(parts, c)
    if element is None or attribute is None:
        return parts, f"no attribute of <{tag}> in {name} to change", set()
    value = c.pick(ODD_VALUES)
    at = element.start()
    start, end = at + attribute.start(2), at + attribute.end(2)
    data = data[:start] + value.encode() + data[end:]
    label = attribute.group(1).decode()
    return (
        parts.with_part(name, data),
        f"attribute {label} of a <{tag}> in {name} set to {value[:20]!r}",
        {mutant.XML, mutant.REACH, mutant.CONTROL},
    )


def namespace_prefix(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    sheet = c.pick(["Trust", "Staff", "Board"])
    name = parts.sheet_part(sheet)
    data = parts.get(name)
    how = c.pick(["every element", "cells only", "one cell", "rows only", "other namespace"])
    declared = f'<worksheet xmlns="{MAIN_NS}" xmlns:x="{MAIN_NS}"'.encode()
    if how == "every element":
        data = re.sub(rb"<(/?)([A-Za-z]\w*)(?=[\s/>])", rb"<\1x:\2", data)
        data = data.replace(b"<x:worksheet xmlns=", b"<x:worksheet xmlns:x=", 1)
    elif how == "other namespace":
        data = data.replace(MAIN_NS.encode(), b"urn:not-spreadsheetml", 1)
    else:
        data = data.replace(f'<worksheet xmlns="{MAIN_NS}"'.encode(), declared, 1)
        tag = b"row" if how == "rows only" else b"c"
        pattern = rb"<(/?)" + tag + rb"(?=[\s/>])"
        if how == "one cell":
            spans = list(re.finditer(rb"<c (?:[^>]*?/>|[^>]*?>.*?</c>)", data, re.S))
            found = c.pick(spans)
            cell = re.sub(pattern, rb"<\1x:c", found.group(0))
            data = data[: found.start()] + cell + data[found.end() :]
        else:
            data = re.sub(pattern, rb"<\1x:" + tag, data)
    return (
        parts.with_part(name, data),
        f"{sheet}: namespace prefix x: on {how}",
        {
            mutant.XML,
            mutant.REACH,
        },
    )


def rows_out_of_order(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    sheet = c.pick(["Trust", "Staff", "Board", "Dashboard"])
    name = parts.sheet_part(sheet)
    data = parts.get(name)
    spans = row_spans(data)
    rows = [data[s:e] for _, s, e in spans]
    start, end = spans[0][1], spans[-1][2]
    how = c.pick(["reversed", "header last", "last first", "two swapped", "cells reversed"])
    if how == "reversed":
        rows.reverse()
    elif how == "header last":
        rows = rows[1:] + rows[:1]
    elif how == "last first":
        rows = rows[-1:] + rows[:-1]
    elif how == "two swapped":
        i, j = c.integer(0, len(rows) - 1), c.integer(0, len(rows) - 1)
        rows[i], rows[j] = rows[j], rows[i]
        how = f"rows {spans[i][0]} and {spans[j][0]} swapped"
    else:
        i = c.integer(0, len(rows) - 1)
        cells = re.findall(rb"<c (?:[^>]*?/>|[^>]*?>.*?</c>)", rows[i], re.S)
        opening = rows[i][: rows[i].find(b">") + 1]
        rows[i] = opening + b"".join(reversed(cells)) + b"</row>"
        how = f"cells of row {spans[i][0]} in reverse order"
    data = data[:start] + b"".join(rows) + data[end:]
    return parts.with_part(name, data), f"{sheet}: rows {how}", {mutant.XML, mutant.REACH}


def bad_cell_ref(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    sheet = c.pick(["Trust", "Staff", "Dashboard"])
    name = parts.sheet_part(sheet)
    data = parts.get(name)
    refs = list(re.finditer(rb'<c r="([A-Z]+[0-9]+)"', data))
    found = c.pick(refs)
    bad = c.pick(BAD_REFS)
    data = data[: found.start(1)] + bad.encode() + data[found.end(1) :]
    return (
        parts.with_part(name, data),
        f"{sheet}: cell {found.group(1).decode()} given the reference {bad!r}",
        _reach_tags(bad),
    )


def bad_row_number(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    sheet = c.pick(["Trust", "Staff", "Dashboard"])
    name = parts.sheet_part(sheet)
    data = parts.get(name)
    rows = list(re.finditer(rb'<row r="([0-9]+)"', data))
    found = c.pick(rows)
    bad = c.pick(BAD_ROWS)
    data = data[: found.start(1)] + bad.encode() + data[found.end(1) :]
    return (
        parts.with_part(name, data),
        f"{sheet}: row {found.group(1).decode()} numbered {bad!r}",
        {mutant.XML, mutant.REACH},
    )


def huge_dimension(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    sheet = c.pick(["Trust", "Staff", "Board", "Dashboard"])
    name = parts.sheet_part(sheet)
    data = parts.get(name)
    ref = c.pick(HUGE_DIMENSIONS)
    data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref.encode() + b'"', data)
    return (
        parts.with_part(name, data),
        f"{sheet}: dimension ref={ref!r}",
        # Not necessarily refused: a reader may as well not allocate from it.
        {mutant.XML, mutant.REACH},
    )


def far_cell(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    """A cell holding a value far from the data, in its own row or at the end of one."""
    sheet = c.pick(["Trust", "Staff", "Board"])
    name = parts.sheet_part(sheet)
    data = parts.get(name)
    ref = c.pick(FAR_REFS)
    prefixed = c.pick([False, True])
    where = c.pick(["its own row", "the last row", "the first row"])
    cell = f'<c r="{ref}"><v>1</v></c>'
    if prefixed:
        cell = f'<x:c xmlns:x="{MAIN_NS}" r="{ref}"><x:v>1</x:v></x:c>'
    spans = row_spans(data)
    if where == "its own row":
        digits = re.sub("[A-Z]+", "", ref) or "1"
        at = data.index(b"</sheetData>")
        data = data[:at] + f'<row r="{digits}">{cell}</row>'.encode() + data[at:]
    else:
        _, _, end = spans[-1] if where == "the last row" else spans[0]
        at = end - len(b"</row>")
        data = data[:at] + cell.encode() + data[at:]
    note = " (namespace-prefixed)" if prefixed else ""
    return (
        parts.with_part(name, data),
        f"{sheet}: a value at {ref}{note} in {where}",
        _reach_tags(ref),
    )


def with_shared_strings(parts: Parts, sheet: str) -> tuple[Parts, list[str]]:
    """The sheet's inline strings moved into a shared-strings part (a valid workbook)."""
    name = parts.sheet_part(sheet)
    data = parts.get(name)
    strings: list[str] = []
    index: dict[str, int] = {}

    def share(m: re.Match[bytes]) -> bytes:
        text = m.group(3).decode()
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return m.group(1) + b' t="s"><v>' + str(index[text]).encode() + b"</v></c>"

    data = re.sub(
        rb'(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="inlineStr">(<is><t[^>]*>(.*?)</t></is>)</c>',
        share,
        data,
    )
    table = "".join(f"<si><t>{s}</t></si>" for s in strings)
    sst = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="{MAIN_NS}" count="{len(strings)}" uniqueCount="{len(strings)}">{table}</sst>'
    )
    rels = parts.get("xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>',
    )
    types = parts.get("[Content_Types].xml").replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    parts = parts.with_part(name, data).with_part("xl/_rels/workbook.xml.rels", rels)
    parts = parts.with_part("[Content_Types].xml", types)
    return parts.with_part(SST, sst.encode()), strings


def shared_strings(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    sheet = c.pick(["Trust", "Staff"])
    parts, strings = with_shared_strings(parts, sheet)
    name = parts.sheet_part(sheet)
    data = parts.get(name)
    how = c.pick(["index", "no table", "count lies", "empty items", "rich text", "valid"])
    if how == "index":
        refs = list(re.finditer(rb't="s"><v>([0-9]+)</v>', data))
        found = c.pick(refs)
        bad = c.pick(["-1", str(len(strings)), str(len(strings) + 1), "10000000000", "abc", "1.5"])
        data = data[: found.start(1)] + bad.encode() + data[found.end(1) :]
        parts = parts.with_part(name, data)
        how = f"one index set to {bad} (of {len(strings)} strings)"
    elif how == "no table":
        parts = parts.without(SST)
    elif how == "count lies":
        sst = parts.get(SST)
        sst = re.sub(rb'count="[0-9]+"', b'count="4294967296"', sst)
        sst = re.sub(rb'uniqueCount="[0-9]+"', b'uniqueCount="99999999999"', sst)
        parts = parts.with_part(SST, sst)
    elif how == "empty items":
        sst = re.sub(rb"<si><t>[^<]*</t></si>", b"<si/>", parts.get(SST), count=3)
        parts = parts.with_part(SST, sst)
    elif how == "rich text":
        sst = parts.get(SST).replace(
            b"<si><t>", b'<si><r><rPr><b/></rPr><t>x</t></r><r><t xml:space="preserve">', 4
        )
        sst = sst.replace(b"</t></si>", b"</t></r></si>", 4)
        parts = parts.with_part(SST, sst)
    tags = {mutant.XML} | ({mutant.SIZES} if how == "count lies" else set())
    return parts, f"{sheet}'s strings shared; {how}", tags


_TYPES = ["s", "b", "e", "inlineStr", "str", "d", "n", "zz", ""]
_BODIES = [
    None,  # keep the cell's own body
    "<v>4</v>",
    "<v>2</v>",
    "<v>-1</v>",
    "<v>abc</v>",
    "<v>#BOGUS!</v>",
    "<v>2025-13-45T99:00:00</v>",
    "<is><t>3</t></is>",
    "<v></v>",
    "<v>1e400</v>",
]


def type_mismatch(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    sheet = c.pick(["Trust", "Staff", "Board", "Dashboard"])
    name = parts.sheet_part(sheet)
    data = parts.get(name)
    cells = list(re.finditer(rb'<c r="([A-Z]+[0-9]+)"([^>]*?)(/>|>(.*?)</c>)', data, re.S))
    found = c.pick(cells)
    kind = c.pick(_TYPES)
    body = c.pick(_BODIES)
    ref = found.group(1).decode()
    attributes = re.sub(rb'\st="[^"]*"', b"", found.group(2))
    inner = (found.group(4) or b"") if body is None else body.encode()
    typed = b' t="' + kind.encode() + b'"' if kind else b""
    element = b'<c r="' + ref.encode() + b'"' + attributes + typed + b">" + inner + b"</c>"
    data = data[: found.start()] + element + data[found.end() :]
    shown = "its own body" if body is None else body
    return (
        parts.with_part(name, data),
        f"{sheet}: cell {ref} typed t={kind!r} with {shown}",
        {mutant.XML},
    )


def deep_nesting(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    depth = c.pick([100, 10_000, 200_000])
    where = c.pick(["a cell's text", "the sheet data", "workbook.xml", "unclosed in a cell"])
    if where == "workbook.xml":
        book = parts.get("xl/workbook.xml")
        book = book.replace(b"<sheets>", b"<x>" * depth + b"</x>" * depth + b"<sheets>", 1)
        return (
            parts.with_part("xl/workbook.xml", book),
            f"{depth} nested <x> in workbook.xml",
            {mutant.XML},
        )
    name = parts.sheet_part("Trust")
    data = parts.get(name)
    if where == "the sheet data":
        at = data.index(b"</sheetData>")
        data = data[:at] + b"<x>" * depth + b"</x>" * depth + data[at:]
    else:
        ref = "B2"
        close = b"" if where == "unclosed in a cell" else b"</r>" * depth
        inner = (b"<r>" * depth + b"<t>deep</t>" + close).decode()
        data = set_cell(data, ref, f'<c r="{ref}" t="inlineStr"><is>{inner}</is></c>')
    return parts.with_part(name, data), f"Trust: {depth} nested elements in {where}", {mutant.XML}


def _text_mutation(
    texts: list[str], tag: str
) -> Callable[[Parts, Chooser], tuple[Parts, str, set[str]]]:
    def mutate(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
        target = c.pick(TEXT_TARGETS)
        text = c.pick(texts)
        how = c.pick(["escape", "raw", "reference"]) if tag == mutant.CONTROL else "escape"
        parts, where = put_text(parts, target, Text(text, how), c)
        return parts, f"{where} set to {text!r} (written {how})", {tag, mutant.XML}

    mutate.__name__ = f"{tag}_text"
    return mutate


control_text = _text_mutation(CONTROL_TEXTS, mutant.CONTROL)
mathtext_text = _text_mutation(MATHTEXT_TEXTS, mutant.MATHTEXT)


def long_text(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    target = c.pick(TEXT_TARGETS)
    length = c.pick([256, 32_767, 32_768, 300_000, 3_000_000])
    unit = c.pick(["x", "Nursing ", "\u00e9", "\U0001f600"])
    text = (unit * (length // len(unit) + 1))[:length]
    parts, where = put_text(parts, target, text, c)
    return parts, f"{where} set to {length:,} characters of {unit!r}", {mutant.LONG, mutant.XML}


def declaration(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    name, _ = _part(parts, c)
    data = parts.get(name)
    how = c.pick(
        [
            "UTF-16 declared, UTF-8 written",
            "whole part in UTF-16",
            "byte-order mark",
            "an invalid UTF-8 byte",
            "XML 1.1",
            "junk after the root",
            "two roots",
        ]
    )
    body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", data)
    if how == "UTF-16 declared, UTF-8 written":
        data = b'<?xml version="1.0" encoding="UTF-16"?>' + body
    elif how == "whole part in UTF-16":
        data = ('<?xml version="1.0" encoding="UTF-16"?>' + body.decode()).encode("utf-16")
    elif how == "byte-order mark":
        data = b"\xef\xbb\xbf" + data
    elif how == "an invalid UTF-8 byte":
        at = data.find(b"</t>")
        at = at if at > 0 else len(data) // 2
        data = data[:at] + b"\xff\xfe" + data[at:]
    elif how == "XML 1.1":
        data = b'<?xml version="1.1"?>' + body
    elif how == "junk after the root":
        data = data + b"<junk/>trailing"
    else:
        data = data + data
    return parts.with_part(name, data), f"{name}: {how}", {mutant.XML}


def references(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    reference = c.pick(["&#0;", "&#xD800;", "&#1114112;", "&bogus;", "&amp;#27;", "&#27;", "&"])
    sheet = c.pick(["Trust", "Staff"])
    name = parts.sheet_part(sheet)
    data = parts.get(name)
    texts = list(re.finditer(rb"<t>([^<]*)</t>", data))
    found = c.pick(texts)
    data = data[: found.end(1)] + reference.encode() + data[found.end(1) :]
    return (
        parts.with_part(name, data),
        f"{sheet}: {reference} put in a text",
        {
            mutant.XML,
            mutant.CONTROL,
        },
    )


def markup(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    """CDATA, comments and processing instructions where Excel never writes them."""
    name = parts.sheet_part(c.pick(["Trust", "Staff"]))
    data = parts.get(name)
    how = c.pick(["CDATA text", "comment between cells", "processing instruction", "CDATA end"])
    if how == "CDATA text":
        data = data.replace(b"<t>", b"<t><![CDATA[", 1).replace(b"</t>", b"]]></t>", 1)
    elif how == "comment between cells":
        data = data.replace(b"</c><c", b"</c><!-- -- --><c", 3)
    elif how == "processing instruction":
        data = data.replace(b"<sheetData>", b"<sheetData><?php echo 1 ?>", 1)
    else:
        data = data.replace(b"<t>", b"<t>]]>", 1)
    return parts.with_part(name, data), f"{name}: {how}", {mutant.XML}


def empty_trust_value(parts: Parts, c: Chooser) -> tuple[Parts, str, set[str]]:
    field = c.pick(["trust_name", "trust_code", "period"])
    name = parts.sheet_part("Trust")
    ref = trust_value_ref(parts, field)
    data = set_cell(parts.get(name), ref, cell_xml(ref, None))
    return parts.with_part(name, data), f"Trust {ref} ({field}) emptied", {mutant.XML}


XML_MUTATIONS: list[XmlMutation] = [
    drop_element,
    duplicate_element,
    rename_element,
    unclose_element,
    drop_attribute,
    duplicate_attribute,
    rename_attribute,
    odd_attribute_value,
    namespace_prefix,
    rows_out_of_order,
    bad_cell_ref,
    bad_row_number,
    huge_dimension,
    far_cell,
    shared_strings,
    type_mismatch,
    deep_nesting,
    control_text,
    mathtext_text,
    long_text,
    declaration,
    references,
    markup,
    empty_trust_value,
]

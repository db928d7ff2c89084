"""A corpus of bad inputs, each generated on demand into a folder (no opaque binaries).

Every case says how it is built and what culturekit must do with it: refuse it with an
exit code and message fragments (the file named, what is wrong, what to do), or accept it
with a notice. ``tests/test_bad_inputs.py`` runs each case through the command line;
``docs/bad-inputs.md`` is the users' version of the same table.

Workbooks are written with openpyxl where it can say what is needed, and by hand (a zip
of XML parts, :func:`write_xlsx`) where it cannot: saved formula values, Excel error
cells, entity declarations, a million formatted rows.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml
from helpers.workbooks import (
    BOARD_ITEMS,
    DEFAULT_FRAMEWORK_FILE,
    STAFF_HEADER,
    STAFF_ITEMS,
    TRUST_CODE,
    TRUST_NAME,
    TRUST_PERIOD,
    TRUST_ROWS,
    make_workbook,
    staff_row,
)

INPUT_CODE, CONTENT_CODE, FRAMEWORK_CODE = 3, 4, 5
TRUST_OPTIONS = ["--trust-name", TRUST_NAME, "--trust-code", TRUST_CODE, "--period", TRUST_PERIOD]
SAVE_AGAIN = "save"  # every refusal of a file tells the user to save (a copy, as .xlsx, ...)


# --------------------------------------------------------------------------- cell values


@dataclass(frozen=True)
class Formula:
    """A formula cell; ``cached`` is the value Excel saved with it (None: never calculated)."""

    text: str
    cached: Any = None


@dataclass(frozen=True)
class ExcelError:
    """An error value such as #N/A, as Excel saves it (``t="e"``)."""

    code: str
    formula: str | None = None


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_xml(ref: str, value: Any) -> str:
    """One ``<c>`` element as Excel writes it (strings inline)."""
    if value is None:
        return ""
    if isinstance(value, Formula):
        if value.cached is None:
            return f'<c r="{ref}"><f>{escape(value.text)}</f></c>'
        if isinstance(value.cached, str):
            return (
                f'<c r="{ref}" t="str"><f>{escape(value.text)}</f><v>{escape(value.cached)}</v></c>'
            )
        return f'<c r="{ref}"><f>{escape(value.text)}</f><v>{value.cached}</v></c>'
    if isinstance(value, ExcelError):
        formula = f"<f>{escape(value.formula)}</f>" if value.formula else ""
        return f'<c r="{ref}" t="e">{formula}<v>{escape(value.code)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    text = escape(str(value))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def rows_xml(rows: Sequence[Sequence[Any]]) -> str:
    """``<sheetData>`` for ``rows`` (row 1 first)."""
    parts = ["<sheetData>"]
    for number, row in enumerate(rows, start=1):
        cells = "".join(
            cell_xml(f"{column_letter(i)}{number}", value) for i, value in enumerate(row)
        )
        parts.append(f'<row r="{number}">{cells}</row>')
    parts.append("</sheetData>")
    return "".join(parts)


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyFill="1"/></cellXfs>'
    "</styleSheet>"
)

SheetBody = str | Callable[[], Iterable[str]]


def write_xlsx(
    path: Path,
    sheets: Mapping[str, Sequence[Sequence[Any]] | SheetBody],
    *,
    shared_strings: str | None = None,
    prolog: Mapping[str, str] | None = None,
    after_data: Mapping[str, str] | None = None,
) -> Path:
    """A workbook written part by part. A sheet is rows, or its ``<sheetData>`` as text or
    as a function yielding pieces (streamed, for huge sheets). ``prolog`` puts text (a
    DOCTYPE) before a part's root element, by part name; ``after_data`` puts elements
    (mergeCells) after a sheet's data, by sheet name."""
    prolog = dict(prolog or {})
    after_data = dict(after_data or {})
    names = list(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
        for i in range(1, len(names) + 1)
    )
    if shared_strings is not None:
        overrides += (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    book_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(names) + 1)
    )
    book_rels += f'<Relationship Id="rIdS" Type="{_REL}/styles" Target="styles.xml"/>'
    if shared_strings is not None:
        book_rels += (
            f'<Relationship Id="rIdT" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        )
    sheet_list = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(names, start=1)
    )
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheet_list}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PKG}">{book_rels}</Relationships>',
        "xl/styles.xml": _STYLES.split("\n", 1)[1],
    }
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, head + prolog.get(name, "") + body)
        for i, (name, sheet) in enumerate(sheets.items(), start=1):
            part = f"xl/worksheets/sheet{i}.xml"
            with archive.open(part, "w", force_zip64=True) as out:
                out.write((head + prolog.get(part, "") + f'<worksheet xmlns="{_MAIN}">').encode())
                if isinstance(sheet, str):
                    out.write(sheet.encode())
                elif callable(sheet):
                    for piece in sheet():
                        out.write(piece.encode())
                else:
                    out.write(rows_xml(sheet).encode())
                out.write((after_data.get(name, "") + "</worksheet>").encode())
    return path


# --------------------------------------------------------------------------- valid content


def staff_rows(count: int = 12, **answers: Any) -> list[list[Any]]:
    """A Staff sheet of ``count`` respondents (enough to be reported), answers 1-5."""
    return [STAFF_HEADER] + [staff_row("Nursing", 1 + i % 5, **answers) for i in range(count)]


def board_rows(count: int = 12) -> list[list[Any]]:
    """A Board sheet of ``count`` members, answers 1-5."""
    return [["role", *BOARD_ITEMS]] + [
        ["executive", *[1 + i % 5] * len(BOARD_ITEMS)] for i in range(count)
    ]


def good_sheets(**replace: Sequence[Sequence[Any]] | None) -> dict[str, Any]:
    """Trust and Staff sheets that pass validation; keyword arguments replace or drop one."""
    sheets: dict[str, Any] = {"Trust": TRUST_ROWS, "Staff": staff_rows()}
    for name, rows in replace.items():
        if rows is None:
            sheets.pop(name, None)
        else:
            sheets[name] = rows
    return sheets


def good_workbook(folder: Path, name: str = "trust.xlsx") -> Path:
    return make_workbook(folder, good_sheets(), name=name)


def staff_csv_text(separator: str = ",", group: str = "Nursing") -> str:
    lines = [separator.join(STAFF_HEADER)]
    lines += [separator.join([group, *[str(1 + i % 5)] * len(STAFF_ITEMS)]) for i in range(12)]
    return "\r\n".join(lines) + "\r\n"


def framework_data() -> dict[str, Any]:
    return yaml.safe_load(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the cases


@dataclass
class Built:
    """A case's input in a folder: the command-line arguments that name it, and the file an
    error must name."""

    args: list[str]
    file: Path
    inputs: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Case:
    id: str
    what: str  # the bad input, in a user's words (docs/bad-inputs.md)
    build: Callable[[Path], Built]
    exit_code: int = 0  # 0: accepted
    says: tuple[str, ...] = ()  # fragments of the error message, or of a notice
    commands: tuple[str, ...] = ("validate", "diagnose")

    @property
    def refused(self) -> bool:
        return self.exit_code != 0


def _workbook(build: Callable[[Path], Path]) -> Callable[[Path], Built]:
    def built(folder: Path) -> Built:
        folder.mkdir(parents=True, exist_ok=True)
        path = build(folder)
        return Built([str(path)], path, [path])

    return built


def _staff_file(build: Callable[[Path], Path]) -> Callable[[Path], Built]:
    def built(folder: Path) -> Built:
        folder.mkdir(parents=True, exist_ok=True)
        path = build(folder)
        return Built(["--staff", str(path), *TRUST_OPTIONS], path, [path])

    return built


def _framework(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], Built]:
    def built(folder: Path) -> Built:
        folder.mkdir(parents=True, exist_ok=True)
        data = copy.deepcopy(framework_data())
        change(data)
        path = folder / "framework.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        workbook = good_workbook(folder)
        return Built([str(workbook), "--framework", str(path)], path, [workbook, path])

    return built


def _bytes(name: str, content: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content)
        return path

    return build


def _truncated(folder: Path) -> Path:
    data = good_workbook(folder, "whole.xlsx").read_bytes()
    path = folder / "trust.xlsx"
    path.write_bytes(data[: len(data) // 2])
    (folder / "whole.xlsx").unlink()
    return path


def _corrupt(folder: Path) -> Path:
    """A workbook whose Staff sheet's compressed bytes were damaged (its CRC fails)."""
    path = good_workbook(folder)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = next(i for i in archive.infolist() if i.filename == "xl/worksheets/sheet2.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + info.compress_size // 3, start + info.compress_size // 3 + 16):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def _zip_not_workbook(folder: Path) -> Path:
    path = folder / "trust.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("report.docx.txt", "minutes of the board meeting")
    return path


def _password(folder: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = good_workbook(folder, "plain.xlsx")
    path = folder / "trust.xlsx"
    with plain.open("rb") as source, path.open("wb") as out:
        OOXMLFile(source).encrypt("Northwick2025", out)
    plain.unlink()
    return path


def ole_header() -> bytes:
    """The start of an OLE2 compound file, as an Excel 97-2003 (.xls) file begins."""
    header = bytearray(512)
    header[:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    header[0x18:0x1A] = (0x3E).to_bytes(2, "little")  # minor version
    header[0x1A:0x1C] = (3).to_bytes(2, "little")  # major version 3: 512-byte sectors
    header[0x1C:0x1E] = (0xFFFE).to_bytes(2, "little")  # little-endian
    header[0x1E:0x20] = (9).to_bytes(2, "little")  # sector shift
    header[0x20:0x22] = (6).to_bytes(2, "little")  # mini sector shift
    header[0x30:0x34] = (1).to_bytes(4, "little")  # first directory sector
    directory = bytearray(512)
    name = "Workbook".encode("utf-16-le") + b"\0\0"
    directory[: len(name)] = name
    return bytes(header) + bytes(512) + bytes(directory)


def _xlsm(folder: Path) -> Path:
    path = good_workbook(folder)
    return path.rename(path.with_suffix(".xlsm"))


def _macro_content(folder: Path) -> Path:
    """An .xlsm renamed .xlsx: a vbaProject.bin part inside."""
    path = good_workbook(folder)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")
    return path


def zip_bomb(path: Path, size: int, *, level: int = 9) -> Path:
    """A workbook whose Staff sheet expands to ``size`` bytes of zeros: tiny on disk."""
    block = b"\0" * (16 << 20)
    template = good_workbook(path.parent, f".{path.name}.template.xlsx")
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive,
    ):
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet2.xml":
                archive.writestr(info.filename, source.read(info))
        with archive.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as out:
            left = size
            while left > 0:
                out.write(block[: min(left, len(block))])
                left -= len(block)
    template.unlink()
    return path


_BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>\n"
)


def _entities_in_shared_strings(folder: Path) -> Path:
    strings = f'<sst xmlns="{_MAIN}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    rows = [[*row] for row in good_sheets()["Staff"]]
    body = rows_xml(rows).replace(
        '<c r="A2" t="inlineStr"><is><t xml:space="preserve">Nursing</t></is></c>',
        '<c r="A2" t="s"><v>0</v></c>',
    )
    return write_xlsx(
        folder / "trust.xlsx",
        {"Trust": TRUST_ROWS, "Staff": body},
        shared_strings=strings,
        prolog={"xl/sharedStrings.xml": _BILLION_LAUGHS},
    )


def _entities_in_sheet(folder: Path, padding: int = 0) -> Path:
    """The DOCTYPE after ``padding`` bytes of comment, to get past a scan of the start."""
    pad = f"<!--{'x' * padding}-->\n" if padding else ""
    body = rows_xml(good_sheets()["Staff"]).replace(">Nursing<", ">&lol9;<", 1)
    return write_xlsx(
        folder / "trust.xlsx",
        {"Trust": TRUST_ROWS, "Staff": body},
        prolog={"xl/worksheets/sheet2.xml": pad + _BILLION_LAUGHS},
    )


def _stray_cell(folder: Path) -> Path:
    """A value typed into XFD1048576, the last cell of a sheet, beside normal data."""
    body = rows_xml(good_sheets()["Staff"]).replace(
        "</sheetData>",
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
    )
    return write_xlsx(folder / "trust.xlsx", {"Trust": TRUST_ROWS, "Staff": body})


def _stray_cell_without_refs(folder: Path) -> Path:
    """The same reach without any cell or row reference (positions are implicit)."""

    def body() -> Iterator[str]:
        yield "<sheetData><row>" + "<c/>" * 16383 + "<c><v>1</v></c></row>"
        yield "<row/>" * 1_048_574
        yield "<row><c><v>1</v></c></row></sheetData>"

    return write_xlsx(folder / "trust.xlsx", {"Trust": TRUST_ROWS, "Staff": body})


def million_empty_rows(path: Path, rows: int = 1_000_000) -> Path:
    """Good data, then ``rows`` formatted but empty rows (as a sheet formatted to the
    bottom is saved)."""
    data = staff_rows()

    def body() -> Iterator[str]:
        yield rows_xml(data).removesuffix("</sheetData>")
        start = len(data) + 1
        step = 50_000
        for first in range(start, start + rows, step):
            yield "".join(
                f'<row r="{r}" s="1" customFormat="1"/>'
                for r in range(first, min(first + step, start + rows))
            )
        yield "</sheetData>"

    return write_xlsx(path, {"Trust": TRUST_ROWS, "Staff": body})


def _answer_cells(**cells: Any) -> Callable[[Path], Path]:
    """Good Staff rows with cells replaced (``VV1=[value for row 2, row 3, ...]``)."""

    def build(folder: Path) -> Path:
        rows = [list(row) for row in staff_rows()]
        for code, values in cells.items():
            column = STAFF_HEADER.index(code)
            for offset, value in enumerate(values):
                rows[1 + offset][column] = value
        return write_xlsx(folder / "trust.xlsx", {"Trust": TRUST_ROWS, "Staff": rows})

    return build


def _openpyxl(sheets: Callable[[], dict[str, Any]], **options: Any) -> Callable[[Path], Path]:
    return lambda folder: make_workbook(folder, sheets(), **options)


def _merged_header(folder: Path) -> Path:
    rows = [list(row) for row in staff_rows()]
    rows[0][2] = None  # VV2's header cell, merged into VV1's
    return write_xlsx(
        folder / "trust.xlsx",
        {"Trust": TRUST_ROWS, "Staff": rows},
        after_data={"Staff": '<mergeCells count="1"><mergeCell ref="B1:C1"/></mergeCells>'},
    )


def _merged_groups(folder: Path) -> Path:
    rows = [list(row) for row in staff_rows()]
    for row in rows[2:6]:
        row[0] = None  # A2:A6 merged: only A2 says "Nursing"
    return write_xlsx(
        folder / "trust.xlsx",
        {"Trust": TRUST_ROWS, "Staff": rows},
        after_data={"Staff": '<mergeCells count="1"><mergeCell ref="A2:A6"/></mergeCells>'},
    )


def _no_header(folder: Path) -> Path:
    rows = [[None] * len(STAFF_HEADER), *staff_rows()[1:]]
    return make_workbook(folder, {"Trust": TRUST_ROWS, "Staff": rows})


def _data_in_row_one(folder: Path) -> Path:
    return make_workbook(folder, {"Trust": TRUST_ROWS, "Staff": staff_rows()[1:]})


def _duplicate_header(folder: Path) -> Path:
    rows = [list(row) for row in staff_rows()]
    rows[0].append("vv1 ")
    for row in rows[1:]:
        row.append(3)
    return make_workbook(folder, {"Trust": TRUST_ROWS, "Staff": rows})


def _duplicate_ids(folder: Path) -> Path:
    rows = [["respondent_id", *row] for row in staff_rows()]
    for number, row in enumerate(rows[1:], start=1):
        row[0] = f"R{number}"
    rows[5][0] = "R2"
    return make_workbook(folder, {"Trust": TRUST_ROWS, "Staff": rows})


def _odd_spellings(folder: Path) -> Path:
    rows = [list(row) for row in staff_rows()]
    rows[1][1:5] = ["agree ", "  STRONGLY   agree", "Neither Agree Nor Disagree", "disagree"]
    return make_workbook(folder, {"Trust": TRUST_ROWS, "Staff": rows})


def _csv(name: str, text: str, encoding: str, bom: bytes = b"") -> Callable[[Path], Path]:
    return _bytes(name, bom + text.encode(encoding))


# --------------------------------------------------------------------------- bounded reading


def _staff_xml(change: Callable[[str], str]) -> Callable[[Path], Path]:
    """Good Trust and Staff sheets, the Staff sheet's XML changed by ``change``."""

    def build(folder: Path) -> Path:
        body = change(rows_xml(good_sheets()["Staff"]))
        return write_xlsx(folder / "trust.xlsx", {"Trust": TRUST_ROWS, "Staff": body})

    return build


def _before_data(xml: str) -> Callable[[str], str]:
    return lambda body: xml + body


def _first_rows(xml: str) -> Callable[[str], str]:
    return lambda body: body.replace("<sheetData>", "<sheetData>" + xml, 1)


def _last_rows(xml: str) -> Callable[[str], str]:
    return lambda body: body.replace("</sheetData>", xml + "</sheetData>")


def _far_cell(ref: str = "XFD1048576", tag: str = "c", attributes: str = "") -> str:
    """A row holding one value at ``ref``, its cell written as ``tag``."""
    digits = "".join(ch for ch in ref if ch.isdigit())
    value = "v" if ":" not in tag else tag.split(":")[0] + ":v"
    namespace = f' xmlns:{tag.split(":")[0]}="{_MAIN}"' if ":" in tag else ""
    return (
        f'<row r="{digits}"><{tag}{namespace}{attributes} r="{ref}"><{value}>1</{value}>'
        f"</{tag}></row>"
    )


def _huge_string_count(folder: Path) -> Path:
    """Shared strings that declare 22,906,492,245 strings (room for them is 512 GiB)."""
    strings = (
        f'<sst xmlns="{_MAIN}" count="1" uniqueCount="22906492245"><si><t>Nursing</t></si></sst>'
    )
    body = rows_xml(good_sheets()["Staff"]).replace(
        '<c r="A2" t="inlineStr"><is><t xml:space="preserve">Nursing</t></is></c>',
        '<c r="A2" t="s"><v>0</v></c>',
    )
    return write_xlsx(
        folder / "trust.xlsx", {"Trust": TRUST_ROWS, "Staff": body}, shared_strings=strings
    )


def _central_entry(data: bytes, name: str) -> int:
    """Where the zip's directory entry for ``name`` begins."""
    encoded = name.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + length] == encoded:
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise ValueError(name)


def _larger_than_declared(folder: Path) -> Path:
    """The Staff sheet's directory entry declares only its first 2,000 bytes, with their
    checksum: a reader that stops at the declared size sees a valid, shorter part."""
    sheets = {"Trust": TRUST_ROWS, "Staff": good_sheets()["Staff"]}
    good = write_xlsx(folder / "whole.xlsx", sheets)
    path = folder / "trust.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, source.read(info))
    good.unlink()
    part = "xl/worksheets/sheet2.xml"
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
        declared = 2000
        crc = zlib.crc32(archive.read(part)[:declared])
    entry = _central_entry(bytes(data), part)
    data[entry + 16 : entry + 20] = crc.to_bytes(4, "little")
    data[entry + 24 : entry + 28] = declared.to_bytes(4, "little")
    local = info.header_offset
    data[local + 14 : local + 18] = crc.to_bytes(4, "little")
    data[local + 22 : local + 26] = declared.to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def _parts_differing_in_case(folder: Path) -> Path:
    path = good_workbook(folder)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/worksheets/Sheet2.xml", rows_xml(board_rows()))
    return path


def _comment_of(length: int, shared: bool = False) -> Callable[[Path], Path]:
    """Good Staff rows with a comment column, its first comment ``length`` characters."""

    def build(folder: Path) -> Path:
        rows = [
            [*row, "comment" if number == 0 else None] for number, row in enumerate(staff_rows())
        ]
        text = "x" * length
        if not shared:
            rows[1][-1] = text
            return write_xlsx(folder / "trust.xlsx", {"Trust": TRUST_ROWS, "Staff": rows})
        ref = f"{column_letter(len(rows[0]) - 1)}2"
        body = rows_xml(rows).replace(
            '<row r="2">', f'<row r="2"><c r="{ref}" t="s"><v>0</v></c>', 1
        )
        strings = f'<sst xmlns="{_MAIN}" count="1" uniqueCount="1"><si><t>{text}</t></si></sst>'
        return write_xlsx(
            folder / "trust.xlsx", {"Trust": TRUST_ROWS, "Staff": body}, shared_strings=strings
        )

    return build


def _csv_comment_of(length: int) -> Callable[[Path], Path]:
    text = staff_csv_text().splitlines()
    lines = [text[0] + ",comment", text[1] + "," + "y" * length, *text[2:]]
    return _csv("staff.csv", "\r\n".join(lines) + "\r\n", "utf-8")


def _header(position: int, header: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        rows = [list(row) for row in staff_rows()]
        rows[0][position] = header
        return make_workbook(folder, {"Trust": TRUST_ROWS, "Staff": rows})

    return build


def _unused_sheets(folder: Path) -> Path:
    """Ten sheets the input format does not use, each damaged and declaring 400 MB: a
    reader that decompressed them would refuse the workbook."""
    extra = {f"Notes {i}": [["note"], [f"kept for reference {i}"]] for i in range(10)}
    path = write_xlsx(folder / "trust.xlsx", {**good_sheets(), **extra})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        infos = {i.filename: i for i in archive.infolist()}
    for number in range(3, 13):
        part = f"xl/worksheets/sheet{number}.xml"
        info = infos[part]
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        for offset in range(start + 2, start + min(info.compress_size, 40)):
            data[offset] ^= 0x5A
        entry = _central_entry(bytes(data), part)
        data[entry + 24 : entry + 28] = (400_000_000).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def _merges(count: int, ref: str = "A2:XFD2") -> Callable[[Path], Path]:
    """Good Staff rows under ``count`` merged ranges, each ``ref``."""

    def build(folder: Path) -> Path:
        merges = f'<mergeCells count="{count}">' + f'<mergeCell ref="{ref}"/>' * count
        return write_xlsx(
            folder / "trust.xlsx",
            good_sheets(),
            after_data={"Staff": merges + "</mergeCells>"},
        )

    return build


def _fifo(folder: Path) -> Built:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "pipe.xlsx"
    os.mkfifo(path)
    return Built([str(path)], path)  # nothing to hash: reading a FIFO would wait


def _device(folder: Path) -> Built:
    folder.mkdir(parents=True, exist_ok=True)
    return Built([os.devnull], Path(os.devnull))


def _folder_as_workbook(folder: Path) -> Built:
    path = folder / "trust.xlsx"
    path.mkdir(parents=True)
    return Built([str(path)], path)


def _folder_as_framework(folder: Path) -> Built:
    folder.mkdir(parents=True, exist_ok=True)
    workbook = good_workbook(folder)
    path = folder / "framework.yaml"
    path.mkdir()
    return Built([str(workbook), "--framework", str(path)], path, [workbook])


_CP1252_GROUP = "Prefer not to say – other, café"


CASES: list[Case] = [
    # -------------------------------------------------------------- not a workbook
    Case(
        "text-named-xlsx",
        "a text file named .xlsx",
        _workbook(_bytes("trust.xlsx", b"staff_group,VV1\nNursing,4\n")),
        INPUT_CODE,
        ("is not an Excel workbook", "saved from Excel"),
    ),
    Case(
        "pdf-named-xlsx",
        "a PDF document named .xlsx",
        _workbook(_bytes("trust.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")),
        INPUT_CODE,
        ("is not an Excel workbook", "PDF", "saved from Excel"),
    ),
    Case(
        "empty-file",
        "an empty file (0 bytes)",
        _workbook(_bytes("trust.xlsx", b"")),
        INPUT_CODE,
        ("the file is empty", "save it again"),
    ),
    Case(
        "truncated-zip",
        "a workbook cut short (half a download)",
        _workbook(_truncated),
        INPUT_CODE,
        ("damaged", "repair it, then save a new copy"),
    ),
    Case(
        "corrupt-zip",
        "a workbook with damaged bytes inside",
        _workbook(_corrupt),
        INPUT_CODE,
        ("damaged", "xl/worksheets/sheet2.xml", "repair it, then save a new copy"),
    ),
    Case(
        "zip-not-workbook",
        "a zip file that is not a workbook, named .xlsx",
        _workbook(_zip_not_workbook),
        INPUT_CODE,
        ("is a zip file but not an Excel workbook", "Save the data"),
    ),
    Case(
        "password-protected",
        "a password-protected (encrypted) workbook",
        _workbook(_password),
        INPUT_CODE,
        ("password-protected", "Remove the password"),
    ),
    Case(
        "old-xls",
        "an Excel 97-2003 .xls workbook",
        _workbook(_bytes("trust.xls", ole_header())),
        INPUT_CODE,
        (".xls workbook", "save it as an Excel Workbook (.xlsx)"),
    ),
    Case(
        "old-xls-named-xlsx",
        "an .xls workbook renamed .xlsx",
        _workbook(_bytes("trust.xlsx", ole_header())),
        INPUT_CODE,
        ("old-style .xls workbook", "save it as an Excel Workbook (.xlsx)"),
    ),
    Case(
        "xlsm",
        "a macro-enabled workbook (.xlsm)",
        _workbook(_xlsm),
        INPUT_CODE,
        ("macro-enabled", "save it as an Excel Workbook (.xlsx)"),
    ),
    Case(
        "xlsm-named-xlsx",
        "a macro-enabled workbook renamed .xlsx",
        _workbook(_macro_content),
        INPUT_CODE,
        ("macro-enabled", "save it as an Excel Workbook (.xlsx)"),
    ),
    *(
        [
            Case(
                "fifo",
                "a named pipe (FIFO) named pipe.xlsx, with nothing writing to it",
                _fifo,
                INPUT_CODE,
                ("is a named pipe (FIFO), not a workbook", "it was not read"),
            ),
            Case(
                "device",
                "a device (/dev/null) given as the workbook",
                _device,
                INPUT_CODE,
                ("is a device, not a workbook",),
            ),
        ]
        if hasattr(os, "mkfifo")
        else []
    ),
    Case(
        "folder-as-workbook",
        "a folder given as the workbook",
        _folder_as_workbook,
        INPUT_CODE,
        ("is a folder, not a workbook",),
    ),
    Case(
        "zip-bomb-ratio",
        "a workbook part of 120 MiB stored in a few hundred KiB (a zip bomb)",
        _workbook(lambda folder: zip_bomb(folder / "trust.xlsx", 120 << 20)),
        INPUT_CODE,
        ("expands over 200 times", "zip bomb", "do not open it"),
    ),
    Case(
        "entities-in-shared-strings",
        "XML entity declarations (billion laughs) in the shared strings",
        _workbook(_entities_in_shared_strings),
        INPUT_CODE,
        ("xl/sharedStrings.xml declares XML entities", "do not open it"),
    ),
    Case(
        "entities-in-sheet",
        "XML entity declarations in a sheet",
        _workbook(_entities_in_sheet),
        INPUT_CODE,
        ("xl/worksheets/sheet2.xml declares XML entities", "do not open it"),
    ),
    Case(
        "entities-after-padding",
        "XML entity declarations after 100 KB of padding",
        _workbook(lambda folder: _entities_in_sheet(folder, padding=100_000)),
        INPUT_CODE,
        ("declares XML entities",),
    ),
    Case(
        "stray-cell",
        "a value in the sheet's last cell, XFD1048576",
        _workbook(_stray_cell),
        INPUT_CODE,
        ("sheet 'Staff' reaches cell XFD1048576", "Ctrl+End", "delete the rows and columns"),
    ),
    Case(
        "stray-cell-implicit",
        "the same, written without cell references",
        _workbook(_stray_cell_without_refs),
        INPUT_CODE,
        ("reaches cell XFD1048576", "Ctrl+End"),
    ),
    Case(
        "dimension-beyond-xfd",
        "a declared dimension beyond column XFD (A1:XFE13)",
        _workbook(_staff_xml(_before_data('<dimension ref="A1:XFE13"/>'))),
        INPUT_CODE,
        ("sheet 'Staff' refers to A1:XFE13, beyond the last row", "column (XFD)"),
    ),
    Case(
        "dimension-whole-sheet",
        "a declared dimension of the whole sheet (A1:XFD1048576) over 13 rows of data",
        _workbook(_staff_xml(_before_data('<dimension ref="A1:XFD1048576"/>'))),
    ),
    Case(
        "cell-beyond-xfd",
        "a cell reference beyond column XFD (XFE13)",
        _workbook(_staff_xml(_last_rows(_far_cell("XFE14")))),
        INPUT_CODE,
        ("sheet 'Staff' refers to XFE14, beyond the last row (1,048,576) or column (XFD)",),
    ),
    Case(
        "row-beyond-limit",
        "a row numbered beyond 1,048,576",
        _workbook(_staff_xml(_last_rows('<row r="1048577"/>'))),
        INPUT_CODE,
        ("refers to row 1048577, beyond the last row",),
    ),
    Case(
        "cells-other-prefix",
        "a value in XFD1048576 written with another namespace prefix (`<x:c>`)",
        _workbook(_staff_xml(_last_rows(_far_cell(tag="x:c")))),
        INPUT_CODE,
        ("sheet 'Staff' reaches cell XFD1048576", "Ctrl+End"),
    ),
    Case(
        "rows-out-of-order",
        "the sheet's last row written first, before row 1",
        _workbook(_staff_xml(_first_rows(_far_cell()))),
        INPUT_CODE,
        ("sheet 'Staff' reaches cell XFD1048576",),
    ),
    Case(
        "cells-out-of-order",
        "a row whose cells are out of order, XFD before A",
        _workbook(
            _staff_xml(
                _last_rows(
                    '<row r="1048576"><c r="XFD1048576"><v>1</v></c><c r="A1048576"><v>1</v></c>'
                    "</row>"
                )
            )
        ),
        INPUT_CODE,
        ("sheet 'Staff' reaches cell XFD1048576",),
    ),
    Case(
        "reference-in-lower-case",
        "a cell reference in lower case (xfd1048576)",
        _workbook(_staff_xml(_last_rows(_far_cell("xfd1048576")))),
        INPUT_CODE,
        ("sheet 'Staff' reaches cell XFD1048576",),
    ),
    Case(
        "reference-not-first",
        'a cell whose reference is not its first attribute (`<c t="n" r="XFD1048576">`)',
        _workbook(_staff_xml(_last_rows(_far_cell(attributes=' t="n"')))),
        INPUT_CODE,
        ("sheet 'Staff' reaches cell XFD1048576",),
    ),
    Case(
        "reference-twice",
        "a cell with two references (r given twice)",
        _workbook(
            _staff_xml(_last_rows('<row r="14"><c r="A14" r="XFD1048576"><v>1</v></c></row>'))
        ),
        INPUT_CODE,
        ("sheet 'Staff' is not well-formed XML (attribute 'r' given twice)",),
    ),
    Case(
        "quoted-tag-end",
        'a cell whose attribute holds ">" (`<c q="a>b" r="XFD1048576">`)',
        _workbook(_staff_xml(_last_rows(_far_cell(attributes=' q="a>b"')))),
        INPUT_CODE,
        ("sheet 'Staff' reaches cell XFD1048576",),
    ),
    Case(
        "cells-without-references-beyond-xfd",
        "16,385 cells in a row, written without references",
        _workbook(
            _staff_xml(_last_rows('<row r="14">' + "<c/>" * 16384 + "<c><v>1</v></c></row>"))
        ),
        INPUT_CODE,
        ("sheet 'Staff' refers to XFE14, beyond the last row",),
    ),
    Case(
        "cell-in-a-cell",
        "a cell inside a cell",
        _workbook(_staff_xml(_last_rows('<row r="14"><c><c><v>1</v></c></c></row>'))),
        INPUT_CODE,
        ("sheet 'Staff' is not well-formed XML (a cell holds a row or a cell)",),
    ),
    Case(
        "shared-strings-count",
        "shared strings declaring 22,906,492,245 strings and holding one",
        _workbook(_huge_string_count),
        INPUT_CODE,
        ("xl/sharedStrings.xml declares 22,906,492,245 strings but holds 1", "do not open it"),
    ),
    Case(
        "part-larger-than-declared",
        "a sheet larger than the zip's directory declares, its checksum forged to match",
        _workbook(_larger_than_declared),
        INPUT_CODE,
        ("the workbook is damaged (xl/worksheets/sheet2.xml expands beyond its declared size)",),
    ),
    Case(
        "merged-range-beyond-xfd",
        "a merged range beyond column XFD (A1:XFE2)",
        _workbook(_merges(1, "A1:XFE2")),
        INPUT_CODE,
        ("sheet 'Staff' refers to A1:XFE2, beyond the last row",),
    ),
    Case(
        "merged-ranges-too-many",
        "20,001 merged ranges in one sheet",
        _workbook(_merges(20_001, "A20:B20")),
        INPUT_CODE,
        ("sheet 'Staff' holds more than 20,000 merged ranges",),
    ),
    Case(
        "merged-ranges-wide",
        "20,000 merged ranges over the data, each as wide as a sheet (A2:XFD2)",
        _workbook(_merges(20_000)),
        CONTENT_CODE,
        ("cells A2:XFD2 are merged, so only A2 holds a value",),
    ),
    Case(
        "parts-differing-in-case",
        "two parts whose names differ only in case (sheet2.xml and Sheet2.xml)",
        _workbook(_parts_differing_in_case),
        INPUT_CODE,
        ("the workbook is damaged (it holds two parts named xl/worksheets/Sheet2.xml)",),
    ),
    # -------------------------------------------------------------- sheets
    Case(
        "no-trust-sheet",
        "no Trust sheet",
        _workbook(_openpyxl(lambda: good_sheets(Trust=None))),
        CONTENT_CODE,
        ("no Trust sheet: add one with the fields trust_name", "--trust-name"),
    ),
    Case(
        "empty-trust-sheet",
        "an empty Trust sheet",
        _workbook(_openpyxl(lambda: good_sheets(Trust=[]))),
        CONTENT_CODE,
        ("the Trust sheet is empty: fill in the fields trust_name", "--trust-name"),
    ),
    Case(
        "no-data-sheets",
        "a Trust sheet and nothing else",
        _workbook(_openpyxl(lambda: good_sheets(Staff=None))),
        CONTENT_CODE,
        ("no Discover data found", "Staff, Board"),
    ),
    Case(
        "empty-staff-sheet",
        "an empty Staff sheet and no other data",
        _workbook(_openpyxl(lambda: good_sheets(Staff=[]))),
        CONTENT_CODE,
        ("no Discover data found", "(empty: 'Staff')"),
    ),
    Case(
        "staff-sheet-misspelt",
        "the Staff sheet named 'Staf Survey'",
        _workbook(
            _openpyxl(
                lambda: {"Trust": TRUST_ROWS, "Staf Survey": staff_rows(), "Board": board_rows()}
            )
        ),
        CONTENT_CODE,
        ("sheet 'Staf Survey'", "did you mean 'Staff'?"),
    ),
    Case(
        "staff-sheet-as-staff-survey",
        "the Staff sheet named 'staff survey'",
        _workbook(_openpyxl(lambda: {"Trust": TRUST_ROWS, "staff survey": staff_rows()})),
        CONTENT_CODE,
        ("sheet 'staff survey'", "did you mean 'Staff'?"),
    ),
    Case(
        "board-sheet-misspelt",
        "the Board sheet named 'Bord'",
        _workbook(_openpyxl(lambda: {**good_sheets(), "Bord": board_rows()})),
        CONTENT_CODE,
        ("sheet 'Bord'", "did you mean 'Board'?"),
    ),
    Case(
        "staff-headers-only",
        "a Staff sheet with headers but no answers",
        _workbook(_openpyxl(lambda: good_sheets(Staff=[STAFF_HEADER], Board=board_rows()))),
        CONTENT_CODE,
        ("sheet 'Staff'", "no staff answers", "--partial"),
    ),
    Case(
        "staff-rows-without-answers",
        "a Staff sheet whose rows answer no item",
        _workbook(
            _openpyxl(
                lambda: good_sheets(
                    Staff=[STAFF_HEADER, *[["Nursing"] for _ in range(12)]], Board=board_rows()
                )
            )
        ),
        CONTENT_CODE,
        ("sheet 'Staff'", "12 row(s), none answering any item", "--partial"),
    ),
    Case(
        "board-headers-only",
        "a Board sheet with headers but no answers",
        _workbook(_openpyxl(lambda: good_sheets(Board=[["role", *BOARD_ITEMS]]))),
        CONTENT_CODE,
        ("sheet 'Board'", "no board answers", "delete the sheet"),
    ),
    Case(
        "no-staff-sheet",
        "board answers and no Staff sheet",
        _workbook(_openpyxl(lambda: good_sheets(Staff=None, Board=board_rows()))),
        CONTENT_CODE,
        ("no staff answers", "partial diagnosis", "--partial"),
    ),
    Case(
        "empty-extra-sheet",
        "an empty sheet besides the data",
        _workbook(_openpyxl(lambda: {**good_sheets(), "Sheet3": []})),
        says=("sheet 'Sheet3' is not used",),
    ),
    Case(
        "hidden-sheet",
        "the Staff sheet hidden in Excel",
        _workbook(_openpyxl(good_sheets, hidden=["Staff"])),
        says=("sheet 'Staff' is hidden in Excel; it was read",),
    ),
    Case(
        "sheets-differing-by-case",
        "two sheets, Staff and STAFF",
        # Excel and openpyxl refuse such names, so the workbook is written by hand.
        _workbook(lambda f: write_xlsx(f / "trust.xlsx", {**good_sheets(), "STAFF": staff_rows()})),
        CONTENT_CODE,
        ("two sheets match", "keep one"),
    ),
    Case(
        "sheet-name-case",
        "sheet names in other case ('TRUST', 'sTaFf')",
        _workbook(_openpyxl(lambda: {"TRUST": TRUST_ROWS, "sTaFf": staff_rows()})),
    ),
    Case(
        "unused-sheets-damaged",
        "ten sheets the input format does not use, each damaged and declaring 400 MB",
        _workbook(_unused_sheets),
        says=("sheet 'Notes 0' is not used", "sheet 'Notes 9' is not used"),
    ),
    # -------------------------------------------------------------- headers
    Case(
        "header-row-blank",
        "row 1 blank, data from row 2",
        _workbook(_no_header),
        CONTENT_CODE,
        ("row 1 must hold the column headers",),
    ),
    Case(
        "header-row-missing",
        "no header row: answers from row 1",
        _workbook(_data_in_row_one),
        CONTENT_CODE,
        ("row 1 must hold the column headers, but it holds data", "insert a header row"),
    ),
    Case(
        "header-duplicated",
        "the same header twice (VV1 and 'vv1 ')",
        _workbook(_duplicate_header),
        CONTENT_CODE,
        ("header 'vv1 ' appears twice",),
    ),
    Case(
        "header-merged",
        "two header cells merged into one",
        _workbook(_merged_header),
        CONTENT_CODE,
        ("column C has values but no header", "merged with B1", "unmerge"),
    ),
    Case(
        "data-merged",
        "a group name merged down over several rows",
        _workbook(_merged_groups),
        CONTENT_CODE,
        ("cells A2:A6 are merged", "unmerge them and fill in every cell"),
    ),
    Case(
        "header-odd-case",
        "headers in odd case and spacing (' Staff Group ', 'vv1')",
        _workbook(
            _openpyxl(
                lambda: good_sheets(
                    Staff=[
                        [" Staff Group ", *[f" {c.lower()}" for c in STAFF_ITEMS]],
                        *staff_rows()[1:],
                    ]
                )
            )
        ),
    ),
    Case(
        "header-cyrillic",
        "an item header typed in Cyrillic letters (ВВ1 for VV1)",
        _workbook(_header(1, "ВВ1")),
        CONTENT_CODE,
        (
            "column 'ВВ1': header 'ВВ1' is written in letters that are not Latin",
            "В is CYRILLIC CAPITAL LETTER VE",
            "retype the header",
        ),
    ),
    Case(
        "header-one-letter-cyrillic",
        "a header with one Cyrillic letter (stаff_group)",
        _workbook(_header(0, "stаff_group")),
        CONTENT_CODE,
        (
            "header 'stаff_group' looks like 'staff_group' but is not it",
            "а is CYRILLIC SMALL LETTER A",
        ),
    ),
    Case(
        "header-l-for-1",
        "an item header with l for 1 (VVl)",
        _workbook(_header(1, "VVl")),
        CONTENT_CODE,
        ("header 'VVl' looks like 'VV1' but is not it (l where VV1 has 1)",),
    ),
    Case(
        "header-full-width",
        "an item header in full-width characters (ＶＶ１)",
        _workbook(_header(1, "ＶＶ１")),
        says=("header 'ＶＶ１' in column B was read as 'VV1'",),
    ),
    Case(
        "header-zero-width",
        "an item header holding a zero-width space (U+200B) between its letters",
        _workbook(_header(1, "V\u200bV1")),
        says=("header 'V\\u200bV1' in column B was read as 'VV1'",),
    ),
    # -------------------------------------------------------------- cells
    Case(
        "formula-without-value",
        "a formula never calculated (as openpyxl and scripts write them)",
        _workbook(_openpyxl(lambda: good_sheets(Staff=staff_rows(VV2="=2+2")))),
        CONTENT_CODE,
        ("cell C2 has a formula without a saved value", "open and save the workbook in Excel"),
    ),
    Case(
        "formula-with-value",
        "a formula with the value Excel saved",
        _workbook(_answer_cells(VV2=[Formula("2+2", cached=4)])),
        says=("1 cell(s) hold formulas; their values as last saved were used (e.g. C2)",),
    ),
    Case(
        "error-na",
        "#N/A in an answer",
        _workbook(_answer_cells(VV1=[ExcelError("#N/A")])),
        CONTENT_CODE,
        ("cell B2 holds the Excel error #N/A", "correct the formula"),
    ),
    Case(
        "error-div0-formula",
        "#DIV/0! from a formula in an answer",
        _workbook(_answer_cells(VV1=[ExcelError("#DIV/0!", formula="1/0")])),
        CONTENT_CODE,
        ("cell B2 holds the Excel error #DIV/0!", "correct the formula"),
    ),
    Case(
        "error-in-group",
        "#N/A from a lookup in a grouping column",
        _workbook(_answer_cells(staff_group=[ExcelError("#N/A", formula="VLOOKUP(1,X:Y,2)")])),
        CONTENT_CODE,
        ("cell A2 holds the Excel error #N/A",),
    ),
    Case(
        "date-answer",
        "a date in an answer (the column formatted as a date)",
        _workbook(_openpyxl(lambda: good_sheets(Staff=staff_rows(VV1=dt.datetime(1900, 1, 3))))),
        CONTENT_CODE,
        ("is a date or time", "format the column as General or Number"),
    ),
    Case(
        "boolean-answer",
        "TRUE in an answer",
        _workbook(_openpyxl(lambda: good_sheets(Staff=staff_rows(VV1=True)))),
        CONTENT_CODE,
        ("not on the scale", "found 'True'", "a whole number 1-5"),
    ),
    Case(
        "answer-0",
        "an answer of 0",
        _workbook(_openpyxl(lambda: good_sheets(Staff=staff_rows(VV1=0)))),
        CONTENT_CODE,
        ("not on the scale", "found '0'", "a whole number 1-5"),
    ),
    Case(
        "answer-6",
        "an answer of 6",
        _workbook(_openpyxl(lambda: good_sheets(Staff=staff_rows(VV1=6)))),
        CONTENT_CODE,
        ("found '6'", "a whole number 1-5"),
    ),
    Case(
        "answer-3.5",
        "an answer of 3.5",
        _workbook(_openpyxl(lambda: good_sheets(Staff=staff_rows(VV1=3.5)))),
        CONTENT_CODE,
        ("found '3.5'", "a whole number 1-5"),
    ),
    Case(
        "answer-odd-spelling",
        "answers such as 'agree ' and '  STRONGLY   agree'",
        _workbook(_odd_spellings),
        says=("4 distinct answer spelling(s) matched the scale once case and spacing",),
    ),
    Case(
        "duplicate-ids",
        "the same respondent_id twice",
        _workbook(_duplicate_ids),
        CONTENT_CODE,
        ("respondent_id is not unique (first used on row 3)", "each respondent once"),
    ),
    Case(
        "text-too-long",
        "a comment of 1,000,000 characters in a workbook cell",
        _workbook(_comment_of(1_000_000)),
        INPUT_CODE,
        ("sheet 'Staff', cell Z2 holds 1,000,000 characters; a cell holds at most 32,767",),
    ),
    Case(
        "shared-text-too-long",
        "a comment of 40,000 characters in the workbook's shared strings",
        _workbook(_comment_of(40_000, shared=True)),
        INPUT_CODE,
        ("sheet 'Staff', cell Z2 holds 40,000 characters",),
    ),
    Case(
        "text-at-limit",
        "a comment of 32,767 characters (Excel's limit for a cell)",
        _workbook(_comment_of(32_767)),
    ),
    Case(
        "million-empty-rows",
        "a million empty but formatted rows after the data",
        _workbook(lambda folder: million_empty_rows(folder / "trust.xlsx")),
    ),
    # -------------------------------------------------------------- CSV
    Case(
        "csv-utf8",
        "CSV in UTF-8",
        _staff_file(_csv("staff.csv", staff_csv_text(), "utf-8")),
    ),
    Case(
        "csv-utf8-bom",
        "CSV UTF-8 with a byte-order mark (Excel's 'CSV UTF-8')",
        _staff_file(_csv("staff.csv", staff_csv_text(), "utf-8", b"\xef\xbb\xbf")),
        says=("read as UTF-8 (its byte-order mark was removed)",),
    ),
    Case(
        "csv-windows-1252",
        "CSV in Windows-1252 (Excel's 'CSV' on Windows), with – and é",
        _staff_file(_csv("staff.csv", staff_csv_text(group=f'"{_CP1252_GROUP}"'), "cp1252")),
        says=("not UTF-8; read as Windows-1252",),
    ),
    Case(
        "csv-semicolons",
        "CSV with semicolons between columns",
        _staff_file(_csv("staff.csv", staff_csv_text(";"), "utf-8")),
        says=("columns separated by ';'",),
    ),
    Case(
        "csv-utf16-tabs",
        "Excel 'Unicode Text' (UTF-16, tab-separated) .txt",
        _staff_file(_csv("staff.txt", staff_csv_text("\t"), "utf-16")),
        says=("read as UTF-16", "columns separated by '\\t'"),
    ),
    Case(
        "csv-undecodable",
        "a CSV file in neither UTF-8 nor Windows-1252",
        _staff_file(_bytes("staff.csv", staff_csv_text().encode() + b"Nursing\x81\x8d,3\r\n")),
        INPUT_CODE,
        ("neither UTF-8 nor Windows-1252", "save it as CSV UTF-8"),
    ),
    Case(
        "csv-is-workbook",
        "an .xlsx workbook named .csv",
        _staff_file(lambda folder: good_workbook(folder).rename(folder / "staff.csv")),
        INPUT_CODE,
        ("is an Excel workbook, not a CSV file", "Give it the .xlsx extension"),
    ),
    Case(
        "csv-is-pdf",
        "a PDF named .csv",
        _staff_file(_bytes("staff.csv", b"%PDF-1.4\n1 0 obj <<>> endobj\n")),
        INPUT_CODE,
        ("is not a text (CSV) file", "Save the sheet from Excel as CSV UTF-8"),
    ),
    Case(
        "csv-empty",
        "an empty CSV file",
        _staff_file(_bytes("staff.csv", b"")),
        INPUT_CODE,
        ("the file is empty",),
    ),
    Case(
        "csv-headers-only",
        "a Staff CSV file with its header row and no answers",
        _staff_file(_csv("staff.csv", ",".join(STAFF_HEADER) + "\r\n", "utf-8")),
        CONTENT_CODE,
        ("sheet 'Staff': the sheet has column headers but no staff answers", "--partial"),
    ),
    Case(
        "csv-field-200000",
        "a CSV field of 200,000 characters",
        _staff_file(_csv_comment_of(200_000)),
        INPUT_CODE,
        ("line 2 holds a field of more than 32,767 characters", "at most 32,767"),
    ),
    Case(
        "csv-field-40000",
        "a CSV field of 40,000 characters",
        _staff_file(_csv_comment_of(40_000)),
        INPUT_CODE,
        ("row 2, column Z holds 40,000 characters; a cell holds at most 32,767",),
    ),
    # -------------------------------------------------------------- framework
    Case(
        "framework-unknown-element",
        "a framework item naming an element that does not exist",
        _framework(lambda d: d["instruments"]["staff"]["items"][0].update(element="kindness")),
        FRAMEWORK_CODE,
        ("unknown element 'kindness'", "culturekit framework --write"),
        ("validate", "diagnose", "framework"),
    ),
    Case(
        "framework-duplicate-item",
        "the same item code twice in a framework",
        _framework(
            lambda d: d["instruments"]["staff"]["items"][1].update(
                code=d["instruments"]["staff"]["items"][0]["code"]
            )
        ),
        FRAMEWORK_CODE,
        ("item code VV1 is used twice", "culturekit framework --write"),
        ("validate", "diagnose", "framework"),
    ),
    Case(
        "framework-item-without-element",
        "a framework item in no element",
        _framework(lambda d: d["instruments"]["staff"]["items"][0].pop("element")),
        FRAMEWORK_CODE,
        ("instruments.staff.items.0.element", "Field required"),
        ("validate", "diagnose", "framework"),
    ),
    Case(
        "framework-folder",
        "a folder given as the framework file",
        _folder_as_framework,
        INPUT_CODE,
        ("is a folder, not a framework file",),
        ("validate", "diagnose", "framework"),
    ),
]

CASES_BY_ID = {case.id: case for case in CASES}
assert len(CASES_BY_ID) == len(CASES), "case ids must be unique"

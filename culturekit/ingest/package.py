"""An xlsx workbook's package: the zip of XML parts, which of them a reading needs, and
the package python-calamine is given.

Only the parts a reading needs are decompressed: the workbook and its relationships, the
shared strings, the styles and the sheets asked for. Every other part (a sheet the input
format does not use, pictures, themes, printer settings) is never decompressed.

Each part that is read is decompressed here, not by :mod:`zipfile`: it must expand to
exactly the size the zip's directory declares, with the declared checksum, and its
compressed data must end where the directory says. python-calamine is then given a
package built of exactly those compressed bytes (:meth:`Package.copy`), under part names
written here, so it cannot read a part that was not checked, a sheet that was not asked
for, or more bytes than were checked.
"""

from __future__ import annotations

import io
import posixpath
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import quoteattr

from culturekit.errors import InputFileError

# Decompressed pieces handed to a scan, and compressed reads from the file, at most this.
CHUNK_BYTES = 8 << 20
# The workbook, its relationships and the content types are a few KiB in any real
# workbook; one larger than this is refused rather than parsed as a tree.
MAX_SMALL_PART_BYTES = 16 << 20

_STORED, _DEFLATED = 0, 8
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL_HEADER = struct.Struct("<4sHHHHHHIIIHHHHHII")
_END_RECORD = struct.Struct("<4sHHHHIIH")
_DOS_DATE = (0, 33)  # 1980-01-01 00:00, so a copy is the same bytes every time

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

_REPAIR = "Open it in Excel or LibreOffice to repair it, then save a new copy."
_SAVE_AS = "Open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)."


@dataclass(frozen=True)
class SheetPart:
    """A worksheet as the workbook lists it."""

    name: str
    part: str  # the zip member holding its cells
    hidden: bool


def damaged(path: Path, detail: str = "not a readable .xlsx file") -> InputFileError:
    return InputFileError(f"{path}: the workbook is damaged ({detail})", hint=_REPAIR)


def local_name(tag: str) -> str:
    """An XML tag or attribute name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def part_key(name: str) -> str:
    """How part names are told apart: case and the direction of slashes ignored, as the
    package format (and python-calamine) has it."""
    return name.replace("\\", "/").lower()


class Package:
    """A workbook's zip opened from ``handle``: its directory, its worksheets, and its
    parts read on demand."""

    def __init__(self, path: Path, handle: BinaryIO) -> None:
        self.path = path
        self.handle = handle
        # Sheets are read in threads of their own: a seek and its read go together.
        self._lock = threading.Lock()
        try:
            self.archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, struct.error):
            raise damaged(path) from None
        self.infos: dict[str, zipfile.ZipInfo] = {}
        for info in self.archive.infolist():
            key = part_key(info.filename)
            if key in self.infos:
                # Which of the two a reader takes depends on the reader: refuse both.
                raise damaged(path, f"it holds two parts named {info.filename}")
            self.infos[key] = info
        if "[content_types].xml" not in self.infos or not any(
            k.startswith("xl/") for k in self.infos
        ):
            raise InputFileError(
                f"{path}: is a zip file but not an Excel workbook",
                hint="Save the data from Excel or LibreOffice as an Excel Workbook (.xlsx).",
            )
        if any(k.endswith("vbaproject.bin") for k in self.infos):
            raise InputFileError(
                f"{path}: is a macro-enabled workbook (saved as .xlsm, then renamed)",
                hint=_SAVE_AS,
            )
        self.sheets: list[SheetPart] = []
        self.shared_strings: zipfile.ZipInfo | None = None
        self.styles: zipfile.ZipInfo | None = None
        self.date1904 = False

    def info(self, name: str) -> zipfile.ZipInfo | None:
        return self.infos.get(part_key(name))

    def read_structure(self, parse: Any) -> list[zipfile.ZipInfo]:
        """Find the worksheets, shared strings and styles from the package's
        relationships; ``parse(info)`` reads and parses a small XML part. Returns the
        parts it read."""
        read: list[zipfile.ZipInfo] = []

        def tree(name: str) -> Any:
            info = self.info(name)
            if info is None:
                return None
            read.append(info)
            return parse(info)

        def relationships(name: str) -> list[Any]:
            root = tree(name)
            if root is None:
                return []
            return [e for e in root.iter() if local_name(e.tag) == "Relationship"]

        tree("[Content_Types].xml")
        book = "xl/workbook.xml"
        for rel in relationships("_rels/.rels"):
            if rel.get("Type", "").endswith("/officeDocument"):
                book = _resolve("", rel.get("Target", ""))
        if self.info(book) is None:
            raise damaged(self.path, "it has no workbook part")
        folder = posixpath.dirname(book)
        rels = posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels")
        targets: dict[str | None, tuple[str, str]] = {}
        for rel in relationships(rels):
            if rel.get("TargetMode", "") == "External":
                continue
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            targets[rel.get("Id")] = (kind, _resolve(folder, rel.get("Target", "")))
        by_kind = {kind: target for kind, target in targets.values()}
        self.shared_strings = self.info(
            by_kind.get("sharedStrings", posixpath.join(folder, "sharedStrings.xml"))
        )
        self.styles = self.info(by_kind.get("styles", posixpath.join(folder, "styles.xml")))
        names: set[str] = set()
        for element in tree(book).iter():
            tag = local_name(element.tag)
            if tag == "workbookPr":
                self.date1904 = element.get("date1904", "") in ("1", "true")
            if tag != "sheet":
                continue
            rid = next(
                (v for k, v in element.attrib.items() if k[:1] == "{" and local_name(k) == "id"),
                None,
            )
            name = element.get("name")
            kind, target = targets.get(rid, ("", ""))
            if name is None or kind != "worksheet":
                continue  # a chart sheet or a dialog sheet holds no cells to read
            info = self.info(target)
            if info is None:
                raise damaged(self.path, f"sheet {name!r} has no part {target}")
            if name in names:
                raise damaged(self.path, f"two sheets are both named {name!r}")
            names.add(name)
            hidden = element.get("state", "visible") != "visible"
            self.sheets.append(SheetPart(name, info.filename, hidden))
        return read

    # ------------------------------------------------------------------ reading parts

    def chunks(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The part's bytes, decompressed piece by piece (each at most CHUNK_BYTES).

        The part must expand to exactly its declared size with its declared checksum,
        and its compressed data must end exactly where the directory says: a part that
        is damaged, or larger than it claims, is refused here.
        """
        name = info.filename
        if info.flag_bits & 0x1:
            raise InputFileError(
                f"{self.path}: part {name} is encrypted inside the zip, which Excel never "
                "does; it was not read",
                hint="Remove the password and save a new copy.",
            )
        if info.compress_type not in (_STORED, _DEFLATED):
            raise damaged(self.path, f"{name} is compressed in a way Excel never uses")
        start = self._data_offset(info)
        inflate = zlib.decompressobj(-15) if info.compress_type == _DEFLATED else None
        left = info.compress_size
        produced = 0
        crc = 0
        while left > 0:
            # Each read seeks first: the caller may read other parts between two pieces.
            block = self._read_at(start + info.compress_size - left, min(CHUNK_BYTES, left))
            if not block:
                raise damaged(self.path, f"{name} is cut short")
            left -= len(block)
            pieces = iter([block] if inflate is None else _inflate(inflate, block))
            while True:
                try:
                    piece = next(pieces)
                except StopIteration:
                    break
                except zlib.error as exc:
                    raise damaged(self.path, f"{name}: {exc}") from None
                produced += len(piece)
                if produced > info.file_size:
                    raise damaged(self.path, f"{name} expands beyond its declared size")
                crc = zlib.crc32(piece, crc)
                yield piece
            if inflate is not None and inflate.eof and (left or inflate.unused_data):
                raise damaged(self.path, f"{name} has data after its end")
        if inflate is not None and not inflate.eof:
            raise damaged(self.path, f"{name} is cut short")
        if produced != info.file_size or crc != info.CRC:
            raise damaged(self.path, f"{name}: its checksum or size does not match")

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """A small part whole (the workbook, its relationships, the content types)."""
        if info.file_size > MAX_SMALL_PART_BYTES:
            raise InputFileError(
                f"{self.path}: part {info.filename} is {info.file_size:,} bytes, far larger "
                "than Excel ever writes it; it was not read",
                hint="If you made this file, open it in Excel and save a new copy; if it "
                "came from elsewhere, do not open it.",
            )
        return b"".join(self.chunks(info))

    def _read_at(self, offset: int, size: int) -> bytes:
        with self._lock:
            self.handle.seek(offset)
            return self.handle.read(size)

    def _data_offset(self, info: zipfile.ZipInfo) -> int:
        """Where the part's compressed data begins, after its local header."""
        header = self._read_at(info.header_offset, _LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise damaged(self.path, f"{info.filename} has no local header")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        stored_name = self._read_at(info.header_offset + _LOCAL_HEADER.size, name_length)
        if stored_name not in (
            info.orig_filename.encode("utf-8"),
            info.orig_filename.encode("cp437", "replace"),
        ):
            raise damaged(self.path, f"{info.filename} is named otherwise in its header")
        return info.header_offset + _LOCAL_HEADER.size + name_length + extra_length

    # ------------------------------------------------------------------ the copy

    def copy(self, sheets: Sequence[SheetPart]) -> bytes:
        """A package holding only ``sheets``, the shared strings and the styles, their
        compressed bytes as read and checked, and a workbook part written here.

        Sheet ``i`` of ``sheets`` is ``xl/worksheets/sheet{i}.xml`` of the copy, named as
        in the original workbook.
        """
        out = io.BytesIO()
        entries: list[bytes] = []

        def add(name: str, data: bytes, method: int, crc: int, size: int) -> None:
            encoded = name.encode("ascii")
            offset = out.tell()
            common = (method, *_DOS_DATE, crc, len(data), size, len(encoded))
            out.write(_LOCAL_HEADER.pack(b"PK\x03\x04", 20, 0, *common, 0))
            out.write(encoded)
            out.write(data)
            header = _CENTRAL_HEADER.pack(b"PK\x01\x02", 20, 20, 0, *common, 0, 0, 0, 0, 0, offset)
            entries.append(header + encoded)

        def add_text(name: str, text: str) -> None:
            data = text.encode("utf-8")
            add(name, data, _STORED, zlib.crc32(data), len(data))

        def add_part(name: str, info: zipfile.ZipInfo) -> None:
            data = self._read_at(self._data_offset(info), info.compress_size)
            add(name, data, info.compress_type, info.CRC, info.file_size)

        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        add_text(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}'
            "</Types>",
        )
        add_text(
            "_rels/.rels",
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        listed = "".join(
            f'<sheet name={quoteattr(sheet.name)} sheetId="{i}" r:id="rId{i}"'
            + (' state="hidden"' if sheet.hidden else "")
            + "/>"
            for i, sheet in enumerate(sheets, start=1)
        )
        date1904 = '<workbookPr date1904="1"/>' if self.date1904 else ""
        add_text(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">{date1904}<sheets>{listed}</sheets>'
            "</workbook>",
        )
        add_text(
            "xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{_PKG}">{rels}</Relationships>'
        )
        if self.shared_strings is not None:
            add_part("xl/sharedStrings.xml", self.shared_strings)
        if self.styles is not None:
            add_part("xl/styles.xml", self.styles)
        for i, sheet in enumerate(sheets, start=1):
            info = self.info(sheet.part)
            assert info is not None
            add_part(f"xl/worksheets/sheet{i}.xml", info)
        directory = out.tell()
        for entry in entries:
            out.write(entry)
        size = out.tell() - directory
        count = len(entries)
        out.write(_END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, size, directory, 0))
        return out.getvalue()


def _inflate(inflate: Any, block: bytes) -> Iterator[bytes]:
    """``block`` decompressed in pieces of at most CHUNK_BYTES: a few compressed bytes
    can expand to gigabytes, so no piece is produced whole."""
    piece = inflate.decompress(block, CHUNK_BYTES)
    while True:
        if piece:
            yield piece
        if inflate.unconsumed_tail:
            piece = inflate.decompress(inflate.unconsumed_tail, CHUNK_BYTES)
        elif len(piece) == CHUNK_BYTES:  # output may be waiting inside the decompressor
            piece = inflate.decompress(b"", CHUNK_BYTES)
        else:
            return


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))

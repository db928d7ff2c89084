"""A zip file as its records, so that single header fields can be changed.

``zipfile`` writes only consistent archives; the mutations need archives whose headers
lie (other sizes, methods, checksums, names) while their data stays as it was. An
archive is read into :class:`Entry` records (the local header, the stored bytes and the
central directory record of each part) and written back with its offsets recomputed.
Field offsets are those of the ZIP specification (APPNOTE.TXT, sections 4.3.7 and 4.3.12).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass, field, replace

LOCAL_SIGNATURE = b"PK\x03\x04"
CENTRAL_SIGNATURE = b"PK\x01\x02"
END_SIGNATURE = b"PK\x05\x06"

# Local file header: signature, version, flags, method, time, date, crc, compressed size,
# uncompressed size, name length, extra length.
_LOCAL = struct.Struct("<4sHHHHHIIIHH")
# Central directory record: signature, version made by, version needed, flags, method,
# time, date, crc, compressed size, uncompressed size, name length, extra length, comment
# length, disk, internal attributes, external attributes, local header offset.
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
# End of central directory: signature, disk, disk of the directory, records on this disk,
# records, directory size, directory offset, comment length.
_END = struct.Struct("<4sHHHHIIH")


@dataclass
class Header:
    """The fields a local header and a central record share."""

    flags: int
    method: int
    crc: int
    compressed_size: int
    size: int


@dataclass
class Entry:
    name: bytes
    local: Header
    central: Header
    data: bytes  # the stored (compressed) bytes
    version: int = 20
    time: int = 0
    date: int = 0x21  # 1980-01-01
    local_extra: bytes = b""
    central_extra: bytes = b""
    external_attributes: int = 0o644 << 16
    local_name: bytes | None = None  # the local header's own name, when it differs

    @property
    def text_name(self) -> str:
        return self.name.decode("utf-8", "replace")


@dataclass
class Layout:
    entries: list[Entry]
    comment: bytes = b""
    prefix: bytes = b""  # bytes before the first local header (a self-extractor's stub)
    suffix: bytes = b""  # bytes after the end record
    # End-record fields to write instead of the true ones (records, size, offset).
    end_override: dict[str, int] = field(default_factory=dict)

    def find(self, name: str) -> Entry:
        return next(e for e in self.entries if e.text_name == name)

    def copy(self) -> Layout:
        return Layout(
            [replace(e, local=replace(e.local), central=replace(e.central)) for e in self.entries],
            self.comment,
            self.prefix,
            self.suffix,
            dict(self.end_override),
        )

    def to_bytes(self) -> bytes:
        out = bytearray(self.prefix)
        offsets = []
        for e in self.entries:
            offsets.append(len(out))
            name = e.name if e.local_name is None else e.local_name
            h = e.local
            out += _LOCAL.pack(
                LOCAL_SIGNATURE,
                e.version,
                h.flags,
                h.method,
                e.time,
                e.date,
                h.crc,
                h.compressed_size,
                h.size,
                len(name),
                len(e.local_extra),
            )
            out += name + e.local_extra + e.data
        start = len(out)
        for e, offset in zip(self.entries, offsets, strict=True):
            h = e.central
            out += _CENTRAL.pack(
                CENTRAL_SIGNATURE,
                (3 << 8) | e.version,
                e.version,
                h.flags,
                h.method,
                e.time,
                e.date,
                h.crc,
                h.compressed_size,
                h.size,
                len(e.name),
                len(e.central_extra),
                0,
                0,
                0,
                e.external_attributes,
                offset,
            )
            out += e.name + e.central_extra
        size = len(out) - start
        records = self.end_override.get("records", len(self.entries))
        out += _END.pack(
            END_SIGNATURE,
            0,
            0,
            records & 0xFFFF,
            records & 0xFFFF,
            self.end_override.get("size", size) & 0xFFFFFFFF,
            self.end_override.get("offset", start) & 0xFFFFFFFF,
            self.end_override.get("comment_length", len(self.comment)) & 0xFFFF,
        )
        return bytes(out + self.comment + self.suffix)


def pack(parts: list[tuple[str, bytes]], level: int = 1) -> Layout:
    """A consistent archive of ``parts`` (deflated), as records."""
    entries = []
    for name, content in parts:
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        data = compressor.compress(content) + compressor.flush()
        header = Header(0, zipfile.ZIP_DEFLATED, zlib.crc32(content), len(data), len(content))
        entries.append(Entry(name.encode(), header, replace(header), data))
    return Layout(entries)


def parse(data: bytes) -> Layout:
    """The records of an archive written by ``zipfile`` or by :meth:`Layout.to_bytes`."""
    end = data.rindex(END_SIGNATURE)
    _, _, _, _, records, _, offset, comment_length = _END.unpack_from(data, end)
    entries = []
    position = offset
    for _ in range(records):
        fields = _CENTRAL.unpack_from(data, position)
        (_, _, version, flags, method, time, date, crc, csize, size) = fields[:10]
        name_length, extra_length, comment = fields[10:13]
        external, local_offset = fields[15], fields[16]
        name = data[position + 46 : position + 46 + name_length]
        central_extra = data[
            position + 46 + name_length : position + 46 + name_length + extra_length
        ]
        position += 46 + name_length + extra_length + comment
        local = _LOCAL.unpack_from(data, local_offset)
        local_name_length, local_extra_length = local[9], local[10]
        body = local_offset + 30 + local_name_length + local_extra_length
        entries.append(
            Entry(
                name=name,
                local=Header(local[2], local[3], local[6], local[7], local[8]),
                central=Header(flags, method, crc, csize, size),
                data=data[body : body + csize],
                version=version,
                time=time,
                date=date,
                local_extra=data[local_offset + 30 + local_name_length : body],
                central_extra=central_extra,
                external_attributes=external,
            )
        )
    return Layout(entries, comment=data[end + 22 : end + 22 + comment_length])


def zip64_extra(size: int, compressed_size: int) -> bytes:
    """A ZIP64 extended information field declaring 64-bit sizes (section 4.5.3)."""
    return struct.pack("<HHQQ", 0x0001, 16, size, compressed_size)

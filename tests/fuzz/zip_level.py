"""Mutations of the zip container: the parts' XML is untouched, the archive around it lies.

Each mutation takes the workbook's parts and a :class:`~fuzz.choices.Chooser` and returns
the archive's bytes and a description of what was changed.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable

from fuzz.choices import Chooser
from fuzz.parts import Parts
from fuzz.zip_layout import Layout, pack, zip64_extra

ZipMutation = Callable[[Parts, Chooser], tuple[bytes, str]]

# Parts named the way real workbooks are damaged or disguised.
_RENAMES: list[tuple[str, Callable[[str], str]]] = [
    ("in upper case", str.upper),
    ("with a leading slash", lambda n: "/" + n),
    ("with backslashes", lambda n: n.replace("/", "\\")),
    ("with '../' in front", lambda n: "../" + n),
    ("with a trailing space", lambda n: n + " "),
    ("with a NUL byte inside", lambda n: n.replace(".", "\0.", 1)),
    ("with a Cyrillic 'х' for 'x'", lambda n: n.replace("x", "\u0445", 1)),
    ("with its extension changed to .bin", lambda n: n.rsplit(".", 1)[0] + ".bin"),
    ("as a folder name", lambda n: n + "/"),
    ("to a 60,000-character name", lambda n: n + "a" * 60_000),
]
# Compression methods: stored, shrunk, imploded, deflate64, bzip2, LZMA, zstd, AES.
_METHODS = [0, 1, 6, 9, 12, 14, 93, 99, 0xFFFF]
_WHERE = ["local header", "central directory", "both headers"]


def _headers(layout: Layout, index: int, where: str) -> list:
    entry = layout.entries[index]
    return {
        "local header": [entry.local],
        "central directory": [entry.central],
        "both headers": [entry.local, entry.central],
    }[where]


def _pick_entry(layout: Layout, c: Chooser) -> int:
    return c.integer(0, len(layout.entries) - 1)


def truncate(parts: Parts, c: Chooser) -> tuple[bytes, str]:
    data = parts.to_bytes()
    cut = c.pick(["half", "all but the last byte", "without its end record", "a tenth", "at"])
    at = {
        "half": len(data) // 2,
        "all but the last byte": len(data) - 1,
        "without its end record": len(data) - 22,
        "a tenth": len(data) // 10,
    }.get(cut)
    if at is None:
        at = c.integer(1, len(data) - 1)
        cut = f"at byte {at}"
    return data[:at], f"zip truncated: {cut} (of {len(data)} bytes)"


def flip_bytes(parts: Parts, c: Chooser) -> tuple[bytes, str]:
    data = bytearray(parts.to_bytes())
    count = c.pick([1, 2, 8, 64])
    region = c.pick(["anywhere", "first 64 bytes", "last 200 bytes"])
    low, high = {
        "anywhere": (0, len(data) - 1),
        "first 64 bytes": (0, 63),
        "last 200 bytes": (len(data) - 200, len(data) - 1),
    }[region]
    flipped = []
    for _ in range(count):
        at = c.integer(low, high)
        mask = c.integer(1, 255)
        data[at] ^= mask
        flipped.append(f"{at}^{mask:#04x}")
    return bytes(data), f"zip bytes flipped ({region}): {', '.join(flipped)}"


def remove_part(parts: Parts, c: Chooser) -> tuple[bytes, str]:
    name = c.pick(parts.names)
    return parts.without(name).to_bytes(), f"part {name} removed"


def duplicate_part(parts: Parts, c: Chooser) -> tuple[bytes, str]:
    name = c.pick(parts.names)
    content = c.pick(["the same content", "an empty part", "another part's content"])
    body = {"the same content": parts.get(name), "an empty part": b""}.get(content)
    if body is None:
        other = c.pick(parts.names)
        body, content = parts.get(other), f"the content of {other}"
    items = list(parts.items)
    at = c.integer(0, len(items))
    items.insert(at, (name, body))
    return pack(items).to_bytes(), f"part {name} added again at position {at}, holding {content}"


def rename_part(parts: Parts, c: Chooser) -> tuple[bytes, str]:
    name = c.pick(parts.names)
    how, rename = c.pick(_RENAMES)
    where = c.pick(_WHERE)
    layout = pack(list(parts.items))
    entry = layout.find(name)
    new = rename(name).encode("utf-8")
    if where in ("central directory", "both headers"):
        entry.name = new
        entry.local_name = None if where == "both headers" else name.encode()
    else:
        entry.local_name = new
    return layout.to_bytes(), f"part {name} renamed {how} in the {where}"


def compression_method(parts: Parts, c: Chooser) -> tuple[bytes, str]:
    layout = pack(list(parts.items))
    index = _pick_entry(layout, c)
    method = c.pick(_METHODS)
    where = c.pick(_WHERE)
    for header in _headers(layout, index, where):
        header.method = method
    name = layout.entries[index].text_name
    return layout.to_bytes(), f"compression method of {name} set to {method} in the {where}"


def wrong_sizes(parts: Parts, c: Chooser) -> tuple[bytes, str]:
    layout = pack(list(parts.items))
    index = _pick_entry(layout, c)
    entry = layout.entries[index]
    field = c.pick(["size", "compressed_size"])
    real = getattr(entry.central, field)
    value = c.pick([0, 1, real - 1, real + 1, real * 2, real // 2, 0xFFFFFFFF, 0xFFFFFFFE])
    where = c.pick(_WHERE)
    for header in _headers(layout, index, where):
        setattr(header, field, max(value, 0))
    label = "uncompressed size" if field == "size" else "compressed size"
    return (
        layout.to_bytes(),
        f"{label} of {entry.text_name} set to {max(value, 0)} (really {real}) in the {where}",
    )


def huge_declared_size(parts: Parts, c: Chooser) -> tuple[bytes, str]:
    layout = pack(list(parts.items))
    how = c.pick(["one part, ZIP64", "every part, 4 GiB each", "one part, 2 GiB", "ratio"])
    if how == "every part, 4 GiB each":
        for entry in layout.entries:
            entry.central.size = 0xFFFFFFFE
        return layout.to_bytes(), "every part declares 4 GiB uncompressed in the central directory"
    index = _pick_entry(layout, c)
    entry = layout.entries[index]
    if how == "one part, ZIP64":
        size = c.pick([1 << 31, 1 << 40, (1 << 63) - 1, (1 << 64) - 1])
        entry.central.size = 0xFFFFFFFF
        entry.central.compressed_size = 0xFFFFFFFF
        entry.central_extra = zip64_extra(size, len(entry.data))
        return layout.to_bytes(), f"{entry.text_name} declares {size} bytes in a ZIP64 extra field"
    if how == "ratio":
        entry.central.size = entry.local.size = min(len(entry.data) * 1000 + (101 << 20), 2**32 - 1)
        return layout.to_bytes(), (
            f"{entry.text_name} declares {entry.central.size} bytes from {len(entry.data)} stored"
        )
    entry.central.size = entry.local.size = 1 << 31
    return layout.to_bytes(), f"{entry.text_name} declares 2 GiB uncompressed in both headers"


def wrong_checksum(parts: Parts, c: Chooser) -> tuple[bytes, str]:
    layout = pack(list(parts.items))
    index = _pick_entry(layout, c)
    where = c.pick(_WHERE)
    crc = c.pick([0, 0xFFFFFFFF, layout.entries[index].central.crc ^ 1])
    for header in _headers(layout, index, where):
        header.crc = crc
    return layout.to_bytes(), f"CRC of {layout.entries[index].text_name} set to {crc:#x} ({where})"


def flags(parts: Parts, c: Chooser) -> tuple[bytes, str]:
    layout = pack(list(parts.items))
    index = _pick_entry(layout, c)
    bit, meaning = c.pick(
        [(0x1, "encrypted"), (0x8, "data descriptor"), (0x40, "strong encryption"), (0x2000, "")]
    )
    where = c.pick(_WHERE)
    for header in _headers(layout, index, where):
        header.flags |= bit
    name = layout.entries[index].text_name
    return (
        layout.to_bytes(),
        f"flag {bit:#x} ({meaning or 'masked header'}) set on {name} ({where})",
    )


def end_record(parts: Parts, c: Chooser) -> tuple[bytes, str]:
    layout = pack(list(parts.items))
    count = len(layout.entries)
    field, value = c.pick(
        [
            ("records", 0),
            ("records", count + 1),
            ("records", count - 1),
            ("records", 0xFFFF),
            ("offset", 0),
            ("offset", 0xFFFFFFFF),
            ("size", 0),
            ("size", 0xFFFFFFFF),
            ("comment_length", 0xFFFF),
        ]
    )
    layout.end_override[field] = value
    return layout.to_bytes(), f"end of central directory: {field} set to {value}"


def surrounding_bytes(parts: Parts, c: Chooser) -> tuple[bytes, str]:
    layout = pack(list(parts.items))
    how = c.pick(["stub before", "junk after", "a second end record after", "a zip inside"])
    if how == "stub before":
        layout.prefix = b"MZ" + b"\0" * 4094
    elif how == "junk after":
        layout.suffix = b"\x00\xff" * 4096
    elif how == "a second end record after":
        layout.suffix = b"PK\x05\x06" + b"\0" * 18
    else:
        inner = pack([("evil.xml", b"<x/>")]).to_bytes()
        layout.comment = inner[:0xFFFF]
    return layout.to_bytes(), f"zip with {how}"


def stored_as_other(parts: Parts, c: Chooser) -> tuple[bytes, str]:
    """A part stored uncompressed but said to be deflated, or the reverse."""
    items = list(parts.items)
    layout = pack(items, level=c.pick([0, 1, 9]))
    index = _pick_entry(layout, c)
    entry = layout.entries[index]
    name, content = items[index]
    if c.pick(["stored said deflated", "deflated said stored"]) == "stored said deflated":
        entry.data = content
        entry.local.compressed_size = entry.central.compressed_size = len(content)
        return layout.to_bytes(), f"{name} stored uncompressed, headers say deflated"
    entry.local.method = entry.central.method = zipfile.ZIP_STORED
    return layout.to_bytes(), f"{name} deflated, headers say stored"


ZIP_MUTATIONS: list[ZipMutation] = [
    truncate,
    flip_bytes,
    remove_part,
    duplicate_part,
    rename_part,
    compression_method,
    wrong_sizes,
    huge_declared_size,
    wrong_checksum,
    flags,
    end_record,
    surrounding_bytes,
    stored_as_other,
]

"""Writing an Office file reproducibly: the same workbook or deck, the same bytes.

openpyxl stamps a workbook's "modified" property and every ZIP entry with the current
time; here both carry a fixed time instead, so that a file written twice is
byte-identical (for the bundled examples, and for anything compared by hash).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def reproducible_bytes(workbook: Any, stamp: datetime) -> bytes:
    """``workbook`` (an openpyxl Workbook) saved with ``stamp`` (naive, UTC) as its
    modified time and on every ZIP entry."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return restamped(buffer.getvalue(), stamp)


def restamped(package: bytes, stamp: datetime) -> bytes:
    """An Office file (a ZIP package: a workbook, a presentation) with ``stamp`` as its
    modified time and on every ZIP entry, in the order written."""
    text = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + text + rb"\g<2>", data)
            member = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, data)
    return out.getvalue()


def save_reproducibly(workbook: Any, path: str | Path, stamp: datetime) -> Path:
    """Write :func:`reproducible_bytes` to ``path``, whole or not at all; return the path."""
    from culturekit.files import write_atomic

    return write_atomic(path, reproducible_bytes(workbook, stamp))

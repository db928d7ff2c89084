"""How names written by people are matched: headers, sheet names, item codes, labels."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-]+")


def normalise_name(name: object) -> str:
    """Match key for a header or sheet name.

    Case is ignored, surrounding spaces dropped, and runs of spaces or hyphens become one
    underscore, so ``Staff Group`` and ``staff-group`` both match ``staff_group``.
    """
    text = "" if name is None else str(name)
    return _SEPARATORS.sub("_", text.strip()).lower()


def normalise_label(value: object) -> str:
    """Match key for an answer label: case and spacing ignored, curly quotes made straight."""
    text = "" if value is None else str(value)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split()).lower()

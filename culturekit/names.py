"""How names written by people are matched: headers, sheet names, item codes, labels."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-]+")


def plain_text(text: str) -> str:
    """``text`` in its plain form: compatibility characters (full-width ``ＶＶ１``,
    ligatures, non-breaking spaces) as the ordinary ones (Unicode NFKC), and invisible
    format characters (zero-width spaces and joiners, byte-order marks) removed."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def normalise_name(name: object) -> str:
    """Match key for a header or sheet name.

    Case is ignored, surrounding spaces dropped, and runs of spaces or hyphens become one
    underscore, so ``Staff Group`` and ``staff-group`` both match ``staff_group``; the
    text is read in its plain form (:func:`plain_text`), so a full-width ``ＶＶ１`` or a
    ``VV1`` with a zero-width space inside matches ``vv1``. A trailing full stop is
    dropped, as survey exports write question numbers (``Q2a.`` matches ``q2a``).
    """
    text = "" if name is None else plain_text(str(name))
    return _SEPARATORS.sub("_", text.strip().rstrip(".").rstrip()).lower()


def normalise_label(value: object) -> str:
    """Match key for an answer label: case and spacing ignored, curly quotes made straight."""
    text = "" if value is None else str(value)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split()).lower()

"""Headers that look like a column of the input format without being it.

A header typed with letters of another script (Cyrillic ``ВВ1`` for ``VV1``, a Greek
``Ο`` in ``staff_grοup``) or with ``l`` for ``1`` matches no column, so without this
check the item would silently go unscored and the column be ignored. Such a header is
never matched to the column it seems meant for (which one is a guess); it is an error
naming the column and the characters that differ. Compatibility forms are no guess:
full-width ``ＶＶ１`` and invisible characters are read as plain text by
:func:`culturekit.names.normalise_name`, and the sheet's reading notes it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from culturekit.names import normalise_name, plain_text

# Letters of other scripts drawn as Latin letters, and the ASCII characters drawn alike
# (after Unicode's confusables): each stands for the Latin character it looks like.
_LOOKS_LIKE = str.maketrans(
    {
        **dict(zip("АВЕКМНОРСТХУІЈЅԚԜҮ", "ABEKMHOPCTXYIJSQWY", strict=True)),
        **dict(zip("аеорсухіјѕԁԛԝһӏ", "aeopcyxijsdqwhl", strict=True)),
        **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),
        **dict(zip("αοιρυνχκ", "aoipuvxk", strict=True)),
        **dict(zip("0Oo", "OOO", strict=True)),
        **dict(zip("1lI|", "llll", strict=True)),
    }
)


def _skeleton(text: str) -> str:
    return normalise_name(plain_text(text).translate(_LOOKS_LIKE)).translate(_LOOKS_LIKE)


def _shape(text: str) -> str:
    """Letters as ``A``, of any script; digits as they are: ``ВВ1`` and ``VV1`` are ``AA1``."""
    return "".join("A" if ch.isalpha() else ch for ch in normalise_name(text))


class Lookalikes:
    """Headers checked against the names a sheet expects: its ``expected`` columns, of
    which ``codes`` are the item codes."""

    def __init__(self, expected: Sequence[str], codes: Sequence[str]) -> None:
        self.keys = {normalise_name(name) for name in expected}
        self.skeletons: dict[str, str] = {}
        for name in expected:
            self.skeletons.setdefault(_skeleton(name), name)
        self.shapes: dict[str, list[str]] = {}
        for code in codes:
            self.shapes.setdefault(_shape(code), []).append(code)

    def reason(self, header: str) -> str | None:
        """Why ``header`` seems meant for an expected column without being one, or None.

        A header shaped as an item code (letters, then digits) but written in letters of
        another script is taken as meant for an item.
        """
        if normalise_name(header) in self.keys:
            return None
        shown = plain_text(header).strip()
        foreign = [ch for ch in dict.fromkeys(shown) if ch.isalpha() and not ch.isascii()]
        described = ", ".join(
            f"{ch} is {unicodedata.name(ch, f'U+{ord(ch):04X}')}" for ch in foreign
        )
        meant = self.skeletons.get(_skeleton(header))
        if meant is not None:
            if not described:
                different = [
                    f"{a} where {meant} has {b}"
                    for a, b in zip(shown, meant, strict=False)
                    if a.casefold() != b.casefold()
                ]
                described = ", ".join(dict.fromkeys(different)) or "other characters"
            return f"looks like {meant!r} but is not it ({described})"
        alike = self.shapes.get(_shape(header), []) if foreign else []
        if alike:
            shown_codes = ", ".join(alike[:4]) + (", ..." if len(alike) > 4 else "")
            return (
                f"is written in letters that are not Latin ({described}), as no item code "
                f"is (item codes such as {shown_codes})"
            )
        return None

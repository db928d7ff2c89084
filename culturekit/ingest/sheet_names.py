"""Sheets named nearly as the input contract names them.

A sheet called "Staf Survey" beside no Staff sheet is almost certainly the staff survey:
reading the workbook without it would diagnose the trust from the other sources alone,
so a near miss is an error that names the sheet meant, never a sheet quietly left out.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from culturekit.names import normalise_name

# How alike (difflib's ratio, from 0 to 1) a sheet's name, or one of its words, must be
# to a contract sheet's name to be taken for it. 0.8 takes one letter dropped, doubled or
# swapped in a short name ("Bord" 0.89, "Staf" 0.89) and leaves other words alone
# ("Stats" against "Staff" is 0.6, "Data" against "Dashboard" 0.62).
SIMILARITY = 0.8


def _compact(key: str) -> str:
    return key.replace("_", "")


def intended_sheet(name: str, sheets: Mapping[str, str]) -> str | None:
    """The sheet ``name`` was most likely meant to be, as ``sheets`` spells it, or None.

    ``sheets`` maps each sheet's match key (:func:`culturekit.names.normalise_name`) to
    its name. The whole name and each of its words are compared, so "Staff survey" is
    taken for "Staff" as "Staf" is.
    """
    key = normalise_name(name)
    whole = _compact(key)
    words = [word for word in key.split("_") if word and word != whole]
    best: str | None = None
    # Ranked by likeness, then the whole name before a word of it ("Dash board" is the
    # Dashboard, not the Board), then the order of ``sheets``.
    best_rank = (SIMILARITY, -1)
    for target in sheets:
        for candidate, is_whole in [(whole, 1), *((w, 0) for w in words)]:
            rank = (difflib.SequenceMatcher(None, candidate, _compact(target)).ratio(), is_whole)
            if rank > best_rank:
                best, best_rank = target, rank
    return sheets[best] if best is not None else None

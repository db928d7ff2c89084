"""The tags a report prints beside a figure: (CSS class, text), read from the result."""

from __future__ import annotations

from typing import Any

from culturekit.report.presentation.words import MARKS, source_name

FLAG = "⚑"

# The board is one body ("the board sees"); every other source is people ("staff see").
SINGULAR_SOURCES: frozenset[str] = frozenset({"board"})


def sees(source: str) -> str:
    """``Board sees``, ``Stakeholders see``."""
    return f"{source_name(source)} {'sees' if source in SINGULAR_SOURCES else 'see'}"


# An unflagged perception gap's reading (culturekit.scoring.gaps) -> (CSS class, words).
_GAP_WORDS: dict[str, tuple[str, str]] = {
    "similar": ("similar", "Similar view"),
    "unclear": ("none", "Unclear"),
    "too few to tell": ("none", "Too few to tell"),
    "not tested": ("none", "Not tested"),
}


def _marked(mark: str, words: str, marked: bool) -> str:
    """``words`` behind their ``mark``, or the words alone (the workbook's cells, which a
    filter or a pivot reads as they are)."""
    return f"{mark} {words}" if marked else words


def gap_tag(gap: Any, *, marked: bool = True) -> tuple[str, str]:
    """A perception gap's reading: flagged either way, similar, unclear or too few to tell."""
    if gap.reading == "higher":
        return "flag", _marked(FLAG, f"{sees(gap.source)} it more favourably", marked)
    if gap.reading == "lower":
        return "flag", _marked(FLAG, f"{sees(gap.source)} it less favourably", marked)
    return _GAP_WORDS.get(gap.reading, ("none", "Not tested"))


def difference_words(value: float) -> str:
    """A group's difference from the trust in words: ``▼ lower`` or ``▲ higher``."""
    return f"{MARKS['down']} lower" if value < 0 else f"{MARKS['up']} higher"


def change_tag(indicator: Any, *, marked: bool = True) -> tuple[str, str]:
    """A compared indicator's verdict: whether it improved, by its own sense of better."""
    if indicator.verdict == "better":
        return "better", _marked(MARKS["up"], "Improved", marked)
    if indicator.verdict == "worse":
        return "worse", _marked(MARKS["down"], "Worsened", marked)
    if indicator.verdict == "no clear change":
        return "similar", _marked(MARKS["level"], "No clear change", marked)
    if indicator.change is not None:
        return "none", _marked(MARKS["none"], "Direction not set", marked)
    return "none", _marked(MARKS["none"], "Not compared", marked)


def parity_tag(share: Any, *, marked: bool = True) -> tuple[str, str]:
    """A compared workforce figure's verdict: closer to parity or further from it."""
    if share.verdict == "better":
        return "better", _marked(MARKS["up"], "Closer to parity", marked)
    if share.verdict == "worse":
        return "worse", _marked(MARKS["down"], "Further from parity", marked)
    if share.verdict == "no clear change":
        return "similar", _marked(MARKS["level"], "No clear change", marked)
    return "none", _marked(MARKS["none"], "Not judged", marked)

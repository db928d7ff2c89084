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


def gap_tag(gap: Any) -> tuple[str, str]:
    """A perception gap's reading: flagged either way, similar, unclear or too few to tell."""
    if gap.reading == "higher":
        return "flag", f"{FLAG} {sees(gap.source)} it more favourably"
    if gap.reading == "lower":
        return "flag", f"{FLAG} {sees(gap.source)} it less favourably"
    return _GAP_WORDS.get(gap.reading, ("none", "Not tested"))


def difference_words(value: float) -> str:
    """A group's difference from the trust in words: ``▼ lower`` or ``▲ higher``."""
    return f"{MARKS['down']} lower" if value < 0 else f"{MARKS['up']} higher"


def change_tag(indicator: Any) -> tuple[str, str]:
    """A compared indicator's verdict: whether it improved, by its own sense of better."""
    if indicator.verdict == "better":
        return "better", f"{MARKS['up']} Improved"
    if indicator.verdict == "worse":
        return "worse", f"{MARKS['down']} Worsened"
    if indicator.verdict == "no clear change":
        return "similar", f"{MARKS['level']} No clear change"
    if indicator.change is not None:
        return "none", f"{MARKS['none']} Direction not set"
    return "none", f"{MARKS['none']} Not compared"


def parity_tag(share: Any) -> tuple[str, str]:
    """A compared workforce figure's verdict: closer to parity or further from it."""
    if share.verdict == "better":
        return "better", f"{MARKS['up']} Closer to parity"
    if share.verdict == "worse":
        return "worse", f"{MARKS['down']} Further from parity"
    if share.verdict == "no clear change":
        return "similar", f"{MARKS['level']} No clear change"
    return "none", f"{MARKS['none']} Not judged"

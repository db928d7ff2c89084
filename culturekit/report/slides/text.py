"""How much room text takes on a slide, so that a deck's text never overflows its box.

PowerPoint does not lay text out when a file is written, so the size each box's text is
set in is chosen here: the largest of the sizes allowed whose lines, wrapped word by word
with Arial's advance widths (Helvetica's, which Arial and Liberation Sans share), fit the
box. The widths are a fixed table, so the same deck is laid out the same way on every
machine, whatever fonts it has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

EMU_PER_POINT = 12700
# Advance widths of printable ASCII (space to tilde), in thousandths of an em.
_ASCII_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
_OTHER_WIDTHS = {
    "–": 556, "—": 1000, "’": 222, "‘": 222, "“": 333, "”": 333, "…": 1000, "·": 278,
    "→": 1000, "−": 584, "▲": 1000, "▼": 1000, "●": 800, "○": 800, "⚑": 1000, "£": 556,
}  # fmt: skip
# Bold Arial is a little wider than regular.
_BOLD = 1.08
# A line's height as a share of the font size (Arial's ascent and descent, with leading).
LINE_HEIGHT = 1.2
# XML cannot carry these characters; a deck drops them rather than fail.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """``text`` without the characters an Office document cannot hold."""
    return _ILLEGAL.sub("", text)


def width(text: str, size: float, *, bold: bool = False) -> float:
    """The advance width of ``text`` set in Arial at ``size`` points, in points."""
    total = 0
    for char in text:
        code = ord(char)
        if 32 <= code <= 126:
            total += _ASCII_WIDTHS[code - 32]
        else:
            total += _OTHER_WIDTHS.get(char, 600)
    return total * size / 1000 * (_BOLD if bold else 1.0)


def lines_needed(text: str, size: float, room: float, *, bold: bool = False) -> int:
    """How many lines ``text`` wraps to in a column ``room`` points wide."""
    lines, current = 0, 0.0
    space = width(" ", size, bold=bold)
    for paragraph in text.split("\n"):
        lines += 1
        current = 0.0
        for word in paragraph.split():
            wide = width(word, size, bold=bold)
            if current and current + space + wide > room:
                lines += 1
                current = 0.0
            if wide > room:  # a word longer than the line breaks anywhere
                extra = int(wide // room)
                lines += extra
                wide -= extra * room
            current += (space if current else 0.0) + wide
    return lines


@dataclass(frozen=True)
class Run:
    """A paragraph to measure: its text, indent in points, boldness, size relative to the
    box's body size, and the space before it as a share of the size."""

    text: str
    indent: float = 0.0
    bold: bool = False
    scale: float = 1.0
    space_before: float = 0.5


def height(runs: Iterable[Run], size: float, room: float) -> float:
    """The height, in points, of ``runs`` set at ``size`` in a column ``room`` wide."""
    total = 0.0
    for index, run in enumerate(runs):
        points = size * run.scale
        lines = lines_needed(run.text, points, room - run.indent, bold=run.bold)
        total += lines * points * LINE_HEIGHT
        if index:
            total += run.space_before * points
    return total


def fitting_size(
    runs: Sequence[Run], room_width: float, room_height: float, sizes: Sequence[float]
) -> float | None:
    """The largest of ``sizes`` (largest first) at which ``runs`` fit the room; None when
    even the smallest does not."""
    for size in sizes:
        if height(runs, size, room_width) <= room_height:
            return size
    return None

"""A mutated workbook: its bytes, how it was made, and what kind of damage it holds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Tags say what a mutation put into the workbook, so that a failure is matched to a
# known finding only when the input could have caused it.
REACH = "reach"  # cell positions: references, dimensions, row numbers, prefixes, order
BEYOND = "beyond"  # a reference or dimension past the xlsx limits: to be refused (exit 3)
CONTROL = "control"  # control characters in text
MATHTEXT = "mathtext"  # text with $...$ or backslashes
LONG = "long"  # very long text
SIZES = "sizes"  # counts and sizes a part declares for what follows
CONTAINER = "container"  # the zip itself damaged
XML = "xml"  # a part's XML changed
CELLS = "cells"  # what cells hold changed


@dataclass(frozen=True)
class Mutant:
    base: str  # the example it was made from ("elmbridge-pre.xlsx", miniature or not)
    steps: tuple[str, ...]  # each change, in order, precisely enough to repeat it
    tags: frozenset[str]
    data: bytes

    @property
    def description(self) -> str:
        return f"{self.base}: " + "; ".join(self.steps)

    def write(self, path: Path) -> Path:
        path.write_bytes(self.data)
        return path

"""Answer bars as the reports draw them: one segment per answer, labelled when it fits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from culturekit.report import palette

# Segments narrower than this (percent of the bar) have no room for their number.
LABEL_MIN_PERCENT = 8


@dataclass(frozen=True)
class Segment:
    width: str
    colour: str
    ink: str
    text: str


@dataclass(frozen=True)
class StackedBar:
    """``label`` is the bar's text alternative; empty answers get no segment."""

    label: str
    segments: list[Segment]


def _whole(percent: float) -> int:
    return round(percent)


def stacked_bar(distribution: Sequence[Any]) -> StackedBar:
    colours = palette.likert(len(distribution))
    label = ", ".join(f"{a.label} {_whole(a.percent)}%" for a in distribution)
    segments = [
        Segment(
            width=f"{a.percent:.2f}%",
            colour=colour,
            ink=palette.contrast_ink(colour),
            text=str(_whole(a.percent)) if a.percent >= LABEL_MIN_PERCENT else "",
        )
        for a, colour in zip(distribution, colours, strict=False)
        if a.percent > 0
    ]
    return StackedBar(label, segments)


def likert_key(labels: Sequence[str]) -> list[tuple[str, str]]:
    """(label, colour) of each answer, in the order of the scale, as the bars colour them."""
    return list(zip(labels, palette.likert(len(labels)), strict=True))

"""Answer bars as the reports draw them, and the shares printed beside them.

Every item's bar runs from its most favourable answer to its least favourable, so the
favourable colour sits at the same end for negatively worded items too (for them,
"Strongly disagree" comes first). The shares are rounded once (:func:`answer_shares`) and
the bar, its text alternative, the item's % positive and the workbook's figures all use
them, so the segments add up to 100% and the favourable ones to the % positive shown.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from culturekit.report import palette
from culturekit.report.presentation.numbers import PLACES

# Segments narrower than this (percent of the bar) have no room for their number.
LABEL_MIN_PERCENT = 8

SIDES: tuple[str, ...] = ("positive", "neutral", "negative")


@dataclass(frozen=True)
class ShownAnswer:
    """One answer of an item with its share as shown (a whole number of the last place)."""

    code: int
    label: str
    side: str
    count: int
    percent: Decimal


@dataclass(frozen=True)
class AnswerShares:
    """An item's answers, most favourable first, and the totals printed beside them."""

    answers: list[ShownAnswer]
    positive: Decimal
    negative: Decimal

    def share(self, code: int) -> Decimal:
        return next(a.percent for a in self.answers if a.code == code)


@dataclass(frozen=True)
class Segment:
    width: str
    colour: str
    ink: str
    text: str


@dataclass(frozen=True)
class StackedBar:
    """``label`` is the bar's text alternative; an answer shown as 0% gets no segment."""

    label: str
    segments: list[Segment]


def favourable_first(distribution: Sequence[Any]) -> list[Any]:
    """The answers from the most favourable to the least: the scale's order, turned round
    when its favourable answers come last (a positively worded item on an agreement
    scale), kept when they come first (a negatively worded one)."""
    answers = list(distribution)
    where = {side: [i for i, a in enumerate(answers) if a.side == side] for side in SIDES}
    if where["positive"] and where["negative"] and where["positive"][0] > where["negative"][0]:
        answers.reverse()
    return answers


def _largest_remainder(parts: Sequence[Fraction], total: int) -> list[int]:
    """``parts`` (in steps of the last place shown) rounded to whole steps that add up to
    ``total``: each rounded down, then one step more to those with the largest remainders
    (ties to the larger part, then the earlier)."""
    floors = [math.floor(p) for p in parts]
    order = sorted(range(len(parts)), key=lambda i: (-(parts[i] - floors[i]), -parts[i], i))
    for i in order[: max(total - sum(floors), 0)]:
        floors[i] += 1
    return floors


def _half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def answer_shares(item: Any) -> AnswerShares:
    """The shares of an item's answers as every format shows them.

    % positive and % negative are each rounded by the one rule (halves up, to the places
    of ``answer_share``); the neutral answers take what is left of 100%. Only where that
    would move the neutral share by a whole step or more (a scale without a middle answer,
    a positive and a negative share both ending in a half) are the three totals rounded
    together by largest remainder instead, so that no share shown is a step or more from
    its own.
    Within each side, the answers' shares are rounded by largest remainder to their side's
    total. Shares are worked out exactly from the counts.
    """
    unit = 10 ** PLACES["answer_share"]
    answers = favourable_first(item.distribution)
    answered = sum(a.count for a in answers)
    # Each answer's share in steps of the last place shown (whole percents: steps of 1).
    exact = [Fraction(100 * unit * a.count, answered or 1) for a in answers]
    total = {
        side: sum((e for a, e in zip(answers, exact, strict=True) if a.side == side), Fraction(0))
        for side in SIDES
    }
    whole = 100 * unit if answered else 0
    shown = {side: _half_up(total[side]) for side in ("positive", "negative")}
    shown["neutral"] = whole - shown["positive"] - shown["negative"]
    neutral = total["neutral"]
    if not math.floor(neutral) <= shown["neutral"] <= math.ceil(neutral):
        together = _largest_remainder([total[s] for s in SIDES], whole)
        shown = dict(zip(SIDES, together, strict=True))
    steps: dict[int, int] = {}
    for side in SIDES:
        members = [i for i, a in enumerate(answers) if a.side == side]
        parts = _largest_remainder([exact[i] for i in members], shown[side])
        steps.update(zip(members, parts, strict=True))

    def share(count: int) -> Decimal:
        return Decimal(count).scaleb(-PLACES["answer_share"])

    return AnswerShares(
        answers=[
            ShownAnswer(a.code, a.label, a.side, a.count, share(steps[i]))
            for i, a in enumerate(answers)
        ],
        positive=share(shown["positive"]),
        negative=share(shown["negative"]),
    )


def _text(value: Decimal) -> str:
    return f"{value:f}"


def stacked_bar(item: Any) -> StackedBar:
    """The item's bar: most favourable answer first, in the favourable colour."""
    shares = answer_shares(item)
    # The palette runs from unfavourable to favourable; the bar runs the other way.
    colours = palette.likert(len(shares.answers))[::-1]
    label = ", ".join(f"{a.label} {_text(a.percent)}%" for a in shares.answers)
    segments = [
        Segment(
            width=f"{_text(a.percent)}%",
            colour=colour,
            ink=palette.contrast_ink(colour),
            text=_text(a.percent) if a.percent >= LABEL_MIN_PERCENT else "",
        )
        for a, colour in zip(shares.answers, colours, strict=True)
        if a.percent > 0
    ]
    return StackedBar(label, segments)


def likert_key(labels: Sequence[str]) -> list[tuple[str, str]]:
    """(label, colour) of each answer as the bars colour them, ``labels`` most favourable
    first (:func:`culturekit.report.presentation.diagnosis.likert_labels`)."""
    return list(zip(labels, palette.likert(len(labels))[::-1], strict=True))

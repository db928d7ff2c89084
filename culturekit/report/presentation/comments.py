"""Free-text comments as the report lists them: each distinct comment once, with a count."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from culturekit.report.presentation.numbers import thousands
from culturekit.report.presentation.words import plural


@dataclass(frozen=True)
class CommentLine:
    text: str
    count: str
    """``12 people`` when more than one wrote it, else empty."""


@dataclass(frozen=True)
class CommentsView:
    note: str
    """How many wrote and how many distinct comments they make, in a sentence."""
    lines: list[CommentLine]


def comments_view(comments: Any) -> CommentsView:
    """One source's shown comments in words (a hidden source says only its reason)."""
    if not comments.shown:
        return CommentsView(note=comments.reason or "", lines=[])
    lines = [
        CommentLine(text, f"{thousands(count)} people" if count > 1 else "")
        for text, count in zip(comments.texts, comments.counts, strict=True)
    ]
    written = comments.written or 0
    distinct = len(comments.texts)
    note = f"{thousands(written)} {plural(written, 'person', 'people')} wrote a comment"
    if distinct < written:
        note += (
            f"; there are {thousands(distinct)} different comments, each listed once with "
            "how many wrote it"
        )
    return CommentsView(note=f"{note}.", lines=lines)

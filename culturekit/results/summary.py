"""What a diagnosis' summary leads with: the headline and the perception gap story.

Both are chosen from the other results by the rules in docs/methods.md ("The summary");
the report words them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from culturekit.results.base import Model

GapDirection = Literal["higher", "lower"]
HeadlineKind = Literal["gap_pattern", "priority", "strength", "no_clear_reading"]


class GapPattern(Model):
    """One source's flagged perception gaps in one direction."""

    source: str = Field(description="The source set against staff (board or stakeholders).")
    compared_with: str = Field("staff", description="The source it is set against.")
    direction: GapDirection = Field(
        description="higher: the source scores these elements above staff; lower: below."
    )
    elements: list[str] = Field(description="The elements flagged, in framework order.")
    compared: int = Field(
        description="The elements on which the source's gap with staff could be worked out."
    )
    others: list[str] = Field(
        default_factory=list,
        description="The elements compared but not flagged in this direction, in framework order.",
    )
    smallest: float = Field(description="The smallest flagged gap, in points (unsigned).")
    largest: float = Field(description="The largest flagged gap, in points (unsigned).")


class Headline(Model):
    """The summary's first sentence: the biggest story the results tell."""

    kind: HeadlineKind = Field(
        description="gap_pattern (a source parts from staff on most elements), priority "
        "(the first priority), strength (the first strength, when there is no priority) or "
        "no_clear_reading (no element reads as either)."
    )
    element: str | None = Field(None, description="priority or strength: the element.")
    pattern: GapPattern | None = Field(None, description="gap_pattern: the pattern.")


class DiagnosisSummary(Model):
    """The summary's headline and its perception gap story."""

    headline: Headline
    gap_patterns: list[GapPattern] = Field(
        default_factory=list,
        description="Every source's flagged gaps, one pattern per source and direction, "
        "in source order, higher before lower.",
    )

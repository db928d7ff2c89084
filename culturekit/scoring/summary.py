"""What the summary leads with, chosen from the results by rule.

The rule (docs/methods.md, "The summary"; the report's methods word it):

1. The perception gap story: each source's flagged gaps with staff, one pattern per
   source and direction (higher or lower than staff).
2. The headline is the first of these that applies:

   a. *gap_pattern*: a source whose flagged gaps in one direction cover more than
      ``rules.headline_gap_share`` of the elements its gap with staff could be worked
      out on, and at least two of them. A view that parts from staff's across most of
      the trust colours every other reading, so it comes before any one element. Of
      two such patterns, the one with more elements, then the larger largest gap.
   b. *priority*: the first priority in the ranking.
   c. *strength*: the first strength, when no element reads as a priority.
   d. *no_clear_reading*: no element reads as a priority or a strength.
"""

from __future__ import annotations

from culturekit.framework.model import Framework
from culturekit.results import Gap, RankedElement
from culturekit.results.summary import DiagnosisSummary, GapDirection, GapPattern, Headline

# A pattern is more than one element by definition; the share it must cover is the
# framework's rule.
PATTERN_ELEMENTS = 2


def gap_patterns(gaps: list[Gap]) -> list[GapPattern]:
    """Each source's flagged gaps, grouped by direction, in the order the gaps come."""
    patterns = []
    sources = list(dict.fromkeys((g.source, g.compared_with) for g in gaps))
    for source, compared_with in sources:
        own = [g for g in gaps if (g.source, g.compared_with) == (source, compared_with)]
        compared = [g.element for g in own if g.difference is not None]
        directions: tuple[GapDirection, ...] = ("higher", "lower")
        for direction in directions:
            flagged = [
                g
                for g in own
                if g.flagged
                and g.difference is not None
                and (g.difference > 0) == (direction == "higher")
            ]
            if not flagged:
                continue
            sizes = [abs(g.difference or 0.0) for g in flagged]
            patterns.append(
                GapPattern(
                    source=source,
                    compared_with=compared_with,
                    direction=direction,
                    elements=[g.element for g in flagged],
                    compared=len(compared),
                    others=[e for e in compared if e not in {g.element for g in flagged}],
                    smallest=min(sizes),
                    largest=max(sizes),
                )
            )
    return patterns


def headline(
    patterns: list[GapPattern],
    priorities: list[RankedElement],
    strengths: list[RankedElement],
    framework: Framework,
) -> Headline:
    """The summary's first sentence, by the rule of this module."""
    share = framework.rules.headline_gap_share
    broad = [
        p
        for p in patterns
        if len(p.elements) >= PATTERN_ELEMENTS and len(p.elements) > share * p.compared
    ]
    if broad:
        # max keeps the first of equals: source order settles a tie.
        lead = max(broad, key=lambda p: (len(p.elements), p.largest))
        return Headline(kind="gap_pattern", pattern=lead)
    if priorities:
        return Headline(kind="priority", element=priorities[0].element)
    if strengths:
        return Headline(kind="strength", element=strengths[0].element)
    return Headline(kind="no_clear_reading")


def summarise(
    gaps: list[Gap],
    priorities: list[RankedElement],
    strengths: list[RankedElement],
    framework: Framework,
) -> DiagnosisSummary:
    patterns = gap_patterns(gaps)
    return DiagnosisSummary(
        headline=headline(patterns, priorities, strengths, framework),
        gap_patterns=patterns,
    )

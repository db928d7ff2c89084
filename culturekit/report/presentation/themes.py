"""A framework's themes as the report shows them: grouped under their headings (People
Promise, then engagement and morale), in the framework's order, with words for how each
theme's score is made."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_HOW = {
    "subscore_means": "the mean of its sub-scores' scores",
    "respondent_means": "the mean over respondents of each one's mean sub-score",
}


@dataclass(frozen=True)
class ThemeGroup:
    heading: str
    anchor: str
    themes: list[Any]


def theme_groups(diagnosis: Any) -> list[ThemeGroup]:
    """The themes under their headings, in the order the framework gives them."""
    themes = diagnosis.themes
    if themes is None:
        return []
    return [
        ThemeGroup(
            heading=heading,
            anchor="themes-" + "-".join(heading.lower().split()),
            themes=[t for t in themes.themes if t.group == heading],
        )
        for heading in themes.groups
    ]


def theme_score_words(diagnosis: Any) -> str:
    """How a theme's score is made from its sub-scores, for the section's introduction."""
    themes = diagnosis.themes
    return "" if themes is None else _HOW.get(themes.theme_score, themes.theme_score)


def weighting_words(diagnosis: Any) -> str:
    """Whether the themes' scores are weighted, and how, for the section's introduction."""
    themes = diagnosis.themes
    if themes is None or themes.weighting == "unweighted":
        return (
            "Unweighted: each score is the mean over respondents, as in the national "
            "breakdown reports."
        )
    how = (
        "with the weights the Weights sheet gives"
        if themes.weighting == "weight"
        else "to the reference mix the Weights sheet gives"
    )
    return (
        f"Weighted by {themes.weighted_by} {how}, each weight capped at "
        f"{themes.weight_cap:g}, as the national benchmark reports weight by occupation "
        "group; respondent counts are unweighted."
    )

"""A diagnosis as the reports show it: the words and lists its templates receive."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from culturekit.report.presentation.bars import favourable_first
from culturekit.report.presentation.numbers import score
from culturekit.report.presentation.rules import confidence_label
from culturekit.report.presentation.words import SURVEY_SOURCES, source_name


def summary_finding(diagnosis: Any) -> str:
    """The summary chart's finding in words: its text alternative states it."""
    sentences = []
    for source in SURVEY_SOURCES:
        scored = [
            (e.sources[source].score, e.name)
            for e in diagnosis.elements
            if source in e.sources and e.sources[source].score is not None
        ]
        if len(scored) < 2:
            continue
        (low, low_name), (high, high_name) = min(scored), max(scored)
        sentences.append(
            f"{source_name(source)}: {high_name.lower()} highest ({score(high)}), "
            f"{low_name.lower()} lowest ({score(low)})."
        )
    return " ".join(sentences)


def summary_chart_description(diagnosis: Any) -> str:
    """The text alternative of the chart of element scores by source, in every format."""
    return (
        f"Element scores by source with {confidence_label(diagnosis)} confidence intervals. "
        + summary_finding(diagnosis)
    )


def likert_labels(diagnosis: Any) -> list[str]:
    """The answers as the bars run, most favourable first, read from a positively worded
    item (a negatively worded item's bar runs the other way round the scale)."""
    answered = [
        item
        for element in diagnosis.elements
        for items in element.items.values()
        for item in items
        if item.distribution
    ]
    answered.sort(key=lambda item: item.reverse)
    return [a.label for a in favourable_first(answered[0].distribution)] if answered else []


@dataclass(frozen=True)
class BreakdownView:
    """How one breakdown's table is laid out."""

    none_shown: bool
    # A hidden group's reason spans its respondents cell and every element's cell.
    hidden_span: int


def breakdown_view(breakdown: Any) -> BreakdownView:
    return BreakdownView(
        none_shown=all(g.suppressed for g in breakdown.groups),
        hidden_span=1 + len(breakdown.overall),
    )


def reliability_words(warning: Any) -> str:
    """What a low or negative Cronbach's alpha means, as the report says it."""
    if warning.case == "negative":
        return (
            "negative: the items pull in opposite directions, which usually means a "
            "negatively worded item was not reversed, or was reversed twice; check "
            "the framework's `reverse` flags and the answer coding"
        )
    return (
        f"below {score(warning.limit, 'alpha')}: the items may not measure one thing for these "
        "respondents, or there are too few items; read the element's score with care and "
        "look at its items one by one"
    )

"""The equity and inclusion signal from the workforce analysis, and its rule."""

from __future__ import annotations

from culturekit.framework.model import Framework
from culturekit.framework.standards import RatioDefinition, standards
from culturekit.results.base import Signal
from culturekit.results.workforce import (
    Indicator,
    RepresentationTable,
)
from culturekit.scoring.workforce.context import (
    DISABILITY,
    ETHNICITY,
    Context,
    has,
    leadership_bands,
)

EQUITY_RULE = (
    "The equity and inclusion signal from the workforce analysis is 'negative' when any "
    "WRES or WDES relative likelihood that could be worked out (WRES 2, 3, 4; WDES 2, 3) "
    "lies outside the fair range {low:g} to {high:g}, or when the share of BME or of "
    "Disabled staff among leaders ({bands}, and board members) is below "
    "{floor:g} times their share of the whole workforce (judged only when "
    "there are at least {min_group} leaders); otherwise 'positive' when at least one "
    "relative likelihood could be worked out (all then lie within the fair range); "
    "otherwise 'neutral' when leadership representation could be judged, and no signal "
    "when nothing could."
)
"""Template: ``EQUITY_RULE.format(low=, high=, bands=, min_group=, floor=)``; see
:func:`equity_rule`."""


def equity_rule(framework: Framework) -> str:
    """:data:`EQUITY_RULE` with the framework's values, for the methods section."""
    low, high = framework.rules.likelihood_fair_range
    return EQUITY_RULE.format(
        low=low,
        high=high,
        bands=", ".join(leadership_bands(framework)),
        min_group=framework.rules.min_group_for_ratio,
        floor=framework.rules.representation_floor,
    )


def equity_signal(
    ctx: Context | None,
    tables: dict[str, RepresentationTable],
    ratios: list[Indicator],
    framework: Framework,
) -> tuple[Signal | None, list[str]]:
    """The equity and inclusion signal and its evidence; the rule is :func:`equity_rule`.

    Evidence is one short finding per string (quoted verbatim in the report's priority
    list), concerns first: clear ones, then those whose interval includes 1, then the rest.
    """
    # (tier, finding): 0 a clear concern, 1 a concern that could be chance, 2 no concern.
    found: list[tuple[int, str]] = []
    floor_multiple = framework.rules.representation_floor
    negative = False
    computed = 0
    definitions = standards()
    outcome = {
        (d.standard, d.number): d.outcome
        for d in (*definitions.wres.indicators, *definitions.wdes.indicators)
        if isinstance(d, RatioDefinition)
    }
    for ind in ratios:
        if ind.value is None:
            continue
        computed += 1
        label = f"{ind.standard} {ind.number}"
        people = "applicants" if ind.number == 2 else "staff"
        who = f"{ind.group_a.label} {people}" if ind.group_a is not None else label
        verb = outcome.get((ind.standard, ind.number), "be affected")
        finding = f"{who} {ind.value:.2f} times as likely to {verb}"
        if not ind.concern:
            found.append((2, f"{finding} ({label}, within fair range)"))
        elif ind.significant is False:
            negative = True
            found.append((1, f"{finding} ({label}, could be chance)"))
        else:
            negative = True
            found.append((0, f"{finding} ({label})"))
    judged = 0
    if ctx is not None:
        frame = ctx.frame
        lead_n = int(ctx.leaders.sum())
        for char in (ETHNICITY, DISABILITY):
            if not has(frame, char) or lead_n < framework.rules.min_group_for_ratio:
                continue
            values = frame[char.column]
            all_share = float((values == char.target).mean())
            if all_share == 0.0:
                continue
            lead_share = float((values[ctx.leaders] == char.target).mean())
            judged += 1
            table = tables[char.column]
            assert table.overall is not None and table.leadership is not None
            shown_lead = table.leadership.cell(char.target).percent
            shown_all = table.overall.cell(char.target).percent
            name = f"{char.target_label} representation among leaders"
            floor = f"{floor_multiple:g} times the workforce share"
            shares = (
                f"{char.target_label} staff {shown_lead:.1f}% of leaders against "
                f"{shown_all:.1f}% of all staff"
                if shown_lead is not None and shown_all is not None
                else None
            )
            if lead_share < floor_multiple * all_share:
                negative = True
                found.append((0, shares or f"{name} is below {floor}"))
            elif shares is not None:
                found.append((2, f"{shares} (not below {floor_multiple:g} times)"))
            else:
                found.append((2, f"{name} is at least {floor}"))
    evidence = [text for _, text in sorted(found, key=lambda pair: pair[0])]
    if negative:
        return "negative", evidence
    if computed:
        return "positive", evidence
    if judged:
        return "neutral", evidence
    return None, evidence

"""The equity and inclusion signal from the workforce analysis.

The rule in words is :func:`culturekit.report.presentation.methods.equity_rule`.
"""

from __future__ import annotations

import math

from culturekit.framework.model import Framework
from culturekit.results.base import Signal
from culturekit.results.workforce import (
    Indicator,
    RepresentationTable,
    WorkforceFinding,
)
from culturekit.scoring.workforce.context import (
    DISABILITY,
    ETHNICITY,
    Context,
    has,
)
from culturekit.scoring.workforce.linked import key
from culturekit.scoring.workforce.tables import LEADERSHIP


def equity_signal(
    ctx: Context | None,
    tables: dict[str, RepresentationTable],
    ratios: list[Indicator],
    framework: Framework,
) -> tuple[Signal | None, list[WorkforceFinding]]:
    """The equity and inclusion signal and the findings it rests on, concerns first:
    clear ones, then those whose interval includes 1, then the rest."""
    found: list[WorkforceFinding] = []
    floor_multiple = framework.rules.representation_floor
    negative = False
    computed = 0
    for ind in ratios:
        if ind.value is None:
            continue
        computed += 1
        if not ind.concern:
            assessment = "no_concern"
        elif ind.significant is False:
            assessment = "could_be_chance"
        else:
            assessment = "concern"
        negative = negative or ind.concern
        found.append(
            WorkforceFinding(
                kind="likelihood",
                assessment=assessment,
                standard=ind.standard,
                number=ind.number,
                group=ind.group_a.label if ind.group_a is not None else None,
                value=ind.value,
            )
        )
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
            table = tables[char.column]
            assert table.overall is not None and table.leadership is not None
            lead_share = float((values[ctx.leaders] == char.target).mean())
            target = key(LEADERSHIP, **{char.column: char.target})
            if table.leadership.cell(char.target).percent is None and _reading_pins(
                ctx.linked.interval(target),
                lead_share * lead_n,
                floor_multiple * all_share * lead_n,
            ):
                continue
            judged += 1
            below = lead_share < floor_multiple * all_share
            negative = negative or below
            found.append(
                WorkforceFinding(
                    kind="representation",
                    assessment="concern" if below else "no_concern",
                    characteristic=char.column,
                    group=char.target_label,
                    # the shown cells, so that a hidden one stays hidden here too
                    leaders_percent=table.leadership.cell(char.target).percent,
                    workforce_percent=table.overall.cell(char.target).percent,
                    floor=floor_multiple,
                )
            )
    order = {"concern": 0, "could_be_chance": 1, "no_concern": 2}
    evidence = sorted(found, key=lambda f: order[f.assessment])
    if negative:
        return "negative", evidence
    if computed:
        return "positive", evidence
    if judged:
        return "neutral", evidence
    return None, evidence


def _reading_pins(known: tuple[int, int], count: float, limit: float) -> bool:
    """Whether saying that a hidden count lies below (or not below) ``limit`` would leave a
    reader one possible value for it.

    ``known`` is what everything else published already allows for the count (the
    workforce audit's interval: the board's public counts, the bands, the margins); the
    reading cuts it at ``limit``. Where one value is left, the reading is not given, so
    the leaders' representation is judged only where saying so keeps the figure hidden.
    """
    low, high = known
    if count < limit:
        high = min(high, math.ceil(limit) - 1)
    else:
        low = max(low, math.ceil(limit))
    return high <= low

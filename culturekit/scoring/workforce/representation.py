"""Staff by ethnicity, disability and gender across the pipeline, and WRES 1 / WDES 1."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from culturekit.framework.standards import RepresentationDefinition
from culturekit.ingest.workforce import (
    BANDS,
    DISABILITY_VALUES,
    ETHNICITY_GROUPS,
)
from culturekit.results.workforce import (
    BandShare,
    CharacteristicName,
    GroupRate,
    Indicator,
    RepresentationRow,
    RepresentationTable,
    StaffGroup,
    Unit,
)
from culturekit.scoring.workforce.context import (
    BOARD_ROW,
    DISABILITY,
    ETHNICITY,
    PIPELINE_BANDS,
    Characteristic,
    Context,
    band_mask,
    has,
    has_disability,
    has_ethnicity,
    hidden_groups,
    no_characteristic,
    split_row,
    staff_groups,
)


def representation_table(
    ctx: Context,
    characteristic: CharacteristicName,
) -> RepresentationTable:
    frame, t = ctx.frame, ctx.threshold
    if characteristic == "ethnicity_group":
        title, available = "Ethnicity", has_ethnicity(frame)
        values, categories = frame["ethnicity_group"], list(ETHNICITY_GROUPS)
        missing = no_characteristic(ETHNICITY, "Workforce")
    elif characteristic == "disability":
        title, available = "Disability", has_disability(frame)
        values, categories = frame["disability"], list(DISABILITY_VALUES)
        missing = no_characteristic(DISABILITY, "Workforce")
    else:
        title = "Gender"
        available = bool(frame["gender"].notna().any())
        values = frame["gender"].fillna("Not stated")
        order = values[values != "Not stated"].value_counts()
        categories = sorted(order.index, key=lambda c: (-int(order[c]), str(c)))
        if (values == "Not stated").any():
            categories.append("Not stated")
        missing = "no gender is recorded in the Workforce sheet (column missing or empty)"
    if not available:
        return RepresentationTable(
            characteristic=characteristic,
            title=title,
            available=False,
            missing_reason=missing,
            categories=categories,
            rows=[],
        )
    rows = [
        split_row(band, values[band_mask(frame, band)], categories, t, ctx.band_hidden.get(band))
        for band in PIPELINE_BANDS
    ]
    rows.append(split_row(BOARD_ROW, values[ctx.board_any], categories, t))
    return RepresentationTable(
        characteristic=characteristic,
        title=title,
        available=True,
        categories=categories,
        overall=split_row("All staff", values, categories, t, ctx.total_hidden),
        leadership=split_row("Leadership", values[ctx.leaders], categories, t),
        rows=rows,
    )


def unavailable(
    number: int,
    standard: Literal["WRES", "WDES"],
    title: str,
    definition: str,
    unit: Unit,
    reason: str,
) -> Indicator:
    return Indicator(
        number=number,
        standard=standard,
        title=title,
        definition=definition,
        unit=unit,
        available=False,
        missing_reason=reason,
        reading=f"Not available: {reason}.",
    )


def hidden_rate(label: str, reason: str | None) -> GroupRate:
    """A group's rate with every figure withheld."""
    return GroupRate(
        label=label,
        numerator=None,
        denominator=None,
        rate=None,
        percent=None,
        suppressed=True,
        reason=reason,
    )


def share_from_row(row: RepresentationRow, category: str, label: str) -> GroupRate:
    if row.suppressed:
        return hidden_rate(label, row.reason)
    cell = row.cell(category)
    return GroupRate(
        label=label,
        numerator=cell.count,
        denominator=row.total,
        rate=None if cell.percent is None else cell.percent / 100.0,
        percent=cell.percent,
        suppressed=cell.suppressed,
        reason=cell.reason,
    )


def representation_indicator(
    ctx: Context | None,
    spec: RepresentationDefinition,
    char: Characteristic,
    tables: dict[str, RepresentationTable],
) -> Indicator:
    standard, title, definition = spec.standard, spec.title, spec.definition
    if ctx is None:
        return unavailable(1, standard, title, definition, "percent", "no Workforce sheet")
    frame, t = ctx.frame, ctx.threshold
    if not has(frame, char):
        return unavailable(
            1, standard, title, definition, "percent", no_characteristic(char, "Workforce")
        )
    values = frame[char.column]
    split = staff_groups(frame)
    by_band: list[BandShare] = []
    for band in BANDS:
        in_band = band_mask(frame, band)
        if not in_band.any():
            continue
        band_reason = ctx.band_hidden.get(band)
        parts: list[tuple[StaffGroup, pd.Series, str | None]] = [
            ("All staff", in_band, band_reason)
        ]
        if split is not None:
            names: tuple[StaffGroup, ...] = ("Clinical", "Non-clinical", "Not recorded")
            sizes = {n: int((in_band & (split == n)).sum()) for n in names}
            hidden = {n: band_reason for n in names} if band_reason else hidden_groups(sizes, t)
            parts += [(n, in_band & (split == n), hidden.get(n)) for n in names if sizes[n] > 0]
        for name, mask, reason in parts:
            row = split_row(band, values[mask], char.categories, t, reason)
            share = share_from_row(row, char.target, char.target_label)
            by_band.append(
                BandShare(
                    band=band,
                    staff_group=name,
                    total=row.total,
                    count=share.numerator,
                    percent=share.percent,
                    suppressed=share.suppressed,
                    reason=share.reason,
                )
            )
    table = tables[char.column]
    assert table.overall is not None and table.leadership is not None
    overall = share_from_row(table.overall, char.target, char.target_label)
    undeclared = share_from_row(table.overall, char.undeclared, char.undeclared)
    leaders = share_from_row(table.leadership, char.target, char.target_label)
    if overall.percent is None:
        reading = (
            f"The share of {char.target_label} staff in the workforce is not shown "
            f"({overall.reason})."
        )
    else:
        reading = f"{char.target_label} staff make up {overall.percent:.1f}% of the workforce"
        if leaders.percent is not None:
            reading += f" and {leaders.percent:.1f}% of leaders"
        reading += "."
    return Indicator(
        number=1,
        standard=standard,
        title=title,
        definition=definition,
        unit="percent",
        available=True,
        missing_reason=None if overall.percent is not None else overall.reason,
        value=overall.percent,
        numerator=overall.numerator,
        denominator=overall.denominator,
        group_a=overall,
        group_b=leaders.model_copy(update={"label": f"{char.target_label} among leaders"}),
        undeclared=undeclared,
        by_band=by_band,
        reading=reading,
    )

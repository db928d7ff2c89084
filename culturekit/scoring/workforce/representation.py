"""Staff by ethnicity, disability and gender across the pipeline, and WRES 1 / WDES 1."""

from __future__ import annotations

from typing import Literal

from culturekit.framework.standards import RepresentationDefinition
from culturekit.ingest.workforce import BANDS
from culturekit.results.workforce import (
    BandShare,
    CharacteristicName,
    GroupRate,
    Indicator,
    RepresentationCell,
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
    no_characteristic,
)
from culturekit.scoring.workforce.linked import LinkedCounts, key
from culturekit.scoring.workforce.tables import (
    ALL,
    BOARD,
    LEADERSHIP,
    STAFF_GROUPS,
    band_row,
    cell,
    group_row,
)
from culturekit.stats import percent

TITLES: dict[str, str] = {
    "ethnicity_group": "Ethnicity",
    "disability": "Disability",
    "gender": "Gender",
}
MISSING: dict[str, str] = {
    "ethnicity_group": no_characteristic(ETHNICITY, "Workforce"),
    "disability": no_characteristic(DISABILITY, "Workforce"),
    "gender": "no gender is recorded in the Workforce sheet (column missing or empty)",
}


def linked_row(
    linked: LinkedCounts, group: str, where: dict[str, str], column: str, categories: list[str]
) -> RepresentationRow:
    """One row of a table, as :mod:`~culturekit.scoring.workforce.tables` suppressed it."""
    total, total_key = cell(linked, where)
    if total is None:
        reason = linked.reason(total_key)
        return RepresentationRow(
            group=group,
            total=None,
            suppressed=True,
            reason=reason,
            cells=[
                RepresentationCell(
                    category=c, count=None, percent=None, suppressed=True, reason=reason
                )
                for c in categories
            ],
        )
    cells = []
    for c in categories:
        n, k = cell(linked, where, **{column: c})
        if n is None:
            cells.append(
                RepresentationCell(
                    category=c, count=None, percent=None, suppressed=True, reason=linked.reason(k)
                )
            )
        else:
            cells.append(RepresentationCell(category=c, count=n, percent=percent(n, total)))
    return RepresentationRow(group=group, total=total, cells=cells)


def representation_table(ctx: Context, characteristic: CharacteristicName) -> RepresentationTable:
    title = TITLES[characteristic]
    if characteristic not in ctx.columns:
        return RepresentationTable(
            characteristic=characteristic,
            title=title,
            available=False,
            missing_reason=MISSING[characteristic],
            categories=[],
            rows=[],
        )
    _, categories = ctx.columns[characteristic]
    linked = ctx.linked

    def row(group: str, where: dict[str, str]) -> RepresentationRow:
        return linked_row(linked, group, where, characteristic, categories)

    rows = [row(band, band_row(band)) for band in PIPELINE_BANDS]
    rows.append(row(BOARD_ROW, BOARD))
    return RepresentationTable(
        characteristic=characteristic,
        title=title,
        available=True,
        categories=categories,
        overall=row("All staff", ALL),
        leadership=row("Leadership", LEADERSHIP),
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


def band_shares(ctx: Context, band: str, char: Characteristic) -> list[BandShare]:
    """The band's share of the group: all its staff, then each staff group with staff.

    A band hidden whole lists every staff group, each hidden: listing only those it has
    would say which are empty, and so where its few staff are."""
    names: list[StaffGroup] = ["All staff"]
    if ctx.staff_groups is not None:
        in_band = band_mask(ctx.frame, band)
        hidden = ctx.linked.reason(key(band_row(band))) is not None
        names += [
            n for n in STAFF_GROUPS if hidden or bool((in_band & (ctx.staff_groups == n)).any())
        ]
    out: list[BandShare] = []
    for name in names:
        where = band_row(band) if name == "All staff" else group_row(band, name)
        row = linked_row(ctx.linked, band, where, char.column, list(char.categories))
        share = share_from_row(row, char.target, char.target_label)
        out.append(
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
    return out


def representation_indicator(
    ctx: Context | None,
    spec: RepresentationDefinition,
    char: Characteristic,
    tables: dict[str, RepresentationTable],
) -> Indicator:
    standard, title, definition = spec.standard, spec.title, spec.definition
    if ctx is None:
        return unavailable(1, standard, title, definition, "percent", "no Workforce sheet")
    frame = ctx.frame
    if not has(frame, char):
        return unavailable(
            1, standard, title, definition, "percent", no_characteristic(char, "Workforce")
        )
    by_band = [
        share
        for band in BANDS
        if band_mask(frame, band).any()
        for share in band_shares(ctx, band, char)
    ]
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

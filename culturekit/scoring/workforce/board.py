"""The board against the whole workforce: WRES 9 and WDES 10."""

from __future__ import annotations

import pandas as pd

from culturekit.framework.standards import BoardDefinition
from culturekit.results.workforce import (
    GroupRate,
    Indicator,
    RepresentationTable,
    Unit,
)
from culturekit.scoring.workforce.context import (
    Characteristic,
    Context,
    capital,
    flag,
    has,
    no_characteristic,
)
from culturekit.scoring.workforce.representation import share_from_row, unavailable
from culturekit.stats import percent


# Longer than 80 lines on purpose: each early return is one reason WRES 9 / WDES 10 is not
# given, read top to bottom in the order the methods page lists them.
def board_indicator(
    ctx: Context | None,
    spec: BoardDefinition,
    char: Characteristic,
    tables: dict[str, RepresentationTable],
) -> Indicator:
    """The board's share of the group minus the workforce's, shown only when the board's
    own figures may be (the rule in words:
    :func:`culturekit.report.presentation.methods.board_rule`)."""
    number, standard, title, definition = spec.number, spec.standard, spec.title, spec.definition
    who = spec.who
    unit: Unit = "percentage points"
    if ctx is None:
        return unavailable(number, standard, title, definition, unit, "no Workforce sheet")
    frame = ctx.frame
    if not has(frame, char):
        return unavailable(
            number, standard, title, definition, unit, no_characteristic(char, "Workforce")
        )
    board, columns = _members(ctx, spec)
    if board is None:
        return unavailable(
            number,
            standard,
            title,
            definition,
            unit,
            f"no {columns} values are recorded in the Workforce sheet (column missing or empty)",
        )
    # The board's figures count every member; the workforce's, its staff alone.
    values = ctx.sheet[char.column]
    board_n = int(board.sum())
    if board_n == 0:
        return _no_value(spec, f"no {who} are marked in the Workforce sheet")
    # Board composition is public record and both indicators are mandatory returns: the
    # board's counts are shown at any size (no threshold applies to them).
    board_count = int((values[board] == char.target).sum())
    group_a = public_rate(capital(who), board_count, board_n)
    undeclared = public_rate(
        char.undeclared, int((values[board] == char.undeclared).sum()), board_n
    )
    table = tables[char.column]
    assert table.overall is not None
    group_b = share_from_row(table.overall, char.target, "Overall workforce")
    if group_b.percent is None:
        # The difference minus the board's own share gives the workforce share back.
        reason = (
            f"Withheld: the share of {char.target_label} staff in the workforce is not "
            f"shown ({group_b.reason}), and the difference would reveal it"
        )
        return _no_value(spec, reason).model_copy(
            update={
                "numerator": group_a.numerator,
                "denominator": group_a.denominator,
                "group_a": group_a,
                "group_b": group_b,
                "undeclared": undeclared,
            }
        )
    # The published statistic: always computed from the full counts (see board_rule).
    board_pct = percent(int((values[board] == char.target).sum()), board_n)
    all_pct = percent(int((frame[char.column] == char.target).sum()), len(frame))
    assert board_pct is not None and all_pct is not None
    difference = board_pct - all_pct
    if abs(difference) < 0.05:
        where = "the same as"
    else:
        where = f"{abs(difference):.1f} percentage points {'below' if difference < 0 else 'above'}"
    reading = (
        f"The share of {char.target_label} members among {who} is {where} the share of "
        f"{char.target_label} staff in the whole workforce."
    )
    return Indicator(
        number=number,
        standard=standard,
        title=title,
        definition=definition,
        unit=unit,
        available=True,
        value=difference,
        numerator=group_a.numerator,
        denominator=group_a.denominator,
        group_a=group_a,
        group_b=group_b,
        undeclared=undeclared,
        reading=reading,
    )


def public_rate(label: str, count: int, total: int) -> GroupRate:
    return GroupRate(
        label=label,
        numerator=count,
        denominator=total,
        rate=count / total,
        percent=percent(count, total),
    )


def _members(ctx: Context, spec: BoardDefinition) -> tuple[pd.Series | None, str]:
    """The board members the indicator counts (a mask over the whole sheet: non-executive
    members are on the board though not in the workforce), or None when the sheet
    records none."""
    sheet = ctx.sheet
    if spec.members == "voting":
        recorded = sheet["board_member"].notna().any()
        return (flag(sheet, "board_member") if recorded else None), "board_member"
    recorded = sheet["board_member"].notna().any() or sheet["executive"].notna().any()
    return (ctx.board if recorded else None), "board_member or executive"


def _no_value(spec: BoardDefinition, reason: str) -> Indicator:
    """Worked out but not shown: the reason stands in for the value."""
    return Indicator(
        number=spec.number,
        standard=spec.standard,
        title=spec.title,
        definition=spec.definition,
        unit="percentage points",
        available=True,
        missing_reason=reason,
        reading=capital(reason) + ".",
    )

"""Sheets of a diagnosis's workforce analysis: headcount, pipeline, WRES and WDES."""

from __future__ import annotations

from typing import Any

from culturekit.report.excel.cells import (
    COUNT,
    POINTS,
    RATIO,
    SCORE,
    STAFF_SHARE,
    Column,
    Hidden,
    SheetBuilder,
    Table,
    fraction,
    number,
    yes_no,
)


def headcount(d: Any) -> Table | None:
    w = d.workforce
    if w is None or w.headcount is None:
        return None
    h = w.headcount
    table = Table(
        "Headcount",
        "Workforce headcount by band, then the whole workforce, leadership ("
        + ", ".join(h.leadership_bands)
        + " and executive board members) and the board, with its non-executive members, "
        "who are on the board but not staff, so in no other count.",
        [Column("Group"), Column("Headcount", COUNT)],
    )
    extra = [h.non_executive] if h.non_executive is not None else []
    for count in [*h.by_band, h.total, h.leadership, h.board, *extra]:
        why = count.reason if count.suppressed else None
        table.rows.append([count.label, number(count.count, why)])
    return table


def representation(d: Any) -> Table | None:
    w = d.workforce
    if w is None or not w.representation:
        return None
    table = Table(
        "Representation",
        "Staff by ethnicity, disability and gender across the pipeline (bands to board), "
        "one row per group and category: the count and its share of the group.",
        [
            Column("Characteristic"),
            Column("Group"),
            Column("Group total", COUNT),
            Column("Category"),
            Column("Count", COUNT),
            Column("% of group", STAFF_SHARE),
        ],
    )
    for t in w.representation:
        if not t.available:
            reason = Hidden(t.missing_reason or "not available")
            table.rows.append([t.title, "", reason, "", reason, reason])
            continue
        rows = [r for r in (t.overall, t.leadership) if r is not None] + list(t.rows)
        for r in rows:
            total = Hidden(r.reason or "not shown") if r.suppressed else number(r.total)
            for cell in r.cells:
                hidden = cell.suppressed or r.suppressed
                why = (cell.reason or r.reason or "not shown") if hidden else None
                table.rows.append(
                    [
                        t.title,
                        r.group,
                        total,
                        cell.category,
                        number(None if why else cell.count, why),
                        fraction(None if why else cell.percent, why),
                    ]
                )
    return table


def _indicator_value(i: Any) -> tuple[Any, str]:
    """A WRES/WDES figure and its number format: percentages as fractions."""
    if i.value is None:
        return Hidden(i.missing_reason or "not available"), SCORE
    if i.unit == "percent":
        return i.value / 100, STAFF_SHARE
    if i.unit == "ratio":
        return number(i.value), RATIO
    return number(i.value), POINTS


def wres_wdes(d: Any) -> Table | None:
    w = d.workforce
    if w is None or not (w.wres or w.wdes):
        return None
    columns = [
        Column("Standard"),
        Column("Number", COUNT),
        Column("Title", width=44, wrap=True),
        Column("Unit"),
        Column("Value"),
        Column("CI low"),
        Column("CI high"),
        Column("Numerator", COUNT),
        Column("Denominator", COUNT),
    ]
    for group in ("Group A", "Group B", "Undeclared"):
        columns += [
            Column(group),
            Column(f"{group} numerator", COUNT),
            Column(f"{group} denominator", COUNT),
            Column(f"{group} rate", STAFF_SHARE),
        ]
    columns += [
        Column("Concern"),
        Column("Significant"),
        Column("Reading", width=60, wrap=True),
        Column("Definition", width=60, wrap=True),
    ]
    table = Table(
        "WRES WDES",
        "Workforce Race Equality Standard indicators and Workforce Disability Equality "
        "Standard metrics: the value (a percentage, a relative likelihood or a difference "
        "in percentage points) with the numerator and denominator behind it and each "
        "group's rate.",
        columns,
    )
    for indicators in (w.wres, w.wdes):
        for key in sorted(indicators):
            i = indicators[key]
            value, fmt = _indicator_value(i)
            why = i.missing_reason or "not available"
            unavailable = Hidden(why) if i.value is None else None
            row: list[Any] = [
                i.standard,
                i.number,
                i.title,
                i.unit,
                value,
                unavailable or number(i.ci_low, "no interval"),
                unavailable or number(i.ci_high, "no interval"),
                number(i.numerator, "see groups"),
                number(i.denominator, "see groups"),
            ]
            for rate in (i.group_a, i.group_b, i.undeclared):
                if rate is None:
                    row += [
                        "",
                        Hidden("not applicable"),
                        Hidden("not applicable"),
                        Hidden("not applicable"),
                    ]
                    continue
                rwhy = rate.reason if rate.suppressed else None
                row += [
                    rate.label,
                    number(rate.numerator, rwhy),
                    number(rate.denominator, rwhy),
                    number(rate.rate, rwhy or "not computed"),
                ]
            row += [yes_no(i.concern), yes_no(i.significant), i.reading, i.definition]
            index = len(table.rows)
            table.number_formats[(index, 4)] = fmt
            table.number_formats[(index, 5)] = fmt
            table.number_formats[(index, 6)] = fmt
            table.rows.append(row)
    return table


def wres_wdes_by_band(d: Any) -> Table | None:
    w = d.workforce
    if w is None:
        return None
    table = Table(
        "WRES WDES 1 by band",
        "WRES indicator 1 and WDES metric 1 by band: the share of each band (clinical and "
        "non-clinical apart where known) who are BME, or Disabled.",
        [
            Column("Standard"),
            Column("Number", COUNT),
            Column("Band"),
            Column("Staff group"),
            Column("Band total", COUNT),
            Column("Count", COUNT),
            Column("% of band", STAFF_SHARE),
        ],
    )
    for indicators in (w.wres, w.wdes):
        for key in sorted(indicators):
            i = indicators[key]
            for share in i.by_band:
                why = share.reason if share.suppressed else None
                table.rows.append(
                    [
                        i.standard,
                        i.number,
                        share.band,
                        share.staff_group,
                        number(share.total, why),
                        number(share.count, why),
                        fraction(share.percent, why),
                    ]
                )
    return table if table.rows else None


def workforce_shares(d: Any) -> Table | None:
    w = d.workforce
    if w is None:
        return None
    table = Table(
        "Turnover and succession",
        "Turnover of all staff and of leaders (leavers over the average number in post: "
        "those at the start of the period and those still in post at its end), and the "
        "share of leaders near retirement age (succession risk).",
        [
            Column("Measure", width=40),
            Column("Count", COUNT),
            Column("Total", COUNT),
            Column("Average in post", COUNT),
            Column("Percent", STAFF_SHARE),
            Column("Not recorded", COUNT),
        ],
    )
    for share in (w.turnover, w.leadership_turnover, w.succession_risk):
        if not share.available:
            why: str | None = share.missing_reason or "not available"
        else:
            why = share.reason if share.suppressed else None
        if share.base is not None and not float(share.base).is_integer():
            # An average of an odd number of leavers ends in a half, as the report prints.
            table.number_formats[(len(table.rows), 3)] = "#,##0.0"
        table.rows.append(
            [
                share.label,
                number(None if why else share.count, why),
                number(None if why else share.total, why),
                number(None if why else share.base, why or "not applicable"),
                fraction(None if why else share.percent, why),
                number(share.unknown, why or "not applicable"),
            ]
        )
    return table


SHEETS: tuple[SheetBuilder, ...] = (
    headcount,
    representation,
    wres_wdes,
    wres_wdes_by_band,
    workforce_shares,
)

"""Sheets of a diagnosis's workforce analysis: headcount, pipeline, WRES and WDES."""

from __future__ import annotations

from typing import Any

from culturekit.report.excel.cells import (
    COUNT,
    NOTE,
    POINTS,
    RATIO,
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
        [Column("Group"), Column("Headcount", COUNT), NOTE],
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
            NOTE,
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


def _indicator_format(i: Any) -> tuple[int, str]:
    """What a WRES/WDES figure is divided by, and its number format: percentages and
    percentage points as fractions."""
    if i.unit == "percent":
        return 100, STAFF_SHARE
    if i.unit == "ratio":
        return 1, RATIO
    return 100, POINTS


def _scaled(value: float | None, divisor: int, reason: str) -> Any:
    if value is None:
        return Hidden(reason)
    return value if divisor == 1 else value / divisor


def _indicators(d: Any) -> list[Any]:
    """The WRES indicators then the WDES metrics, each in number order."""
    w = d.workforce
    if w is None:
        return []
    return [standard[key] for standard in (w.wres, w.wdes) for key in sorted(standard)]


def wres_wdes(d: Any) -> Table | None:
    indicators = _indicators(d)
    if not indicators:
        return None
    table = Table(
        "WRES WDES",
        "Workforce Race Equality Standard indicators and Workforce Disability Equality "
        "Standard metrics: the value (a percentage, a relative likelihood or a difference "
        "in percentage points, the first and last stored as fractions) with the numerator "
        "and denominator behind it; the groups' figures are on the WRES WDES groups sheet.",
        [
            Column("Standard"),
            Column("Number", COUNT),
            Column("Title", width=40, wrap=True),
            Column("Unit"),
            Column("Value"),
            Column("CI low"),
            Column("CI high"),
            Column("Numerator", COUNT),
            Column("Denominator", COUNT),
            Column("Concern"),
            Column("Significant"),
            Column("Reading", width=50, wrap=True),
            Column("Definition", width=50, wrap=True),
            NOTE,
        ],
    )
    for i in indicators:
        divisor, fmt = _indicator_format(i)
        why = i.missing_reason or "not available"
        unavailable = Hidden(why) if i.value is None else None
        index = len(table.rows)
        for column in (4, 5, 6):
            table.number_formats[(index, column)] = fmt
        table.rows.append(
            [
                i.standard,
                i.number,
                i.title,
                i.unit,
                _scaled(i.value, divisor, why),
                unavailable or _scaled(i.ci_low, divisor, "no interval"),
                unavailable or _scaled(i.ci_high, divisor, "no interval"),
                number(i.numerator, "given for each group"),
                number(i.denominator, "given for each group"),
                yes_no(i.concern),
                yes_no(i.significant),
                i.reading,
                i.definition,
            ]
        )
    return table


def wres_wdes_groups(d: Any) -> Table | None:
    indicators = _indicators(d)
    if not indicators:
        return None
    table = Table(
        "WRES WDES groups",
        "The groups behind each WRES indicator and WDES metric, one row per group: its "
        "numerator, denominator and rate. A relative likelihood is group A's rate over "
        "group B's, a difference in points group A's share less group B's; staff who did "
        "not declare are left out of both and given apart.",
        [
            Column("Standard"),
            Column("Number", COUNT),
            Column("Title", width=40, wrap=True),
            Column("Role"),
            Column("Group"),
            Column("Numerator", COUNT),
            Column("Denominator", COUNT),
            Column("Rate", STAFF_SHARE),
            NOTE,
        ],
    )
    for i in indicators:
        for role, rate in (
            ("Group A", i.group_a),
            ("Group B", i.group_b),
            ("Undeclared", i.undeclared),
        ):
            if rate is None:
                continue
            why = rate.reason if rate.suppressed else None
            table.rows.append(
                [
                    i.standard,
                    i.number,
                    i.title,
                    role,
                    rate.label,
                    number(rate.numerator, why),
                    number(rate.denominator, why),
                    number(rate.rate, why or "not computed"),
                ]
            )
    return table if table.rows else None


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
            NOTE,
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
            NOTE,
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
    wres_wdes_groups,
    wres_wdes_by_band,
    workforce_shares,
)

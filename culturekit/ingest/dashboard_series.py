"""The Dashboard series sheet: the dashboard's indicators over time, one row per period.

Each row names an indicator of the Dashboard sheet, a period (a date, or a month such as
``2024-01`` or ``Jan 2024``, read as its first day) and the value. The indicator's
element, polarity, unit and target are the Dashboard sheet's, so a series cannot say
otherwise. Every bad cell is a :class:`~culturekit.errors.Problem` naming its row and
column, as on the other sheets.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from culturekit.contract import DASHBOARD_SERIES_COLUMNS
from culturekit.errors import Problem
from culturekit.ingest.dashboard import DashboardData, DashboardIndicator, parse_numbers
from culturekit.ingest.reader import Sheet
from culturekit.ingest.workforce import cell_text

__all__ = ["DashboardSeries", "IndicatorSeries", "parse_dashboard_series", "parse_period"]

_PERIOD_EXPECTED = "a date such as 2024-01-31 or 31/01/2024, or a month such as 2024-01 or Jan 2024"
_DATES = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")
_MONTHS = ("%Y-%m", "%m/%Y", "%b %Y", "%B %Y", "%b-%Y", "%B-%Y", "%b-%y")
_TIME = re.compile(r"[ T]00:00(:00)?$")


@dataclass
class IndicatorSeries:
    """One indicator's values in period order, with the sheet rows they came from."""

    indicator: DashboardIndicator
    periods: list[dt.date]
    values: list[float]
    rows: list[int]


@dataclass
class DashboardSeries:
    series: list[IndicatorSeries] = field(default_factory=list)
    file: str = ""
    sheet: str = ""


def parse_period(value: object) -> dt.date | None:
    """A period cell as a date: a date as written, a month as its first day; None if
    neither."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = _TIME.sub("", " ".join(value.split()))
    for fmt in _DATES:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    for fmt in _MONTHS:
        try:
            return dt.datetime.strptime(text, fmt).date().replace(day=1)
        except ValueError:
            continue
    return None


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _indicators(dashboard: DashboardData | None) -> dict[str, list[DashboardIndicator]]:
    named: dict[str, list[DashboardIndicator]] = {}
    for item in dashboard.indicators if dashboard is not None else []:
        named.setdefault(_key(item.indicator), []).append(item)
    return named


def _has_columns(sheet: Sheet, problems: list[Problem], notices: list[str]) -> bool:
    missing = [c for c in DASHBOARD_SERIES_COLUMNS if c not in sheet.frame.columns]
    for key in missing:
        problems.append(
            sheet.problem(
                f"the {sheet.name} sheet has no {key!r} column, which is required",
                row=1,
                column=key,
                expected="columns indicator, period and value",
            )
        )
    extra = [c for c in sheet.frame.columns if c not in DASHBOARD_SERIES_COLUMNS]
    if extra and not missing:
        names = ", ".join(repr(sheet.header(c)) for c in extra)
        notices.append(f"{sheet.file}: sheet {sheet.name!r}: columns not used: {names}")
    return not missing


def parse_dashboard_series(
    sheet: Sheet,
    dashboard: DashboardData | None,
    problems: list[Problem],
    notices: list[str],
) -> DashboardSeries | None:
    """Validate the Dashboard series sheet against the Dashboard sheet's indicators.

    Required in each row: an indicator named (in any case and spacing) by exactly one
    valid row of the Dashboard sheet, a period (:func:`parse_period`) and a number; an
    indicator may not have the same period twice. Rows with a problem are left out and
    the problems say why; None when a required column is missing.
    """
    if not _has_columns(sheet, problems, notices):
        return None
    frame = sheet.frame
    if dashboard is None and len(frame):
        problems.append(
            sheet.problem(
                f"the {sheet.name} sheet needs the Dashboard sheet: each indicator's "
                "element, higher_is_better, unit and target are read from there",
                expected="a Dashboard sheet with a row for each indicator",
            )
        )
        return None
    named = _indicators(dashboard)
    names = cell_text(frame["indicator"])
    values, invalid, _ = parse_numbers(cell_text(frame["value"]))
    blank_value = cell_text(frame["value"]).isna().to_numpy()
    found: dict[int, IndicatorSeries] = {}
    seen: dict[tuple[int, dt.date], int] = {}

    def problem(message: str, pos: int, key: str, expected: str) -> None:
        cell = frame[key].iloc[pos]
        problems.append(
            sheet.problem(
                message,
                row=int(sheet.rows[pos]),
                column=sheet.header(key),
                value=None if cell is None or pd.isna(cell) else str(cell),
                expected=expected,
            )
        )

    for pos in range(len(frame)):
        row = int(sheet.rows[pos])
        ok = True
        name = names.iloc[pos]
        matches: list[DashboardIndicator] = []
        if pd.isna(name):
            problem(
                "indicator is required", pos, "indicator", "an indicator of the Dashboard sheet"
            )
            ok = False
        else:
            matches = named.get(_key(str(name)), [])
            if not matches:
                problem(
                    "indicator is not on the Dashboard sheet (or its row there has a problem)",
                    pos,
                    "indicator",
                    "an indicator named as on the Dashboard sheet",
                )
                ok = False
            elif len(matches) > 1:
                rows = " and ".join(str(m.row) for m in matches)
                problem(
                    f"indicator names more than one row of the Dashboard sheet (rows {rows})",
                    pos,
                    "indicator",
                    "an indicator named once on the Dashboard sheet",
                )
                ok = False
        period = parse_period(frame["period"].iloc[pos])
        if period is None:
            blank = pd.isna(frame["period"].iloc[pos])
            problem(
                "period is required" if blank else "period is not a date or a month",
                pos,
                "period",
                _PERIOD_EXPECTED,
            )
            ok = False
        if blank_value[pos]:
            problem("value is required", pos, "value", "a number")
            ok = False
        elif bool(invalid.iloc[pos]):
            problem("value must be a number", pos, "value", "a number")
            ok = False
        if not ok or period is None:
            continue
        indicator = matches[0]
        if (indicator.row, period) in seen:
            problem(
                f"{indicator.indicator!r} has period {period.isoformat()} twice "
                f"(rows {seen[indicator.row, period]} and {row})",
                pos,
                "period",
                "one value per indicator and period",
            )
            continue
        seen[indicator.row, period] = row
        entry = found.setdefault(indicator.row, IndicatorSeries(indicator, [], [], []))
        entry.periods.append(period)
        entry.values.append(float(values.iloc[pos]))
        entry.rows.append(row)
    series = []
    # Dashboard order, each in period order.
    for item in dashboard.indicators if dashboard is not None else []:
        if item.row not in found:
            continue
        entry = found[item.row]
        order = np.argsort(np.array(entry.periods, dtype="datetime64[D]"), kind="stable")
        series.append(
            IndicatorSeries(
                indicator=item,
                periods=[entry.periods[i] for i in order],
                values=[entry.values[i] for i in order],
                rows=[entry.rows[i] for i in order],
            )
        )
    if not len(frame):
        notices.append(f"{sheet.file}: sheet {sheet.name!r} has no values")
    return DashboardSeries(series=series, file=sheet.file, sheet=sheet.name)

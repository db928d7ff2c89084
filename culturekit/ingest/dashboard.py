"""The Dashboard sheet: the culture and outcomes dashboard of existing indicators.

One row per indicator. Columns are validated whole; every bad cell becomes a
:class:`~culturekit.errors.Problem` with its Excel row, column header, the value found and
what was expected. Numbers written as text with a ``%`` sign or thousands separators
(``"12.5%"``, ``"1,234"``) are accepted with a notice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from culturekit.contract import DASHBOARD_COLUMNS
from culturekit.errors import Problem
from culturekit.framework.model import Framework
from culturekit.ingest.reader import Sheet
from culturekit.ingest.workforce import cell_text, yes_no_values
from culturekit.names import normalise_name

__all__ = [
    "DASHBOARD_COLUMNS",
    "REQUIRED_COLUMNS",
    "DashboardData",
    "DashboardIndicator",
    "parse_dashboard",
    "parse_numbers",
]

REQUIRED_COLUMNS: tuple[str, ...] = ("indicator", "element", "value", "higher_is_better")
NUMBER_COLUMNS: tuple[str, ...] = (
    "value",
    "benchmark",
    "best",
    "worst",
    "lower_quartile",
    "upper_quartile",
    "target",
)
TEXT_COLUMNS: tuple[str, ...] = ("unit", "source", "period")

_THOUSANDS = r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?$"


class DashboardIndicator(BaseModel):
    """One validated dashboard row. ``element`` is the element id; ``row`` the Excel row."""

    model_config = ConfigDict(frozen=True)

    indicator: str
    element: str
    value: float
    benchmark: float | None = None
    best: float | None = None
    worst: float | None = None
    lower_quartile: float | None = None
    """The benchmark group's 25th percentile (the lower number, whatever the polarity)."""
    upper_quartile: float | None = None
    """The benchmark group's 75th percentile; given together with ``lower_quartile``."""
    higher_is_better: bool
    target: float | None = None
    """The trust's own target, for its series' assurance icon."""
    unit: str | None = None
    source: str | None = None
    period: str | None = None
    row: int


@dataclass
class DashboardData:
    indicators: list[DashboardIndicator]
    file: str
    sheet: str


def parse_numbers(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Text cells (from :func:`cell_text`) to floats.

    Returns ``(values, invalid, reformatted)``: ``values`` is float with NaN where blank or
    invalid; ``invalid`` marks non-blank cells that are not a finite number;
    ``reformatted`` marks cells read after dropping a trailing ``%`` or thousands
    separators (``"12.5%"`` -> 12.5, ``"1,234"`` -> 1234).
    """
    plain = pd.to_numeric(text, errors="coerce").astype(float)
    retry = text.notna() & plain.isna()
    cleaned = text.where(retry)
    grouped = cleaned.str.match(_THOUSANDS).fillna(False).astype(bool)
    cleaned = cleaned.mask(grouped, cleaned.str.replace(",", "", regex=False))
    cleaned = cleaned.str.replace(r"\s*%$", "", regex=True)
    second = pd.to_numeric(cleaned, errors="coerce").astype(float)
    values = plain.fillna(second)
    reformatted = (retry & second.notna()).astype(bool)
    finite = np.isfinite(values.to_numpy(dtype=float))
    invalid = (text.notna() & ~finite).astype(bool)
    values = values.where(finite)
    return values, invalid, reformatted & ~invalid


def _report(
    sheet: Sheet,
    key: str,
    mask: pd.Series,
    message: str,
    expected: str,
    problems: list[Problem],
) -> None:
    positions = np.flatnonzero(mask.to_numpy(dtype=bool))
    if not positions.size:
        return  # nothing to report, and the column may be absent from the sheet
    raw = sheet.frame[key]
    for pos in positions:
        cell = raw.iloc[pos]
        problems.append(
            sheet.problem(
                message,
                row=int(sheet.rows[pos]),
                column=sheet.header(key),
                value=None if cell is None else str(cell),
                expected=expected,
            )
        )


def _text(sheet: Sheet, key: str) -> pd.Series:
    if key in sheet.frame.columns:
        return cell_text(sheet.frame[key])
    return pd.Series(pd.NA, index=sheet.frame.index, dtype="string")


def _optional(value: object) -> float | None:
    if value is None or pd.isna(value):
        return None
    out = float(value)  # type: ignore[arg-type]
    return out if math.isfinite(out) else None


def _optional_text(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def _has_required_columns(sheet: Sheet, problems: list[Problem], notices: list[str]) -> bool:
    """Whether every required column is there (each missing one is a Problem)."""
    frame = sheet.frame
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    for key in missing:
        problems.append(
            sheet.problem(
                f"the {sheet.name} sheet has no {key!r} column, which is required",
                row=1,
                column=key,
                expected="columns indicator, element, value and higher_is_better",
            )
        )
    if missing:
        return False
    extra = [c for c in frame.columns if c not in DASHBOARD_COLUMNS]
    if extra:
        names = ", ".join(repr(sheet.header(c)) for c in extra)
        notices.append(f"{sheet.file}: sheet {sheet.name!r}: columns not used: {names}")
    return True


def _numbers(
    sheet: Sheet, problems: list[Problem], notices: list[str]
) -> tuple[dict[str, pd.Series], pd.Series]:
    """The number columns read (NaN where absent), and the rows where one is invalid."""
    frame = sheet.frame
    bad = pd.Series(False, index=frame.index)
    numbers: dict[str, pd.Series] = {}
    for key in NUMBER_COLUMNS:
        if key not in frame.columns:
            numbers[key] = pd.Series(np.nan, index=frame.index, dtype=float)
            continue
        text = _text(sheet, key)
        values, invalid, reformatted = parse_numbers(text)
        _report(sheet, key, invalid, f"{key} must be a number", "a number", problems)
        bad |= invalid
        if key == "value":
            blank = text.isna()
            _report(sheet, key, blank, "value is required", "a number", problems)
            bad |= blank
        if reformatted.any():
            first = int(np.flatnonzero(reformatted.to_numpy())[0])
            notices.append(
                f"{sheet.file}: sheet {sheet.name!r}, column {sheet.header(key)!r}: "
                f"{int(reformatted.sum())} value(s) written as text with % or thousands "
                f"separators were read as numbers (e.g. {text.iloc[first]!r} in row "
                f"{int(sheet.rows[first])} as {values.iloc[first]:g})"
            )
        numbers[key] = values
    return numbers, bad


def _indicators(
    sheet: Sheet,
    positions: np.ndarray,
    columns: dict[str, pd.Series],
    numbers: dict[str, pd.Series],
    notices: list[str],
) -> list[DashboardIndicator]:
    """One indicator per valid row; an indicator named twice under an element is noted."""
    indicator, element = columns["indicator"], columns["element"]
    unit, polarity = columns["unit"], columns["polarity"]
    best, worst = numbers["best"], numbers["worst"]
    indicators: list[DashboardIndicator] = []
    seen: dict[tuple[str, str], int] = {}
    source, period = _text(sheet, "source"), _text(sheet, "period")
    for pos in positions:
        row = int(sheet.rows[pos])
        item = DashboardIndicator(
            indicator=str(indicator.iloc[pos]),
            element=str(element.iloc[pos]),
            value=float(numbers["value"].iloc[pos]),
            benchmark=_optional(numbers["benchmark"].iloc[pos]),
            best=_optional(best.iloc[pos]),
            worst=_optional(worst.iloc[pos]),
            lower_quartile=_optional(numbers["lower_quartile"].iloc[pos]),
            upper_quartile=_optional(numbers["upper_quartile"].iloc[pos]),
            higher_is_better=bool(polarity.iloc[pos]),
            target=_optional(numbers["target"].iloc[pos]),
            unit=_optional_text(unit.iloc[pos]),
            source=_optional_text(source.iloc[pos]),
            period=_optional_text(period.iloc[pos]),
            row=row,
        )
        key = (item.element, item.indicator.casefold())
        if key in seen:
            notices.append(
                f"{sheet.file}: sheet {sheet.name!r}: indicator {item.indicator!r} appears "
                f"twice under {item.element} (rows {seen[key]} and {row}); both are used"
            )
        else:
            seen[key] = row
        indicators.append(item)
    return indicators


def _quartile_problems(
    sheet: Sheet,
    numbers: dict[str, pd.Series],
    bad: pd.Series,
    problems: list[Problem],
    notices: list[str],
) -> pd.Series:
    """The rows whose quartiles cannot be the benchmark group's middle half.

    The quartiles decide the rating wherever they are given (docs/methods.md), so a pair
    that cannot be right is a problem rather than a guess: one quartile without the other,
    the lower above the upper, or either outside the group's range from worst to best. A
    benchmark outside the quartiles is possible (an average rather than the median) and
    only noted, since the trust is then rated better or worse at the benchmark itself.
    """
    low, high = numbers["lower_quartile"], numbers["upper_quartile"]
    expected = "both quartiles of the benchmark group, or neither"
    found = pd.Series(False, index=low.index)
    # Reported at the quartile given: the other's column may be absent from the sheet.
    for key, other in (("lower_quartile", "upper_quartile"), ("upper_quartile", "lower_quartile")):
        alone = numbers[key].notna() & numbers[other].isna() & ~bad
        _report(sheet, key, alone, f"{key} is given without {other}", expected, problems)
        found |= alone
    both = low.notna() & high.notna() & ~bad
    reversed_ = both & (low > high)
    _report(
        sheet,
        "lower_quartile",
        reversed_,
        "lower_quartile is above upper_quartile",
        "lower_quartile no higher than upper_quartile (the 25th and 75th percentiles)",
        problems,
    )
    found |= reversed_
    best, worst = numbers["best"], numbers["worst"]
    ends = best.notna() & worst.notna()
    floor, ceiling = np.minimum(best, worst), np.maximum(best, worst)
    outside = both & ~reversed_ & ends & ((low < floor) | (high > ceiling))
    _report(
        sheet,
        "lower_quartile",
        outside,
        "the quartiles lie outside the range from worst to best",
        "quartiles between worst and best",
        problems,
    )
    found |= outside
    benchmark = numbers["benchmark"]
    off = both & ~found & benchmark.notna() & ((benchmark < low) | (benchmark > high))
    for pos in np.flatnonzero(off.to_numpy(dtype=bool)):
        notices.append(
            f"{sheet.file}: sheet {sheet.name!r}, row {int(sheet.rows[pos])}: the benchmark "
            f"({benchmark.iloc[pos]:g}) lies outside the quartiles ({low.iloc[pos]:g} to "
            f"{high.iloc[pos]:g}); the rating follows the quartiles"
        )
    return found


def parse_dashboard(
    sheet: Sheet, framework: Framework, problems: list[Problem], notices: list[str]
) -> DashboardData | None:
    """Validate the Dashboard sheet.

    Required columns: indicator, element, value, higher_is_better (a missing one is one
    Problem each, and the sheet is not read further: None is returned). In each row the
    indicator, element (id or name), value (a number) and higher_is_better (Y/N) are
    required; benchmark, best, worst, lower_quartile and upper_quartile must be numbers
    when given, the two quartiles together, the lower not above the upper and both
    between worst and best (:func:`_quartile_problems`). Rows with a problem are left out
    of the result; the problems say why.
    """
    frame = sheet.frame
    if not _has_required_columns(sheet, problems, notices):
        return None

    bad = pd.Series(False, index=frame.index)

    indicator = _text(sheet, "indicator")
    blank = indicator.isna()
    _report(sheet, "indicator", blank, "indicator name is required", "a name", problems)
    bad |= blank

    lookup = framework.element_lookup()
    element_text = _text(sheet, "element")
    element = element_text.map(
        lambda v: lookup.get(normalise_name(v)) if isinstance(v, str) else None
    )
    ids = ", ".join(e.id for e in framework.elements)
    blank = element_text.isna()
    _report(
        sheet, "element", blank, "element is required", f"an element id or name ({ids})", problems
    )
    unknown = element.isna()
    _report(
        sheet,
        "element",
        unknown & ~blank,
        "element is not one of the framework's elements",
        f"an element id or name ({ids})",
        problems,
    )
    bad |= unknown

    numbers, invalid_numbers = _numbers(sheet, problems, notices)
    bad |= invalid_numbers

    polarity_text = _text(sheet, "higher_is_better")
    polarity, invalid = yes_no_values(polarity_text)
    blank = polarity_text.isna()
    _report(sheet, "higher_is_better", blank, "higher_is_better is required", "Y or N", problems)
    _report(
        sheet, "higher_is_better", invalid, "higher_is_better must be Y or N", "Y or N", problems
    )
    bad |= blank | invalid

    # Unit: a "%" written on the value stands for the unit when none is given.
    unit = _text(sheet, "unit")
    value_text = _text(sheet, "value")
    percent_sign = value_text.str.endswith("%").fillna(False).astype(bool)
    unit = unit.mask(unit.isna() & percent_sign, "%")

    best, worst = numbers["best"], numbers["worst"]
    both = best.notna() & worst.notna()
    higher = polarity.fillna(True).astype(bool)
    swapped = both & ~bad & ((higher & (best < worst)) | (~higher & (best > worst)))
    for pos in np.flatnonzero(swapped.to_numpy(dtype=bool)):
        notices.append(
            f"{sheet.file}: sheet {sheet.name!r}, row {int(sheet.rows[pos])}: best "
            f"({best.iloc[pos]:g}) and worst ({worst.iloc[pos]:g}) run the other way from "
            f"higher_is_better for {indicator.iloc[pos]!r}; they were used as written "
            "(check the polarity)"
        )

    bad |= _quartile_problems(sheet, numbers, bad, problems, notices)

    columns = {"indicator": indicator, "element": element, "unit": unit, "polarity": polarity}
    rows = np.flatnonzero(~bad.to_numpy(dtype=bool))
    indicators = _indicators(sheet, rows, columns, numbers, notices)
    if len(frame) == 0:
        notices.append(f"{sheet.file}: sheet {sheet.name!r} has no indicators")
    return DashboardData(indicators=indicators, file=sheet.file, sheet=sheet.name)

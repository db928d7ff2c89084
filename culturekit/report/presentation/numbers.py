"""Every rule that turns a number into text: places, signs, units, percentages.

:data:`culturekit.precision.PLACES` is the one statement of how many decimals each
kind of figure is shown with (compare judges whether a change shows at the same places),
in every format: the HTML and PDF reports, the terminal, and the workbook's number
formats (:func:`excel_format`). A figure is rounded half away from zero on its decimal
digits (:func:`rounded`), as a spreadsheet rounds what it displays, so a figure printed in
the report and the same value formatted in the workbook read alike.

A change or difference printed beside the two figures it joins is worked out from those
figures as shown (:func:`shown_change`), so that the three always add up: scores of
7.786 and 8.224, shown as 7.79 and 8.22, change by +0.43, never +0.44.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Literal

# The one table of places and the trust's-own-figures rule are stated in precision.
from culturekit import precision
from culturekit.precision import PLACES as PLACES
from culturekit.precision import given_places as given_places

DASH = "–"
MINUS = "\u2212"

Kind = Literal[
    "score",
    "answer_share",
    "staff_share",
    "response_rate",
    "respondents_change",
    "ratio",
    "effect_size",
    "design_effect",
    "alpha",
    "p_value",
    "audit_bound",
    "importance",
    "index",
]


# The kinds that are percentages (shown with %, and as fractions in the workbook).
PERCENT_KINDS: frozenset[str] = frozenset({"answer_share", "staff_share", "response_rate"})


def missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def places(kind: Kind | int) -> int:
    """The decimals a kind of figure is shown with (an int is taken as given, for a
    trust's own template written before kinds were named)."""
    return kind if isinstance(kind, int) else PLACES[kind]


def rounded(value: float, kind: Kind | int) -> Decimal:
    """``value`` as it is shown: rounded half away from zero on its decimal digits
    (``0.125`` to 2 places is ``0.13``), never a negative zero (:func:`precision.rounded`)."""
    return precision.rounded(value, places(kind))


def fixed(value: float | None, kind: Kind | int) -> str:
    """``value`` to its kind's places, or a dash when there is none."""
    return DASH if missing(value) else f"{rounded(value, kind):f}"  # type: ignore[arg-type]


def score(value: float | None, kind: Kind | int = "score") -> str:
    """``6.6034`` -> ``6.60``."""
    return fixed(value, kind)


def signed(value: float | None, kind: Kind | int = "score") -> str:
    """``0.414`` -> ``+0.41``, ``-0.414`` -> ``−0.41`` (a true minus sign); none signed
    at 0."""
    if missing(value):
        return DASH
    shown = rounded(value, kind)  # type: ignore[arg-type]
    if shown == 0:
        return f"{shown:f}"
    return f"{shown:+f}".replace("-", MINUS)


def change(value: float | None, kind: Kind | int = "score") -> str:
    """A change given on its own (an interval's end, an item's rank): signed, unsigned
    when it rounds to zero. Beside its two figures, use :func:`shown_change`."""
    return signed(value, kind)


def shown_change(
    before: float | None, after: float | None, kind: Kind | int = "score"
) -> float | None:
    """``after`` minus ``before`` as both are shown, so that the printed figures add up
    (None when either is missing)."""
    if missing(before) or missing(after):
        return None
    return float(rounded(after, kind) - rounded(before, kind))  # type: ignore[arg-type]


def change_between(before: float | None, after: float | None, kind: Kind | int = "score") -> str:
    """The signed change between two shown figures: ``7.786``, ``8.224`` -> ``+0.43``."""
    return signed(shown_change(before, after, kind), kind)


def difference(value: float | None, kind: Kind | int) -> str:
    """A difference from a benchmark: signed, plain ``0`` when it rounds to none."""
    if missing(value):
        return DASH
    return "0" if rounded(value, kind) == 0 else signed(value, kind)  # type: ignore[arg-type]


def percent(value: float | None, kind: Kind | int = "answer_share") -> str:
    """``57.4`` (a percentage) -> ``57%``."""
    return DASH if missing(value) else f"{fixed(value, kind)}%"


def staff_percent(value: float | None) -> str:
    """A share of staff: ``10.83`` -> ``10.8%``."""
    return percent(value, "staff_share")


def p_value(value: float | None) -> str:
    if missing(value):
        return DASH
    return "< 0.001" if value < 0.001 else fixed(value, "p_value")  # type: ignore[operator]


def thousands(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def excel_format(kind: Kind | int, *, percent: bool | None = None) -> str:
    """The workbook's number format for a kind (``0.0``, ``0%``): the same places as the
    report. Percentages are stored as fractions (0.57 shown as 57%)."""
    digits = places(kind)
    body = "0" if digits == 0 else "0." + "0" * digits
    as_percent = kind in PERCENT_KINDS if percent is None else percent
    return body + "%" if as_percent else body


# Units a value is printed in as a percentage, and those whose change is in points.
PERCENT_UNITS = ("%", "percent")
POINTS_UNITS = (*PERCENT_UNITS, "percentage points")


def excel_given_format(places: int, unit: str | None) -> str:
    """The workbook's number format of a trust's own figure in ``unit``, to the ``places``
    it was given (:func:`given_places`), as the report shows it: a percentage, or a
    difference of percentages in points, is stored as a fraction (``0.0%``); any other
    figure with thousands separated (``#,##0.0``)."""
    if unit in POINTS_UNITS:
        return excel_format(places, percent=True)
    return "#,##0" + ("." + "0" * places if places else "")


def unit_kind(unit: str | None) -> Kind | int:
    """The kind of a value by its unit: a workforce share or ratio; any other unit (the
    trust's own figures in days, rates...) to one decimal unless told otherwise."""
    if unit == "ratio":
        return "ratio"
    if unit in POINTS_UNITS:
        return "staff_share"
    return 1


def in_unit(value: float | None, unit: str | None, kind: Kind | int | None = None) -> str:
    """A value in its unit: percentages with %, ratios to 2 places, points signed."""
    if value is None:
        return DASH
    kind = unit_kind(unit) if kind is None else kind
    if unit in PERCENT_UNITS:
        return percent(value, kind)
    if unit == "percentage points":
        return f"{signed(value, kind)} pts"
    return fixed(value, kind)


def change_in_unit(value: float | None, unit: str | None, kind: Kind | int | None = None) -> str:
    """A change in a value's unit: percentages change by points."""
    if value is None:
        return DASH
    kind = unit_kind(unit) if kind is None else kind
    if unit in POINTS_UNITS:
        return f"{signed(value, kind)} pts"
    return signed(value, kind)


def change_between_in_unit(
    before: float | None, after: float | None, unit: str | None, kind: Kind | int | None = None
) -> str:
    """The change between two values as they are shown, in the values' unit."""
    kind = unit_kind(unit) if kind is None else kind
    return change_in_unit(shown_change(before, after, kind), unit, kind)

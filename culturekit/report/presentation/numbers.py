"""Every rule that turns a number into text: places, signs, units, percentages."""

from __future__ import annotations

import math

DASH = "–"
MINUS = "\u2212"


def missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def score(value: float | None, places: int = 1) -> str:
    """``6.6034`` -> ``6.6``."""
    return DASH if missing(value) else f"{value:.{places}f}"


def signed(value: float | None, places: int = 1) -> str:
    """``0.41`` -> ``+0.4``, ``-0.41`` -> ``−0.4`` (a true minus sign); none signed at 0."""
    if missing(value):
        return DASH
    text = f"{value:+.{places}f}"
    if float(text) == 0:
        return f"{0:.{places}f}"
    return text.replace("-", MINUS)


def change(value: float | None, places: int = 2) -> str:
    """A change as the comparison shows it: signed, unsigned when it rounds to zero."""
    return signed(value, places)


def difference(value: float | None, places: int) -> str:
    """A difference from a benchmark: signed, plain ``0`` when it rounds to none."""
    if missing(value):
        return DASH
    return "0" if float(f"{abs(value):.{places}f}") == 0 else signed(value, places)


def percent(value: float | None, places: int = 0) -> str:
    """``57.4`` (a percentage) -> ``57%``."""
    return DASH if missing(value) else f"{value:.{places}f}%"


def p_value(value: float | None) -> str:
    if missing(value):
        return DASH
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def thousands(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def given_places(*values: float | None, most: int = 2) -> int:
    """Decimal places as the figures were given (at most ``most``), so that a difference
    reads like its inputs."""
    places = 0
    for value in values:
        if value is None:
            continue
        text = f"{value:g}"
        if "." in text and "e" not in text:
            places = max(places, len(text.split(".")[1]))
    return min(places, most)


# Units a value is printed in as a percentage, and those whose change is in points.
PERCENT_UNITS = ("%", "percent")
POINTS_UNITS = (*PERCENT_UNITS, "percentage points")


def in_unit(value: float | None, unit: str | None) -> str:
    """A value in its unit: percentages with %, ratios to 2 places, others to 1."""
    if value is None:
        return DASH
    if unit in PERCENT_UNITS:
        return f"{value:.1f}%"
    if unit == "ratio":
        return f"{value:.2f}"
    if unit == "percentage points":
        return f"{signed(value, 1)} pts"
    return f"{value:.1f}"


def change_in_unit(value: float | None, unit: str | None) -> str:
    """A change in a value's unit: percentages change by points."""
    if value is None:
        return DASH
    if unit in POINTS_UNITS:
        return f"{signed(value, 1)} pts"
    return signed(value, 2 if unit == "ratio" else 1)

"""The decimal places a comparison's changes are shown to, and whether one shows as 0.

The reports print changes at these places (``culturekit.report.presentation.numbers``:
``change`` and ``change_in_unit``); compare judges changes at the same places, so that a
change a report shows as 0 is never called better or worse. ``tests/test_verdicts.py``
checks that the two agree.
"""

from __future__ import annotations

# A change in a score on the 0-10 scale (elements, items, groups).
SCORE_CHANGE_PLACES = 2
# A change of a figure in its unit: relative likelihoods to 2 places, everything else
# (percentages and their points, scores and rates of existing data) to 1.
RATIO_PLACES = 2
OTHER_PLACES = 1


def unit_places(unit: str | None) -> int:
    """The places a change of a figure in ``unit`` (existing data, workforce) is shown to."""
    return RATIO_PLACES if unit == "ratio" else OTHER_PLACES


def shown(value: float, places: int) -> float:
    """``value`` as it reads at ``places`` (``1.1782`` at 2 places: ``1.18``)."""
    return float(f"{value:.{places}f}")


def shows_as_zero(value: float, places: int) -> bool:
    """True when ``value`` rounds to 0 at ``places`` (``0.004`` at 2 places: ``0.00``)."""
    return float(f"{abs(value):.{places}f}") == 0

"""The decimal places a comparison's changes are shown to, and whether one shows as 0.

The reports print changes at these places (``culturekit.report.presentation.numbers``:
``change``); compare judges changes at the same places, so that a
change a report shows as 0 is never called better or worse. ``tests/test_verdicts.py``
checks that the two agree.
"""

from __future__ import annotations

# A change in a score on the 0-10 scale (elements, items, groups).
SCORE_CHANGE_PLACES = 2


def shows_as_zero(value: float, places: int) -> bool:
    """True when ``value`` rounds to 0 at ``places`` (``0.004`` at 2 places: ``0.00``)."""
    return float(f"{abs(value):.{places}f}") == 0

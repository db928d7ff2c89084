"""One rule for every compared change: better, worse, no clear change, too few to tell.

A tested change (an element's score by source, an item, a group's element score) is
*better* or *worse* when its p-value, adjusted for the number of tests, is below
``rules.change_alpha`` and the change does not show as 0 at the places reports print it;
otherwise it is *no clear change* when the comparison could have found a change of
``rules.meaningful_change``, and *too few to tell* when it could not.

"Could have found" is the minimum detectable change with power ``rules.change_power``
of the test as the verdict reads it: one of ``m`` tests of a family, adjusted by Holm or
by Benjamini–Hochberg, is significant alone only when its p is below
``change_alpha / m``, so that is the level the detectable change is worked out at.
"""

from __future__ import annotations

from culturekit import stats
from culturekit.framework.model import Rules
from culturekit.precision import SCORE_CHANGE_PLACES, shows_as_zero
from culturekit.results.comparison import Verdict


def detectable_change(se: float | None, df: float | None, tests: int, rules: Rules) -> float | None:
    """The smallest change one of ``tests`` tests would find with ``rules.change_power``."""
    if se is None or tests < 1:
        return None
    level = 1.0 - rules.change_alpha / tests
    return stats.minimum_detectable_change(se, level, rules.change_power, df)


def change_verdict(
    change: float | None,
    p_adjusted: float | None,
    detectable: float | None,
    rules: Rules,
    places: int = SCORE_CHANGE_PLACES,
) -> Verdict:
    """A tested change's verdict (see the module's rule)."""
    if change is None or p_adjusted is None:
        return "not tested"
    if p_adjusted < rules.change_alpha and not shows_as_zero(change, places):
        return "better" if change > 0 else "worse"
    if detectable is None or detectable > rules.meaningful_change:
        return "too few to tell"
    return "no clear change"

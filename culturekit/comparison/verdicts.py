"""One rule for every compared change: better, worse, no clear change, too few to tell.

A tested change (an element's score by source, an item, a group's element score) is
*better* or *worse* when its p-value, adjusted for the number of tests, is below
``rules.change_alpha`` and the change does not show as 0 at the places reports print it
(the difference of its two scores as shown, where the reports print them beside it);
otherwise it is *no clear change* when the comparison could have found a change of
``rules.meaningful_change``, and *too few to tell* when it could not.

"Could have found" is the minimum detectable change with power ``rules.change_power``
of the test as the verdict reads it: one of ``m`` tests of a family, adjusted by Holm or
by Benjamini–Hochberg, is significant alone only when its p is below
``change_alpha / m``, so that is the level the detectable change is worked out at.

The trust's own figures (existing data, the workforce analysis) are not samples: one
moved when the change is at least ``rules.figure_change_within`` of its value and shows
at the places it is printed to (neither the change nor the two figures read the same),
and is then better or worse by its sense of better.
"""

from __future__ import annotations

import math

from culturekit import stats
from culturekit.framework.model import Rules
from culturekit.precision import SCORE_CHANGE_PLACES, shown, shows_as_zero
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
    pre: float | None = None,
    post: float | None = None,
) -> Verdict:
    """A tested change's verdict (see the module's rule). With ``pre`` and ``post``, the
    change shows as the reports print it beside them: the difference of the two as shown
    (so two scores that read the same show no change)."""
    if change is None or p_adjusted is None:
        return "not tested"
    if pre is not None and post is not None:
        visible = shown(pre, places) != shown(post, places)
    else:
        visible = not shows_as_zero(change, places)
    if p_adjusted < rules.change_alpha and visible:
        return "better" if change > 0 else "worse"
    if detectable is None or detectable > rules.meaningful_change:
        return "too few to tell"
    return "no clear change"


def figure_moved(pre: float, post: float, rules: Rules, places: int) -> bool:
    """Whether a whole-trust figure moved: by the tolerance, and visibly (neither its change
    nor the difference between the two figures as shown is 0)."""
    change = post - pre
    size = max(abs(pre), abs(post))
    visible = not shows_as_zero(change, places) and shown(pre, places) != shown(post, places)
    return visible and abs(change) >= rules.figure_change_within * size


def figure_verdict(
    pre: float | None, post: float | None, higher_is_better: bool | None, rules: Rules, places: int
) -> Verdict:
    """An existing-data figure: better or worse by its sense of better, once it moved."""
    if pre is None or post is None:
        return "not tested"
    if not figure_moved(pre, post, rules, places):
        return "no clear change"
    if higher_is_better is None:
        return "not tested"
    return "better" if (post > pre) == higher_is_better else "worse"


def parity_verdict(
    unit: str, pre: float | None, post: float | None, rules: Rules, places: int
) -> Verdict:
    """A workforce figure with a parity (a relative likelihood of 1, a difference of 0
    points): better when it moved closer to parity, worse when further. Shares have no
    parity and are not judged."""
    if pre is None or post is None or unit not in ("ratio", "percentage points"):
        return "not tested"
    if unit == "ratio" and (pre <= 0 or post <= 0):
        return "not tested"
    if not figure_moved(pre, post, rules, places):
        return "no clear change"
    # On the log scale a likelihood of 2 is as far from parity as one of 0.5.
    distance = (lambda v: abs(math.log(v))) if unit == "ratio" else abs
    before, after = distance(pre), distance(post)
    if math.isclose(before, after, rel_tol=1e-9):
        return "no clear change"
    return "better" if after < before else "worse"

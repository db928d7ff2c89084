"""The reporting threshold and complementary suppression, in one place.

Result models are built through these functions, so every renderer only ever receives
figures that may be shown.

The rule, for one set of groups that together make up a known whole (a breakdown of the
trust's respondents by one column, a band's staff by ethnicity, ...):

1. *Primary suppression*: a group with at least one but fewer than ``threshold`` members
   is not shown.
2. *Complementary suppression*: while any group is suppressed, the suppressed groups
   together must hold at least ``threshold`` members and be at least two groups, so that
   subtracting the shown groups from the whole reveals no group below the threshold.
   Until that holds, the smallest group still shown is suppressed as well.

Groups with no members are never suppressed: there is no one in them to identify.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

from culturekit.privacy.anonymise import anonymise, anonymous_code

K = TypeVar("K", bound=Hashable)


def suppressed_groups(counts: Mapping[K, int], threshold: int, already: Iterable[K] = ()) -> set[K]:
    """The groups whose figures must not be shown, including complementary suppression.

    ``already`` names groups hidden for another reason (for example a whole group hidden
    before its single cells are considered); they count as suppressed from the start.
    """
    suppressed = {g for g, n in counts.items() if 0 < n < threshold}
    suppressed |= {g for g in already if g in counts}
    if not any(counts[g] > 0 for g in suppressed):
        return suppressed
    shown = sorted(
        ((n, str(g), g) for g, n in counts.items() if n > 0 and g not in suppressed),
        key=lambda entry: (entry[0], entry[1]),
    )
    while shown and (
        sum(1 for g in suppressed if counts[g] > 0) < 2
        or sum(counts[g] for g in suppressed) < threshold
    ):
        suppressed.add(shown.pop(0)[2])
    return suppressed


def is_reportable(n: int, threshold: int) -> bool:
    """Whether a single figure based on ``n`` people may be shown on its own."""
    return n >= threshold


# Every reason a hidden figure gives is worded here, so that a cell hidden for the same
# cause reads the same in the diagnosis, the comparison and the workforce analysis.


def suppression_reason(
    threshold: int,
    *,
    unit: str | None = "responses",
    complementary: bool = False,
    where: Sequence[str] = (),
) -> str:
    """The words a suppressed figure shows instead of a number.

    ``unit`` names what was counted (``responses``, ``staff``, ``respondents``; None
    where a narrow cell has room only for "fewer than 11");
    ``where`` names the collections in which a group was too small (``in 2023``);
    ``complementary`` says the figure is hidden only to protect another.
    """
    if complementary:
        return (
            f"hidden so that a group of fewer than {threshold} cannot be worked out by subtraction"
        )
    reason = f"fewer than {threshold}" if unit is None else f"fewer than {threshold} {unit}"
    return f"{reason} in {' and '.join(where)}" if where else reason


def comments_reason(threshold: int) -> str:
    """Why a source's free-text comments are not shown."""
    return f"{suppression_reason(threshold, unit='respondents')} wrote comments; not shown"


def withheld_reason(threshold: int, group: str, reveals: str) -> str:
    """A figure withheld because, with what is shown, it would give a small count back.

    ``group`` completes "fewer than N ..." and ``reveals`` says what the figure would give
    away: ``withheld_reason(11, "staff in a group were appointed", "the rate would reveal
    how many")``.
    """
    return f"Withheld: {suppression_reason(threshold, unit=group)}, and {reveals}"


def outcome_reason(threshold: int, done: str, *, who: str = "") -> str:
    """An outcome count not shown: fewer than N had the outcome, or fewer than N did not
    (either count, with the group's size, gives the other back)."""
    people = f"{who} " if who else ""
    return f"fewer than {threshold} {people}{done}, or fewer than {threshold} did not"


def withheld_outcome_reason(threshold: int, who: str, done: str, reveals: str) -> str:
    """A rate or ratio withheld because it would give back an outcome count too small to
    show: ``withheld_outcome_reason(11, "staff in a group", "were appointed", "...")``."""
    return f"Withheld: {outcome_reason(threshold, done, who=who)}, and {reveals}"


__all__ = [
    "anonymise",
    "anonymous_code",
    "comments_reason",
    "is_reportable",
    "outcome_reason",
    "suppressed_groups",
    "suppression_reason",
    "withheld_outcome_reason",
    "withheld_reason",
]

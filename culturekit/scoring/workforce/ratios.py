"""Relative likelihoods between two groups: WRES 2, 3, 4 and WDES 2, 3."""

from __future__ import annotations

import pandas as pd

from culturekit.framework.model import Framework
from culturekit.framework.standards import RatioDefinition
from culturekit.ingest.workforce import (
    RecruitmentData,
)
from culturekit.privacy import outcome_reason, withheld_outcome_reason
from culturekit.results.workforce import (
    GroupRate,
    Indicator,
)
from culturekit.scoring.workforce.context import (
    Characteristic,
    Context,
    capital,
    has,
    hidden_groups,
    no_characteristic,
    outcome_withheld,
    tally,
)
from culturekit.scoring.workforce.representation import hidden_rate, unavailable
from culturekit.stats import percent, relative_likelihood


def group_rate(label: str, num: int, den: int, hidden: str | None, primary: bool) -> GroupRate:
    rate = num / den if den > 0 else None
    if hidden is not None and primary:
        return hidden_rate(label, hidden)
    return GroupRate(
        label=label,
        numerator=None if hidden else num,
        denominator=None if hidden else den,
        rate=rate,
        percent=percent(num, den),
        suppressed=hidden is not None,
        reason=hidden,
    )


def _too_small(spec: RatioDefinition, den: dict[str, int], framework: Framework) -> str | None:
    """Why the groups give no meaningful ratio (one is empty, or below the minimum)."""
    people = ((f"{spec.a_label} {spec.people}", spec.a), (f"{spec.b_label} {spec.people}", spec.b))
    empty = [p for p, k in people if den[k] == 0]
    if empty:
        return (
            f"there were no {' and no '.join(empty)}, so the relative likelihood cannot be "
            "worked out"
        )
    need = max(framework.rules.min_group_for_ratio, framework.workforce_threshold())
    if min(den[spec.a], den[spec.b]) < need:
        return (
            f"the groups are too small for a meaningful figure (a relative likelihood needs "
            f"at least {need} {spec.people} in each group)"
        )
    return None


# Longer than 80 lines on purpose: the withholding rules (too few in a group, an outcome
# count that a rate would give back, hidden complements) are read in one place, in the
# order the methods page states them.
def ratio_indicator(
    spec: RatioDefinition, outcome: pd.Series, groups: pd.Series, framework: Framework
) -> Indicator:
    """A relative likelihood ``rate(a) / rate(b)`` of a nullable ``outcome`` (blank left out)."""
    t = framework.workforce_threshold()
    rules = framework.rules
    known = outcome.notna().to_numpy(dtype=bool)
    hit = outcome[known].astype(bool)
    who = groups[known]
    keys = (spec.a, spec.b, spec.undeclared)
    den = tally(who, keys)
    num = {k: int(hit[who == k].sum()) for k in keys}
    hidden = hidden_groups(den, t, spec.people)

    def group(key: str, label: str) -> GroupRate:
        reason = hidden.get(key)
        return group_rate(label, num[key], den[key], reason, 0 < den[key] < t)

    common = {
        "number": spec.number,
        "standard": spec.standard,
        "title": spec.title,
        "definition": spec.definition,
        "unit": "ratio",
        "available": True,
        "group_a": group(spec.a, capital(spec.a_label)),
        "group_b": group(spec.b, capital(spec.b_label)),
        "undeclared": group(spec.undeclared, spec.undeclared),
    }
    too_small = _too_small(spec, den, framework)
    if too_small is not None:
        return Indicator(**common, missing_reason=too_small, reading=capital(too_small) + ".")
    estimate = relative_likelihood(
        num[spec.a], den[spec.a], num[spec.b], den[spec.b], framework.confidence_level
    )
    if estimate.ratio is None:
        reason = (
            f"no {spec.b_label} {spec.people} {spec.done}, so the relative likelihood cannot "
            "be worked out"
        )
        return Indicator(**common, missing_reason=reason, reading=capital(reason) + ".")
    if outcome_withheld(num[spec.undeclared], den[spec.undeclared], t):
        # Left out of the ratio, so hiding their count costs the indicator nothing.
        common["undeclared"] = group_rate(
            spec.undeclared,
            num[spec.undeclared],
            den[spec.undeclared],
            outcome_reason(t, spec.done),
            True,
        )
    if any(outcome_withheld(num[k], den[k], t) for k in (spec.a, spec.b)):
        # A rate over a known group gives its count back: fewer than the threshold who,
        # say, entered the disciplinary process (or who did not) are a group too small to
        # show, and with the other group's rate the ratio would give their rate back too.
        reason = withheld_outcome_reason(
            t,
            f"{spec.people} in a group",
            spec.done,
            "the rate or the relative likelihood would reveal how many",
        )
        common.update(
            group_a=group_rate(capital(spec.a_label), num[spec.a], den[spec.a], reason, True),
            group_b=group_rate(capital(spec.b_label), num[spec.b], den[spec.b], reason, True),
        )
        return Indicator(**common, missing_reason=reason, reading=reason + ".")
    ratio = estimate.ratio
    low, high = rules.likelihood_fair_range
    concern = not low <= ratio <= high
    # The interval's width would give back counts hidden by complementary suppression.
    show_ci = spec.a not in hidden and spec.b not in hidden
    ci_low = estimate.ci_low if show_ci else None
    ci_high = estimate.ci_high if show_ci else None
    significant = None if ci_low is None or ci_high is None else not ci_low <= 1.0 <= ci_high
    reading = _reading(spec, ratio, (low, high) if concern else None, significant)
    return Indicator(
        **common,
        value=ratio,
        ci_low=ci_low,
        ci_high=ci_high,
        concern=concern,
        significant=significant,
        reading=reading,
    )


def ratio_from_sheets(
    ctx: Context | None,
    recruitment: RecruitmentData | None,
    spec: RatioDefinition,
    char: Characteristic,
    framework: Framework,
) -> Indicator:
    """The relative likelihood ``spec`` defines, from the sheet it names, or why not."""
    recruiting = spec.sheet == "Recruitment"
    if recruiting:
        frame = None if recruitment is None else recruitment.frame
    else:
        frame = None if ctx is None else ctx.frame
    if frame is None:
        return _unavailable(spec, f"no {spec.sheet} sheet")
    if not has(frame, char):
        return _unavailable(spec, no_characteristic(char, spec.sheet))
    # The Recruitment sheet requires its outcome column; the Workforce sheet's are optional.
    if not recruiting and not frame[spec.column].notna().any():
        return _unavailable(
            spec,
            f"no {spec.column} values are recorded in the {spec.sheet} sheet (column missing "
            "or empty)",
        )
    return ratio_indicator(spec, frame[spec.column], frame[char.column], framework)


def _unavailable(spec: RatioDefinition, reason: str) -> Indicator:
    return unavailable(spec.number, spec.standard, spec.title, spec.definition, "ratio", reason)


def _reading(
    spec: RatioDefinition,
    ratio: float,
    outside: tuple[float, float] | None,
    significant: bool | None,
) -> str:
    """The ratio in a sentence; ``outside`` is the fair range when the ratio lies beyond it."""
    a_people = f"{capital(spec.a_label)} {spec.people}"
    b_people = f"{spec.b_label} {spec.people}"
    reading = f"{a_people} were {ratio:.2f} times as likely to {spec.verb} as {b_people}."
    if outside is not None:
        low, high = outside
        reading += f" This is outside the range {low:g} to {high:g} read as fair."
        if significant is False:
            reading += " Its confidence interval includes 1, so it may be down to chance."
    return reading

"""Respondents and response rates on both sides, with warnings when far apart."""

from __future__ import annotations

from culturekit import stats
from culturekit.comparison.sides import Side
from culturekit.diagnosis import response_rates
from culturekit.framework.model import SOURCE_NAMES
from culturekit.results.comparison import (
    ResponseChange,
)

# Response rates further apart than this (a share, i.e. 10 percentage points) are warned of.
RATE_DIFFERENCE_WARNING = 0.10
# Respondent counts further apart than this share of the pre count are warned of.
RESPONDENT_DIFFERENCE_WARNING = 0.30


def response_changes(
    a: Side, b: Side, sources: list[str], warnings: list[str]
) -> dict[str, ResponseChange]:
    out = {}
    before = response_rates(a.data, a.scored)
    after = response_rates(b.data, b.scored)
    for source in sources:
        n_a, head_a, rate_a = (
            before[source].respondents,
            before[source].headcount,
            before[source].rate,
        )
        n_b, head_b, rate_b = after[source].respondents, after[source].headcount, after[source].rate
        relative = stats.percent(n_b - n_a, n_a)
        out[source] = ResponseChange(
            source=source,
            respondents_pre=n_a,
            respondents_post=n_b,
            respondents_change_percent=relative,
            headcount_pre=head_a,
            headcount_post=head_b,
            rate_pre=rate_a,
            rate_post=rate_b,
            rate_change=rate_b - rate_a if rate_a is not None and rate_b is not None else None,
        )
        name = SOURCE_NAMES[source]
        # Rounded so that 0.5 - 0.4 counts as exactly 10 points apart, not a hair over.
        rate_gap = (
            round(abs(rate_b - rate_a), 12) if rate_a is not None and rate_b is not None else None
        )
        if rate_gap is not None and rate_gap > RATE_DIFFERENCE_WARNING:
            warnings.append(
                f"{name} response rates differ: {100 * rate_a:.0f}% in {a.period} and "
                f"{100 * rate_b:.0f}% in {b.period} (more than "
                f"{100 * RATE_DIFFERENCE_WARNING:.0f} percentage points apart); a change in "
                "who responded may bias the comparison."
            )
        if relative is not None and round(abs(relative), 9) > 100 * RESPONDENT_DIFFERENCE_WARNING:
            warnings.append(
                f"{name} respondent numbers differ: {n_a} in {a.period} and {n_b} in "
                f"{b.period} ({relative:+.0f}%, more than "
                f"{100 * RESPONDENT_DIFFERENCE_WARNING:.0f}% apart); a change in who "
                "responded may bias the comparison."
            )
    return out

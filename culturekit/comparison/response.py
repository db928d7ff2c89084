"""Respondents and response rates on both sides, with warnings when far apart."""

from __future__ import annotations

from culturekit import stats
from culturekit.comparison.sides import Side
from culturekit.diagnosis import response_rates
from culturekit.results.comparison import ComparisonWarning, ResponseChange

# Response rates further apart than this (a share, i.e. 10 percentage points) are warned of.
RATE_DIFFERENCE_WARNING = 0.10
# Respondent counts further apart than this share of the pre count are warned of.
RESPONDENT_DIFFERENCE_WARNING = 0.30


def response_changes(
    a: Side, b: Side, sources: list[str], warnings: list[ComparisonWarning]
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
        # Rounded so that 0.5 - 0.4 counts as exactly 10 points apart, not a hair over.
        rate_gap = (
            round(abs(rate_b - rate_a), 12) if rate_a is not None and rate_b is not None else None
        )
        if rate_gap is not None and rate_gap > RATE_DIFFERENCE_WARNING:
            warnings.append(
                ComparisonWarning(
                    kind="response_rates", source=source, limit=RATE_DIFFERENCE_WARNING
                )
            )
        if relative is not None and round(abs(relative), 9) > 100 * RESPONDENT_DIFFERENCE_WARNING:
            warnings.append(
                ComparisonWarning(
                    kind="respondents", source=source, limit=RESPONDENT_DIFFERENCE_WARNING
                )
            )
    return out

"""The notices that change how a diagnosis is read, in the words every format uses.

A partial diagnosis, a missing source and a low staff response rate each change what the
figures may be taken to say, so the terminal prints them as the reports show them.
"""

from __future__ import annotations

from typing import Any

from culturekit.report.presentation.numbers import percent, thousands
from culturekit.report.presentation.rules import low_response_words
from culturekit.report.presentation.words import join_words, source_name

# What each source brings, in a sentence saying what a partial diagnosis rests on.
_EVIDENCE: dict[str, str] = {
    "board": "the board's views",
    "stakeholders": "stakeholders' views",
    "dashboard": "existing data",
    "workforce": "the workforce figures",
}


def partial_notice(diagnosis: Any) -> str | None:
    """What a partial diagnosis is not: the first words of its summary in every format."""
    if not diagnosis.sources.partial:
        return None
    rests = [_EVIDENCE.get(s, source_name(s).lower()) for s in diagnosis.sources.present]
    basis = f" It rests on {join_words(rests)} alone." if rests else ""
    return (
        "This is a partial diagnosis: no staff survey was given, so it does not say how "
        f"staff see the trust's culture.{basis} No source is set against staff views (there "
        "are no perception gaps), and its priorities and strengths are not those of a full "
        "diagnosis."
    )


def low_response_notice(diagnosis: Any) -> str | None:
    """The low staff response rate, with the framework's cut-off in words."""
    staff = diagnosis.response.get("staff")
    if staff is None or not staff.low or staff.rate is None:
        return None
    return (
        f"Low response rate: {thousands(staff.respondents)} of {thousands(staff.headcount)} "
        f"staff took part ({percent(staff.rate * 100)}), fewer than "
        f"{low_response_words(diagnosis)}; the staff scores may not represent the whole "
        "workforce."
    )


def missing_notice(diagnosis: Any) -> str | None:
    """The sources the diagnosis was made without."""
    missing = diagnosis.sources.missing
    if not missing:
        return None
    names = join_words([source_name(s) for s in missing])
    return f"{names} not given: the readings rest on the other sources alone."


def reading_notices(diagnosis: Any) -> list[str]:
    """Every notice that changes the reading, the partial diagnosis first."""
    notices = (partial_notice(diagnosis), missing_notice(diagnosis), low_response_notice(diagnosis))
    return [n for n in notices if n is not None]

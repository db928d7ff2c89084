"""Whether the data make a diagnosis: the staff survey is there, and no survey sheet is
an empty form.

A diagnosis rests on the staff survey (the board's and stakeholders' views are set against
it), so data without staff answers are refused unless a partial diagnosis is asked for.
A survey sheet with headers and no answers would otherwise read as a source of no one:
"0 staff took part", scores hidden as if too few had answered.
"""

from __future__ import annotations

from collections.abc import Mapping

from culturekit.contract import REQUIRED_SOURCE
from culturekit.errors import Problem
from culturekit.framework.model import Framework
from culturekit.ingest.models import SurveyData
from culturekit.ingest.sheet import Sheet

# The argument of ``culturekit.load`` (and of everything that loads) that asks for a
# partial diagnosis: a caller names its own way of giving it (``Problem.remedy``).
PARTIAL = "partial"


def requires_partial(surveys: Mapping[str, SurveyData], partial: bool) -> bool:
    """Whether the data lack the required source's answers and no partial diagnosis was
    asked for."""
    return REQUIRED_SOURCE not in surveys and not partial


def missing_required(framework: Framework, *, file: str | None = None) -> Problem:
    """The refusal of data without the required source's answers."""
    source = REQUIRED_SOURCE
    instrument = framework.instruments.get(source)  # type: ignore[call-overload]
    give = (
        f"add the {instrument.sheet} sheet, or"
        if instrument is not None
        else f"the framework has no {source} instrument, so"
    )
    where = f" (sheet {instrument.sheet!r})" if instrument is not None else ""
    return Problem(
        f"no {source} answers: a diagnosis rests on the {source} survey{where}, and the "
        f"other sources are read against it; {give} ask explicitly for a partial "
        f"diagnosis without {source} answers",
        file=file,
        remedy=PARTIAL,
    )


def no_answers(
    sheet: Sheet,
    source: str,
    partial: bool,
    problems: list[Problem],
    notices: list[str],
) -> None:
    """A survey sheet with headers but no row answering any item on the scale.

    It is an error naming the sheet; only the required source's sheet, when a partial
    diagnosis was asked for, is set aside with a notice (the diagnosis says it is partial).
    """
    if source == REQUIRED_SOURCE and partial:
        notices.append(
            f"{sheet.name}: the sheet has no answers on the scale and is set aside: the "
            f"diagnosis is partial, without a {source} survey"
        )
        return
    rows = f"{len(sheet.frame):,} row(s), none" if len(sheet.frame) else "no rows"
    problems.append(
        sheet.problem(
            f"the sheet has column headers but no {source} answers ({rows} answering any "
            "item on the scale): fill in the answers, or delete the sheet if there are none",
            remedy=PARTIAL if source == REQUIRED_SOURCE else None,
        )
    )

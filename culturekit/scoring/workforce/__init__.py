"""Scoring the leadership workforce analysis: headcount, representation, WRES and WDES.

Pure: from validated :class:`~culturekit.ingest.workforce.WorkforceData` and
:class:`~culturekit.ingest.workforce.RecruitmentData` (either may be missing) and the
framework to a :class:`WorkforceResult`.

Privacy (docs/methods.md, "Workforce disclosure policy"); every threshold below is
``framework.workforce_threshold()``:

* The *tables* (headcount by band, representation by band with its All staff, Leadership
  and Board rows, WRES 1 / WDES 1 by band and staff group) are one set of linked counts,
  suppressed together across rows and columns (:mod:`.tables`, :mod:`.linked`), so no
  hidden count comes back as a total minus its shown parts. Zeros are shown.
* An *outcome count* (leavers, disciplinary, capability, training, appointment) of 1 to
  threshold-1 people who had the outcome, or who did not, is never printed, nor any rate
  or ratio that would give it back (:func:`.context.outcome_withheld`). A group below
  the threshold shows no count, rate or ratio; a group hidden only to protect another
  keeps its rate and the ratio but loses its counts and the confidence interval.
* WRES 9 and WDES 10 are board composition, public record: shown with their counts at
  any board size; the difference is withheld only when the workforce share is hidden.

Undeclared staff (ethnicity "Not stated", disability "Not declared") are left out of every
relative likelihood and reported apart; percentages of a band, the board or the workforce
include them in the denominator, as the WRES and WDES do.
"""

from __future__ import annotations

from culturekit.framework.model import Framework
from culturekit.framework.standards import (
    RatioDefinition,
    RepresentationDefinition,
    Standard,
    standards,
)
from culturekit.ingest.workforce import RecruitmentData, WorkforceData
from culturekit.results.diagnosis import DisclosureAudit
from culturekit.results.workforce import Indicator, RepresentationTable, WorkforceResult
from culturekit.scoring.disclosure import audit_record
from culturekit.scoring.workforce.board import board_indicator
from culturekit.scoring.workforce.context import (
    CHARACTERISTICS,
    DISABILITY,
    ETHNICITY,
    PIPELINE_BANDS,
    Context,
    context,
    headcount,
)
from culturekit.scoring.workforce.ratios import ratio_from_sheets
from culturekit.scoring.workforce.representation import (
    representation_indicator,
    representation_table,
)
from culturekit.scoring.workforce.shares import succession, turnover
from culturekit.scoring.workforce.signal import equity_signal

__all__ = [
    "PIPELINE_BANDS",
    "audited_workforce",
    "score_workforce",
]


def score_workforce(
    workforce: WorkforceData | None,
    recruitment: RecruitmentData | None,
    framework: Framework,
) -> WorkforceResult:
    """Score the leadership workforce analysis; either input may be None.

    See the module docstring for the privacy rules; the report's methods section words
    the board and equity rules (:mod:`culturekit.report.presentation.methods`).
    """
    return audited_workforce(workforce, recruitment, framework)[0]


def audited_workforce(
    workforce: WorkforceData | None,
    recruitment: RecruitmentData | None,
    framework: Framework,
    collection: str | None = None,
) -> tuple[WorkforceResult, DisclosureAudit | None]:
    """:func:`score_workforce` with the linked-table audit of its tables, for the
    data-quality section (None without a Workforce sheet)."""
    ctx = context(workforce, framework) if workforce is not None else None
    tables: dict[str, RepresentationTable] = {}
    if ctx is not None:
        for characteristic in CHARACTERISTICS:
            tables[characteristic] = representation_table(ctx, characteristic)
    definitions = standards()
    wres = _standard(definitions.wres, ctx, recruitment, tables, framework)
    wdes = _standard(definitions.wdes, ctx, recruitment, tables, framework)
    ratios = [i for i in (*wres.values(), *wdes.values()) if i.unit == "ratio"]
    signal, evidence = equity_signal(ctx, tables, ratios, framework)
    audit = None
    if ctx is not None and ctx.linked.audit is not None:
        audit = audit_record("workforce", ctx.linked.audit, framework, ctx.threshold, collection)
    result = WorkforceResult(
        workforce_file=workforce.file if workforce else None,
        workforce_sheet=workforce.sheet if workforce else None,
        recruitment_file=recruitment.file if recruitment else None,
        recruitment_sheet=recruitment.sheet if recruitment else None,
        reporting_threshold=framework.reporting_threshold,
        workforce_threshold=framework.workforce_threshold(),
        headcount=headcount(ctx) if ctx is not None else None,
        representation=list(tables.values()),
        wres=wres,
        wdes=wdes,
        turnover=turnover(ctx, "All staff who left in the period", None),
        leadership_turnover=turnover(
            ctx, "Leaders who left in the period", ctx.leaders if ctx else None
        ),
        succession_risk=succession(ctx),
        signal=signal,
        evidence=evidence,
    )
    return result, audit


def _standard(
    standard: Standard,
    ctx: Context | None,
    recruitment: RecruitmentData | None,
    tables: dict[str, RepresentationTable],
    framework: Framework,
) -> dict[int, Indicator]:
    """Every indicator of one standard, keyed by number, in the order it defines them."""
    char = ETHNICITY if standard.characteristic == ETHNICITY.column else DISABILITY
    out: dict[int, Indicator] = {}
    for spec in standard.indicators:
        if isinstance(spec, RepresentationDefinition):
            out[spec.number] = representation_indicator(ctx, spec, char, tables)
        elif isinstance(spec, RatioDefinition):
            out[spec.number] = ratio_from_sheets(ctx, recruitment, spec, char, framework)
        else:
            out[spec.number] = board_indicator(ctx, spec, char, tables)
    return out

"""Scoring the leadership workforce analysis: headcount, representation, WRES and WDES.

Pure: from validated :class:`~culturekit.ingest.workforce.WorkforceData` and
:class:`~culturekit.ingest.workforce.RecruitmentData` (either may be missing) and the
framework to a :class:`WorkforceResult`.

Privacy (the small-group rule itself lives in :mod:`culturekit.privacy`):

* A *characteristic split* (staff of a band, of the board, of leadership... by ethnicity
  group, disability or gender; headcount by band; leaders by age) is one set of groups
  adding up to a total: groups below ``framework.reporting_threshold`` are hidden, with
  complementary suppression within the set (:func:`culturekit.privacy.suppressed_groups`).
  A set whose total is below the threshold is hidden whole. A percentage is hidden
  whenever its count is. A band row of a table is hidden whole when the band's headcount
  is hidden, so one table cannot undo another's suppression. Suppression is applied
  within each row; it is not carried across the columns of a table.
* An *outcome rate* (appointed, entered the disciplinary or capability process, accessed
  training) is shown for a group of at least the threshold only when the number with that
  outcome is zero or at least the threshold too: the rate times the group's size would
  give a small count back, and with the other group's rate so would the ratio. A group
  below the threshold shows no count, rate or ratio. A group hidden only to protect
  another (complementary suppression of White / BME / Not stated) keeps its rate and the
  ratio but loses its counts and the confidence interval (whose width would give the
  counts back).
* WRES 9 and WDES 10, the board's difference from the workforce in percentage points, are
  given only for a board of at least the threshold: added to the workforce percentage the
  difference gives the board's own percentage back, so for a smaller board it is withheld
  like any other small group.

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
from culturekit.results.workforce import Indicator, RepresentationTable, WorkforceResult
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
    return WorkforceResult(
        workforce_file=workforce.file if workforce else None,
        workforce_sheet=workforce.sheet if workforce else None,
        recruitment_file=recruitment.file if recruitment else None,
        recruitment_sheet=recruitment.sheet if recruitment else None,
        reporting_threshold=framework.reporting_threshold,
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

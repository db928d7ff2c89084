"""Result models of the leadership workforce analysis: headcount, representation, WRES, WDES.

How each figure is worked out, and hidden when too small, is in
:mod:`culturekit.scoring.workforce`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from culturekit.results.base import Model, Signal

__all__ = [
    "BandShare",
    "CharacteristicName",
    "Count",
    "GroupRate",
    "Headcount",
    "Indicator",
    "RepresentationCell",
    "RepresentationRow",
    "RepresentationTable",
    "Share",
    "StaffGroup",
    "Standard",
    "Unit",
    "WorkforceFinding",
    "WorkforceResult",
]

StaffGroup = Literal["All staff", "Clinical", "Non-clinical", "Not recorded"]
Unit = Literal["percent", "ratio", "percentage points"]
CharacteristicName = Literal["ethnicity_group", "disability", "gender"]
Standard = Literal["WRES", "WDES"]


class Count(Model):
    """A headcount, or why it is hidden."""

    label: str
    count: int | None
    suppressed: bool = False
    reason: str | None = None


class Headcount(Model):
    total: Count
    by_band: list[Count]
    """Every band of :data:`~culturekit.ingest.workforce.BANDS`, in that order."""
    leadership: Count
    """Staff in ``leadership_bands`` plus executive board members in any band."""
    board: Count
    """Board members: voting (board_member) or executive."""
    non_executive: Count | None = None
    """Voting board members who are not executives (board composition, shown at any
    size): on the board, not in the workforce, so in none of the other counts."""
    leadership_bands: list[str]


class RepresentationCell(Model):
    category: str
    count: int | None
    percent: float | None
    """Percentage of the row's total (0-100)."""
    suppressed: bool = False
    reason: str | None = None


class RepresentationRow(Model):
    group: str
    total: int | None
    suppressed: bool = False
    reason: str | None = None
    cells: list[RepresentationCell]

    def cell(self, category: str) -> RepresentationCell:
        for cell in self.cells:
            if cell.category == category:
                return cell
        raise KeyError(category)


class RepresentationTable(Model):
    """Staff by one characteristic across the pipeline: Band 5 ... VSM, then Board."""

    characteristic: CharacteristicName
    title: str
    available: bool
    missing_reason: str | None = None
    categories: list[str]
    overall: RepresentationRow | None = None
    leadership: RepresentationRow | None = None
    rows: list[RepresentationRow]


class GroupRate(Model):
    """One group's numerator and denominator behind a WRES or WDES figure."""

    label: str
    numerator: int | None
    denominator: int | None
    rate: float | None
    """numerator / denominator as a proportion (0-1)."""
    percent: float | None
    """The same rate as a percentage (0-100)."""
    suppressed: bool = False
    reason: str | None = None


class BandShare(Model):
    """WRES 1 / WDES 1: the share of one band (optionally one staff group) in the group."""

    band: str
    staff_group: StaffGroup
    total: int | None
    count: int | None
    percent: float | None
    suppressed: bool = False
    reason: str | None = None


class Indicator(Model):
    """One WRES indicator or WDES metric."""

    number: int
    standard: Literal["WRES", "WDES"]
    title: str
    definition: str
    unit: Unit
    available: bool
    missing_reason: str | None = None
    """Why ``value`` is None: data absent, a group empty or too small, a zero rate."""
    value: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    group_a: GroupRate | None = None
    group_b: GroupRate | None = None
    undeclared: GroupRate | None = None
    """Staff or applicants who did not declare: left out of ratios, reported apart."""
    by_band: list[BandShare] = Field(default_factory=list)
    concern: bool = False
    """A relative likelihood outside ``rules.likelihood_fair_range``."""
    significant: bool | None = None
    """The confidence interval of a relative likelihood excludes 1 (None without one)."""
    reading: str


class Share(Model):
    """A share of a group (turnover, succession risk), or why it is not given."""

    label: str
    available: bool
    missing_reason: str | None = None
    count: int | None = None
    total: int | None = None
    percent: float | None = None
    suppressed: bool = False
    reason: str | None = None
    unknown: int | None = None
    """Members of the group with no value recorded (succession: no age band)."""
    base: float | None = None
    """The denominator of ``percent`` where it is not ``total``: for turnover, the average
    number in post over the period, ``total`` at its start and ``total - count`` at its
    end (so it may end in a half)."""


class WorkforceFinding(Model):
    """One finding behind the equity and inclusion signal, with the figures it shows.

    ``likelihood``: a WRES or WDES relative likelihood (``standard``, ``number``,
    ``group``, ``value``). ``representation``: a group's share of leaders against its
    share of all staff (``characteristic``, ``group``, ``leaders_percent``,
    ``workforce_percent`` as the representation table shows them, None where hidden) and
    the floor it is judged by (``floor``).
    """

    kind: Literal["likelihood", "representation"]
    assessment: Literal["concern", "could_be_chance", "no_concern"] = Field(
        description="concern (a clear one), could_be_chance (a concern whose interval "
        "includes 1) or no_concern."
    )
    standard: Standard | None = None
    number: int | None = None
    characteristic: CharacteristicName | None = None
    group: str | None = Field(
        None, description="The group the finding is about (a label from the standards)."
    )
    value: float | None = Field(None, description="likelihood: the relative likelihood.")
    leaders_percent: float | None = None
    workforce_percent: float | None = None
    floor: float | None = Field(
        None, description="representation: rules.representation_floor, the multiple judged."
    )


class WorkforceResult(Model):
    workforce_file: str | None
    workforce_sheet: str | None
    recruitment_file: str | None
    recruitment_sheet: str | None
    reporting_threshold: int
    workforce_threshold: int = Field(
        description=(
            "The threshold every workforce figure follows except board composition "
            "(WRES 9 and WDES 10, public record): the framework's workforce_threshold, "
            "or the reporting threshold when it names none."
        )
    )
    headcount: Headcount | None
    representation: list[RepresentationTable]
    wres: dict[int, Indicator]
    wdes: dict[int, Indicator]
    turnover: Share
    leadership_turnover: Share
    succession_risk: Share
    """Share of leaders in ``rules.succession_age_bands`` (aged 55 and over)."""
    signal: Signal | None
    """Equity and inclusion signal (the rule in words:
    :func:`culturekit.report.presentation.methods.equity_rule`)."""
    evidence: list[WorkforceFinding]
    """The findings behind the signal, concerns first: clear ones, those that could be
    chance, then the rest."""

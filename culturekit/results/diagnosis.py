"""Result models of one trust's diagnosis: the content of ``diagnosis.json``."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal, Self

from pydantic import Field

from culturekit.framework.model import Rules
from culturekit.results.base import (
    SCHEMA_VERSION,
    Document,
    HiddenWhenSuppressed,
    Model,
    Reading,
    Signal,
)
from culturekit.results.dashboard import DashboardResult
from culturekit.results.drivers import DriverAnalysis
from culturekit.results.summary import DiagnosisSummary
from culturekit.results.workforce import WorkforceResult


class TrustSummary(Model):
    name: str
    code: str
    period: str
    collected_on: dt.date | None = None
    trust_type: str | None = None
    staff_headcount: int | None = None


class FrameworkSummary(Model):
    """The framework a result was computed under: its identity, thresholds and rules."""

    id: str
    version: str
    name: str
    reporting_threshold: int
    comment_threshold: int
    min_share_answered: float
    confidence_level: float
    rules: Rules


class InputSummary(Model):
    path: str
    sha256: str


class SourceScore(Model):
    """One element as seen by one source."""

    source: str
    score: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    n: int | None = None
    percent_positive: float | None = None
    percent_negative: float | None = None
    answers: int | None = None
    alpha: float | None = None
    alpha_n: int | None = None
    items: int
    suppressed: bool = False
    reason: str | None = None


class AnswerCount(Model):
    code: int
    label: str
    count: int
    percent: float
    side: Literal["positive", "neutral", "negative"] = Field(
        description="Whether this answer counts towards the item's % positive or % negative "
        "(after a negatively worded item is reversed), or neither."
    )


class ItemResult(Model):
    """One question: the full answer distribution, as answered (before reversal)."""

    code: str
    text: str
    element: str | None
    source: str
    reverse: bool
    answered: int | None = None
    not_applicable: int | None = None
    blank: int | None = None
    distribution: list[AnswerCount] = Field(default_factory=list)
    score: float | None = None
    percent_positive: float | None = None
    percent_negative: float | None = None
    suppressed: bool = False
    reason: str | None = None


class ReliabilityWarning(Model):
    """An element whose items hang together poorly for one source (Cronbach's alpha)."""

    element: str
    source: str
    alpha: float
    case: Literal["negative", "low"] = Field(
        description="negative: the items pull in opposite directions (usually an item's "
        "direction coded wrongly); low: below the framework's rules.alpha_warning"
    )
    limit: float = Field(description="the framework's rules.alpha_warning at the time")


class NotableGroup(Model):
    """A shown staff group whose score on an element sits far from the trust overall."""

    by: str
    by_label: str
    label: str
    n: int
    score: float
    difference: float


class ElementResult(Model):
    id: str
    name: str
    description: str
    questions: list[str] = Field(
        default_factory=list,
        description="The framework's questions to explore next when the element reads as "
        "a priority.",
    )
    sources: dict[str, SourceScore]
    items: dict[str, list[ItemResult]] = Field(default_factory=dict)
    notable_groups: list[NotableGroup] = Field(default_factory=list)


GapReading = Literal["higher", "lower", "similar", "unclear", "too few to tell", "not tested"]
"""What a perception gap says (docs/methods.md, "Perception gaps")."""


class Gap(Model):
    """How much more (or less) favourably a source sees an element than staff do."""

    element: str
    source: str
    compared_with: str = "staff"
    difference: float | None = Field(
        None, description="The source's mean score minus staff's (points out of 10)."
    )
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = Field(None, description="Welch's t-test p-value, unadjusted.")
    p_adjusted: float | None = Field(
        None,
        description="The p-value adjusted for the number of gap tests (every element and "
        "source) by the framework's rules.gap_correction.",
    )
    reading: GapReading | None = Field(
        None,
        description="higher or lower (a flagged gap, either way), similar (the whole "
        "interval within rules.gap_flag of zero), too few to tell (an interval wider than "
        "that band), unclear, or not tested; None when suppressed.",
    )
    flagged: bool = Field(
        False, description="The reading is higher or lower: a gap the report highlights."
    )
    suppressed: bool = False
    reason: str | None = None


class BreakdownGroup(HiddenWhenSuppressed):
    label: str
    suppressed: bool = False
    reason: str | None = None
    n: int | None = None
    scores: dict[str, float | None] = Field(default_factory=dict)
    differences: dict[str, float | None] = Field(default_factory=dict)
    hidden_cells: dict[str, str] = Field(default_factory=dict)

    _hidden_keys: ClassVar[tuple[str, ...]] = ("n", "scores", "differences", "hidden_cells")


class Breakdown(Model):
    source: str
    by: str
    by_label: str
    overall: dict[str, float | None]
    groups: list[BreakdownGroup]

    def without_groups(self) -> Self:
        """The breakdown with no group listed, for a column none of whose groups is shown."""
        return self.model_copy(update={"groups": []})


class SourceQuality(Model):
    source: str
    file: str
    sheet: str
    rows: int
    scored: int
    too_few_answers: int
    answers: int
    blank: int
    not_applicable: int
    missing_items: list[str] = Field(default_factory=list)


class ResponseRate(Model):
    respondents: int
    headcount: int | None = None
    rate: float | None = None
    low: bool = False


class Interval(Model):
    """The narrowest range a reader can pin a hidden figure to from everything published."""

    low: float = Field(description="Lowest value the published figures allow.")
    high: float = Field(description="Highest value the published figures allow.")


class DisclosureAudit(Model):
    """The linked-table audit of one source's published figures (docs/methods.md)."""

    source: str = Field(
        description="The figures audited: a perception source (staff, board or "
        "stakeholders), or workforce for the workforce tables."
    )
    collection: str | None = Field(
        None, description="In a comparison, the collection audited (pre or post)."
    )
    threshold: int = Field(
        description="The threshold protected: no hidden group of fewer can be worked out."
    )
    cells_checked: int = Field(
        description="Hidden cells of fewer than the threshold checked, once per linked table."
    )
    extra_suppressions: int = Field(
        description="Cells hidden beyond the threshold and complementary rules because the "
        "audit found a small group could otherwise be worked out."
    )
    size_values: int | None = Field(
        None,
        description="The fewest values any hidden group's size can still take given "
        "everything published, at least (1 would mean a size is known). A count, not a "
        "range: where the range lies would itself say something about the group.",
    )
    mean_range: float | None = Field(
        None,
        description="The narrowest range, in points, everything published leaves on the "
        "mean of a hidden group whose size is known (None: no such group).",
    )
    tolerance: float = Field(
        description="A hidden mean pinned closer than this many points counts as disclosed."
    )
    passed: bool = Field(
        description="True when no hidden group of fewer than the threshold can be worked out."
    )


class DataQuality(Model):
    sources: list[SourceQuality] = Field(default_factory=list)
    reliability_warnings: list[ReliabilityWarning] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)
    skipped_breakdowns: list[str] = Field(default_factory=list)
    disclosure: list[DisclosureAudit] = Field(
        default_factory=list,
        description="The disclosure-control audit of each survey source's published figures, "
        "and of the workforce tables.",
    )


class Comments(Model):
    source: str
    shown: bool
    reason: str | None = None
    texts: list[str] = Field(
        default_factory=list,
        description="Each distinct comment once (comments that differ only in case and "
        "spacing are one), most often written first, then alphabetically.",
    )
    counts: list[int] = Field(
        default_factory=list, description="How many people wrote each of texts, in its order."
    )
    written: int | None = Field(
        None, description="How many people wrote a comment; none when they are not shown."
    )


EvidenceKind = Literal["perception", "dashboard", "workforce"]
"""What an element's evidence rests on: a source's score, dashboard ratings, the
workforce analysis."""


class Evidence(Model):
    """One source's finding on one element: its signal and the figures it rests on.

    The figures are those the result shows elsewhere; the report words them.
    """

    source: str = Field(description="The source that speaks to the element.")
    kind: EvidenceKind = Field(
        description="perception (a score against the framework's strength and priority "
        "scores), dashboard (indicators rated against benchmark) or workforce (the "
        "equity and inclusion findings)."
    )
    signal: Signal = Field(description="What the source says: positive, neutral or negative.")
    score: float | None = Field(None, description="perception: the source's score (0-10).")
    better: int | None = Field(None, description="dashboard: indicators better than benchmark.")
    worse: int | None = Field(None, description="dashboard: indicators worse than benchmark.")
    rated: int | None = Field(
        None, description="dashboard: indicators rated (better, similar or worse)."
    )
    findings: list[int] = Field(
        default_factory=list,
        description="workforce: positions in workforce.evidence of the findings cited.",
    )


DisagreementKind = Literal["signal", "gap"]


class Disagreement(Model):
    """Where a source and staff part: opposite signals, or a flagged perception gap."""

    kind: DisagreementKind = Field(
        description="signal (one sees a strength where the other sees a concern) or gap "
        "(a flagged perception gap)."
    )
    source: str = Field(description="The source set against staff.")
    compared_with: str = Field("staff", description="The source it is set against.")
    signal: Signal | None = Field(None, description="signal: the source's signal.")
    compared_signal: Signal | None = Field(None, description="signal: staff's signal.")
    difference: float | None = Field(
        None, description="gap: the source's score minus staff's (the gap's difference)."
    )


Confidence = Literal["high", "medium", "low"]


class ElementReading(Model):
    element: str
    name: str
    reading: Reading
    balance: float
    confidence: Confidence = Field(
        description="How far the reading can be relied on: from the sources that speak "
        "(high: staff and two or more others; medium: two or three; low: one), one level "
        "lower when opposing_signals, and one lower again when staff_spans_cut_off."
    )
    opposing_signals: bool = Field(
        False, description="One source gives a positive signal and another a negative one."
    )
    staff_spans_cut_off: bool = Field(
        False,
        description="Staff's confidence interval spans the strength or priority score, "
        "so staff's signal differs at its two ends.",
    )
    evidence: list[Evidence]
    missing_sources: list[str]
    disagreements: list[Disagreement]


class RankedElement(Model):
    element: str
    name: str
    balance: float
    evidence_sources: list[str] = Field(
        description="The sources whose evidence (in the element's triangulation entry) "
        "supports the reading, in that entry's order."
    )
    lead_source: str | None = Field(
        None,
        description="The strongest evidence's source: staff when they support the reading, "
        "otherwise the supporting board or stakeholders whose score lies furthest beyond "
        "the cut-off; none when no survey source supports it.",
    )
    lead_item: str | None = Field(
        None,
        description="The lead source's shown item with the fewest favourable answers (a "
        "priority) or the most (a strength), by code; the first in questionnaire order on "
        "a tie.",
    )


class SourcesSummary(Model):
    present: list[str]
    missing: list[str]
    partial: bool = Field(
        False,
        description="True for a partial diagnosis: made, because it was asked for, without "
        "staff answers, so no reading rests on how staff see the trust.",
    )


class SubScoreResult(HiddenWhenSuppressed):
    """One sub-score: the mean of respondents' scores, each the mean of the items they
    answered, for respondents who answered at least ``min_answered`` of them."""

    id: str
    name: str
    items: list[str] = Field(description="The question numbers the sub-score is made of.")
    min_answered: int = Field(description="Fewest items a respondent answers to be scored.")
    suppressed: bool = False
    reason: str | None = None
    score: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    n: int | None = Field(default=None, description="Respondents scored on the sub-score.")

    _hidden_keys: ClassVar[tuple[str, ...]] = ("score", "ci_low", "ci_high", "n")


class ThemeResult(HiddenWhenSuppressed):
    """One theme: its score made from its sub-scores (see ``Themes.theme_score``), its
    sub-scores, and the distribution of every item its sub-scores use."""

    id: str
    name: str
    group: str = Field(description="The heading the theme is reported under.")
    suppressed: bool = False
    reason: str | None = None
    score: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    n: int | None = Field(
        default=None, description="Respondents scored on at least one of its sub-scores."
    )
    subscores: list[SubScoreResult]
    items: list[ItemResult] = Field(description="Its items, in questionnaire order.")

    _hidden_keys: ClassVar[tuple[str, ...]] = ("score", "ci_low", "ci_high", "n")


class Themes(Model):
    """The framework's themes, scored from the staff survey, in the framework's order."""

    source: str
    theme_score: str = Field(
        description="subscore_means: a theme is the mean of its sub-scores' scores; "
        "respondent_means: the mean over respondents of each one's mean sub-score."
    )
    weighting: Literal["unweighted", "weight", "share"] = Field(
        default="unweighted",
        description="unweighted (respondent means); weight: weighted by the weights the "
        "Weights sheet gives; share: weighted to the reference mix it gives.",
    )
    weighted_by: str | None = Field(default=None, description="The column weighted by.")
    weight_cap: float | None = Field(default=None, description="The cap on every weight.")
    groups: list[str] = Field(description="The headings, in the order reports show them.")
    themes: list[ThemeResult]


class EqualityFigure(HiddenWhenSuppressed):
    """One group's figure on a survey-based WRES or WDES measure."""

    label: str = Field(description="The group (White, BME, Disabled, ...) or Organisation.")
    suppressed: bool = False
    reason: str | None = None
    value: float | None = Field(
        default=None, description="A percentage (0-100), or a theme score (0-10)."
    )
    ci_low: float | None = None
    ci_high: float | None = None
    n: int | None = Field(
        default=None,
        description="Respondents the percentage is of (those who answered the items); None "
        "for a theme score.",
    )

    _hidden_keys: ClassVar[tuple[str, ...]] = ("value", "ci_low", "ci_high", "n")


class EqualityMeasure(Model):
    """One survey-based measure (WRES 5-8, WDES 4-9) for the standard's groups."""

    number: str
    title: str
    definition: str
    questions: list[str] = Field(description="The question numbers it is made from.")
    theme: str | None = Field(default=None, description="The theme it is the score of.")
    unit: Literal["percent", "score"]
    better: Literal["higher", "lower"] = Field(
        description="Whether a higher or a lower figure is the better one."
    )
    organisation: EqualityFigure | None = Field(
        description="Every respondent; None for a measure asked of one group only."
    )
    groups: list[EqualityFigure]
    difference: float | None = Field(
        default=None,
        description="The first group's figure minus the second's (percentage points or "
        "points), where both are shown.",
    )


class EqualityStandard(Model):
    """A standard's survey-based measures, by the groups of one grouping column."""

    standard: Literal["WRES", "WDES"]
    column: str = Field(description="The grouping column the groups are read from.")
    groups: list[str] = Field(description="The groups compared, in order.")
    values: list[str] = Field(description="Each group's value in the grouping column.")
    missing: str | None = Field(
        default=None, description="Why the measures could not be worked out, if not."
    )
    measures: list[EqualityMeasure]


class Diagnosis(Document):
    """A trust's culture diagnosis for one period: the content of ``diagnosis.json``."""

    schema_version: str = Field(
        SCHEMA_VERSION, description="Version of this document's schema (see docs/json-schema.md)."
    )
    culturekit_version: str = Field(description="Version of culturekit that wrote the document.")
    trust: TrustSummary = Field(description="The trust and the period the data cover.")
    framework: FrameworkSummary = Field(
        description="The framework scored against, with the thresholds applied."
    )
    inputs: list[InputSummary] = Field(description="Every input file read, with its SHA-256.")
    sources: SourcesSummary = Field(description="Which sources are present and which are missing.")
    response: dict[str, ResponseRate] = Field(
        description="Respondents and, for staff, the response rate, by source."
    )
    elements: list[ElementResult] = Field(
        description="Every element of the framework, in framework order, by source and item."
    )
    gaps: list[Gap] = Field(
        description="How much more or less favourably each source sees an element than staff do."
    )
    themes: Themes | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="The framework's themes (the NHS Staff Survey's People Promise elements, "
        "engagement and morale), scored from the staff survey; absent when the framework "
        "has none.",
    )
    equality: list[EqualityStandard] | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="The survey-based WRES and WDES measures by ethnicity and disability; "
        "absent when the framework has none.",
    )
    breakdowns: list[Breakdown] = Field(
        description="Element scores by staff group, one breakdown per grouping column."
    )
    data_quality: DataQuality = Field(
        description="Counts of rows and answers, reliability warnings and notices."
    )
    dashboard: DashboardResult | None = Field(
        None, description="The existing-data dashboard against benchmarks, when given."
    )
    workforce: WorkforceResult | None = Field(
        None, description="The leadership workforce analysis (WRES, WDES), when given."
    )
    triangulation: list[ElementReading] = Field(
        default_factory=list, description="Every source brought together, element by element."
    )
    priorities: list[RankedElement] = Field(
        default_factory=list, description="Elements read as priorities, most pressing first."
    )
    strengths: list[RankedElement] = Field(
        default_factory=list, description="Elements read as strengths, strongest first."
    )
    summary: DiagnosisSummary | None = Field(
        None,
        description="What the report's summary leads with: the headline and the perception "
        "gap story, chosen by the rules in docs/methods.md.",
    )
    comments: list[Comments] = Field(
        default_factory=list,
        description="Free-text comments, only when asked for and enough people answered.",
    )
    # Left out of the JSON when the framework names no outcome, so a diagnosis without
    # one reads as it always has.
    drivers: DriverAnalysis | None = Field(
        None,
        exclude_if=lambda value: value is None,
        description="What drives the framework's outcome: each predictor's relative "
        "importance, when the framework names an outcome (docs/methods.md).",
    )

    def element(self, element_id: str) -> ElementResult:
        for element in self.elements:
            if element.id == element_id:
                return element
        raise KeyError(element_id)

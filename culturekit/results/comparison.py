"""Result models of a pre/post comparison: the content of ``comparison.json``."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal, Self

from pydantic import Field

from culturekit.results.base import SCHEMA_VERSION, Document, HiddenWhenSuppressed, Model
from culturekit.results.diagnosis import (
    DisclosureAudit,
    FrameworkSummary,
    InputSummary,
    TrustSummary,
)

__all__ = [
    "BreakdownChange",
    "ChangeRef",
    "CollectionInfo",
    "Comparison",
    "ComparisonSummary",
    "ComparisonWarning",
    "Correction",
    "ElementChange",
    "GroupChange",
    "GroupElementChange",
    "IndicatorChange",
    "ItemChange",
    "ItemRef",
    "ResponseChange",
    "SourceChange",
    "StandardChange",
    "ValueChange",
    "Verdict",
    "WorkforceChange",
]

Correction = Literal["holm", "fdr_bh"]
# One rule gives every compared change its verdict (culturekit.comparison.verdicts):
# better or worse when the adjusted test says so; otherwise "no clear change" when a change
# that matters would have been found, "too few to tell" when it would not.
Verdict = Literal["better", "worse", "no clear change", "too few to tell", "not tested"]


class CollectionInfo(Model):
    """One side of the comparison: which collection, from which files."""

    period: str
    collected_on: dt.date | None = None
    trust_code: str
    trust_name: str
    staff_headcount: int | None = None
    framework_id: str
    framework_version: str
    inputs: list[InputSummary] = Field(default_factory=list)


class SourceChange(Model):
    """One element as seen by one source: pre, post and whether it changed.

    ``change`` is post − pre on the 0-10 scale; ``percent_positive_change`` is in
    percentage points, tested with respondents as clusters (each gives several answers).
    ``suppressed`` means at least one side is below the reporting threshold: the figures
    of that side are None and the change is not tested.
    """

    source: str = Field(description="The perception source: staff, board or stakeholders.")
    pre: float | None = Field(None, description="Score (0-10) in the pre collection.")
    post: float | None = Field(None, description="Score (0-10) in the post collection.")
    change: float | None = Field(None, description="post - pre, on the 0-10 scale.")
    ci_low: float | None = Field(None, description="Lower end of the change's confidence interval.")
    ci_high: float | None = Field(
        None, description="Upper end of the change's confidence interval."
    )
    p_value: float | None = Field(None, description="Welch's t-test p-value, unadjusted.")
    p_adjusted: float | None = Field(
        None, description="The p-value adjusted for the number of tests."
    )
    effect_size: float | None = Field(None, description="Hedges' g of post against pre.")
    detectable_change: float | None = Field(
        None,
        description="The minimum detectable change (0-10 scale): found with rules.change_power "
        "at level rules.change_alpha / (number of score tests); at most "
        "rules.meaningful_change for 'no clear change'.",
    )
    verdict: Verdict = Field(
        "not tested",
        description="better, worse, no clear change, too few to tell or not tested: from "
        "the adjusted p-value and the detectable change.",
    )
    n_pre: int | None = None
    n_post: int | None = None
    percent_positive_pre: float | None = None
    percent_positive_post: float | None = None
    percent_positive_change: float | None = None
    percent_positive_ci_low: float | None = None
    percent_positive_ci_high: float | None = None
    percent_positive_p: float | None = Field(
        None, description="Wald test with respondent-clustered errors, unadjusted."
    )
    percent_positive_p_adjusted: float | None = None
    percent_positive_design_effect: float | None = Field(
        None,
        description="The clustered variance of the % positive change over its variance were "
        "every answer independent.",
    )
    suppressed: bool = Field(
        False, description="True when a side is below the reporting threshold."
    )
    reason: str | None = Field(
        None, description="Why a figure is missing or the change is not tested."
    )


class ElementChange(Model):
    id: str
    name: str
    sources: dict[str, SourceChange] = Field(default_factory=dict)


class ItemRef(Model):
    """An item found on one side only."""

    source: str
    code: str
    element: str
    text: str


class ItemChange(Model):
    """One question's item score (0-10, reversed where negatively worded) pre and post.

    ``position`` is the item's place in the (post) questionnaire, from 1. ``largest_change``
    flags the items with the largest absolute changes of their source; ``change_rank``
    gives their order (1 = largest). Each change is tested (Welch) and adjusted across
    every compared item; its verdict follows the elements' rule.
    """

    source: str
    element: str
    code: str
    text: str
    reverse: bool
    position: int
    pre: float | None = None
    post: float | None = None
    change: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    p_adjusted: float | None = None
    detectable_change: float | None = None
    verdict: Verdict = "not tested"
    n_pre: int | None = None
    n_post: int | None = None
    largest_change: bool = False
    change_rank: int | None = None
    suppressed: bool = False
    reason: str | None = None


class GroupElementChange(Model):
    """A group's element score pre and post, tested as the elements are.

    Only the verdict of the test is kept: an interval would publish the group's spread,
    which the disclosure audit does not protect.
    """

    pre: float | None = None
    post: float | None = None
    change: float | None = None
    verdict: Verdict = "not tested"
    suppressed: bool = False
    reason: str | None = None


class GroupChange(HiddenWhenSuppressed):
    """One breakdown group's element scores pre and post."""

    label: str
    suppressed: bool = False
    reason: str | None = None
    n_pre: int | None = None
    n_post: int | None = None
    elements: dict[str, GroupElementChange] = Field(default_factory=dict)

    _hidden_keys: ClassVar[tuple[str, ...]] = ("n_pre", "n_post", "elements")


class BreakdownChange(Model):
    source: str
    by: str
    by_label: str
    groups: list[GroupChange]

    def without_groups(self) -> Self:
        """The breakdown with no group listed, for a column none of whose groups is shown."""
        return self.model_copy(update={"groups": []})


class ResponseChange(Model):
    """Respondents (people scored on at least one element) and response rates.

    Rates are shares (0-1) of the Trust sheet's staff headcount, staff only;
    ``rate_change`` is post − pre as a share (0.1 = 10 percentage points).
    """

    source: str
    respondents_pre: int
    respondents_post: int
    respondents_change_percent: float | None = None
    headcount_pre: int | None = None
    headcount_post: int | None = None
    rate_pre: float | None = None
    rate_post: float | None = None
    rate_change: float | None = None


class IndicatorChange(Model):
    """One dashboard indicator, matched by name (case and spacing ignored), pre and post.

    ``verdict`` is better or worse when the value moved (by at least
    ``rules.figure_change_within`` of its value, and visibly at the places it is shown
    to) in the better or the worse direction (by ``higher_is_better``); no clear change
    when it did not move; not tested when it is on one side only, or moved but the two
    sides do not say the same direction is better.
    """

    name: str
    element: str | None = None
    unit: str | None = None
    pre: float | None = None
    post: float | None = None
    change: float | None = None
    higher_is_better: bool | None = None
    verdict: Verdict = "not tested"


class ValueChange(Model):
    """A workforce figure pre and post; ``reason`` says why a side is missing or hidden."""

    pre: float | None = None
    post: float | None = None
    change: float | None = None
    reason: str | None = None


class StandardChange(ValueChange):
    """One WRES indicator or WDES metric pre and post.

    ``verdict`` is better when the value moved (as an existing-data figure moves) closer
    to parity (a relative likelihood closer to 1, a board difference closer to 0 points),
    worse when it moved away, no clear change when it did not move, and not tested for
    shares (indicator 1) or a missing side.
    """

    standard: str
    number: int
    title: str
    unit: str
    verdict: Verdict = "not tested"


class WorkforceChange(Model):
    """WRES and WDES (keyed by indicator number), turnover and leadership diversity.

    Percentages are 0-100 and their changes are in percentage points. No test is made:
    these are whole-workforce figures, not samples.
    """

    wres: dict[str, StandardChange] = Field(default_factory=dict)
    wdes: dict[str, StandardChange] = Field(default_factory=dict)
    turnover: ValueChange
    bme_leadership_share: ValueChange
    disabled_leadership_share: ValueChange


class ComparisonWarning(Model):
    """A difference between the collections that may bias the comparison.

    The figures it rests on are in the document: the trusts, periods and dates in
    ``pre`` and ``post``, the respondents and rates in ``response[source]``.
    """

    kind: Literal["different_trusts", "collected_out_of_order", "response_rates", "respondents"]
    source: str | None = Field(
        None, description="response_rates, respondents: the source whose response differs."
    )
    limit: float | None = Field(
        None,
        description="response_rates: the rates' distance (a share, 0.1 = 10 points) beyond "
        "which it is warned of; respondents: the distance as a share of the pre count.",
    )


class ChangeRef(Model):
    element: str
    element_name: str
    source: str
    change: float | None = None
    p_adjusted: float | None = None


class ComparisonSummary(Model):
    """Element/source pairs by verdict, for the one-page summary."""

    improved: list[ChangeRef] = Field(default_factory=list)
    worsened: list[ChangeRef] = Field(default_factory=list)
    no_clear_change: list[ChangeRef] = Field(default_factory=list)
    too_few_to_tell: list[ChangeRef] = Field(default_factory=list)
    not_tested: list[ChangeRef] = Field(default_factory=list)


class Comparison(Document):
    """What changed between two collections: the content of ``comparison.json``."""

    schema_version: str = Field(
        SCHEMA_VERSION, description="Version of this document's schema (see docs/json-schema.md)."
    )
    culturekit_version: str = Field(description="Version of culturekit that wrote the document.")
    trust: TrustSummary = Field(description="The trust, as in the pre collection.")
    framework: FrameworkSummary = Field(
        description="The post collection's framework, with the higher reporting threshold."
    )
    pre: CollectionInfo = Field(description="The earlier collection.")
    post: CollectionInfo = Field(description="The later collection.")
    correction: Correction = Field(
        description="Adjustment of p-values for testing many changes: holm or fdr_bh."
    )
    sources: list[str] = Field(description="The perception sources present in both collections.")
    elements: list[ElementChange] = Field(description="Every element's change, by source, tested.")
    items: list[ItemChange] = Field(description="Every item's change, tested.")
    items_only_pre: list[ItemRef] = Field(
        default_factory=list, description="Items asked in the pre collection only."
    )
    items_only_post: list[ItemRef] = Field(
        default_factory=list, description="Items asked in the post collection only."
    )
    breakdowns: list[BreakdownChange] = Field(
        default_factory=list,
        description="Group changes, hidden jointly on both sides where too small.",
    )
    response: dict[str, ResponseChange] = Field(
        default_factory=dict, description="Respondents and response rates on both sides, by source."
    )
    dashboard: list[IndicatorChange] | None = Field(
        None, description="Dashboard indicators pre and post, when both collections have them."
    )
    workforce: WorkforceChange | None = Field(
        None, description="WRES, WDES, turnover and leadership diversity pre and post."
    )
    warnings: list[ComparisonWarning] = Field(
        default_factory=list,
        description="Differences between the collections that may bias the comparison.",
    )
    notices: list[str] = Field(default_factory=list, description="What was not compared, and why.")
    disclosure: list[DisclosureAudit] = Field(
        default_factory=list,
        description="The disclosure-control audit of each collection's compared groups and items.",
    )
    summary: ComparisonSummary = Field(description="Element/source pairs grouped by verdict.")

    def element(self, element_id: str) -> ElementChange:
        for element in self.elements:
            if element.id == element_id:
                return element
        raise KeyError(element_id)

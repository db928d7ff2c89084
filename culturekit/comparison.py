"""Pre/post comparison: what changed between two collections of the same trust.

Works on :class:`~culturekit.ingest.models.TrustData` rather than on two diagnoses,
because the tests of change need the respondents' scores, not only the means.

For each element and each perception source present on both sides:

* the change in score (post − pre) with its confidence interval and Welch's t-test on
  respondent scores (independent samples: different people answer each survey);
* Hedges' g of post against pre;
* the change in % positive with a two-proportion z-test;
* a verdict from the p-value adjusted for the number of tests (Holm by default), so that
  testing six elements × three sources does not produce "significant" changes by chance.

Items and breakdown groups are compared descriptively (no tests). Every figure passes
through the reporting threshold on both sides, with complementary suppression applied
jointly, so a group hidden on one side is hidden on both.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from culturekit import stats
from culturekit._version import __version__
from culturekit.errors import ComparisonError
from culturekit.framework.model import SOURCE_NAMES, SOURCES, Framework, Item
from culturekit.ingest.models import SurveyData, TrustData
from culturekit.ingest.reader import sha256_of
from culturekit.ingest.workbook import load
from culturekit.names import normalise_label, normalise_name
from culturekit.privacy import is_reportable, suppressed_groups, suppression_reason
from culturekit.results import (
    SCHEMA_VERSION,
    FrameworkSummary,
    HiddenWhenSuppressed,
    InputSummary,
    TrustSummary,
)
from culturekit.scoring.breakdowns import MAX_GROUPS, NOT_STATED, _group_order
from culturekit.scoring.dashboard import DashboardResult, RatedIndicator, score_dashboard
from culturekit.scoring.perceptions import (
    ScoredSurvey,
    favourable_codes,
    oriented_codes,
    score_respondents,
)
from culturekit.scoring.workforce import Indicator as WorkforceIndicator
from culturekit.scoring.workforce import WorkforceResult, score_workforce

__all__ = [
    "BreakdownChange",
    "ChangeRef",
    "CollectionInfo",
    "Comparison",
    "ComparisonSummary",
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
    "compare",
    "dashboard_changes",
    "workforce_changes",
]

Correction = Literal["holm", "fdr_bh"]
Verdict = Literal["better", "worse", "no change", "not tested"]

# An adjusted p-value below this marks a change as "better" or "worse".
SIGNIFICANCE = 0.05
# How many items per source are flagged as the largest changes.
LARGEST_ITEM_CHANGES = 5
# Response rates further apart than this (a share, i.e. 10 percentage points) are warned of.
RATE_DIFFERENCE_WARNING = 0.10
# Respondent counts further apart than this share of the pre count are warned of.
RESPONDENT_DIFFERENCE_WARNING = 0.30
# Sources whose grouping columns are compared group by group.
BREAKDOWN_SOURCES: tuple[str, ...] = ("staff",)

SYMBOLS: dict[str, str] = {
    "better": "▲",
    "worse": "▼",
    "no change": "●",
    "not tested": "–",
}
CORRECTION_NAMES: dict[str, str] = {"holm": "Holm", "fdr_bh": "Benjamini–Hochberg"}
ALLOW_OPTION = "--allow-different-trusts"


# --------------------------------------------------------------------------- models


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)


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
    percentage points. ``suppressed`` means at least one side is below the reporting
    threshold: the figures of that side are None and the change is not tested.
    """

    source: str
    pre: float | None = None
    post: float | None = None
    change: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    p_adjusted: float | None = None
    effect_size: float | None = None
    verdict: Verdict = "not tested"
    symbol: str = SYMBOLS["not tested"]
    n_pre: int | None = None
    n_post: int | None = None
    percent_positive_pre: float | None = None
    percent_positive_post: float | None = None
    percent_positive_change: float | None = None
    percent_positive_ci_low: float | None = None
    percent_positive_ci_high: float | None = None
    percent_positive_p: float | None = None
    percent_positive_p_adjusted: float | None = None
    suppressed: bool = False
    reason: str | None = None


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
    gives their order (1 = largest). Item changes are descriptive, not tested.
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
    n_pre: int | None = None
    n_post: int | None = None
    largest_change: bool = False
    change_rank: int | None = None
    suppressed: bool = False
    reason: str | None = None


class GroupElementChange(Model):
    pre: float | None = None
    post: float | None = None
    change: float | None = None
    suppressed: bool = False
    reason: str | None = None


class GroupChange(HiddenWhenSuppressed):
    """One breakdown group's element scores pre and post (descriptive, not tested)."""

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

    ``improved`` is True when the value moved in the better direction (by
    ``higher_is_better``), False when it moved in the worse one, and None when it did not
    move, is on one side only, or the two sides disagree on which direction is better.
    """

    name: str
    element: str | None = None
    unit: str | None = None
    pre: float | None = None
    post: float | None = None
    change: float | None = None
    higher_is_better: bool | None = None
    improved: bool | None = None


class ValueChange(Model):
    """A workforce figure pre and post; ``reason`` says why a side is missing or hidden."""

    pre: float | None = None
    post: float | None = None
    change: float | None = None
    reason: str | None = None


class StandardChange(ValueChange):
    """One WRES indicator or WDES metric pre and post.

    ``towards_parity`` is True when the value moved closer to parity (a relative
    likelihood closer to 1, a board difference closer to 0 points), False when it moved
    away, and None for shares (indicator 1), no movement, or a missing side.
    """

    standard: str
    number: int
    title: str
    unit: str
    towards_parity: bool | None = None


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
    no_change: list[ChangeRef] = Field(default_factory=list)
    not_tested: list[ChangeRef] = Field(default_factory=list)


class Comparison(Model):
    """What changed between two collections: the content of ``comparison.json``."""

    schema_version: str = SCHEMA_VERSION
    culturekit_version: str
    trust: TrustSummary
    framework: FrameworkSummary
    pre: CollectionInfo
    post: CollectionInfo
    correction: Correction
    sources: list[str]
    elements: list[ElementChange]
    items: list[ItemChange]
    items_only_pre: list[ItemRef] = Field(default_factory=list)
    items_only_post: list[ItemRef] = Field(default_factory=list)
    breakdowns: list[BreakdownChange] = Field(default_factory=list)
    response: dict[str, ResponseChange] = Field(default_factory=dict)
    dashboard: list[IndicatorChange] | None = None
    workforce: WorkforceChange | None = None
    warnings: list[str] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)
    summary: ComparisonSummary
    methods: dict[str, str]

    def element(self, element_id: str) -> ElementChange:
        for element in self.elements:
            if element.id == element_id:
                return element
        raise KeyError(element_id)

    def to_json(self) -> str:
        """The JSON document, byte-identical for the same inputs and options."""
        return self.model_dump_json(indent=2) + "\n"


# --------------------------------------------------------------------------- entry point


@dataclass(frozen=True)
class _Side:
    data: TrustData
    scored: dict[str, ScoredSurvey]
    name: str  # "pre" or "post"

    @property
    def period(self) -> str:
        return self.data.trust.period


def compare(
    pre: TrustData | str | Path,
    post: TrustData | str | Path,
    *,
    framework: Framework | str | Path | None = None,
    correction: Correction = "holm",
    allow_different_trusts: bool = False,
) -> Comparison:
    """Compare two collections (pre and post) of the same trust.

    ``pre`` and ``post`` are loaded data (:func:`culturekit.load`) or workbook paths;
    ``framework`` is used to load paths (loaded data keeps the framework it was validated
    against). ``correction`` names the adjustment for testing many elements at once:
    ``"holm"`` (family-wise error rate) or ``"fdr_bh"`` (Benjamini–Hochberg false
    discovery rate).

    Raises :class:`~culturekit.errors.ComparisonError` when the two are the same data,
    of different trusts (unless ``allow_different_trusts``), of the same period, or
    scored against frameworks with different elements.
    """
    if correction not in CORRECTION_NAMES:
        raise ValueError(f"correction must be 'holm' or 'fdr_bh', got {correction!r}")
    _check_not_same_file(pre, post)
    pre_data = _load(pre, framework)
    post_data = _load(post, framework)
    warnings: list[str] = []
    notices: list[str] = []
    _check_comparable(pre_data, post_data, allow_different_trusts, warnings, notices)

    a = _Side(pre_data, _score(pre_data), "pre")
    b = _Side(post_data, _score(post_data), "post")
    fw = post_data.framework
    threshold = max(pre_data.framework.reporting_threshold, fw.reporting_threshold)
    confidence = fw.confidence_level

    sources = [s for s in SOURCES if s in a.scored and s in b.scored]
    for source in SOURCES:
        for one, other in ((a, b), (b, a)):
            if source in one.scored and source not in other.scored:
                notices.append(
                    f"{SOURCE_NAMES[source]} data are in the {one.name} collection "
                    f"({one.period}) only, so {source} is not compared"
                )
    if not sources and not _other_sources_in_common(pre_data, post_data):
        raise ComparisonError(
            "the two collections have no source in common (staff, board, stakeholders, "
            "dashboard, workforce), so there is nothing to compare"
        )

    elements = _element_changes(a, b, sources, threshold, confidence, correction)
    items, only_pre, only_post = _item_changes(a, b, sources, threshold, notices)
    breakdown_list = _breakdown_changes(a, b, sources, threshold, notices)
    response = _response_changes(a, b, sources, warnings)

    return Comparison(
        culturekit_version=__version__,
        trust=TrustSummary(**pre_data.trust.model_dump()),
        framework=FrameworkSummary(
            id=fw.id,
            version=fw.version,
            name=fw.name,
            reporting_threshold=threshold,
            comment_threshold=fw.comment_threshold,
            min_share_answered=fw.min_share_answered,
            confidence_level=confidence,
            rules=fw.rules,
        ),
        pre=_collection(pre_data),
        post=_collection(post_data),
        correction=correction,
        sources=sources,
        elements=elements,
        items=items,
        items_only_pre=only_pre,
        items_only_post=only_post,
        breakdowns=breakdown_list,
        response=response,
        dashboard=dashboard_changes(pre_data, post_data),
        workforce=workforce_changes(pre_data, post_data),
        warnings=warnings,
        notices=notices,
        summary=_summary(elements),
        methods=_methods(correction, confidence, threshold),
    )


# --------------------------------------------------------------------------- checks


def _load(data: TrustData | str | Path, framework: Framework | str | Path | None) -> TrustData:
    if isinstance(data, TrustData):
        return data
    return load(data, framework=framework)


def _check_not_same_file(pre: object, post: object) -> None:
    """Refuse one workbook given twice before spending time loading it."""
    if pre is post and isinstance(pre, TrustData):
        raise ComparisonError(
            "the same data were given as pre and post: compare two different collections"
        )
    if not isinstance(pre, str | Path) or not isinstance(post, str | Path):
        return
    first, second = Path(pre), Path(post)
    if not (first.is_file() and second.is_file()):
        return  # loading reports the missing file
    if first.resolve() == second.resolve() or sha256_of(first) == sha256_of(second):
        raise ComparisonError(
            f"{first} and {second} are the same workbook (identical content): a comparison "
            "needs two different collections, a pre and a post",
            hint="Give the earlier collection's workbook first and the later one second.",
        )


def _check_comparable(
    pre: TrustData,
    post: TrustData,
    allow_different_trusts: bool,
    warnings: list[str],
    notices: list[str],
) -> None:
    pre_hashes = sorted(i.sha256 for i in pre.inputs)
    post_hashes = sorted(i.sha256 for i in post.inputs)
    if pre_hashes and pre_hashes == post_hashes:
        files = ", ".join(sorted({i.path for i in (*pre.inputs, *post.inputs)}))
        raise ComparisonError(
            f"pre and post were read from identical input files ({files}; same sha256): "
            "a comparison needs two different collections",
            hint="Give the earlier collection's workbook first and the later one second.",
        )
    a, b = pre.trust, post.trust
    if a.code != b.code:
        if not allow_different_trusts:
            raise ComparisonError(
                f"the two collections are of different trusts: pre is {a.code} ({a.name}), "
                f"post is {b.code} ({b.name})",
                hint=f"To compare them anyway, use {ALLOW_OPTION} "
                "(allow_different_trusts=True in Python).",
            )
        warnings.append(
            f"The collections are of different trusts ({a.code} {a.name} and {b.code} "
            f"{b.name}): differences may reflect the organisations, not a change over time."
        )
    if normalise_label(a.period) == normalise_label(b.period):
        raise ComparisonError(
            f"both collections have the period {a.period!r}: pre and post must be two "
            "different collections",
            hint="Check the period field on each workbook's Trust sheet.",
        )
    if a.collected_on and b.collected_on and a.collected_on > b.collected_on:
        warnings.append(
            f"The pre collection ({a.period}, {a.collected_on.isoformat()}) was collected "
            f"after the post collection ({b.period}, {b.collected_on.isoformat()}); check "
            "that they were given in the right order."
        )
    fa, fb = pre.framework, post.framework
    if (fa.id, fa.version) != (fb.id, fb.version):
        ids_a = [e.id for e in fa.elements]
        ids_b = [e.id for e in fb.elements]
        if set(ids_a) != set(ids_b):
            only_a = [i for i in ids_a if i not in ids_b]
            only_b = [i for i in ids_b if i not in ids_a]
            raise ComparisonError(
                f"the collections were scored against different frameworks ({fa.id} "
                f"{fa.version} and {fb.id} {fb.version}) whose elements differ "
                f"(pre only: {', '.join(only_a) or 'none'}; post only: "
                f"{', '.join(only_b) or 'none'})",
                hint="Score both collections against the same framework (--framework).",
            )
        notices.append(
            f"The collections were scored against different frameworks ({fa.id} "
            f"{fa.version} and {fb.id} {fb.version}) with the same elements; items are "
            "matched by code and element names are taken from the post framework."
        )
    if fa.reporting_threshold != fb.reporting_threshold:
        notices.append(
            f"The frameworks' reporting thresholds differ ({fa.reporting_threshold} and "
            f"{fb.reporting_threshold}); the higher one is applied to both sides."
        )
    if fa.confidence_level != fb.confidence_level:
        notices.append(
            f"The frameworks' confidence levels differ ({fa.confidence_level} and "
            f"{fb.confidence_level}); the post framework's is used."
        )


def _other_sources_in_common(pre: TrustData, post: TrustData) -> bool:
    return (pre.dashboard is not None and post.dashboard is not None) or (
        pre.workforce is not None and post.workforce is not None
    )


def _score(data: TrustData) -> dict[str, ScoredSurvey]:
    return {s: score_respondents(survey, data.framework) for s, survey in data.surveys.items()}


def _collection(data: TrustData) -> CollectionInfo:
    return CollectionInfo(
        period=data.trust.period,
        collected_on=data.trust.collected_on,
        trust_code=data.trust.code,
        trust_name=data.trust.name,
        staff_headcount=data.trust.staff_headcount,
        framework_id=data.framework.id,
        framework_version=data.framework.version,
        inputs=[InputSummary(path=i.path, sha256=i.sha256) for i in data.inputs],
    )


# --------------------------------------------------------------------------- elements


@dataclass
class _Tested:
    """A change's statistics before the p-values are adjusted."""

    element: str
    source: str
    fields: dict[str, Any]
    p_value: float | None = None
    percent_positive_p: float | None = None


def _element_changes(
    a: _Side,
    b: _Side,
    sources: list[str],
    threshold: int,
    confidence: float,
    correction: Correction,
) -> list[ElementChange]:
    fw = b.data.framework
    tested: list[_Tested] = []
    for element in fw.elements:
        for source in sources:
            entry = _element_source(a, b, source, element.id, threshold, confidence)
            if entry is not None:
                tested.append(entry)
    p_adjusted = stats.adjust_pvalues([t.p_value for t in tested], correction)
    pp_adjusted = stats.adjust_pvalues([t.percent_positive_p for t in tested], correction)
    changes: dict[str, dict[str, SourceChange]] = {e.id: {} for e in fw.elements}
    for entry, p_adj, pp_adj in zip(tested, p_adjusted, pp_adjusted, strict=True):
        verdict = _verdict(entry.fields.get("change"), p_adj)
        changes[entry.element][entry.source] = SourceChange(
            **entry.fields,
            p_value=entry.p_value,
            p_adjusted=p_adj,
            percent_positive_p=entry.percent_positive_p,
            percent_positive_p_adjusted=pp_adj,
            verdict=verdict,
            symbol=SYMBOLS[verdict],
        )
    return [ElementChange(id=e.id, name=e.name, sources=changes[e.id]) for e in fw.elements]


def _element_source(
    a: _Side, b: _Side, source: str, element_id: str, threshold: int, confidence: float
) -> _Tested | None:
    has_a = bool(a.scored[source].items.get(element_id))
    has_b = bool(b.scored[source].items.get(element_id))
    if not has_a and not has_b:
        return None
    if not (has_a and has_b):
        side = a if not has_a else b
        return _Tested(
            element_id,
            source,
            {
                "source": source,
                "reason": f"no items of this element in the {side.name} questionnaire "
                f"({side.period})",
            },
        )
    x_pre = a.scored[source].element_scores[element_id].dropna().to_numpy()
    x_post = b.scored[source].element_scores[element_id].dropna().to_numpy()
    pre_ok = is_reportable(len(x_pre), threshold)
    post_ok = is_reportable(len(x_post), threshold)
    pos_pre, ans_pre = _positive_answers(a, source, element_id)
    pos_post, ans_post = _positive_answers(b, source, element_id)
    fields: dict[str, Any] = {"source": source}
    if pre_ok:
        fields |= {
            "pre": stats.mean_ci(x_pre, confidence).mean,
            "n_pre": len(x_pre),
            "percent_positive_pre": stats.percent(pos_pre, ans_pre),
        }
    if post_ok:
        fields |= {
            "post": stats.mean_ci(x_post, confidence).mean,
            "n_post": len(x_post),
            "percent_positive_post": stats.percent(pos_post, ans_post),
        }
    if not (pre_ok and post_ok):
        hidden = [s.period for s, ok in ((a, pre_ok), (b, post_ok)) if not ok]
        fields |= {
            "suppressed": True,
            "reason": f"{suppression_reason(threshold)} in {' and '.join(hidden)}",
        }
        return _Tested(element_id, source, fields)

    diff = stats.welch_difference(x_post, x_pre, confidence)
    prop = stats.two_proportion_test(pos_post, ans_post, pos_pre, ans_pre, confidence)
    pp_pre, pp_post = fields["percent_positive_pre"], fields["percent_positive_post"]
    fields |= {
        "change": diff.difference,
        "ci_low": diff.ci_low,
        "ci_high": diff.ci_high,
        "effect_size": stats.hedges_g(x_post, x_pre),
        "percent_positive_change": (
            pp_post - pp_pre if pp_pre is not None and pp_post is not None else None
        ),
        "percent_positive_ci_low": _points(prop.ci_low),
        "percent_positive_ci_high": _points(prop.ci_high),
    }
    if diff.p_value is None:
        fields["reason"] = "the scores do not vary on either side, so the change is not tested"
    return _Tested(element_id, source, fields, diff.p_value, prop.p_value)


def _positive_answers(side: _Side, source: str, element_id: str) -> tuple[int, int]:
    """Answers in the positive categories, and answers given, over the element's items."""
    fw = side.data.framework
    items = side.scored[source].items.get(element_id, [])
    survey = side.data.surveys[source]
    oriented = oriented_codes(survey, fw)[[i.code for i in items]].to_numpy(dtype=float)
    positive, _ = favourable_codes(fw)
    return int(np.isin(oriented, positive).sum()), int(np.sum(~np.isnan(oriented)))


def _points(share: float | None) -> float | None:
    return None if share is None else 100.0 * share


def _verdict(change: float | None, p_adjusted: float | None) -> Verdict:
    if change is None or p_adjusted is None:
        return "not tested"
    if p_adjusted < SIGNIFICANCE and change > 0:
        return "better"
    if p_adjusted < SIGNIFICANCE and change < 0:
        return "worse"
    return "no change"


def _summary(elements: list[ElementChange]) -> ComparisonSummary:
    lists: dict[str, list[ChangeRef]] = {
        "better": [],
        "worse": [],
        "no change": [],
        "not tested": [],
    }
    for element in elements:
        for source, change in element.sources.items():
            lists[change.verdict].append(
                ChangeRef(
                    element=element.id,
                    element_name=element.name,
                    source=source,
                    change=change.change,
                    p_adjusted=change.p_adjusted,
                )
            )
    return ComparisonSummary(
        improved=lists["better"],
        worsened=lists["worse"],
        no_change=lists["no change"],
        not_tested=lists["not tested"],
    )


# --------------------------------------------------------------------------- items


def _item_changes(
    a: _Side, b: _Side, sources: list[str], threshold: int, notices: list[str]
) -> tuple[list[ItemChange], list[ItemRef], list[ItemRef]]:
    """Item scores matched by code; items on one side only are listed, never dropped."""
    fw = b.data.framework
    element_order = {e.id: i for i, e in enumerate(fw.elements)}
    items: list[ItemChange] = []
    only_pre: list[ItemRef] = []
    only_post: list[ItemRef] = []
    for source in sources:
        pre_items = _present_items(a, source)
        post_items = _present_items(b, source)
        only_pre += [_ref(source, i) for k, i in pre_items.items() if k not in post_items]
        only_post += [_ref(source, i) for k, i in post_items.items() if k not in pre_items]
        source_items: list[ItemChange] = []
        for position, (key, item) in enumerate(post_items.items(), start=1):
            old = pre_items.get(key)
            if old is None:
                continue
            if old.element != item.element:
                notices.append(
                    f"Item {item.code} ({source}) belongs to {old.element} in the pre "
                    f"framework and to {item.element} in the post framework; it is listed "
                    f"under {item.element}."
                )
            if normalise_label(old.text) != normalise_label(item.text):
                notices.append(
                    f"Item {item.code} ({source}) is worded differently in the two "
                    "frameworks; its change may reflect the new wording."
                )
            pre_values = a.scored[source].item_scores[old.code].to_numpy(dtype=float)
            post_values = b.scored[source].item_scores[item.code].to_numpy(dtype=float)
            source_items.append(
                _item_change(source, item, position, pre_values, post_values, a, b, threshold)
            )
        source_items.sort(
            key=lambda i: (element_order.get(i.element, len(element_order)), i.position)
        )
        items += _flag_largest(source_items)
    return items, only_pre, only_post


def _present_items(side: _Side, source: str) -> dict[str, Item]:
    """The source's items that have a column on this side, by normalised code, in order."""
    columns = set(side.data.surveys[source].codes.columns)
    return {
        normalise_name(i.code): i
        for i in side.data.framework.items_of(source)  # type: ignore[arg-type]
        if i.code in columns
    }


def _ref(source: str, item: Item) -> ItemRef:
    return ItemRef(source=source, code=item.code, element=item.element, text=item.text)


def _item_change(
    source: str,
    item: Item,
    position: int,
    pre_values: np.ndarray,
    post_values: np.ndarray,
    a: _Side,
    b: _Side,
    threshold: int,
) -> ItemChange:
    base = {
        "source": source,
        "element": item.element,
        "code": item.code,
        "text": item.text,
        "reverse": item.reverse,
        "position": position,
    }
    pre_est = stats.mean_ci(pre_values)
    post_est = stats.mean_ci(post_values)
    pre_ok = is_reportable(pre_est.n, threshold)
    post_ok = is_reportable(post_est.n, threshold)
    fields: dict[str, Any] = {}
    if pre_ok:
        fields |= {"pre": pre_est.mean, "n_pre": pre_est.n}
    if post_ok:
        fields |= {"post": post_est.mean, "n_post": post_est.n}
    if not (pre_ok and post_ok):
        hidden = [s.period for s, ok in ((a, pre_ok), (b, post_ok)) if not ok]
        return ItemChange(
            **base,
            **fields,
            suppressed=True,
            reason=f"{suppression_reason(threshold)} in {' and '.join(hidden)}",
        )
    change = None
    if pre_est.mean is not None and post_est.mean is not None:
        change = post_est.mean - pre_est.mean
    return ItemChange(**base, **fields, change=change)


def _flag_largest(items: list[ItemChange]) -> list[ItemChange]:
    """Flag the items with the largest absolute changes (ties: questionnaire order)."""
    ranked = sorted(
        (i for i in items if i.change is not None),
        key=lambda i: -abs(i.change),  # type: ignore[arg-type]
    )
    rank = {id(i): r for r, i in enumerate(ranked[:LARGEST_ITEM_CHANGES], start=1)}
    return [
        i.model_copy(update={"largest_change": True, "change_rank": rank[id(i)]})
        if id(i) in rank
        else i
        for i in items
    ]


# --------------------------------------------------------------------------- breakdowns


def _breakdown_changes(
    a: _Side, b: _Side, sources: list[str], threshold: int, notices: list[str]
) -> list[BreakdownChange]:
    results = []
    for source in sources:
        if source not in BREAKDOWN_SOURCES:
            continue
        sa, sb = a.data.surveys[source], b.data.surveys[source]
        for key in sa.groups.columns:
            if key not in sb.groups.columns:
                notices.append(
                    f"{SOURCE_NAMES[source]} grouping {sa.group_names[key]!r} is in the pre "
                    "collection only and is not compared"
                )
                continue
            labels_a = _labels(sa, a.scored[source], key)
            labels_b = _labels(sb, b.scored[source], key)
            too_many = max(labels_a.nunique(), labels_b.nunique())
            if too_many > MAX_GROUPS:
                notices.append(
                    f"{SOURCE_NAMES[source]} column {sa.group_names[key]!r} has {too_many} "
                    f"different values, too many to be a grouping (at most {MAX_GROUPS}); "
                    "not compared"
                )
                continue
            distinct = set(labels_a) | set(labels_b)
            if distinct <= {NOT_STATED}:
                continue
            results.append(
                _breakdown(a, b, source, key, sb.group_names[key], labels_a, labels_b, threshold)
            )
        for key in sb.groups.columns:
            if key not in sa.groups.columns:
                notices.append(
                    f"{SOURCE_NAMES[source]} grouping {sb.group_names[key]!r} is in the post "
                    "collection only and is not compared"
                )
    return results


def _labels(survey: SurveyData, scored: ScoredSurvey, key: str) -> pd.Series:
    """Group labels of the respondents scored on at least one element (as in diagnose)."""
    mask = scored.scored_any.to_numpy()
    return survey.groups[key][mask].fillna(NOT_STATED)


def _joint_suppression(
    counts_a: dict[str, int],
    counts_b: dict[str, int],
    threshold: int,
    hidden_a: Iterable[str] = (),
    hidden_b: Iterable[str] = (),
) -> set[str]:
    """Groups hidden on both sides: each side's own suppression, then joint until stable.

    Starting from what each side hides on its own (as its diagnosis does) keeps the
    comparison from showing a figure that a diagnosis hides, so the two reports together
    reveal nothing either hides.
    """
    hidden = suppressed_groups(counts_a, threshold, already=hidden_a) | suppressed_groups(
        counts_b, threshold, already=hidden_b
    )
    while True:
        more = suppressed_groups(counts_a, threshold, already=hidden) | suppressed_groups(
            counts_b, threshold, already=hidden
        )
        if more <= hidden:
            return hidden
        hidden |= more


def _breakdown(
    a: _Side,
    b: _Side,
    source: str,
    key: str,
    by_label: str,
    labels_a: pd.Series,
    labels_b: pd.Series,
    threshold: int,
) -> BreakdownChange:
    order = _group_order(pd.concat([labels_a, labels_b], ignore_index=True))
    size_a = {g: int((labels_a == g).sum()) for g in order}
    size_b = {g: int((labels_b == g).sum()) for g in order}
    hidden_groups = _joint_suppression(size_a, size_b, threshold)
    # What each side's diagnosis hides on its own, as the start of the cells' suppression.
    own_a = suppressed_groups(size_a, threshold)
    own_b = suppressed_groups(size_b, threshold)

    mask_a = a.scored[source].scored_any.to_numpy()
    mask_b = b.scored[source].scored_any.to_numpy()
    scores_a = a.scored[source].element_scores[mask_a]
    scores_b = b.scored[source].element_scores[mask_b]
    elements = [
        e.id
        for e in b.data.framework.elements
        if e.id in scores_a.columns and e.id in scores_b.columns
    ]
    cells_a: dict[str, dict[str, pd.Series]] = {}
    cells_b: dict[str, dict[str, pd.Series]] = {}
    hidden_cells: dict[str, set[str]] = {}
    for element in elements:
        cells_a[element] = _cells(scores_a[element], labels_a, order)
        cells_b[element] = _cells(scores_b[element], labels_b, order)
        count_a = {g: len(v) for g, v in cells_a[element].items()}
        count_b = {g: len(v) for g, v in cells_b[element].items()}
        hidden_cells[element] = _joint_suppression(
            count_a,
            count_b,
            threshold,
            hidden_a=suppressed_groups(count_a, threshold, already=own_a) | hidden_groups,
            hidden_b=suppressed_groups(count_b, threshold, already=own_b) | hidden_groups,
        )

    groups = []
    for label in order:
        if label in hidden_groups:
            small = [
                s.period
                for s, size in ((a, size_a[label]), (b, size_b[label]))
                if 0 < size < threshold
            ]
            reason = (
                f"{suppression_reason(threshold)} in {' and '.join(small)}"
                if small
                else suppression_reason(threshold, complementary=True)
            )
            groups.append(GroupChange(label=label, suppressed=True, reason=reason))
            continue
        absent = [s.period for s, size in ((a, size_a[label]), (b, size_b[label])) if not size]
        cells = {}
        for element in elements:
            va, vb = cells_a[element][label], cells_b[element][label]
            if label in hidden_cells[element]:
                small = [s.period for s, v in ((a, va), (b, vb)) if 0 < len(v) < threshold]
                cells[element] = GroupElementChange(
                    suppressed=True,
                    reason=f"{suppression_reason(threshold)} in {' and '.join(small)}"
                    if small
                    else suppression_reason(threshold, complementary=True),
                )
                continue
            pre = stats.mean_ci(va).mean
            post = stats.mean_ci(vb).mean
            change = post - pre if pre is not None and post is not None else None
            reason = f"no respondents in {' and '.join(absent)}" if absent else None
            cells[element] = GroupElementChange(pre=pre, post=post, change=change, reason=reason)
        groups.append(
            GroupChange(
                label=label,
                n_pre=size_a[label],
                n_post=size_b[label],
                elements=cells,
                reason=f"no respondents in {' and '.join(absent)}" if absent else None,
            )
        )
    return BreakdownChange(source=source, by=key, by_label=by_label, groups=groups)


def _cells(scores: pd.Series, labels: pd.Series, order: list[str]) -> dict[str, pd.Series]:
    """Each group's scored respondents on one element (NaN dropped)."""
    values = scores.to_numpy(dtype=float)
    groups = labels.to_numpy()
    out = {}
    for label in order:
        chosen = values[groups == label]
        out[label] = pd.Series(chosen[~np.isnan(chosen)])
    return out


# --------------------------------------------------------------------------- response


def _response_changes(
    a: _Side, b: _Side, sources: list[str], warnings: list[str]
) -> dict[str, ResponseChange]:
    out = {}
    for source in sources:
        n_a = int(a.scored[source].scored_any.sum())
        n_b = int(b.scored[source].scored_any.sum())
        head_a = a.data.trust.staff_headcount if source == "staff" else None
        head_b = b.data.trust.staff_headcount if source == "staff" else None
        rate_a = n_a / head_a if head_a else None
        rate_b = n_b / head_b if head_b else None
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


# --------------------------------------------------------------------------- other sources


def dashboard_changes(pre: TrustData, post: TrustData) -> list[IndicatorChange] | None:
    """Change in each existing-data (dashboard) indicator, matched by normalised name.

    None unless both collections hold a Dashboard sheet. Indicators on one side only are
    listed with the other side None.
    """
    if pre.dashboard is None or post.dashboard is None:
        return None
    before = _indicators(score_dashboard(pre.dashboard, pre.framework))
    after = _indicators(score_dashboard(post.dashboard, post.framework))
    changes = []
    for key in [*after, *(k for k in before if k not in after)]:
        old, new = before.get(key), after.get(key)
        shown = new if new is not None else old
        directions = {i.higher_is_better for i in (old, new) if i is not None}
        higher = directions.pop() if len(directions) == 1 else None
        change = new.value - old.value if old is not None and new is not None else None
        improved = None
        if change is not None and change != 0 and higher is not None:
            improved = (change > 0) == higher
        changes.append(
            IndicatorChange(
                name=shown.indicator,
                element=shown.element,
                unit=shown.unit,
                pre=None if old is None else old.value,
                post=None if new is None else new.value,
                change=change,
                higher_is_better=higher,
                improved=improved,
            )
        )
    return changes


def _indicators(result: DashboardResult) -> dict[str, RatedIndicator]:
    """Rated indicators by normalised name, in dashboard order (the first of duplicates)."""
    out: dict[str, RatedIndicator] = {}
    for element in result.elements:
        for indicator in element.indicators:
            out.setdefault(normalise_label(indicator.indicator), indicator)
    return out


def workforce_changes(pre: TrustData, post: TrustData) -> WorkforceChange | None:
    """Change in WRES/WDES values, turnover and leadership diversity.

    None unless both collections hold a Workforce or Recruitment sheet.
    """
    if (pre.workforce is None and pre.recruitment is None) or (
        post.workforce is None and post.recruitment is None
    ):
        return None
    periods = (pre.trust.period, post.trust.period)
    a = score_workforce(pre.workforce, pre.recruitment, pre.framework)
    b = score_workforce(post.workforce, post.recruitment, post.framework)
    return WorkforceChange(
        wres=_standard_changes(a.wres, b.wres, periods),
        wdes=_standard_changes(a.wdes, b.wdes, periods),
        turnover=_value_change(
            (a.turnover.percent, _why(a.turnover)), (b.turnover.percent, _why(b.turnover)), periods
        ),
        bme_leadership_share=_value_change(
            _leadership_share(a, "ethnicity_group", "BME"),
            _leadership_share(b, "ethnicity_group", "BME"),
            periods,
        ),
        disabled_leadership_share=_value_change(
            _leadership_share(a, "disability", "Yes"),
            _leadership_share(b, "disability", "Yes"),
            periods,
        ),
    )


def _why(figure: Any) -> str | None:
    """Why a workforce figure has no value: not available, or hidden."""
    return getattr(figure, "missing_reason", None) or getattr(figure, "reason", None)


def _value_change(
    pre: tuple[float | None, str | None],
    post: tuple[float | None, str | None],
    periods: tuple[str, str],
) -> ValueChange:
    return ValueChange(**_pair(pre, post, periods))


def _pair(
    pre: tuple[float | None, str | None],
    post: tuple[float | None, str | None],
    periods: tuple[str, str],
) -> dict[str, Any]:
    (x, why_x), (y, why_y) = pre, post
    reasons = [
        f"{period}: {why or 'not available'}"
        for period, value, why in ((periods[0], x, why_x), (periods[1], y, why_y))
        if value is None
    ]
    return {
        "pre": x,
        "post": y,
        "change": y - x if x is not None and y is not None else None,
        "reason": "; ".join(reasons) or None,
    }


def _standard_changes(
    pre: dict[int, WorkforceIndicator],
    post: dict[int, WorkforceIndicator],
    periods: tuple[str, str],
) -> dict[str, StandardChange]:
    out = {}
    for number in sorted(set(pre) | set(post)):
        old, new = pre.get(number), post.get(number)
        shown = new if new is not None else old
        fields = _pair(
            (None, "not available") if old is None else (old.value, _why(old)),
            (None, "not available") if new is None else (new.value, _why(new)),
            periods,
        )
        out[str(number)] = StandardChange(
            **fields,
            standard=shown.standard,
            number=number,
            title=shown.title,
            unit=shown.unit,
            towards_parity=_towards_parity(shown.unit, fields["pre"], fields["post"]),
        )
    return out


def _towards_parity(unit: str, pre: float | None, post: float | None) -> bool | None:
    if pre is None or post is None:
        return None
    if unit == "ratio":
        if pre <= 0 or post <= 0:
            return None
        before, after = abs(math.log(pre)), abs(math.log(post))
    elif unit == "percentage points":
        before, after = abs(pre), abs(post)
    else:
        return None
    return None if before == after else after < before


def _leadership_share(
    result: WorkforceResult, characteristic: str, category: str
) -> tuple[float | None, str | None]:
    """The percentage of leaders in ``category`` (BME, Disabled), or why it is not shown."""
    table = next((t for t in result.representation if t.characteristic == characteristic), None)
    if table is None:
        return None, "no Workforce sheet"
    if not table.available or table.leadership is None:
        return None, table.missing_reason
    cell = table.leadership.cell(category)
    return cell.percent, cell.reason


# --------------------------------------------------------------------------- methods


def _methods(correction: Correction, confidence: float, threshold: int) -> dict[str, str]:
    level = f"{100 * confidence:g}%"
    return {
        "score": "mean of respondent scores (0-10)",
        "score_change_test": "Welch's t-test on respondent scores",
        "score_change_interval": f"{level} confidence interval (Welch–Satterthwaite)",
        "effect_size": "Hedges' g",
        "percent_positive_test": "two-proportion z-test",
        "percent_positive_interval": f"{level} Newcombe hybrid score interval",
        "percent_positive_note": (
            "% positive counts answers over the element's items, so its test treats answers "
            "as independent although each person gives several; read it with the score test"
        ),
        "multiple_comparisons": CORRECTION_NAMES[correction],
        "multiple_comparisons_family": (
            "score tests adjusted together across every element × source; % positive tests "
            "adjusted as a separate family"
        ),
        "significance_level": f"{SIGNIFICANCE:g} (adjusted p-value)",
        "items": "item score change, descriptive (not tested)",
        "breakdowns": (
            "group score change, descriptive (not tested); a group below the reporting "
            "threshold on either side is hidden on both, with complementary suppression"
        ),
        "reporting_threshold": str(threshold),
    }

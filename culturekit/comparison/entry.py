"""Pre/post comparison: what changed between two collections of the same trust.

Works on :class:`~culturekit.ingest.models.TrustData` rather than on two diagnoses,
because the tests of change need the respondents' scores, not only the means.

For each element and each perception source present on both sides:

* the change in score (post − pre) with its confidence interval and Welch's t-test on
  respondent scores (independent samples: different people answer each survey);
* Hedges' g of post against pre;
* the change in % positive, tested with respondents as clusters (each gives several
  answers);
* a verdict (:mod:`culturekit.comparison.verdicts`) from the p-value adjusted for the
  number of tests (Holm by default), so that testing six elements × three sources does
  not produce "significant" changes by chance, and from the minimum detectable change,
  so that a change too small a sample could not have found reads "too few to tell".

Items and breakdown groups are tested and given verdicts by the same rule, each as its
own family of tests. Every figure passes through the reporting threshold on both sides,
with complementary suppression applied jointly, so a group hidden on one side is hidden
on both.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from culturekit._version import __version__
from culturekit.comparison.checks import (
    check_comparable,
    check_not_same_file,
    collection_info,
    common_sources,
    load_collection,
)
from culturekit.comparison.disclosure import audits, protect_collections
from culturekit.comparison.elements import element_changes, summarise
from culturekit.comparison.groups import breakdown_changes, compared_columns
from culturekit.comparison.items import item_changes
from culturekit.comparison.methods import CORRECTIONS
from culturekit.comparison.other_sources import dashboard_changes, workforce_changes
from culturekit.comparison.response import response_changes
from culturekit.comparison.sides import Side, score_surveys
from culturekit.diagnosis import framework_summary
from culturekit.framework.model import Framework
from culturekit.ingest.models import TrustData
from culturekit.results.comparison import Comparison, ComparisonWarning, Correction
from culturekit.results.diagnosis import TrustSummary


def compare(
    pre: TrustData | str | Path,
    post: TrustData | str | Path,
    *,
    framework: Framework | str | Path | None = None,
    correction: Correction = "holm",
    allow_different_trusts: bool = False,
    group_by: Sequence[str] | None = None,
) -> Comparison:
    """Compare two collections (pre and post) of the same trust.

    ``pre`` and ``post`` are loaded data (:func:`culturekit.load`) or workbook paths;
    ``framework`` is used to load paths (loaded data keeps the framework it was validated
    against), and so is ``group_by`` (columns to break down by, see
    :func:`culturekit.load`). ``correction`` names the adjustment for testing many elements at once:
    ``"holm"`` (family-wise error rate) or ``"fdr_bh"`` (Benjamini–Hochberg false
    discovery rate).

    Raises :class:`~culturekit.errors.ComparisonError` when the two are the same data,
    of different trusts (unless ``allow_different_trusts``), of the same period, or
    scored against frameworks with different elements.
    """
    if correction not in CORRECTIONS:
        raise ValueError(f"correction must be 'holm' or 'fdr_bh', got {correction!r}")
    check_not_same_file(pre, post)
    pre_data = load_collection(pre, framework, group_by)
    post_data = load_collection(post, framework, group_by)
    warnings: list[ComparisonWarning] = []
    notices: list[str] = []
    check_comparable(pre_data, post_data, allow_different_trusts, warnings, notices)

    a = Side(pre_data, score_surveys(pre_data), "pre")
    b = Side(post_data, score_surveys(post_data), "post")
    fw = post_data.framework
    # The stricter threshold protects both sides; the post framework's other rules apply.
    threshold = max(pre_data.framework.reporting_threshold, fw.reporting_threshold)
    sources = common_sources(a, b, notices)
    elements = element_changes(a, b, sources, threshold, fw.confidence_level, correction)
    columns = {s: compared_columns(a, b, s, notices) for s in sources}
    protections = protect_collections(a, b, columns, fw, threshold)
    workforce, workforce_audits = workforce_changes(pre_data, post_data)
    items, only_pre, only_post = item_changes(
        a, b, sources, threshold, notices, protections, correction
    )
    return Comparison(
        culturekit_version=__version__,
        trust=TrustSummary(**pre_data.trust.model_dump()),
        framework=framework_summary(fw, reporting_threshold=threshold),
        pre=collection_info(pre_data),
        post=collection_info(post_data),
        correction=correction,
        sources=sources,
        elements=elements,
        items=items,
        items_only_pre=only_pre,
        items_only_post=only_post,
        breakdowns=breakdown_changes(a, b, columns, protections, threshold, correction),
        response=response_changes(a, b, sources, warnings),
        dashboard=dashboard_changes(pre_data, post_data),
        workforce=workforce,
        warnings=warnings,
        notices=notices,
        disclosure=[*audits(protections, fw, threshold), *workforce_audits],
        summary=summarise(elements),
    )

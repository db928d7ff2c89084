"""Whether two collections can be compared, and the notices and warnings if so."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from culturekit.comparison.sides import Side
from culturekit.errors import ComparisonError
from culturekit.framework.model import SOURCE_NAMES, SOURCES, Framework
from culturekit.ingest.models import TrustData
from culturekit.ingest.reader import sha256_of
from culturekit.ingest.workbook import load
from culturekit.names import normalise_label
from culturekit.results.comparison import CollectionInfo, ComparisonWarning
from culturekit.results.diagnosis import InputSummary


def load_collection(
    data: TrustData | str | Path,
    framework: Framework | str | Path | None,
    group_by: Sequence[str] | None = None,
) -> TrustData:
    if isinstance(data, TrustData):
        if group_by:
            raise ValueError("group_by applies when loading a path; pass it to culturekit.load")
        return data
    return load(data, framework=framework, group_by=group_by)


def check_not_same_file(pre: object, post: object) -> None:
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


def check_comparable(
    pre: TrustData,
    post: TrustData,
    allow_different_trusts: bool,
    warnings: list[ComparisonWarning],
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
                hint="To compare them anyway, allow different trusts "
                "(allow_different_trusts=True).",
                remedy="allow_different_trusts",
            )
        warnings.append(ComparisonWarning(kind="different_trusts"))
    if normalise_label(a.period) == normalise_label(b.period):
        raise ComparisonError(
            f"both collections have the period {a.period!r}: pre and post must be two "
            "different collections",
            hint="Check the period field on each workbook's Trust sheet.",
        )
    if a.collected_on and b.collected_on and a.collected_on > b.collected_on:
        warnings.append(ComparisonWarning(kind="collected_out_of_order"))
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
                hint="Score both collections against the same framework.",
                remedy="framework",
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


def other_sources_in_common(pre: TrustData, post: TrustData) -> bool:
    return (pre.dashboard is not None and post.dashboard is not None) or (
        pre.workforce is not None and post.workforce is not None
    )


def collection_info(data: TrustData) -> CollectionInfo:
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


def common_sources(a: Side, b: Side, notices: list[str]) -> list[str]:
    """The perception sources both sides hold; a source on one side only is a notice.

    Raises :class:`~culturekit.errors.ComparisonError` when the sides share no source at
    all, the other sources (dashboard, workforce) included.
    """
    sources = [s for s in SOURCES if s in a.scored and s in b.scored]
    for source in SOURCES:
        for one, other in ((a, b), (b, a)):
            if source in one.scored and source not in other.scored:
                notices.append(
                    f"{SOURCE_NAMES[source]} data are in the {one.name} collection "
                    f"({one.period}) only, so {source} is not compared"
                )
    if not sources and not other_sources_in_common(a.data, b.data):
        raise ComparisonError(
            "the two collections have no source in common (staff, board, stakeholders, "
            "dashboard, workforce), so there is nothing to compare"
        )
    return sources

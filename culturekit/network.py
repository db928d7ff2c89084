"""The collaborative summary: trusts side by side against the network average."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from statistics import fmean
from typing import Any

from pydantic import Field

from culturekit.contract import TRUST_TYPES
from culturekit.errors import FrameworkError
from culturekit.results.base import Model
from culturekit.results.diagnosis import Diagnosis, FrameworkSummary
from culturekit.results.network import (
    ElementSource,
    Movement,
    NetworkElement,
    NetworkSummary,
    TrustEntry,
    TrustGroup,
    TrustScore,
    TypeAverage,
)

PERCEPTION_SOURCES = ("staff", "board", "stakeholders")


class TrustPart(Model):
    """What the network summary needs of one trust: computed where the trust is diagnosed
    (a batch's worker), so that building the summary is only a merge of these parts."""

    entry: TrustEntry = Field(description="The trust's row, without links to its reports.")
    collected_on: dt.date | None = None
    framework: FrameworkSummary
    elements: list[tuple[str, str]] = Field(description="The elements' ids and names.")
    readings: dict[str, str] = Field(description="Each element's reading, by element id.")
    scores: dict[str, dict[str, TrustScore]] = Field(
        description="Each element's score by perception source (no difference yet)."
    )


def trust_part(label: str, diagnosis: Diagnosis) -> TrustPart:
    """The part of the network summary one trust's diagnosis gives, under ``label``."""
    readings = {t.element: t.reading for t in diagnosis.triangulation}
    scores: dict[str, dict[str, TrustScore]] = {}
    for element in diagnosis.elements:
        scores[element.id] = {
            source: TrustScore(
                label=label,
                score=score.score,
                suppressed=score.suppressed,
                reason=score.reason,
                reading=readings.get(element.id),
            )
            for source in PERCEPTION_SOURCES
            if (score := element.sources.get(source)) is not None
        }
    trust = diagnosis.trust
    return TrustPart(
        entry=TrustEntry(
            label=label,
            name=trust.name,
            code=trust.code,
            period=trust.period,
            trust_type=trust.trust_type,
            respondents={s: r.respondents for s, r in diagnosis.response.items()},
        ),
        collected_on=trust.collected_on,
        framework=diagnosis.framework,
        elements=[(e.id, e.name) for e in diagnosis.elements],
        readings=readings,
        scores=scores,
    )


def summarise_network(
    diagnoses: list[tuple[str, Diagnosis]],
    *,
    comparisons: list[tuple[str, Any]] | None = None,
    anonymised: bool = False,
    reports: Mapping[str, Mapping[str, str]] | None = None,
) -> NetworkSummary:
    """Element by element, source by source: each trust against the trusts of its type.

    Trusts are grouped by their type (the Trust sheet's ``trust_type``; trusts that give
    none form one group of their own). Each type's average is the unweighted mean of its
    trusts' scores (each trust counts once, whatever its size), and a trust's difference
    is from its own type's average, never from trusts of another type; a trust alone of
    its type has no difference. A shared priority or strength is an element read as such
    in at least half of all the trusts, and in at least two when there are two or more.
    ``reports`` gives each trust's own reports by label: format to a path relative to the
    network summary's folder.
    """
    if not diagnoses:
        raise ValueError("no diagnoses to summarise")
    names = {e.id: e.name for e in diagnoses[0][1].elements}
    return merge_network(
        [trust_part(label, d) for label, d in diagnoses],
        movements=[movement(label, c, names) for label, c in comparisons or []],
        anonymised=anonymised,
        reports=reports,
    )


def merge_network(
    parts: list[TrustPart],
    *,
    movements: list[Movement] | None = None,
    anonymised: bool = False,
    reports: Mapping[str, Mapping[str, str]] | None = None,
) -> NetworkSummary:
    """The network summary of the trusts' parts (see :func:`summarise_network`), in the
    parts' order."""
    if not parts:
        raise ValueError("no diagnoses to summarise")
    threshold = max(p.framework.reporting_threshold for p in parts)
    trusts = [
        p.entry.model_copy(update={"reports": dict((reports or {}).get(p.entry.label, {}))})
        for p in parts
    ]
    groups = _groups(trusts)
    elements = []
    priority_counts: Counter[str] = Counter()
    strength_counts: Counter[str] = Counter()
    for element_id, element_name in parts[0].elements:
        labelled = [(p.entry.label, p) for p in parts]
        priority_in = [lab for lab, p in labelled if p.readings.get(element_id) == "priority"]
        strength_in = [lab for lab, p in labelled if p.readings.get(element_id) == "strength"]
        priority_counts[element_id] = len(priority_in)
        strength_counts[element_id] = len(strength_in)
        elements.append(
            NetworkElement(
                id=element_id,
                name=element_name,
                sources=_element_sources(element_id, parts, groups),
                priority_in=priority_in,
                strength_in=strength_in,
            )
        )
    # Shared means in at least half of the trusts, and in more than one where there are more.
    needed = max(len(parts) / 2, min(2, len(parts)))
    names = dict(parts[0].elements)
    return NetworkSummary(
        anonymised=anonymised,
        reporting_threshold=threshold,
        framework=_framework(parts, threshold),
        trusts=trusts,
        groups=groups,
        elements=elements,
        shared_priorities=[names[e] for e, n in priority_counts.items() if n >= needed],
        shared_strengths=[names[e] for e, n in strength_counts.items() if n >= needed],
        movements=list(movements or []),
    )


def movement(label: str, comparison: Any, names: Mapping[str, str] | None = None) -> Movement:
    """One compared trust's staff elements by verdict; elements named by ``names`` (by id),
    else by the comparison's own names."""
    improved, worsened, unchanged, too_few = [], [], [], []
    for element in comparison.elements:
        change = element.sources.get("staff")
        if change is None:
            continue
        name = (names or {}).get(element.id, element.name)
        if change.verdict == "better":
            improved.append(name)
        elif change.verdict == "worse":
            worsened.append(name)
        elif change.verdict == "no clear change":
            unchanged.append(name)
        elif change.verdict == "too few to tell":
            too_few.append(name)
    return Movement(
        label=label,
        pre_period=comparison.pre.period,
        post_period=comparison.post.period,
        improved=improved,
        worsened=worsened,
        unchanged=unchanged,
        too_few_to_tell=too_few,
    )


def _framework(parts: list[TrustPart], threshold: int) -> FrameworkSummary:
    """The one framework every trust was diagnosed under, with the highest threshold.

    Readings and rules of different frameworks cannot be set side by side, so trusts
    diagnosed under different frameworks (identity, confidence level or rules) are refused.
    """
    first = parts[0].framework
    for part in parts[1:]:
        other, label = part.framework, part.entry.label
        same = (other.id, other.version, other.confidence_level, other.rules) == (
            first.id,
            first.version,
            first.confidence_level,
            first.rules,
        )
        if not same:
            raise FrameworkError(
                f"{label} was diagnosed under framework {other.id} {other.version} or its "
                f"rules, the first trust under {first.id} {first.version}: a network "
                "summary needs every trust diagnosed under one framework"
            )
    return first.model_copy(update={"reporting_threshold": threshold})


def _groups(trusts: list[TrustEntry]) -> list[TrustGroup]:
    """The trusts by type, types in the contract's order and trusts without one last."""
    present = {t.trust_type for t in trusts}
    order: list[str | None] = [k for k in TRUST_TYPES if k in present]
    order += sorted(k for k in present if k is not None and k not in TRUST_TYPES)
    if None in present:
        order.append(None)
    return [
        TrustGroup(trust_type=kind, labels=[t.label for t in trusts if t.trust_type == kind])
        for kind in order
    ]


def _element_sources(
    element_id: str, parts: list[TrustPart], groups: list[TrustGroup]
) -> list[ElementSource]:
    """Each perception source's scores of one element, trust by trust, and the average of
    each type's trusts."""
    group_of = {label: index for index, g in enumerate(groups) for label in g.labels}
    sources = []
    for source in PERCEPTION_SOURCES:
        scores = [
            score for p in parts if (score := p.scores.get(element_id, {}).get(source)) is not None
        ]
        if not scores:
            continue
        shown: list[list[float]] = [[] for _ in groups]
        for score in scores:
            if score.score is not None:
                shown[group_of[score.label]].append(score.score)
        averages = [
            TypeAverage(
                trust_type=g.trust_type,
                average=fmean(values) if values else None,
                trusts_scored=len(values),
            )
            for g, values in zip(groups, shown, strict=True)
        ]
        entries = []
        for score in scores:
            own = averages[group_of[score.label]]
            # A trust alone of its type would only be compared with itself.
            if score.score is not None and own.average is not None and own.trusts_scored > 1:
                score = score.model_copy(update={"difference": score.score - own.average})
            entries.append(score)
        sources.append(ElementSource(source=source, averages=averages, trusts=entries))
    return sources

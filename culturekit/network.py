"""The collaborative summary: trusts side by side against the network average."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from statistics import fmean
from typing import Any

from culturekit.contract import TRUST_TYPES
from culturekit.errors import FrameworkError
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
    first = diagnoses[0][1]
    threshold = max(d.framework.reporting_threshold for _, d in diagnoses)
    trusts = [
        TrustEntry(
            label=label,
            name=d.trust.name,
            code=d.trust.code,
            period=d.trust.period,
            trust_type=d.trust.trust_type,
            reports=dict((reports or {}).get(label, {})),
            respondents={s: r.respondents for s, r in d.response.items()},
        )
        for label, d in diagnoses
    ]
    groups = _groups(trusts)
    readings = {label: {t.element: t.reading for t in d.triangulation} for label, d in diagnoses}
    elements = []
    priority_counts: Counter[str] = Counter()
    strength_counts: Counter[str] = Counter()
    for element in first.elements:
        sources = _element_sources(element.id, diagnoses, readings, groups)
        priority_in = [lab for lab, _ in diagnoses if readings[lab].get(element.id) == "priority"]
        strength_in = [lab for lab, _ in diagnoses if readings[lab].get(element.id) == "strength"]
        priority_counts[element.id] = len(priority_in)
        strength_counts[element.id] = len(strength_in)
        elements.append(
            NetworkElement(
                id=element.id,
                name=element.name,
                sources=sources,
                priority_in=priority_in,
                strength_in=strength_in,
            )
        )
    # Shared means in at least half of the trusts, and in more than one where there are more.
    needed = max(len(diagnoses) / 2, min(2, len(diagnoses)))
    names = {e.id: e.name for e in first.elements}
    movements = [_movement(label, c, names) for label, c in comparisons or []]
    return NetworkSummary(
        anonymised=anonymised,
        reporting_threshold=threshold,
        framework=_framework(diagnoses, threshold),
        trusts=trusts,
        groups=groups,
        elements=elements,
        shared_priorities=[names[e] for e, n in priority_counts.items() if n >= needed],
        shared_strengths=[names[e] for e, n in strength_counts.items() if n >= needed],
        movements=movements,
    )


def _movement(label: str, comparison: Any, names: dict[str, str]) -> Movement:
    improved, worsened, unchanged, too_few = [], [], [], []
    for element in comparison.elements:
        change = element.sources.get("staff")
        if change is None:
            continue
        name = names.get(element.id, element.id)
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


def _framework(diagnoses: list[tuple[str, Diagnosis]], threshold: int) -> FrameworkSummary:
    """The one framework every trust was diagnosed under, with the highest threshold.

    Readings and rules of different frameworks cannot be set side by side, so trusts
    diagnosed under different frameworks (identity, confidence level or rules) are refused.
    """
    first = diagnoses[0][1].framework
    for label, d in diagnoses[1:]:
        other = d.framework
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
    element_id: str,
    diagnoses: list[tuple[str, Diagnosis]],
    readings: dict[str, dict[str, str]],
    groups: list[TrustGroup],
) -> list[ElementSource]:
    """Each perception source's scores of one element, trust by trust, and the average of
    each type's trusts."""
    group_of = {label: index for index, g in enumerate(groups) for label in g.labels}
    sources = []
    for source in PERCEPTION_SOURCES:
        scores: list[tuple[str, float | None, Any]] = []
        for label, d in diagnoses:
            found = next((e for e in d.elements if e.id == element_id), None)
            score = found.sources.get(source) if found else None
            if score is not None:
                scores.append((label, score.score, score))
        if not scores:
            continue
        shown: list[list[float]] = [[] for _ in groups]
        for label, value, _ in scores:
            if value is not None:
                shown[group_of[label]].append(value)
        averages = [
            TypeAverage(
                trust_type=g.trust_type,
                average=fmean(values) if values else None,
                trusts_scored=len(values),
            )
            for g, values in zip(groups, shown, strict=True)
        ]
        entries = []
        for label, value, score in scores:
            own = averages[group_of[label]]
            difference = None
            # A trust alone of its type would only be compared with itself.
            if value is not None and own.average is not None and own.trusts_scored > 1:
                difference = value - own.average
            entries.append(
                TrustScore(
                    label=label,
                    score=value,
                    difference=difference,
                    suppressed=score.suppressed,
                    reason=score.reason,
                    reading=readings[label].get(element_id),
                )
            )
        sources.append(ElementSource(source=source, averages=averages, trusts=entries))
    return sources

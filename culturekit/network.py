"""The collaborative summary: trusts side by side against the network average."""

from __future__ import annotations

from collections import Counter
from statistics import fmean
from typing import Any

from culturekit.results.diagnosis import Diagnosis
from culturekit.results.network import (
    ElementSource,
    Movement,
    NetworkElement,
    NetworkSummary,
    TrustEntry,
    TrustScore,
)

PERCEPTION_SOURCES = ("staff", "board", "stakeholders")


def summarise_network(
    diagnoses: list[tuple[str, Diagnosis]],
    *,
    comparisons: list[tuple[str, Any]] | None = None,
    anonymised: bool = False,
) -> NetworkSummary:
    """Element by element, source by source: each trust against the network average.

    The network average is the unweighted mean of the trusts' scores (each trust counts
    once, whatever its size). A shared priority or strength is an element read as such in
    at least half of the trusts, and in at least two when there are two or more.
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
            respondents={s: r.respondents for s, r in d.response.items()},
        )
        for label, d in diagnoses
    ]
    readings = {label: {t.element: t.reading for t in d.triangulation} for label, d in diagnoses}
    elements = []
    priority_counts: Counter[str] = Counter()
    strength_counts: Counter[str] = Counter()
    for element in first.elements:
        sources = _element_sources(element.id, diagnoses, readings)
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
        trusts=trusts,
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


def _element_sources(
    element_id: str,
    diagnoses: list[tuple[str, Diagnosis]],
    readings: dict[str, dict[str, str]],
) -> list[ElementSource]:
    """Each perception source's scores of one element, trust by trust, and their average."""
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
        shown = [v for _, v, _ in scores if v is not None]
        average = fmean(shown) if shown else None
        entries = []
        for label, value, score in scores:
            entries.append(
                TrustScore(
                    label=label,
                    score=value,
                    difference=None if value is None or average is None else value - average,
                    suppressed=score.suppressed,
                    reason=score.reason,
                    reading=readings[label].get(element_id),
                )
            )
        sources.append(
            ElementSource(
                source=source, network_average=average, trusts_scored=len(shown), trusts=entries
            )
        )
    return sources

"""The triangulation's findings and the workforce evidence, in words.

Scoring states each finding as a kind and the figures it rests on
(:class:`~culturekit.results.Evidence`, :class:`~culturekit.results.Disagreement`,
:class:`~culturekit.results.workforce.WorkforceFinding`); this module is the one place
they become sentences. A sentence uses only figures the result shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from culturekit.framework.standards import RatioDefinition, standards
from culturekit.report.presentation.numbers import percent, score
from culturekit.report.presentation.rules import rule
from culturekit.report.presentation.words import plural, source_name

# The verb after a source's name in a sentence: "Board sees", "Stakeholders see".
_SEES = {"board": "sees", "stakeholders": "see", "dashboard": "shows"}
_RATES = {"board": "rates"}


@dataclass(frozen=True)
class WordedEvidence:
    """One source's finding on one element as a report lists it."""

    source: str
    signal: str
    detail: str


@dataclass(frozen=True)
class WordedReading:
    """An element's triangulated reading with its findings in words."""

    element: str
    name: str
    reading: str
    confidence: str
    missing_sources: list[str]
    evidence: list[WordedEvidence]
    disagreements: list[str]


@dataclass(frozen=True)
class WordedRanked:
    """A priority or strength with the findings that make it one, in words."""

    element: str
    name: str
    evidence: list[str]


# ----------------------------------------------------------------- workforce findings


def _ratio_definition(standard: str | None, number: int | None) -> RatioDefinition | None:
    definitions = standards()
    for d in (*definitions.wres.indicators, *definitions.wdes.indicators):
        if isinstance(d, RatioDefinition) and (d.standard, d.number) == (standard, number):
            return d
    return None


def _likelihood(finding: Any) -> str:
    label = f"{finding.standard} {finding.number}"
    definition = _ratio_definition(finding.standard, finding.number)
    people = definition.people if definition is not None else "staff"
    verb = definition.outcome if definition is not None else "be affected"
    who = f"{finding.group} {people}" if finding.group is not None else label
    sentence = f"{who} {score(finding.value, 'ratio')} times as likely to {verb}"
    if finding.assessment == "no_concern":
        return f"{sentence} ({label}, within fair range)"
    if finding.assessment == "could_be_chance":
        return f"{sentence} ({label}, could be chance)"
    return f"{sentence} ({label})"


def _representation(finding: Any) -> str:
    floor = f"{finding.floor:g} times the workforce share"
    below = finding.assessment != "no_concern"
    if finding.leaders_percent is not None and finding.workforce_percent is not None:
        shares = (
            f"{finding.group} staff {percent(finding.leaders_percent, 'staff_share')} of leaders "
            f"against {percent(finding.workforce_percent, 'staff_share')} of all staff"
        )
        return shares if below else f"{shares} (not below {finding.floor:g} times)"
    name = f"{finding.group} representation among leaders"
    return f"{name} is below {floor}" if below else f"{name} is at least {floor}"


def workforce_finding(finding: Any) -> str:
    """One workforce finding: ``BME staff 1.68 times as likely to ... (WRES 3)``."""
    if finding.kind == "likelihood":
        return _likelihood(finding)
    return _representation(finding)


def workforce_evidence(workforce: Any) -> list[str]:
    """Every finding behind the equity and inclusion signal, in the result's order."""
    if workforce is None:
        return []
    return [workforce_finding(f) for f in workforce.evidence]


# --------------------------------------------------------------- triangulation


def _perception(evidence: Any, result: Any) -> str:
    strength, priority = rule(result, "strength_score"), rule(result, "priority_score")
    head = f"{score(evidence.score)} out of 10"
    if evidence.signal == "positive":
        return f"{head}, at or above {strength:g}"
    if evidence.signal == "negative":
        return f"{head}, below {priority:g}"
    return f"{head}, between {priority:g} and {strength:g}"


def _dashboard(evidence: Any, element: str, diagnosis: Any) -> str:
    rated = evidence.rated
    dashboard = getattr(diagnosis, "dashboard", None)
    entry = next((e for e in getattr(dashboard, "elements", []) if e.element == element), None)
    read = [i for i in (entry.indicators if entry else []) if i.reading != "no benchmark"]
    by_series = [i for i in read if i.spc is not None]
    if not by_series:
        return (
            f"{evidence.better} of {rated} {plural(rated, 'indicator')} better than "
            f"benchmark, {evidence.worse} worse"
        )
    # The element's counts mix two readings; say which decided what, so a reader can
    # tell a benchmark rating from a special cause on a chart.
    by_rating = [i for i in read if i.spc is None]
    parts = []
    if by_rating:
        better = sum(i.rating == "better" for i in by_rating)
        worse = sum(i.rating == "worse" for i in by_rating)
        parts.append(f"{better} better than benchmark, {worse} worse")
    charts = [c for c in getattr(dashboard, "series", []) if c.element == element]
    since = (
        "since the programme began"
        if charts and all(c.rebased_at for c in charts)
        else "over the series"
    )
    counts = [
        (sum(i.spc == kind for i in by_series), words)
        for kind, words in (
            ("improvement", "special-cause improvement"),
            ("concern", "special-cause concern"),
            ("common cause", "with common cause variation only"),
        )
    ]
    series = ", ".join(f"{n} {words}" for n, words in counts if n)
    on = "its XmR chart" if len(by_series) == 1 else "their XmR charts"
    parts.append(f"{series} on {on} {since}")
    return f"of {rated} {plural(rated, 'indicator')}, " + "; ".join(parts)


def _workforce(evidence: Any, diagnosis: Any) -> str:
    workforce = getattr(diagnosis, "workforce", None)
    quoted = [
        workforce_finding(workforce.evidence[i])
        for i in evidence.findings
        if workforce is not None and i < len(workforce.evidence)
    ]
    return "; ".join(quoted) if quoted else "WRES and WDES indicators"


def evidence_detail(evidence: Any, diagnosis: Any, element: str) -> str:
    """The finding after the source's name: ``6.6 out of 10, between 6 and 7``; the
    dashboard's names the XmR charts that decided any of the element's indicators."""
    if evidence.kind == "perception":
        return _perception(evidence, diagnosis)
    if evidence.kind == "dashboard":
        return _dashboard(evidence, element, diagnosis)
    return _workforce(evidence, diagnosis)


def disagreement_sentence(disagreement: Any, element_name: str) -> str:
    """``Board rates vision and values 1.2 points higher than staff do.``"""
    source = disagreement.source
    name = source_name(source)
    if disagreement.kind == "gap":
        verb = _RATES.get(source, "rate")
        way = "higher" if disagreement.difference > 0 else "lower"
        return (
            f"{name} {verb} {element_name.lower()} {score(abs(disagreement.difference))} "
            f"points {way} than staff do."
        )
    verb = _SEES.get(source, "see")
    if disagreement.signal == "positive":
        return f"{name} {verb} a strength where staff see a concern."
    return f"{name} {verb} a concern where staff see a strength."


def worded_reading(reading: Any, diagnosis: Any) -> WordedReading:
    return WordedReading(
        element=reading.element,
        name=reading.name,
        reading=reading.reading,
        confidence=reading.confidence,
        missing_sources=list(reading.missing_sources),
        evidence=[
            WordedEvidence(e.source, e.signal, evidence_detail(e, diagnosis, reading.element))
            for e in reading.evidence
        ],
        disagreements=[disagreement_sentence(d, reading.name) for d in reading.disagreements],
    )


def worded_triangulation(diagnosis: Any) -> list[WordedReading]:
    """Every element's reading with its findings and disagreements in words."""
    return [worded_reading(r, diagnosis) for r in diagnosis.triangulation]


def _ranked_label(source: str) -> str:
    # Perception findings start with a figure ("Staff 5.5 out of 10"); the others with a
    # clause, so their names take a colon.
    if source in ("dashboard", "workforce"):
        return f"{source_name(source)}:"
    return source_name(source)


def ranked_evidence(entry: Any, diagnosis: Any) -> list[str]:
    """A priority's or strength's supporting findings: ``Staff 5.5 out of 10, below 6``."""
    reading = next((r for r in diagnosis.triangulation if r.element == entry.element), None)
    if reading is None:
        return []
    by_source = {e.source: e for e in reading.evidence}
    return [
        f"{_ranked_label(source)} {evidence_detail(by_source[source], diagnosis, entry.element)}"
        for source in entry.evidence_sources
        if source in by_source
    ]


def worded_ranked(entries: Any, diagnosis: Any) -> list[WordedRanked]:
    return [WordedRanked(e.element, e.name, ranked_evidence(e, diagnosis)) for e in entries]

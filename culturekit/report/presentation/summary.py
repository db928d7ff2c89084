"""The summary a board reads first, in plain words.

Scoring chooses what the summary leads with (``diagnosis.summary``: the headline and the
perception gap story) and each priority's strongest evidence (``lead_source``,
``lead_item``); the framework holds each element's questions to explore next. This
module words them, with the cut-offs and the confidence level the result was computed
with. Its words keep to plain English: the technical terms (the weighing of signals,
the statistical tests) stay in the Methods section.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from culturekit.report.presentation.bars import answer_shares
from culturekit.report.presentation.evidence import workforce_finding
from culturekit.report.presentation.numbers import percent, score
from culturekit.report.presentation.rules import confidence_label, rule
from culturekit.report.presentation.words import join_words, plural, source_name

# Each source as the subject or object of a sentence: "the board rates", "stakeholders rate".
_IN_SENTENCE = {
    "staff": "staff",
    "board": "the board",
    "stakeholders": "stakeholders",
    "dashboard": "existing data",
    "workforce": "the workforce analysis",
}
# Sources named in a sentence take a plural verb, but for these.
_SINGULAR = {"board", "dashboard", "workforce"}
_DIRECTION_WORDS = {"higher": ("more", "higher"), "lower": ("less", "lower")}
_FIRST_WORDS = {
    "priority": ("the most pressing priority", "a concern"),
    "strength": ("the clearest strength", "a strength"),
}


@dataclass(frozen=True)
class RankedSummary:
    """A priority or strength as the summary shows it."""

    element: str
    name: str
    confidence: str
    """``High``, ``Medium`` or ``Low``."""
    confidence_basis: str
    """What the confidence rests on, in a sentence."""
    evidence: list[str]
    """The strongest evidence first, then the sources that agree."""
    questions: list[str]
    """The framework's questions to explore next (priorities only)."""


@dataclass(frozen=True)
class Summary:
    """Everything the summary page says, in words."""

    headline: str
    overview: str
    priorities: list[RankedSummary]
    strengths: list[RankedSummary]
    gap_story: list[str]
    reading_rules: list[tuple[str, str]]
    """How to read the summary: (what, the rule in one line) for the ranking, the
    cut-offs and the confidence."""
    glossary: list[tuple[str, str]]


def in_sentence(source: str) -> str:
    return _IN_SENTENCE.get(source, source_name(source).lower())


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _verb(source: str, singular: str, many: str) -> str:
    return singular if source in _SINGULAR else many


def _names(diagnosis: Any) -> dict[str, str]:
    return {e.id: e.name for e in diagnosis.elements}


def _points(text: str) -> str:
    return f"{text} {'point' if text == '1.0' else 'points'}"


def _span(pattern: Any) -> str:
    """``1.0 to 1.2 points``; one figure when both round alike."""
    low, high = score(pattern.smallest), score(pattern.largest)
    return _points(high) if low == high else f"{low} to {_points(high)}"


def _how_many(pattern: Any) -> str:
    count = len(pattern.elements)
    if count == pattern.compared and count > 1:
        return f"all {count} elements"
    return f"{count} of {pattern.compared} {plural(pattern.compared, 'element')}"


def _element_list(ids: list[str], diagnosis: Any) -> str:
    names = _names(diagnosis)
    return join_words([names.get(e, e) for e in ids])


def pattern_sentence(pattern: Any, diagnosis: Any) -> str:
    """``The board rates 5 of 6 elements higher than staff do, by 1.0 to 1.2 points out of
    10 (all but Equity and inclusion).``"""
    who = _capital(in_sentence(pattern.source))
    verb = _verb(pattern.source, "rates", "rate")
    _, comparative = _DIRECTION_WORDS[pattern.direction]
    against = in_sentence(pattern.compared_with)
    if len(pattern.elements) == 1:
        name = _element_list(pattern.elements, diagnosis)
        span = _span(pattern)
        return f"{who} {verb} {name} {comparative} than {against} do, by {span} out of 10."
    if pattern.others and len(pattern.others) < len(pattern.elements):
        which = f"all but {_element_list(pattern.others, diagnosis)}"
    elif pattern.others:
        which = _element_list(pattern.elements, diagnosis)
    else:
        which = ""
    tail = f" ({which})" if which else ""
    return (
        f"{who} {verb} {_how_many(pattern)} {comparative} than {against} do, by "
        f"{_span(pattern)} out of 10{tail}."
    )


def headline(diagnosis: Any) -> str:
    """The summary's first sentence, from the headline scoring chose."""
    story = diagnosis.summary
    if story is None:
        return ""
    lead = story.headline
    if lead.kind == "gap_pattern" and lead.pattern is not None:
        pattern = lead.pattern
        more, comparative = _DIRECTION_WORDS[pattern.direction]
        who = _capital(in_sentence(pattern.source))
        sees = _verb(pattern.source, "sees", "see")
        pronoun = "it" if pattern.source in _SINGULAR else "they"
        verb = _verb(pattern.source, "rates", "rate")
        return (
            f"{who} {sees} the trust's culture {more} favourably than "
            f"{in_sentence(pattern.compared_with)} do: {pronoun} {verb} {_how_many(pattern)} "
            f"{_span(pattern)} {comparative}, out of 10."
        )
    ranked = {"priority": diagnosis.priorities, "strength": diagnosis.strengths}
    entry = next((e for e in ranked.get(lead.kind, []) if e.element == lead.element), None)
    if entry is not None:
        what, towards = _FIRST_WORDS[lead.kind]
        sources = entry.evidence_sources
        if len(sources) == 1:
            verb = _verb(sources[0], "points", "point")
        else:
            verb = "all point" if len(sources) > 2 else "point"
        named = join_words([in_sentence(s) for s in sources])
        return f"{entry.name} is {what}: {named} {verb} to {towards}."
    if not any(r.evidence for r in diagnosis.triangulation):
        return ""  # nothing speaks to any element: there is no story to tell
    return (
        "No element reads as a clear priority or strength: on every element the sources "
        "point different ways or to neither."
    )


def overview(diagnosis: Any) -> str:
    """How the elements read, in one sentence: ``2 elements read as priorities ...``."""
    counts = {
        kind: sum(1 for t in diagnosis.triangulation if t.reading == kind)
        for kind in ("priority", "strength", "mixed")
    }
    if not diagnosis.triangulation:
        return ""
    parts = []
    if counts["priority"]:
        names = join_words([p.name for p in diagnosis.priorities])
        parts.append(
            f"{counts['priority']} {plural(counts['priority'], 'element')} "
            f"{plural(counts['priority'], 'reads', 'read')} as "
            f"{plural(counts['priority'], 'a priority', 'priorities')} ({names})"
        )
    if counts["strength"]:
        names = join_words([s.name for s in diagnosis.strengths])
        noun = "" if parts else f" {plural(counts['strength'], 'element')}"
        verb = "" if parts else f" {plural(counts['strength'], 'reads', 'read')}"
        parts.append(
            f"{counts['strength']}{noun}{verb} as "
            f"{plural(counts['strength'], 'a strength', 'strengths')} ({names})"
        )
    if counts["mixed"]:
        parts.append(f"{counts['mixed']} {plural(counts['mixed'], 'is', 'are')} mixed")
    return _capital(join_words(parts)) + "."


# ------------------------------------------------------------------ priorities, strengths


def _cut_off(diagnosis: Any, priority: bool) -> str:
    if priority:
        return f"below the cut-off of {rule(diagnosis, 'priority_score'):g}"
    return f"at or above the cut-off of {rule(diagnosis, 'strength_score'):g}"


def _lead_score(entry: Any, reading: Any, diagnosis: Any, priority: bool) -> str | None:
    evidence = next((e for e in reading.evidence if e.source == entry.lead_source), None)
    if evidence is None or evidence.score is None:
        return None
    who = in_sentence(entry.lead_source)
    verb = _verb(entry.lead_source, "scores", "score")
    return (
        f"{_capital(who)} {verb} it {score(evidence.score)} out of 10, "
        f"{_cut_off(diagnosis, priority)}."
    )


def _lead_item(entry: Any, diagnosis: Any, priority: bool) -> str | None:
    element = next((e for e in diagnosis.elements if e.id == entry.element), None)
    if element is None or entry.lead_item is None or entry.lead_source is None:
        return None
    item = next(
        (i for i in element.items.get(entry.lead_source, []) if i.code == entry.lead_item), None
    )
    if item is None or item.percent_positive is None:
        return None
    which = "Weakest question" if priority else "Strongest question"
    note = " (negatively worded, so disagreeing is favourable)" if item.reverse else ""
    who = in_sentence(entry.lead_source)
    # The item's % positive as its answer bar shows it (one term, one figure).
    return (
        f"{which}: “{item.text.rstrip('.')}”{note}, "
        f"{percent(answer_shares(item).positive)} positive among {who}."
    )


def _agreeing(entry: Any, reading: Any, diagnosis: Any, priority: bool) -> list[str]:
    """The other sources that point the same way, each with its key figure; the
    workforce analysis on a line of its own, its first finding quoted."""
    by_source = {e.source: e for e in reading.evidence}
    parts = []
    lines = []
    for source in entry.evidence_sources:
        if source == entry.lead_source or source not in by_source:
            continue
        evidence = by_source[source]
        name = in_sentence(source)
        if evidence.kind == "perception" and evidence.score is not None:
            parts.append(f"{name} ({score(evidence.score)} out of 10)")
        elif evidence.kind == "dashboard" and evidence.rated:
            count = evidence.worse if priority else evidence.better
            word = "worse" if priority else "better"
            parts.append(
                f"{name} ({count} of {evidence.rated} "
                f"{plural(evidence.rated, 'indicator')} {word} than benchmark)"
            )
        elif evidence.kind == "workforce":
            workforce = diagnosis.workforce
            cited = [
                workforce_finding(workforce.evidence[i])
                for i in evidence.findings[:1]
                if workforce is not None and i < len(workforce.evidence)
            ]
            if cited:
                lines.append(f"The workforce analysis points the same way: {cited[0]}.")
            else:
                parts.append(name)
        else:
            parts.append(name)
    towards = "a concern" if priority else "a strength"
    if parts:
        lines.insert(0, f"Also pointing to {towards}: {join_words(parts)}.")
    return lines


def confidence_basis(reading: Any) -> str:
    """What a reading's confidence rests on: ``staff and 4 other sources speak to it ...``"""
    sources = [e.source for e in reading.evidence]
    others = [s for s in sources if s != "staff"]
    if "staff" in sources:
        speak = (
            f"staff and {len(others)} other {plural(len(others), 'source')} speak to it"
            if others
            else "only staff speak to it"
        )
    else:
        verb = "speaks" if len(sources) == 1 else "speak"
        speak = (
            f"{len(sources)} {plural(len(sources), 'source')} {verb} to it, staff not among them"
        )
    if not sources:
        speak = "no source speaks to it"
    lowered = []
    if reading.opposing_signals:
        lowered.append("some sources point to a strength and others to a concern")
    if reading.staff_spans_cut_off:
        lowered.append("staff's score is too close to a cut-off to be sure which side it is on")
    if lowered:
        return f"{_capital(speak)}; lower because {join_words(lowered)}."
    if len(sources) > 1:
        return f"{_capital(speak)}, and none contradicts another."
    return f"{_capital(speak)}."


def _ranked(entries: Any, diagnosis: Any, priority: bool) -> list[RankedSummary]:
    readings = {r.element: r for r in diagnosis.triangulation}
    results = {e.id: e for e in diagnosis.elements}
    out = []
    for entry in entries:
        reading = readings.get(entry.element)
        if reading is None:
            continue
        lines = [
            _lead_score(entry, reading, diagnosis, priority),
            _lead_item(entry, diagnosis, priority),
            *_agreeing(entry, reading, diagnosis, priority),
        ]
        element = results.get(entry.element)
        out.append(
            RankedSummary(
                element=entry.element,
                name=entry.name,
                confidence=reading.confidence.capitalize(),
                confidence_basis=confidence_basis(reading),
                evidence=[line for line in lines if line],
                questions=list(element.questions) if element is not None and priority else [],
            )
        )
    return out


# ------------------------------------------------------------------ the gap story, rules


def gap_story(diagnosis: Any) -> list[str]:
    """Every flagged perception gap pattern, one sentence each; a line when none is."""
    story = diagnosis.summary
    if not diagnosis.gaps or story is None:
        return []
    if not story.gap_patterns:
        sources = join_words(
            list(dict.fromkeys(in_sentence(g.source) for g in diagnosis.gaps)), "or"
        )
        return [
            f"No gap between how {sources} and staff score an element is large and clear "
            "enough to point out."
        ]
    return [pattern_sentence(p, diagnosis) for p in story.gap_patterns]


def ranking_rule(diagnosis: Any) -> str:
    return (
        "Priorities come in order of how strongly the sources together point to a "
        "concern, staff counting twice as the largest source, then by the lower staff "
        "score; strengths the same way round."
    )


def cut_offs(diagnosis: Any) -> str:
    priority, strength = rule(diagnosis, "priority_score"), rule(diagnosis, "strength_score")
    return (
        f"A score below {priority:g} out of 10 points to a concern and one of "
        f"{strength:g} or more to a strength; an element is a priority (or a strength) when "
        "the sources pointing to a concern (or a strength) clearly outweigh the others."
    )


def confidence_rule(diagnosis: Any) -> str:
    return (
        "High when staff and at least two other sources speak to an element, "
        "medium with two or three sources, low with one; one step lower when some sources "
        "point to a strength and others to a concern, and one more when staff's score is "
        "too close to a cut-off to be sure which side it is on."
    )


def glossary(diagnosis: Any) -> list[tuple[str, str]]:
    """The terms the summary uses, in plain words, with the result's own cut-offs."""
    level = confidence_label(diagnosis)
    terms = [
        (
            "Score",
            "The average answer on an element, out of 10, where 10 is the most favourable "
            "answer to every question.",
        ),
        (
            "% positive",
            "The share of answers in the two most favourable categories: agreeing with a "
            "positive statement, or disagreeing with a negatively worded one.",
        ),
        (
            "Priority, strength, mixed",
            "How the sources read an element together: mostly concerns, mostly strengths, "
            "or neither.",
        ),
        (
            "Perception gap",
            "How much higher or lower the board or stakeholders score an element than staff "
            f"do. It is pointed out when it is at least {rule(diagnosis, 'gap_flag'):g} "
            "points and too large to put down to chance.",
        ),
        ("Confidence", "How far a reading can be relied on; the rule is above."),
        (
            f"{level} interval",
            "The range a score would most probably lie in had everyone been asked; it is "
            "wider for smaller groups such as the board.",
        ),
    ]
    if diagnosis.dashboard is not None:
        terms.append(
            (
                "Existing data",
                "Figures the trust already collects, such as published survey results and "
                "quality measures, each set against its benchmark.",
            )
        )
    if diagnosis.workforce is not None:
        terms.append(
            (
                "Workforce analysis",
                "The NHS Workforce Race and Workforce Disability Equality Standards (WRES, "
                "WDES): how fairly staff from Black and minority ethnic (BME) backgrounds "
                "and disabled staff fare in hiring, discipline, training and leadership.",
            )
        )
    return terms


def summary(diagnosis: Any) -> Summary:
    """The summary of a diagnosis, in words."""
    return Summary(
        headline=headline(diagnosis),
        overview=overview(diagnosis),
        priorities=_ranked(diagnosis.priorities, diagnosis, priority=True),
        strengths=_ranked(diagnosis.strengths, diagnosis, priority=False),
        gap_story=gap_story(diagnosis),
        reading_rules=[
            ("Ranking", ranking_rule(diagnosis)),
            ("Cut-offs", cut_offs(diagnosis)),
            ("Confidence", confidence_rule(diagnosis)),
        ],
        glossary=glossary(diagnosis),
    )


def confidence_notes(diagnosis: Any) -> dict[str, str]:
    """Each element's confidence basis, keyed by element id, for the readings table."""
    return {r.element: confidence_basis(r) for r in diagnosis.triangulation}

"""A diagnosis as a board pack: the summary, the six elements, the priorities and their
evidence, perception gaps, workforce equity and the questions to explore next.

Every sentence is the one the HTML report prints (:mod:`.summary`, :mod:`.evidence`,
:mod:`.workforce`); every figure is a shown figure. A hidden score is a cell that says
why and no point of any chart.
"""

from __future__ import annotations

from typing import Any

from culturekit.report import palette
from culturekit.report.presentation.deck import (
    Box,
    Cell,
    Chart,
    Deck,
    Line,
    Series,
    Slide,
    Table,
    Tone,
    number_format,
    reach,
    shown,
)
from culturekit.report.presentation.diagnosis import summary_chart_description
from culturekit.report.presentation.evidence import workforce_evidence
from culturekit.report.presentation.notices import low_response_notice, partial_notice
from culturekit.report.presentation.numbers import percent, score, signed, thousands
from culturekit.report.presentation.rules import confidence_label
from culturekit.report.presentation.spc import spc_views
from culturekit.report.presentation.summary import RankedSummary, summary
from culturekit.report.presentation.tags import gap_tag
from culturekit.report.presentation.words import (
    SURVEY_SOURCES,
    long_date,
    reading_label,
    signal_label,
    source_name,
)
from culturekit.report.presentation.workforce import pipeline, pipeline_caption, workforce_context

SCORE_AXIS = "Score (0-10, higher is more favourable)"
SIGNAL_WORDS = {"positive": "Positive", "neutral": "Neutral", "negative": "Negative"}
# Priorities and strengths beyond these are named on the summary, not given a slide each.
PRIORITY_SLIDES = 3


def _scored_sources(diagnosis: Any) -> list[str]:
    """The survey sources with at least one element score, in report order."""
    return [
        s
        for s in SURVEY_SOURCES
        if any(s in e.sources and e.sources[s].score is not None for e in diagnosis.elements)
    ]


def _shown_sources(diagnosis: Any) -> list[str]:
    return [s for s in SURVEY_SOURCES if s in diagnosis.sources.present]


def participation(diagnosis: Any) -> str:
    """Who took part, as the summary says it."""
    parts = []
    staff = diagnosis.response.get("staff")
    if staff:
        sentence = f"{thousands(staff.respondents)} staff took part"
        if staff.rate is not None:
            rate = percent(staff.rate * 100, "response_rate")
            sentence += f", {rate} of {thousands(staff.headcount)} staff"
        parts.append(sentence + ".")
    board = diagnosis.response.get("board")
    if board:
        parts.append(f"{board.respondents} board members and senior leaders were interviewed.")
    stakeholders = diagnosis.response.get("stakeholders")
    if stakeholders:
        parts.append(
            f"{thousands(stakeholders.respondents)} patients, carers and partners gave their views."
        )
    return " ".join(parts)


def _title_lines(diagnosis: Any) -> list[str]:
    trust = diagnosis.trust
    period = trust.period
    if trust.collected_on:
        period += f", collected {long_date(trust.collected_on)}"
    present = [source_name(s) for s in diagnosis.sources.present]
    missing = [source_name(s) for s in diagnosis.sources.missing]
    sources = f"Sources: {', '.join(present)}"
    if missing:
        sources += f" (missing: {', '.join(missing)})"
    return [period, "Culture and Leadership Programme: Discover", sources]


# ---------------------------------------------------------------------- the summary


def summary_slide(diagnosis: Any) -> Slide:
    worded = summary(diagnosis)
    lines = []
    notice = partial_notice(diagnosis)
    if notice:
        lines.append(Line(notice))
    if worded.headline:
        lines.append(Line(worded.headline, bold=True))
    if worded.overview:
        lines.append(Line(worded.overview))
    said = participation(diagnosis)
    if said:
        lines.append(Line(said))
    low = low_response_notice(diagnosis)
    if low:
        lines.append(Line(low))
    return Slide("Summary", "text", lines)


# ---------------------------------------------------------------------- the elements


def _hidden_scores(diagnosis: Any, sources: list[str]) -> list[str]:
    """The element scores left out of the chart, each with why."""
    found = []
    for element in diagnosis.elements:
        for source in sources:
            s = element.sources.get(source)
            if s is not None and s.score is None:
                found.append(f"{source_name(source)}, {element.name}: {s.reason or 'not shown'}")
    return found


def elements_chart_slide(diagnosis: Any) -> Slide | None:
    sources = _scored_sources(diagnosis)
    if not sources:
        return None
    series = []
    for source in sources:
        values, minus, plus = [], [], []
        for element in diagnosis.elements:
            s = element.sources.get(source)
            if s is None or s.score is None:
                values.append(None)
                minus.append(None)
                plus.append(None)
                continue
            values.append(shown(s.score))
            below, above = reach(s.score, s.ci_low, s.ci_high)
            minus.append(below)
            plus.append(above)
        series.append(
            Series(source_name(source), palette.SOURCE_STYLE[source][0], values, minus, plus)
        )
    chart = Chart(
        kind="bar",
        categories=[e.name for e in diagnosis.elements],
        series=series,
        axis_title=SCORE_AXIS,
        number_format=number_format("score"),
        description=summary_chart_description(diagnosis),
        minimum=0,
        maximum=10,
        major_unit=2,
        # Eighteen bars leave no room for their figures: the next slide's table has them.
        labels=len(series) == 1,
    )
    lead = (
        "Each bar is a source's average score out of 10; the line across its end is the "
        "range the score would most probably lie in had everyone been asked "
        f"({confidence_label(diagnosis)} interval). The figures are in the next slide's table."
    )
    hidden = _hidden_scores(diagnosis, sources)
    note = f"Not shown: {'; '.join(hidden)}." if hidden else ""
    return Slide("The six elements", "chart", [Line(lead)], chart=chart, note=note)


_READING_TONES = {"priority": "priority", "strength": "strength", "mixed": "mixed"}


def glance_slide(diagnosis: Any) -> Slide | None:
    sources = _shown_sources(diagnosis)
    if not sources:
        return None
    readings = {t.element: t.reading for t in diagnosis.triangulation}
    header = ["Element", *(source_name(s) for s in sources)]
    if readings:
        header.append("Overall reading")
    rows = []
    for element in diagnosis.elements:
        row = [Cell(element.name)]
        for source in sources:
            s = element.sources.get(source)
            if s is None or s.score is None:
                row.append(Cell(s.reason if s else "not asked", "hidden"))
            else:
                row.append(Cell(score(s.score)))
        if readings:
            reading = readings.get(element.id)
            row.append(
                Cell(reading_label(reading), _READING_TONES.get(reading, "plain"))  # type: ignore[arg-type]
                if reading
                else Cell("")
            )
        rows.append(row)
    table = Table(
        header,
        rows,
        "The elements at a glance: scores out of 10 (higher is more favourable)",
        numeric=frozenset(range(1, 1 + len(sources))),
    )
    lead = Line("Scores out of 10, higher is more favourable.")
    return Slide("The elements at a glance", "table", [lead], table=table)


# ---------------------------------------------------------------------- priorities


def ranked_slide(entry: RankedSummary, title: str) -> Slide:
    lines = [Line(f"Confidence: {entry.confidence}. {entry.confidence_basis}")]
    lines.append(Line("What the evidence says", bold=True))
    lines += [Line(e, level=1) for e in entry.evidence]
    return Slide(title, "text", lines)


def priority_slides(diagnosis: Any) -> list[Slide]:
    if not diagnosis.triangulation:
        return []
    worded = summary(diagnosis).priorities
    if not worded:  # the summary's overview says so; a slide of one line says no more
        return []
    slides = [
        ranked_slide(p, f"Priority {i}: {p.name}")
        for i, p in enumerate(worded[:PRIORITY_SLIDES], start=1)
    ]
    rest = worded[PRIORITY_SLIDES:]
    if rest:
        lines = []
        for i, p in enumerate(rest, start=PRIORITY_SLIDES + 1):
            lines.append(Line(f"{i}. {p.name} (confidence: {p.confidence})", bold=True))
            lines += [Line(e, level=1) for e in p.evidence[:2]]
        slides.append(Slide("Other priorities", "text", lines))
    return slides


def strengths_slide(diagnosis: Any) -> Slide | None:
    if not diagnosis.triangulation:
        return None
    worded = summary(diagnosis).strengths
    if not worded:
        return None
    if len(worded) == 1:
        return ranked_slide(worded[0], f"Strength: {worded[0].name}")
    lines = []
    for i, s in enumerate(worded, start=1):
        lines.append(Line(f"{i}. {s.name} (confidence: {s.confidence})", bold=True))
        lines += [Line(e, level=1) for e in s.evidence[:2]]
    return Slide("Strengths", "text", lines)


# ---------------------------------------------------------------------- perception gaps


def gaps_slide(diagnosis: Any) -> Slide | None:
    if not diagnosis.gaps:
        return None
    story = [Line(s) for s in summary(diagnosis).gap_story]
    flagged = [g for g in diagnosis.gaps if g.flagged and not g.suppressed]
    if not flagged:
        return Slide("Perception gaps", "text", story)
    names = {e.id: e.name for e in diagnosis.elements}
    level = confidence_label(diagnosis)
    rows = [
        [
            Cell(names.get(g.element, g.element)),
            Cell(source_name(g.source)),
            Cell(signed(g.difference)),
            Cell(f"{signed(g.ci_low)} to {signed(g.ci_high)}"),
            Cell(gap_tag(g)[1], "flag"),
        ]
        for g in flagged
    ]
    table = Table(
        ["Element", "Source", "Difference", f"{level} interval", "Reading"],
        rows,
        "The perception gaps pointed out: how much higher or lower than staff, in points out of 10",
        numeric=frozenset({2, 3}),
    )
    note = "Points out of 10 against staff's score; the full report lists every gap."
    return Slide("Perception gaps", "table", story, table=table, note=note)


# ---------------------------------------------------------------------- workforce


def workforce_slides(diagnosis: Any) -> list[Slide]:
    w = diagnosis.workforce
    if w is None:
        return []
    context = workforce_context(w)
    lines = []
    if w.signal:
        label = signal_label(w.signal, SIGNAL_WORDS, w.signal)
        lines.append(Line(f"For equity and inclusion: {label} signal", bold=True))
    lines += [Line(e, level=1) for e in workforce_evidence(w)]
    leaders = context["leaders"]
    lines.append(Line(str(leaders.unescape()) if leaders else context["no_leaders"]))
    lines.append(
        Line(
            f"Groups of fewer than {w.reporting_threshold} people are not shown, and where "
            "one is hidden another may be hidden with it so that it cannot be worked out by "
            "subtraction."
        )
    )
    slides = [Slide("Workforce equity", "text", lines)]
    found = pipeline(w)
    if found is not None:
        chart = Chart(
            kind="line",
            categories=found.bands,
            series=[
                Series(line.name, line.colour, [shown(v, "staff_share") for v in line.values])
                for line in found.lines
            ],
            axis_title="Share of the band or board (%)",
            number_format=number_format("staff_share"),
            description=found.description,
            minimum=0,
        )
        caption = pipeline_caption(w)
        lead = [Line(caption["finding"])] if caption["finding"] else []
        note = (
            "A line breaks where a figure is hidden to protect a small group; those points "
            "are not drawn."
        )
        if caption["zero"]:
            note += " A point on the bottom axis means there are none."
        slides.append(
            Slide("Representation from Band 5 to board", "chart", lead, chart=chart, note=note)
        )
    return slides


# ---------------------------------------------------------------------- dashboard series

# A reading's tone on the slide: the colours of the variation icons.
_SPC_TONES: dict[str, Tone] = {"improvement": "strength", "concern": "priority"}


def series_slide(diagnosis: Any) -> Slide | None:
    """The dashboard's XmR charts read at a glance: each indicator's icons, reading since
    the baseline and signals, as the report words them."""
    dashboard = diagnosis.dashboard
    if dashboard is None or not dashboard.series:
        return None
    rows = [
        [
            Cell(view.indicator),
            Cell(view.reading, _SPC_TONES.get(chart.reading, "plain")),
            Cell(f"{view.variation.letter} {view.variation.words}"),
            Cell(f"{view.assurance.letter} {view.assurance.words}"),
            Cell(" ".join(view.signals) or "No signal."),
        ]
        for chart, view in zip(dashboard.series, spc_views(dashboard), strict=True)
    ]
    table = Table(
        ["Indicator", "Reading", "Variation", "Assurance", "Signals"],
        rows,
        "The dashboard's indicators over time, read as XmR charts: each indicator's "
        "variation and assurance and its special causes",
    )
    lead = [
        Line("The dashboard's indicators with a series, read as XmR charts (Making Data Count).")
    ]
    note = (
        "A special cause (a point beyond a limit, a run or trend, or points near a limit) "
        "is improvement or concern by the indicator's polarity; the full report draws each "
        "chart and lists its points."
    )
    return Slide("Indicators over time", "table", lead, table=table, note=note)


# ---------------------------------------------------------------------- next steps


def questions_slide(diagnosis: Any) -> Slide | None:
    asked = [p for p in summary(diagnosis).priorities if p.questions]
    if not asked:
        return None
    if len(asked) == 1:
        lines = [Line(q) for q in asked[0].questions]
        return Slide(f"Questions to explore next: {asked[0].name}", "text", lines)
    boxes = [Box(p.name, "priority", list(p.questions)) for p in asked[:3]]
    return Slide("Questions to explore next", "boxes", boxes=boxes)


def reading_slide(diagnosis: Any) -> Slide:
    worded = summary(diagnosis)
    lines = [Line(f"{label}: {text}") for label, text in worded.reading_rules]
    lines.append(
        Line(
            f"Groups of fewer than {diagnosis.framework.reporting_threshold} respondents are "
            "not shown, in any output."
        )
    )
    lines.append(
        Line(
            "The full report gives every figure with its interval, the answers to each "
            "question, the data quality and the methods."
        )
    )
    return Slide("How to read these figures", "text", lines)


def diagnosis_deck(diagnosis: Any) -> Deck:
    """The board pack of a diagnosis."""
    candidates: list[Slide | None] = [
        summary_slide(diagnosis),
        elements_chart_slide(diagnosis),
        glance_slide(diagnosis),
        *priority_slides(diagnosis),
        strengths_slide(diagnosis),
        gaps_slide(diagnosis),
        series_slide(diagnosis),
        *workforce_slides(diagnosis),
        questions_slide(diagnosis),
        reading_slide(diagnosis),
    ]
    trust = diagnosis.trust
    return Deck(
        title=f"Culture diagnosis: {trust.name}",
        subtitle=_title_lines(diagnosis),
        footer=f"{trust.name}: culture diagnosis, {trust.period}",
        slides=[s for s in candidates if s is not None],
    )


__all__ = ["diagnosis_deck", "participation"]

"""The workbook of a diagnosis (``report.xlsx``): one sheet per table."""

from __future__ import annotations

from typing import Any

from culturekit.report.excel import workforce
from culturekit.report.excel.cells import (
    ALPHA,
    ANSWER_SHARE,
    COUNT,
    INDEX,
    P_VALUE,
    RESPONSE_RATE,
    SCORE,
    VALUE,
    Column,
    Hidden,
    SheetBuilder,
    Table,
    fraction,
    number,
    yes_no,
)
from culturekit.report.excel.disclosure import diagnosis_audit
from culturekit.report.excel.workbook import write_workbook
from culturekit.report.presentation.bars import answer_shares
from culturekit.report.presentation.evidence import worded_triangulation
from culturekit.report.presentation.methods import gap_rule
from culturekit.report.presentation.rules import confidence_label
from culturekit.report.presentation.summary import confidence_notes, summary
from culturekit.report.presentation.tags import gap_tag
from culturekit.report.presentation.words import humanise, source_name


def element_scores(d: Any) -> Table | None:
    table = Table(
        "Element scores",
        f"Each element's score by source: mean out of 10 with its {confidence_label(d)} "
        "confidence interval, "
        "respondents, % positive and % negative answers, Cronbach's alpha.",
        [
            Column("Element"),
            Column("Element id"),
            Column("Source"),
            Column("Score", SCORE),
            Column("CI low", SCORE),
            Column("CI high", SCORE),
            Column("Respondents (n)", COUNT),
            Column("% positive", ANSWER_SHARE),
            Column("% negative", ANSWER_SHARE),
            Column("Answers", COUNT),
            Column("Alpha", ALPHA),
            Column("Alpha n", COUNT),
            Column("Items", COUNT),
        ],
    )
    for element in d.elements:
        for source, s in element.sources.items():
            why = s.reason if (s.suppressed or s.score is None) else None
            hidden = s.suppressed or s.score is None
            table.rows.append(
                [
                    element.name,
                    element.id,
                    source_name(source),
                    number(None if hidden else s.score, why),
                    number(None if hidden else s.ci_low, why or "not computed"),
                    number(None if hidden else s.ci_high, why or "not computed"),
                    number(None if hidden else s.n, why),
                    fraction(None if hidden else s.percent_positive, why),
                    fraction(None if hidden else s.percent_negative, why),
                    number(None if hidden else s.answers, why),
                    number(None if hidden else s.alpha, why or "not computed"),
                    number(None if hidden else s.alpha_n, why or "not computed"),
                    s.items,
                ]
            )
    return table if table.rows else None


def items(d: Any) -> Table | None:
    labels: list[str] = []
    for element in d.elements:
        for source_items in element.items.values():
            for item in source_items:
                for answer in item.distribution:
                    if answer.label not in labels:
                        labels.append(answer.label)
    columns = [
        Column("Element"),
        Column("Source"),
        Column("Item"),
        Column("Reversed"),
        Column("Wording", width=60, wrap=True),
        Column("Answered", COUNT),
        Column("Don't know / N/A", COUNT),
        Column("Blank", COUNT),
        Column("Score", SCORE),
        Column("% positive", ANSWER_SHARE),
        Column("% negative", ANSWER_SHARE),
        *(Column(f"{label} (n)", COUNT) for label in labels),
        *(Column(f"{label} (%)", ANSWER_SHARE) for label in labels),
    ]
    table = Table(
        "Items",
        "Every question: its wording, how many answered, its score out of 10, % positive "
        "and negative, and the count and share of answers in each category (as answered, "
        "before negatively worded items, marked Reversed, are reversed). Shares are those "
        "of the report's answer bars: rounded so that each item's add up to 100% and its "
        "favourable answers' to its % positive.",
        columns,
    )
    for element in d.elements:
        for source, source_items in element.items.items():
            for item in source_items:
                why = item.reason if item.suppressed else None
                counts = {a.label: a for a in item.distribution}
                row: list[Any] = [
                    element.name,
                    source_name(source),
                    item.code,
                    yes_no(item.reverse),
                    item.text,
                ]
                if item.suppressed:
                    row += [Hidden(why or "not shown")] * (len(columns) - len(row))
                else:
                    shares = answer_shares(item)
                    row += [
                        number(item.answered),
                        number(item.not_applicable),
                        number(item.blank),
                        number(item.score, "not computed"),
                        fraction(float(shares.positive), "not computed"),
                        fraction(float(shares.negative), "not computed"),
                    ]
                    row += [
                        counts[label].count if label in counts else Hidden("not asked")
                        for label in labels
                    ]
                    row += [
                        float(shares.share(counts[label].code)) / 100
                        if label in counts
                        else Hidden("not asked")
                        for label in labels
                    ]
                table.rows.append(row)
    return table if table.rows else None


def breakdowns(d: Any) -> Table | None:
    if not d.breakdowns:
        return None
    element_ids = [e.id for e in d.elements if any(e.id in b.overall for b in d.breakdowns)]
    names = {e.id: e.name for e in d.elements}
    columns = [Column("Source"), Column("By"), Column("Group"), Column("Respondents (n)", COUNT)]
    for element_id in element_ids:
        columns.append(Column(f"{names[element_id]}: score", SCORE))
        columns.append(Column(f"{names[element_id]}: difference", SCORE))
    table = Table(
        "Breakdowns",
        "Scores by group (staff group, band, directorate, ...): each group's respondents, "
        "its score for each element and its difference from the trust overall, in points "
        "out of 10. Hidden groups and cells say why.",
        columns,
    )
    for b in d.breakdowns:
        by = humanise(b.by_label)
        response = d.response.get(b.source)
        overall: list[Any] = [
            source_name(b.source),
            by,
            "Trust overall",
            number(response.respondents if response else None),
        ]
        for element_id in element_ids:
            overall += [number(b.overall.get(element_id), "not scored"), Hidden("reference")]
        table.rows.append(overall)
        for g in b.groups:
            row: list[Any] = [source_name(b.source), by, g.label]
            if g.suppressed:
                row += [Hidden(g.reason or "not shown")] * (len(columns) - len(row))
            else:
                row.append(number(g.n))
                for element_id in element_ids:
                    why = g.hidden_cells.get(element_id)
                    score = g.scores.get(element_id)
                    difference = g.differences.get(element_id)
                    row += [
                        number(score, why or "not scored"),
                        number(difference, why or "not scored"),
                    ]
            table.rows.append(row)
    return table


def gaps(d: Any) -> Table | None:
    if not d.gaps:
        return None
    names = {e.id: e.name for e in d.elements}
    table = Table(
        "Gaps",
        "Perception gaps: how much more (or less) favourably the board and stakeholders see "
        f"each element than staff do, in points out of 10, with the {confidence_label(d)} "
        "interval, "
        "Welch's t-test p-value and the p-value adjusted for the number of gap tests; "
        f"Flagged marks a gap the report highlights. {gap_rule(d)}",
        [
            Column("Element"),
            Column("Source"),
            Column("Compared with"),
            Column("Difference", SCORE),
            Column("CI low", SCORE),
            Column("CI high", SCORE),
            Column("p-value", P_VALUE),
            Column("p adjusted", P_VALUE),
            Column("Flagged"),
            Column("Reading"),
        ],
    )
    for g in d.gaps:
        why = g.reason if g.suppressed else None
        table.rows.append(
            [
                names.get(g.element, g.element),
                source_name(g.source),
                source_name(g.compared_with),
                number(g.difference, why),
                number(g.ci_low, why or "not computed"),
                number(g.ci_high, why or "not computed"),
                number(g.p_value, why or "not computed"),
                number(g.p_adjusted, why or "not computed"),
                Hidden(why) if why else yes_no(g.flagged),
                Hidden(why) if why else gap_tag(g)[1],
            ]
        )
    return table


def response(d: Any) -> Table | None:
    if not d.response:
        return None
    table = Table(
        "Response",
        "Respondents scored for each source and, for staff, the response rate against the "
        "trust's headcount.",
        [
            Column("Source"),
            Column("Respondents", COUNT),
            Column("Headcount", COUNT),
            Column("Response rate", RESPONSE_RATE),
            Column("Low response"),
        ],
    )
    for source, r in d.response.items():
        table.rows.append(
            [
                source_name(source),
                r.respondents,
                number(r.headcount, "not given"),
                number(r.rate, "no headcount"),
                yes_no(r.low),
            ]
        )
    return table


def dashboard(d: Any) -> Table | None:
    if d.dashboard is None:
        return None
    table = Table(
        "Dashboard",
        "The culture and outcomes dashboard (existing data): each indicator's value against "
        "its benchmark group, in the indicator's unit, and its rating (better, similar, "
        "worse) with what it was rated by: the group's quartiles, its range from worst to "
        "best, or the fixed band around the benchmark (the Methods section words each).",
        [
            Column("Element"),
            Column("Indicator", width=48, wrap=True),
            Column("Value", VALUE),
            Column("Benchmark", VALUE),
            Column("Best", VALUE),
            Column("Worst", VALUE),
            Column("Lower quartile", VALUE),
            Column("Upper quartile", VALUE),
            Column("Unit"),
            Column("Higher is better"),
            Column("Rating"),
            Column("Rated by"),
            Column("Difference", VALUE),
            Column("Position (0 worst, 1 best)", INDEX),
            Column("Source", width=40, wrap=True),
            Column("Period"),
        ],
    )
    for element in d.dashboard.elements:
        for i in element.indicators:
            table.rows.append(
                [
                    element.name,
                    i.indicator,
                    number(i.value),
                    number(i.benchmark, "no benchmark"),
                    number(i.best, "not given"),
                    number(i.worst, "not given"),
                    number(i.lower_quartile, "not given"),
                    number(i.upper_quartile, "not given"),
                    i.unit or "",
                    yes_no(i.higher_is_better),
                    i.rating,
                    i.rated_by or "",
                    number(i.difference, "no benchmark"),
                    number(i.position, "no range"),
                    i.source or "",
                    i.period or "",
                ]
            )
    return table if table.rows else None


def triangulation(d: Any) -> Table | None:
    if not d.triangulation:
        return None
    table = Table(
        "Triangulation",
        "Each element's overall reading (strength, mixed, priority) with its confidence, what "
        "the confidence rests on, and every piece of evidence from each source, one row per "
        "piece of evidence.",
        [
            Column("Element"),
            Column("Reading"),
            Column("Balance", INDEX),
            Column("Confidence"),
            Column("Confidence rests on", width=50, wrap=True),
            Column("Evidence source"),
            Column("Signal"),
            Column("Evidence score", SCORE),
            Column("Evidence", width=60, wrap=True),
            Column("Missing sources"),
            Column("Where sources disagree", width=50, wrap=True),
        ],
    )
    bases = confidence_notes(d)
    for t, worded in zip(d.triangulation, worded_triangulation(d), strict=True):
        missing = ", ".join(source_name(s) for s in t.missing_sources)
        disagreements = " ".join(worded.disagreements)
        details = [w.detail for w in worded.evidence]
        for e, detail in zip(t.evidence or [None], details or [""], strict=True):
            table.rows.append(
                [
                    t.name,
                    t.reading,
                    t.balance,
                    t.confidence,
                    bases[t.element],
                    source_name(e.source) if e else "",
                    e.signal if e else "",
                    number(e.score if e else None, "no score"),
                    detail,
                    missing,
                    disagreements,
                ]
            )
    return table


SHEETS: tuple[SheetBuilder, ...] = (
    element_scores,
    items,
    breakdowns,
    gaps,
    response,
    dashboard,
    *workforce.SHEETS,
    triangulation,
    diagnosis_audit,
)


def summary_rows(d: Any) -> list[tuple[str, str]]:
    """The report's summary as README rows: (what, the words)."""
    worded = summary(d)
    rows: list[tuple[str, str]] = []
    if worded.headline:
        rows.append(("Headline", worded.headline))
    if worded.overview:
        rows.append(("Readings", worded.overview))
    for kind, entries in (("Priority", worded.priorities), ("Strength", worded.strengths)):
        for rank, entry in enumerate(entries, start=1):
            lines = [f"Confidence: {entry.confidence}. {entry.confidence_basis}"]
            lines += [f"• {line}" for line in entry.evidence]
            if entry.questions:
                lines.append("Questions to explore next:")
                lines += [f"• {question}" for question in entry.questions]
            rows.append((f"{kind} {rank}: {entry.name}", "\n".join(lines)))
    if worded.gap_story:
        rows.append(("How the views differ", "\n".join(worded.gap_story)))
    if worded.priorities or worded.strengths:
        rows += list(worded.reading_rules)
    if worded.glossary:
        words = [f"{term}: {meaning}" for term, meaning in worded.glossary]
        rows.append(("Words used", "\n".join(words)))
    return rows


def render(d: Any) -> bytes:
    """``report.xlsx`` of a diagnosis."""
    return write_workbook(d, f"Culture diagnosis: {d.trust.name}", SHEETS, summary_rows(d))

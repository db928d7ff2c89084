"""The workbook of a diagnosis (``report.xlsx``): one sheet per table."""

from __future__ import annotations

from typing import Any

from culturekit.report.excel import workforce
from culturekit.report.excel.cells import (
    ALPHA,
    ANSWER_SHARE,
    COUNT,
    INDEX,
    NOTE,
    P_VALUE,
    RESPONSE_RATE,
    SCORE,
    Column,
    Hidden,
    SheetBuilder,
    Table,
    fraction,
    number,
    yes_no,
)
from culturekit.report.excel.disclosure import diagnosis_audit
from culturekit.report.excel.spc import dashboard_series
from culturekit.report.excel.workbook import write_workbook
from culturekit.report.presentation.bars import answer_shares
from culturekit.report.presentation.evidence import worded_triangulation
from culturekit.report.presentation.methods import gap_rule
from culturekit.report.presentation.numbers import POINTS_UNITS, excel_given_format, given_places
from culturekit.report.presentation.rules import confidence_label
from culturekit.report.presentation.summary import confidence_notes, summary
from culturekit.report.presentation.tags import gap_tag
from culturekit.report.presentation.words import (
    humanise,
    rating_label,
    reading_label,
    source_name,
)


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
            NOTE,
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


_NOT_ON_SCALE = "not on this item's answer scale"


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
        Column("Element id"),
        Column("Source"),
        Column("Item"),
        Column("Reversed"),
        Column("Wording", width=50, wrap=True),
        Column("Answered", COUNT),
        Column("Don't know / N/A", COUNT),
        Column("Blank", COUNT),
        Column("Score", SCORE),
        Column("% positive", ANSWER_SHARE),
        Column("% negative", ANSWER_SHARE),
        *(Column(f"{label} (n)", COUNT) for label in labels),
        *(Column(f"{label} (%)", ANSWER_SHARE) for label in labels),
        NOTE,
    ]
    table = Table(
        "Items",
        "Every question: its wording, how many answered, its score out of 10, % positive "
        "and negative, and the count and share of answers in each category (as answered, "
        "before negatively worded items, marked Reversed, are reversed). Shares are those "
        "of the report's answer bars: rounded so that each item's add up to 100% and its "
        "favourable answers' to its % positive. An answer not on an item's scale is blank.",
        columns,
    )
    for element in d.elements:
        for source, source_items in element.items.items():
            for item in source_items:
                why = item.reason if item.suppressed else None
                counts = {a.label: a for a in item.distribution}
                row: list[Any] = [
                    element.name,
                    element.id,
                    source_name(source),
                    item.code,
                    yes_no(item.reverse),
                    item.text,
                ]
                if item.suppressed:
                    row += [Hidden(why or "not shown")] * (len(columns) - 1 - len(row))
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
                        counts[label].count if label in counts else Hidden(_NOT_ON_SCALE)
                        for label in labels
                    ]
                    row += [
                        float(shares.share(counts[label].code)) / 100
                        if label in counts
                        else Hidden(_NOT_ON_SCALE)
                        for label in labels
                    ]
                table.rows.append(row)
    return table if table.rows else None


_REFERENCE = "the trust overall, the groups' reference"


def breakdowns(d: Any) -> Table | None:
    if not d.breakdowns:
        return None
    element_ids = [e.id for e in d.elements if any(e.id in b.overall for b in d.breakdowns)]
    names = {e.id: e.name for e in d.elements}
    table = Table(
        "Breakdowns",
        "Scores by group (staff group, band, directorate, ...), one row per group and "
        "element, the trust overall first: each group's respondents, its score for the "
        "element and its difference from the trust overall, in points out of 10 (a pivot "
        "of Difference, Group by Element, is the report's table). Hidden groups and cells "
        "are blank, and the Note says why.",
        [
            Column("Source"),
            Column("By"),
            Column("By id"),
            Column("Group"),
            Column("Element"),
            Column("Element id"),
            Column("Respondents (n)", COUNT),
            Column("Score", SCORE),
            Column("Difference", SCORE),
            NOTE,
        ],
    )
    for b in d.breakdowns:
        response = d.response.get(b.source)
        for group in [None, *b.groups]:
            for element_id in element_ids:
                row: list[Any] = [
                    source_name(b.source),
                    humanise(b.by_label),
                    b.by,
                    "Trust overall" if group is None else group.label,
                    names[element_id],
                    element_id,
                ]
                if group is None:
                    row += [
                        number(response.respondents if response else None),
                        number(b.overall.get(element_id), "not scored"),
                        Hidden(_REFERENCE),
                    ]
                elif group.suppressed:
                    row += [Hidden(group.reason or "not shown")] * 3
                else:
                    why = group.hidden_cells.get(element_id)
                    row += [
                        number(group.n),
                        number(group.scores.get(element_id), why or "not scored"),
                        number(group.differences.get(element_id), why or "not scored"),
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
            Column("Element id"),
            Column("Source"),
            Column("Compared with"),
            Column("Difference", SCORE),
            Column("CI low", SCORE),
            Column("CI high", SCORE),
            Column("p-value", P_VALUE),
            Column("p adjusted", P_VALUE),
            Column("Flagged"),
            Column("Reading"),
            NOTE,
        ],
    )
    for g in d.gaps:
        why = g.reason if g.suppressed else None
        table.rows.append(
            [
                names.get(g.element, g.element),
                g.element,
                source_name(g.source),
                source_name(g.compared_with),
                number(g.difference, why),
                number(g.ci_low, why or "not computed"),
                number(g.ci_high, why or "not computed"),
                number(g.p_value, why or "not computed"),
                number(g.p_adjusted, why or "not computed"),
                Hidden(why) if why else yes_no(g.flagged),
                Hidden(why) if why else gap_tag(g, marked=False)[1],
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
            NOTE,
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
    columns = [
        Column("Element"),
        Column("Element id"),
        Column("Indicator", width=40, wrap=True),
        Column("Value"),
        Column("Benchmark"),
        Column("Best"),
        Column("Worst"),
        Column("Lower quartile"),
        Column("Upper quartile"),
        Column("Unit"),
        Column("Higher is better"),
        Column("Rating"),
        Column("Rated by"),
        Column("Difference"),
        Column("Position (0 worst, 1 best)", INDEX),
        Column("Source", width=30, wrap=True),
        Column("Period"),
        NOTE,
    ]
    table = Table(
        "Dashboard",
        "The culture and outcomes dashboard (existing data): each indicator's value against "
        "its benchmark group, in the indicator's unit (a percentage stored as a fraction, "
        "shown with %), to the places the trust gave it, and its rating (better than, "
        "similar to or worse than the benchmark) with what it was rated by: the group's "
        "quartiles, its range from worst to best, or the fixed band around the benchmark "
        "(the Methods section words each).",
        columns,
    )
    at = {column.header: index for index, column in enumerate(columns)}
    for element in d.dashboard.elements:
        for i in element.indicators:
            # The trust's own figures, shown as the report shows them: to the places the
            # value and benchmark were given, a percentage (or points) as a fraction.
            given = number if i.unit not in POINTS_UNITS else fraction
            shown = excel_given_format(given_places(i.value, i.benchmark), i.unit)
            index = len(table.rows)
            for header in ("Value", "Benchmark", "Difference"):
                table.number_formats[(index, at[header])] = shown
            for header, value in (
                ("Best", i.best),
                ("Worst", i.worst),
                ("Lower quartile", i.lower_quartile),
                ("Upper quartile", i.upper_quartile),
            ):
                places = given_places(value, i.value, i.benchmark)
                table.number_formats[(index, at[header])] = excel_given_format(places, i.unit)
            table.rows.append(
                [
                    element.name,
                    element.element,
                    i.indicator,
                    given(i.value),
                    given(i.benchmark, "no benchmark"),
                    given(i.best, "not given"),
                    given(i.worst, "not given"),
                    given(i.lower_quartile, "not given"),
                    given(i.upper_quartile, "not given"),
                    i.unit or "",
                    yes_no(i.higher_is_better),
                    rating_label(i.rating, marked=False),
                    i.rated_by or "",
                    given(i.difference, "no benchmark"),
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
            Column("Element id"),
            Column("Reading"),
            Column("Balance", INDEX),
            Column("Confidence"),
            Column("Confidence rests on", width=40, wrap=True),
            Column("Evidence source"),
            Column("Signal"),
            Column("Evidence score", SCORE),
            Column("Evidence", width=50, wrap=True),
            Column("Missing sources"),
            Column("Where sources disagree", width=40, wrap=True),
            NOTE,
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
                    t.element,
                    reading_label(t.reading, marked=False),
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
    dashboard_series,
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

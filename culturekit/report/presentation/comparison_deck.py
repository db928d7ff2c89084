"""A comparison as a board pack: what changed between two collections.

The words are the comparison report's (:mod:`.comparison`); every figure is a shown
figure, and a change is the difference of the two scores as shown, as in every table.
A side hidden by the reporting threshold is a cell that says why and no point of any
chart.
"""

from __future__ import annotations

from typing import Any

from culturekit.privacy import suppression_reason
from culturekit.report import palette
from culturekit.report.presentation.comparison import (
    CHANGES_CHART_DESCRIPTION,
    chart_source,
    compared_sources,
    comparison_warnings,
    dashboard_tally,
    scores_chart_description,
    source_finding,
    summary_context,
    verdict_rules,
)
from culturekit.report.presentation.deck import (
    Box,
    Cell,
    Chart,
    Deck,
    Line,
    Series,
    Slide,
    Table,
    axis_limit,
    number_format,
    shown,
)
from culturekit.report.presentation.numbers import (
    change,
    change_between,
    p_value,
    percent,
    score,
    shown_change,
    signed,
    thousands,
)
from culturekit.report.presentation.rules import confidence_label, rule
from culturekit.report.presentation.tags import parity_tag
from culturekit.report.presentation.words import (
    CORRECTION_NAMES,
    MOVES,
    join_words,
    source_name,
    verdict_tag,
)

SCORE_AXIS = "Score (0-10, higher is more favourable)"
CHANGE_AXIS = "Change in score, post − pre (points on the 0-10 scale)"
# A change's figure with its sign, as the tables print it: +0.43, −0.06, 0.00.
CHANGE_FORMAT = '+0.00;"−"0.00;0.00'
_VERDICT_TONES = {"better": "strength", "worse": "priority"}


def tested_sentence(comparison: Any) -> str:
    """``Of the 18 element scores tested between 2024 and 2025, 2 improved, ...``"""
    n = summary_context(comparison)["counts"]
    pre, post = comparison.pre.period, comparison.post.period
    if not n["tested"]:
        return f"No element score could be tested between {pre} and {post}."

    def count(key: str) -> str:
        return str(n[key]) if n[key] else "none"

    untested = f" ({n['not_tested']} could not be tested)" if n["not_tested"] else ""
    return (
        f"Of the {n['tested']} element scores tested between {pre} and {post}, "
        f"{count('improved')} improved, {count('worsened')} worsened, "
        f"{count('no_clear_change')} showed no clear change and {count('too_few_to_tell')} "
        f"had too few answers to tell{untested}."
    )


def summary_slide(comparison: Any) -> Slide:
    lines = [Line(tested_sentence(comparison), bold=True)]
    lines += [Line(source_finding(comparison, s)) for s in comparison.sources]
    warnings = comparison_warnings(comparison)
    if warnings:
        lines.append(Line("Read these changes with care:", bold=True))
        lines += [Line(w, level=1) for w in warnings]
    return Slide("Summary", "text", lines)


def _moved(entries: list[Any]) -> list[str]:
    return [
        f"{e.name}: "
        + "; ".join(
            f"{source_name(source).lower()} {score(s.pre)} → {score(s.post)} "
            f"({change_between(s.pre, s.post)})"
            for source, s in e.changes
        )
        for e in entries
    ]


def _unmoved(groups: list[Any]) -> list[str]:
    return [
        f"{source_name(u.source)}: "
        + ("every element" if u.every_element and len(u.names) > 1 else join_words(u.names))
        for u in groups
    ]


def verdicts_slide(comparison: Any) -> Slide | None:
    if not comparison.sources:
        return None
    context = summary_context(comparison)
    boxes = [
        Box(
            "▲ Improved",
            "strength",
            _moved(context["improved"]) or ["No element score rose significantly."],
        ),
        Box(
            "▼ Worsened",
            "priority",
            _moved(context["worsened"]) or ["No element score fell significantly."],
        ),
        Box(
            "● No clear change",
            "plain",
            _unmoved(context["no_clear_change"])
            or ["No score was measured closely enough to say it held steady."],
        ),
        Box(
            "○ Too few to tell",
            "plain",
            _unmoved(context["too_few_to_tell"]) or ["Every score had enough answers to tell."],
        ),
    ]
    rules = verdict_rules(comparison)
    note = (
        f"Better or worse: significant after {CORRECTION_NAMES[comparison.correction]} "
        f"correction (adjusted p below {rules['alpha']}). Too few to tell: so few answers "
        f"that even a real change of {rules['meaningful']} points would have been found less "
        f"than {rules['power']} times."
    )
    return Slide("What changed", "boxes", boxes=boxes, note=note)


def scores_slide(comparison: Any) -> Slide | None:
    source = chart_source(comparison)
    if source is None:
        return None
    changes = [e.sources.get(source) for e in comparison.elements]
    if not any(c is not None and (c.pre is not None or c.post is not None) for c in changes):
        return None
    series = []
    for side, period in (("pre", comparison.pre.period), ("post", comparison.post.period)):
        values = [None if c is None else shown(getattr(c, side)) for c in changes]
        series.append(Series(period, palette.SOURCE_STYLE[side][0], values))
    chart = Chart(
        kind="bar",
        categories=[e.name for e in comparison.elements],
        series=series,
        axis_title=SCORE_AXIS,
        number_format=number_format("score"),
        description=scores_chart_description(comparison, source),
        minimum=0,
        maximum=10,
        major_unit=2,
    )
    lead = [Line(source_finding(comparison, source))]
    title = f"{source_name(source)} scores, {comparison.pre.period} and {comparison.post.period}"
    return Slide(title, "chart", lead, chart=chart)


def changes_slide(comparison: Any) -> Slide | None:
    series = []
    for source in comparison.sources:
        values, minus, plus = [], [], []
        for element in comparison.elements:
            c = element.sources.get(source)
            moved = None if c is None or c.change is None else shown_change(c.pre, c.post)
            if c is None or moved is None:
                values.append(None)
                minus.append(None)
                plus.append(None)
                continue
            value = shown(moved)
            low, high = shown(c.ci_low), shown(c.ci_high)
            values.append(value)
            below = None if low is None or value is None else max(value - low, 0 * value)
            above = None if high is None or value is None else max(high - value, 0 * value)
            minus.append(below)
            plus.append(above)
        if any(v is not None for v in values):
            colour = palette.SOURCE_STYLE[source][0]
            series.append(Series(source_name(source), colour, values, minus, plus))
    if not series:
        return None
    # The axis centred on no change, holding every whisker, as the report's figure is.
    ends = [
        float(v) + sign * float(r)
        for s in series
        for v, lo, hi in zip(s.values, s.minus or [], s.plus or [], strict=True)
        if v is not None
        for sign, r in ((0, 0), (-1, lo or 0), (1, hi or 0))
    ]
    limit = axis_limit(ends)
    chart = Chart(
        kind="bar",
        categories=[e.name for e in comparison.elements],
        series=series,
        axis_title=CHANGE_AXIS,
        minimum=-limit,
        maximum=limit,
        major_unit=0.5 if limit <= 2 else 1.0,
        number_format=CHANGE_FORMAT,
        axis_format=CHANGE_FORMAT.replace("0.00", "0.0"),
        description=CHANGES_CHART_DESCRIPTION,
        labels=len(series) == 1,
    )
    lead = Line(
        f"Each bar is a change ({comparison.post.period} minus {comparison.pre.period}) and "
        f"its line the {confidence_label(comparison)} confidence interval, not adjusted for "
        "the number of tests."
    )
    return Slide("Change in each element's score", "chart", [lead], chart=chart)


def change_table_slide(comparison: Any) -> Slide | None:
    source = chart_source(comparison)
    if source is None:
        return None
    pre, post = comparison.pre.period, comparison.post.period
    too_few = suppression_reason(comparison.framework.reporting_threshold, unit=None)
    rows = []
    for element in comparison.elements:
        s = element.sources.get(source)
        if s is None:
            continue
        tag = verdict_tag(s.verdict)[1]
        tone = _VERDICT_TONES.get(s.verdict, "plain") if s.verdict in MOVES else "plain"
        verdict = Cell(tag, tone)  # type: ignore[arg-type]
        if s.pre is None and s.post is None:
            hidden = Cell(s.reason or "not shown", "hidden")
            rows.append([Cell(element.name), hidden, Cell(""), Cell(""), Cell(""), verdict])
            continue
        sides = [
            Cell(score(value)) if value is not None else Cell(too_few, "hidden")
            for value in (s.pre, s.post)
        ]
        if s.change is None:
            reason = Cell(f"not tested: {s.reason or 'a side is missing'}", "hidden")
            rows.append([Cell(element.name), *sides, reason, Cell(""), verdict])
            continue
        rows.append(
            [
                Cell(element.name),
                *sides,
                Cell(change_between(s.pre, s.post)),
                Cell(f"{change(s.ci_low)} to {change(s.ci_high)}"),
                Cell(p_value(s.p_adjusted)),
                verdict,
            ]
        )
    if not rows:
        return None
    level = confidence_label(comparison)
    table = Table(
        ["Element", pre, post, "Change", f"{level} interval", "Adjusted p", "Verdict"],
        [r if len(r) == 7 else [*r[:5], Cell(""), r[5]] for r in rows],
        f"{source_name(source)}: change in each element's score, {pre} to {post}",
        numeric=frozenset({1, 2, 3, 4, 5}),
    )
    title = f"{source_name(source)}: change in each element's score"
    return Slide(title, "table", table=table)


def response_slide(comparison: Any) -> Slide | None:
    if not comparison.response:
        return None
    pre, post = comparison.pre.period, comparison.post.period
    rows = []
    for source, r in comparison.response.items():
        moved = signed(r.respondents_change_percent, "respondents_change")
        moved += "%" if r.respondents_change_percent is not None else ""
        rates = [
            Cell(f"{percent(rate * 100, 'response_rate')} of {thousands(headcount)}")
            if rate is not None
            else Cell("–")
            for rate, headcount in ((r.rate_pre, r.headcount_pre), (r.rate_post, r.headcount_post))
        ]
        rows.append(
            [
                Cell(source_name(source)),
                Cell(thousands(r.respondents_pre)),
                Cell(thousands(r.respondents_post)),
                Cell(moved),
                *rates,
            ]
        )
    table = Table(
        [
            "Source",
            f"Respondents {pre}",
            f"Respondents {post}",
            "Change",
            f"Response rate {pre}",
            f"Response rate {post}",
        ],
        rows,
        "Who took part in each collection",
        numeric=frozenset({1, 2, 3, 4, 5}),
    )
    note = (
        "Respondents are the people scored on at least one element. Different people "
        "answered each collection, so each side is a separate sample."
    )
    return Slide("Who took part", "table", table=table, note=note)


def other_sources_slide(comparison: Any) -> Slide | None:
    lines = []
    if comparison.dashboard:
        lines.append(Line("Existing data", bold=True))
        lines.append(Line(f"{dashboard_tally(comparison.dashboard)}.", level=1))
    if comparison.workforce is not None:
        figures = [*comparison.workforce.wres.values(), *comparison.workforce.wdes.values()]
        judged = [f for f in figures if f.verdict in (*MOVES, "no clear change")]
        closer = sum(1 for f in judged if f.verdict == "better")
        further = sum(1 for f in judged if f.verdict == "worse")
        steady = len(judged) - closer - further
        lines.append(Line("Workforce equality standards (WRES and WDES)", bold=True))
        if judged:
            lines.append(
                Line(
                    f"Of {len(judged)} figures judged against parity, {closer} moved closer "
                    f"to parity, {further} further from it and {steady} show no clear change.",
                    level=1,
                )
            )
        else:
            lines.append(Line("No figure could be judged against parity.", level=1))
        lines += [
            Line(f"{f.standard} {f.number}, {f.title}: {parity_tag(f)[1]}", level=1)
            for f in figures
            if f.verdict in MOVES
        ]
    if not lines:
        return None
    return Slide("Existing data and workforce", "text", lines)


def reading_slide(comparison: Any) -> Slide:
    rules = verdict_rules(comparison)
    tested = summary_context(comparison)["counts"]["tested"]
    correction = CORRECTION_NAMES[comparison.correction]
    lines = [
        Line(
            "Scores are out of 10 (higher is more favourable). The change is the "
            f"{comparison.post.period} score minus the {comparison.pre.period} score as shown, "
            "so that the figures add up."
        ),
        Line(
            "A change is called better or worse only when its p-value, adjusted for testing "
            f"{tested} changes at once ({correction}), is below "
            f"{rule(comparison, 'change_alpha'):g}."
        ),
        Line(
            "Any other change shows no clear change when the answers were enough to find a "
            f"change of {rules['meaningful']} points at least {rules['power']} times, and is too "
            "few to tell when they were not."
        ),
        Line(
            f"Groups of fewer than {comparison.framework.reporting_threshold} respondents are "
            "not shown, in any output."
        ),
        Line(
            "The full report gives every source's changes, the items, the groups, and the methods."
        ),
    ]
    return Slide("How to read these figures", "text", lines)


def comparison_deck(comparison: Any) -> Deck:
    """The board pack of a comparison."""
    pre, post = comparison.pre.period, comparison.post.period
    candidates = [
        summary_slide(comparison),
        verdicts_slide(comparison),
        scores_slide(comparison),
        changes_slide(comparison),
        change_table_slide(comparison),
        response_slide(comparison),
        other_sources_slide(comparison),
        reading_slide(comparison),
    ]
    trust = comparison.trust
    return Deck(
        title=f"What changed: {trust.name}",
        subtitle=[
            f"{pre} to {post}",
            "Culture and Leadership Programme: Discover",
            f"Compared: {', '.join(compared_sources(comparison))}",
        ],
        footer=f"{trust.name}: what changed, {pre} to {post}",
        slides=[s for s in candidates if s is not None],
    )

"""The workbook of a comparison (``compare.xlsx``)."""

from __future__ import annotations

from typing import Any

from culturekit.report.excel.cells import (
    ANSWER_SHARE,
    COUNT,
    DESIGN_EFFECT,
    EFFECT_SIZE,
    NOTE,
    P_VALUE,
    RATIO,
    RESPONSE_RATE,
    SCORE,
    STAFF_SHARE,
    Column,
    Hidden,
    SheetBuilder,
    Table,
    fraction,
    number,
    yes_no,
)
from culturekit.report.excel.disclosure import comparison_audit
from culturekit.report.excel.workbook import write_workbook
from culturekit.report.presentation.numbers import (
    POINTS_UNITS,
    excel_given_format,
    given_places,
    shown_change,
    unit_kind,
)
from culturekit.report.presentation.rules import confidence_label
from culturekit.report.presentation.tags import change_tag, parity_tag
from culturekit.report.presentation.words import humanise, source_name, verdict_word


def element_changes(c: Any) -> Table | None:
    table = Table(
        "Element changes",
        "Each element's score pre and post by source, the change (post minus pre, worked out "
        "from the scores as shown, so that the three agree) with its "
        f"{confidence_label(c)} interval, Welch's t-test p and adjusted p, Hedges' g, "
        "% positive pre and post with its test (respondents as clusters) and design effect, "
        "the minimum detectable change, and the verdict.",
        [
            Column("Element"),
            Column("Element id"),
            Column("Source"),
            Column("Pre", SCORE),
            Column("Post", SCORE),
            Column("Change", SCORE),
            Column("CI low", SCORE),
            Column("CI high", SCORE),
            Column("p", P_VALUE),
            Column("p adjusted", P_VALUE),
            Column("Hedges' g", EFFECT_SIZE),
            Column("n pre", COUNT),
            Column("n post", COUNT),
            Column("% positive pre", ANSWER_SHARE),
            Column("% positive post", ANSWER_SHARE),
            Column("% positive p adjusted", P_VALUE),
            Column("% positive design effect", DESIGN_EFFECT),
            Column("Detectable change", SCORE),
            Column("Verdict"),
            NOTE,
        ],
    )
    for element in c.elements:
        for source, s in element.sources.items():
            why = s.reason if s.suppressed else "not tested"
            table.rows.append(
                [
                    element.name,
                    element.id,
                    source_name(source),
                    number(s.pre, s.reason),
                    number(s.post, s.reason),
                    number(_shown(s.pre, s.post, s.change), why),
                    number(s.ci_low, why),
                    number(s.ci_high, why),
                    number(s.p_value, why),
                    number(s.p_adjusted, why),
                    number(s.effect_size, why),
                    number(s.n_pre, s.reason),
                    number(s.n_post, s.reason),
                    fraction(s.percent_positive_pre, s.reason),
                    fraction(s.percent_positive_post, s.reason),
                    number(s.percent_positive_p_adjusted, why),
                    number(s.percent_positive_design_effect, why),
                    number(s.detectable_change, why),
                    verdict_word(s.verdict),
                ]
            )
    return table if table.rows else None


def item_changes(c: Any) -> Table | None:
    table = Table(
        "Item changes",
        "Each item's score (0-10, reversed where negatively worded) pre and post, in "
        "questionnaire order, and the change between them as shown; the five largest changes "
        "of each source are flagged. Each change is tested (Welch), adjusted across every "
        "item, and given a verdict.",
        [
            Column("Source"),
            Column("Element"),
            Column("Element id"),
            Column("Item"),
            Column("Wording", width=50, wrap=True),
            Column("Pre", SCORE),
            Column("Post", SCORE),
            Column("Change", SCORE),
            Column("p adjusted", P_VALUE),
            Column("Detectable change", SCORE),
            Column("Verdict"),
            Column("Largest-change rank", COUNT),
            NOTE,
        ],
    )
    names = {e.id: e.name for e in c.elements}
    for item in c.items:
        table.rows.append(
            [
                source_name(item.source),
                names.get(item.element, item.element),
                item.element,
                item.code,
                item.text,
                number(item.pre, item.reason),
                number(item.post, item.reason),
                number(_shown(item.pre, item.post, item.change), item.reason),
                number(item.p_adjusted, item.reason or "not tested"),
                number(item.detectable_change, item.reason or "not tested"),
                verdict_word(item.verdict),
                item.change_rank,
            ]
        )
    return table if table.rows else None


def group_changes(c: Any) -> Table | None:
    table = Table(
        "Group changes",
        "Groups that meet the reporting threshold in both collections, one row per group "
        "and element: its respondents and score pre and post and the verdict of its change "
        "(tested as the elements are); a group hidden in either collection is hidden in "
        "both, its figures blank and the Note saying why.",
        [
            Column("Source"),
            Column("By"),
            Column("By id"),
            Column("Group"),
            Column("n pre", COUNT),
            Column("n post", COUNT),
            Column("Element"),
            Column("Element id"),
            Column("Pre", SCORE),
            Column("Post", SCORE),
            Column("Change", SCORE),
            Column("Verdict"),
            NOTE,
        ],
    )
    names = {e.id: e.name for e in c.elements}
    for breakdown in c.breakdowns:
        head = [source_name(breakdown.source), humanise(breakdown.by_label), breakdown.by]
        for group in breakdown.groups:
            if group.suppressed:
                hidden = Hidden(group.reason or "not shown")
                table.rows.append([*head, group.label, hidden, hidden, "", "", *[hidden] * 4])
                continue
            for element, e in group.elements.items():
                why = e.reason if e.suppressed else None
                table.rows.append(
                    [
                        *head,
                        group.label,
                        number(group.n_pre),
                        number(group.n_post),
                        names.get(element, element),
                        element,
                        number(e.pre, why),
                        number(e.post, why),
                        number(_shown(e.pre, e.post, e.change), why),
                        Hidden(why) if why else verdict_word(e.verdict),
                    ]
                )
    return table if table.rows else None


def response_changes(c: Any) -> Table | None:
    table = Table(
        "Responses",
        "Respondents and response rates in both collections.",
        [
            Column("Source"),
            Column("Respondents pre", COUNT),
            Column("Respondents post", COUNT),
            Column("Headcount pre", COUNT),
            Column("Headcount post", COUNT),
            Column("Rate pre", RESPONSE_RATE),
            Column("Rate post", RESPONSE_RATE),
            NOTE,
        ],
    )
    for source, r in c.response.items():
        table.rows.append(
            [
                source_name(source),
                r.respondents_pre,
                r.respondents_post,
                number(r.headcount_pre, "not given"),
                number(r.headcount_post, "not given"),
                number(r.rate_pre, "no headcount"),
                number(r.rate_post, "no headcount"),
            ]
        )
    return table if table.rows else None


def indicator_changes(c: Any) -> Table | None:
    if not c.dashboard:
        return None
    columns = [
        Column("Indicator", width=40, wrap=True),
        Column("Element"),
        Column("Element id"),
        Column("Unit"),
        Column("Pre"),
        Column("Post"),
        Column("Change"),
        Column("Higher is better"),
        Column("Verdict"),
        NOTE,
    ]
    table = Table(
        "Existing data changes",
        "Dashboard indicators in both collections, in the indicator's unit (a percentage "
        "stored as a fraction, shown with %, its change in points stored the same way), "
        "and whether each moved (by the framework's tolerance) in its better direction.",
        columns,
    )
    names = {e.id: e.name for e in c.elements}
    for i in c.dashboard:
        places = given_places(i.pre, i.post)
        given = fraction if i.unit in POINTS_UNITS else number
        index = len(table.rows)
        for column in (4, 5, 6):
            table.number_formats[(index, column)] = excel_given_format(places, i.unit)
        table.rows.append(
            [
                i.name,
                names.get(i.element, i.element) if i.element else "",
                i.element or "",
                i.unit or "",
                given(i.pre, f"not in {c.pre.period}"),
                given(i.post, f"not in {c.post.period}"),
                given(_shown(i.pre, i.post, i.change, places), "not available"),
                yes_no(i.higher_is_better),
                change_tag(i, marked=False)[1],
            ]
        )
    return table


def workforce_changes(c: Any) -> Table | None:
    if c.workforce is None:
        return None
    table = Table(
        "Workforce changes",
        "WRES and WDES figures, turnover and leadership shares in both collections "
        "(whole-workforce figures: not tested), in their unit: percentages, and changes "
        "and differences in percentage points, stored as fractions and shown with %.",
        [
            Column("Measure", width=40, wrap=True),
            Column("Unit"),
            Column("Pre"),
            Column("Post"),
            Column("Change"),
            Column("Verdict"),
            NOTE,
        ],
    )
    w = c.workforce
    measures: list[tuple[str, str, Any, str]] = [
        (f"{s.standard} {s.number}: {s.title}", s.unit, s, parity_tag(s, marked=False)[1])
        for standard in (w.wres, w.wdes)
        for s in standard.values()
    ]
    measures += [
        ("Turnover", "percent", w.turnover, ""),
        ("BME share of leaders", "percent", w.bme_leadership_share, ""),
        ("Disabled share of leaders", "percent", w.disabled_leadership_share, ""),
    ]
    for label, unit, v, verdict in measures:
        kind = unit_kind(unit)
        ratio = kind == "ratio"
        given = number if ratio else fraction
        index = len(table.rows)
        for column in (2, 3, 4):
            table.number_formats[(index, column)] = RATIO if ratio else STAFF_SHARE
        table.rows.append(
            [
                label,
                unit,
                given(v.pre, v.reason),
                given(v.post, v.reason),
                given(_shown(v.pre, v.post, v.change, kind), v.reason),
                verdict,
            ]
        )
    return table


def _shown(
    pre: float | None, post: float | None, change: float | None, kind: Any = "score"
) -> float | None:
    """The change as the report shows it: post minus pre, each rounded by the one rule
    (:mod:`culturekit.report.presentation.numbers`), so the workbook's three figures read
    as the report's do. None where the comparison gives no change."""
    return None if change is None else shown_change(pre, post, kind)


SHEETS: tuple[SheetBuilder, ...] = (
    element_changes,
    item_changes,
    group_changes,
    response_changes,
    indicator_changes,
    workforce_changes,
    comparison_audit,
)


def render(c: Any) -> bytes:
    """``compare.xlsx`` of a comparison."""
    return write_workbook(c, f"Culture comparison: {c.trust.name}", SHEETS)

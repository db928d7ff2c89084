"""The workbook of a comparison (``compare.xlsx``)."""

from __future__ import annotations

from typing import Any

from culturekit.report.excel.cells import (
    ANSWER_SHARE,
    COUNT,
    DESIGN_EFFECT,
    EFFECT_SIZE,
    P_VALUE,
    POINTS,
    RATIO,
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
from culturekit.report.excel.disclosure import comparison_audit
from culturekit.report.excel.workbook import write_workbook
from culturekit.report.presentation.numbers import given_places, shown_change, unit_kind
from culturekit.report.presentation.rules import confidence_label
from culturekit.report.presentation.tags import change_tag, parity_tag
from culturekit.report.presentation.words import source_name, verdict_label


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
        ],
    )
    for element in c.elements:
        for source, s in element.sources.items():
            why = s.reason if s.suppressed else "not tested"
            table.rows.append(
                [
                    element.name,
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
                    verdict_label(s.verdict),
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
            Column("Item"),
            Column("Wording", wrap=True),
            Column("Pre", SCORE),
            Column("Post", SCORE),
            Column("Change", SCORE),
            Column("p adjusted", P_VALUE),
            Column("Detectable change", SCORE),
            Column("Verdict"),
            Column("Largest-change rank", COUNT),
        ],
    )
    for item in c.items:
        table.rows.append(
            [
                source_name(item.source),
                item.element,
                item.code,
                item.text,
                number(item.pre, item.reason),
                number(item.post, item.reason),
                number(_shown(item.pre, item.post, item.change), item.reason),
                number(item.p_adjusted, item.reason or "not tested"),
                number(item.detectable_change, item.reason or "not tested"),
                verdict_label(item.verdict),
                item.change_rank if item.change_rank is not None else "",
            ]
        )
    return table if table.rows else None


def group_changes(c: Any) -> Table | None:
    table = Table(
        "Group changes",
        "Groups that meet the reporting threshold in both collections, with each element's "
        "score pre and post and the verdict of its change (tested as the elements are); a "
        "group hidden in either collection is hidden in both.",
        [
            Column("Source"),
            Column("Grouped by"),
            Column("Group"),
            Column("n pre", COUNT),
            Column("n post", COUNT),
            Column("Element"),
            Column("Pre", SCORE),
            Column("Post", SCORE),
            Column("Change", SCORE),
            Column("Verdict"),
        ],
    )
    for breakdown in c.breakdowns:
        for group in breakdown.groups:
            if group.suppressed:
                hidden = Hidden(group.reason or "not shown")
                table.rows.append(
                    [
                        source_name(breakdown.source),
                        breakdown.by_label,
                        group.label,
                        hidden,
                        hidden,
                        "",
                        hidden,
                        hidden,
                        hidden,
                        hidden,
                    ]
                )
                continue
            for element, e in group.elements.items():
                why = e.reason if e.suppressed else None
                table.rows.append(
                    [
                        source_name(breakdown.source),
                        breakdown.by_label,
                        group.label,
                        number(group.n_pre),
                        number(group.n_post),
                        element,
                        number(e.pre, why),
                        number(e.post, why),
                        number(_shown(e.pre, e.post, e.change), why),
                        Hidden(why) if why else verdict_label(e.verdict),
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
    table = Table(
        "Existing data changes",
        "Dashboard indicators in both collections, and whether each moved (by the framework's "
        "tolerance) in its better direction.",
        [
            Column("Indicator"),
            Column("Element"),
            Column("Unit"),
            Column("Pre", VALUE),
            Column("Post", VALUE),
            Column("Change", VALUE),
            Column("Higher is better"),
            Column("Verdict"),
        ],
    )
    for i in c.dashboard:
        places = given_places(i.pre, i.post)
        table.rows.append(
            [
                i.name,
                i.element or "",
                i.unit or "",
                number(i.pre, "not in this collection"),
                number(i.post, "not in this collection"),
                number(_shown(i.pre, i.post, i.change, places), "not available"),
                yes_no(i.higher_is_better),
                change_tag(i)[1],
            ]
        )
    return table


def workforce_changes(c: Any) -> Table | None:
    if c.workforce is None:
        return None
    table = Table(
        "Workforce changes",
        "WRES and WDES figures, turnover and leadership shares in both collections "
        "(whole-workforce figures: not tested).",
        [
            Column("Measure"),
            Column("Pre", VALUE),
            Column("Post", VALUE),
            Column("Change", VALUE),
            Column("Verdict"),
        ],
    )
    w = c.workforce
    for standard in (w.wres, w.wdes):
        for s in standard.values():
            kind = unit_kind(s.unit)
            fmt = RATIO if kind == "ratio" else POINTS
            index = len(table.rows)
            for column in (1, 2, 3):
                table.number_formats[(index, column)] = fmt
            table.rows.append(
                [
                    f"{s.standard} {s.number}: {s.title}",
                    number(s.pre, s.reason),
                    number(s.post, s.reason),
                    number(_shown(s.pre, s.post, s.change, kind), s.reason),
                    parity_tag(s)[1],
                ]
            )
    for label, v in (
        ("Turnover (%)", w.turnover),
        ("BME share of leaders (%)", w.bme_leadership_share),
        ("Disabled share of leaders (%)", w.disabled_leadership_share),
    ):
        index = len(table.rows)
        for column in (1, 2, 3):
            table.number_formats[(index, column)] = POINTS
        table.rows.append(
            [
                label,
                number(v.pre, v.reason),
                number(v.post, v.reason),
                number(_shown(v.pre, v.post, v.change, "staff_share"), v.reason),
                "",
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

"""Excel sheets of a comparison and of a network summary (registered on import)."""

from __future__ import annotations

from culturekit.comparison import Comparison
from culturekit.framework.model import SOURCE_NAMES
from culturekit.network import NetworkSummary
from culturekit.report.excel import (
    COUNT,
    P_VALUE,
    PERCENT,
    SCORE,
    SCORE_2,
    VALUE,
    Column,
    Hidden,
    Table,
    _fraction,
    _number,
    _yes_no,
    sheet_builder,
)
from culturekit.report.palette import VERDICT_SYMBOLS


def _source(source: str) -> str:
    return SOURCE_NAMES.get(source, source.capitalize())


@sheet_builder(Comparison)
def element_changes(c: Comparison) -> Table | None:
    table = Table(
        "Element changes",
        "Each element's score pre and post by source, the change (post minus pre) with its "
        "95% interval, Welch's t-test p and adjusted p, Hedges' g, % positive pre and post "
        "with its test, and the verdict.",
        [
            Column("Element"),
            Column("Source"),
            Column("Pre", SCORE),
            Column("Post", SCORE),
            Column("Change", SCORE_2),
            Column("CI low", SCORE_2),
            Column("CI high", SCORE_2),
            Column("p", P_VALUE),
            Column("p adjusted", P_VALUE),
            Column("Hedges' g", SCORE_2),
            Column("n pre", COUNT),
            Column("n post", COUNT),
            Column("% positive pre", PERCENT),
            Column("% positive post", PERCENT),
            Column("% positive p adjusted", P_VALUE),
            Column("Verdict"),
        ],
    )
    for element in c.elements:
        for source, s in element.sources.items():
            why = s.reason if s.suppressed else "not tested"
            table.rows.append(
                [
                    element.name,
                    _source(source),
                    _number(s.pre, s.reason),
                    _number(s.post, s.reason),
                    _number(s.change, why),
                    _number(s.ci_low, why),
                    _number(s.ci_high, why),
                    _number(s.p_value, why),
                    _number(s.p_adjusted, why),
                    _number(s.effect_size, why),
                    _number(s.n_pre, s.reason),
                    _number(s.n_post, s.reason),
                    _fraction(s.percent_positive_pre, s.reason),
                    _fraction(s.percent_positive_post, s.reason),
                    _number(s.percent_positive_p_adjusted, why),
                    f"{VERDICT_SYMBOLS[s.verdict]} {s.verdict}",
                ]
            )
    return table if table.rows else None


@sheet_builder(Comparison)
def item_changes(c: Comparison) -> Table | None:
    table = Table(
        "Item changes",
        "Each item's score (0-10, reversed where negatively worded) pre and post, in "
        "questionnaire order; the five largest changes of each source are flagged. "
        "Descriptive: not tested.",
        [
            Column("Source"),
            Column("Element"),
            Column("Item"),
            Column("Wording", wrap=True),
            Column("Pre", SCORE),
            Column("Post", SCORE),
            Column("Change", SCORE_2),
            Column("Largest-change rank", COUNT),
        ],
    )
    for item in c.items:
        table.rows.append(
            [
                _source(item.source),
                item.element,
                item.code,
                item.text,
                _number(item.pre, item.reason),
                _number(item.post, item.reason),
                _number(item.change, item.reason),
                item.change_rank if item.change_rank is not None else "",
            ]
        )
    return table if table.rows else None


@sheet_builder(Comparison)
def group_changes(c: Comparison) -> Table | None:
    table = Table(
        "Group changes",
        "Groups that meet the reporting threshold in both collections, with each element's "
        "score pre and post; a group hidden in either collection is hidden in both.",
        [
            Column("Source"),
            Column("Grouped by"),
            Column("Group"),
            Column("n pre", COUNT),
            Column("n post", COUNT),
            Column("Element"),
            Column("Pre", SCORE),
            Column("Post", SCORE),
            Column("Change", SCORE_2),
        ],
    )
    for breakdown in c.breakdowns:
        for group in breakdown.groups:
            if group.suppressed:
                hidden = Hidden(group.reason or "not shown")
                table.rows.append(
                    [
                        _source(breakdown.source),
                        breakdown.by_label,
                        group.label,
                        hidden,
                        hidden,
                        "",
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
                        _source(breakdown.source),
                        breakdown.by_label,
                        group.label,
                        _number(group.n_pre),
                        _number(group.n_post),
                        element,
                        _number(e.pre, why),
                        _number(e.post, why),
                        _number(e.change, why),
                    ]
                )
    return table if table.rows else None


@sheet_builder(Comparison)
def response_changes(c: Comparison) -> Table | None:
    table = Table(
        "Responses",
        "Respondents and response rates in both collections.",
        [
            Column("Source"),
            Column("Respondents pre", COUNT),
            Column("Respondents post", COUNT),
            Column("Headcount pre", COUNT),
            Column("Headcount post", COUNT),
            Column("Rate pre", PERCENT),
            Column("Rate post", PERCENT),
        ],
    )
    for source, r in c.response.items():
        table.rows.append(
            [
                _source(source),
                r.respondents_pre,
                r.respondents_post,
                _number(r.headcount_pre, "not given"),
                _number(r.headcount_post, "not given"),
                _number(r.rate_pre, "no headcount"),
                _number(r.rate_post, "no headcount"),
            ]
        )
    return table if table.rows else None


@sheet_builder(Comparison)
def indicator_changes(c: Comparison) -> Table | None:
    if not c.dashboard:
        return None
    table = Table(
        "Existing data changes",
        "Dashboard indicators in both collections, and whether each moved in its better direction.",
        [
            Column("Indicator"),
            Column("Element"),
            Column("Unit"),
            Column("Pre", VALUE),
            Column("Post", VALUE),
            Column("Change", VALUE),
            Column("Higher is better"),
            Column("Improved"),
        ],
    )
    for i in c.dashboard:
        table.rows.append(
            [
                i.name,
                i.element or "",
                i.unit or "",
                _number(i.pre, "not in this collection"),
                _number(i.post, "not in this collection"),
                _number(i.change, "not available"),
                _yes_no(i.higher_is_better),
                _yes_no(i.improved),
            ]
        )
    return table


@sheet_builder(Comparison)
def workforce_changes(c: Comparison) -> Table | None:
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
            Column("Towards parity"),
        ],
    )
    w = c.workforce
    for standard in (w.wres, w.wdes):
        for s in standard.values():
            table.rows.append(
                [
                    f"{s.standard} {s.number}: {s.title}",
                    _number(s.pre, s.reason),
                    _number(s.post, s.reason),
                    _number(s.change, s.reason),
                    _yes_no(s.towards_parity),
                ]
            )
    for label, v in (
        ("Turnover (%)", w.turnover),
        ("BME share of leaders (%)", w.bme_leadership_share),
        ("Disabled share of leaders (%)", w.disabled_leadership_share),
    ):
        table.rows.append(
            [
                label,
                _number(v.pre, v.reason),
                _number(v.post, v.reason),
                _number(v.change, v.reason),
                "",
            ]
        )
    return table


@sheet_builder(NetworkSummary)
def network_scores(n: NetworkSummary) -> Table | None:
    table = Table(
        "Trust scores",
        "Each trust's element scores by source, the network average (unweighted mean of "
        "the trusts) and each trust's difference from it.",
        [
            Column("Element"),
            Column("Source"),
            Column("Trust"),
            Column("Score", SCORE),
            Column("Network average", SCORE),
            Column("Difference", SCORE_2),
            Column("Reading"),
        ],
    )
    for element in n.elements:
        for source in element.sources:
            for t in source.trusts:
                table.rows.append(
                    [
                        element.name,
                        _source(source.source),
                        t.label,
                        _number(t.score, t.reason),
                        _number(source.network_average, "no trust shown"),
                        _number(t.difference, t.reason),
                        t.reading or "",
                    ]
                )
    return table if table.rows else None


@sheet_builder(NetworkSummary)
def network_trusts(n: NetworkSummary) -> Table | None:
    table = Table(
        "Trusts",
        "The trusts in the summary with their respondents by source.",
        [
            Column("Trust"),
            Column("Code"),
            Column("Period"),
            Column("Staff", COUNT),
            Column("Board", COUNT),
            Column("Stakeholders", COUNT),
        ],
    )
    for t in n.trusts:
        table.rows.append(
            [
                t.label,
                t.code,
                t.period,
                *(
                    _number(t.respondents.get(s), "not collected")
                    for s in ("staff", "board", "stakeholders")
                ),
            ]
        )
    return table

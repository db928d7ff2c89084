"""Element by element, source by source: the tested changes and their verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from culturekit import stats
from culturekit.comparison.sides import Side
from culturekit.comparison.verdicts import change_verdict, detectable_change
from culturekit.privacy import is_reportable, suppression_reason
from culturekit.results.comparison import (
    ChangeRef,
    ComparisonSummary,
    Correction,
    ElementChange,
    SourceChange,
)
from culturekit.scoring.perceptions import answer_sides


@dataclass
class _Tested:
    """A change's statistics before the p-values are adjusted."""

    element: str
    source: str
    fields: dict[str, Any]
    p_value: float | None = None
    percent_positive_p: float | None = None
    se: float | None = None
    df: float | None = None


def element_changes(
    a: Side,
    b: Side,
    sources: list[str],
    threshold: int,
    confidence: float,
    correction: Correction,
) -> list[ElementChange]:
    fw = b.data.framework
    tested: list[_Tested] = []
    for element in fw.elements:
        for source in sources:
            entry = _element_source(a, b, source, element.id, threshold, confidence)
            if entry is not None:
                tested.append(entry)
    p_adjusted = stats.adjust_pvalues([t.p_value for t in tested], correction)
    pp_adjusted = stats.adjust_pvalues([t.percent_positive_p for t in tested], correction)
    changes: dict[str, dict[str, SourceChange]] = {e.id: {} for e in fw.elements}
    family = sum(1 for t in tested if t.p_value is not None)
    for entry, p_adj, pp_adj in zip(tested, p_adjusted, pp_adjusted, strict=True):
        detectable = detectable_change(entry.se, entry.df, family, fw.rules)
        fields = entry.fields
        verdict = change_verdict(
            fields.get("change"),
            p_adj,
            detectable,
            fw.rules,
            pre=fields.get("pre"),
            post=fields.get("post"),
        )
        changes[entry.element][entry.source] = SourceChange(
            **entry.fields,
            detectable_change=detectable if p_adj is not None else None,
            p_value=entry.p_value,
            p_adjusted=p_adj,
            percent_positive_p=entry.percent_positive_p,
            percent_positive_p_adjusted=pp_adj,
            verdict=verdict,
        )
    return [ElementChange(id=e.id, name=e.name, sources=changes[e.id]) for e in fw.elements]


def _element_source(
    a: Side, b: Side, source: str, element_id: str, threshold: int, confidence: float
) -> _Tested | None:
    has_a = bool(a.scored[source].items.get(element_id))
    has_b = bool(b.scored[source].items.get(element_id))
    if not has_a and not has_b:
        return None
    if not (has_a and has_b):
        side = a if not has_a else b
        return _Tested(
            element_id,
            source,
            {
                "source": source,
                "reason": f"no items of this element in the {side.name} questionnaire "
                f"({side.period})",
            },
        )
    x_pre = a.scored[source].element_scores[element_id].dropna().to_numpy()
    x_post = b.scored[source].element_scores[element_id].dropna().to_numpy()
    pre_ok = is_reportable(len(x_pre), threshold)
    post_ok = is_reportable(len(x_post), threshold)
    pos_pre, ans_pre = _positive_answers(a, source, element_id)
    pos_post, ans_post = _positive_answers(b, source, element_id)
    fields: dict[str, Any] = {"source": source}
    if pre_ok:
        fields |= {
            "pre": stats.mean_ci(x_pre, confidence).mean,
            "n_pre": len(x_pre),
            "percent_positive_pre": stats.percent(int(pos_pre.sum()), int(ans_pre.sum())),
        }
    if post_ok:
        fields |= {
            "post": stats.mean_ci(x_post, confidence).mean,
            "n_post": len(x_post),
            "percent_positive_post": stats.percent(int(pos_post.sum()), int(ans_post.sum())),
        }
    if not (pre_ok and post_ok):
        hidden = [s.period for s, ok in ((a, pre_ok), (b, post_ok)) if not ok]
        fields |= {
            "suppressed": True,
            "reason": suppression_reason(threshold, where=hidden),
        }
        return _Tested(element_id, source, fields)

    diff = stats.welch_difference(x_post, x_pre, confidence)
    # Each respondent answers several of the element's items: their answers are not
    # independent, so the share is tested with respondents as clusters.
    prop = stats.clustered_proportion_difference(pos_post, ans_post, pos_pre, ans_pre, confidence)
    pp_pre, pp_post = fields["percent_positive_pre"], fields["percent_positive_post"]
    fields |= {
        "change": diff.difference,
        "ci_low": diff.ci_low,
        "ci_high": diff.ci_high,
        "effect_size": stats.hedges_g(x_post, x_pre),
        "percent_positive_change": (
            pp_post - pp_pre if pp_pre is not None and pp_post is not None else None
        ),
        "percent_positive_ci_low": _points(prop.ci_low),
        "percent_positive_ci_high": _points(prop.ci_high),
        "percent_positive_design_effect": prop.design_effect,
    }
    if diff.p_value is None:
        fields["reason"] = "the scores do not vary on either side, so the change is not tested"
    return _Tested(element_id, source, fields, diff.p_value, prop.p_value, diff.se, diff.df)


def _positive_answers(side: Side, source: str, element_id: str) -> tuple[np.ndarray, np.ndarray]:
    """Each respondent's answers in the positive categories, and answers given, over the
    element's items."""
    fw = side.data.framework
    items = side.scored[source].items.get(element_id, [])
    survey = side.data.surveys[source]
    codes = [i.code for i in items]
    positive = answer_sides(survey, fw)[0][codes].to_numpy()
    return positive.sum(axis=1), survey.codes[codes].notna().to_numpy().sum(axis=1)


def _points(share: float | None) -> float | None:
    return None if share is None else 100.0 * share


def summarise(elements: list[ElementChange]) -> ComparisonSummary:
    lists: dict[str, list[ChangeRef]] = {
        "better": [],
        "worse": [],
        "no clear change": [],
        "too few to tell": [],
        "not tested": [],
    }
    for element in elements:
        for source, change in element.sources.items():
            lists[change.verdict].append(
                ChangeRef(
                    element=element.id,
                    element_name=element.name,
                    source=source,
                    change=change.change,
                    p_adjusted=change.p_adjusted,
                )
            )
    return ComparisonSummary(
        improved=lists["better"],
        worsened=lists["worse"],
        no_clear_change=lists["no clear change"],
        too_few_to_tell=lists["too few to tell"],
        not_tested=lists["not tested"],
    )

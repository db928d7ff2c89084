"""The other sources pre and post: dashboard indicators and the workforce analysis."""

from __future__ import annotations

from typing import Any

from culturekit.comparison.verdicts import figure_verdict, parity_verdict
from culturekit.framework.model import Rules
from culturekit.ingest.models import TrustData
from culturekit.names import normalise_label
from culturekit.precision import given_places, unit_places
from culturekit.results.comparison import (
    IndicatorChange,
    StandardChange,
    ValueChange,
    WorkforceChange,
)
from culturekit.results.dashboard import DashboardResult, RatedIndicator
from culturekit.results.diagnosis import DisclosureAudit
from culturekit.results.workforce import Indicator as WorkforceIndicator
from culturekit.results.workforce import WorkforceResult
from culturekit.scoring.dashboard import score_dashboard
from culturekit.scoring.workforce import audited_workforce


def dashboard_changes(pre: TrustData, post: TrustData) -> list[IndicatorChange] | None:
    """Change in each existing-data (dashboard) indicator, matched by normalised name.

    None unless both collections hold a Dashboard sheet. Indicators on one side only are
    listed with the other side None. These are the trust's own figures, not samples:
    a change is judged by the framework's tolerance (:func:`figure_verdict`).
    """
    if pre.dashboard is None or post.dashboard is None:
        return None
    before = _indicators(score_dashboard(pre.dashboard, pre.framework))
    after = _indicators(score_dashboard(post.dashboard, post.framework))
    changes = []
    for key in [*after, *(k for k in before if k not in after)]:
        old, new = before.get(key), after.get(key)
        shown = new if new is not None else old
        directions = {i.higher_is_better for i in (old, new) if i is not None}
        higher = directions.pop() if len(directions) == 1 else None
        pre_value = None if old is None else old.value
        post_value = None if new is None else new.value
        change = None
        if pre_value is not None and post_value is not None:
            change = post_value - pre_value
        # The trust's own figures are printed with the places they were given.
        places = given_places(pre_value, post_value)
        verdict = figure_verdict(pre_value, post_value, higher, post.framework.rules, places)
        changes.append(
            IndicatorChange(
                name=shown.indicator,
                element=shown.element,
                unit=shown.unit,
                pre=pre_value,
                post=post_value,
                change=change,
                higher_is_better=higher,
                verdict=verdict,
            )
        )
    return changes


def _indicators(result: DashboardResult) -> dict[str, RatedIndicator]:
    """Rated indicators by normalised name, in dashboard order (the first of duplicates)."""
    out: dict[str, RatedIndicator] = {}
    for element in result.elements:
        for indicator in element.indicators:
            out.setdefault(normalise_label(indicator.indicator), indicator)
    return out


def workforce_changes(
    pre: TrustData, post: TrustData
) -> tuple[WorkforceChange | None, list[DisclosureAudit]]:
    """Change in WRES/WDES values, turnover and leadership diversity, with the audit of
    each collection's workforce tables.

    None unless both collections hold a Workforce or Recruitment sheet.
    """
    if (pre.workforce is None and pre.recruitment is None) or (
        post.workforce is None and post.recruitment is None
    ):
        return None, []
    periods = (pre.trust.period, post.trust.period)
    a, pre_audit = audited_workforce(pre.workforce, pre.recruitment, pre.framework, "pre")
    b, post_audit = audited_workforce(post.workforce, post.recruitment, post.framework, "post")
    found = [audit for audit in (pre_audit, post_audit) if audit is not None]
    return WorkforceChange(
        wres=_standard_changes(a.wres, b.wres, periods, post.framework.rules),
        wdes=_standard_changes(a.wdes, b.wdes, periods, post.framework.rules),
        turnover=_value_change(
            (a.turnover.percent, _why(a.turnover)), (b.turnover.percent, _why(b.turnover)), periods
        ),
        bme_leadership_share=_value_change(
            _leadership_share(a, "ethnicity_group", "BME"),
            _leadership_share(b, "ethnicity_group", "BME"),
            periods,
        ),
        disabled_leadership_share=_value_change(
            _leadership_share(a, "disability", "Yes"),
            _leadership_share(b, "disability", "Yes"),
            periods,
        ),
    ), found


def _why(figure: Any) -> str | None:
    """Why a workforce figure has no value: not available, or hidden."""
    return getattr(figure, "missing_reason", None) or getattr(figure, "reason", None)


def _value_change(
    pre: tuple[float | None, str | None],
    post: tuple[float | None, str | None],
    periods: tuple[str, str],
) -> ValueChange:
    return ValueChange(**_pair(pre, post, periods))


def _pair(
    pre: tuple[float | None, str | None],
    post: tuple[float | None, str | None],
    periods: tuple[str, str],
) -> dict[str, Any]:
    (x, why_x), (y, why_y) = pre, post
    reasons = [
        f"{period}: {why or 'not available'}"
        for period, value, why in ((periods[0], x, why_x), (periods[1], y, why_y))
        if value is None
    ]
    return {
        "pre": x,
        "post": y,
        "change": y - x if x is not None and y is not None else None,
        "reason": "; ".join(reasons) or None,
    }


def _standard_changes(
    pre: dict[int, WorkforceIndicator],
    post: dict[int, WorkforceIndicator],
    periods: tuple[str, str],
    rules: Rules,
) -> dict[str, StandardChange]:
    out = {}
    for number in sorted(set(pre) | set(post)):
        old, new = pre.get(number), post.get(number)
        shown = new if new is not None else old
        fields = _pair(
            (None, "not available") if old is None else (old.value, _why(old)),
            (None, "not available") if new is None else (new.value, _why(new)),
            periods,
        )
        out[str(number)] = StandardChange(
            **fields,
            standard=shown.standard,
            number=number,
            title=shown.title,
            unit=shown.unit,
            verdict=parity_verdict(
                shown.unit, fields["pre"], fields["post"], rules, unit_places(shown.unit)
            ),
        )
    return out


def _leadership_share(
    result: WorkforceResult, characteristic: str, category: str
) -> tuple[float | None, str | None]:
    """The percentage of leaders in ``category`` (BME, Disabled), or why it is not shown."""
    table = next((t for t in result.representation if t.characteristic == characteristic), None)
    if table is None:
        return None, "no Workforce sheet"
    if not table.available or table.leadership is None:
        return None, table.missing_reason
    cell = table.leadership.cell(category)
    return cell.percent, cell.reason

"""Shares of a group: turnover and succession risk."""

from __future__ import annotations

import re

import pandas as pd

from culturekit.privacy import outcome_reason
from culturekit.results.workforce import (
    Share,
)
from culturekit.scoring.workforce.context import (
    Context,
    age_key,
    hidden_groups,
    outcome_withheld,
    too_few,
)
from culturekit.stats import percent, turnover_rate


def not_available(label: str, reason: str) -> Share:
    return Share(label=label, available=False, missing_reason=reason)


def turnover(ctx: Context | None, label: str, mask: pd.Series | None) -> Share:
    """Leavers over the average number in post, as NHS workforce statistics and ESR work
    out turnover: the sheet lists everyone in post at the start of the period, those who
    left flagged, so the period starts with ``total`` in post and ends with ``total -
    count``. The withholding rules read the count and the group's size, as for every
    outcome."""
    if ctx is None:
        return not_available(label, "no Workforce sheet")
    flag = ctx.frame["left_in_period"]
    if not flag.notna().any():
        return not_available(
            label,
            "no left_in_period values are recorded in the Workforce sheet (column missing "
            "or empty)",
        )
    if mask is not None:
        flag = flag[mask]
    known = flag.notna().to_numpy(dtype=bool)
    total = int(known.sum())
    count = int(flag[known].astype(bool).sum())
    if 0 < total < ctx.threshold:
        reason = too_few(ctx.threshold)
        return Share(label=label, available=True, suppressed=True, reason=reason)
    if outcome_withheld(count, total, ctx.threshold):
        # The group's size is shown elsewhere, so neither the count nor the share is.
        reason = outcome_reason(ctx.threshold, "left")
        return Share(label=label, available=True, suppressed=True, reason=reason)
    base = total - count / 2
    return Share(
        label=label,
        available=True,
        count=count,
        total=total,
        base=base,
        percent=turnover_rate(count, total),
    )


def succession(ctx: Context | None) -> Share:
    label = "Leaders aged 55 and over"
    if ctx is None:
        return not_available(label, "no Workforce sheet")
    bands = ctx.framework.rules.succession_age_bands
    if not bands:
        return not_available(label, "the framework names no succession age bands")
    frame, t = ctx.frame, ctx.threshold
    if not frame["age_band"].notna().any():
        return not_available(
            label,
            "no age_band values are recorded in the Workforce sheet (column missing or empty)",
        )
    ages = age_key(frame["age_band"][ctx.leaders])
    wanted = {re.sub(r"\s+", "", b.lower()) for b in bands}
    older = ages.isin(wanted).fillna(False).astype(bool)
    unknown = ages.isna()
    parts = {
        "older": int(older.sum()),
        "younger": int((~older & ~unknown).sum()),
        "unknown": int(unknown.sum()),
    }
    leaders = sum(parts.values())
    if 0 < leaders < t:
        reason = too_few(t)
        return Share(label=label, available=True, suppressed=True, reason=reason)
    hidden = hidden_groups(parts, t)
    shown_unknown = None if "unknown" in hidden else parts["unknown"]
    if "older" in hidden or "younger" in hidden:
        reason = hidden.get("older") or hidden["younger"]
        return Share(
            label=label, available=True, suppressed=True, reason=reason, unknown=shown_unknown
        )
    known = parts["older"] + parts["younger"]
    return Share(
        label=label,
        available=True,
        count=parts["older"],
        total=known,
        percent=percent(parts["older"], known),
        unknown=shown_unknown,
    )

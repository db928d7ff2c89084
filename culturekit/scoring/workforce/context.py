"""What every workforce figure starts from: the frame, its leaders, the bands hidden.

Also the small-group rule as applied to one characteristic split (:func:`split_row`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from culturekit.framework.model import Framework
from culturekit.ingest.workforce import (
    BANDS,
    DISABILITY_VALUES,
    ETHNICITY_GROUPS,
    WorkforceData,
    canonical_band,
)
from culturekit.privacy import suppressed_groups, suppression_reason
from culturekit.results.workforce import (
    CharacteristicName,
    Count,
    Headcount,
    RepresentationCell,
    RepresentationRow,
)
from culturekit.stats import percent

PIPELINE_BANDS: tuple[str, ...] = (
    "Band 5",
    "Band 6",
    "Band 7",
    "Band 8a",
    "Band 8b",
    "Band 8c",
    "Band 8d",
    "Band 9",
    "VSM",
)
"""Rows of the representation tables, followed by a last row "Board"."""
BOARD_ROW = "Board"

CHARACTERISTICS: tuple[CharacteristicName, ...] = ("ethnicity_group", "disability", "gender")


def too_few(threshold: int, unit: str = "staff") -> str:
    return suppression_reason(threshold, unit=unit)


def hidden_groups(counts: dict[str, int], threshold: int, unit: str = "staff") -> dict[str, str]:
    """Groups to hide (primary and complementary, via privacy) and the reason for each."""
    return {
        key: too_few(threshold, unit)
        if counts[key] < threshold
        else suppression_reason(threshold, complementary=True)
        for key in suppressed_groups(counts, threshold)
    }


def tally(values: pd.Series, categories: Sequence[str]) -> dict[str, int]:
    tally = values.value_counts()
    return {c: int(tally.get(c, 0)) for c in categories}


def split_row(
    group: str,
    values: pd.Series,
    categories: Sequence[str],
    threshold: int,
    hidden_reason: str | None = None,
) -> RepresentationRow:
    """One characteristic split: counts and percentages of the row, suppressed."""
    total = len(values)
    if hidden_reason is None and 0 < total < threshold:
        hidden_reason = too_few(threshold)
    if hidden_reason is not None:
        return RepresentationRow(
            group=group,
            total=None,
            suppressed=True,
            reason=hidden_reason,
            cells=[
                RepresentationCell(
                    category=c, count=None, percent=None, suppressed=True, reason=hidden_reason
                )
                for c in categories
            ],
        )
    counts = tally(values, categories)
    hidden = hidden_groups(counts, threshold)
    cells = [
        RepresentationCell(category=c, count=None, percent=None, suppressed=True, reason=hidden[c])
        if c in hidden
        else RepresentationCell(category=c, count=n, percent=percent(n, total))
        for c, n in counts.items()
    ]
    return RepresentationRow(group=group, total=total, cells=cells)


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class Characteristic:
    column: str
    categories: tuple[str, ...]
    target: str  # the group WRES/WDES counts: BME, Yes
    reference: str  # the comparison group: White, No
    undeclared: str
    target_label: str  # "BME", "Disabled"
    reference_label: str  # "White", "non-disabled"


ETHNICITY = Characteristic(
    "ethnicity_group", ETHNICITY_GROUPS, "BME", "White", "Not stated", "BME", "White"
)
DISABILITY = Characteristic(
    "disability", DISABILITY_VALUES, "Yes", "No", "Not declared", "Disabled", "non-disabled"
)


def flag(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].fillna(False).astype(bool)


def band_mask(frame: pd.DataFrame, band: str) -> pd.Series:
    """Plain boolean mask of the band's staff (a band left blank matches none)."""
    return frame["band"].eq(band).fillna(False).astype(bool)


def has_ethnicity(frame: pd.DataFrame) -> bool:
    return bool(frame["ethnicity"].notna().any())


def has_disability(frame: pd.DataFrame) -> bool:
    return bool((frame["disability"] != "Not declared").any())


def has(frame: pd.DataFrame, char: Characteristic) -> bool:
    return has_ethnicity(frame) if char is ETHNICITY else has_disability(frame)


def no_characteristic(char: Characteristic, sheet: str) -> str:
    if char is ETHNICITY:
        return f"no ethnicity is recorded in the {sheet} sheet (column missing or empty)"
    return (
        f"no disability status is recorded in the {sheet} sheet (column missing, empty or "
        "all not declared)"
    )


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def age_key(values: pd.Series) -> pd.Series:
    return values.str.lower().str.replace(r"\s+", "", regex=True)


def leadership_bands(framework: Framework) -> list[str]:
    out: list[str] = []
    for label in framework.rules.leadership_bands:
        band = canonical_band(label)
        if band is not None and band not in out:
            out.append(band)
    return out


NON_CLINICAL = {"non-clinical", "non clinical", "nonclinical", "non_clinical"}


def staff_groups(frame: pd.DataFrame) -> pd.Series | None:
    """Clinical / Non-clinical / Not recorded, when staff_group uses exactly those words."""
    key = frame["staff_group"].str.lower().str.replace(r"\s+", " ", regex=True).str.strip()
    given = key.notna()
    if not given.any():
        return None
    clinical = key.eq("clinical").fillna(False).astype(bool)
    non_clinical = key.isin(NON_CLINICAL).fillna(False).astype(bool)
    if not (clinical | non_clinical)[given].all():
        return None
    out = pd.Series("Not recorded", index=frame.index, dtype="string")
    out[clinical] = "Clinical"
    out[non_clinical] = "Non-clinical"
    return out


# --------------------------------------------------------------------------- context


@dataclass
class Context:
    frame: pd.DataFrame
    framework: Framework
    threshold: int
    band_hidden: dict[str, str]
    total_hidden: str | None
    leaders: pd.Series
    board_any: pd.Series
    leadership_bands: list[str]


def context(workforce: WorkforceData, framework: Framework) -> Context:
    frame = workforce.frame
    threshold = framework.reporting_threshold
    total = len(frame)
    total_hidden = too_few(threshold) if 0 < total < threshold else None
    band_counts = tally(frame["band"], BANDS)
    if total_hidden:
        band_hidden = {b: total_hidden for b, n in band_counts.items() if n > 0}
    else:
        band_hidden = hidden_groups(band_counts, threshold)
    bands = leadership_bands(framework)
    board_any = flag(frame, "board_member") | flag(frame, "executive")
    leaders = frame["band"].isin(bands).fillna(False).astype(bool) | board_any
    return Context(
        frame=frame,
        framework=framework,
        threshold=threshold,
        band_hidden=band_hidden,
        total_hidden=total_hidden,
        leaders=leaders,
        board_any=board_any,
        leadership_bands=bands,
    )


def count_of(label: str, n: int, threshold: int, hidden: str | None = None) -> Count:
    if hidden is None and 0 < n < threshold:
        hidden = too_few(threshold)
    if hidden is not None:
        return Count(label=label, count=None, suppressed=True, reason=hidden)
    return Count(label=label, count=n)


def headcount(ctx: Context) -> Headcount:
    frame, t = ctx.frame, ctx.threshold
    band_counts = tally(frame["band"], BANDS)
    return Headcount(
        total=count_of("All staff", len(frame), t, ctx.total_hidden),
        by_band=[count_of(b, n, t, ctx.band_hidden.get(b)) for b, n in band_counts.items()],
        leadership=count_of("Leadership", int(ctx.leaders.sum()), t),
        board=count_of("Board", int(ctx.board_any.sum()), t),
        leadership_bands=ctx.leadership_bands,
    )

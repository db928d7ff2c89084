"""What every workforce figure starts from: the frame, its leaders, the bands hidden.

Also the one rule for outcome counts (:func:`outcome_withheld`); the counts of the tables
are suppressed together in :mod:`culturekit.scoring.workforce.tables`.
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
)
from culturekit.scoring.workforce.linked import LinkedCounts
from culturekit.scoring.workforce.tables import (
    ALL,
    BOARD,
    LEADERSHIP,
    NON_EXECUTIVES,
    band_row,
    cell,
    linked_counts,
)

PIPELINE_BANDS: tuple[str, ...] = BANDS[BANDS.index("Band 5") : BANDS.index("VSM") + 1]
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


def outcome_withheld(with_outcome: int, group: int, threshold: int) -> bool:
    """The one rule for every outcome count (leavers, disciplinary, capability, training,
    appointments): hidden when 1 to threshold-1 people had the outcome, or did not.

    A rate over a shown group gives the count back (rate times group), and so does a
    ratio with the other group's rate, so neither is printed either.
    """
    without = group - with_outcome
    return 0 < with_outcome < threshold or 0 < without < threshold


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
    """The workforce: every row of the sheet but the non-executive board members, who
    sit on the board and are not staff (they are counted in the board alone)."""
    framework: Framework
    threshold: int
    """``framework.workforce_threshold()``: every figure here but board composition."""
    leaders: pd.Series
    board_any: pd.Series
    """Board members (voting or executive) among the workforce: the executives."""
    sheet: pd.DataFrame
    """The whole Workforce sheet, non-executive board members included."""
    board: pd.Series
    """Every board member (voting or executive) of the sheet, staff or not."""
    leadership_bands: list[str]
    columns: dict[str, tuple[pd.Series, list[str]]]
    """Each characteristic recorded: its value per member of staff and its categories."""
    linked: LinkedCounts
    """Every count of the tables, with its margins and what is hidden."""
    staff_groups: pd.Series | None


def gender_categories(values: pd.Series) -> list[str]:
    """Recorded genders, largest first, then "Not stated" when anyone did not say."""
    order = values[values != "Not stated"].value_counts()
    categories = sorted(order.index, key=lambda c: (-int(order[c]), str(c)))
    if (values == "Not stated").any():
        categories.append("Not stated")
    return categories


def characteristic_columns(frame: pd.DataFrame) -> dict[str, tuple[pd.Series, list[str]]]:
    columns: dict[str, tuple[pd.Series, list[str]]] = {}
    if has_ethnicity(frame):
        columns["ethnicity_group"] = (frame["ethnicity_group"], list(ETHNICITY_GROUPS))
    if has_disability(frame):
        columns["disability"] = (frame["disability"], list(DISABILITY_VALUES))
    if frame["gender"].notna().any():
        gender = frame["gender"].fillna("Not stated")
        columns["gender"] = (gender, gender_categories(gender))
    return columns


def non_executives(frame: pd.DataFrame) -> pd.Series:
    """Voting board members recorded as not executive (``executive`` N, not blank):
    non-executive directors, appointed to the board and not employed by the trust, so
    not part of its workforce. A board member whose executive status is not recorded is
    taken as staff, as before the status was read."""
    not_executive = frame["executive"].eq(False).fillna(False).astype(bool)
    return flag(frame, "board_member") & not_executive


def context(workforce: WorkforceData, framework: Framework) -> Context:
    sheet = workforce.frame
    threshold = framework.workforce_threshold()
    bands = leadership_bands(framework)
    board_any = flag(sheet, "board_member") | flag(sheet, "executive")
    staff = ~non_executives(sheet)
    leaders = (sheet["band"].isin(bands).fillna(False).astype(bool) | board_any) & staff
    columns = characteristic_columns(sheet)
    groups = staff_groups(sheet)
    linked = linked_counts(sheet, staff, columns, leaders, board_any, bands, groups, threshold)
    return Context(
        frame=sheet[staff],
        framework=framework,
        threshold=threshold,
        leaders=leaders[staff],
        board_any=board_any[staff],
        sheet=sheet,
        board=board_any,
        leadership_bands=bands,
        columns={name: (values[staff], c) for name, (values, c) in columns.items()},
        linked=linked,
        staff_groups=None if groups is None else groups[staff],
    )


def count_of(linked: LinkedCounts, label: str, where: dict[str, str]) -> Count:
    n, k = cell(linked, where)
    if n is None:
        return Count(label=label, count=None, suppressed=True, reason=linked.reason(k))
    return Count(label=label, count=n)


def headcount(ctx: Context) -> Headcount:
    linked = ctx.linked
    return Headcount(
        total=count_of(linked, "All staff", ALL),
        by_band=[count_of(linked, b, band_row(b)) for b in BANDS],
        leadership=count_of(linked, "Leadership", LEADERSHIP),
        board=count_of(linked, "Board", BOARD),
        # Board composition, public record: shown at any size.
        non_executive=count_of(linked, "Non-executive board members", NON_EXECUTIVES),
        leadership_bands=ctx.leadership_bands,
    )

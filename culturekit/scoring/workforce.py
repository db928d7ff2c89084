"""Scoring the leadership workforce analysis: headcount, representation, WRES and WDES.

Pure: from validated :class:`~culturekit.ingest.workforce.WorkforceData` and
:class:`~culturekit.ingest.workforce.RecruitmentData` (either may be missing) and the
framework to a :class:`WorkforceResult`.

Privacy (the small-group rule itself lives in :mod:`culturekit.privacy`):

* A *characteristic split* (staff of a band, of the board, of leadership... by ethnicity
  group, disability or gender; headcount by band; leaders by age) is one set of groups
  adding up to a total: groups below ``framework.reporting_threshold`` are hidden, with
  complementary suppression within the set (:func:`culturekit.privacy.suppressed_groups`).
  A set whose total is below the threshold is hidden whole. A percentage is hidden
  whenever its count is. A band row of a table is hidden whole when the band's headcount
  is hidden, so one table cannot undo another's suppression. Suppression is applied
  within each row; it is not carried across the columns of a table.
* An *outcome rate* (appointed, entered the disciplinary or capability process, accessed
  training) is shown for a group of at least the threshold only when the number with that
  outcome is zero or at least the threshold too: the rate times the group's size would
  give a small count back, and with the other group's rate so would the ratio. A group
  below the threshold shows no count, rate or ratio. A group hidden only to protect
  another (complementary suppression of White / BME / Not stated) keeps its rate and the
  ratio but loses its counts and the confidence interval (whose width would give the
  counts back).
* WRES 9 and WDES 10, the board's difference from the workforce in percentage points, are
  given only for a board of at least the threshold: added to the workforce percentage the
  difference gives the board's own percentage back, so for a smaller board it is withheld
  like any other small group (:data:`BOARD_RULE`).

Undeclared staff (ethnicity "Not stated", disability "Not declared") are left out of every
relative likelihood and reported apart; percentages of a band, the board or the workforce
include them in the denominator, as the WRES and WDES do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from culturekit.framework.model import Framework
from culturekit.ingest.workforce import (
    BANDS,
    DISABILITY_VALUES,
    ETHNICITY_GROUPS,
    RecruitmentData,
    WorkforceData,
    canonical_band,
)
from culturekit.privacy import suppressed_groups, suppression_reason
from culturekit.results.base import Signal
from culturekit.results.workforce import (
    BandShare,
    CharacteristicName,
    Count,
    GroupRate,
    Headcount,
    Indicator,
    RepresentationCell,
    RepresentationRow,
    RepresentationTable,
    Share,
    StaffGroup,
    Unit,
    WorkforceResult,
)
from culturekit.stats import percent, relative_likelihood

__all__ = [
    "BOARD_RULE",
    "EQUITY_RULE",
    "PIPELINE_BANDS",
    "REPRESENTATION_FLOOR",
    "BandShare",
    "Count",
    "GroupRate",
    "Headcount",
    "Indicator",
    "RepresentationCell",
    "RepresentationRow",
    "RepresentationTable",
    "Share",
    "Signal",
    "WorkforceResult",
    "equity_rule",
    "score_workforce",
]

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

REPRESENTATION_FLOOR = 0.8
"""Leadership share below this multiple of the workforce share counts as well below."""

EQUITY_RULE = (
    "The equity and inclusion signal from the workforce analysis is 'negative' when any "
    "WRES or WDES relative likelihood that could be worked out (WRES 2, 3, 4; WDES 2, 3) "
    "lies outside the fair range {low:g} to {high:g}, or when the share of BME or of "
    "Disabled staff among leaders ({bands}, and board members) is below "
    f"{REPRESENTATION_FLOOR:g} times their share of the whole workforce (judged only when "
    "there are at least {min_group} leaders); otherwise 'positive' when at least one "
    "relative likelihood could be worked out (all then lie within the fair range); "
    "otherwise 'neutral' when leadership representation could be judged, and no signal "
    "when nothing could."
)
"""Template: ``EQUITY_RULE.format(low=, high=, bands=, min_group=)``; see
:func:`equity_rule`."""

BOARD_RULE = (
    "WRES 9 and WDES 10 compare the board with the whole workforce in percentage points. "
    "Added to the workforce percentage, the difference gives the board's own percentage "
    "back, so it is shown only when the board's own figures may be: a board of at least "
    "the reporting threshold whose group in question (and the rest of the board) also "
    "reaches it."
)

_CHARACTERISTICS: tuple[CharacteristicName, ...] = ("ethnicity_group", "disability", "gender")


# --------------------------------------------------------------------------- models


# --------------------------------------------------------------------------- privacy


def _primary(threshold: int, unit: str = "staff") -> str:
    return f"fewer than {threshold} {unit}"


def _hidden(counts: dict[str, int], threshold: int, unit: str = "staff") -> dict[str, str]:
    """Groups to hide (primary and complementary, via privacy) and the reason for each."""
    return {
        key: _primary(threshold, unit)
        if counts[key] < threshold
        else suppression_reason(threshold, complementary=True)
        for key in suppressed_groups(counts, threshold)
    }


def _counts(values: pd.Series, categories: Sequence[str]) -> dict[str, int]:
    tally = values.value_counts()
    return {c: int(tally.get(c, 0)) for c in categories}


def _row(
    group: str,
    values: pd.Series,
    categories: Sequence[str],
    threshold: int,
    hidden_reason: str | None = None,
) -> RepresentationRow:
    """One characteristic split: counts and percentages of the row, suppressed."""
    total = len(values)
    if hidden_reason is None and 0 < total < threshold:
        hidden_reason = _primary(threshold)
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
    counts = _counts(values, categories)
    hidden = _hidden(counts, threshold)
    cells = [
        RepresentationCell(category=c, count=None, percent=None, suppressed=True, reason=hidden[c])
        if c in hidden
        else RepresentationCell(category=c, count=n, percent=percent(n, total))
        for c, n in counts.items()
    ]
    return RepresentationRow(group=group, total=total, cells=cells)


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class _Characteristic:
    column: str
    categories: tuple[str, ...]
    target: str  # the group WRES/WDES counts: BME, Yes
    reference: str  # the comparison group: White, No
    undeclared: str
    target_label: str  # "BME", "Disabled"
    reference_label: str  # "White", "non-disabled"


_ETHNICITY = _Characteristic(
    "ethnicity_group", ETHNICITY_GROUPS, "BME", "White", "Not stated", "BME", "White"
)
_DISABILITY = _Characteristic(
    "disability", DISABILITY_VALUES, "Yes", "No", "Not declared", "Disabled", "non-disabled"
)


def _flag(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].fillna(False).astype(bool)


def _in_band(frame: pd.DataFrame, band: str) -> pd.Series:
    """Plain boolean mask of the band's staff (a band left blank matches none)."""
    return frame["band"].eq(band).fillna(False).astype(bool)


def _has_ethnicity(frame: pd.DataFrame) -> bool:
    return bool(frame["ethnicity"].notna().any())


def _has_disability(frame: pd.DataFrame) -> bool:
    return bool((frame["disability"] != "Not declared").any())


def _has(frame: pd.DataFrame, char: _Characteristic) -> bool:
    return _has_ethnicity(frame) if char is _ETHNICITY else _has_disability(frame)


def _no_characteristic(char: _Characteristic, sheet: str) -> str:
    if char is _ETHNICITY:
        return f"no ethnicity is recorded in the {sheet} sheet (column missing or empty)"
    return (
        f"no disability status is recorded in the {sheet} sheet (column missing, empty or "
        "all not declared)"
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _age_key(values: pd.Series) -> pd.Series:
    return values.str.lower().str.replace(r"\s+", "", regex=True)


def _leadership_bands(framework: Framework) -> list[str]:
    out: list[str] = []
    for label in framework.rules.leadership_bands:
        band = canonical_band(label)
        if band is not None and band not in out:
            out.append(band)
    return out


def equity_rule(framework: Framework) -> str:
    """:data:`EQUITY_RULE` with the framework's values, for the methods section."""
    low, high = framework.rules.likelihood_fair_range
    return EQUITY_RULE.format(
        low=low,
        high=high,
        bands=", ".join(_leadership_bands(framework)),
        min_group=framework.rules.min_group_for_ratio,
    )


_NON_CLINICAL = {"non-clinical", "non clinical", "nonclinical", "non_clinical"}


def _staff_groups(frame: pd.DataFrame) -> pd.Series | None:
    """Clinical / Non-clinical / Not recorded, when staff_group uses exactly those words."""
    key = frame["staff_group"].str.lower().str.replace(r"\s+", " ", regex=True).str.strip()
    given = key.notna()
    if not given.any():
        return None
    clinical = key.eq("clinical").fillna(False).astype(bool)
    non_clinical = key.isin(_NON_CLINICAL).fillna(False).astype(bool)
    if not (clinical | non_clinical)[given].all():
        return None
    out = pd.Series("Not recorded", index=frame.index, dtype="string")
    out[clinical] = "Clinical"
    out[non_clinical] = "Non-clinical"
    return out


# --------------------------------------------------------------------------- context


@dataclass
class _Context:
    frame: pd.DataFrame
    framework: Framework
    threshold: int
    band_hidden: dict[str, str]
    total_hidden: str | None
    leaders: pd.Series
    board_any: pd.Series
    leadership_bands: list[str]


def _context(workforce: WorkforceData, framework: Framework) -> _Context:
    frame = workforce.frame
    threshold = framework.reporting_threshold
    total = len(frame)
    total_hidden = _primary(threshold) if 0 < total < threshold else None
    band_counts = _counts(frame["band"], BANDS)
    if total_hidden:
        band_hidden = {b: total_hidden for b, n in band_counts.items() if n > 0}
    else:
        band_hidden = _hidden(band_counts, threshold)
    bands = _leadership_bands(framework)
    board_any = _flag(frame, "board_member") | _flag(frame, "executive")
    leaders = frame["band"].isin(bands).fillna(False).astype(bool) | board_any
    return _Context(
        frame=frame,
        framework=framework,
        threshold=threshold,
        band_hidden=band_hidden,
        total_hidden=total_hidden,
        leaders=leaders,
        board_any=board_any,
        leadership_bands=bands,
    )


def _count(label: str, n: int, threshold: int, hidden: str | None = None) -> Count:
    if hidden is None and 0 < n < threshold:
        hidden = _primary(threshold)
    if hidden is not None:
        return Count(label=label, count=None, suppressed=True, reason=hidden)
    return Count(label=label, count=n)


def _headcount(ctx: _Context) -> Headcount:
    frame, t = ctx.frame, ctx.threshold
    band_counts = _counts(frame["band"], BANDS)
    return Headcount(
        total=_count("All staff", len(frame), t, ctx.total_hidden),
        by_band=[_count(b, n, t, ctx.band_hidden.get(b)) for b, n in band_counts.items()],
        leadership=_count("Leadership", int(ctx.leaders.sum()), t),
        board=_count("Board", int(ctx.board_any.sum()), t),
        leadership_bands=ctx.leadership_bands,
    )


def _table(
    ctx: _Context,
    characteristic: CharacteristicName,
) -> RepresentationTable:
    frame, t = ctx.frame, ctx.threshold
    if characteristic == "ethnicity_group":
        title, available = "Ethnicity", _has_ethnicity(frame)
        values, categories = frame["ethnicity_group"], list(ETHNICITY_GROUPS)
        missing = _no_characteristic(_ETHNICITY, "Workforce")
    elif characteristic == "disability":
        title, available = "Disability", _has_disability(frame)
        values, categories = frame["disability"], list(DISABILITY_VALUES)
        missing = _no_characteristic(_DISABILITY, "Workforce")
    else:
        title = "Gender"
        available = bool(frame["gender"].notna().any())
        values = frame["gender"].fillna("Not stated")
        order = values[values != "Not stated"].value_counts()
        categories = sorted(order.index, key=lambda c: (-int(order[c]), str(c)))
        if (values == "Not stated").any():
            categories.append("Not stated")
        missing = "no gender is recorded in the Workforce sheet (column missing or empty)"
    if not available:
        return RepresentationTable(
            characteristic=characteristic,
            title=title,
            available=False,
            missing_reason=missing,
            categories=categories,
            rows=[],
        )
    rows = [
        _row(band, values[_in_band(frame, band)], categories, t, ctx.band_hidden.get(band))
        for band in PIPELINE_BANDS
    ]
    rows.append(_row(BOARD_ROW, values[ctx.board_any], categories, t))
    return RepresentationTable(
        characteristic=characteristic,
        title=title,
        available=True,
        categories=categories,
        overall=_row("All staff", values, categories, t, ctx.total_hidden),
        leadership=_row("Leadership", values[ctx.leaders], categories, t),
        rows=rows,
    )


# --------------------------------------------------------------------------- indicators


def _unavailable(
    number: int,
    standard: Literal["WRES", "WDES"],
    title: str,
    definition: str,
    unit: Unit,
    reason: str,
) -> Indicator:
    return Indicator(
        number=number,
        standard=standard,
        title=title,
        definition=definition,
        unit=unit,
        available=False,
        missing_reason=reason,
        reading=f"Not available: {reason}.",
    )


def _share_from_row(row: RepresentationRow, category: str, label: str) -> GroupRate:
    if row.suppressed:
        return GroupRate(
            label=label,
            numerator=None,
            denominator=None,
            rate=None,
            percent=None,
            suppressed=True,
            reason=row.reason,
        )
    cell = row.cell(category)
    return GroupRate(
        label=label,
        numerator=cell.count,
        denominator=row.total,
        rate=None if cell.percent is None else cell.percent / 100.0,
        percent=cell.percent,
        suppressed=cell.suppressed,
        reason=cell.reason,
    )


_REPRESENTATION_SPECS = {
    ("WRES", 1): (
        "Staff in each band by ethnicity",
        "The percentage of staff in each band (Agenda for Change bands 1-9, VSM, medical and "
        "other), clinical and non-clinical separately where known, who are BME, against the "
        "overall workforce.",
    ),
    ("WDES", 1): (
        "Staff in each band by disability",
        "The percentage of staff in each band (Agenda for Change bands 1-9, VSM, medical and "
        "other), clinical and non-clinical separately where known, who are Disabled, against "
        "the overall workforce.",
    ),
}


def _representation_indicator(
    ctx: _Context | None,
    standard: Literal["WRES", "WDES"],
    char: _Characteristic,
    tables: dict[str, RepresentationTable],
) -> Indicator:
    title, definition = _REPRESENTATION_SPECS[(standard, 1)]
    if ctx is None:
        return _unavailable(1, standard, title, definition, "percent", "no Workforce sheet")
    frame, t = ctx.frame, ctx.threshold
    if not _has(frame, char):
        return _unavailable(
            1, standard, title, definition, "percent", _no_characteristic(char, "Workforce")
        )
    values = frame[char.column]
    split = _staff_groups(frame)
    by_band: list[BandShare] = []
    for band in BANDS:
        in_band = _in_band(frame, band)
        if not in_band.any():
            continue
        band_reason = ctx.band_hidden.get(band)
        parts: list[tuple[StaffGroup, pd.Series, str | None]] = [
            ("All staff", in_band, band_reason)
        ]
        if split is not None:
            names: tuple[StaffGroup, ...] = ("Clinical", "Non-clinical", "Not recorded")
            sizes = {n: int((in_band & (split == n)).sum()) for n in names}
            hidden = {n: band_reason for n in names} if band_reason else _hidden(sizes, t)
            parts += [(n, in_band & (split == n), hidden.get(n)) for n in names if sizes[n] > 0]
        for name, mask, reason in parts:
            row = _row(band, values[mask], char.categories, t, reason)
            share = _share_from_row(row, char.target, char.target_label)
            by_band.append(
                BandShare(
                    band=band,
                    staff_group=name,
                    total=row.total,
                    count=share.numerator,
                    percent=share.percent,
                    suppressed=share.suppressed,
                    reason=share.reason,
                )
            )
    table = tables[char.column]
    assert table.overall is not None and table.leadership is not None
    overall = _share_from_row(table.overall, char.target, char.target_label)
    undeclared = _share_from_row(table.overall, char.undeclared, char.undeclared)
    leaders = _share_from_row(table.leadership, char.target, char.target_label)
    if overall.percent is None:
        reading = (
            f"The share of {char.target_label} staff in the workforce is not shown "
            f"({overall.reason})."
        )
    else:
        reading = f"{char.target_label} staff make up {overall.percent:.1f}% of the workforce"
        if leaders.percent is not None:
            reading += f" and {leaders.percent:.1f}% of leaders"
        reading += "."
    return Indicator(
        number=1,
        standard=standard,
        title=title,
        definition=definition,
        unit="percent",
        available=True,
        missing_reason=None if overall.percent is not None else overall.reason,
        value=overall.percent,
        numerator=overall.numerator,
        denominator=overall.denominator,
        group_a=overall,
        group_b=leaders.model_copy(update={"label": f"{char.target_label} among leaders"}),
        undeclared=undeclared,
        by_band=by_band,
        reading=reading,
    )


@dataclass(frozen=True)
class _RatioSpec:
    number: int
    standard: Literal["WRES", "WDES"]
    title: str
    definition: str
    a: str  # category of group a (the rate on top)
    b: str
    undeclared: str
    a_label: str
    b_label: str
    people: str  # "applicants", "staff"
    verb: str  # "be appointed from shortlisting"
    done: str  # "were appointed from shortlisting"
    unit: str  # population unit for suppression reasons


_WRES2 = _RatioSpec(
    2,
    "WRES",
    "Relative likelihood of appointment from shortlisting (White vs BME)",
    "The likelihood of White applicants being appointed from shortlisting divided by that "
    "of BME applicants; above 1 favours White applicants.",
    "White",
    "BME",
    "Not stated",
    "White",
    "BME",
    "applicants",
    "be appointed from shortlisting",
    "were appointed from shortlisting",
    "applicants",
)
_WRES3 = _RatioSpec(
    3,
    "WRES",
    "Relative likelihood of entering the formal disciplinary process (BME vs White)",
    "The likelihood of BME staff entering the formal disciplinary process divided by that "
    "of White staff; above 1 means BME staff are more likely to enter it.",
    "BME",
    "White",
    "Not stated",
    "BME",
    "White",
    "staff",
    "enter the formal disciplinary process",
    "entered the formal disciplinary process",
    "staff",
)
_WRES4 = _RatioSpec(
    4,
    "WRES",
    "Relative likelihood of accessing non-mandatory training and CPD (White vs BME)",
    "The likelihood of White staff accessing non-mandatory training and CPD divided by that "
    "of BME staff; above 1 favours White staff.",
    "White",
    "BME",
    "Not stated",
    "White",
    "BME",
    "staff",
    "access non-mandatory training and CPD",
    "accessed non-mandatory training and CPD",
    "staff",
)
_WDES2 = _RatioSpec(
    2,
    "WDES",
    "Relative likelihood of appointment from shortlisting (non-disabled vs Disabled)",
    "The likelihood of non-disabled applicants being appointed from shortlisting divided by "
    "that of Disabled applicants; above 1 favours non-disabled applicants.",
    "No",
    "Yes",
    "Not declared",
    "non-disabled",
    "Disabled",
    "applicants",
    "be appointed from shortlisting",
    "were appointed from shortlisting",
    "applicants",
)
_WDES3 = _RatioSpec(
    3,
    "WDES",
    "Relative likelihood of entering the formal capability process (Disabled vs non-disabled)",
    "The likelihood of Disabled staff entering the formal capability process on the grounds "
    "of performance divided by that of non-disabled staff; above 1 means Disabled staff are "
    "more likely to enter it.",
    "Yes",
    "No",
    "Not declared",
    "Disabled",
    "non-disabled",
    "staff",
    "enter the formal capability process",
    "entered the formal capability process",
    "staff",
)


def _group_rate(label: str, num: int, den: int, hidden: str | None, primary: bool) -> GroupRate:
    rate = num / den if den > 0 else None
    if hidden is not None and primary:
        return GroupRate(
            label=label,
            numerator=None,
            denominator=None,
            rate=None,
            percent=None,
            suppressed=True,
            reason=hidden,
        )
    return GroupRate(
        label=label,
        numerator=None if hidden else num,
        denominator=None if hidden else den,
        rate=rate,
        percent=percent(num, den),
        suppressed=hidden is not None,
        reason=hidden,
    )


def _ratio_indicator(
    spec: _RatioSpec, outcome: pd.Series, groups: pd.Series, framework: Framework
) -> Indicator:
    """A relative likelihood ``rate(a) / rate(b)`` of ``outcome`` between two groups.

    ``outcome`` is a nullable boolean; members with no value are left out.
    """
    t = framework.reporting_threshold
    rules = framework.rules
    known = outcome.notna().to_numpy(dtype=bool)
    hit = outcome[known].astype(bool)
    who = groups[known]
    keys = (spec.a, spec.b, spec.undeclared)
    den = _counts(who, keys)
    num = {k: int(hit[who == k].sum()) for k in keys}
    hidden = _hidden(den, t, spec.unit)
    a_people = f"{spec.a_label} {spec.people}"
    b_people = f"{spec.b_label} {spec.people}"

    def group(key: str, label: str) -> GroupRate:
        reason = hidden.get(key)
        return _group_rate(label, num[key], den[key], reason, 0 < den[key] < t)

    common = {
        "number": spec.number,
        "standard": spec.standard,
        "title": spec.title,
        "definition": spec.definition,
        "unit": "ratio",
        "available": True,
        "group_a": group(spec.a, _capital(spec.a_label)),
        "group_b": group(spec.b, _capital(spec.b_label)),
        "undeclared": group(spec.undeclared, spec.undeclared),
    }
    empty = [p for p, k in ((a_people, spec.a), (b_people, spec.b)) if den[k] == 0]
    if empty:
        reason = (
            f"there were no {' and no '.join(empty)}, so the relative likelihood cannot be "
            "worked out"
        )
        return Indicator(**common, missing_reason=reason, reading=_capital(reason) + ".")
    smallest = min(den[spec.a], den[spec.b])
    if smallest < rules.min_group_for_ratio or smallest < t:
        need = max(rules.min_group_for_ratio, t)
        reason = (
            f"the groups are too small for a meaningful figure (a relative likelihood needs "
            f"at least {need} {spec.people} in each group)"
        )
        return Indicator(**common, missing_reason=reason, reading=_capital(reason) + ".")
    estimate = relative_likelihood(
        num[spec.a], den[spec.a], num[spec.b], den[spec.b], framework.confidence_level
    )
    if estimate.ratio is None:
        reason = f"no {b_people} {spec.done}, so the relative likelihood cannot be worked out"
        return Indicator(**common, missing_reason=reason, reading=_capital(reason) + ".")
    if 0 < num[spec.undeclared] < t:
        # Left out of the ratio, so hiding their count costs the indicator nothing.
        common["undeclared"] = _group_rate(
            spec.undeclared,
            num[spec.undeclared],
            den[spec.undeclared],
            f"fewer than {t} {spec.done}",
            True,
        )
    if any(0 < num[k] < t for k in (spec.a, spec.b)):
        # A rate over a known group gives its count back: fewer than the threshold who,
        # say, entered the disciplinary process are a group too small to show, and with
        # the other group's rate the ratio would give their rate back as well.
        reason = (
            f"Withheld: fewer than {t} {spec.people} in a group {spec.done}, and the rate "
            "or the relative likelihood would reveal how many"
        )
        common.update(
            group_a=_group_rate(_capital(spec.a_label), num[spec.a], den[spec.a], reason, True),
            group_b=_group_rate(_capital(spec.b_label), num[spec.b], den[spec.b], reason, True),
        )
        return Indicator(**common, missing_reason=reason, reading=reason + ".")
    ratio = estimate.ratio
    low, high = rules.likelihood_fair_range
    concern = not low <= ratio <= high
    # The interval's width would give back counts hidden by complementary suppression.
    show_ci = spec.a not in hidden and spec.b not in hidden
    ci_low = estimate.ci_low if show_ci else None
    ci_high = estimate.ci_high if show_ci else None
    significant = None if ci_low is None or ci_high is None else not ci_low <= 1.0 <= ci_high
    reading = f"{_capital(a_people)} were {ratio:.2f} times as likely to {spec.verb} as {b_people}."
    if concern:
        reading += f" This is outside the range {low:g} to {high:g} read as fair."
        if significant is False:
            reading += " Its confidence interval includes 1, so it may be down to chance."
    return Indicator(
        **common,
        value=ratio,
        ci_low=ci_low,
        ci_high=ci_high,
        concern=concern,
        significant=significant,
        reading=reading,
    )


def _workforce_ratio(
    ctx: _Context | None, spec: _RatioSpec, char: _Characteristic, column: str
) -> Indicator:
    if ctx is None:
        return _unavailable(
            spec.number, spec.standard, spec.title, spec.definition, "ratio", "no Workforce sheet"
        )
    frame = ctx.frame
    if not _has(frame, char):
        return _unavailable(
            spec.number,
            spec.standard,
            spec.title,
            spec.definition,
            "ratio",
            _no_characteristic(char, "Workforce"),
        )
    if not frame[column].notna().any():
        return _unavailable(
            spec.number,
            spec.standard,
            spec.title,
            spec.definition,
            "ratio",
            f"no {column} values are recorded in the Workforce sheet (column missing or empty)",
        )
    return _ratio_indicator(spec, frame[column], frame[char.column], ctx.framework)


def _recruitment_ratio(
    recruitment: RecruitmentData | None,
    spec: _RatioSpec,
    char: _Characteristic,
    framework: Framework,
) -> Indicator:
    if recruitment is None:
        return _unavailable(
            spec.number,
            spec.standard,
            spec.title,
            spec.definition,
            "ratio",
            "no Recruitment sheet",
        )
    frame = recruitment.frame
    if not _has(frame, char):
        return _unavailable(
            spec.number,
            spec.standard,
            spec.title,
            spec.definition,
            "ratio",
            _no_characteristic(char, "Recruitment"),
        )
    return _ratio_indicator(spec, frame["appointed"], frame[char.column], framework)


def _board_indicator(
    ctx: _Context | None,
    standard: Literal["WRES", "WDES"],
    char: _Characteristic,
    tables: dict[str, RepresentationTable],
) -> Indicator:
    if standard == "WRES":
        number, who = 9, "voting board members"
        title = "Board representation (BME)"
        definition = (
            "The percentage of BME members among the board's voting members minus the "
            "percentage of BME staff in the overall workforce, in percentage points."
        )
    else:
        number, who = 10, "board voting and executive members"
        title = "Board representation (Disabled)"
        definition = (
            "The percentage of Disabled members among the board's voting and executive "
            "members minus the percentage of Disabled staff in the overall workforce, in "
            "percentage points."
        )
    unit: Unit = "percentage points"
    if ctx is None:
        return _unavailable(number, standard, title, definition, unit, "no Workforce sheet")
    frame, t = ctx.frame, ctx.threshold
    if not _has(frame, char):
        return _unavailable(
            number, standard, title, definition, unit, _no_characteristic(char, "Workforce")
        )
    if standard == "WRES":
        recorded = frame["board_member"].notna().any()
        board = _flag(frame, "board_member")
        columns = "board_member"
    else:
        recorded = frame["board_member"].notna().any() or frame["executive"].notna().any()
        board = ctx.board_any
        columns = "board_member or executive"
    if not recorded:
        return _unavailable(
            number,
            standard,
            title,
            definition,
            unit,
            f"no {columns} values are recorded in the Workforce sheet (column missing or empty)",
        )
    values = frame[char.column]
    board_n = int(board.sum())
    if board_n == 0:
        reason = f"no {who} are marked in the Workforce sheet"
        return Indicator(
            number=number,
            standard=standard,
            title=title,
            definition=definition,
            unit=unit,
            available=True,
            missing_reason=reason,
            reading=_capital(reason) + ".",
        )
    if board_n < t:
        reason = (
            f"the board has fewer than {t} {who}, so its make-up is not shown: the "
            "reporting threshold applies to every group, the board included"
        )
        return Indicator(
            number=number,
            standard=standard,
            title=title,
            definition=definition,
            unit=unit,
            available=True,
            missing_reason=reason,
            reading=_capital(reason) + ".",
        )
    table = tables[char.column]
    assert table.overall is not None
    board_row = _row("Board", values[board], char.categories, t)
    group_a = _share_from_row(board_row, char.target, _capital(who))
    group_b = _share_from_row(table.overall, char.target, "Overall workforce")
    undeclared = _share_from_row(board_row, char.undeclared, char.undeclared)
    if group_a.suppressed:
        # The difference plus the workforce share gives the board's share back, and with
        # it a count below the threshold: withhold it like the hidden cell it would undo.
        reason = (
            f"Withheld: fewer than {t} {who} are {char.target_label}, or the other groups "
            "on the board are that small, and the difference would reveal their number"
        )
        return Indicator(
            number=number,
            standard=standard,
            title=title,
            definition=definition,
            unit=unit,
            available=True,
            missing_reason=reason,
            reading=_capital(reason) + ".",
        )
    # The published statistic: always computed from the full counts (see BOARD_RULE).
    board_pct = percent(int((values[board] == char.target).sum()), board_n)
    all_pct = percent(int((values == char.target).sum()), len(frame))
    assert board_pct is not None and all_pct is not None
    difference = board_pct - all_pct
    if abs(difference) < 0.05:
        where = "the same as"
    else:
        where = f"{abs(difference):.1f} percentage points {'below' if difference < 0 else 'above'}"
    reading = (
        f"The share of {char.target_label} members among {who} is {where} the share of "
        f"{char.target_label} staff in the whole workforce."
    )
    return Indicator(
        number=number,
        standard=standard,
        title=title,
        definition=definition,
        unit=unit,
        available=True,
        value=difference,
        numerator=group_a.numerator,
        denominator=group_a.denominator,
        group_a=group_a,
        group_b=group_b,
        undeclared=undeclared,
        reading=reading,
    )


# --------------------------------------------------------------------------- shares


def _not_available(label: str, reason: str) -> Share:
    return Share(label=label, available=False, missing_reason=reason)


def _turnover(ctx: _Context | None, label: str, mask: pd.Series | None) -> Share:
    if ctx is None:
        return _not_available(label, "no Workforce sheet")
    flag = ctx.frame["left_in_period"]
    if not flag.notna().any():
        return _not_available(
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
        reason = _primary(ctx.threshold)
        return Share(label=label, available=True, suppressed=True, reason=reason)
    return Share(
        label=label,
        available=True,
        count=count,
        total=total,
        percent=percent(count, total),
    )


def _succession(ctx: _Context | None) -> Share:
    label = "Leaders aged 55 and over"
    if ctx is None:
        return _not_available(label, "no Workforce sheet")
    bands = ctx.framework.rules.succession_age_bands
    if not bands:
        return _not_available(label, "the framework names no succession age bands")
    frame, t = ctx.frame, ctx.threshold
    if not frame["age_band"].notna().any():
        return _not_available(
            label,
            "no age_band values are recorded in the Workforce sheet (column missing or empty)",
        )
    ages = _age_key(frame["age_band"][ctx.leaders])
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
        reason = _primary(t)
        return Share(label=label, available=True, suppressed=True, reason=reason)
    hidden = _hidden(parts, t)
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


# --------------------------------------------------------------------------- signal


def _equity_signal(
    ctx: _Context | None,
    tables: dict[str, RepresentationTable],
    ratios: list[Indicator],
    framework: Framework,
) -> tuple[Signal | None, list[str]]:
    """The equity and inclusion signal and its evidence; the rule is :func:`equity_rule`.

    Evidence is one short finding per string (quoted verbatim in the report's priority
    list), concerns first: clear ones, then those whose interval includes 1, then the rest.
    """
    # (tier, finding): 0 a clear concern, 1 a concern that could be chance, 2 no concern.
    found: list[tuple[int, str]] = []
    negative = False
    computed = 0
    outcome = {
        ("WRES", 2): "be appointed",
        ("WRES", 3): "enter disciplinary",
        ("WRES", 4): "access training",
        ("WDES", 2): "be appointed",
        ("WDES", 3): "enter capability",
    }
    for ind in ratios:
        if ind.value is None:
            continue
        computed += 1
        label = f"{ind.standard} {ind.number}"
        people = "applicants" if ind.number == 2 else "staff"
        who = f"{ind.group_a.label} {people}" if ind.group_a is not None else label
        verb = outcome.get((ind.standard, ind.number), "be affected")
        finding = f"{who} {ind.value:.2f} times as likely to {verb}"
        if not ind.concern:
            found.append((2, f"{finding} ({label}, within fair range)"))
        elif ind.significant is False:
            negative = True
            found.append((1, f"{finding} ({label}, could be chance)"))
        else:
            negative = True
            found.append((0, f"{finding} ({label})"))
    judged = 0
    if ctx is not None:
        frame = ctx.frame
        lead_n = int(ctx.leaders.sum())
        for char in (_ETHNICITY, _DISABILITY):
            if not _has(frame, char) or lead_n < framework.rules.min_group_for_ratio:
                continue
            values = frame[char.column]
            all_share = float((values == char.target).mean())
            if all_share == 0.0:
                continue
            lead_share = float((values[ctx.leaders] == char.target).mean())
            judged += 1
            table = tables[char.column]
            assert table.overall is not None and table.leadership is not None
            shown_lead = table.leadership.cell(char.target).percent
            shown_all = table.overall.cell(char.target).percent
            name = f"{char.target_label} representation among leaders"
            floor = f"{REPRESENTATION_FLOOR:g} times the workforce share"
            shares = (
                f"{char.target_label} staff {shown_lead:.1f}% of leaders against "
                f"{shown_all:.1f}% of all staff"
                if shown_lead is not None and shown_all is not None
                else None
            )
            if lead_share < REPRESENTATION_FLOOR * all_share:
                negative = True
                found.append((0, shares or f"{name} is below {floor}"))
            elif shares is not None:
                found.append((2, f"{shares} (not below {REPRESENTATION_FLOOR:g} times)"))
            else:
                found.append((2, f"{name} is at least {floor}"))
    evidence = [text for _, text in sorted(found, key=lambda pair: pair[0])]
    if negative:
        return "negative", evidence
    if computed:
        return "positive", evidence
    if judged:
        return "neutral", evidence
    return None, evidence


# --------------------------------------------------------------------------- entry point


def score_workforce(
    workforce: WorkforceData | None,
    recruitment: RecruitmentData | None,
    framework: Framework,
) -> WorkforceResult:
    """Score the leadership workforce analysis; either input may be None.

    See the module docstring for the privacy rules, :data:`BOARD_RULE` for WRES 9 and
    WDES 10, and :func:`equity_rule` for the equity and inclusion signal.
    """
    ctx = _context(workforce, framework) if workforce is not None else None
    tables: dict[str, RepresentationTable] = {}
    if ctx is not None:
        for characteristic in _CHARACTERISTICS:
            tables[characteristic] = _table(ctx, characteristic)
    wres = {
        1: _representation_indicator(ctx, "WRES", _ETHNICITY, tables),
        2: _recruitment_ratio(recruitment, _WRES2, _ETHNICITY, framework),
        3: _workforce_ratio(ctx, _WRES3, _ETHNICITY, "entered_disciplinary"),
        4: _workforce_ratio(ctx, _WRES4, _ETHNICITY, "accessed_training"),
        9: _board_indicator(ctx, "WRES", _ETHNICITY, tables),
    }
    wdes = {
        1: _representation_indicator(ctx, "WDES", _DISABILITY, tables),
        2: _recruitment_ratio(recruitment, _WDES2, _DISABILITY, framework),
        3: _workforce_ratio(ctx, _WDES3, _DISABILITY, "entered_capability"),
        10: _board_indicator(ctx, "WDES", _DISABILITY, tables),
    }
    ratios = [wres[2], wres[3], wres[4], wdes[2], wdes[3]]
    signal, evidence = _equity_signal(ctx, tables, ratios, framework)
    return WorkforceResult(
        workforce_file=workforce.file if workforce else None,
        workforce_sheet=workforce.sheet if workforce else None,
        recruitment_file=recruitment.file if recruitment else None,
        recruitment_sheet=recruitment.sheet if recruitment else None,
        reporting_threshold=framework.reporting_threshold,
        headcount=_headcount(ctx) if ctx is not None else None,
        representation=list(tables.values()),
        wres=wres,
        wdes=wdes,
        turnover=_turnover(ctx, "All staff who left in the period", None),
        leadership_turnover=_turnover(
            ctx, "Leaders who left in the period", ctx.leaders if ctx else None
        ),
        succession_risk=_succession(ctx),
        signal=signal,
        evidence=evidence,
    )

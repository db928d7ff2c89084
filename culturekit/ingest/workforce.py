"""The Workforce and Recruitment sheets: the leadership workforce analysis.

Each sheet is validated a whole column at a time. Every bad cell becomes a
:class:`~culturekit.errors.Problem` naming its Excel row, the column as the user headed it,
the value found and what was expected; nothing is raised, so a user sees all of them at once.

The mappings shared by both sheets live here as module-level functions:

* :func:`canonical_bands` - band labels (``"band 8A"``, ``"8a"``, ``5``) to ``"Band 8a"``...
* :func:`ethnicity_groups` - any ethnic category to ``White`` / ``BME`` / ``Not stated``;
* :func:`disability_values` - to ``Yes`` / ``No`` / ``Not declared``;
* :func:`yes_no_values` - Y/N/Yes/No/TRUE/FALSE/1/0 (any case) to a nullable boolean.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from culturekit.contract import BANDS, DISABILITY_VALUES, ETHNICITY_GROUPS, FLAG_COLUMNS
from culturekit.errors import Problem
from culturekit.framework.model import Framework
from culturekit.ingest.reader import Sheet

__all__ = [
    "BANDS",
    "DISABILITY_VALUES",
    "ETHNICITY_GROUPS",
    "FLAG_COLUMNS",
    "RECRUITMENT_COLUMNS",
    "WORKFORCE_COLUMNS",
    "RecruitmentData",
    "WorkforceData",
    "canonical_band",
    "canonical_bands",
    "cell_text",
    "disability_values",
    "ethnicity_groups",
    "gender_values",
    "parse_recruitment",
    "parse_workforce",
    "yes_no_values",
]

# --------------------------------------------------------------------------- vocabularies

WORKFORCE_COLUMNS: tuple[str, ...] = (
    "band",
    "staff_group",
    "ethnicity",
    "ethnicity_group",
    "gender",
    "disability",
    "age_band",
    *FLAG_COLUMNS,
)
"""Columns of the validated frame (with the derived ``ethnicity_group``)."""
RECRUITMENT_COLUMNS: tuple[str, ...] = ("ethnicity", "ethnicity_group", "disability", "appointed")

_BAND_EXPECTED = "Band 1 ... Band 7, Band 8a ... Band 8d, Band 9, VSM, Medical or Other"
_YES_NO_EXPECTED = "Y or N (also Yes/No, TRUE/FALSE, 1/0), or blank"
_DISABILITY_EXPECTED = "Yes, No or Not declared (also Y/N, or blank)"

# Band match keys: lower case, spaces/hyphens/underscores removed, a leading "band" dropped.
_BAND_KEYS: dict[str, str] = {
    **{str(n): f"Band {n}" for n in range(1, 8)},
    **{f"8{x}": f"Band 8{x}" for x in "abcd"},
    "9": "Band 9",
    "vsm": "VSM",
    "veryseniormanager": "VSM",
    "veryseniormanagers": "VSM",
    "medical": "Medical",
    "medicalanddental": "Medical",
    "medical&dental": "Medical",
    "medicalanddentalstaff": "Medical",
    "other": "Other",
}
_BAND_PREFIX = re.compile(r"^(?:agendaforchange|afc)?band")

_YES = frozenset({"y", "yes", "true", "1"})
_NO = frozenset({"n", "no", "false", "0"})

# Ethnicity labels meaning "not stated" (matched after case and spacing are ignored, and
# after an ESR code prefix such as "Z " is dropped).
_NOT_STATED = frozenset(
    {
        "not stated",
        "prefer not to say",
        "prefer not to answer",
        "not known",
        "unknown",
        "not declared",
        "undeclared",
        "not given",
        "not specified",
        "unspecified",
        "not disclosed",
        "do not wish to disclose",
        "i do not wish to disclose my ethnic origin",
        "n/a",
    }
)
# Categories that mean White without starting with the word.
_WHITE_OTHER = frozenset({"any other white background", "other white", "other white background"})
# ESR writes a one- or two-character code before the category: "A White - British".
_ESR_CODE = re.compile(r"^[a-z][a-z0-9]?\s+(?=\S)")

_DISABILITY_YES = frozenset({"yes", "y", "true", "1", "disabled"})
_DISABILITY_NO = frozenset(
    {"no", "n", "false", "0", "not disabled", "non-disabled", "non disabled", "nondisabled"}
)
_DISABILITY_UNDECLARED = frozenset(
    {
        "not declared",
        "undeclared",
        "prefer not to say",
        "prefer not to answer",
        "not stated",
        "not known",
        "unknown",
        "unspecified",
        "not disclosed",
        "n/a",
    }
)
_FEMALE = frozenset({"f", "female", "woman", "women"})
_MALE = frozenset({"m", "male", "man", "men"})


# --------------------------------------------------------------------------- data


@dataclass
class WorkforceData:
    """The Workforce sheet, one row per employee, in canonical columns.

    ``frame`` has the columns of :data:`WORKFORCE_COLUMNS`: ``band`` (one of
    :data:`BANDS`), ``staff_group``, ``ethnicity`` (as written), ``ethnicity_group``
    (White/BME/Not stated), ``gender``, ``disability`` (Yes/No/Not declared), ``age_band``
    as strings (``<NA>`` when blank), and the Y/N columns of :data:`FLAG_COLUMNS` as
    nullable booleans (``<NA>`` when blank or when the column is absent). ``band`` is
    ``<NA>`` only where the cell was blank or invalid, which is always a Problem.
    """

    frame: pd.DataFrame
    file: str
    sheet: str


@dataclass
class RecruitmentData:
    """The Recruitment sheet, one row per shortlisted applicant.

    ``frame`` has ``ethnicity``, ``ethnicity_group``, ``disability`` and ``appointed``
    (boolean, never missing once the sheet is valid).
    """

    frame: pd.DataFrame
    file: str
    sheet: str


# --------------------------------------------------------------------------- mappings


def per_unique(transform: Callable[[pd.Series], Any]) -> Callable[[pd.Series], Any]:
    """Apply a column transform to the column's distinct values only, then spread back.

    A workforce extract has tens of thousands of rows but only a handful of distinct
    values per column, so this keeps text normalisation cheap on large sheets.
    """

    @functools.wraps(transform)
    def wrapper(column: pd.Series) -> Any:
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        dtype = column.dtype if isinstance(column.dtype, pd.StringDtype) else object
        small = pd.Series([*uniques, None if dtype is object else pd.NA], dtype=dtype)
        codes = np.where(codes < 0, len(uniques), codes)
        result = transform(small)

        def spread(part: pd.Series) -> pd.Series:
            return pd.Series(part.to_numpy()[codes], index=column.index, dtype=part.dtype)

        return tuple(spread(r) for r in result) if isinstance(result, tuple) else spread(result)

    return wrapper


@per_unique
def cell_text(series: pd.Series) -> pd.Series:
    """Cells as trimmed text (pandas ``string``), ``<NA>`` for blank.

    Whole numbers typed as numbers read as whole numbers (``5.0`` -> ``"5"``), so a band
    typed as 5 and one typed as "5" are the same.
    """
    text = series.astype("string").str.strip()
    text = text.str.replace(r"^(-?\d+)\.0+$", r"\1", regex=True)
    return text.mask(text == "")


def _match_key(text: pd.Series) -> pd.Series:
    """Lower case, curly quotes straightened, runs of spaces made one."""
    return (
        text.str.lower()
        .str.replace("\u2019", "'", regex=False)
        .str.replace("\u2018", "'", regex=False)
        .str.replace(r"\s+", " ", regex=True)
    )


@per_unique
def canonical_bands(text: pd.Series) -> pd.Series:
    """Band labels to canonical ones (:data:`BANDS`); ``<NA>`` where not recognised.

    ``text`` is the output of :func:`cell_text`. Case, spaces, hyphens and a leading
    "Band" are ignored: ``"band 8A"``, ``"8a"``, ``"Band8a"`` are all ``"Band 8a"``.
    """
    key = text.str.lower().str.replace(r"[\s_\-]+", "", regex=True)
    key = key.str.replace(_BAND_PREFIX, "", regex=True)
    return key.map(_BAND_KEYS).astype("string")


def canonical_band(value: object) -> str | None:
    """One band label to its canonical form, or None (for labels in framework rules)."""
    out = canonical_bands(cell_text(pd.Series([value], dtype=object))).iloc[0]
    return None if pd.isna(out) else str(out)


@per_unique
def yes_no_values(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Y/N cells to a nullable boolean, and the mask of cells that are neither.

    Accepts Y/N, Yes/No, TRUE/FALSE and 1/0 in any case; blank is ``<NA>``.
    """
    key = text.str.lower()
    yes = key.isin(_YES).fillna(False).astype(bool)
    no = key.isin(_NO).fillna(False).astype(bool)
    values = pd.Series(pd.NA, index=text.index, dtype="boolean")
    values[yes] = True
    values[no] = False
    invalid = text.notna() & ~yes & ~no
    return values, invalid.astype(bool)


@per_unique
def ethnicity_groups(text: pd.Series) -> pd.Series:
    """Ethnic categories to ``White``, ``BME`` or ``Not stated``.

    White: any category starting with "White" (White British, White Irish, White Other,
    ...), also after an ESR code such as "A White - British", and "Any other White
    background". Not stated: blank, "Not stated", "Prefer not to say", "Not known",
    "Unknown", "Not declared" and similar. BME: every other declared category. No value is
    invalid: ethnicity may use any category.
    """
    key = _match_key(text).str.strip()
    bare = key.str.replace(_ESR_CODE, "", regex=True)
    white = (bare.str.startswith("white") | bare.isin(_WHITE_OTHER)).fillna(False).astype(bool)
    not_stated = (key.isna() | key.isin(_NOT_STATED) | bare.isin(_NOT_STATED)).fillna(True)
    groups = pd.Series("BME", index=text.index, dtype="string")
    groups[white] = "White"
    groups[not_stated.astype(bool)] = "Not stated"
    return groups


@per_unique
def disability_values(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Disability cells to ``Yes`` / ``No`` / ``Not declared``, and the invalid mask.

    Y/N, Yes/No (any case) give Yes/No; blank, "Not declared", "Prefer not to say",
    "Unknown" and similar give Not declared (never silently "No"). Anything else is
    invalid and reads as Not declared.
    """
    key = _match_key(text).str.strip()
    yes = key.isin(_DISABILITY_YES).fillna(False).astype(bool)
    no = key.isin(_DISABILITY_NO).fillna(False).astype(bool)
    undeclared = (key.isna() | key.isin(_DISABILITY_UNDECLARED)).fillna(True).astype(bool)
    values = pd.Series("Not declared", index=text.index, dtype="string")
    values[yes] = "Yes"
    values[no] = "No"
    invalid = ~yes & ~no & ~undeclared
    return values, invalid.astype(bool)


@per_unique
def gender_values(text: pd.Series) -> pd.Series:
    """F/Female/Woman to ``Female``, M/Male/Man to ``Male``; anything else as written."""
    key = _match_key(text).str.strip()
    out = text.copy()
    out[key.isin(_FEMALE).fillna(False).astype(bool)] = "Female"
    out[key.isin(_MALE).fillna(False).astype(bool)] = "Male"
    return out


# --------------------------------------------------------------------------- helpers


def _column(sheet: Sheet, key: str) -> pd.Series:
    """The column as text, or a column of ``<NA>`` when absent."""
    if key in sheet.frame.columns:
        return cell_text(sheet.frame[key])
    return pd.Series(pd.NA, index=sheet.frame.index, dtype="string")


def _report(
    sheet: Sheet,
    key: str,
    mask: pd.Series,
    message: str,
    expected: str,
    problems: list[Problem],
) -> None:
    """One Problem per flagged cell of column ``key``, with its Excel row."""
    positions = np.flatnonzero(mask.to_numpy(dtype=bool))
    if positions.size == 0:
        return
    raw = sheet.frame[key]
    header = sheet.header(key)
    for pos in positions:
        cell = raw.iloc[pos]
        problems.append(
            sheet.problem(
                message,
                row=int(sheet.rows[pos]),
                column=header,
                value=None if cell is None else str(cell),
                expected=expected,
            )
        )


def _missing_column(sheet: Sheet, key: str, expected: str) -> Problem:
    return sheet.problem(
        f"the {sheet.name} sheet has no {key!r} column, which is required",
        row=1,
        column=key,
        expected=expected,
    )


def _notice_extra_columns(sheet: Sheet, known: Iterable[str], notices: list[str]) -> None:
    wanted = set(known)
    extra = [c for c in sheet.frame.columns if c not in wanted]
    if extra:
        names = ", ".join(repr(sheet.header(c)) for c in extra)
        notices.append(f"{sheet.file}: sheet {sheet.name!r}: columns not used: {names}")


def _flag_column(sheet: Sheet, key: str, problems: list[Problem]) -> pd.Series:
    values, invalid = yes_no_values(_column(sheet, key))
    if key in sheet.frame.columns:
        _report(sheet, key, invalid, f"{key} must be Y or N", _YES_NO_EXPECTED, problems)
    return values


def _disability_column(sheet: Sheet, problems: list[Problem]) -> pd.Series:
    values, invalid = disability_values(_column(sheet, "disability"))
    if "disability" in sheet.frame.columns:
        _report(
            sheet,
            "disability",
            invalid,
            "disability is not a recognised value",
            _DISABILITY_EXPECTED,
            problems,
        )
    return values


# --------------------------------------------------------------------------- parsers


def parse_workforce(
    sheet: Sheet, framework: Framework, problems: list[Problem], notices: list[str]
) -> WorkforceData | None:
    """Validate the Workforce sheet into canonical columns.

    Returns None only when the sheet cannot be used at all (no ``band`` column); bad cells
    are added to ``problems`` and read as missing, so every problem is found in one pass.
    ``framework`` is accepted for symmetry with the other parsers (the leadership bands it
    names are applied when scoring).
    """
    del framework  # the rules are applied at scoring time
    if "band" not in sheet.frame.columns:
        problems.append(_missing_column(sheet, "band", _BAND_EXPECTED))
        return None
    _notice_extra_columns(sheet, [c for c in WORKFORCE_COLUMNS if c != "ethnicity_group"], notices)
    if len(sheet.frame) == 0:
        notices.append(f"{sheet.file}: sheet {sheet.name!r} has headers but no rows")

    band_text = _column(sheet, "band")
    bands = canonical_bands(band_text)
    _report(
        sheet,
        "band",
        band_text.isna(),
        "band is required for every employee",
        _BAND_EXPECTED,
        problems,
    )
    _report(
        sheet,
        "band",
        band_text.notna() & bands.isna(),
        "band is not a recognised band",
        _BAND_EXPECTED,
        problems,
    )
    ethnicity = _column(sheet, "ethnicity")
    frame = pd.DataFrame(
        {
            "band": bands,
            "staff_group": _column(sheet, "staff_group"),
            "ethnicity": ethnicity,
            "ethnicity_group": ethnicity_groups(ethnicity),
            "gender": gender_values(_column(sheet, "gender")),
            "disability": _disability_column(sheet, problems),
            "age_band": _column(sheet, "age_band"),
        },
        index=sheet.frame.index,
    )
    for key in FLAG_COLUMNS:
        frame[key] = _flag_column(sheet, key, problems)
    return WorkforceData(
        frame=frame.reset_index(drop=True)[list(WORKFORCE_COLUMNS)],
        file=sheet.file,
        sheet=sheet.name,
    )


def parse_recruitment(
    sheet: Sheet, framework: Framework, problems: list[Problem], notices: list[str]
) -> RecruitmentData | None:
    """Validate the Recruitment sheet (one row per shortlisted applicant).

    ``appointed`` is required, as a column and in every row; ``ethnicity`` and
    ``disability`` are optional (without them WRES 2 / WDES 2 are reported as not
    available). Returns None only when the ``appointed`` column is missing.
    """
    del framework
    if "appointed" not in sheet.frame.columns:
        problems.append(_missing_column(sheet, "appointed", _YES_NO_EXPECTED))
        return None
    _notice_extra_columns(sheet, ["ethnicity", "disability", "appointed"], notices)
    if "ethnicity" not in sheet.frame.columns and "disability" not in sheet.frame.columns:
        notices.append(
            f"{sheet.file}: sheet {sheet.name!r} has neither an ethnicity nor a disability "
            "column, so WRES 2 and WDES 2 cannot be worked out"
        )
    appointed_text = _column(sheet, "appointed")
    appointed, invalid = yes_no_values(appointed_text)
    _report(
        sheet,
        "appointed",
        appointed_text.isna(),
        "appointed is required for every shortlisted applicant",
        "Y or N",
        problems,
    )
    _report(sheet, "appointed", invalid, "appointed must be Y or N", "Y or N", problems)
    ethnicity = _column(sheet, "ethnicity")
    frame = pd.DataFrame(
        {
            "ethnicity": ethnicity,
            "ethnicity_group": ethnicity_groups(ethnicity),
            "disability": _disability_column(sheet, problems),
            "appointed": appointed,
        },
        index=sheet.frame.index,
    )
    return RecruitmentData(frame=frame.reset_index(drop=True), file=sheet.file, sheet=sheet.name)

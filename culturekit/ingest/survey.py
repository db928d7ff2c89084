"""Staff, Board and Stakeholders sheets: answers validated column by column."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from numbers import Number

import numpy as np
import pandas as pd

from culturekit.contract import GROUPING_COLUMNS
from culturekit.errors import Problem
from culturekit.framework.model import Framework, Item, Scale, Source
from culturekit.ingest.groupings import grouping_columns
from culturekit.ingest.lookalikes import Lookalikes
from culturekit.ingest.models import SurveyData
from culturekit.ingest.reader import Sheet
from culturekit.names import normalise_label, normalise_name

ID_COLUMNS: dict[str, str] = {
    "staff": "respondent_id",
    "board": "member_id",
    "stakeholders": "respondent_id",
}
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "staff": ("comment", "comments"),
    "board": ("key_messages", "comment", "comments"),
    "stakeholders": ("comment", "comments"),
}
# Marks in the answer map for a cell that is not an answer code.
_NOT_APPLICABLE = -1.0
_INVALID = -2.0


def parse_survey(
    sheet: Sheet,
    source: Source,
    framework: Framework,
    problems: list[Problem],
    notices: list[str],
    declared: Sequence[str] = (),
) -> SurveyData | None:
    """Validate one perception sheet; every bad cell becomes a Problem.

    ``declared`` holds the grouping columns the user declared (header keys), beyond those
    the input format names (see :mod:`culturekit.ingest.groupings`).
    """
    items = framework.items_of(source)
    frame = sheet.frame
    _refuse_lookalikes(sheet, source, items, declared, problems)
    item_keys = [i.key for i in items if i.key in frame.columns]
    missing = [i.code for i in items if i.key not in frame.columns]
    if not item_keys:
        problems.append(
            sheet.problem(
                f"no item columns of the {source} instrument were found",
                row=1,
                expected="headers such as "
                + ", ".join(i.code for i in items[:4])
                + " (see `culturekit template`)",
            )
        )
        return None
    if missing:
        notices.append(
            f"{sheet.name}: {len(missing)} item(s) of the framework have no column and are "
            f"scored from the others: {', '.join(missing)}"
        )
    codes, not_applicable = _answers(sheet, items, framework, problems, notices)
    id_key = ID_COLUMNS[source]
    if id_key in frame.columns:
        _check_unique_ids(sheet, id_key, problems)
    text_keys = [k for k in TEXT_COLUMNS[source] if k in frame.columns]
    reserved = {
        **{key: "an item" for key in item_keys},
        id_key: "the respondent id",
        **{key: "a comment column" for key in text_keys},
    }
    groups = grouping_columns(sheet, source, declared, reserved, problems, notices)
    comments = None
    if text_keys:
        comments = frame[text_keys].apply(_comment, axis=1).astype(object)
    _note_rows_without_answers(sheet, codes, notices)
    return SurveyData(
        source=source,
        codes=pd.DataFrame(codes, index=frame.index),
        not_applicable=pd.DataFrame(not_applicable, index=frame.index),
        groups=pd.DataFrame(groups, index=frame.index),
        group_names={key: sheet.header(key) for key in groups},
        comments=comments,
        rows=sheet.rows,
        file=sheet.file,
        sheet=sheet.name,
        missing_items=missing,
    )


def _refuse_lookalikes(
    sheet: Sheet,
    source: Source,
    items: Sequence[Item],
    declared: Sequence[str],
    problems: list[Problem],
) -> None:
    """A header that looks like one of the sheet's columns without being it (``ВВ1`` in
    Cyrillic for ``VV1``) is an error: matched to no column, its item would go unscored."""
    codes = [item.code for item in items]
    expected = [
        *codes,
        ID_COLUMNS[source],
        *TEXT_COLUMNS[source],
        *GROUPING_COLUMNS.get(source, ()),
        *declared,
    ]
    lookalikes = Lookalikes(expected, codes)
    for key in sheet.frame.columns:
        header = sheet.header(key)
        reason = lookalikes.reason(header)
        if reason is not None:
            problems.append(
                sheet.problem(
                    f"header {header!r} {reason}: retype the header",
                    row=1,
                    column=header,
                )
            )


def _answers(
    sheet: Sheet,
    items: Sequence[Item],
    framework: Framework,
    problems: list[Problem],
    notices: list[str],
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Each item column's answer codes (NaN where not answered) and its "N/A" marks."""
    frame = sheet.frame
    codes: dict[str, np.ndarray] = {}
    not_applicable: dict[str, np.ndarray] = {}
    relaxed: dict[str, int] = {}  # spelling -> cells
    for item in items:
        if item.key not in frame.columns:
            continue
        scale = framework.scale_of(item)
        answers = _Answers(scale)
        column = frame[item.key]
        values = column.to_numpy(dtype=object)
        # Each distinct value is checked once: one pass finds them (blanks as -1).
        positions, distinct = pd.factorize(values)
        counts = np.bincount(positions[positions >= 0], minlength=len(distinct))
        lookup = np.full(len(distinct) + 1, np.nan)  # the last stays NaN, for blanks
        for k, value in enumerate(distinct):
            code = answers.code(value)
            lookup[k] = code
            if (
                isinstance(value, str)
                and code > 0
                and value.strip() not in answers.exact_labels
                and not _is_number_text(value)
            ):
                relaxed[value] = relaxed.get(value, 0) + int(counts[k])
        mapped = lookup[positions]
        if sheet.booleans:  # TRUE equals 1 as a key, so booleans are found one by one
            is_bool = np.fromiter((type(v) is bool for v in values), dtype=bool, count=len(values))
            mapped[is_bool] = _INVALID
        bad = np.flatnonzero(mapped == _INVALID)
        for index in bad:
            problems.append(
                sheet.problem(
                    _not_on_scale(item.code, values[index]),
                    row=int(sheet.rows[index]),
                    column=sheet.header(item.key),
                    value=_show(values[index]),
                    expected=answers.expected,
                )
            )
        not_applicable[item.code] = mapped == _NOT_APPLICABLE
        mapped[(mapped == _NOT_APPLICABLE) | (mapped == _INVALID)] = np.nan
        codes[item.code] = mapped
    if relaxed:
        common = sorted(relaxed, key=lambda v: (-relaxed[v], v))
        sample = ", ".join(repr(v) for v in common[:3])
        notices.append(
            f"{sheet.name}: {len(relaxed)} distinct answer spelling(s) matched the scale once "
            f"case and spacing were ignored, in {sum(relaxed.values())} cell(s) (e.g. {sample})"
        )
    _route(sheet, items, codes, not_applicable, notices)
    return codes, not_applicable


class _Answers:
    """How one answer set's cells are read: its codes, labels and unscored boxes."""

    def __init__(self, scale: Scale) -> None:
        self.labels = scale.label_lookup()
        self.exact_labels = {p.label for p in scale.points} | {e.label for e in scale.excluded}
        self.not_answered = scale.not_answered_lookup()
        self.codes = frozenset(scale.codes)
        self.excluded = scale.excluded_codes
        unscored = ["Don't know", "N/A"] if scale.not_answered else []
        unscored = list(dict.fromkeys([*unscored, *(e.label for e in scale.excluded)]))
        self.expected = (
            f"a whole number {scale.min_code}-{scale.max_code}, an answer label such as "
            f"{scale.points[-2].label!r}, or blank" + "".join(f" / {u}" for u in unscored)
        )

    def code(self, value: object) -> float:
        if isinstance(value, bool):
            return _INVALID
        if isinstance(value, Number):
            number = float(value)  # type: ignore[arg-type]
            if not (math.isfinite(number) and number.is_integer()):
                return _INVALID
            if int(number) in self.excluded:
                return _NOT_APPLICABLE
            return number if int(number) in self.codes else _INVALID
        if isinstance(value, str):
            key = normalise_label(value)
            if not key:
                return math.nan
            if key in self.labels:
                return float(self.labels[key])
            if key in self.not_answered:
                return _NOT_APPLICABLE
            if _is_number_text(value):
                return self.code(float(value))
        return _INVALID


def _route(
    sheet: Sheet,
    items: Sequence[Item],
    codes: dict[str, np.ndarray],
    not_applicable: dict[str, np.ndarray],
    notices: list[str],
) -> None:
    """Answers to a routed item from respondents the questionnaire routed past it are
    not answers: they are read as not answered (counted apart), and the analyst is told."""
    by_key = {normalise_name(i.code): i.code for i in items}
    for item in items:
        if item.asked_if is None or item.code not in codes:
            continue
        filter_code = by_key.get(normalise_name(item.asked_if.item))
        if filter_code is None or filter_code not in codes:
            continue
        asked = np.isin(codes[filter_code], item.asked_if.answers)
        routed_out = ~asked & ~np.isnan(codes[item.code])
        if routed_out.any():
            notices.append(
                f"{sheet.name}: {int(routed_out.sum())} answer(s) to {item.code} come from "
                f"respondents whose answer to {filter_code} routes them past it; they are "
                "read as not answered"
            )
        codes[item.code] = np.where(asked, codes[item.code], np.nan)
        not_applicable[item.code] = not_applicable[item.code] | routed_out


def _comment(row: pd.Series) -> str | None:
    """A respondent's free text, from every text column they wrote in."""
    texts = [str(v).strip() for v in row if v is not None and str(v).strip()]
    return "\n".join(texts) or None


def _not_on_scale(code: str, value: object) -> str:
    if isinstance(value, dt.date | dt.time):
        return (
            f"answer to {code} is a date or time, not an answer: the cell is probably "
            "formatted as a date; format the column as General or Number and retype it"
        )
    return f"answer to {code} is not on the scale"


def _is_number_text(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_unique_ids(sheet: Sheet, key: str, problems: list[Problem]) -> None:
    ids = sheet.frame[key].map(lambda v: None if v is None else _show(v).strip())
    duplicated = ids.notna() & ids.duplicated(keep="first")
    for index in np.flatnonzero(duplicated.to_numpy()):
        first = int(sheet.rows[int(np.flatnonzero((ids == ids.iloc[index]).to_numpy())[0])])
        problems.append(
            sheet.problem(
                f"{sheet.header(key)} is not unique (first used on row {first})",
                row=int(sheet.rows[index]),
                column=sheet.header(key),
                value=ids.iloc[index],
                expected="each respondent once",
            )
        )


def _note_rows_without_answers(
    sheet: Sheet, codes: dict[str, np.ndarray], notices: list[str]
) -> None:
    """Rows with no answer on the scale (a list pre-filled with ids and roles) are no one's
    responses: every count of people leaves them out, and the analyst is told."""
    answered = np.zeros(len(sheet.frame), dtype=bool)
    for column in codes.values():
        answered |= ~np.isnan(column)
    empty = sheet.rows[~answered]
    if len(empty) == 0 or not answered.any():
        return  # a sheet with no answer at all is refused as a whole (ingest.completeness)
    shown = ", ".join(str(int(r)) for r in empty[:5]) + (", ..." if len(empty) > 5 else "")
    notices.append(
        f"{sheet.name}: {len(empty)} row(s) have no answer on the scale to any item (row "
        f"{shown}); they are not counted as respondents, and any comment on them is not shown"
    )

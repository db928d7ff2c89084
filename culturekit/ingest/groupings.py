"""Which columns of a survey sheet are grouping columns.

A grouping column's values are printed as group labels in every output, hidden groups
included, so a column becomes one only when someone said it is one: the input format
names it for the sheet (:data:`culturekit.contract.GROUPING_COLUMNS`), or the user
declares it (the framework's ``groupings``, or ``group_by`` when loading). Every other
column that is not an item, the respondent id or a comment is ignored, with a notice
naming it.

A column whose values look like free text is never a grouping, even when declared,
because its labels would print what people wrote. Its non-blank values (spacing tidied)
look like free text when

* one of them is longer than :data:`MAX_LABEL_CHARACTERS` characters, or has more than
  :data:`MAX_LABEL_WORDS` words (separated by spaces); or
* there are at least :data:`MIN_VALUES_FOR_SHARE` of them and more than
  :data:`MAX_DISTINCT_SHARE` of them are different (most people wrote their own).

Declaring such a column is a validation error that says which rule it broke; a column the
input format names is left out with a notice instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from culturekit.contract import GROUPING_COLUMNS
from culturekit.errors import Problem
from culturekit.framework.model import Framework
from culturekit.ingest.reader import Sheet
from culturekit.names import normalise_name

MAX_LABEL_CHARACTERS = 80
MAX_LABEL_WORDS = 10
MIN_VALUES_FOR_SHARE = 20
MAX_DISTINCT_SHARE = 0.5


def with_groupings(framework: Framework, group_by: Iterable[str] | None) -> Framework:
    """``framework`` with the columns of ``group_by`` added to its ``groupings``."""
    extra = [str(name).strip() for name in group_by or () if str(name).strip()]
    if not extra:
        return framework
    names = list(dict.fromkeys([*framework.groupings, *extra]))
    return framework.model_copy(update={"groupings": names})


def declared_keys(framework: Framework) -> list[str]:
    """The framework's declared groupings as header keys (case and spacing ignored)."""
    return list(dict.fromkeys(normalise_name(name) for name in framework.groupings))


def group_labels(column: pd.Series) -> pd.Series:
    """Grouping values as tidy text; blanks stay missing ("Not stated" in reports)."""

    def tidy(value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value).split()) or None

    mapping = {v: tidy(v) for v in pd.unique(column.to_numpy(dtype=object)) if v is not None}
    labels = column.map(mapping).astype(object)
    return labels.where(labels.notna() & column.notna(), None)


def free_text_reason(labels: pd.Series, rows: Sequence[int]) -> str | None:
    """Why a column's tidied values look like free text, or None when they do not.

    ``rows`` are the Excel row numbers of ``labels``, to say where the rule was broken
    without quoting what was written.
    """
    present = labels.notna().to_numpy()
    values = pd.Series(labels[present].astype(str).to_numpy(dtype=object))
    where = np.asarray(rows)[present]
    # Each distinct value is looked at once (where it first occurs); the first row
    # breaking a rule is named.
    distinct = values.drop_duplicates(keep="first")
    broken = [
        (int(index), value)
        for index, value in distinct.items()
        if len(value) > MAX_LABEL_CHARACTERS or len(value.split()) > MAX_LABEL_WORDS
    ]
    if broken:
        index, value = min(broken)
        row = int(where[index])
        if len(value) > MAX_LABEL_CHARACTERS:
            return (
                f"row {row} holds {len(value)} characters; a group label has at most "
                f"{MAX_LABEL_CHARACTERS}"
            )
        words = len(value.split())
        return f"row {row} holds {words} words; a group label has at most {MAX_LABEL_WORDS}"
    distinct = len(distinct)
    if len(values) >= MIN_VALUES_FOR_SHARE and distinct > MAX_DISTINCT_SHARE * len(values):
        return (
            f"{distinct} of its {len(values)} values are different; a grouping has more "
            f"than one person in most groups"
        )
    return None


def grouping_columns(
    sheet: Sheet,
    source: str,
    declared: Sequence[str],
    reserved: Mapping[str, str],
    problems: list[Problem],
    notices: list[str],
) -> dict[str, pd.Series]:
    """The sheet's grouping columns (header key to tidy labels), in the sheet's order.

    ``reserved`` maps the columns that have another meaning (items, the respondent id,
    comments) to that meaning, for the error when one of them is declared.
    """
    named = set(GROUPING_COLUMNS.get(source, ()))
    chosen: dict[str, pd.Series] = {}
    ignored: list[str] = []
    for key in sheet.frame.columns:
        header = sheet.header(key)
        if key in reserved:
            if key in declared:
                problems.append(
                    sheet.problem(
                        f"column {header!r} is declared as a grouping but is {reserved[key]}",
                        column=header,
                        expected="a column whose values name groups (a team, a site, ...)",
                    )
                )
            continue
        if key not in declared and key not in named:
            ignored.append(header)
            continue
        labels = group_labels(sheet.frame[key])
        reason = free_text_reason(labels, sheet.rows)
        if reason is None:
            chosen[key] = labels
        elif key in declared:
            problems.append(
                sheet.problem(
                    f"column {header!r} cannot be a grouping: its values look like free "
                    f"text ({reason})",
                    column=header,
                    expected="short labels shared by several people, or remove the column "
                    "from the declared groupings",
                )
            )
        else:
            notices.append(
                f"{sheet.name}: column {header!r} is not broken down: its values look like "
                f"free text ({reason})"
            )
    if ignored:
        notices.append(
            f"{sheet.name}: {len(ignored)} column(s) are not items, an id, comments or "
            f"grouping columns, and were ignored: {', '.join(repr(h) for h in ignored)} "
            "(declare a grouping in the framework's groupings or with group_by)"
        )
    return chosen


def check_declared(
    declared: Sequence[str],
    sheets: Sequence[Sheet],
    reserved: Mapping[str, Iterable[str]],
    problems: list[Problem],
) -> None:
    """A declared grouping that no survey sheet has is an error naming the columns there.

    ``reserved`` holds, per sheet name, the item columns: they are left out of the list of
    columns that could have been meant.
    """
    present = {key for sheet in sheets for key in sheet.frame.columns}
    for key in declared:
        if key in present:
            continue
        if not sheets:
            problems.append(
                Problem(f"grouping column {key!r} is declared but there is no survey sheet")
            )
            continue
        where = "; ".join(
            f"{sheet.name}: "
            + (
                ", ".join(
                    sheet.header(k)
                    for k in sheet.frame.columns
                    if k not in set(reserved.get(sheet.name, ()))
                )
                or "(items only)"
            )
            for sheet in sheets
        )
        one = sheets[0] if len(sheets) == 1 else None
        problems.append(
            Problem(
                f"grouping column {key!r} is declared but no survey sheet has it; the "
                f"columns other than items are {where}",
                file=one.file if one else None,
                sheet=one.name if one else None,
            )
        )

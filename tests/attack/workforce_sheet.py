"""The employees of a workbook's Workforce sheet, read as docs/input-format.md and
docs/methods.md describe it (pandas, not culturekit's reader).

- Sheet and header names match ignoring case and surrounding spaces, with spaces and
  hyphens read as underscores.
- ``ethnicity``: "White" is White British, Irish or any other White background; "BME"
  every other declared group; undeclared ("Prefer not to say", "Not stated", blank) is
  "Not stated".
- ``disability``: Yes, No, Not declared (a blank is not declared either).
- ``staff_group``: Clinical or Non-clinical; a blank is "Not recorded" (a band is the sum
  of its Clinical, Non-clinical and Not recorded staff).
- ``board_member`` Y: a voting board member; with ``executive`` N a non-executive one,
  on the board and not in the workforce (band :data:`attack.workforce.NON_EXECUTIVE`).
  ``gender`` as written.

The documents do not say what a blank ethnicity or disability is; "undeclared" is this
reading, and the tests check it (the true table must fit every figure shown). A value the
documents do not place at all is an error here, so a truth is never guessed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from attack.workforce import NON_EXECUTIVE, Employee

_UNDECLARED_ETHNICITY = {"", "prefer not to say", "not stated"}
_DISABILITY = {"yes": "Yes", "no": "No", "not declared": "Not declared", "": "Not declared"}
_STAFF_GROUP = {"clinical": "Clinical", "non_clinical": "Non-clinical", "": "Not recorded"}
_YES = {"y": True, "n": False, "": False}


def _name(text: Any) -> str:
    return re.sub(r"[\s-]+", "_", str(text).strip().lower())


def _text(value: Any) -> str:
    return "" if pd.isna(value) else " ".join(str(value).split())


def ethnic_group(written: str) -> str:
    if written.lower() in _UNDECLARED_ETHNICITY:
        return "Not stated"
    return "White" if written.lower().startswith("white") else "BME"


def _lookup(table: dict[str, Any], value: str, column: str, row: int) -> Any:
    try:
        return table[value]
    except KeyError:
        raise ValueError(
            f"Workforce row {row}: {column} {value!r} is not in the contract"
        ) from None


def read_employees(path: str | Path) -> list[Employee]:
    """Every row of the Workforce sheet with a band, as an :class:`Employee`."""
    with pd.ExcelFile(path, engine="calamine") as book:
        [sheet] = [name for name in book.sheet_names if _name(name) == "workforce"]
        frame = pd.read_excel(book, sheet_name=sheet, dtype=object)
    frame = frame.rename(columns=_name)
    has_gender = "gender" in frame.columns
    employees = []
    for row, record in enumerate(frame.to_dict("records"), start=2):
        band = _text(record.get("band"))
        if not band:
            continue
        gender = _text(record.get("gender"))
        if has_gender and not gender:
            raise ValueError(f"Workforce row {row}: a blank gender is not in the contract")
        board = _lookup(_YES, _text(record.get("board_member")).lower(), "board", row)
        if board and _text(record.get("executive")).lower() == "n":
            band = NON_EXECUTIVE
        employees.append(
            Employee(
                band=band,
                staff_group=_lookup(
                    _STAFF_GROUP, _name(_text(record.get("staff_group"))), "staff_group", row
                ),
                ethnicity=ethnic_group(_text(record.get("ethnicity"))),
                disability=_lookup(
                    _DISABILITY, _text(record.get("disability")).lower(), "disability", row
                ),
                board=board,
                gender=gender,
            )
        )
    return employees

"""The Trust sheet: who, what period."""

from __future__ import annotations

import datetime as dt
import re

from culturekit.contract import TRUST_TYPES
from culturekit.errors import Problem
from culturekit.ingest.models import TrustInfo
from culturekit.ingest.reader import Sheet
from culturekit.names import normalise_label, normalise_name

_CODE = re.compile(r"^[A-Z0-9]{3,5}$")
_REQUIRED = ("trust_name", "trust_code", "period")
_KNOWN = (*_REQUIRED, "collected_on", "trust_type", "staff_headcount", "programme_start")


def parse_trust(sheet: Sheet, problems: list[Problem], notices: list[str]) -> TrustInfo | None:
    frame = sheet.frame
    for key in ("field", "value"):
        if key not in frame.columns:
            problems.append(sheet.problem(f"the Trust sheet needs a {key!r} column", row=1))
    if problems and any(p.sheet == sheet.name and p.row == 1 for p in problems):
        return None
    values: dict[str, tuple[object, int]] = {}
    for position, (name, value) in enumerate(zip(frame["field"], frame["value"], strict=True)):
        row = int(sheet.rows[position])
        if name is None:
            continue
        key = normalise_name(name)
        if key not in _KNOWN:
            notices.append(f"{sheet.name}: unknown field {name!r} on row {row} ignored")
            continue
        if key in values:
            problems.append(sheet.problem(f"field {key} is given twice", row=row, column="field"))
            continue
        values[key] = (value, row)
    before = len(problems)
    for key in _REQUIRED:
        # Spaces alone (or any blank text) are as missing as an empty cell.
        given = values.get(key, (None, 0))[0]
        if given is None or not str(given).split():
            problems.append(
                sheet.problem(
                    f"required field {key} is missing or blank",
                    row=values.get(key, (None, None))[1],
                    column="value",
                )
            )

    def text(key: str) -> str | None:
        value = values.get(key, (None, 0))[0]
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value).split()) or None

    code = (text("trust_code") or "").upper()
    if code and not _CODE.match(code):
        problems.append(
            sheet.problem(
                "trust_code is not an ODS code",
                row=values["trust_code"][1],
                column="value",
                value=text("trust_code"),
                expected="3-5 letters and digits, e.g. RXX",
            )
        )
    trust_type = text("trust_type")
    if trust_type is not None:
        trust_type = normalise_label(trust_type).replace("-", " ")
        if trust_type not in TRUST_TYPES:
            problems.append(
                sheet.problem(
                    "trust_type is not recognised",
                    row=values["trust_type"][1],
                    column="value",
                    value=text("trust_type"),
                    expected=", ".join(TRUST_TYPES),
                )
            )
    headcount = _whole_number(values.get("staff_headcount"), sheet, problems)
    collected = _date(values.get("collected_on"), sheet, problems)
    start = _date(values.get("programme_start"), sheet, problems, "programme_start")
    if len(problems) > before:
        return None
    return TrustInfo(
        name=text("trust_name") or "",
        code=code,
        period=text("period") or "",
        collected_on=collected,
        trust_type=trust_type,
        staff_headcount=headcount,
        programme_start=start,
    )


def _whole_number(
    entry: tuple[object, int] | None, sheet: Sheet, problems: list[Problem]
) -> int | None:
    if entry is None or entry[0] is None:
        return None
    value, row = entry
    try:
        number = float(str(value).replace(",", "")) if not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None or not number.is_integer() or number <= 0:
        problems.append(
            sheet.problem(
                "staff_headcount is not a whole number above 0",
                row=row,
                column="value",
                value=str(value),
                expected="a whole number such as 6500",
            )
        )
        return None
    return int(number)


def _date(
    entry: tuple[object, int] | None,
    sheet: Sheet,
    problems: list[Problem],
    key: str = "collected_on",
) -> dt.date | None:
    if entry is None or entry[0] is None:
        return None
    value, row = entry
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    problems.append(
        sheet.problem(
            f"{key} is not a date",
            row=row,
            column="value",
            value=text,
            expected="a date such as 2025-10-31 or 31/10/2025",
        )
    )
    return None

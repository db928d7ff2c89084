"""Random workbooks and CSV files: culturekit either reads them or says why, never crashes.

Hypothesis builds workbooks from a valid one by mutation: random values of every type in
any cell (text with unicode and control characters, formula-like text, numbers including
nan and infinity, booleans, dates, blanks), headers in random case and spacing, extra and
missing columns, extra, hidden, renamed and missing sheets. For each, ``culturekit.load``
and ``culturekit.diagnose`` either succeed or raise a ``CulturekitError``; the command line
never prints a traceback and exits with a documented code.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path
from typing import Any

from bad_inputs import TRUST_OPTIONS, staff_rows
from click.testing import CliRunner
from helpers.workbooks import BOARD_ITEMS, STAKEHOLDER_ITEMS, TRUST_ROWS
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from openpyxl import Workbook

import culturekit
from culturekit.cli import cli
from culturekit.errors import EXIT_CODES, CulturekitError

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,  # nothing written into the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters openpyxl (and the XML of a workbook) cannot hold.
_ILLEGAL = "".join(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32)))
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=_ILLEGAL),
    max_size=12,
)
LABELS = st.sampled_from(
    [
        "Agree",
        " agree ",
        "STRONGLY DISAGREE",
        "Neither agree nor disagree",
        "Don't know",
        "don\u2019t know",
        "N/A",
        "not applicable",
        "Strongly  agree\u00a0",
    ]
)
TRICKY = st.sampled_from(
    [
        "=1+1",
        "=SUM(A1:A3)",
        "=1/0",
        "+1",
        "-3",
        "@x",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "Infinity",
        "1e308",
        "1e999",
        "3.0",
        " 4 ",
        "0x3",
        "\u0663",  # Arabic-Indic three
        "",
        " ",
        "\t",
        "\n",
        "#N/A",
        "#DIV/0!",
        "TRUE",
        "\u200b",
        "\u202e3",
        "R\u00e9",
        "\U0001f600",
    ]
)
NUMBERS = st.one_of(
    st.integers(-3, 8),
    st.integers(-(2**63), 2**63),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.5, 2.5, 4.999999, 1e-300, -0.0]),
)
DATES = st.one_of(
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)),
    st.times(),
)
VALUES = st.one_of(
    st.none(),
    st.integers(1, 5),
    LABELS,
    TRICKY,
    TEXT,
    NUMBERS,
    st.booleans(),
    DATES,
)
KNOWN_HEADERS = [
    # the input contract's columns, every sheet
    "field",
    "value",
    "respondent_id",
    "member_id",
    "staff_group",
    "band",
    "directorate",
    "ethnicity",
    "gender",
    "disability",
    "age_band",
    "role",
    "stakeholder_type",
    "comment",
    "comments",
    "key_messages",
    "board_member",
    "executive",
    "left_in_period",
    "entered_disciplinary",
    "entered_capability",
    "accessed_training",
    "appointed",
    "indicator",
    "element",
    "benchmark",
    "best",
    "worst",
    "higher_is_better",
    "unit",
    "source",
    "period",
    "VV1",
    "TW4",
    *BOARD_ITEMS[:3],
    *STAKEHOLDER_ITEMS[:3],
]
SHEET_NAMES = [
    "Trust",
    "Staff",
    "Board",
    "Stakeholders",
    "Workforce",
    "Recruitment",
    "Dashboard",
    "Instructions",
]


@st.composite
def respelled(draw: st.DrawFn, name: str) -> str:
    """``name`` in random case, with spaces, hyphens or underscores."""
    letters = [c.upper() if draw(st.booleans()) else c.lower() for c in name]
    text = "".join(letters).replace("_", draw(st.sampled_from(["_", " ", "-", "  "])))
    return draw(st.sampled_from(["", " ", "  "])) + text + draw(st.sampled_from(["", " "]))


HEADERS = st.one_of(
    st.sampled_from(KNOWN_HEADERS).flatmap(respelled), TEXT, st.none(), st.integers(0, 9)
)


@st.composite
def random_sheet(draw: st.DrawFn) -> list[list[Any]]:
    width = draw(st.integers(0, 6))
    header = [draw(HEADERS) for _ in range(width)]
    rows = draw(st.lists(st.lists(VALUES, min_size=0, max_size=width + 2), min_size=0, max_size=14))
    return [header, *rows]


@st.composite
def mutated_sheet(draw: st.DrawFn, rows: list[list[Any]]) -> list[list[Any]]:
    """A valid sheet with some cells, headers and columns changed (often only a few, so
    that many examples get as far as scoring)."""
    rows = [list(row) for row in rows]
    for _ in range(draw(st.sampled_from([0, 0, 1, 2, 3, 5, 8]))):
        if len(rows) < 2:
            break
        r = draw(st.integers(1, len(rows) - 1))
        c = draw(st.integers(0, len(rows[r]) + 1))
        value = draw(VALUES)
        if c < len(rows[r]):
            rows[r][c] = value
        else:
            rows[r].append(value)
    # Hypothesis favours small draws: the simplest example changes nothing.
    if draw(st.integers(0, 4)) == 4:  # a header changed or added
        c = draw(st.integers(0, len(rows[0])))
        header = draw(HEADERS)
        rows[0] = [*rows[0][:c], header, *rows[0][c + 1 :]]
    if draw(st.booleans()):  # headers respelled: still valid
        rows[0] = [draw(respelled(h)) if isinstance(h, str) else h for h in rows[0]]
    if len(rows[0]) > 1 and draw(st.integers(0, 4)) == 4:  # a column dropped
        c = draw(st.integers(0, len(rows[0]) - 1))
        rows = [row[:c] + row[c + 1 :] for row in rows]
    if len(rows) > 1 and draw(st.integers(0, 4)) == 4:  # rows dropped
        rows = rows[: draw(st.integers(1, len(rows)))]
    return rows


@st.composite
def workbooks(draw: st.DrawFn) -> dict[str, Any]:
    """Sheets: a valid Trust and Staff sheet mutated, plus random other sheets."""
    sheets: dict[str, Any] = {}
    if draw(st.integers(0, 9)) < 9:
        # Mutated only now and then: nearly any change to it is an error.
        trust = draw(mutated_sheet(TRUST_ROWS)) if draw(st.integers(0, 3)) == 3 else TRUST_ROWS
        sheets[draw(respelled("Trust"))] = trust
    if draw(st.integers(0, 9)) < 9:
        count = draw(st.sampled_from([12, 14, 11, 5, 1, 0]))
        sheets[draw(respelled("Staff"))] = draw(mutated_sheet(staff_rows(count)))
    for _ in range(draw(st.sampled_from([0, 0, 1, 2, 3]))):
        name = draw(
            st.one_of(TEXT, st.just("Notes"), st.sampled_from(SHEET_NAMES).flatmap(respelled))
        )
        name = "".join(c for c in name if c not in "[]:*?/\\'").strip()[:31] or "Sheet"
        if name.lower() not in {n.lower() for n in sheets}:
            sheets[name] = draw(random_sheet())
    return sheets


def write(sheets: dict[str, Any], hidden: set[str], folder: Path) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title=title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(row=r, column=c, value=value)
        if title in hidden and len(sheets) > 1:
            sheet.sheet_state = "hidden"
    if not sheets:
        book.create_sheet("Sheet1")
    path = folder / "trust.xlsx"
    book.save(path)
    return path


def check_library(**load: Any) -> None:
    """``load`` and ``diagnose`` succeed, or fail with culturekit's own error."""
    try:
        data = culturekit.load(**load)
        diagnosis = culturekit.diagnose(data)
        diagnosis.to_json()
    except CulturekitError:
        pass


def check_command_line(args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output + result.stderr
    assert result.exit_code in EXIT_CODES
    if result.exit_code:
        assert result.stderr.startswith("Error: "), result.stderr


@FUZZ
@given(sheets=workbooks(), hidden=st.sets(st.sampled_from(["Trust", "Staff"]), max_size=1))
def test_random_workbooks_never_crash(sheets: dict[str, Any], hidden: set[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        try:
            path = write(sheets, hidden, Path(folder))
        except (ValueError, TypeError):
            reject()  # openpyxl cannot write it: not culturekit's concern
        check_library(path=path)
        check_command_line([str(path)])


def _csv_text(rows: list[list[Any]], delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


@FUZZ
@given(
    rows=st.builds(lambda n: staff_rows(n), st.integers(0, 14)).flatmap(mutated_sheet),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]),
    noise=st.binary(max_size=8),
)
def test_random_csv_files_never_crash(
    rows: list[list[Any]], delimiter: str, encoding: str, noise: bytes
) -> None:
    text = _csv_text(rows, delimiter)
    data = text.encode(encoding, errors="replace") + noise
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "staff.csv"
        path.write_bytes(data)
        trust = dict(zip(("name", "code", "period"), TRUST_OPTIONS[1::2], strict=True))
        check_library(staff=path, trust=trust)
        check_command_line(["--staff", str(path), *TRUST_OPTIONS])

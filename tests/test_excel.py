"""The Excel workbook for analysts: numbers as numbers, hidden figures blank with their
reasons in the Note column, no formula injection, deterministic bytes."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

import culturekit
from culturekit.cli import cli
from culturekit.errors import OutputError
from culturekit.report import excel
from culturekit.report.excel import Column, Table, neutralise, render_xlsx, sheet_builder

SHEETS = [
    "README",
    "Element scores",
    "Items",
    "Breakdowns",
    "Gaps",
    "Response",
    "Dashboard",
    "Headcount",
    "Representation",
    "WRES WDES",
    "WRES WDES groups",
    "WRES WDES 1 by band",
    "Turnover and succession",
    "Triangulation",
    "Disclosure audit",
]
INJECTIONS = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.fixture(scope="module")
def data(northwick_diagnosis: culturekit.Diagnosis) -> bytes:
    return render_xlsx(northwick_diagnosis)


@pytest.fixture(scope="module")
def book(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def _header(ws: Any) -> list[str]:
    return [cell.value for cell in ws[1]]


def _column(ws: Any, header: str) -> list[Any]:
    index = _header(ws).index(header) + 1
    return [ws.cell(row=r, column=index) for r in range(2, ws.max_row + 1)]


def _row(ws: Any, cells: Any) -> dict[str, Any]:
    return dict(zip(_header(ws), cells, strict=True))


def _is_hidden_style(cell: Any) -> bool:
    return (
        bool(cell.font.italic)
        and cell.font.color is not None
        and cell.font.color.rgb.endswith("4C6272")
    )


def test_cli_writes_a_workbook_openpyxl_reads(
    tmp_path: Path, northwick_pre_path: Path, northwick_diagnosis: culturekit.Diagnosis
) -> None:
    result = CliRunner().invoke(
        cli, ["diagnose", str(northwick_pre_path), "-o", str(tmp_path), "--format", "xlsx"]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "report.xlsx")
    scores = book["Element scores"]
    assert all(isinstance(c.value, float) for c in _column(scores, "Score"))


def test_sheets_in_order_readme_first(book: Workbook) -> None:
    assert book.sheetnames == SHEETS


def test_readme_says_what_each_sheet_holds(
    book: Workbook, northwick_diagnosis: culturekit.Diagnosis
) -> None:
    ws = book["README"]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    pairs = {
        ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value
        for r in range(1, ws.max_row + 1)
    }
    assert pairs["Trust"] == "Northwick General Hospital NHS Trust"
    assert pairs["Period"] == "2025 baseline"
    assert pairs["Reporting threshold"] == 11
    assert pairs["culturekit version"] == northwick_diagnosis.culturekit_version
    for sheet in SHEETS[1:]:
        assert sheet in values and pairs[sheet], sheet


def test_numbers_are_numbers_with_formats(book: Workbook) -> None:
    scores = book["Element scores"]
    for header, kind, fmt in [
        ("Score", float, "0.00"),
        ("CI low", float, "0.00"),
        ("Respondents (n)", int, "#,##0"),
        ("% positive", float, "0%"),
        ("Alpha", float, "0.00"),
    ]:
        for cell in _column(scores, header):
            assert isinstance(cell.value, kind), (header, cell.value)
            assert cell.number_format == fmt, (header, cell.number_format)
    positive = [c.value for c in _column(scores, "% positive")]
    assert all(0 <= v <= 1 for v in positive)  # fractions, shown as %
    items = book["Items"]
    for header in ("Answered", "Strongly agree (n)", "Disagree (n)"):
        assert all(isinstance(c.value, int) for c in _column(items, header)), header
    assert all(c.number_format == "0%" for c in _column(items, "Agree (%)"))
    gaps = book["Gaps"]
    assert all(isinstance(c.value, float) for c in _column(gaps, "p-value"))
    wres = book["WRES WDES"]
    numeric = 0
    for cells in wres.iter_rows(min_row=2):
        row = _row(wres, cells)
        unit, value = row["Unit"].value, row["Value"]
        if value.value is None:  # withheld or not available: blank, the reason in the Note
            assert isinstance(row["Note"].value, str) and row["Note"].value
            continue
        numeric += 1
        assert isinstance(value.value, float | int), (row["Standard"].value, row["Number"].value)
        if unit == "percent":
            assert value.number_format == "0.0%" and 0 <= value.value <= 1
        elif unit == "ratio":
            assert value.number_format == "0.00"  # a relative likelihood
        else:  # percentage points, stored as a fraction as the shares they separate are
            assert value.number_format == "0.0%" and -1 <= value.value <= 1
    assert numeric


def test_no_number_is_stored_as_text(book: Workbook) -> None:
    for ws in book.worksheets[1:]:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and not _is_hidden_style(cell):
                    text = cell.value.replace(",", "").replace("%", "")
                    try:
                        float(text)
                    except ValueError:
                        continue
                    # A code like "2024/25" is fine; a bare number in text is not.
                    pytest.fail(f"{ws.title}!{cell.coordinate} holds {cell.value!r} as text")


def test_headers_bold_frozen_filtered_and_sized(book: Workbook) -> None:
    for ws in book.worksheets[1:]:
        assert all(cell.font.bold for cell in ws[1]), ws.title
        assert ws.freeze_panes == "A2", ws.title
        (table,) = ws.tables.values()  # an Excel table filters every column itself
        assert table.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        widths = [ws.column_dimensions[c.column_letter].width for c in ws[1]]
        assert all(w and 8 <= w <= 61 for w in widths), (ws.title, widths)


def test_suppressed_cells_are_blank_with_the_reason_in_the_note(
    book: Workbook,
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    breakdowns = book["Breakdowns"]
    hidden_groups = [
        (b, g) for b in northwick_diagnosis.breakdowns for g in b.groups if g.suppressed
    ]
    assert hidden_groups, "the example has hidden groups"
    rows: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for cells in breakdowns.iter_rows(min_row=2):
        row = _row(breakdowns, cells)
        rows.setdefault((row["By id"].value, row["Group"].value), []).append(row)
    figures = ("Respondents (n)", "Score", "Difference")
    for b, g in hidden_groups:
        elements = rows[(b.by, g.label)]
        assert len(elements) == len(northwick_diagnosis.elements)  # one row per element
        for row in elements:
            assert all(row[name].value is None for name in figures), (g.label, row)
            assert row["Note"].value == g.reason and _is_hidden_style(row["Note"])
    reasons = [row["Note"].value for group in rows.values() for row in group]
    assert any(r and r.startswith("fewer than 11") for r in reasons)
    band = book["WRES WDES 1 by band"]
    workforce = northwick_diagnosis.workforce
    assert workforce is not None
    shares = [
        share
        for indicators in (workforce.wres, workforce.wdes)
        for key in sorted(indicators)
        for share in indicators[key].by_band
    ]
    rows = [_row(band, cells) for cells in band.iter_rows(min_row=2)]
    assert len(rows) == len(shares) and any(share.suppressed for share in shares)
    for share, row in zip(shares, rows, strict=True):
        assert row["Band"].value == share.band
        if share.suppressed:
            assert row["Count"].value is None and row["% of band"].value is None
            assert row["Note"].value == share.reason and _is_hidden_style(row["Note"])


def test_hidden_headcounts_are_blank_never_numbers(
    book: Workbook,
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    """No figure the result hides comes back in the workbook, as a number or a zero."""
    workforce = northwick_diagnosis.workforce
    assert workforce is not None and workforce.headcount is not None
    sheet = book["Headcount"]
    rows = {r["Group"].value: r for r in map(partial(_row, sheet), sheet.iter_rows(min_row=2))}
    hidden = [c for c in workforce.headcount.by_band if c.suppressed]
    assert hidden, "the example hides some bands"
    for count in workforce.headcount.by_band:
        row = rows[count.label]
        if count.suppressed:
            assert row["Headcount"].value is None and row["Note"].value == count.reason
        else:
            assert row["Headcount"].value == count.count and row["Note"].value is None


def _with_trust_name(diagnosis: culturekit.Diagnosis, name: str) -> culturekit.Diagnosis:
    return diagnosis.model_copy(update={"trust": diagnosis.trust.model_copy(update={"name": name})})


@pytest.mark.parametrize("payload", INJECTIONS)
def test_trust_name_cannot_inject_a_formula(
    northwick_diagnosis: culturekit.Diagnosis, payload: str
) -> None:
    book = load_workbook(io.BytesIO(render_xlsx(_with_trust_name(northwick_diagnosis, payload))))
    readme = book["README"]
    pairs = {
        readme.cell(row=r, column=1).value: readme.cell(row=r, column=2)
        for r in range(1, readme.max_row + 1)
    }
    assert pairs["Trust"].data_type != "f"
    # The standard library's XML writer turns a carriage return into a line feed; with
    # lxml installed (python-pptx needs it) openpyxl writes it as a character reference.
    assert pairs["Trust"].value in ("'" + payload, "'" + payload.replace("\r", "\n"))
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


def test_input_text_everywhere_is_neutralised(northwick_diagnosis: culturekit.Diagnosis) -> None:
    """Group labels, item wording, indicator names and evidence come from the input."""
    d = northwick_diagnosis
    element = d.elements[0]
    first_items = element.items["staff"]
    items = [first_items[0].model_copy(update={"text": "=1+1"}), *first_items[1:]]
    elements = [
        element.model_copy(update={"items": {**element.items, "staff": items}}),
        *d.elements[1:],
    ]
    b = d.breakdowns[0]
    groups = [b.groups[0].model_copy(update={"label": "@SUM(A1)"}), *b.groups[1:]]
    breakdowns = [b.model_copy(update={"groups": groups}), *d.breakdowns[1:]]
    t = d.triangulation[0]
    # The evidence is worded from figures; the element's name is the input text it shows.
    triangulation = [t.model_copy(update={"name": "-2+3"}), *d.triangulation[1:]]
    update: dict[str, Any] = {
        "elements": elements,
        "breakdowns": breakdowns,
        "triangulation": triangulation,
    }
    if d.dashboard is not None:
        de = d.dashboard.elements[0]
        indicators = [
            de.indicators[0].model_copy(update={"indicator": "+cmd|' /C calc'!A0"}),
            *de.indicators[1:],
        ]
        update["dashboard"] = d.dashboard.model_copy(
            update={
                "elements": [
                    de.model_copy(update={"indicators": indicators}),
                    *d.dashboard.elements[1:],
                ]
            }
        )
    book = load_workbook(io.BytesIO(render_xlsx(d.model_copy(update=update))))
    found = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith("'"):
                    found.add(cell.value)
    assert {"'=1+1", "'@SUM(A1)", "'-2+3"} <= found
    if d.dashboard is not None:
        assert "'+cmd|' /C calc'!A0" in found


def test_neutralise() -> None:
    assert neutralise("Northwick") == "Northwick"
    assert neutralise("=1") == "'=1"
    assert neutralise("") == ""
    assert neutralise("a=1") == "a=1"


def test_same_result_same_bytes(data: bytes, northwick_diagnosis: culturekit.Diagnosis) -> None:
    assert render_xlsx(northwick_diagnosis) == data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_source_date_epoch_sets_the_document_dates(
    northwick_diagnosis: culturekit.Diagnosis,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    first = render_xlsx(northwick_diagnosis)
    assert render_xlsx(northwick_diagnosis) == first
    props = load_workbook(io.BytesIO(first)).properties
    assert props.created.year == props.modified.year == 2026
    assert (props.created.month, props.created.day) == (1, 1)


def test_sheet_builders_are_registered_per_result_type(
    monkeypatch: pytest.MonkeyPatch,
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    """A new result type (a Comparison) needs only its own sheet builders."""

    @dataclass
    class Result:
        trust: Any
        framework: Any

    monkeypatch.setattr(excel, "_BUILDERS", dict(excel._BUILDERS))
    with pytest.raises(OutputError, match="not available"):
        render_xlsx(Result(northwick_diagnosis.trust, northwick_diagnosis.framework))

    @sheet_builder(Result)
    def changes(result: Result) -> Table:
        return Table(
            "Changes",
            "What changed.",
            [Column("Element"), Column("Change", "0.0")],
            [["Teamwork", 0.4]],
        )

    book = load_workbook(
        io.BytesIO(render_xlsx(Result(northwick_diagnosis.trust, northwick_diagnosis.framework)))
    )
    assert book.sheetnames == ["README", "Changes"]
    assert book["Changes"]["B2"].value == 0.4
    assert book["Changes"]["B2"].number_format == "0.0"

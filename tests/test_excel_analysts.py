"""The three workbooks (report.xlsx, compare.xlsx, network.xlsx) as an analyst uses them:
columns of one kind (numbers or words) so that sums, filters and pivots work; percentages
stored one way; labels, with ids apart; verdicts in words; every data sheet an Excel
table with a frozen header and a print setup one page wide; rows tall enough for their
wrapped text (measured with Arial's metrics); hidden figures blank, their reasons in words.
"""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from matplotlib import font_manager
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

import culturekit
from culturekit.network import summarise_network
from culturekit.report.registry import render

# Marks a report puts before a word (▲ better, ⚑ flagged): never in a workbook's cell.
GLYPHS = ("▲", "▼", "●", "○", "⚑", "△", "▽")
# Headers of columns whose figures are percentages: "% positive", "Agree (%)", "% of
# band", "Response rate", "Rate post", "Percent" (not "% positive p adjusted", a p-value).
PERCENT_HEADERS = re.compile(
    r"^% (positive|negative)( pre| post)?$|\(%\)$|^% of|\brate\b|^percent$", re.IGNORECASE
)
CHANGE_HEADERS = re.compile(r"change|difference", re.IGNORECASE)
REASONS = (
    "reference",
    "fewer than 11",
    "hidden so that",
    "not given",
    "no interval",
    "see groups",
    "given for each group",
    "not available",
    "not computed",
)


@pytest.fixture(scope="module")
def comparison(examples_dir: Path) -> culturekit.Comparison:
    return culturekit.compare(
        examples_dir / "northwick-pre.xlsx", examples_dir / "northwick-post.xlsx"
    )


@pytest.fixture(scope="module")
def network(examples_dir: Path, northwick_diagnosis: culturekit.Diagnosis) -> Any:
    elmbridge = culturekit.diagnose(examples_dir / "elmbridge-pre.xlsx")
    return summarise_network([("northwick", northwick_diagnosis), ("elmbridge", elmbridge)])


@pytest.fixture(scope="module")
def books(
    northwick_diagnosis: culturekit.Diagnosis, comparison: culturekit.Comparison, network: Any
) -> dict[str, Workbook]:
    results = {"report": northwick_diagnosis, "compare": comparison, "network": network}
    return {
        name: load_workbook(io.BytesIO(bytes(render(result, "xlsx"))))  # type: ignore[arg-type]
        for name, result in results.items()
    }


def data_sheets(books: dict[str, Workbook]) -> Iterator[tuple[str, Any]]:
    for name, book in books.items():
        for ws in book.worksheets[1:]:
            yield f"{name}.xlsx!{ws.title}", ws


def columns(ws: Any) -> dict[str, list[Any]]:
    """Each header's cells, below the header row."""
    heads = [c.value for c in ws[1]]
    return {
        head: [ws.cell(row=r, column=i + 1) for r in range(2, ws.max_row + 1)]
        for i, head in enumerate(heads)
    }


def records(ws: Any) -> list[dict[str, Any]]:
    heads = [c.value for c in ws[1]]
    return [dict(zip(heads, row, strict=True)) for row in ws.iter_rows(min_row=2)]


# ------------------------------------------------------------------ one kind per column


def test_every_column_holds_numbers_or_words_never_both(books: dict[str, Workbook]) -> None:
    checked = 0
    for where, ws in data_sheets(books):
        for head, cells in columns(ws).items():
            kinds = {c.data_type for c in cells if c.value not in (None, "")}
            assert kinds <= {"n"} or kinds <= {"s"}, (where, head, kinds)
            checked += 1
    assert checked > 150


def test_no_reason_stands_in_for_a_number(books: dict[str, Workbook]) -> None:
    """The words that used to fill numeric cells are in Note columns only."""
    for where, ws in data_sheets(books):
        for head, cells in columns(ws).items():
            if head == "Note" or any(c.data_type == "n" for c in cells):
                continue
            for cell in cells:
                text = str(cell.value or "")
                # Text columns hold words of their own: a reason belongs in the Note.
                assert not any(text.startswith(r) for r in REASONS), (where, head, text)


def test_reasons_are_in_the_note_of_their_row(books: dict[str, Workbook]) -> None:
    notes = [
        c.value
        for _, ws in data_sheets(books)
        for head, cells in columns(ws).items()
        if head == "Note"
        for c in cells
        if c.value
    ]
    for reason in ("fewer than 11", "hidden so that", "no interval", "not given"):
        assert any(reason in note for note in notes), reason


# ------------------------------------------------------------------------ percentages


def test_percentages_are_fractions_with_a_percent_format(books: dict[str, Workbook]) -> None:
    seen = 0
    for where, ws in data_sheets(books):
        table = columns(ws)
        units = [c.value for c in table.get("Unit", [])]
        for head, cells in table.items():
            for index, cell in enumerate(cells):
                if cell.data_type != "n" or cell.value is None:
                    continue
                if "%" in cell.number_format:
                    seen += 1
                    # A change or difference of percentages (in points) may be negative.
                    points = units and units[index] == "percentage points"
                    low = -1 if CHANGE_HEADERS.search(head) or points else 0
                    assert low <= cell.value <= 1, (where, head, cell.coordinate, cell.value)
                elif PERCENT_HEADERS.search(head):
                    pytest.fail(f"{where}!{cell.coordinate} ({head}) has {cell.number_format}")
    assert seen > 500


def test_dashboard_percentages_are_stored_as_fractions(
    books: dict[str, Workbook], northwick_diagnosis: culturekit.Diagnosis
) -> None:
    assert northwick_diagnosis.dashboard is not None
    given = {i.indicator: i for e in northwick_diagnosis.dashboard.elements for i in e.indicators}
    rows = records(books["report"]["Dashboard"])
    percent = [r for r in rows if r["Unit"].value == "%"]
    assert percent, "the example has indicators in %"
    for row in rows:
        indicator = given[row["Indicator"].value]
        value = row["Value"]
        if row["Unit"].value == "%":
            assert value.value == pytest.approx(indicator.value / 100, rel=1e-12)
            assert value.number_format.endswith("%")
            # As many places as the trust gave: 59.8 is 59.8%, shown to one place.
            decimals = len(f"{indicator.value:g}".partition(".")[2])
            assert value.number_format == ("0." + "0" * decimals if decimals else "0") + "%"
        else:
            assert value.value == indicator.value and "%" not in value.number_format


def test_compare_workforce_percentages_are_fractions(
    books: dict[str, Workbook], comparison: culturekit.Comparison
) -> None:
    w = comparison.workforce
    assert w is not None
    rows = {r["Measure"].value: r for r in records(books["compare"]["Workforce changes"])}
    turnover = rows["Turnover"]
    assert w.turnover.pre is not None
    assert turnover["Pre"].value == pytest.approx(w.turnover.pre / 100, rel=1e-12)
    assert turnover["Pre"].number_format == "0.0%"
    for s in [*w.wres.values(), *w.wdes.values()]:
        row = rows[f"{s.standard} {s.number}: {s.title}"]
        assert row["Unit"].value == s.unit
        if s.pre is None:
            assert row["Pre"].value is None and row["Note"].value
        elif s.unit == "ratio":
            assert row["Pre"].value == pytest.approx(s.pre, rel=1e-15, abs=0)
            assert row["Pre"].number_format == "0.00"
        else:  # a share, or a difference in points, as a fraction
            assert row["Pre"].value == pytest.approx(s.pre / 100, rel=1e-12)
            assert row["Pre"].number_format == "0.0%"


# ------------------------------------------------------------------ labels, verdicts


def test_labels_not_ids_with_the_ids_apart(
    books: dict[str, Workbook], comparison: culturekit.Comparison
) -> None:
    names = {e.id: e.name for e in comparison.elements}
    groupings = {b.by for b in comparison.breakdowns}
    ids = set(names) | groupings
    for where, ws in data_sheets(books):
        table = columns(ws)
        for head, cells in table.items():
            if head.endswith(" id"):
                continue
            for cell in cells:
                assert cell.value not in ids, (where, head, cell.coordinate, cell.value)
        if "Element" in table and "Element id" in table:
            for name, id_ in zip(table["Element"], table["Element id"], strict=True):
                if id_.value:
                    assert names.get(id_.value, name.value) == name.value, (where, id_.value)


def test_verdicts_and_readings_are_words(books: dict[str, Workbook]) -> None:
    words = set()
    for where, ws in data_sheets(books):
        for head, cells in columns(ws).items():
            for cell in cells:
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(GLYPHS), (where, head, cell.value)
                    if head in ("Verdict", "Reading", "Rating"):
                        words.add(cell.value)
    assert {"Better", "No clear change", "Too few to tell", "Closer to parity"} <= words
    assert {"Strength", "Mixed", "Priority", "Similar to benchmark"} <= words


# ---------------------------------------------------------------- tables and printing


def test_every_data_sheet_is_one_excel_table(books: dict[str, Workbook]) -> None:
    for name, book in books.items():
        names = set()
        for ws in book.worksheets[1:]:
            (table,) = ws.tables.values()
            last = ws.cell(row=1, column=ws.max_column).column_letter
            assert table.ref == f"A1:{last}{max(2, ws.max_row)}", (name, ws.title)
            assert table.tableStyleInfo is not None
            heads = [c.value for c in ws[1]]
            assert all(isinstance(h, str) and h for h in heads), (name, ws.title)
            assert len({h.casefold() for h in heads}) == len(heads), (name, ws.title)
            assert table.name.casefold() not in names
            names.add(table.name.casefold())
            assert ws.freeze_panes == "A2", (name, ws.title)


def test_every_sheet_prints_one_page_wide(books: dict[str, Workbook]) -> None:
    for name, book in books.items():
        for ws in book.worksheets:
            where = (name, ws.title)
            assert ws.page_setup.fitToWidth == 1, where
            assert ws.page_setup.fitToHeight == 0, where  # as many pages long as needed
            assert ws.sheet_properties.pageSetUpPr.fitToPage, where
            assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4), where
            if ws.title != "README":
                assert ws.page_setup.orientation == "landscape", where
                assert ws.print_title_rows == "$1:$1", where  # the header on every page


# ------------------------------------------------------------------- sizes, by metrics

_DPI = 96
_FONT_PX = 10 * _DPI / 72  # Arial 10


def _font(bold: bool) -> Any:
    from PIL import ImageFont

    files = {Path(f).name.lower(): f for f in font_manager.findSystemFonts()}
    for name in (("arialbd.ttf",) if bold else ("arial.ttf",)) + (
        ("liberationsans-bold.ttf",) if bold else ("liberationsans-regular.ttf",)
    ):
        if name in files:
            return ImageFont.truetype(files[name], size=round(_FONT_PX))
    pytest.skip("no Arial or Liberation Sans to measure text with")


def _column_px(width: float) -> float:
    """Pixels of a column ``width`` characters wide (Calibri 11's 7-pixel digit, 5 of
    padding), less a pixel or two each side for the cell's margin."""
    return math.trunc(7 * width + 5) - 4


def _wrapped_lines(text: str, px: float, font: Any) -> int:
    count = 0
    for paragraph in str(text).split("\n"):
        line = ""
        count += 1
        for word in paragraph.split(" "):
            trial = f"{line} {word}".strip()
            if line and font.getlength(trial) > px:
                count += 1
                line = word
            else:
                line = trial
    return count


def _wrapped_cells(ws: Any) -> Iterator[tuple[int, Any]]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value not in (None, "") and cell.alignment.wrap_text:
                yield cell.row, cell


def test_rows_are_tall_enough_for_their_wrapped_text(books: dict[str, Workbook]) -> None:
    """Measured with the font's own widths: every line of a wrapped cell has its 11.5
    points (Arial 10's line), so no row's text runs into the next; nor is a row more
    than a few lines taller than its text."""
    regular, bold = _font(False), _font(True)
    checked = 0
    for name, book in books.items():
        for ws in book.worksheets:
            needed: dict[int, int] = {}
            for row, cell in _wrapped_cells(ws):
                width = ws.column_dimensions[cell.column_letter].width
                font = bold if cell.font.bold else regular
                px = _column_px(width) - (20 if row == 1 and ws.title != "README" else 0)
                needed[row] = max(needed.get(row, 1), _wrapped_lines(cell.value, px, font))
            for row, lines in needed.items():
                height = ws.row_dimensions[row].height
                where = (name, ws.title, row, lines, height)
                if lines == 1:
                    continue
                checked += 1
                assert height is not None and height >= lines * 11.5, where
                assert height <= (lines * 1.3 + 2) * 12.75 + 3, where
    assert checked > 50


def test_columns_are_wide_enough_for_what_they_show(books: dict[str, Workbook]) -> None:
    """A cell that does not wrap fits its column: numbers as their format shows them."""
    regular = _font(False)
    for name, book in books.items():
        for ws in book.worksheets[1:]:
            for row in ws.iter_rows(min_row=2):
                for cell in row:
                    if cell.value in (None, "") or cell.alignment.wrap_text:
                        continue
                    text = _as_shown(cell.value, cell.number_format)
                    px = _column_px(ws.column_dimensions[cell.column_letter].width)
                    assert regular.getlength(text) <= px, (name, ws.title, cell.coordinate, text)


def _as_shown(value: Any, number_format: str) -> str:
    if not isinstance(value, int | float):
        return str(value)
    decimals = len(re.search(r"\.(0*)", number_format + ".").group(1))
    if "%" in number_format:
        return f"{value * 100:,.{decimals}f}%"
    return f"{value:,.{decimals}f}"


# ------------------------------------------------------------- precision, suppression


def test_figures_keep_their_full_precision(
    books: dict[str, Workbook], northwick_diagnosis: culturekit.Diagnosis
) -> None:
    rows = records(books["report"]["Breakdowns"])
    shown = {
        (r["By id"].value, r["Group"].value, r["Element id"].value): r
        for r in rows
        if r["Score"].value is not None
    }
    compared = 0
    for b in northwick_diagnosis.breakdowns:
        for g in b.groups:
            for element, score in g.scores.items():
                row = shown.get((b.by, g.label, element))
                if row is None or score is None:
                    continue
                # As exact as a workbook keeps a number (openpyxl writes 16 digits).
                assert row["Score"].value == pytest.approx(score, rel=1e-15, abs=0)
                assert row["Score"].number_format == "0.00"
                compared += 1
    assert compared > 100


def test_hidden_groups_are_blank_in_every_workbook(
    books: dict[str, Workbook], comparison: culturekit.Comparison
) -> None:
    hidden = {
        (b.by, g.label): g.reason for b in comparison.breakdowns for g in b.groups if g.suppressed
    }
    assert hidden
    found = 0
    for row in records(books["compare"]["Group changes"]):
        key = (row["By id"].value, row["Group"].value)
        if key in hidden:
            found += 1
            for head in ("n pre", "n post", "Pre", "Post", "Change", "Verdict"):
                assert row[head].value is None, (key, head)
            assert row["Note"].value == hidden[key]
    assert found == len(hidden)


# ------------------------------------------------------------------ printed, for real


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_each_sheet_one_page_wide(
    books: dict[str, Workbook], northwick_diagnosis: culturekit.Diagnosis, tmp_path: Path
) -> None:
    """Each page of the PDF LibreOffice prints holds its sheet's first and last column."""
    source = tmp_path / "report.xlsx"
    source.write_bytes(bytes(render(northwick_diagnosis, "xlsx")))  # type: ignore[arg-type]
    profile = (tmp_path / "profile").as_uri()
    command = [str(_soffice()), f"-env:UserInstallation={profile}", "--headless"]
    run = subprocess.run(
        [*command, "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / "report.pdf"
    if not pdf.exists():  # LibreOffice without Calc cannot open a workbook
        pytest.skip(f"LibreOffice did not convert the workbook: {run.stdout}{run.stderr}")
    heads = {ws.title: [c.value for c in ws[1]] for ws in books["report"].worksheets[1:]}
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    printed: dict[str, int] = {}
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
        ).stdout
        sheet = re.search(r"^\s*(.+), page \d+ of \d+\s*$", text, re.M).group(1).strip()
        printed[sheet] = printed.get(sheet, 0) + 1
        if sheet in heads:
            words = " ".join(text.split())
            assert heads[sheet][0] in words and heads[sheet][-1] in words, (sheet, page)
    assert set(heads) <= set(printed)
    assert pages < 40  # 105 before the print setup

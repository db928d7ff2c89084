"""The board pack (``--format pptx``): titled, described, readable, faithful and discreet.

Each deck is read back from the file (python-pptx for the slides, openpyxl for the
workbooks its charts carry, the zip itself for what python-pptx does not model) and set
against what the HTML report and the JSON of the same run publish. Expected figures are
worked out here from the JSON, rounded half away from zero as a reader of the report
would; nothing is taken from the code that writes the deck.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from attack.outputs import numbers, pptx_rows
from bs4 import BeautifulSoup
from click.testing import CliRunner
from helpers.workbooks import (
    EXAMPLES,
    STAFF_HEADER,
    STAKEHOLDER_ITEMS,
    TRUST_NAME,
    TRUST_ROWS,
    make_workbook,
    staff_row,
)
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Pt

import culturekit
from culturekit.cli import cli

EPOCH = "1767225600"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Furniture set small on purpose, like a page number: not body text.
FURNITURE = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def _run(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.exit_code == 0, result.output


def _written(result: Any, folder: Path) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        culturekit.write_report(result, folder, ["html", "json", "pptx"])
    return folder


@pytest.fixture(scope="module")
def diagnosis_out(
    tmp_path_factory: pytest.TempPathFactory, northwick_diagnosis: culturekit.Diagnosis
) -> Path:
    return _written(northwick_diagnosis, tmp_path_factory.mktemp("diagnosis"))


@pytest.fixture(scope="module")
def comparison_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pair = (EXAMPLES / "northwick-pre.xlsx", EXAMPLES / "northwick-post.xlsx")
    comparison = culturekit.run_compare(*pair, tmp_path_factory.mktemp("json"), formats=["json"])
    return _written(comparison.result, tmp_path_factory.mktemp("comparison"))


@pytest.fixture(scope="module", params=["diagnosis", "comparison"])
def out(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(f"{request.param}_out")


@pytest.fixture(scope="module")
def impress(
    tmp_path_factory: pytest.TempPathFactory, diagnosis_out: Path, comparison_out: Path
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Both decks converted to PDF by LibreOffice Impress, in one run of it."""
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("impress")
    decks = [str(diagnosis_out / "report.pptx"), str(comparison_out / "compare.pptx")]
    done = subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(folder), *decks],
        capture_output=True,
        text=True,
        timeout=300,
        env={"HOME": str(folder), "PATH": "/usr/bin:/bin"},
    )
    return done, folder


def deck_of(folder: Path) -> Any:
    return Presentation(str(next(folder.glob("*.pptx"))))


def json_of(folder: Path) -> dict[str, Any]:
    import json

    return json.loads(next(folder.glob("*.json")).read_text(encoding="utf-8"))


def shown(value: float, places: int = 2) -> Decimal:
    """``value`` as the report prints it: half away from zero."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def titled(folder: Path, title: str) -> Any:
    return next(s for s in deck_of(folder).slides if s.shapes.title.text == title)


def charts(deck: Any) -> list[Any]:
    return [s for slide in deck.slides for s in slide.shapes if s.has_chart]


def graphics(deck: Any) -> list[Any]:
    """Every picture and graphic frame (charts, tables) of every slide."""
    found = []
    for slide in deck.slides:
        found += slide.shapes._spTree.xpath("./p:pic | ./p:graphicFrame | .//p:grpSp/p:pic")
    return found


# -- structure -------------------------------------------------------------------------


def test_every_slide_has_a_title_in_its_title_placeholder(out: Path):
    deck = deck_of(out)
    assert 8 <= len(deck.slides) <= 14
    for number, slide in enumerate(deck.slides, start=1):
        title = slide.shapes.title
        assert title is not None, f"slide {number} has no title placeholder"
        assert title.is_placeholder
        kind = title.placeholder_format.type
        assert kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
        assert title.text.strip(), f"slide {number}'s title is empty"
    titles = [s.shapes.title.text for s in deck.slides]
    assert len(set(titles)) == len(titles), "two slides share a title"


def test_every_picture_and_chart_has_alternative_text(out: Path):
    found = graphics(deck_of(out))
    assert found, "the deck has no chart or table to describe"
    for element in found:
        properties = element.xpath("./*[1]/p:cNvPr")[0]
        assert (properties.get("descr") or "").strip(), f"{properties.get('name')} has no alt text"


def test_the_charts_are_native_and_described_as_the_html_figures_are(out: Path):
    deck = deck_of(out)
    html = BeautifulSoup(next(out.glob("*.html")).read_text(encoding="utf-8"), "html.parser")
    figures = {svg.get("aria-label") for svg in html.find_all("svg") if svg.get("aria-label")}
    found = charts(deck)
    assert found, "no native chart"
    for frame in found:
        description = frame._element.xpath("./p:nvGraphicFramePr/p:cNvPr/@descr")[0]
        assert description in figures


def test_the_deck_is_16_9_with_the_trust_in_every_footer(out: Path):
    deck = deck_of(out)
    assert deck.slide_width * 9 == deck.slide_height * 16
    trust = json_of(out)["trust"]["name"]
    for number, slide in enumerate(deck.slides, start=1):
        footers = [
            p for p in slide.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.FOOTER
        ]
        assert footers and trust in footers[0].text, f"slide {number}'s footer lacks {trust}"


def test_body_text_is_at_least_14_points(out: Path):
    deck = deck_of(out)
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            if shape.is_placeholder and shape.placeholder_format.type in FURNITURE:
                continue
            frames = []
            if shape.has_text_frame:
                frames.append(shape.text_frame)
            if getattr(shape, "has_table", False) and shape.has_table:
                frames += [c.text_frame for row in shape.table.rows for c in row.cells]
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        assert run.font.size is not None and run.font.size >= Pt(14), (
                            f"slide {number}: {run.text!r} at {run.font.size}"
                        )
        for frame in (s for s in slide.shapes if s.has_chart):
            sizes = [
                int(s) for s in frame.chart._chartSpace.xpath(".//a:defRPr/@sz | .//a:rPr/@sz")
            ]
            assert sizes and min(sizes) >= 1400, f"slide {number}: chart text at {min(sizes)}"


def test_the_deck_opens_in_libreoffice_impress(out: Path, impress):
    done, folder = impress
    deck = next(out.glob("*.pptx"))
    pdf = folder / (deck.stem + ".pdf")
    assert done.returncode == 0 and pdf.is_file(), done.stderr
    pages = len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf.read_bytes()))
    assert pages == len(deck_of(out).slides), "LibreOffice drew another number of slides"


def test_the_deck_is_reproducible(diagnosis_out: Path, northwick_diagnosis, monkeypatch):
    from culturekit.report.registry import render

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    again = render(northwick_diagnosis, "pptx")
    assert again == (diagnosis_out / "report.pptx").read_bytes()


# -- content ---------------------------------------------------------------------------


def test_the_summary_leads_with_the_reports_headline(diagnosis_out: Path):
    html = BeautifulSoup((diagnosis_out / "report.html").read_text(encoding="utf-8"), "html.parser")
    headline = html.find("p", class_="headline").get_text(" ", strip=True)
    slide = titled(diagnosis_out, "Summary")
    paragraphs = [p.text for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs]
    assert headline in paragraphs


def test_the_element_chart_holds_the_scores_and_intervals_as_shown(diagnosis_out: Path):
    data = json_of(diagnosis_out)
    frame = charts(deck_of(diagnosis_out))[0]
    plot = frame.chart.plots[0]
    names = [e["name"] for e in data["elements"]]
    assert list(plot.categories) == names
    book = load_workbook(io.BytesIO(frame.chart.part.chart_workbook.xlsx_part.blob)).active
    assert [book.cell(row=i + 2, column=1).value for i in range(len(names))] == names
    for column, series in enumerate(plot.series, start=2):
        source = series.name.lower()
        assert book.cell(row=1, column=column).value == series.name
        plus = {
            int(p.get("idx")): Decimal(p[0].text)
            for p in series._element.xpath("./c:errBars/c:plus//c:pt")
        }
        minus = {
            int(p.get("idx")): Decimal(p[0].text)
            for p in series._element.xpath("./c:errBars/c:minus//c:pt")
        }
        for index, element in enumerate(data["elements"]):
            score = element["sources"][source]
            expected = shown(score["score"])
            assert Decimal(repr(series.values[index])) == expected
            assert Decimal(repr(book.cell(row=index + 2, column=column).value)) == expected
            assert plus[index] == shown(score["ci_high"]) - expected
            assert minus[index] == expected - shown(score["ci_low"])


def test_the_glance_table_prints_the_scores_and_readings(diagnosis_out: Path):
    data = json_of(diagnosis_out)
    slide = next(
        s
        for s in deck_of(diagnosis_out).slides
        if s.shapes.title.text == "The elements at a glance"
    )
    table = next(s for s in slide.shapes if s.has_table).table
    header = [c.text for c in table.rows[0].cells]
    readings = {t["element"]: t["reading"] for t in data["triangulation"]}
    for row, element in zip(list(table.rows)[1:], data["elements"], strict=True):
        cells = [c.text for c in row.cells]
        assert cells[0] == element["name"]
        for column, name in enumerate(header[1:-1], start=1):
            assert cells[column] == str(shown(element["sources"][name.lower()]["score"]))
        assert cells[-1].split()[-1].lower() == readings[element["id"]]


def test_each_priority_has_a_slide_with_its_evidence(diagnosis_out: Path):
    data = json_of(diagnosis_out)
    titles = [s.shapes.title.text for s in deck_of(diagnosis_out).slides]
    for number, priority in enumerate(data["priorities"], start=1):
        assert f"Priority {number}: {priority['name']}" in titles


def test_the_comparison_table_prints_each_change_as_shown(comparison_out: Path):
    data = json_of(comparison_out)
    slide = titled(comparison_out, "Staff: change in each element's score")
    table = next(s for s in slide.shapes if s.has_table).table
    for row, element in zip(list(table.rows)[1:], data["elements"], strict=True):
        staff = element["sources"]["staff"]
        cells = [c.text for c in row.cells]
        pre, post = shown(staff["pre"]), shown(staff["post"])
        assert cells[:3] == [element["name"], str(pre), str(post)]
        change = post - pre
        assert cells[3] == (f"+{change}" if change > 0 else str(change).replace("-", "−"))


# -- what is hidden stays hidden --------------------------------------------------------


@pytest.fixture(scope="module")
def small_stakeholders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Forty staff, and six stakeholders who all answer 4 (a score of 7.50, hidden)."""
    folder = tmp_path_factory.mktemp("small")
    rng = random.Random(14)
    staff = [STAFF_HEADER] + [
        staff_row(rng.choice(["Nursing", "Medical"]), rng.choice([1, 2, 3])) for _ in range(40)
    ]
    stakeholders = [STAKEHOLDER_ITEMS] + [[4] * len(STAKEHOLDER_ITEMS) for _ in range(6)]
    path = make_workbook(
        folder, {"Trust": TRUST_ROWS, "Staff": staff, "Stakeholders": stakeholders}
    )
    out = folder / "out"
    _run(["diagnose", str(path), "-o", str(out), "--format", "json,pptx"])
    return out, "7.5"


def test_a_hidden_score_is_in_no_slide_chart_or_workbook(small_stakeholders):
    out, secret = small_stakeholders
    data = json_of(out)
    assert all(e["sources"]["stakeholders"]["suppressed"] for e in data["elements"])
    rows, _ = pptx_rows(out / "report.pptx")
    assert all(float(secret) not in numbers(row) for row in rows)
    with zipfile.ZipFile(out / "report.pptx") as deck:
        books = [deck.read(n) for n in deck.namelist() if n.endswith(".xlsx")]
        xml = b" ".join(deck.read(n) for n in deck.namelist() if n.startswith("ppt/charts/"))
    assert books, "no chart workbook was read"
    for blob in books:
        for row in load_workbook(io.BytesIO(blob)).active.iter_rows(values_only=True):
            assert "Stakeholders" not in row
            assert not any(isinstance(v, float) and abs(v - float(secret)) < 0.005 for v in row)
    assert b"Stakeholders" not in xml
    glance = next(
        s for s in deck_of(out).slides if s.shapes.title.text == "The elements at a glance"
    )
    table = next(s for s in glance.shapes if s.has_table).table
    column = [c.text for c in table.rows[0].cells].index("Stakeholders")
    assert {row.cells[column].text for row in list(table.rows)[1:]} == {"fewer than 11 responses"}


def test_the_attackers_reading_of_a_deck_finds_its_figures(diagnosis_out: Path):
    # A reading that finds nothing proves nothing unless it finds what is there: the
    # staff scores, from the slides' tables, the charts' caches and the charts' workbooks.
    data = json_of(diagnosis_out)
    rows, text = pptx_rows(diagnosis_out / "report.pptx")
    staff = float(shown(data["elements"][0]["sources"]["staff"]["score"]))
    holding = [r for r in rows if staff in numbers(r)]
    assert len(holding) >= 3
    assert TRUST_NAME not in text and data["trust"]["name"] in text


def test_chart_workbooks_hold_names_as_text_never_formulas(tmp_path: Path):
    from culturekit.report.presentation.deck import Chart, Deck, Series, Slide
    from culturekit.report.slides import render_deck

    name = '=HYPERLINK("http://example.org","x")'
    chart = Chart("bar", [name], [Series(name, "#005EB8", [Decimal("1.0")])], "axis", "0.0", "d")
    deck = Deck("Title", ["a"], "footer", [Slide("Chart", "chart", chart=chart)])
    with zipfile.ZipFile(io.BytesIO(render_deck(deck))) as package:
        blob = next(package.read(n) for n in package.namelist() if n.endswith(".xlsx"))
    sheet = load_workbook(io.BytesIO(blob)).active
    for cell in (sheet["A2"], sheet["B1"]):
        assert cell.value == name and cell.data_type == "s"

"""The PDF report: WeasyPrint from the HTML templates, tagged, A4, deterministic.

The example trust is run once through ``culturekit diagnose --format html,pdf,json,xlsx``
(with SOURCE_DATE_EPOCH set); poppler's ``pdfinfo`` and ``pdftotext`` read the PDF back.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

import culturekit
from culturekit.cli import cli
from culturekit.errors import OutputError

pytest.importorskip("weasyprint", reason="PDF output needs WeasyPrint (culturekit[pdf])")

POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdfinfo) not installed")

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


@pytest.fixture(scope="module")
def run(
    tmp_path_factory: pytest.TempPathFactory,
    northwick_pre_path: Path,
    northwick_diagnosis: culturekit.Diagnosis,
) -> dict:
    """``culturekit diagnose examples/northwick-pre.xlsx -o out --format html,pdf,json,xlsx``."""
    out = tmp_path_factory.mktemp("pdf") / "out"
    started = time.perf_counter()
    result = CliRunner().invoke(
        cli,
        ["diagnose", str(northwick_pre_path), "-o", str(out), "--format", "html,pdf,json,xlsx"],
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output + str(result.exception)
    return {"out": out, "seconds": elapsed, "output": result.output}


def _short(diagnosis: culturekit.Diagnosis) -> culturekit.Diagnosis:
    """The diagnosis without items, groups, dashboard and workforce: a quick PDF."""
    elements = [e.model_copy(update={"items": {}}) for e in diagnosis.elements]
    return diagnosis.model_copy(
        update={"elements": elements, "breakdowns": [], "dashboard": None, "workforce": None}
    )


def _pdfinfo(path: Path) -> dict[str, str]:
    text = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in text.splitlines())}


def _pdftotext(path: Path, *pages: int) -> str:
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run(
        [*args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_diagnose_writes_all_four_formats(run: dict) -> None:
    out = run["out"]
    for name in ("report.html", "report.pdf", "diagnosis.json", "report.xlsx"):
        assert (out / name).stat().st_size > 1000, name
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF-")
    assert "report.pdf" in run["output"]


@needs_poppler
def test_pdf_is_tagged_a4_with_title(run: dict) -> None:
    info = _pdfinfo(run["out"] / "report.pdf")
    assert info["Tagged"] == "yes"
    assert "A4" in info["Page size"]
    assert "Northwick General Hospital NHS Trust" in info["Title"]
    assert int(info["Pages"]) >= 5


def _streams(pdf: bytes) -> bytes:
    """Every stream of the PDF, inflated where it is compressed, plus the raw file."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", match.end())
        try:
            parts.append(zlib.decompress(pdf[match.end() : end]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_pdf_declares_language_and_pdf_ua(run: dict) -> None:
    content = _streams((run["out"] / "report.pdf").read_bytes())
    assert b"/Lang (en-GB)" in content
    assert b"pdfuaid:part" in content or b"<pdfuaid:part>1" in content
    assert b"/StructTreeRoot" in content
    assert b"/MarkInfo" in content


@needs_poppler
def test_pdf_headings_and_tables_are_tagged(run: dict) -> None:
    structure = subprocess.run(
        ["pdfinfo", "-struct", str(run["out"] / "report.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for tag in ("H1", "H2", "H3", "Table", "THead", "TH", "TD", "Caption", "Figure"):
        assert re.search(rf"^\s*{tag}\b", structure, re.M), tag


@needs_poppler
def test_pdf_text_has_every_element_and_the_trust(
    run: dict, northwick_diagnosis: culturekit.Diagnosis
) -> None:
    text = _pdftotext(run["out"] / "report.pdf")
    flat = " ".join(text.split())
    assert "Northwick General Hospital NHS Trust" in flat
    for element in northwick_diagnosis.elements:
        assert element.name in flat, element.name
    # The chart's labels are text in the PDF, not pixels: it is a vector image.
    assert "Score (0-10, higher is more favourable)" in flat


@needs_poppler
def test_cover_contents_running_header_and_page_numbers(run: dict) -> None:
    pdf = run["out"] / "report.pdf"
    pages = int(_pdfinfo(pdf)["Pages"])
    cover = " ".join(_pdftotext(pdf, 1).split())
    for words in (
        "Culture diagnosis",
        "Northwick General Hospital NHS Trust",
        "Period",
        "2025 baseline",
        "Sources",
        "Staff, Board, Stakeholders",
    ):
        assert words in cover, words
    assert "Page 1 of" not in cover  # the cover has no running header or footer
    contents = _pdftotext(pdf, 2)
    assert "Contents" in contents
    entries = re.findall(r"^\s*(Summary|Elements|Methods)\b[ .]*?(\d+)\s*$", contents, re.M)
    assert {name for name, _ in entries} == {"Summary", "Elements", "Methods"}
    numbers = {name: int(page) for name, page in entries}
    assert 3 <= numbers["Summary"] < numbers["Elements"] < numbers["Methods"] <= pages
    # The page the contents gives for Methods starts the Methods section.
    methods_page = _pdftotext(pdf, numbers["Methods"])
    assert re.search(r"^\s*Methods\s*$", methods_page, re.M)
    body = _pdftotext(pdf, 3)
    assert "Northwick General Hospital NHS Trust" in body.splitlines()[0]
    assert "2025 baseline" in body.splitlines()[0]
    assert f"Page 3 of {pages}" in body


@needs_poppler
def test_long_tables_repeat_their_header_row(run: dict) -> None:
    """A table that runs onto the next page starts that page with its header row, and no
    page starts halfway through a row of item wording."""
    pdf = run["out"] / "report.pdf"
    pages = int(_pdfinfo(pdf)["Pages"])
    continued = 0
    for page in range(3, pages + 1):
        lines = [line for line in _pdftotext(pdf, page).splitlines() if line.strip()]
        top = " ".join(" ".join(lines[1:5]).split())  # below the running header
        if (
            "Item Wording" in top
            and "Answers (%)" in top
            and "Items" not in top.split("Answers")[0]
        ):
            continued += 1
    assert continued >= 1


def test_pdf_is_deterministic_with_source_date_epoch(
    run: dict,
    northwick_diagnosis: culturekit.Diagnosis,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from culturekit.report.pdf import render_pdf

    assert b"D:20260101000000" in _streams((run["out"] / "report.pdf").read_bytes())
    # A shorter report renders more quickly and shows determinism just as surely.
    short = _short(northwick_diagnosis)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = render_pdf(short)
    assert render_pdf(short) == first
    assert b"D:20260101000000" in _streams(first)


def test_print_html_uses_the_report_templates_with_print_css(
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    from culturekit.report.html import render_html
    from culturekit.report.pdf import render_print_html

    screen = render_html(northwick_diagnosis)
    printed = render_print_html(northwick_diagnosis)
    assert 'class="for-print"' in printed and 'class="for-print"' not in screen
    for rule in (
        "size: A4",
        "target-counter(attr(href url), page)",
        "string-set",
        "display: table-header-group",
        "break-inside: avoid",
    ):
        assert rule in printed, rule
    assert "target-counter" not in screen
    assert printed.count("<h1") == 1


def test_missing_weasyprint_is_a_clear_output_error(
    northwick_diagnosis: culturekit.Diagnosis,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from culturekit.report.pdf import render_pdf

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint -> ImportError
    with pytest.raises(OutputError) as caught:
        render_pdf(northwick_diagnosis)
    message = str(caught.value)
    assert "WeasyPrint" in message
    assert 'pip install "culturekit[pdf]"' in message
    assert "libpango" in message


def test_cli_reports_missing_weasyprint_without_writing(
    tmp_path: Path,
    northwick_pre_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    result = CliRunner().invoke(
        cli,
        ["diagnose", str(northwick_pre_path), "-o", str(tmp_path / "out"), "--format", "html,pdf"],
    )
    assert result.exit_code == OutputError.exit_code
    assert "WeasyPrint" in result.output
    assert not (tmp_path / "out" / "report.html").exists()


def test_pdf_rendering_is_quick_enough(run: dict) -> None:
    """The whole run (four formats, PDF included) stays well under a minute."""
    assert run["seconds"] < 60, run["seconds"]


def test_json_output_is_unchanged_by_pdf(run: dict) -> None:
    data = json.loads((run["out"] / "diagnosis.json").read_text(encoding="utf-8"))
    assert data["trust"]["name"] == "Northwick General Hospital NHS Trust"

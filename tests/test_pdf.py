"""The PDF report: Typst from the PDF templates, tagged, A4, deterministic.

The example trust is run once through ``culturekit diagnose --format html,pdf,json,xlsx``
(with SOURCE_DATE_EPOCH set); poppler's ``pdfinfo`` and ``pdftotext`` read the PDF back.
The PDF/UA structure is checked in tests/test_pdf_accessibility.py, text that tries to
be markup in tests/test_pdf_text_safety.py.
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

POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdfinfo) not installed")

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, northwick_pre_path: Path) -> dict:
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
    title = "Culture diagnosis: Northwick General Hospital NHS Trust (2025 baseline)"
    assert info["Title"] == title
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
    assert re.search(rb"/Lang\s*\(en-GB\)", content)
    assert b"<pdfuaid:part>1</pdfuaid:part>" in content
    assert b"/StructTreeRoot" in content
    assert b"/MarkInfo" in content


@needs_poppler
def test_pdf_headings_and_tables_are_tagged(run: dict) -> None:
    structure = subprocess.run(
        ["pdfinfo", "-struct", str(run["out"] / "report.pdf")], capture_output=True, check=True
    ).stdout.decode("utf-8", errors="replace")
    for tag in ("H1", "H2", "H3", "H4", "Table", "THead", "TH", "TD", "Caption", "Figure", "L"):
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
    head = body.splitlines()[0]
    assert "Northwick General Hospital NHS Trust • 2025 baseline" in head
    assert head.split()[-1] == "Summary"  # the section, by its name in the contents
    assert f"Page 3 of {pages}" in body
    # On a page the section runs onto, the header still names it.
    elements = _pdftotext(pdf, numbers["Elements"] + 1).splitlines()[0]
    assert elements.rstrip().endswith("Elements"), elements


@needs_poppler
def test_the_contents_links_to_its_sections(run: dict) -> None:
    """Each contents entry is a link to the page its section starts on."""
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(run["out"] / "report.pdf")
    contents = _pdftotext(run["out"] / "report.pdf", 2)
    printed = [int(n) for n in re.findall(r"\.{4,}\s*(\d+)\s*$", contents, re.M)]
    assert len(printed) >= 6
    named = reader.named_destinations
    targets = [
        reader.get_destination_page_number(named[str(link.get_object()["/Dest"])]) + 1
        for link in reader.pages[1]["/Annots"]
    ]
    assert targets == printed


@needs_poppler
def test_a_long_table_repeats_its_header_row_and_never_splits_a_row(
    run: dict, northwick_diagnosis: culturekit.Diagnosis
) -> None:
    """The triangulation table (long evidence in every row) runs onto a second page: that
    page starts with its header row, then a whole row, which starts with its element."""
    pdf = run["out"] / "report.pdf"
    pages = int(_pdfinfo(pdf)["Pages"])
    texts = {page: _pdftotext(pdf, page) for page in range(3, pages + 1)}
    start = next(p for p, text in texts.items() if "Triangulated reading by element" in text)
    names = [e.name for e in northwick_diagnosis.elements]
    lines = [" ".join(line.split()) for line in texts[start + 1].splitlines() if line.strip()]
    assert lines[1] == "Element Reading Evidence Confidence", lines[:3]
    assert any(lines[2].startswith(name) for name in names), lines[2]


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


def test_the_typst_source_sets_the_page_furniture(
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    from culturekit.report.pdf import render_typst

    source = render_typst(_short(northwick_diagnosis))
    for rule in (
        '#set document(title: "Culture diagnosis: Northwick General Hospital NHS Trust',
        '#set text(lang: "en", region: "gb"',
        'paper: "a4"',
        "Page #counter(page).display() of #counter(page).final().first()",
        "#set table.cell(breakable: false)",
        "table.header(",
    ):
        assert rule in source, rule
    assert source.count("#heading(level: 1,") == 1


def test_pdf_needs_no_weasyprint(
    northwick_diagnosis: culturekit.Diagnosis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``pip install culturekit`` is enough: nothing the PDF imports needs a system library."""
    from culturekit.report.pdf import render_pdf

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint -> ImportError
    assert render_pdf(_short(northwick_diagnosis)).startswith(b"%PDF-")


def test_a_broken_pdf_template_is_a_clear_output_error(
    tmp_path: Path, northwick_diagnosis: culturekit.Diagnosis
) -> None:
    from culturekit.report.pdf import render_pdf

    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "report.typ").write_text(
        '{% extends "default:pdf/report.typ" %}\n'
        "{% block footer %}#no-such-function(){% endblock %}\n",
        encoding="utf-8",
    )
    with pytest.raises(OutputError, match="could not be typeset: unknown variable"):
        render_pdf(_short(northwick_diagnosis), templates=tmp_path)


def test_a_pdf_template_may_not_import_a_package(
    tmp_path: Path, northwick_diagnosis: culturekit.Diagnosis
) -> None:
    """The report loads nothing from outside: a package import would fetch code."""
    from culturekit.report.pdf import render_pdf

    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "report.typ").write_text(
        '{% extends "default:pdf/report.typ" %}\n'
        '{% block footer %}#import "@preview/example:0.1.0": *{% endblock %}\n',
        encoding="utf-8",
    )
    with pytest.raises(OutputError, match="imports a Typst package"):
        render_pdf(_short(northwick_diagnosis), templates=tmp_path)


def test_a_pdf_template_reads_no_file(
    tmp_path: Path, northwick_diagnosis: culturekit.Diagnosis
) -> None:
    """The source is compiled with an empty folder as its root: no file is there to read."""
    from culturekit.report.pdf import render_pdf

    secret = tmp_path / "secret.txt"
    secret.write_text("not for the report", encoding="utf-8")
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "report.typ").write_text(
        '{% extends "default:pdf/report.typ" %}\n'
        "{% block footer %}#read({{ path }}){% endblock %}\n".replace("path", repr(str(secret))),
        encoding="utf-8",
    )
    with pytest.raises(OutputError, match="could not be typeset: file not found"):
        render_pdf(_short(northwick_diagnosis), templates=tmp_path)


def test_pdf_rendering_is_quick_enough(run: dict) -> None:
    """The whole run (four formats, PDF included) stays well under a minute."""
    assert run["seconds"] < 60, run["seconds"]


def test_json_output_is_unchanged_by_pdf(run: dict) -> None:
    data = json.loads((run["out"] / "diagnosis.json").read_text(encoding="utf-8"))
    assert data["trust"]["name"] == "Northwick General Hospital NHS Trust"

"""The framework's confidence level reaches every output: 90% everywhere, 95% nowhere.

A framework file like the default one but with ``confidence_level: 0.90`` diagnoses and
compares the Northwick examples; each output's text must say 90% and never 95%.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

import culturekit
from culturekit.report.registry import render
from culturekit.report.terminal import comparison_table, summary_table

DEFAULT = Path(culturekit.__file__).parent / "framework" / "default.yaml"


@pytest.fixture(scope="module")
def framework_90(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = DEFAULT.read_text(encoding="utf-8")
    assert "confidence_level: 0.95" in text
    path = tmp_path_factory.mktemp("framework") / "framework-90.yaml"
    path.write_text(text.replace("confidence_level: 0.95", "confidence_level: 0.90"), "utf-8")
    return path


@pytest.fixture(scope="module")
def results(framework_90: Path, examples_dir: Path) -> dict[str, object]:
    pre, post = examples_dir / "northwick-pre.xlsx", examples_dir / "northwick-post.xlsx"
    diagnosis = culturekit.diagnose(pre, framework=framework_90)
    comparison = culturekit.compare(pre, post, framework=framework_90)
    assert diagnosis.framework.confidence_level == comparison.framework.confidence_level == 0.9
    return {"diagnosis": diagnosis, "comparison": comparison}


def _workbook_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data))
    return "\n".join(
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )


# A level as written, not the tail of another figure (a bar 27.95% wide).
NINETY = re.compile(r"(?<![\d.])90%")
NINETY_FIVE = re.compile(r"(?<![\d.])95%")


def assert_says_90(text: str) -> None:
    assert NINETY.search(text)
    assert not NINETY_FIVE.search(text), NINETY_FIVE.search(text)


@pytest.mark.parametrize("kind", ["diagnosis", "comparison"])
def test_html_and_workbook_say_the_frameworks_confidence_level(
    results: dict[str, object], kind: str
) -> None:
    result = results[kind]
    assert_says_90(str(render(result, "html")))
    assert_says_90(_workbook_text(bytes(render(result, "xlsx"))))  # type: ignore[arg-type]


def test_terminal_summaries_say_the_frameworks_confidence_level(
    results: dict[str, object],
) -> None:
    assert_says_90(comparison_table(results["comparison"]))
    # The diagnosis summary shows no interval at all: it must not claim 95% either.
    assert not NINETY_FIVE.search(summary_table(results["diagnosis"]))  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["diagnosis", "comparison"])
def test_pdf_says_the_frameworks_confidence_level(results: dict[str, object], kind: str) -> None:
    pypdf = pytest.importorskip("pypdf")
    pdf = bytes(render(results[kind], "pdf"))  # type: ignore[arg-type]
    assert pdf.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert_says_90("\n".join(page.extract_text() for page in reader.pages))

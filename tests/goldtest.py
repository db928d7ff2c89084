"""Gold files: expected outputs kept in ``tests/gold/``, compared after scrubs.

In the manner of coverage.py's ``tests/goldtest.py``: every output the tests render is
turned into text (an Excel workbook becomes a dump of its cells), scrubbed of what
changes from run to run (the version, the time of the run, temporary paths), and compared
line by line with the file under ``tests/gold/<case>/``.

To accept new output after a deliberate change, run::

    CULTUREKIT_ACCEPT_GOLD=1 python -m pytest tests/test_gold.py

then read ``git diff tests/gold`` and commit the change on its own, saying why.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parent / "gold"
ACCEPT = os.environ.get("CULTUREKIT_ACCEPT_GOLD") == "1"

# (pattern, replacement): applied in order to every text before it is compared.
Scrub = tuple[str, str]
SCRUBS: list[Scrub] = [
    # The culturekit version, wherever it is printed.
    (r'"culturekit_version": "[^"]+"', '"culturekit_version": "VERSION"'),
    (r"culturekit \d+\.\d+\.\d+(?:[.\w+-]*)", "culturekit VERSION"),
    (r'(content="culturekit )[^"]+"', r'\1VERSION"'),
    # When the report was made.
    (
        r"\d{1,2} (?:January|February|March|April|May|June|July|August|September|October"
        r"|November|December) \d{4}, \d{2}:\d{2}(?: UTC)?",
        "DATE, TIME",
    ),
    (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?", "TIMESTAMP"),
    (r'"generated_at": "[^"]+"', '"generated_at": "TIMESTAMP"'),
    # The PDF's Typst source prints the version as a string literal.
    (r'(culturekit #)"\d+\.\d+\.\d+[^"]*"', r'\1"VERSION"'),
]


_SVG = re.compile(r"<svg\b(?P<head>[^>]*)>(?P<body>.*?)</svg>", re.S)
_SVG_LABEL = re.compile(r'aria-label="(?P<label>[^"]*)"')
_SVG_TEXT = re.compile(r"<text\b[^>]*>(?P<text>[^<]*)</text>")


def _svg_summary(match: re.Match[str]) -> str:
    # A chart's coordinates depend on the fonts and the matplotlib release installed; its
    # description and its words do not, so those are what the gold files keep.
    label = _SVG_LABEL.search(match["head"])
    texts = [t["text"].strip() for t in _SVG_TEXT.finditer(match["body"])]
    head = f' aria-label="{label["label"]}"' if label else ""
    return f"<svg{head}>\n  text: " + " | ".join(t for t in texts if t) + "\n</svg>"


# A chart in the PDF's Typst source is a string literal: its escapes are undone so that
# the chart is summarised as the HTML's are.
_TYPST_SVG = re.compile(r'"(<svg\b(?:[^"\\]|\\.)*)"', re.S)
_TYPST_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|.)", re.S)
_ESCAPED = {"n": "\n", "r": "\r", "t": "\t"}


def _typst_unescaped(match: re.Match[str]) -> str:
    def one(escape: re.Match[str]) -> str:
        code = escape[1]
        if code.startswith("u{"):
            return chr(int(code[2:-1], 16))
        return _ESCAPED.get(code, code)

    return '"' + _TYPST_ESCAPE.sub(one, match[1]) + '"'


def scrub(text: str, extra: Iterable[Scrub] = ()) -> str:
    text = _TYPST_SVG.sub(_typst_unescaped, text)
    text = _SVG.sub(_svg_summary, text)
    for pattern, replacement in [*SCRUBS, *extra]:
        text = re.sub(pattern, replacement, text)
    return text


def xlsx_dump(path: Path) -> str:
    """Every sheet's cells as text: ``Sheet!A1 = value  [number format]``, in order."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    lines: list[str] = []
    for sheet in book.worksheets:
        lines.append(f"== {sheet.title} ({sheet.max_row} rows x {sheet.max_column} columns)")
        if sheet.freeze_panes:
            lines.append(f"   freeze {sheet.freeze_panes}")
        for table in sheet.tables.values():
            lines.append(f"   table {table.name} {table.ref}")
        setup = sheet.page_setup
        if setup.fitToWidth is not None:
            titles = f", titles {sheet.print_title_rows}" if sheet.print_title_rows else ""
            lines.append(
                f"   print {setup.orientation}, {setup.fitToWidth} page(s) wide, "
                f"{setup.fitToHeight or 'any'} long{titles}"
            )
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                value = cell.value
                shown = json.dumps(value, ensure_ascii=False, default=str)
                fmt = cell.number_format
                suffix = f"  [{fmt}]" if fmt and fmt != "General" else ""
                lines.append(f"{cell.coordinate} = {shown}{suffix}")
    return "\n".join(lines) + "\n"


def pptx_dump(path: Path) -> str:
    """Every slide's words and figures as text: its title, each shape's paragraphs, table
    rows, text alternatives, and each chart's kind, categories, series and error bars, then
    the workbook it carries (its place on the slide is left out: layout is seen, not read)."""
    from pptx import Presentation

    deck = Presentation(str(path))
    lines = [f"deck {deck.slide_width} x {deck.slide_height} EMU, {len(deck.slides)} slides"]
    for number, slide in enumerate(deck.slides, start=1):
        title = slide.shapes.title
        lines.append(
            f"== slide {number} [{slide.slide_layout.name}]: {title.text if title else ''}"
        )
        for shape in slide.shapes:
            if shape == title:
                continue
            lines += _shape_dump(shape)
    return "\n".join(lines) + "\n"


def _shape_dump(shape: object) -> list[str]:
    import io

    from openpyxl import load_workbook

    element = shape._element  # type: ignore[attr-defined]
    described = element.xpath("./*[1]/p:cNvPr/@descr")
    lines = [f"-- {shape.name}" + (f" (alt: {described[0]})" if described else "")]  # type: ignore[attr-defined]
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:  # type: ignore[attr-defined]
        for paragraph in shape.text_frame.paragraphs:  # type: ignore[attr-defined]
            if paragraph.text:
                lines.append(f"   {'  ' * paragraph.level}{paragraph.text}")
    if getattr(shape, "has_table", False) and shape.has_table:  # type: ignore[attr-defined]
        for row in shape.table.rows:  # type: ignore[attr-defined]
            lines.append("   | " + " | ".join(cell.text for cell in row.cells) + " |")
    if getattr(shape, "has_chart", False) and shape.has_chart:  # type: ignore[attr-defined]
        chart = shape.chart  # type: ignore[attr-defined]
        plot = chart.plots[0]
        lines.append(f"   chart {chart.chart_type}: {' | '.join(plot.categories)}")
        for series in plot.series:
            lines.append(f"   series {series.name}: {list(series.values)}")
            for side in ("plus", "minus"):
                found = series._element.xpath(f"./c:errBars/c:{side}//c:pt")
                if found:
                    shown = ", ".join(f"{p.get('idx')}={p[0].text}" for p in found)
                    lines.append(f"     {side}: {shown}")
        book = load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
        for row in book.active.iter_rows():
            cells = [json.dumps(c.value, ensure_ascii=False) for c in row]
            lines.append("   workbook: " + ", ".join(cells))
    return lines


def as_text(path: Path) -> str:
    if path.suffix == ".xlsx":
        return xlsx_dump(path)
    if path.suffix == ".pptx":
        return pptx_dump(path)
    return path.read_text(encoding="utf-8")


def gold_name(path: Path) -> str:
    return path.name + ".txt" if path.suffix in (".xlsx", ".pptx") else path.name


def check(case: str, actual: dict[str, str], extra_scrubs: Iterable[Scrub] = ()) -> None:
    """Compare ``actual`` (gold file name -> text) with ``tests/gold/<case>/``.

    Fails with a diff of every file that differs, and names gold files that the run no
    longer produces. With ``CULTUREKIT_ACCEPT_GOLD=1`` it writes the actual output as the
    new gold instead.
    """
    folder = GOLD / case
    scrubbed = {name: scrub(text, extra_scrubs) for name, text in actual.items()}
    if ACCEPT:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.iterdir():
            if stale.name not in scrubbed:
                stale.unlink()
        for name, text in scrubbed.items():
            (folder / name).write_text(text, encoding="utf-8")
        return
    problems: list[str] = []
    expected_names = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
    for name in sorted(expected_names - set(scrubbed)):
        problems.append(f"{case}/{name}: in the gold files but not produced")
    for name, text in sorted(scrubbed.items()):
        gold_path = folder / name
        if not gold_path.exists():
            problems.append(f"{case}/{name}: produced but no gold file")
            continue
        expected = gold_path.read_text(encoding="utf-8")
        if expected == text:
            continue
        diff = list(
            difflib.unified_diff(
                expected.splitlines(),
                text.splitlines(),
                f"gold/{case}/{name}",
                f"actual/{case}/{name}",
                lineterm="",
                n=2,
            )
        )
        shown = "\n".join(diff[:80])
        more = f"\n... {len(diff) - 80} more diff lines" if len(diff) > 80 else ""
        problems.append(f"{case}/{name} differs:\n{shown}{more}")
    if problems:
        pytest.fail(
            "output differs from the gold files (accept a deliberate change with "
            "CULTUREKIT_ACCEPT_GOLD=1):\n\n" + "\n\n".join(problems),
            pytrace=False,
        )

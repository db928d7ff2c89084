"""The published outputs of a run, as a reader gets them: JSON, Excel cells, HTML text,
and a deck's slides with the workbooks its charts carry."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from openpyxl import load_workbook

_NUMBER = re.compile(r"^[−-]?\d+(?:[.,]\d+)?%?$")
_N_EQUALS = re.compile(r"^\(?n\s*=\s*|\)$", re.IGNORECASE)
# Direction arrows around a printed change ("▲ +0.68") are not part of the figure.
_ARROWS = " ▲▼△▽"


@dataclass
class Published:
    """Everything one run wrote: JSON documents, and rows of text from Excel and HTML.

    A *row* is the list of cell texts of one Excel row or one HTML table row; ``texts``
    holds every visible string (the HTML body's text, every Excel cell) by format.
    """

    json: dict[str, Any] = field(default_factory=dict)  # file name -> document
    rows: dict[str, list[list[str]]] = field(default_factory=dict)  # format -> rows
    texts: dict[str, str] = field(default_factory=dict)  # format -> all visible text

    def every_row(self) -> Iterator[tuple[str, list[str]]]:
        for fmt, rows in self.rows.items():
            for row in rows:
                yield fmt, row


def read_outputs(out_dir: Path) -> Published:
    out_dir = Path(out_dir)
    published = Published()
    for path in sorted(out_dir.glob("*.json")):
        published.json[path.name] = json.loads(path.read_text(encoding="utf-8"))
        published.texts[path.name] = path.read_text(encoding="utf-8")
    for path in sorted(out_dir.glob("*.xlsx")):
        rows = excel_rows(path)
        published.rows["xlsx"] = rows
        published.texts["xlsx"] = "\n".join(" | ".join(r) for r in rows)
    for path in sorted(out_dir.glob("*.html")):
        rows, text = html_rows(path)
        published.rows["html"] = rows
        published.texts["html"] = text
    for path in sorted(out_dir.glob("*.pptx")):
        rows, text = pptx_rows(path)
        published.rows["pptx"] = rows
        published.texts["pptx"] = text
    return published


def excel_rows(path: Path) -> list[list[str]]:
    """Every non-empty row of every sheet, hidden sheets and comments included."""
    book = load_workbook(path, data_only=True)
    rows = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            cells = [_text(c.value) for c in row if c.value is not None]
            cells += [c.comment.text for c in row if c.comment is not None]
            if cells:
                rows.append(cells)
    return rows


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def html_rows(path: Path) -> tuple[list[list[str]], str]:
    """Table rows (cell texts) and the visible text of the page (no scripts or styles)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    rows = [
        [cell.get_text(" ", strip=True) for cell in tr.find_all(["td", "th"])]
        for tr in soup.find_all("tr")
    ]
    # Text outside tables counts too: each list item or paragraph is a "row" of one.
    rows += [[p.get_text(" ", strip=True)] for p in soup.find_all(["p", "li", "dd", "figcaption"])]
    alts = [img.get("alt", "") for img in soup.find_all("img")]
    text = soup.get_text(" ", strip=True) + " " + " ".join(alts)
    return rows, text


_DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def pptx_rows(path: Path) -> tuple[list[list[str]], str]:
    """A deck read as its file holds it, not as PowerPoint draws it: every table row, every
    paragraph (slides, layouts, notes), every text alternative, every chart's cached
    figures and error bars, and every cell of the workbooks embedded for its charts."""
    from lxml import etree

    rows: list[list[str]] = []
    with zipfile.ZipFile(path) as deck:
        for name in sorted(deck.namelist()):
            data = deck.read(name)
            if name.endswith(".xlsx"):
                rows += excel_rows(io.BytesIO(data))  # type: ignore[arg-type]
            elif name.endswith(".xml") and name.startswith("ppt/"):
                rows += _xml_rows(etree.fromstring(data))
    text = "\n".join(" | ".join(r) for r in rows)
    return rows, text


def _xml_rows(root: Any) -> list[list[str]]:
    rows = []
    for table_row in root.iter(f"{_DRAWING}tr"):
        rows.append([_paragraphs(cell) for cell in table_row.iter(f"{_DRAWING}tc")])
    for paragraph in root.iter(f"{_DRAWING}p"):
        line = "".join(t.text or "" for t in paragraph.iter(f"{_DRAWING}t"))
        if line.strip():
            rows.append([line])
    for element in root.iter():
        for attribute in ("descr", "title"):
            if element.get(attribute):
                rows.append([element.get(attribute)])
    for series in root.iter(f"{_CHART}ser"):
        # A series' name, categories and values, then its error bars, as cached.
        cached = [[v.text or "" for v in part.iter(f"{_CHART}v")] for part in series]
        rows += [r for r in cached if r]
    return rows


def _paragraphs(cell: Any) -> str:
    lines = [
        "".join(t.text or "" for t in p.iter(f"{_DRAWING}t")) for p in cell.iter(f"{_DRAWING}p")
    ]
    return " ".join(line for line in lines if line)


def numbers(row: list[str]) -> list[float]:
    """The numbers a row prints as figures: cells that are a number (``12``, ``6.4``,
    ``45%``, ``−0.3``, ``▲ +0.7``) or read ``n = 12``, and both sides of a comparison
    cell (``5 → 14``); numbers inside words ("team 1", "fewer than 11") are labels, not
    figures."""
    found = []
    for cell in row:
        for side in cell.split("→"):
            token = _N_EQUALS.sub("", side.strip(_ARROWS)).strip()
            token = token[1:] if token[:1] == "+" and token[1:2].isdigit() else token
            if _NUMBER.match(token):
                found.append(float(token.replace("−", "-").replace(",", ".").rstrip("%")))
    return found


def normalise(text: str) -> str:
    return " ".join(text.split()).casefold()

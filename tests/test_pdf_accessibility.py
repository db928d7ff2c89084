"""The PDFs are PDF/UA-1 and say what the HTML reports say.

Each report (the Northwick diagnosis, its comparison, the network summary of the two
example trusts) is rendered once and read back with pypdf, independently of how it was
made: the catalogue (structure tree, marked, language, title shown), the structure tree
(one level-1 heading, headings that never skip a level, tables with header cells, every
figure with alternative text, the charts' being the HTML's chart descriptions word for
word), the size of every piece of text (at least 9 pt, at least 8 pt inside a picture),
and the text against the HTML's: the headline, the element scores, every reason a figure
is hidden.
"""

from __future__ import annotations

import io
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from helpers.review import build_review

import culturekit
from culturekit.network import summarise_network
from culturekit.report.registry import render

pypdf = pytest.importorskip("pypdf")
from pypdf.generic import ContentStream, DictionaryObject  # noqa: E402

# "series": a diagnosis with a dashboard series, so its XmR charts are checked too;
# "trend": Northwick's three collections, each source's scores over time a chart.
KINDS = ("diagnosis", "comparison", "network", "series", "trend")


@dataclass
class Report:
    result: Any
    html: str
    pdf: bytes
    reader: Any = field(init=False)

    def __post_init__(self) -> None:
        self.reader = pypdf.PdfReader(io.BytesIO(self.pdf))


@pytest.fixture(scope="module")
def reports(
    northwick_diagnosis: culturekit.Diagnosis,
    examples_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Report]:
    comparison = culturekit.compare(
        examples_dir / "northwick-pre.xlsx", examples_dir / "northwick-post.xlsx"
    )
    elmbridge = culturekit.diagnose(examples_dir / "elmbridge-pre.xlsx")
    network = summarise_network([("Northwick", northwick_diagnosis), ("Elmbridge", elmbridge)])
    series = culturekit.diagnose(examples_dir / "northwick-series.xlsx")
    review = build_review(tmp_path_factory.mktemp("trend") / "northwick-review.xlsx")
    trend = culturekit.trend(
        [examples_dir / "northwick-pre.xlsx", examples_dir / "northwick-post.xlsx", review]
    )
    results = {
        "diagnosis": northwick_diagnosis,
        "comparison": comparison,
        "network": network,
        "series": series,
        "trend": trend,
    }
    return {
        kind: Report(result, str(render(result, "html")), bytes(render(result, "pdf")))
        for kind, result in results.items()
    }


# -- the structure tree, read with pypdf ----------------------------------------------------


@dataclass
class Element:
    kind: str
    alt: str | None
    children: list[Element]


def _tree(reader: Any) -> Element:
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    roles = root.get("/RoleMap", {})

    def kind(name: str) -> str:
        seen = set()
        while name in roles and name not in seen:  # a custom type mapped to a standard one
            seen.add(name)
            name = str(roles[name])
        return name.lstrip("/")

    def walk(node: Any) -> list[Element]:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            return [e for child in node for e in walk(child)]
        if not isinstance(node, dict) or "/S" not in node:
            return []  # a marked-content reference or an annotation's
        alt = node.get("/Alt")
        return [
            Element(
                kind(str(node["/S"])), None if alt is None else str(alt), walk(node.get("/K", []))
            )
        ]

    return Element("StructTreeRoot", None, walk(root.get("/K", [])))


def _all(element: Element) -> Iterator[Element]:
    yield element
    for child in element.children:
        yield from _all(child)


@pytest.mark.parametrize("kind", KINDS)
def test_the_catalogue_declares_pdf_ua(reports: dict[str, Report], kind: str) -> None:
    report = reports[kind]
    catalogue = report.reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalogue
    assert catalogue["/MarkInfo"]["/Marked"].value is True
    assert catalogue["/Lang"] == "en-GB"
    assert catalogue["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    xmp = catalogue["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    title = BeautifulSoup(report.html, "html.parser").title.get_text()
    assert report.reader.metadata.title == title


@pytest.mark.parametrize("kind", KINDS)
def test_headings_are_one_h1_then_levels_in_order(reports: dict[str, Report], kind: str) -> None:
    levels = [
        int(e.kind[1]) for e in _all(_tree(reports[kind].reader)) if re.fullmatch(r"H[1-6]", e.kind)
    ]
    assert levels[0] == 1 and levels.count(1) == 1
    assert levels.count(2) >= 4
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels  # never from H2 straight to H4


@pytest.mark.parametrize("kind", KINDS)
def test_every_table_has_header_cells(reports: dict[str, Report], kind: str) -> None:
    tables = [e for e in _all(_tree(reports[kind].reader)) if e.kind == "Table"]
    assert len(tables) >= 3
    for table in tables:
        heads = [e for e in table.children if e.kind == "THead"]
        assert heads, "a table without a header row"
        assert any(e.kind == "TH" for e in _all(heads[0]))
        assert any(e.kind == "TD" for e in _all(table))


@pytest.mark.parametrize("kind", KINDS)
def test_every_figure_has_alternative_text(reports: dict[str, Report], kind: str) -> None:
    figures = [e for e in _all(_tree(reports[kind].reader)) if e.kind == "Figure"]
    assert figures
    for figure in figures:
        assert figure.alt and figure.alt.strip(), "a figure without /Alt"


@pytest.mark.parametrize("kind", KINDS)
def test_charts_and_bars_are_described_as_in_the_html(
    reports: dict[str, Report], kind: str
) -> None:
    """A chart's alternative text is the HTML chart's aria-label, word for word; so is an
    answer bar's."""
    report = reports[kind]
    soup = BeautifulSoup(report.html, "html.parser")
    described = [svg["aria-label"] for svg in soup.select("figure svg[aria-label]")]
    described += [bar["aria-label"] for bar in soup.select(".bar[aria-label]")]
    assert described
    alts = {e.alt for e in _all(_tree(report.reader)) if e.kind == "Figure"}
    missing = [text for text in described if text not in alts]
    assert not missing, missing


# -- the size of every piece of text ------------------------------------------------------


def _multiply(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]


def _number_tree(node: Any) -> dict[int, Any]:
    node = node.get_object()
    found = {}
    nums = node.get("/Nums", [])
    for i in range(0, len(nums), 2):
        found[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        found |= _number_tree(kid)
    return found


def _in_figure(element: Any, roles: Any) -> bool:
    """Whether a structure element is a figure or inside one."""
    while element is not None:
        element = element.get_object()
        kind = str(element.get("/S", ""))
        if roles.get(kind, kind) == "/Figure":
            return True
        element = element.get("/P")
    return False


def text_sizes(reader: Any) -> Iterator[tuple[int, float, bool, str]]:
    """(page, size in points, whether it is inside a picture, the font's resource name) of
    every text a page shows: its font size scaled by the text and graphics matrices, and
    whether it belongs to a figure (its marked content's structure element is a figure or
    inside one, through the structure tree's parent tree) or to marked content with
    alternative text of its own (a drawn chart)."""
    tree = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    roles = tree.get("/RoleMap", {})
    parents = _number_tree(tree["/ParentTree"])
    for number, page in enumerate(reader.pages, start=1):
        resources = page.get("/Resources", {})
        xobjects = resources.get("/XObject", {})
        forms = [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Form"]
        assert not forms, "a form XObject: its text would not be measured here"
        properties = resources.get("/Properties", {})
        owners = parents.get(int(page.get("/StructParents", -1)), [])
        owners = owners.get_object() if hasattr(owners, "get_object") else owners
        stack: list[list[float]] = []
        ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        size, font = 0.0, ""
        marked: list[bool] = []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            op = operator.decode("latin-1")
            if op == "q":
                stack.append(ctm)
            elif op == "Q":
                ctm = stack.pop()
            elif op == "cm":
                ctm = _multiply([float(v) for v in operands], ctm)
            elif op == "BT":
                tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
            elif op == "Tm":
                tm = [float(v) for v in operands]
            elif op == "Tf":
                font, size = str(operands[0]), float(operands[1])
            elif op == "BMC":
                marked.append(False)
            elif op == "BDC":
                props = operands[1]
                if not isinstance(props, DictionaryObject):
                    props = properties.get(props, {})
                mcid = props.get("/MCID")
                owner = owners[int(mcid)] if mcid is not None and int(mcid) < len(owners) else None
                marked.append("/Alt" in props or _in_figure(owner, roles))
            elif op == "EMC":
                marked.pop()
            elif op in ("Tj", "TJ", "'", '"'):
                a, b, c, d, _, _ = _multiply(tm, ctm)
                yield number, size * math.sqrt(abs(a * d - b * c)), any(marked), font


@pytest.mark.parametrize("kind", KINDS)
def test_text_is_9_pt_or_more_and_8_pt_in_pictures(reports: dict[str, Report], kind: str) -> None:
    sizes = list(text_sizes(reports[kind].reader))
    assert len(sizes) > 100
    outside = [(page, round(s, 2)) for page, s, inside, _ in sizes if not inside]
    inside = [(page, round(s, 2)) for page, s, inside, _ in sizes if inside]
    assert min(s for _, s in outside) >= 9 - 1e-6, [t for t in outside if t[1] < 9][:5]
    assert inside, "no text inside a picture: the charts' labels should be text"
    assert min(s for _, s in inside) >= 8 - 1e-6, [t for t in inside if t[1] < 8][:5]


# -- what the PDF says, against the HTML -----------------------------------------------------


def squeezed(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def pdf_text(report: Report) -> str:
    return squeezed(" ".join(page.extract_text() for page in report.reader.pages))


def test_the_diagnosis_pdf_says_what_its_html_says(reports: dict[str, Report]) -> None:
    report = reports["diagnosis"]
    soup = BeautifulSoup(report.html, "html.parser")
    text = pdf_text(report)
    headline = squeezed(soup.select_one("p.headline").get_text())
    assert headline and headline in text
    glance = soup.select_one("table.at-a-glance")
    for row in glance.select("tbody tr"):
        cells = [squeezed(c.get_text()) for c in row.find_all(["th", "td"])]
        # The element and its scores, in the order of the row.
        assert re.search(r"\s+".join(re.escape(c) for c in cells), text), cells
    for element in report.result.elements:
        for score in element.sources.values():
            if score.score is not None:
                assert f"{score.score:.2f}" in text, (element.name, score.score)


def test_the_trend_pdf_gives_every_score_and_direction(reports: dict[str, Report]) -> None:
    report = reports["trend"]
    text = pdf_text(report)
    for series in report.result.series:
        for point in series.points:
            if point.score is not None:
                assert f"{point.score:.2f}" in text, (series.element, point.period)
        assert series.direction.capitalize() in text


@pytest.mark.parametrize("kind", ("diagnosis", "comparison", "trend"))
def test_every_reason_a_figure_is_hidden_is_in_the_pdf(
    reports: dict[str, Report], kind: str
) -> None:
    """What a hidden cell says in the HTML, the PDF says too (a long reason in a narrow
    cell is a mark in both, spelt out under the table)."""
    report = reports[kind]
    soup = BeautifulSoup(report.html, "html.parser")
    for hidden in soup.select(".visually-hidden"):
        hidden.decompose()
    reasons = {squeezed(td.get_text()) for td in soup.select("td.hidden-cell")}
    reasons = {r for r in reasons if r}
    assert len(reasons) >= 3
    text = pdf_text(report)
    missing = [r for r in reasons if r not in text]
    assert not missing, missing

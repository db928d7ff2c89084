"""Text from the data is text in the PDF: it can never be Typst markup.

A trust name, group labels and comments written as Typst (a function call, a heading, a
page fill, maths, a label, a reference, a raw block, escapes, unbalanced brackets and
quotes) must print exactly as written and change nothing else: the Typst source holds
them only inside string literals, the PDF's text shows each verbatim, its title is the
name as written, and its structure (every heading, table and figure) is the structure of
the same report with plain names.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any

import pytest

import culturekit
from culturekit.results.diagnosis import Comments

pypdf = pytest.importorskip("pypdf")

HOSTILE_NAME = 'Trust #set page(fill: red) *bold* _em_ $x^2$ <lab> @ref \\ ] [ "q" // c'
HOSTILE_LABELS = [
    "]#heading(level: 1)[Injected heading]#[",
    '"); #pagebreak(); #("',
    "#emph[x] = Not a heading",
    "- not a list \\u{41} `raw` ~ -- ...",
]
HOSTILE_COMMENTS = [
    '#eval("1+1") should stay text',
    "$ sum_(i=0)^n i $ and *not bold* and <label> @Northwick",
    "http://example.org // not a comment ] ) }",
]
# Pieces of the hostile texts that the shipped templates never write as code.
MARKERS = ("fill: red", "Injected heading", "#eval(", "x^2", "#emph[x]", "@Northwick")
STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)


def _report(diagnosis: culturekit.Diagnosis, name: str, labels: list[str], texts: list[str]):
    """The diagnosis (without items, dashboard and workforce, for speed) with the trust's
    name, the first breakdown's group labels and the staff comments replaced."""
    elements = [e.model_copy(update={"items": {}}) for e in diagnosis.elements]
    breakdown = diagnosis.breakdowns[0]
    groups = [
        g.model_copy(update={"label": label})
        for g, label in zip(breakdown.groups, labels, strict=False)
    ] + breakdown.groups[len(labels) :]
    comments = Comments(
        source="staff", shown=True, texts=texts, counts=[1] * len(texts), written=len(texts)
    )
    return diagnosis.model_copy(
        update={
            "trust": diagnosis.trust.model_copy(update={"name": name}),
            "elements": elements,
            "breakdowns": [breakdown.model_copy(update={"groups": groups})],
            "dashboard": None,
            "workforce": None,
            "comments": [comments],
        }
    )


@pytest.fixture(scope="module")
def hostile(northwick_diagnosis: culturekit.Diagnosis) -> Any:
    assert len(northwick_diagnosis.breakdowns[0].groups) >= len(HOSTILE_LABELS)
    return _report(northwick_diagnosis, HOSTILE_NAME, HOSTILE_LABELS, HOSTILE_COMMENTS)


@pytest.fixture(scope="module")
def plain(northwick_diagnosis: culturekit.Diagnosis) -> Any:
    labels = [f"Group {n}" for n in range(len(HOSTILE_LABELS))]
    texts = [f"Comment {n}" for n in range(len(HOSTILE_COMMENTS))]
    return _report(northwick_diagnosis, "Plain Trust", labels, texts)


def _pdf(result: Any) -> Any:
    from culturekit.report.pdf import render_pdf

    return pypdf.PdfReader(io.BytesIO(render_pdf(result)))


def _structure(reader: Any) -> Counter[str]:
    """How many structure elements of each type the PDF has."""
    found: Counter[str] = Counter()

    def walk(node: Any) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict) and "/S" in node:
            found[str(node["/S"])] += 1
            walk(node.get("/K", []))

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


def _bookmarks(outline: list[Any]) -> list[Any]:
    return [_bookmarks(item) if isinstance(item, list) else item.title for item in outline]


def test_the_typst_source_holds_the_texts_only_as_strings(hostile: Any) -> None:
    from culturekit.report.pdf import render_typst

    source = render_typst(hostile)
    code = STRING.sub('""', source)
    for marker in MARKERS:
        assert marker in source  # the text is in the source ...
        assert marker not in code, marker  # ... only inside string literals


def test_the_pdf_prints_the_texts_as_written_and_nothing_else_changes(
    hostile: Any, plain: Any
) -> None:
    shown, baseline = _pdf(hostile), _pdf(plain)
    # Compared without spaces: a label may wrap where it had none ("...(level: 1)" then
    # "[Injected" on the next line of its cell).
    text = "".join(" ".join(page.extract_text() for page in shown.pages).split())
    for written in [HOSTILE_NAME, *HOSTILE_LABELS, *HOSTILE_COMMENTS]:
        assert "".join(written.split()) in text, written
    assert shown.metadata.title == f"Culture diagnosis: {HOSTILE_NAME} (2025 baseline)"
    assert _structure(shown) == _structure(baseline)
    assert _bookmarks(shown.outline) == _bookmarks(baseline.outline)
    assert len(shown.pages) == len(baseline.pages)

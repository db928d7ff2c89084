"""Text from the input is made safe at the edge of every output.

A trust name, a period, a group label, a comment, an element's name and an item's wording
(from a framework file) are written with escape sequences (ESC[2J clears a terminal,
ESC]0;...BEL retitles its window), a C1 control, a bidirectional override, a formula
and a mathtext fragment (``$\\frac{$``, which matplotlib's parser rejects). Every command
must then run to the end and:

- print no control character on the terminal (the text is shown with escapes);
- write a report.xlsx that opens and holds the text minus XML's illegal characters, with
  no cell read as a formula;
- draw every chart label as written (no mathtext);
- write HTML (and the PDF made from it) with the text escaped and no control character;
- keep the input's own text in the JSON, and leave every input unchanged.

The expected texts are worked out here from the definitions (XML 1.0's Char production,
Unicode's control characters), not from culturekit's functions.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import re
import sys
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from bad_inputs import framework_data, write_xlsx
from click.testing import CliRunner, Result
from helpers.workbooks import STAFF_ITEMS, TRUST_CODE
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from openpyxl import Workbook, load_workbook

from culturekit.cli import cli
from culturekit.report.presentation.safe_text import (
    chart_text,
    excel_text,
    html_text,
    terminal_text,
    xml_text,
)

CLEAR = "\x1b[2J"
TITLE = "\x1b]0;owned\x07"
C1 = "\x9b31m"
RLO = "\u202e"
MATH = "$\\frac{$"
TRUST_NAME = f"Evil{CLEAR} <b>Trust</b>{TITLE} {C1}{RLO} {MATH}"
PRE_PERIOD = f"2025 {MATH} baseline{CLEAR}"
POST_PERIOD = f"2026 {MATH} follow-up"
GROUP = f"Nurs{CLEAR}ing"
FORMULA_GROUP = "=cmd\x07|calc"
COMMENT = f"Great team{CLEAR}{TITLE} =HYPERLINK()"
ELEMENT = f"Vision {MATH} values{CLEAR}"
ITEM = f"=1+1 {MATH}{CLEAR} wording"
SVG = "{http://www.w3.org/2000/svg}"


def is_control(char: str) -> bool:
    """Unicode's control characters (C0, DEL, C1), the bidirectional embeddings,
    overrides and isolates, and the line and paragraph separators."""
    code = ord(char)
    return (
        code < 0x20
        or 0x7F <= code <= 0x9F
        or 0x202A <= code <= 0x202E
        or 0x2066 <= code <= 0x2069
        or code in (0x2028, 0x2029)
    )


def xml_char(char: str) -> bool:
    """XML 1.0's Char production."""
    code = ord(char)
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def minus_illegal(text: str) -> str:
    return "".join(ch for ch in text if xml_char(ch))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def invoke(args: list[object]) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def run(args: list[object]) -> Result:
    result = invoke(args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result


def trust_sheet(period: str) -> list[list[Any]]:
    return [
        ["field", "value"],
        ["trust_name", TRUST_NAME],
        ["trust_code", TRUST_CODE],
        ["period", period],
    ]


def staff_sheet(shift: int = 0) -> list[list[Any]]:
    """24 respondents in two groups of 12 (both reported), each with a comment."""
    rows: list[list[Any]] = [["staff_group", *STAFF_ITEMS, "comment"]]
    for i in range(24):
        group = GROUP if i % 2 else FORMULA_GROUP
        answer = 1 + (i + shift) % 5
        rows.append([group, *[answer] * len(STAFF_ITEMS), COMMENT])
    return rows


def hostile_framework(path: Path) -> Path:
    data = copy.deepcopy(framework_data())
    data["elements"][0]["name"] = ELEMENT
    first = data["elements"][0]["id"]
    item = next(i for i in data["instruments"]["staff"]["items"] if i["element"] == first)
    item["text"] = ITEM
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Two collections and a framework file full of hostile text, run once through
    validate, diagnose, compare and batch; every input's hash before and after."""
    root = tmp_path_factory.mktemp("hostile")
    inputs = root / "in"
    inputs.mkdir()
    # Written part by part: openpyxl itself refuses to write these characters.
    pre = write_xlsx(
        inputs / "pre.xlsx", {"Trust": trust_sheet(PRE_PERIOD), "Staff": staff_sheet()}
    )
    post = write_xlsx(
        inputs / "post.xlsx", {"Trust": trust_sheet(POST_PERIOD), "Staff": staff_sheet(2)}
    )
    framework = hostile_framework(root / "framework.yaml")
    files = [pre, post, framework]
    before = {path: sha256(path) for path in files}
    out = root / "out"
    fw = ["--framework", framework]
    pdf = ["--format", "html,json,xlsx,pdf"]
    results = {
        "validate": invoke(["validate", pre, *fw]),
        "diagnose": invoke(["diagnose", pre, "-o", out / "d", "--include-comments", *pdf, *fw]),
        "compare": invoke(["compare", pre, post, "-o", out / "c", *fw]),
        "batch": invoke(["batch", inputs, "-o", out / "b", "-j", "1", "--compare", *fw]),
        "template": invoke(["template", root / "template.xlsx", *fw]),
    }
    return {
        "results": results,
        "out": out,
        "before": before,
        "after": {path: sha256(path) for path in files},
        "template": root / "template.xlsx",
    }


COMMANDS = ["validate", "diagnose", "compare", "batch", "template"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_runs_to_the_end(hostile: dict[str, Any], command: str) -> None:
    result = hostile["results"][command]
    # CliRunner keeps an unexpected exception instead of printing its traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code == 0, result.stderr
    assert "FAILED" not in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_the_terminal_gets_no_control_character(hostile: dict[str, Any], command: str) -> None:
    result = hostile["results"][command]
    for stream in (result.stdout, result.stderr):
        found = sorted({f"U+{ord(ch):04X}" for ch in stream if is_control(ch) and ch != "\n"})
        assert not found, (command, found)


@pytest.mark.parametrize("command", ["validate", "diagnose", "compare"])
def test_the_terminal_shows_the_escape_instead(hostile: dict[str, Any], command: str) -> None:
    """The trust name is shown, its escape sequences as the text ``\\x1b[2J``."""
    stdout = hostile["results"][command].stdout
    assert "Evil\\x1b[2J <b>Trust</b>\\x1b]0;owned\\x07 \\x9b31m\\u202e $\\frac{$" in stdout


def test_a_line_break_in_a_value_never_starts_a_line(tmp_path: Path) -> None:
    """A file name found by a glob can hold a line break: it is shown as ``\\n``."""
    forged = tmp_path / "trust\nError: nothing is wrong.xlsx"
    forged.write_text("not a workbook", encoding="utf-8")
    result = run(["validate", forged])
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: ") and "trust\\nError: nothing is wrong.xlsx" in lines[0]
    assert not any(line.startswith("Error: nothing") for line in lines)


@pytest.mark.skipif(sys.platform != "linux", reason="a file name of any bytes is Linux's")
def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    """Python reads such a name with lone surrogates, which no terminal, JSON or HTML can
    hold: the terminal shows them as escapes, the outputs record U+FFFD."""
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"trust\xff\x1b[2J.xlsx")
    (folder / name).write_bytes(
        write_xlsx(
            tmp_path / "good.xlsx", {"Trust": trust_sheet("2025"), "Staff": staff_sheet()}
        ).read_bytes()
    )
    out = tmp_path / "out"
    diagnosed = run(["diagnose", folder / name, "-o", out / "d", "--format", "html,json"])
    assert diagnosed.exit_code == 0, diagnosed.output
    batched = run(["batch", folder, "-o", out / "b", "-j", "1", "--format", "html,json"])
    assert batched.exit_code == 0, batched.output
    assert "trust\\udcff\\x1b[2J.xlsx" in batched.output
    recorded = json.loads((out / "d" / "diagnosis.json").read_text(encoding="utf-8"))
    assert recorded["inputs"][0]["path"].endswith("trust\ufffd\x1b[2J.xlsx")
    # The trust's folder is named without the undecodable byte or the escape.
    assert sorted(p.name for p in (out / "b").iterdir()) == ["network", "trust--[2J"]
    page = (out / "b" / "network" / "network.html").read_text(encoding="utf-8")
    assert 'href="../trust--%5B2J/report.html"' in page


def _report_workbooks(out: Path) -> list[Path]:
    found = sorted(out.rglob("*.xlsx"))
    assert {p.name for p in found} >= {"report.xlsx", "compare.xlsx", "network.xlsx"}
    return found


def test_excel_reports_open_and_hold_the_text_minus_illegal_characters(
    hostile: dict[str, Any],
) -> None:
    for path in _report_workbooks(hostile["out"]):
        book = load_workbook(path)
        texts = set()
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path, ws.title, cell.coordinate)
                    if isinstance(cell.value, str):
                        assert all(xml_char(ch) for ch in cell.value)
                        texts.add(cell.value)
        if path.name != "network.xlsx":
            assert minus_illegal(TRUST_NAME) in texts, path
        if path.name == "report.xlsx" and path.parent.name != "b":
            # Groups and items are tables of the diagnosis; a formula keeps its apostrophe.
            assert minus_illegal(GROUP) in texts, path
            assert "'" + minus_illegal(FORMULA_GROUP) in texts, path
            assert "'" + minus_illegal(ITEM) in texts, path
            assert minus_illegal(ELEMENT) in texts, path


def test_the_template_holds_the_framework_text_minus_illegal_characters(
    hostile: dict[str, Any],
) -> None:
    book = load_workbook(hostile["template"])
    values = {c.value for row in book["Items"].iter_rows() for c in row}
    assert minus_illegal(ELEMENT) in values
    assert "'" + minus_illegal(ITEM) in values
    with zipfile.ZipFile(hostile["template"]) as archive:
        for name in archive.namelist():
            if name.endswith(".xml") or name.endswith(".vml"):
                text = archive.read(name).decode("utf-8")
                assert all(xml_char(ch) for ch in text), name


def _svg_texts(html: str) -> list[str]:
    """The text of every <text> element of the page's inline SVG charts."""
    texts = []
    for svg in re.findall(r"<svg\b.*?</svg>", html, re.S):
        for element in ElementTree.fromstring(svg).iter(f"{SVG}text"):
            texts.append("".join(element.itertext()))
    return texts


def _pages(out: Path) -> list[Path]:
    pages = sorted(out.rglob("*.html"))
    assert {p.name for p in pages} >= {"report.html", "compare.html", "network.html"}
    return pages


def test_chart_labels_are_drawn_as_written(hostile: dict[str, Any]) -> None:
    """The label is drawn as its own characters: no mathtext, no control character."""
    element = ELEMENT.replace(CLEAR, "[2J").replace("\x1b", "")
    drawn: set[str] = set()
    for page in _pages(hostile["out"]):
        drawn |= set(_svg_texts(page.read_text(encoding="utf-8")))
    assert element in drawn
    # The comparison's scores chart names its two collections.
    assert any(t.startswith("2026 $\\frac{$ follow-up") for t in drawn), drawn
    for text in drawn:
        assert not any(is_control(ch) and ch not in "\t\n\r" for ch in text), text


def test_html_is_escaped_and_holds_no_control_character(hostile: dict[str, Any]) -> None:
    for page in _pages(hostile["out"]):
        html = page.read_text(encoding="utf-8")
        assert "<b>Trust</b>" not in html, page
        found = {f"U+{ord(ch):04X}" for ch in html if is_control(ch) and ch not in "\t\n\r"}
        # The bidirectional override is text a browser lays out, not a control of HTML.
        assert found <= {"U+202E"}, (page, found)
        if page.name != "network.html":
            shown = "Evil[2J &lt;b&gt;Trust&lt;/b&gt;]0;owned 31m $\\frac{$"
            assert shown in html.replace(RLO, ""), page


def test_the_pdf_is_made(hostile: dict[str, Any]) -> None:
    pdf = hostile["out"] / "d" / "report.pdf"
    pypdf = pytest.importorskip("pypdf")
    text = pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()
    assert "<b>Trust</b>" in text
    assert not any(is_control(ch) and ch not in "\n" for ch in text)


def test_json_keeps_the_input_text_exactly(hostile: dict[str, Any]) -> None:
    data = json.loads((hostile["out"] / "d" / "diagnosis.json").read_text(encoding="utf-8"))
    assert data["trust"]["name"] == TRUST_NAME
    assert data["trust"]["period"] == PRE_PERIOD


def test_no_input_changed(hostile: dict[str, Any]) -> None:
    assert hostile["after"] == hostile["before"]


DOCUMENTED = [
    "a trust name, period or group label holding an escape sequence",
    "a control character XML cannot hold (ESC, BEL) in any text",
    "a line break in a file name",
    "an element name or a period holding `$\\frac{$`",
    "HTML markup in a trust name",
    "a file name that is not UTF-8",
    "a chart matplotlib cannot draw",
    "the output folder holding the input as an output's name",
    "an output's name that is a symbolic or hard link to an input",
    "the output folder inside the `--templates` folder",
    "batch's output folder inside its input folder",
    "batch's output folder the input folder itself",
]


def test_every_case_is_documented() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "bad-inputs.md").read_text("utf-8")
    rows = [line.split(" | ")[0] for line in text.splitlines() if line.startswith("| ")]
    missing = [what for what in DOCUMENTED if not any(what in row for row in rows)]
    assert not missing


# --------------------------------------------------------------------------- the functions

# Any character at all (lone surrogates too: a file name that is not UTF-8), and a mix of
# the characters that matter here.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40) | st.text(
    "\x00\x07\x1b\x7f\x9b\u202e\u2028\ud800\ufffe\t\n\r$\\=+-@ab{} ", max_size=20
)
# What the chart's font can draw, with control characters among it.
CHART_TEXT = st.text("\x00\x07\x1b\x9b\t\n\r\x0b\u2028$\\{}^_ aZ9=<&>é–", max_size=20)


def is_surrogate(char: str) -> bool:
    return 0xD800 <= ord(char) <= 0xDFFF


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_terminal_text_has_no_control_character(text: str) -> None:
    shown = terminal_text(text)
    assert not any(is_control(ch) or is_surrogate(ch) for ch in shown)
    shown.encode("utf-8")  # any terminal encoding of Unicode can write it
    kept = terminal_text(text, newlines=True)
    assert not any((is_control(ch) and ch != "\n") or is_surrogate(ch) for ch in kept)
    assert kept.count("\n") == text.count("\n")
    # Text without such characters is shown as it is.
    plain = "".join(ch for ch in text if not (is_control(ch) or is_surrogate(ch)))
    assert terminal_text(plain) == plain


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_excel_text_is_the_text_minus_illegal_characters(text: str) -> None:
    cleaned = minus_illegal(text)
    assert xml_text(text) == cleaned
    formula = cleaned[:1] in ("=", "+", "-", "@", "\t", "\r")
    safe = excel_text(text)
    assert safe == ("'" + cleaned if formula else cleaned)
    # openpyxl raises IllegalCharacterError on a character XML cannot hold.
    book = Workbook()
    book.active["A1"] = safe
    buffer = io.BytesIO()
    book.save(buffer)
    back = load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]
    # A carriage return may be read back as a line feed, and an empty cell as None.
    assert (back.value or "") in (safe, safe.replace("\r\n", "\n").replace("\r", "\n"))
    assert back.data_type != "f"


def _drawn(label: str) -> str:
    """The text matplotlib writes for an axis label, as the reports' SVG keeps it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure, axes = plt.subplots(figsize=(2, 1))
        axes.set_xticks([])
        axes.set_yticks([])
        axes.set_xlabel(label)
        buffer = io.StringIO()
        try:
            figure.savefig(buffer, format="svg")  # mathtext would fail here
        finally:
            plt.close(figure)
    texts = [
        "".join(element.itertext())
        for element in ElementTree.fromstring(buffer.getvalue()).iter(f"{SVG}text")
    ]
    return " ".join(texts)


@settings(max_examples=25, deadline=None)
@given(CHART_TEXT)
def test_chart_text_is_drawn_as_written(text: str) -> None:
    expected = "".join(
        " " if ch in "\t\n\r\x0b\x0c\u2028\u2029" else ("" if is_control(ch) else ch) for ch in text
    )
    assert _drawn(chart_text(text)) == expected


def test_a_mathtext_label_is_drawn_as_written() -> None:
    assert _drawn(chart_text("Vision $\\frac{$ values")) == "Vision $\\frac{$ values"
    assert _drawn(chart_text("costs $5 and $x^2$")) == "costs $5 and $x^2$"
    assert _drawn(chart_text("a \\$ b $c$")) == "a \\$ b $c$"


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_html_text_has_no_control_character(text: str) -> None:
    safe = html_text(text)
    assert not any(
        ch not in "\t\n\r" and (ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or is_surrogate(ch))
        for ch in safe
    )
    safe.encode("utf-8")
    marked = html_text(Markup(text))
    assert isinstance(marked, Markup) and str(marked) == safe
    assert html_text(3) == 3 and html_text(None) is None

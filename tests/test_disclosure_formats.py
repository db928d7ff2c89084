"""The PDF and the terminal publish nothing about a small group that HTML and JSON do not.

tests/test_disclosure_attack.py attacks the JSON, the Excel workbook and the HTML of each
regression way of issue 11. The PDF and what ``culturekit diagnose`` / ``compare`` print
are rendered from the same presentation layer but are read here: each way runs once
through the command line, and the PDF's text (poppler's ``pdftotext``) and the terminal
output must (a) show none of the truth's secret texts, (b) print no number that the
HTML's visible text or the JSON of the same run does not already publish, so the
attacker's reading of those two formats covers these as well, and (c) come from a run
that exits 0. The attacker's direct reading (a small group's label beside its true count,
"2 of 104") is run on their rows too: small whole numbers are printed everywhere (list
numbers, "below 6"), so (b) guards decimals, shares and larger counts, and the direct
reading a small count beside its label.
"""

from __future__ import annotations

import json
import math
import random
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
from attack.attacker import Report, attack_direct, disclosed
from attack.outputs import Published, html_rows, normalise
from attack.truth import Truth
from attack.workbooks import WAYS, plain_staff, sheet_rows, survey, write
from click.testing import CliRunner

from culturekit.cli import cli

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z: the same dates in every format of a run

# PDF rendering takes seconds a way: render it where its sections differ -- the workforce
# tables with margins, the item tables, the comparison report -- and where the secret
# texts are (the board's key messages, free-text answers).
PDF_WAYS = {"margins", "hidden-item", "compare", "padded-board", "free-text"}
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(autouse=True, scope="module")
def _forget_cached_help_options() -> Iterator[None]:
    """Running commands caches each one's help option, which docs/make_cli_reference.py
    would then see; forget it so this file leaves other tests as they were."""
    yield
    for command in (cli, *cli.commands.values()):  # type: ignore[attr-defined]
        if hasattr(command, "_help_option"):
            command._help_option = None


# -- one run per way ---------------------------------------------------------------------


@dataclass
class Run:
    truth: Truth
    out: Path
    args: list[str]
    exit_code: int
    terminal: str  # stdout and stderr as a reader of the terminal sees them
    html: str  # the visible text of the HTML report
    json: list[Any]  # the JSON documents
    pdf: Path | None


def cli_args(command: str, truth: Truth) -> list[str]:
    """The options of ``truth.run_options`` the command has, as its flags (an option the
    command lacks is left out, as tests/test_disclosure_attack.py's ``run`` does)."""
    params = {p.name: p for p in cli.commands[command].params}  # type: ignore[attr-defined]
    args = []
    for name, value in truth.run_options.items():
        param = params.get(name)
        if not isinstance(param, click.Option):
            continue
        if param.is_flag:
            args += [param.opts[-1]] if value else []
        elif isinstance(value, list | tuple):
            args += [param.opts[-1], ",".join(map(str, value))]
        else:
            args += [param.opts[-1], str(value)]
    return args


def run_way(way: str, folder: Path) -> Run:
    return run_truth(WAYS[way](folder), folder / "out", with_pdf=way in PDF_WAYS)


def run_truth(truth: Truth, out: Path, *, with_pdf: bool) -> Run:
    """``culturekit diagnose`` (or ``compare``) of ``truth`` to HTML, JSON and maybe PDF."""
    formats = "html,json,pdf" if with_pdf else "html,json"
    if truth.post is not None:
        args = ["compare", str(truth.path), str(truth.post), *cli_args("compare", truth)]
    else:
        args = ["diagnose", str(truth.path), *cli_args("diagnose", truth)]
    args += ["-o", str(out), "--format", formats]
    result = CliRunner().invoke(cli, args, env={"SOURCE_DATE_EPOCH": EPOCH})
    html = [html_rows(path)[1] for path in sorted(out.glob("*.html"))]
    documents = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.json"))]
    pdfs = sorted(out.glob("*.pdf"))
    return Run(
        truth,
        out,
        args,
        result.exit_code,
        result.output,  # click 8.2+: stdout and stderr interleaved, as on a terminal
        " ".join(html),
        documents,
        pdfs[0] if pdfs else None,
    )


class Runs:
    """Each way run once for the module, when a test first asks for it."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self.factory = factory
        self.cache: dict[str, Run] = {}

    def __getitem__(self, way: str) -> Run:
        if way not in self.cache:
            self.cache[way] = run_way(way, self.factory.mktemp(way))
        return self.cache[way]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    return Runs(tmp_path_factory)


def pdf_text(run: Run, *, layout: bool = False) -> str:
    """The PDF's text in reading order (poppler's default mode keeps a table cell's lines
    together, where ``-layout`` interleaves the columns of a wrapped row), or laid out as
    on the page, one table row a line."""
    if not PDFTOTEXT:
        pytest.skip("poppler's pdftotext is not installed (.ci/run installs poppler-utils)")
    assert run.pdf is not None, f"no PDF written by culturekit {' '.join(run.args)}"
    mode = ["-layout"] if layout else []
    return subprocess.run(
        [PDFTOTEXT, *mode, "-enc", "UTF-8", str(run.pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def rendered(run: Run, fmt: str, *, layout: bool = False) -> str:
    return pdf_text(run, layout=layout) if fmt == "pdf" else run.terminal


# -- numbers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    """A figure as printed: its magnitude, decimals shown, and whether it is a percentage."""

    value: float
    decimals: int
    percent: bool
    text: str

    def shown_by(self, published: float) -> bool:
        """Whether ``published`` printed as this figure is: equal for a whole number that is
        not a percentage, else within half a unit of the last decimal shown (a percentage
        may be published as a share of 1). A whole count must match exactly: half a unit of
        slack would let any score of 2.5 to 3.5 excuse a printed count of 3."""
        candidates = [published, published * 100] if self.percent else [published]
        if self.decimals == 0 and not self.percent:
            return any(c == self.value for c in candidates)
        slack = 0.5 * 10**-self.decimals + 1e-9
        return any(abs(c - self.value) <= slack for c in candidates)


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Furniture that is not a figure of the data: page numbers in the running footer
# ("Page 2 of 16") and in the contents' dotted leaders, and the generation date.
FURNITURE = [
    re.compile(r"\bPage \d+ of \d+\b"),
    re.compile(r"\.{4,}\s*\d+"),
    re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b"),
]
# Brackets, quotes, daggers and sentence punctuation around a figure: "(12.3%)", "†11,".
_EDGES = "()[]{}\"'‘’“”†‡*,;:.!?"
_FIGURE = re.compile(r"[+−-]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%?)")
# Ranges "0-10", "1–10" print two figures; a minus sign before a figure is kept.
_RANGE = re.compile(r"(?<=\d)[-–](?=\d)")


def figures(text: str) -> list[Number]:
    """Every figure ``text`` prints, read the way a person reads a page.

    A figure is a whole word (after trimming brackets and punctuation) that is a number:
    ``12``, ``6.4``, ``1,234``, ``45%``, ``−0.3``, ``+1.2``. Tolerated, and why:

    * a number inside a word is a label or an identifier, not a figure: ``Band 8a``,
      ``VV1``, ``WRES9``, digits of a temporary folder's name;
    * a word holding ``/`` is a path or "N/A" (the workbook's and the outputs' paths
      are printed), and one with several dots is a version (``culturekit 0.1.0``);
      times (``00:15``) fail the pattern;
    * signs are dropped: formats word a change as "−0.4" or "0.4 lower", and the sign of
      a difference is no count; ranges ``0-10`` are two figures;
    * :data:`FURNITURE` (page numbers, the generation date) is removed first.
    """
    for pattern in FURNITURE:
        text = pattern.sub(" ", text)
    found = []
    for word in _RANGE.sub(" ", text).split():
        if "/" in word:
            continue
        word = word.strip(_EDGES)
        match = _FIGURE.fullmatch(word)
        if match is None:
            continue
        whole, decimals, percent = match.groups()
        value = float(whole.replace(",", "") + (f".{decimals}" if decimals else ""))
        found.append(Number(value, len(decimals or ""), bool(percent), word))
    return found


def json_numbers(document: Any) -> Iterator[float]:
    """Every number of a JSON document, and every figure its strings print."""
    if isinstance(document, bool) or document is None:
        return
    if isinstance(document, int | float):
        if math.isfinite(document):
            yield abs(float(document))
    elif isinstance(document, str):
        yield from (n.value for n in figures(document))
    elif isinstance(document, dict):
        for key, value in document.items():
            yield from json_numbers(key)
            yield from json_numbers(value)
    elif isinstance(document, list):
        for value in document:
            yield from json_numbers(value)


def published_numbers(run: Run) -> list[float]:
    values = {n.value for n in figures(run.html)}
    for document in run.json:
        values.update(json_numbers(document))
    return sorted(values)


def unpublished(text: str, published: Iterable[float]) -> list[str]:
    """The figures of ``text`` that no published number is printed as, each once."""
    published = list(published)
    missing = {}
    for number in figures(text):
        if not any(number.shown_by(p) for p in published):
            missing.setdefault(number.text, number)
    return list(missing)


def context(text: str, token: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    at = flat.find(token)
    return flat[max(0, at - width) : at + len(token) + width]


# -- secret texts ----------------------------------------------------------------------------


def squeezed(text: str) -> str:
    """Letters and digits only: a text hyphenated or split over lines still reads whole."""
    return re.sub(r"[\W_]+", "", text.casefold())


def secrets_printed(text: str, truth: Truth) -> list[str]:
    """The secret texts that ``text`` prints, whole or by their first 30 characters (a
    label cut short), compared normalised and again with only letters and digits."""
    flat, tight = normalise(text), squeezed(text)
    found = []
    for secret in truth.texts:
        probe = normalise(secret)[:30]
        if probe in flat or squeezed(probe) in tight:
            found.append(secret)
    return found


# -- the tokeniser on text whose figures are known ----------------------------------------


def test_figures_reads_figures_and_leaves_labels_paths_and_furniture():
    text = (
        "Band 8a (12.3%) of 1,234 staff: −0.4 and +1.2, VV1 n = 30. Scores 0-10. "
        "Wrote /tmp/pytest-7/way0/out/report.html. Produced with culturekit 0.1.0 on "
        "1 January 2026, 00:00 UTC. Page 3 of 16 Summary ........ 4 †11"
    )
    assert [(n.value, n.decimals, n.percent) for n in figures(text)] == [
        (12.3, 1, True),
        (1234.0, 0, False),
        (0.4, 1, False),
        (1.2, 1, False),
        (30.0, 0, False),
        (0.0, 0, False),
        (10.0, 0, False),
        (11.0, 0, False),
    ]


def test_a_figure_is_covered_by_a_published_number_it_rounds():
    (score, share, count) = figures("4.7 38% 3")
    assert score.shown_by(4.7234) and not score.shown_by(4.76)
    assert share.shown_by(0.381) and share.shown_by(38.1) and not share.shown_by(0.39)
    assert count.shown_by(3) and not count.shown_by(3.1)
    assert unpublished("4.7 out of 10, 8 of 30", [4.72, 10, 30]) == ["8"]


# -- the eight ways, in the PDF and on the terminal ------------------------------------------

CASES = [
    pytest.param(way, fmt, id=f"{way}-{fmt}")
    for way in WAYS
    for fmt in ("terminal", "pdf")
    if fmt == "terminal" or way in PDF_WAYS
]


def test_the_pdf_ways_are_ways():
    assert not PDF_WAYS - set(WAYS), "a PDF way is not a key of attack.workbooks.WAYS"


@pytest.mark.parametrize("way", list(WAYS))
def test_each_way_runs_from_the_command_line(way: str, runs: Runs):
    run = runs[way]
    assert run.exit_code == 0, f"culturekit {' '.join(run.args)}\n{run.terminal}"
    assert run.html and run.json, "the HTML and JSON the other formats are checked against"


@pytest.mark.parametrize(("way", "fmt"), CASES)
def test_no_secret_text_is_printed(way: str, fmt: str, runs: Runs):
    run = runs[way]
    assert run.exit_code == 0, run.terminal
    leaked = secrets_printed(rendered(run, fmt), run.truth)
    assert not leaked, f"{fmt} of culturekit {' '.join(run.args)} prints {leaked}"


@pytest.mark.parametrize(("way", "fmt"), CASES)
def test_every_figure_printed_is_in_the_html_or_json(way: str, fmt: str, runs: Runs):
    run = runs[way]
    assert run.exit_code == 0, run.terminal
    text = rendered(run, fmt)
    assert figures(text), f"no figure read from the {fmt} output: the reading is broken"
    missing = unpublished(text, published_numbers(run))
    assert not missing, f"{fmt} of culturekit {' '.join(run.args)} prints figures " + (
        "that neither the HTML nor the JSON shows:\n"
        + "\n".join(f"{t!r}: ...{context(text, t)}..." for t in missing)
    )


def rows(text: str) -> list[list[str]]:
    """A laid-out page's lines as rows, a run of two or more spaces between cells."""
    return [re.split(r"\s{2,}", line.strip()) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize(("way", "fmt"), CASES)
def test_no_small_group_is_read_directly(way: str, fmt: str, runs: Runs):
    """The attacker's direct reading, on these formats' rows: a small group's label in one
    row with its true count, an outcome printed as "count of total"."""
    run = runs[way]
    assert run.exit_code == 0, run.terminal
    text = rendered(run, fmt, layout=True)
    report = Report()
    attack_direct(Published(rows={fmt: rows(text)}, texts={fmt: text}), run.truth, report)
    assert not report.findings, "\n".join(disclosed(report))


# -- the reading finds text that is published ----------------------------------------------


def published_comments(folder: Path) -> Truth:
    """Comments asked for and written by 12 of 30 respondents, published on purpose."""
    staff = plain_staff(random.Random(9), 30)
    texts = [f"Comment {n}: the night handover on ward {n} needs more time." for n in range(12)]
    sheet = sheet_rows("staff", staff, ["staff_group"], {"comment": texts + [None] * 18})
    truth = Truth(
        write(folder, "comments.xlsx", {"Staff": sheet}), run_options={"include_comments": True}
    )
    survey(truth, "staff", staff, ["staff_group"])
    truth.texts += texts
    return truth


def test_secret_texts_are_found_in_a_pdf_that_prints_them(tmp_path: Path):
    # A check that finds nothing proves nothing unless it finds text that is there.
    run = run_truth(published_comments(tmp_path), tmp_path / "out", with_pdf=True)
    assert run.exit_code == 0, run.terminal
    assert secrets_printed(run.html, run.truth) == run.truth.texts
    assert secrets_printed(pdf_text(run), run.truth) == run.truth.texts

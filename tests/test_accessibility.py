"""Accessibility of the HTML report: structure checked directly, then axe-core in
headless Chromium (skipped, with the reason, when Chromium or axe-core is missing).

The report's Content-Security-Policy forbids scripts, so axe runs on a copy of the report
with the CSP removed and axe injected; its result is written into ``<pre id=axe-result>``
and read back from Chromium's ``--dump-dom``.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import culturekit
from culturekit.report import palette
from culturekit.report.html import render_html

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return os.environ.get("CHROMIUM") or None


@pytest.fixture(scope="module")
def report(northwick_diagnosis: culturekit.Diagnosis) -> str:
    return render_html(northwick_diagnosis)


@pytest.fixture(scope="module")
def soup(report: str) -> BeautifulSoup:
    return BeautifulSoup(report, "html.parser")


# --------------------------------------------------------------------------- structure


def test_language_title_and_one_h1(soup: BeautifulSoup) -> None:
    assert soup.html["lang"] == "en-GB"
    assert soup.title and "Northwick General Hospital NHS Trust" in soup.title.text
    assert len(soup.find_all("h1")) == 1


def test_heading_levels_never_skip(soup: BeautifulSoup) -> None:
    levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, (before, after)


def test_landmarks(soup: BeautifulSoup) -> None:
    body = soup.body
    assert body.find("header", recursive=False) is not None
    assert body.find("nav") is not None and body.find("nav").get("aria-label")
    assert len(body.find_all("main")) == 1
    assert body.find("footer", recursive=False) is not None


def test_tables_have_captions_and_scoped_headers(soup: BeautifulSoup) -> None:
    tables = soup.find_all("table")
    assert tables
    for table in tables:
        assert table.find("caption") and table.find("caption").text.strip()
        headers = table.find_all("th")
        assert headers
        for th in headers:
            assert th.get("scope") in ("col", "row", "colgroup", "rowgroup"), th


def test_every_chart_is_a_captioned_figure_stating_its_finding(soup: BeautifulSoup) -> None:
    charts = soup.find_all("svg")
    charts = [svg for svg in charts if svg.find_parent("figure") or svg.get("role") == "img"]
    assert charts
    for svg in charts:
        figure = svg.find_parent("figure")
        assert figure is not None
        assert figure.find("figcaption") and figure.find("figcaption").text.strip()
        assert svg.get("role") == "img"
        label = svg.get("aria-label", "")
        title, _, finding = label.partition(". ")
        assert title and re.search(r"\d", finding), label  # a title, then the finding
    summary = soup.select_one("#summary figure svg")
    assert summary is not None
    assert "highest" in summary["aria-label"] and "lowest" in summary["aria-label"]


def test_colour_is_never_the_only_carrier(soup: BeautifulSoup) -> None:
    for tag in soup.select(".tag"):
        assert tag.text.strip(), tag  # readings have words (and ▲ ▼ ●), not colour only
    for bar in soup.select(".bar"):
        assert bar.get("role") == "img" and "%" in bar.get("aria-label", "")
    for cell in soup.select("td.heat"):
        assert re.search(r"\d", cell.text), cell  # the difference is written in the cell


def test_palette_text_contrast() -> None:
    pairs = [
        (palette.TEXT, "#FFFFFF"),
        ("#4C6272", "#FFFFFF"),
        ("#4C6272", "#F0F4F5"),
        ("#FFFFFF", palette.NHS_BLUE),
        ("#FFFFFF", palette.DARK_BLUE),
        ("#00436E", "#E6F0FA"),
        ("#7A3E00", "#FDF0E0"),
        ("#33424D", "#F0F4F5"),
        (palette.NHS_BLUE, "#FFFFFF"),
    ]
    for ink, paper in pairs:
        assert palette.contrast_ratio(ink, paper) >= 4.5, (ink, paper)
    for colour in [*palette.likert(5), "#F4F6F7", "#FBE3C6", "#EDA04D", "#78A9E0"]:
        ink = palette.contrast_ink(colour)
        assert palette.contrast_ratio(ink, colour) >= 4.5, colour


def test_source_series_differ_in_more_than_hue() -> None:
    markers = {marker for _, marker in palette.SOURCE_STYLE.values()}
    assert len(markers) >= 3  # staff, board and stakeholders have their own shapes


# --------------------------------------------------------------------------- axe-core


def _axe_page(report: str, axe: str) -> str:
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", report)
    runner = (
        "<script>" + axe.replace("</script", "<\\/script") + "</script>\n"
        "<script>\n"
        "axe.run(document, {resultTypes: ['violations']}).then(function (r) {\n"
        "  var out = document.createElement('pre'); out.id = 'axe-result';\n"
        "  out.textContent = JSON.stringify({violations: r.violations.map(function (v) {\n"
        "    return {id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,\n"
        "      nodes: v.nodes.slice(0, 5).map(function (n) {\n"
        "        return {target: n.target, summary: n.failureSummary}; })}; }),\n"
        "    passes: r.passes.length});\n"
        "  document.body.appendChild(out);\n"
        "}).catch(function (e) {\n"
        "  var out = document.createElement('pre'); out.id = 'axe-result';\n"
        "  out.textContent = JSON.stringify({error: String(e)});\n"
        "  document.body.appendChild(out);\n"
        "});\n"
        "</script>\n"
    )
    return page.replace("</body>", runner + "</body>", 1)


def test_axe_finds_no_serious_or_critical_violation(report: str, tmp_path: Path) -> None:
    chromium = _chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed (needed to run axe-core)")
    if not AXE.is_file():
        pytest.skip(
            "axe-core is missing: run `npm install --no-save axe-core@4` in the repository root"
        )
    page = tmp_path / "report-axe.html"
    page.write_text(_axe_page(report, AXE.read_text(encoding="utf-8")), encoding="utf-8")
    profile = tmp_path / "profile"
    profile.mkdir()
    done = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=20000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    found = re.search(r'<pre id="axe-result">(.*?)</pre>', done.stdout, re.S)
    assert found, f"axe did not report (exit {done.returncode}): {done.stderr[-2000:]}"
    result = json.loads(html.unescape(found.group(1)))
    assert "error" not in result, result
    assert result["passes"] > 10  # axe really ran its rules
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
    assert not blocking, json.dumps(blocking, indent=2)

"""The comparison report (compare.html) and the ``culturekit compare`` command.

The HTML is parsed with BeautifulSoup and checked for structure (headings, tables,
figures, no scripts, the CSP) and for what it says about the Northwick examples, whose
planted changes are documented in examples/README.md.
"""

from __future__ import annotations

import json
import re
import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner

from culturekit.cli import cli
from culturekit.comparison import (
    ChangeRef,
    Comparison,
    ComparisonWarning,
    ItemRef,
    SourceChange,
    compare,
)
from culturekit.report.compare_html import render_compare_html
from culturekit.report.html import CONTENT_SECURITY_POLICY
from culturekit.report.presentation.methods import comparison_methods
from culturekit.report.terminal import comparison_table

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PRE = EXAMPLES / "northwick-pre.xlsx"
POST = EXAMPLES / "northwick-post.xlsx"

# examples/README.md, Northwick: staff improve on these by the follow-up ...
PLANTED_IMPROVED = ["Support and compassion", "Learning and innovation"]
# ... and do not change on these (the true mean is the same pre and post).
PLANTED_NOT_MOVED = [
    "Vision and values",
    "Goals and performance",
    "Equity and inclusion",
    "Teamwork",
]

HEADING = re.compile(r"^h[1-6]$")
SCOPES = {"col", "row", "colgroup", "rowgroup"}


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    if not (PRE.exists() and POST.exists()):
        pytest.fail("the Northwick examples are missing: run python examples/generate.py")
    return compare(PRE, POST)


@pytest.fixture(scope="module")
def html(comparison: Comparison) -> str:
    return render_compare_html(comparison)


@pytest.fixture(scope="module")
def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def text(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def staff_line(card: Tag) -> str:
    """The "Staff: ..." entry of a summary card."""
    for li in card.find_all("li"):
        if li.strong is not None and text(li.strong) == "Staff":
            return text(li)
    return ""


# --------------------------------------------------------------------------- structure


def test_one_h1(soup):
    assert len(soup.find_all("h1")) == 1


def test_heading_levels_never_skip(soup):
    levels = [int(h.name[1]) for h in soup.find_all(HEADING)]
    assert levels[0] == 1
    for before, after in pairwise(levels):
        assert after <= before + 1, f"h{before} is followed by h{after}"


def test_every_table_has_a_caption_and_scoped_headers(soup):
    tables = soup.find_all("table")
    assert len(tables) > 10
    for table in tables:
        assert table.caption is not None and text(table.caption)
        headers = table.find_all("th")
        assert headers, "a table without header cells"
        for th in headers:
            assert th.get("scope") in SCOPES, f"th without scope: {text(th)!r}"


def test_every_figure_has_a_caption_pointing_to_a_table(soup):
    figures = soup.find_all("figure")
    assert len(figures) == 2
    for figure in figures:
        assert figure.find("svg") is not None
        caption = figure.find("figcaption")
        assert caption is not None
        assert "table" in text(caption).lower()


def test_no_script_and_nothing_loaded_from_elsewhere(html, soup):
    assert soup.find("script") is None
    for tag in soup.find_all(True):
        assert not any(a.lower().startswith("on") for a in tag.attrs), tag.name
    assert soup.find(["link", "iframe", "object", "embed", "img"]) is None
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "@import" not in html and not re.search(r"url\(\s*['\"]?(https?:)?//", html)


def test_content_security_policy_meta(soup):
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None
    assert meta["content"] == CONTENT_SECURITY_POLICY
    assert "script-src" not in meta["content"]
    assert "default-src 'none'" in meta["content"]


def test_hidden_cells_say_why_and_never_show_zero(soup):
    cells = soup.select("td.hidden-cell")
    assert cells, "Northwick has suppressed groups"
    for cell in cells:
        content = text(cell)
        assert content and not re.fullmatch(r"[−+-]?0(\.0+)?%?", content)
        assert re.search(r"[a-z]", content)


def test_verdict_tags_carry_symbol_and_word(soup):
    tags = soup.select("span.tag.better, span.tag.worse, span.tag.similar")
    assert tags
    for tag in tags:
        assert re.match(r"^[▲▼●] [A-Z][a-z]", text(tag)), text(tag)


# --------------------------------------------------------------------------- content


def test_summary_names_the_planted_improvements_as_improved(soup):
    card = soup.find(id="improved")
    assert card is not None and card.find_parent(id="summary") is not None
    entries = [text(li) for li in card.find_all("li")]
    for name in PLANTED_IMPROVED:
        assert any(e.startswith(name) and "staff" in e for e in entries), entries
    for name in PLANTED_NOT_MOVED:
        assert not any(e.startswith(name) for e in entries)
    assert "No element score fell" in text(soup.find(id="worsened"))


def test_summary_names_planted_non_changes_as_no_clear_change(soup):
    line = staff_line(soup.find(id="no-clear-change"))
    for name in PLANTED_NOT_MOVED:
        assert name in line
    for name in PLANTED_IMPROVED:
        assert name not in line


def test_summary_gives_respondents_and_rates_on_both_sides(soup, comparison):
    summary = text(soup.find(id="summary"))
    staff = comparison.response["staff"]
    assert f"{staff.respondents_pre:,}" in summary
    assert f"{staff.respondents_post:,}" in summary
    assert f"{round(100 * staff.rate_pre)}% of {staff.headcount_pre:,}" in summary
    assert f"{round(100 * staff.rate_post)}% of {staff.headcount_post:,}" in summary


def test_element_tables_hold_the_model_figures(soup, comparison):
    table = soup.find(id="elements-staff").find_next("table")
    row = next(tr for tr in table.find_all("tr") if text(tr).startswith("Learning and"))
    change = comparison.element("learning_innovation").sources["staff"]
    content = text(row)
    assert f"{change.pre:.2f}" in content and f"{change.post:.2f}" in content
    assert f"+{change.change:.2f}" in content
    assert f"+{change.ci_low:.2f} to +{change.ci_high:.2f}" in content
    assert "▲ Better" in content


def test_largest_item_changes_are_flagged(soup, comparison):
    flagged = [i for i in comparison.items if i.largest_change and i.source == "staff"]
    table = soup.find(id="items-staff").find_next("table")
    marks = {text(tr.th).split()[0] for tr in table.find_all("tr") if tr.select("span.tag")}
    assert marks == {i.code for i in flagged}


def test_suppressed_groups_say_why(soup):
    groups = soup.find(id="groups")
    row = next(tr for tr in groups.find_all("tr") if text(tr).startswith("Research and"))
    hidden = row.select_one("td.hidden-cell")
    assert hidden is not None and "fewer than 11" in text(hidden)
    assert not row.select("td.num, td.heat")


def test_dashboard_and_workforce_sections(soup, comparison):
    dashboard = soup.find(id="dashboard")
    assert dashboard is not None
    assert len(dashboard.find("tbody").find_all("tr")) == len(comparison.dashboard)
    assert dashboard.select("span.tag.better")
    workforce = soup.find(id="workforce")
    assert workforce is not None
    assert "Closer to parity" in text(workforce) and "Further from parity" in text(workforce)
    assert "Staff turnover" in text(workforce)


def test_methods_list_the_model_methods_correction_and_independence(soup, comparison):
    methods = text(soup.find(id="methods"))
    for value in comparison_methods(comparison).values():
        assert " ".join(value.split()) in methods
    assert "Holm" in methods
    assert "independent samples" in methods
    assert "different people" in methods


def variant(comparison: Comparison) -> Comparison:
    """The Northwick comparison with a suppressed board score, warnings, one-sided items,
    notices, no dashboard or workforce, and the Benjamini–Hochberg correction."""
    first = comparison.elements[0]
    hidden = SourceChange(
        source="board",
        pre=7.8,
        n_pre=16,
        suppressed=True,
        reason="fewer than 11 responses in 2026 follow-up",
    )
    elements = [
        first.model_copy(update={"sources": {**first.sources, "board": hidden}}),
        *comparison.elements[1:],
    ]
    summary = comparison.summary.model_copy(
        update={
            "too_few_to_tell": [
                r
                for r in comparison.summary.too_few_to_tell
                if (r.element, r.source) != (first.id, "board")
            ],
            "not_tested": [ChangeRef(element=first.id, element_name=first.name, source="board")],
        }
    )
    return comparison.model_copy(
        update={
            "elements": elements,
            "summary": summary,
            "correction": "fdr_bh",
            "warnings": [ComparisonWarning(kind="response_rates", source="staff", limit=0.1)],
            "notices": ["A grouping is in the pre collection only."],
            "items_only_pre": [
                ItemRef(
                    source="staff",
                    code="OLD1",
                    element="teamwork",
                    text="An item dropped from the follow-up.",
                )
            ],
            "dashboard": None,
            "workforce": None,
        }
    )


def test_suppressed_score_is_hidden_with_its_reason_and_not_tested(comparison):
    soup = BeautifulSoup(render_compare_html(variant(comparison)), "html.parser")
    table = soup.find(id="elements-board").find_next("table")
    row = next(tr for tr in table.find_all("tr") if text(tr).startswith("Vision and"))
    hidden = [text(td) for td in row.select("td.hidden-cell")]
    assert any("fewer than 11 responses in 2026 follow-up" in h for h in hidden)
    assert "7.80" in text(row)
    assert "Not tested" in text(row.select_one("span.tag"))
    summary = text(soup.find(id="summary"))
    assert "Not tested. Board, Vision and values: fewer than 11 responses" in summary


def test_warnings_notices_one_sided_items_and_correction(comparison):
    soup = BeautifulSoup(render_compare_html(variant(comparison)), "html.parser")
    callout = soup.find(id="summary").select_one(".callout.warning")
    assert callout is not None and "Staff response rates differ: 29% in" in text(callout)
    notes = text(soup.find(id="notes"))
    assert "A grouping is in the pre collection only." in notes
    assert "OLD1" in notes and "2025 baseline only" in notes
    assert soup.find(id="dashboard") is None and soup.find(id="workforce") is None
    assert not soup.select('nav a[href="#dashboard"], nav a[href="#workforce"]')
    methods = text(soup.find(id="methods"))
    assert "Benjamini–Hochberg" in methods and "false discovery rate" in methods


def test_extra_context_is_passed_to_the_templates(comparison):
    html = render_compare_html(comparison, extra={"generated_at": "1 January 2030, 09:00 UTC"})
    footer = BeautifulSoup(html, "html.parser").find("footer")
    assert "1 January 2030, 09:00 UTC" in text(footer)
    assert "fewer than 11 people" in text(footer)


# --------------------------------------------------------------------------- terminal


def test_terminal_table(comparison):
    table = comparison_table(comparison)
    assert table.splitlines()[0].startswith("Northwick General Hospital NHS Trust (RXN)")
    assert "Improved: Support and compassion (staff), Learning and innovation (staff)" in table
    assert "Worsened: none" in table
    assert "Holm" in table and "independent samples" in table


def test_terminal_table_says_why_a_change_is_not_tested(comparison):
    table = comparison_table(variant(comparison))
    line = next(x for x in table.splitlines() if x.startswith("Vision and values"))
    board = table.splitlines()[table.splitlines().index(line) + 1]
    assert "<11" in board and "not tested" in board
    assert "Not tested (Board): Vision and values: fewer than 11 responses" in table
    assert "Warning: Staff response rates differ: 29% in" in table


# --------------------------------------------------------------------------- command line


def test_cli_compare_writes_html_and_json_and_prints_the_table(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["compare", str(PRE), str(POST), "-o", str(out), "--format", "html,json"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["compare.html", "comparison.json"]
    assert "Support and compassion" in result.stdout and "▲ better" in result.stdout
    assert f"Wrote {out / 'compare.html'}" in result.stdout
    data = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert data["trust"]["code"] == "RXN"
    assert {r["element"] for r in data["summary"]["improved"]} == {
        "support_compassion",
        "learning_innovation",
    }
    page = BeautifulSoup((out / "compare.html").read_text(encoding="utf-8"), "html.parser")
    assert len(page.find_all("h1")) == 1 and page.find(id="improved") is not None


@pytest.mark.parametrize("copy", [False, True], ids=["same path", "identical copy"])
def test_cli_compare_refuses_one_workbook_twice(tmp_path, copy):
    second = PRE
    if copy:
        second = tmp_path / "copy.xlsx"
        shutil.copyfile(PRE, second)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["compare", str(PRE), str(second), "-o", str(out)])
    assert result.exit_code == 6
    assert result.stderr.startswith("Error:")
    assert "Wrote" not in result.stdout
    assert not out.exists() or not any(out.iterdir())

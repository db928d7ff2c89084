"""The HTML culture report: structure, accessibility basics, safety and determinism."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from helpers.workbooks import (
    BOARD_ITEMS,
    STAFF_HEADER,
    STAFF_ITEMS,
    TRUST_ROWS,
    framework_data,
    make_workbook,
    staff_row,
)

import culturekit

EVIL = "<script>alert(1)</script><img src=x onerror=alert(1)></style>"
REMOTE = re.compile(r"^\s*(https?:)?//", re.I)
URL_ATTRIBUTES = ("src", "href", "xlink:href", "srcset", "poster", "data", "action", "background")


@pytest.fixture(scope="module")
def northwick_html(northwick_diagnosis) -> str:
    return culturekit.render_html(northwick_diagnosis)


@pytest.fixture(scope="module")
def soup(northwick_html: str) -> BeautifulSoup:
    return BeautifulSoup(northwick_html, "html.parser")


# --------------------------------------------------------------------------- structure


def test_language_and_title(soup: BeautifulSoup, northwick_diagnosis) -> None:
    assert soup.html is not None
    assert soup.html.get("lang", "").lower().startswith("en")
    assert soup.title is not None and northwick_diagnosis.trust.name in soup.title.get_text()
    assert soup.find("meta", attrs={"charset": True}) is not None


def test_exactly_one_h1(soup: BeautifulSoup) -> None:
    assert len(soup.find_all("h1")) == 1


def test_heading_levels_never_skip(soup: BeautifulSoup) -> None:
    levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, (before, after)
    assert {2, 3, 4} <= set(levels)


def test_every_table_has_headers_with_scope_and_a_caption(soup: BeautifulSoup) -> None:
    tables = soup.find_all("table")
    assert len(tables) > 20
    for table in tables:
        headers = table.find_all("th")
        caption = table.find("caption")
        assert headers, table.get_text()[:80]
        for th in headers:
            assert th.get("scope") in {"col", "row", "colgroup", "rowgroup"}, str(th)[:120]
        assert caption is not None and caption.get_text(strip=True)


def test_every_figure_has_a_caption(soup: BeautifulSoup) -> None:
    figures = soup.find_all("figure")
    assert figures
    for figure in figures:
        caption = figure.find("figcaption")
        assert caption is not None and caption.get_text(strip=True)


def test_charts_are_labelled_images(soup: BeautifulSoup) -> None:
    for svg in soup.find_all("svg"):
        if svg.find_parent("svg") is not None:
            continue
        assert svg.get("role") == "img" or svg.get("aria-hidden") == "true"
        if svg.get("role") == "img":
            assert svg.get("aria-label")


def test_every_element_and_the_trust_are_named(soup: BeautifulSoup, northwick_diagnosis) -> None:
    text = soup.get_text(" ")
    headings = " ".join(h.get_text(" ") for h in soup.find_all(["h2", "h3"]))
    for element in framework_data()["elements"]:
        assert element["name"] in headings, element["name"]
    assert northwick_diagnosis.trust.name in text
    assert northwick_diagnosis.trust.period in text


def test_sections_present(soup: BeautifulSoup) -> None:
    for section in ("summary", "elements", "gaps", "breakdowns", "quality", "methods"):
        assert soup.find(id=section) is not None, section


def test_summary_scores_are_the_diagnosis_scores(soup: BeautifulSoup, northwick_diagnosis):
    """The at-a-glance table shows each element's score to two decimal places."""
    table = next(t for t in soup.find_all("table") if "at a glance" in t.caption.get_text().lower())
    headers = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    for row in table.tbody.find_all("tr"):
        name = row.th.get_text(strip=True)
        element = next(e for e in northwick_diagnosis.elements if e.name == name)
        cells = dict(zip(headers[1:], [td.get_text(strip=True) for td in row.find_all("td")],
                         strict=False))  # fmt: skip
        for source, label in (("staff", "Staff"), ("board", "Board")):
            assert cells[label] == f"{element.sources[source].score:.2f}"


def test_hidden_groups_say_why_and_show_no_number(soup: BeautifulSoup, northwick_diagnosis):
    hidden = [(b, g) for b in northwick_diagnosis.breakdowns for g in b.groups if g.suppressed]
    assert hidden
    cells = soup.select("#breakdowns td.hidden-cell")
    assert cells
    for cell in cells:
        text = cell.get_text(" ", strip=True)
        assert "fewer than 11" in text or "subtraction" in text, text
        assert text.strip() not in {"0", "0.0", "–"}


# --------------------------------------------------------------------------- safety


def test_no_scripts_or_event_handlers(soup: BeautifulSoup) -> None:
    assert soup.find("script") is None
    for tag in soup.find_all(True):
        for attribute in tag.attrs:
            assert not attribute.lower().startswith("on"), (tag.name, attribute)
    for name in ("iframe", "object", "embed", "link", "base", "form"):
        assert soup.find(name) is None, name


def test_content_security_policy(soup: BeautifulSoup) -> None:
    meta = soup.find("meta", attrs={"http-equiv": re.compile("content-security-policy", re.I)})
    assert meta is not None
    policy = meta["content"]
    assert "default-src 'none'" in policy
    assert "script-src" not in policy or "script-src 'none'" in policy
    assert "http" not in policy


def test_no_remote_urls(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(True):
        for attribute in URL_ATTRIBUTES:
            value = tag.get(attribute)
            if value is None:
                continue
            assert not REMOTE.match(value), (tag.name, attribute, value)
            if tag.name == "img":
                assert value.startswith("data:"), value
    for style in soup.find_all("style"):
        css = style.get_text()
        assert "@import" not in css
        assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", css, re.I)
    for tag in soup.find_all(style=True):
        assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", tag["style"], re.I)


def test_report_is_not_huge(northwick_html: str) -> None:
    assert len(northwick_html.encode("utf-8")) < 3_000_000


def _evil_workbook(tmp_path: Path, name: str = "evil.xlsx") -> Path:
    trust = [row[:] for row in TRUST_ROWS]
    trust[1][1] = f"Trust {EVIL}"
    trust[3][1] = f"2025 {EVIL}"
    header = ["respondent_id", f"Team {EVIL}", *STAFF_HEADER, "comment"]
    rows: list[list[Any]] = [header]
    for i in range(30):
        group = EVIL if i % 2 else "Ordinary group"
        rows.append([f"R{i}", group, *staff_row(group, 1 + (i * 3) % 5), f"said {EVIL} {i}"])
    return make_workbook(tmp_path, {"Trust": trust, "Staff": rows}, name=name)


def test_text_from_the_input_is_escaped(tmp_path: Path) -> None:
    # The team column is no grouping the input format names: it is declared.
    diagnosis = culturekit.diagnose(
        _evil_workbook(tmp_path), include_comments=True, group_by=[f"Team {EVIL}"]
    )
    html = culturekit.render_html(diagnosis)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert soup.find("img") is None
    styles = soup.find_all("style")
    assert len([s for s in styles if s.find_parent("svg") is None]) == 1
    assert all("alert" not in s.get_text() for s in styles)
    for tag in soup.find_all(True):
        assert not any(a.lower().startswith("on") for a in tag.attrs), tag.name
    text = soup.get_text(" ")
    assert f"Trust {EVIL}" in text  # trust name, as text
    assert f"2025 {EVIL}" in text  # period
    assert f"said {EVIL} 1" in text  # a comment
    group_rows = [th.get_text() for th in soup.select("#breakdowns th[scope=row]")]
    assert EVIL in group_rows  # a group label
    captions = " ".join(c.get_text() for c in soup.select("#breakdowns caption"))
    assert EVIL in captions  # a grouping column's header
    assert "<script>" not in html and "<img" not in html


def test_comments_only_when_asked_for(tmp_path: Path) -> None:
    path = _evil_workbook(tmp_path)
    without = culturekit.diagnose(path)
    html = culturekit.render_html(without)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(id="comments") is None
    assert "said " not in soup.get_text()
    assert "said " not in without.to_json()
    with_comments = culturekit.diagnose(path, include_comments=True)
    soup = BeautifulSoup(culturekit.render_html(with_comments), "html.parser")
    section = soup.find(id="comments")
    assert section is not None
    items = [li.get_text() for li in section.find_all("li")]
    assert len(items) == 30


def test_comments_of_a_small_source_stay_hidden(tmp_path: Path) -> None:
    staff = [[*STAFF_HEADER, "comment"]] + [
        [*staff_row("A", 1 + i % 5), f"staff note {i}"] for i in range(12)
    ]
    board = [["member_id", *BOARD_ITEMS, "key_messages"]] + [
        [f"B{i}", *[4] * len(BOARD_ITEMS), f"board note {i}"] for i in range(5)
    ]
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": staff, "Board": board})
    diagnosis = culturekit.diagnose(path, include_comments=True)
    text = BeautifulSoup(culturekit.render_html(diagnosis), "html.parser").get_text(" ")
    assert "staff note 3" in text
    assert "board note" not in text
    assert "board note" not in diagnosis.to_json()


# --------------------------------------------------------------------------- determinism


def test_same_input_gives_identical_json_and_html(
    monkeypatch: pytest.MonkeyPatch, northwick_pre_path: Path, northwick_diagnosis
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 November 2023, 22:13:20 UTC
    again = culturekit.diagnose(northwick_pre_path)
    assert again is not northwick_diagnosis
    assert again.to_json() == northwick_diagnosis.to_json()
    assert again.to_json().encode("utf-8") == northwick_diagnosis.to_json().encode("utf-8")
    first = culturekit.render_html(northwick_diagnosis)
    second = culturekit.render_html(again)
    assert first == second
    assert "14 November 2023" in first
    json.loads(again.to_json())  # valid JSON
    assert "NaN" not in again.to_json() and "Infinity" not in again.to_json()


def test_generation_date_follows_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch, northwick_diagnosis
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert "1 January 1970" in culturekit.render_html(northwick_diagnosis)


# --------------------------------------------------------------------------- edge cases


def test_report_renders_when_every_figure_is_suppressed(tmp_path: Path) -> None:
    rows = [STAFF_HEADER] + [staff_row("A", 1 + i % 5) for i in range(6)]
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows})
    diagnosis = culturekit.diagnose(path)
    assert all(e.sources["staff"].suppressed for e in diagnosis.elements)
    soup = BeautifulSoup(culturekit.render_html(diagnosis), "html.parser")
    assert "fewer than 11" in soup.get_text()


def test_report_renders_a_group_that_skipped_an_element(tmp_path: Path) -> None:
    teamwork = {code: None for code in STAFF_ITEMS if code.startswith("TW")}
    rows = [STAFF_HEADER]
    rows += [staff_row("Skipped teamwork", 3 + i % 2, **teamwork) for i in range(12)]
    rows += [staff_row("Answered all", 1 + i % 5) for i in range(20)]
    path = make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": rows})
    soup = BeautifulSoup(culturekit.render_html(culturekit.diagnose(path)), "html.parser")
    row = next(tr for tr in soup.select("#breakdowns tr") if tr.th.get_text() == "Skipped teamwork")
    assert "nan" not in row.get_text().lower()

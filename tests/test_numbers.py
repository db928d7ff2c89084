"""One number everywhere: one rounding rule for every format, and changes that add up.

The rule is checked against hand-worked cases and against an independent rounding (whole
numbers of the last place, worked out from the value's decimal digits). Every pre, post and
change the comparison prints is read back from the HTML, the terminal and the workbook,
and each change must be exactly its post minus its pre as printed.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import culturekit
from culturekit.report.compare_html import render_compare_html
from culturekit.report.excel.comparison import render as render_compare_xlsx
from culturekit.report.presentation.numbers import (
    PLACES,
    change_between,
    excel_format,
    percent,
    score,
    signed,
)
from culturekit.report.terminal import comparison_table

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
METHODS = Path(__file__).resolve().parent.parent / "docs" / "methods.md"
NUMBER = re.compile(r"[+\u2212-]?\d+(?:\.\d+)?")


def read(text: str) -> Decimal:
    """A printed figure as a number: a true minus sign, a plus, a %, 'pts' or a mark."""
    match = NUMBER.search(text.replace(",", ""))
    assert match, text
    return Decimal(match.group().replace("\u2212", "-"))


def decimals(text: str) -> int:
    match = NUMBER.search(text.replace(",", ""))
    assert match, text
    return len(match.group().split(".")[1]) if "." in match.group() else 0


def half_away(value: float, places: int) -> Decimal:
    """Independent rounding: exact rational arithmetic on the shortest decimal of the
    float (what a spreadsheet displays), half away from zero."""
    exact = Fraction(repr(value))
    scaled = abs(exact) * 10**places
    whole = int(scaled)
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    sign = -1 if exact < 0 and whole else 1
    return Decimal(sign * whole).scaleb(-places)


# --------------------------------------------------------------------------- the rule


def test_halves_round_away_from_zero_on_the_decimal_digits() -> None:
    # Worked by hand: 2.675 is 2.67499... in binary, but reads and rounds as 2.675.
    assert score(2.675) == "2.68"
    assert score(0.125) == "0.13"
    assert score(6.255) == "6.26"
    assert signed(-0.125) == "\u22120.13"
    assert percent(64.5) == "65%"
    assert percent(10.85, "staff_share") == "10.9%"


def test_a_figure_that_rounds_to_zero_has_no_sign() -> None:
    assert score(-0.004) == "0.00"
    assert signed(-0.004) == "0.00"
    assert signed(0.004) == "0.00"
    assert change_between(6.004, 6.0) == "0.00"


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-1000, max_value=1000, allow_nan=False), st.sampled_from(list(PLACES)))
def test_every_kind_rounds_as_the_independent_rule(value: float, kind: str) -> None:
    assert Decimal(score(value, kind)) == half_away(value, PLACES[kind])  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(
    st.floats(min_value=0, max_value=10, allow_nan=False),
    st.floats(min_value=0, max_value=10, allow_nan=False),
)
def test_a_shown_change_is_the_shown_post_minus_the_shown_pre(pre: float, post: float) -> None:
    assert read(change_between(pre, post)) == read(score(post)) - read(score(pre))


def test_the_workbook_formats_have_the_reports_places() -> None:
    for kind, places in PLACES.items():
        fmt = excel_format(kind)  # type: ignore[arg-type]
        digits = fmt.rstrip("%").split(".")
        assert (len(digits[1]) if len(digits) == 2 else 0) == places, (kind, fmt)
        assert decimals(score(1.23456, kind)) == places  # type: ignore[arg-type]
    assert excel_format("answer_share") == "0%"
    assert excel_format("staff_share") == "0.0%"
    assert excel_format("score") == "0.00"


def test_the_methods_state_every_kinds_places() -> None:
    text = METHODS.read_text(encoding="utf-8")
    section = text.split("## Rounding", 1)[1].split("\n## ", 1)[0]
    for kind, places in PLACES.items():
        row = next((line for line in section.splitlines() if f"`{kind}`" in line), None)
        assert row is not None, kind
        assert f"| {places} |" in row, (kind, row)


# ------------------------------------------------------------------ the comparison


@pytest.fixture(scope="module")
def comparison() -> culturekit.Comparison:
    pre, post = EXAMPLES / "northwick-pre.xlsx", EXAMPLES / "northwick-post.xlsx"
    if not (pre.exists() and post.exists()):
        pytest.fail("the Northwick examples are missing: run python examples/generate.py")
    return culturekit.compare(pre, post)


@pytest.fixture(scope="module")
def soup(comparison: culturekit.Comparison) -> BeautifulSoup:
    return BeautifulSoup(render_compare_html(comparison), "html.parser")


def _cells(row: Any) -> list[str]:
    return [c.get_text(" ", strip=True) for c in row.find_all(["td"])]


def _adds_up(pre: str, post: str, change: str, where: str) -> None:
    assert read(post) - read(pre) == read(change), (where, pre, post, change)


def test_element_tables_add_up(soup: BeautifulSoup, comparison: culturekit.Comparison) -> None:
    checked = 0
    for table in soup.select("#elements table.changes"):
        for row in table.tbody.find_all("tr"):
            cells = row.find_all("td")
            if len(cells) < 9:
                continue  # not tested: no change shown
            pre, post = cells[0].get_text(strip=True), cells[1].get_text(strip=True)
            change = cells[2].strong.get_text(strip=True)
            _adds_up(pre, post, change, row.th.get_text())
            assert decimals(pre) == decimals(post) == decimals(change) == PLACES["score"]
            shares = cells[6].get_text(" ", strip=True)
            if "→" in shares:
                before, rest = shares.split("→")
                after, moved = rest.split("%")[0], rest.split("%", 1)[1]
                _adds_up(before, after, moved, f"% positive, {row.th.get_text()}")
            checked += 1
    assert checked == sum(1 for e in comparison.elements for s in e.sources.values() if s.change)


def test_summary_cards_add_up(soup: BeautifulSoup) -> None:
    cards = soup.select("#improved li, #worsened li")
    assert cards
    for li in cards:
        for part in li.get_text(" ", strip=True).split(";"):
            found = re.search(r"([\d.]+) → ([\d.]+) \(([^,]+),", part)
            assert found, part
            _adds_up(*found.groups(), part)


def test_item_tables_add_up(soup: BeautifulSoup) -> None:
    checked = 0
    for table in soup.select("#items table.items"):
        for row in table.tbody.find_all("tr"):
            cells = row.find_all("td")
            heat = row.find("td", class_="heat")
            if heat is None:
                continue
            _adds_up(cells[1].get_text(), cells[2].get_text(), heat.get_text(), row.th.get_text())
            checked += 1
    assert checked > 50
    for line in soup.select("#items p"):
        if line.get_text().startswith("Largest changes"):
            assert all(decimals(s.next_sibling) == 2 for s in line.find_all("strong"))


def test_group_tables_overall_row_is_the_elements_change(
    soup: BeautifulSoup, comparison: culturekit.Comparison
) -> None:
    shown = {}
    for table in soup.select("#elements table.changes"):
        source = table.caption.get_text().split(":")[0]
        for row in table.tbody.find_all("tr"):
            strong = row.find("strong")
            if strong is not None:
                shown[(source, row.th.get_text(strip=True))] = strong.get_text(strip=True)
    compared = 0
    for table in soup.select("#groups table.changes"):
        source = table.caption.get_text().split(" by ")[0]
        names = [th.get_text(strip=True) for th in table.thead.find_all("th")][2:]
        overall = table.tbody.find("tr", class_="group-head")
        values = [td.get_text(strip=True) for td in overall.find_all("td")][1:]
        for name, value in zip(names, values, strict=True):
            if (source, name) in shown:
                assert read(value) == read(shown[(source, name)]), (source, name)
                compared += 1
    assert compared


def test_group_changes_are_one_number_in_the_report_and_the_workbook(
    soup: BeautifulSoup, comparison: culturekit.Comparison
) -> None:
    book = load_workbook(io.BytesIO(render_compare_xlsx(comparison)))
    sheet = book["Group changes"]
    heads = [c.value for c in sheet[1]]
    names = {e.id: e.name for e in comparison.elements}
    workbook = {}
    for row in sheet.iter_rows(min_row=2):
        values = dict(zip(heads, row, strict=True))
        pre, post, change = values["Pre"], values["Post"], values["Change"]
        if not isinstance(change.value, int | float):
            continue
        places = len(change.number_format.split(".")[1])
        shown = [half_away(c.value, places) for c in (pre, post, change)]
        assert shown[1] - shown[0] == shown[2], values["Group"].value
        by = str(values["By"].value).lower()
        key = (values["Source"].value, by, values["Group"].value, names[values["Element id"].value])
        workbook[key] = shown[2]
    compared = 0
    for table in soup.select("#groups table.changes"):
        source, by = table.caption.get_text().split(":")[0].split(" by ", 1)
        columns = [th.get_text(strip=True) for th in table.thead.find_all("th")][2:]
        for row in table.tbody.find_all("tr"):
            if "group-head" in (row.get("class") or []):
                continue
            cells = row.find_all("td")[1:]  # after the respondents
            if len(cells) != len(columns):
                continue  # hidden whole, or not tested
            for name, cell in zip(columns, cells, strict=True):
                key = (source, by.lower(), row.th.get_text(strip=True), name)
                if key in workbook and "heat" in (cell.get("class") or []):
                    assert read(cell.get_text()) == workbook[key], key
                    compared += 1
    assert compared > 20


@settings(max_examples=300, deadline=None)
@given(
    st.floats(min_value=0, max_value=10, allow_nan=False),
    st.floats(min_value=-0.02, max_value=0.02, allow_nan=False),
)
def test_two_scores_that_read_the_same_are_never_better_or_worse(pre: float, move: float) -> None:
    from culturekit.comparison.verdicts import change_verdict
    from culturekit.framework import default_framework

    post = min(10.0, max(0.0, pre + move))
    verdict = change_verdict(post - pre, 0.0, 0.1, default_framework().rules, pre=pre, post=post)
    if score(pre) == score(post):
        assert verdict not in ("better", "worse")
    else:
        assert verdict == ("better" if post > pre else "worse")


def test_response_table_adds_up(soup: BeautifulSoup) -> None:
    table = next(t for t in soup.find_all("table") if "Who took part" in t.caption.get_text())
    staff = next(r for r in table.tbody.find_all("tr") if r.th.get_text() == "Staff")
    cells = _cells(staff)
    _adds_up(cells[3].split(" of ")[0], cells[4].split(" of ")[0], cells[5], "response rate")


def test_existing_data_and_workforce_tables_add_up(soup: BeautifulSoup) -> None:
    checked = 0
    for section in ("#dashboard", "#workforce"):
        for table in soup.select(f"{section} table"):
            heads = [th.get_text(strip=True) for th in table.thead.find_all("th")]
            at = heads.index("Change")
            for row in table.tbody.find_all("tr"):
                cells = row.find_all(["th", "td"])
                if len(cells) <= at or "hidden-cell" in " ".join(
                    " ".join(c.get("class", [])) for c in cells[at - 2 : at + 1]
                ):
                    continue
                pre, post, change = (c.get_text(strip=True) for c in cells[at - 2 : at + 1])
                if change == "–":
                    continue
                _adds_up(pre, post, change, row.th.get_text(strip=True))
                checked += 1
    assert checked > 10


def test_terminal_table_adds_up(comparison: culturekit.Comparison) -> None:
    rows = 0
    for line in comparison_table(comparison).splitlines():
        found = re.search(r"\s(\d+\.\d+)\s+(\d+\.\d+)\s+(\S+)\s+\S+ to \S+", line)
        if found:
            _adds_up(*found.groups(), line)
            rows += 1
    assert rows == sum(1 for e in comparison.elements for s in e.sources.values() if s.change)


def test_the_workbook_shows_the_reports_figures(
    soup: BeautifulSoup, comparison: culturekit.Comparison
) -> None:
    book = load_workbook(io.BytesIO(render_compare_xlsx(comparison)))
    sheet = book["Element changes"]
    heads = [c.value for c in sheet[1]]
    pre, post, change, element, source_at = (
        heads.index(h) for h in ("Pre", "Post", "Change", "Element", "Source")
    )
    html = {}
    for table in soup.select("#elements table.changes"):
        source = table.caption.get_text().split(":")[0]
        for row in table.tbody.find_all("tr"):
            cells = row.find_all("td")
            if len(cells) >= 9:
                texts = [cells[0].get_text(strip=True), cells[1].get_text(strip=True)]
                texts.append(cells[2].strong.get_text(strip=True))
                html[(row.th.get_text(strip=True), source)] = [read(t) for t in texts]
    compared = 0
    for row in sheet.iter_rows(min_row=2):
        key = (row[element].value, row[source_at].value)
        if key not in html:
            continue
        shown = []
        for index in (pre, post, change):
            cell = row[index]
            places = len(cell.number_format.split(".")[1]) if "." in cell.number_format else 0
            shown.append(half_away(cell.value, places))
        assert shown == html[key], key
        compared += 1
    assert compared == len(html)


# ------------------------------------------------------- one count and one turnover


@pytest.fixture(scope="module")
def report(northwick_diagnosis: culturekit.Diagnosis) -> BeautifulSoup:
    from culturekit.report.html import render_html

    return BeautifulSoup(render_html(northwick_diagnosis), "html.parser")


def _headcount_rows(page: BeautifulSoup) -> dict[str, list[str]]:
    table = next(t for t in page.find_all("table") if "headcount" in t.caption.get_text())
    return {r.th.get_text(" ", strip=True): _cells(r) for r in table.tbody.find_all("tr")}


def _participation(report: BeautifulSoup) -> str:
    return report.find(id="summary").find("p", class_="participation").get_text(" ", strip=True)


def test_one_staff_count_on_every_page(report: BeautifulSoup) -> None:
    summary = _participation(report)
    headcount = re.search(r"of ([\d,]+) staff", summary)
    assert headcount
    rows = _headcount_rows(report)
    assert rows["All staff"][0] == headcount.group(1)  # 7,420, not 7,427
    leaders = report.find(id="workforce").find("p", class_="lead").get_text(" ", strip=True)
    assert f"of the trust's {headcount.group(1)} staff" in leaders
    # The board, with its non-executive members apart, who are in no staff figure.
    board = next(v for k, v in rows.items() if k.startswith("Board members"))
    non_executive = next(v for k, v in rows.items() if "non-executive" in k)
    assert int(non_executive[0]) < int(board[0])


def test_board_interviews_and_board_members_cannot_contradict(report: BeautifulSoup) -> None:
    summary = _participation(report)
    interviewed = re.search(r"(\d+) board members and senior leaders were interviewed", summary)
    assert interviewed, summary
    board = next(v for k, v in _headcount_rows(report).items() if k.startswith("Board members"))
    # 16 interviews of board members and senior leaders beside a board of 14.
    assert int(interviewed.group(1)) > int(board[0])


def test_one_turnover_on_every_page(report: BeautifulSoup) -> None:
    existing = next(
        r for r in report.select("#dashboard tbody tr") if "turnover" in r.th.get_text().lower()
    )
    given = _cells(existing)[0]
    rows = _headcount_rows(report)
    worked = next(v for k, v in rows.items() if k.startswith("Staff who left"))
    assert worked[2] == given  # 10.2% on both pages
    leavers, average = (int(x.replace(",", "")) for x in worked[:2])
    assert f"{100 * leavers / average:.1f}%" == given


def test_one_turnover_in_the_comparison(soup: BeautifulSoup) -> None:
    existing = next(
        r for r in soup.select("#dashboard tbody tr") if "turnover" in r.th.get_text().lower()
    )
    worked = next(
        r for r in soup.select("#workforce tbody tr") if "turnover" in r.th.get_text().lower()
    )
    assert _cells(existing)[1:4] == _cells(worked)[:3]


def test_the_workforce_audit_still_passes_with_the_board_apart(
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    # The non-executive directors' number is printed and public; nothing it gives away
    # with the board's public rows may pin a hidden count.
    audits = northwick_diagnosis.data_quality.disclosure
    assert [a.passed for a in audits if a.source == "workforce"] == [True]

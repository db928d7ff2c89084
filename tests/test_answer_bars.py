"""Answer bars: most favourable answer first for every item, shares that add up, one term.

The shares are checked against exact fractions of the counts and a hand-worked item; the
reports are read back to check that each bar adds up to 100% and its favourable segments
to the % positive printed beside it, in the HTML and the workbook alike.
"""

from __future__ import annotations

import io
import math
import re
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace as NS

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import culturekit
from culturekit.report.compare_html import render_compare_html
from culturekit.report.excel.comparison import render as render_compare_xlsx
from culturekit.report.excel.diagnosis import render as render_diagnosis_xlsx
from culturekit.report.html import render_html
from culturekit.report.presentation.bars import answer_shares, stacked_bar

LABELS = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
FAVOURABLE_BLUE = "#005EB8"


def item(counts: list[int], reverse: bool = False, sides: tuple[str, ...] | None = None) -> NS:
    """An item as the result holds it: answers in the scale's order, sides after reversal."""
    sides = sides or ("negative", "negative", "neutral", "positive", "positive")
    if reverse:
        sides = sides[::-1]
    answered = sum(counts)
    labels = LABELS if len(counts) == 5 else LABELS[:2] + LABELS[3:]
    return NS(
        reverse=reverse,
        distribution=[
            NS(code=i + 1, label=label, count=n, percent=100 * n / answered, side=side)
            for i, (label, n, side) in enumerate(zip(labels, counts, sides, strict=True))
        ],
    )


def test_a_hand_worked_item() -> None:
    # VV1 of the Northwick 2025 staff: 31, 179, 540, 816 and 545 of 2,111.
    # Favourable 64.47% -> 64: Agree 38.65, Strongly agree 25.82 round down to 38 + 25,
    # and the larger remainder (.82) takes the last point: 38 + 26. Unfavourable 9.95% ->
    # 10: 1.47 and 8.48 round down to 1 + 8, Disagree (.48) takes the point. Neutral: the
    # rest, 26 (25.58).
    shares = answer_shares(item([31, 179, 540, 816, 545]))
    assert [a.label for a in shares.answers] == list(LABELS[::-1])
    assert [a.percent for a in shares.answers] == [26, 38, 26, 9, 1]
    assert (shares.positive, shares.negative) == (64, 10)


def test_a_negatively_worded_item_starts_with_disagreeing() -> None:
    shares = answer_shares(item([361, 703, 702, 304, 41], reverse=True))
    assert shares.answers[0].label == "Strongly disagree"
    assert [a.side for a in shares.answers] == [
        "positive",
        "positive",
        "neutral",
        "negative",
        "negative",
    ]
    bar = stacked_bar(item([361, 703, 702, 304, 41], reverse=True))
    assert bar.label.startswith("Strongly disagree")
    assert bar.segments[0].colour == FAVOURABLE_BLUE


def _half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


counts5 = st.lists(st.integers(min_value=0, max_value=400), min_size=5, max_size=5).filter(
    lambda c: sum(c) > 0
)
counts4 = st.lists(st.integers(min_value=0, max_value=400), min_size=4, max_size=4).filter(
    lambda c: sum(c) > 0
)


def _check(counts: list[int], it: NS) -> None:
    shares = answer_shares(it)
    answered = sum(counts)
    by_code = {a.code: a for a in it.distribution}
    exact = {a.code: Fraction(100 * by_code[a.code].count, answered) for a in shares.answers}
    shown = {a.code: a.percent for a in shares.answers}
    assert sum(shown.values()) == 100
    positive = [a.code for a in shares.answers if a.side == "positive"]
    negative = [a.code for a in shares.answers if a.side == "negative"]
    assert sum(shown[c] for c in positive) == shares.positive
    assert sum(shown[c] for c in negative) == shares.negative
    for code, value in shown.items():
        assert abs(Fraction(value) - exact[code]) < 1, (code, value, exact[code])
        if by_code[code].count == 0:
            assert value == 0
    # The favourable answers come first, then neither, then the unfavourable.
    order = [a.side for a in shares.answers]
    assert order == sorted(order, key=("positive", "neutral", "negative").index)
    # % positive is the plain rounding of its exact share unless that would move the
    # middle answers' share by a whole point or more.
    middle = sum((v for c, v in exact.items() if c not in positive + negative), Fraction(0))
    plain_positive = _half_up(sum((exact[c] for c in positive), Fraction(0)))
    plain_negative = _half_up(sum((exact[c] for c in negative), Fraction(0)))
    rest = 100 - plain_positive - plain_negative
    if math.floor(middle) <= rest <= math.ceil(middle):
        assert (shares.positive, shares.negative) == (plain_positive, plain_negative)


@settings(max_examples=150, deadline=None)
@given(counts5, st.booleans())
def test_five_point_shares_add_up_whatever_the_counts(counts: list[int], reverse: bool) -> None:
    _check(counts, item(counts, reverse))


@settings(max_examples=100, deadline=None)
@given(counts4, st.booleans())
def test_a_scale_without_a_middle_answer_adds_up(counts: list[int], reverse: bool) -> None:
    _check(counts, item(counts, reverse, ("negative", "negative", "positive", "positive")))


def test_two_halves_without_a_middle_are_rounded_together() -> None:
    # 99 of 200 unfavourable (49.5%) and 101 favourable (50.5%) would round to 50 + 51:
    # the two are rounded together instead, the larger remainder first.
    sides = ("negative", "negative", "positive", "positive")
    shares = answer_shares(item([99, 0, 101, 0], sides=sides))
    assert (shares.positive, shares.negative) == (51, 49)


# ------------------------------------------------------------------------ the reports


@pytest.fixture(scope="module")
def report(northwick_diagnosis: culturekit.Diagnosis) -> BeautifulSoup:
    return BeautifulSoup(render_html(northwick_diagnosis), "html.parser")


def _bar_shares(bar) -> list[tuple[str, int]]:
    return [
        (label, int(value))
        for label, value in re.findall(r"([A-Za-z ]+?) (\d+)%", bar["aria-label"])
    ]


def _item_rows(report: BeautifulSoup):
    for row in report.select("table.items tbody tr"):
        bar = row.find("span", class_="bar")
        if bar is not None:
            yield row, bar


def test_every_bar_adds_up_to_the_percent_positive_beside_it(report: BeautifulSoup) -> None:
    rows = list(_item_rows(report))
    assert len(rows) > 40
    reversed_rows = 0
    for row, bar in rows:
        code = row.th.get_text(strip=True)
        shares = _bar_shares(bar)
        assert sum(v for _, v in shares) == 100, code
        favourable = (
            ("Strongly disagree", "Disagree") if "(R)" in code else ("Strongly agree", "Agree")
        )
        assert [label.strip() for label, _ in shares[:2]] == list(favourable), code
        positive = row.find_all("td", class_="num")[1].get_text(strip=True)
        assert sum(v for _, v in shares[:2]) == int(positive.rstrip("%")), code
        widths = [float(s["style"].split("width:")[1].split("%")[0]) for s in bar.find_all("span")]
        assert sum(widths) == 100, code
        first = bar.find("span")
        if shares[0][1] > 0:
            assert FAVOURABLE_BLUE in first["style"], code
        reversed_rows += "(R)" in code
    assert reversed_rows >= 3  # VV4, LI4 and others


def test_the_key_runs_as_the_bars_do(report: BeautifulSoup) -> None:
    key = report.find(class_="likert-key")
    labels = [k.get_text(strip=True) for k in key.find_all(class_="key")]
    assert labels == list(LABELS[::-1])
    assert FAVOURABLE_BLUE in key.find(class_="swatch")["style"]


def test_the_workbook_shows_the_bars_shares(
    report: BeautifulSoup, northwick_diagnosis: culturekit.Diagnosis
) -> None:
    book = load_workbook(io.BytesIO(render_diagnosis_xlsx(northwick_diagnosis)))
    sheet = book["Items"]
    heads = [c.value for c in sheet[1]]
    html = {}
    for row, bar in _item_rows(report):
        positive = row.find_all("td", class_="num")[1].get_text(strip=True)
        table = row.find_parent("table").caption.get_text()
        source = table.split(":")[0].split(", ")[-1]
        shares = {label.strip(): v for label, v in _bar_shares(bar)}
        html[(source, row.th.get_text(strip=True).replace(" (R)", ""))] = (positive, shares)
    checked = 0
    for row in sheet.iter_rows(min_row=2, values_only=True):
        values = dict(zip(heads, row, strict=True))
        key = (values["Source"].lower(), values["Item"])
        if key not in html or not isinstance(values["% positive"], int | float):
            continue
        positive, shares = html[key]
        assert Decimal(repr(values["% positive"])) * 100 == int(positive.rstrip("%")), key
        for label, value in shares.items():
            assert round(values[f"{label} (%)"] * 100, 9) == value, (key, label)
        checked += 1
    assert checked == len(html)


@pytest.fixture(scope="module")
def comparison(examples_dir) -> culturekit.Comparison:
    return culturekit.compare(
        examples_dir / "northwick-pre.xlsx", examples_dir / "northwick-post.xlsx"
    )


def test_one_term_for_the_share_of_favourable_answers(
    report: BeautifulSoup,
    northwick_diagnosis: culturekit.Diagnosis,
    comparison: culturekit.Comparison,
) -> None:
    compared = BeautifulSoup(render_compare_html(comparison), "html.parser")
    headers = [
        th.get_text(" ", strip=True)
        for page in (report, compared)
        for th in page.find_all("th", scope="col")
    ]
    for book in (render_diagnosis_xlsx(northwick_diagnosis), render_compare_xlsx(comparison)):
        sheets = load_workbook(io.BytesIO(book)).worksheets
        headers += [str(c.value) for ws in sheets for c in ws[1] if c.value]
    for header in headers:
        word = header.lower().replace("\xad", "")
        assert word not in ("positive", "negative", "favourable", "unfavourable"), header
        if "positive" in header.lower():
            assert "% positive" in header, header
    for page in (report, compared):
        text = page.get_text(" ")
        assert "% positive" in text
        # "Favourable" names an answer, never the share of them: no "64% favourable".
        assert not re.search(r"\b(Favourable|Positive)\b", text), "one term: % positive"
        assert not re.search(r"\d% (of \w+ answer )?favourabl", text), "one term: % positive"

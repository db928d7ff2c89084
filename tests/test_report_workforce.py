"""The Existing data and Leadership workforce sections of the HTML report.

Rendered from the Northwick baseline example and from a small synthetic workforce, and
read back with BeautifulSoup: what a reader sees, never a hidden count.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup, Tag

import culturekit
from culturekit.framework import default_framework
from culturekit.ingest.reader import Sheet
from culturekit.ingest.workforce import parse_workforce
from culturekit.names import normalise_name
from culturekit.report.charts import lines as charts_module
from culturekit.report.charts import workforce as wc
from culturekit.report.html import render_html
from culturekit.report.presentation.words import rating_mark, rating_word
from culturekit.results.workforce import Indicator, WorkforceResult
from culturekit.scoring.workforce import PIPELINE_BANDS, score_workforce

FW = default_framework()
T = FW.reporting_threshold  # 11


def text(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def render(diagnosis: culturekit.Diagnosis) -> BeautifulSoup:
    found = {"summary": None, "workforce": wc.workforce_charts(diagnosis.workforce)}
    html = render_html(diagnosis, extra={"charts": found})
    return BeautifulSoup(html, "html.parser")


@pytest.fixture(scope="module")
def northwick(northwick_diagnosis: culturekit.Diagnosis) -> BeautifulSoup:
    return render(northwick_diagnosis)


def section(soup: BeautifulSoup, section_id: str) -> Tag:
    found = soup.find("section", id=section_id)
    assert isinstance(found, Tag), f"no section #{section_id}"
    return found


def value_text(ind: Indicator) -> str:
    assert ind.value is not None
    if ind.unit == "ratio":
        return f"{ind.value:.2f}"
    if ind.unit == "percent":
        return f"{ind.value:.1f}%"
    return f"{ind.value:+.1f}".replace("-", "\u2212")


# --------------------------------------------------------------------------- Northwick


def test_sections_exist_with_their_headings(northwick: BeautifulSoup) -> None:
    dash = section(northwick, "dashboard")
    work = section(northwick, "workforce")
    assert text(dash.find("h2")) == "Existing data"
    assert text(work.find("h2")) == "Leadership workforce"
    assert dash.find("h2")["id"] and work.find("h2")["id"]
    assert "block" in dash["class"] and "block" in work["class"]


def test_dashboard_totals_and_every_indicator(
    northwick: BeautifulSoup, northwick_diagnosis: culturekit.Diagnosis
) -> None:
    dash_result = northwick_diagnosis.dashboard
    assert dash_result is not None
    dash = section(northwick, "dashboard")
    lead = text(dash.find("p", class_="lead"))
    assert f"{dash_result.better} are better than benchmark" in lead
    assert f"{dash_result.similar} similar" in lead
    assert f"{dash_result.worse} worse" in lead
    headings = [text(h) for h in dash.find_all("h3")]
    shown = [e for e in dash_result.elements if e.indicators]
    assert len(headings) == len(shown)
    for heading, element in zip(headings, shown, strict=True):
        assert heading.startswith(element.name)
    for element in shown:
        for ind in element.indicators:
            th = dash.find(lambda t, i=ind: t.name == "th" and text(t).startswith(i.indicator))
            assert th is not None, ind.indicator
            row = text(th.parent)
            assert f"{rating_mark(ind.rating)} {rating_word(ind.rating).capitalize()}" in row
            if ind.position is not None:
                share = round(ind.position * 100)
                assert f"{share}% of the way from worst to best" in row


def test_every_wres_and_wdes_number_has_its_reading(
    northwick: BeautifulSoup, northwick_diagnosis: culturekit.Diagnosis
) -> None:
    work = section(northwick, "workforce")
    result = northwick_diagnosis.workforce
    assert result is not None
    assert sorted(result.wres) == [1, 2, 3, 4, 9]
    assert sorted(result.wdes) == [1, 2, 3, 10]
    for standard, indicators in (("WRES", result.wres), ("WDES", result.wdes)):
        for number, ind in indicators.items():
            row = work.find("tr", id=f"{standard.lower()}-{number}")
            assert isinstance(row, Tag), f"{standard} {number}"
            row_text = text(row)
            assert text(row.find("th")).startswith(f"{standard} {number}")
            assert ind.reading in row_text
            if ind.value is None:
                assert ind.missing_reason is not None and ind.missing_reason in row_text
            else:
                assert value_text(ind) in row_text
            if ind.unit == "ratio" and ind.value is not None:
                word = "Outside fair range" if ind.concern else "Within fair range"
                symbol = "▼" if ind.concern else "●"
                assert f"{symbol} {word}" in row_text
            if ind.ci_low is not None and ind.ci_high is not None:
                assert f"{ind.ci_low:.2f} to {ind.ci_high:.2f}" in row_text
            # Each indicator's definition is given once, in the definitions table.
            assert ind.definition in text(work)


def test_undeclared_groups_are_shown_apart(
    northwick: BeautifulSoup, northwick_diagnosis: culturekit.Diagnosis
) -> None:
    work = section(northwick, "workforce")
    result = northwick_diagnosis.workforce
    assert result is not None
    # WRES 4: undeclared staff shown apart with their figures (enough of them).
    ind = result.wres[4]
    assert ind.undeclared is not None and ind.undeclared.denominator is not None
    row = text(work.find("tr", id="wres-4"))
    assert "Not stated (left out)" in row
    assert f"of {ind.undeclared.denominator:,}" in row
    # WRES 2: 5 undeclared applicants appointed, fewer than 11: shown apart, counts hidden.
    ind = result.wres[2]
    assert ind.undeclared is not None and ind.undeclared.suppressed
    row = text(work.find("tr", id="wres-2"))
    assert "Not stated (left out)" in row and "fewer than 11" in row


def test_headcount_turnover_and_succession(
    northwick: BeautifulSoup, northwick_diagnosis: culturekit.Diagnosis
) -> None:
    work = section(northwick, "workforce")
    result = northwick_diagnosis.workforce
    assert result is not None and result.headcount is not None
    lead = text(work.find("p", class_="lead"))
    assert f"{result.headcount.leadership.count:,} of the trust's" in lead
    for band in result.headcount.leadership_bands[:-1]:
        assert band in lead
    body = text(work)
    for share in (result.turnover, result.leadership_turnover, result.succession_risk):
        assert share.percent is not None
        assert f"{share.percent:.1f}%" in body


def test_no_suppressed_cell_shows_a_number(northwick: BeautifulSoup) -> None:
    for section_id in ("dashboard", "workforce"):
        cells = section(northwick, section_id).find_all("td", class_="hidden-cell")
        for cell in cells:
            words = re.sub(rf"\b{T}\b", "", text(cell))
            assert not re.search(r"\d", words), text(cell)
    assert section(northwick, "workforce").find_all("td", class_="hidden-cell")


def test_representation_tables_match_the_model(
    northwick: BeautifulSoup, northwick_diagnosis: culturekit.Diagnosis
) -> None:
    work = section(northwick, "workforce")
    result = northwick_diagnosis.workforce
    assert result is not None
    for table in result.representation:
        assert table.available
        html_table = work.find("table", id=f"wf-{table.characteristic}")
        assert isinstance(html_table, Tag)
        rows = html_table.find("tbody").find_all("tr")
        assert [text(r.find("th")) for r in rows[: len(table.rows)]] == [
            *PIPELINE_BANDS,
            "Board",
        ]
        for model_row, html_row in zip(table.rows, rows, strict=False):
            cells = html_row.find_all("td")
            if model_row.suppressed:
                assert len(cells) == 1 and "hidden-cell" in cells[0]["class"]
                continue
            assert text(cells[0]) == f"{model_row.total:,}"
            position = 1
            for cell in model_row.cells:
                if cell.suppressed:
                    assert "hidden-cell" in cells[position]["class"]
                    assert cell.reason is not None and cell.reason in text(cells[position])
                    position += 1
                else:
                    assert cell.percent is not None
                    assert text(cells[position]) == f"{cell.count:,}"
                    assert text(cells[position + 1]) == f"{cell.percent:.1f}%"
                    position += 2


def test_every_table_has_a_caption_and_scoped_headers(northwick: BeautifulSoup) -> None:
    for section_id in ("dashboard", "workforce"):
        tables = section(northwick, section_id).find_all("table")
        assert tables
        for table in tables:
            assert table.find("caption") is not None
            headers = table.find_all("th")
            assert headers
            assert all(th.get("scope") for th in headers), text(table.find("caption"))
            assert table.find("th", scope="row") is not None


def test_figures_have_captions_stating_the_finding(
    northwick: BeautifulSoup, northwick_diagnosis: culturekit.Diagnosis
) -> None:
    work = section(northwick, "workforce")
    figures = work.find_all("figure")
    assert len(figures) == 1
    for figure in figures:
        assert figure.find("svg") is not None
        caption = figure.find("figcaption")
        assert caption is not None
        words = text(caption)
        assert "tables below" in words
        assert "BME staff are 42.4% of Band 5 staff" in words
        leaders = northwick_diagnosis.workforce.representation[0].leadership  # type: ignore[union-attr]
        assert leaders is not None
        assert f"{leaders.cell('BME').percent:.1f}% of all leaders" in words
    for figure in section(northwick, "dashboard").find_all("figure"):
        assert figure.find("figcaption") is not None


def test_template_renders_without_workforce_charts(
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    html = render_html(northwick_diagnosis, extra={"charts": {"summary": None}})
    work = section(BeautifulSoup(html, "html.parser"), "workforce")
    assert work.find("figure") is None
    assert work.find("tr", id="wres-2") is not None


# --------------------------------------------------------------------------- synthetic


def workforce_data(people: list[dict[str, object]]) -> Any:
    keys: list[str] = []
    for person in people:
        keys += [k for k in person if k not in keys]
    frame = pd.DataFrame({normalise_name(k): [p.get(k) for p in people] for k in keys})
    frame = frame.astype(object).where(frame.notna(), None)
    sheet = Sheet(
        file="trust.xlsx",
        name="Workforce",
        frame=frame,
        rows=np.arange(2, len(frame) + 2),
        headers={normalise_name(k): k for k in keys},
    )
    problems: list[Any] = []
    data = parse_workforce(sheet, FW, problems, [])
    assert problems == [] and data is not None
    return data


def staff(n: int, **values: object) -> list[dict[str, object]]:
    return [dict(values) for _ in range(n)]


@pytest.fixture(scope="module")
def small_workforce() -> WorkforceResult:
    # Band 5: 60 White, 3 BME (hidden: fewer than 11) and 20 not stated (hidden with it).
    people = (
        staff(60, band="Band 5", ethnicity="White British", disability="No")
        + staff(3, band="Band 5", ethnicity="Pakistani", disability="No")
        + staff(20, band="Band 5", ethnicity=None, disability="No")
        + staff(40, band="Band 6", ethnicity="White British", disability="No")
        + staff(25, band="Band 6", ethnicity="Chinese", disability="Yes")
        # Band 7 holds the complements in the BME and Not stated columns, so that the All
        # staff row minus the shown bands gives no Band 5 cell back.
        + staff(50, band="Band 7", ethnicity="White British", disability="No")
        + staff(12, band="Band 7", ethnicity="Pakistani", disability="No")
        + staff(15, band="Band 7", ethnicity=None, disability="No")
    )
    return score_workforce(workforce_data(people), None, FW)


def test_small_group_says_fewer_than_threshold_never_its_count(
    small_workforce: WorkforceResult, northwick_diagnosis: culturekit.Diagnosis
) -> None:
    band5 = small_workforce.representation[0].rows[0]
    assert band5.group == "Band 5" and band5.cell("BME").suppressed
    diagnosis = northwick_diagnosis.model_copy(update={"workforce": small_workforce})
    work = section(render(diagnosis), "workforce")
    table = work.find("table", id="wf-ethnicity_group")
    assert isinstance(table, Tag)
    row = next(r for r in table.find_all("tr") if r.find("th") and text(r.th) == "Band 5")
    row_text = text(row)
    assert f"fewer than {T}" in row_text
    assert "3" not in row_text.split()  # the BME count
    assert "3.6%" not in row_text  # 3 of 83
    assert "60" in row_text and "72.3%" in row_text  # White is shown
    hidden = row.find_all("td", class_="hidden-cell")
    assert len(hidden) == 2  # BME, and Not stated hidden with it
    for cell in hidden:
        assert not re.search(r"\d", re.sub(rf"\b{T}\b", "", text(cell)))
    # Unavailable indicators say why.
    wres2 = text(work.find("tr", id="wres-2"))
    assert "no Recruitment sheet" in wres2


def test_chart_draws_the_tables_own_figures_and_skips_hidden_points(
    small_workforce: WorkforceResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, ...]] = []

    def capture(bands: Any, series: Any, title: str, **options: Any) -> str:
        calls.append((list(bands), list(series), title))
        return "<svg></svg>"

    monkeypatch.setattr(charts_module, "pipeline_chart", capture)
    out = wc.workforce_charts(small_workforce)
    assert out == {"pipeline": "<svg></svg>"}
    bands, series, _ = calls[0]
    assert bands == [*PIPELINE_BANDS, "Board"]
    bme = [s for s in series if s[0].lstrip("_") == "BME staff"]
    drawn = {bands[i]: v for s in bme for i, v in enumerate(s[1]) if v is not None}
    # Band 5's BME cell is hidden: not drawn (never as 0). Band 6: 25 of 65.
    assert "Band 5" not in drawn
    assert drawn == {"Band 6": pytest.approx(100 * 25 / 65)}
    # Colours and markers differ between the two series.
    styles = {(s[2], s[3]) for s in series if not s[0].startswith("_")}
    assert len(styles) == 2 and len({m for _, m in styles}) == 2


def test_chart_breaks_the_line_at_a_hidden_point() -> None:
    runs = wc._runs("BME staff", [10.0, 12.0, None, 8.0], "#000000", "o")
    assert [r[0] for r in runs] == ["BME staff", "_BME staff"]
    assert runs[0][1] == [10.0, 12.0, None, None]
    assert runs[1][1] == [None, None, None, 8.0]


def test_no_workforce_chart_without_data() -> None:
    empty = score_workforce(None, None, FW)
    assert wc.workforce_charts(empty) == {}

"""The series example: each planted signal is reported, and nothing else.

The planted signals are those examples/README.md lists ("The series example"); limits
are worked out here from the workbook's raw cells with numpy.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import openpyxl
import pytest

import culturekit
from culturekit.report.html import render_html

EXAMPLE = Path(__file__).parents[1] / "examples" / "northwick-series.xlsx"
START = dt.date(2025, 1, 1)
PLANTED = {
    "Sickness absence rate": [
        ("run_below", "special_cause_improvement", dt.date(2025, 7, 1), dt.date(2026, 3, 1), 9)
    ],
    "Mandatory training compliance": [
        ("below_lower_limit", "special_cause_concern", dt.date(2025, 9, 1), dt.date(2025, 9, 1), 1)
    ],
    "Staff turnover rate": [],
}
READING = {
    "Sickness absence rate": "improvement",
    "Mandatory training compliance": "concern",
    "Staff turnover rate": "common cause",
}


@pytest.fixture(scope="module")
def diagnosis() -> culturekit.Diagnosis:
    return culturekit.diagnose(culturekit.load(EXAMPLE))


def raw_series() -> dict[str, list[tuple[dt.date, float]]]:
    sheet = openpyxl.load_workbook(EXAMPLE, read_only=True)["Dashboard series"]
    out: dict[str, list[tuple[dt.date, float]]] = {}
    for name, period, value in list(sheet.iter_rows(values_only=True))[1:]:
        year, month = map(int, str(period).split("-"))
        out.setdefault(str(name), []).append((dt.date(year, month, 1), float(value)))
    return {k: sorted(v) for k, v in out.items()}


def test_each_planted_signal_is_reported_and_nothing_else(diagnosis) -> None:
    charts = {c.indicator: c for c in diagnosis.dashboard.series}
    assert set(charts) == set(PLANTED)
    for name, planted in PLANTED.items():
        found = [
            (s.special_cause, s.point_type, s.first, s.last, s.points) for s in charts[name].signals
        ]
        assert found == planted, name
        assert charts[name].reading == READING[name]
        assert charts[name].rebased_at == [START]


def test_the_limits_follow_the_raw_cells(diagnosis) -> None:
    charts = {c.indicator: c for c in diagnosis.dashboard.series}
    for name, points in raw_series().items():
        after = np.array([v for d, v in points if d >= START])
        ranges = np.abs(np.diff(after))
        kept = ranges[ranges < 3.267 * ranges.mean()]
        upper = after.mean() + 2.66 * kept.mean()
        lower = after.mean() - 2.66 * kept.mean()
        last = charts[name].points[-1]
        assert (last.mean, last.lower_limit, last.upper_limit) == pytest.approx(
            (after.mean(), lower, upper)
        )
        # every point but the planted ones lies within the limits
        inside = [(d, v) for d, v in points if d >= START and not lower <= v <= upper]
        planted_outside = [p[2] for p in PLANTED[name] if p[0].endswith("limit")]
        assert [d for d, _ in inside] == planted_outside
        assert [p.trial for p in charts[name].points] == [True] * 9 + [False] * 15


def test_the_element_counts_read_the_series(diagnosis) -> None:
    indicators = {i.indicator: i for e in diagnosis.dashboard.elements for i in e.indicators}
    training = indicators["Mandatory training compliance"]
    assert training.spc == "concern"
    goals = diagnosis.dashboard.element(training.element)
    others = [i for i in goals.indicators if i.spc is None]
    expected_worse = 1 + sum(i.rating == "worse" for i in others)
    assert goals.worse == expected_worse
    assert diagnosis.dashboard.worse == sum(
        (i.spc == "concern") if i.spc else (i.rating == "worse") for i in indicators.values()
    )


def test_the_report_lists_every_point_and_signal(diagnosis) -> None:
    page = render_html(diagnosis)
    section = page[page.index('id="dashboard-series"') :]
    for name, points in raw_series().items():
        assert name in section
        for when, value in points:
            assert (
                f'<th scope="row">{when.strftime("%b %Y")}</th><td class="num">{value:.1f}'
                in section
            )
    assert (
        "A run of points below the mean (9 points, Jul 2025 to Mar 2026): improvement." in section
    )
    assert "A point below the lower limit (Sep 2025): concern." in section
    assert len(re.findall(r'<svg role="img" aria-label="XmR chart of', section)) == 3


def test_the_json_carries_the_charts(diagnosis) -> None:
    import json

    data = json.loads(diagnosis.to_json())
    series = data["dashboard"]["series"]
    assert [len(c["points"]) for c in series] == [24, 24, 24]
    assert {c["indicator"]: c["signals"] for c in series}["Staff turnover rate"] == []


def test_the_triangulation_says_which_indicators_a_chart_decided(diagnosis) -> None:
    from culturekit.report.presentation.evidence import worded_triangulation

    by_element = {
        i.indicator: i.element for e in diagnosis.dashboard.elements for i in e.indicators
    }
    words = {
        r.element: e.detail
        for r in worded_triangulation(diagnosis)
        for e in r.evidence
        if e.source == "dashboard"
    }
    tail = " on its XmR chart since the programme began"
    expected = {
        "Sickness absence rate": "1 special-cause improvement",
        "Mandatory training compliance": "1 special-cause concern",
        "Staff turnover rate": "1 with common cause variation only",
    }
    for name, phrase in expected.items():
        assert words[by_element[name]].endswith(phrase + tail), name
    charted = set(by_element[n] for n in PLANTED)
    for element, detail in words.items():
        assert ("XmR" in detail) == (element in charted)


def test_the_pdf_carries_each_chart_its_signals_and_points(diagnosis) -> None:
    import io

    import pypdf

    from culturekit.report.pdf import render_pdf

    reader = pypdf.PdfReader(io.BytesIO(render_pdf(diagnosis)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Indicators over time" in text
    assert "A run of points below the mean (9 points, Jul 2025 to Mar 2026): improvement." in text
    assert "A point below the lower limit (Sep 2025): concern." in text
    for name, points in raw_series().items():
        assert f"{name}: every point, the mean and limits of its phase" in text
        for when, value in points:
            assert f"{when.strftime('%b %Y')} {value:.1f}" in text, (name, when)


def test_the_workbook_lists_every_point_with_its_limits(diagnosis) -> None:
    import io

    from culturekit.report.registry import render

    book = openpyxl.load_workbook(io.BytesIO(bytes(render(diagnosis, "xlsx"))))
    rows = list(book["Dashboard series"].iter_rows(values_only=True))
    head = rows[0]
    got = [dict(zip(head, row, strict=True)) for row in rows[1:]]
    for name, points in raw_series().items():
        mine = [r for r in got if r["Indicator"] == name]
        # percentages are stored as fractions, shown with %
        assert [r["Value"] * 100 for r in mine] == pytest.approx([v for _, v in points])
        after = np.array([v for d, v in points if d >= START])
        ranges = np.abs(np.diff(after))
        limit = 2.66 * ranges[ranges < 3.267 * ranges.mean()].mean()
        for r in mine[-15:]:
            assert (r["Mean"] * 100, r["Lower limit"] * 100, r["Upper limit"] * 100) == (
                pytest.approx((after.mean(), after.mean() - limit, after.mean() + limit))
            )
        flagged = [r["Period start"] for r in mine if r["Signal"]]
        planted = [d.isoformat() for c in PLANTED[name] for d, _ in points if c[2] <= d <= c[3]]
        assert flagged == planted, name


def test_the_board_pack_reads_each_chart(diagnosis) -> None:
    import io

    from pptx import Presentation

    from culturekit.report.registry import render

    deck = Presentation(io.BytesIO(bytes(render(diagnosis, "pptx"))))
    slides = [s for s in deck.slides if s.shapes.title.text == "Indicators over time"]
    assert len(slides) == 1
    (table,) = [shape.table for shape in slides[0].shapes if shape.has_table]
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in list(table.rows)[1:]}
    assert set(rows) == set(PLANTED)
    for name, reading in READING.items():
        words = {"improvement": "special-cause improvement", "concern": "special-cause concern"}
        # The reading since the baseline, then the latest point where it says otherwise.
        reading_words = rows[name][1].removesuffix("; the latest point shows common cause.")
        assert reading_words.rstrip(".").endswith(words.get(reading, "common cause variation only"))
        assert (rows[name][4] == "No signal.") == (not PLANTED[name])
    # The planted concern is one point in September 2025; the latest point is common cause,
    # as its variation icon shows, and the reading says so rather than seem to disagree.
    assert rows["Mandatory training compliance"][1].endswith("the latest point shows common cause.")
    assert not rows["Sickness absence rate"][1].endswith("common cause.")

"""A trend over three collections of a bundled trust agrees with `compare` on each pair.

The third collection is Northwick's follow-up profile collected a year later, made by
examples/generate.py (its own random stream, so its answers differ from both others).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from itertools import pairwise
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers.review import REVIEW_PERIOD, build_review

import culturekit
from culturekit.cli import cli
from culturekit.errors import ComparisonError

EXAMPLES = Path(__file__).parents[1] / "examples"
PRE = EXAMPLES / "northwick-pre.xlsx"
POST = EXAMPLES / "northwick-post.xlsx"
PERIODS = ["2025 baseline", "2026 follow-up", REVIEW_PERIOD]


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_review(tmp_path_factory.mktemp("trend") / "northwick-review.xlsx")


@pytest.fixture(scope="module")
def loaded(review: Path) -> dict[str, culturekit.TrustData]:
    return {p: culturekit.load(path) for p, path in zip(PERIODS, (PRE, POST, review), strict=True)}


@pytest.fixture(scope="module")
def trend(loaded: dict[str, culturekit.TrustData]) -> culturekit.Trend:
    # Given out of order: the trend puts them in period order itself.
    return culturekit.trend([loaded[PERIODS[2]], loaded[PERIODS[0]], loaded[PERIODS[1]]])


@pytest.fixture(scope="module")
def comparisons(loaded: dict[str, culturekit.TrustData]) -> list[culturekit.Comparison]:
    return [culturekit.compare(loaded[a], loaded[b]) for a, b in pairwise(PERIODS)]


def test_collections_are_in_period_order(trend: culturekit.Trend) -> None:
    assert [c.period for c in trend.collections] == PERIODS
    assert [(s.pre, s.post) for s in trend.steps] == list(pairwise(PERIODS))


def test_each_step_agrees_with_compare(
    trend: culturekit.Trend, comparisons: list[culturekit.Comparison]
) -> None:
    for step, comparison in zip(trend.steps, comparisons, strict=True):
        assert step.sources == comparison.sources
        assert step.elements == comparison.elements
        assert step.summary == comparison.summary
        assert step.response == comparison.response
        assert step.dashboard == comparison.dashboard
        assert step.warnings == comparison.warnings


def _shown(breakdowns) -> dict[tuple[str, str, str], object]:
    return {
        (b.by, g.label, e): cell
        for b in breakdowns
        for g in b.groups
        if not g.suppressed
        for e, cell in g.elements.items()
        if not cell.suppressed
    }


def test_groups_show_nothing_compare_hides(
    trend: culturekit.Trend, comparisons: list[culturekit.Comparison]
) -> None:
    for step, comparison in zip(trend.steps, comparisons, strict=True):
        mine, theirs = _shown(step.breakdowns), _shown(comparison.breakdowns)
        assert mine, "the bundled trust's groups are broken down"
        assert set(mine) <= set(theirs)
        for key, cell in mine.items():
            assert (cell.pre, cell.post, cell.change) == (
                theirs[key].pre,
                theirs[key].post,
                theirs[key].change,
            )


def test_a_collection_hides_the_same_groups_in_both_its_steps(trend: culturekit.Trend) -> None:
    """The middle collection is post of one step and pre of the next: a group shown in one
    and hidden in the other would let a reader difference it out."""

    def hidden(step) -> set[tuple[str, str]]:
        found = {(b.by, g.label) for b in step.breakdowns for g in b.groups if g.suppressed}
        cells = {
            (b.by, g.label, e)
            for b in step.breakdowns
            for g in b.groups
            if not g.suppressed
            for e, c in g.elements.items()
            if c.suppressed
        }
        return found | cells

    first, second = trend.steps
    assert hidden(first) == hidden(second)
    assert hidden(first), "the bundled trust plants small groups"
    periods = {a.collection for a in trend.disclosure}
    assert periods == set(PERIODS)
    assert all(a.passed for a in trend.disclosure)


def test_series_points_are_each_collections_scores(
    trend: culturekit.Trend, comparisons: list[culturekit.Comparison]
) -> None:
    for series in trend.series:
        scores = [p.score for p in series.points]
        for i, comparison in enumerate(comparisons):
            change = comparison.element(series.element).sources[series.source]
            assert (change.pre, change.post) == (scores[i], scores[i + 1])


# The documented rule, case by case.
DIRECTIONS = [
    (["better", "no clear change"], "improving"),
    (["worse", "too few to tell"], "worsening"),
    (["better", "worse"], "up and down"),
    (["no clear change", "no clear change"], "no clear change"),
    (["no clear change", "too few to tell"], "too few to tell"),
    (["not tested", "not tested"], "not tested"),
]


def test_directions_follow_the_rule(trend: culturekit.Trend) -> None:
    from culturekit.trends import direction

    for verdicts, expected in DIRECTIONS:
        assert direction(verdicts) == expected
    for series in trend.series:
        verdicts = [
            e.sources[series.source].verdict
            for s in trend.steps
            for e in s.elements
            if e.id == series.element
        ]
        assert series.direction == _expected_direction(set(verdicts))


def _expected_direction(verdicts: set[str]) -> str:
    """The rule as docs state it, written out again."""
    moves = verdicts & {"better", "worse"}
    if moves == {"better", "worse"}:
        return "up and down"
    if moves:
        return "improving" if "better" in moves else "worsening"
    for word in ("too few to tell", "no clear change"):
        if word in verdicts:
            return word
    return "not tested"


def test_cli_writes_the_reports(review: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["trend", str(POST), str(review), str(PRE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {"trend.html", "trend.json", "trend.xlsx"}
    data = json.loads((out / "trend.json").read_text())
    assert [c["period"] for c in data["collections"]] == PERIODS
    html = (out / "trend.html").read_text()
    # Each chart's text alternative lists every point and every change of its series.
    labels = re.findall(r'<svg role="img" aria-label="([^"]*)"', html)
    assert len(labels) == len(data["sources"])
    for series in data["series"]:
        label = next(x for x in labels if x.startswith(series["source"].capitalize()[:4]))
        for point in series["points"]:
            assert point["period"] in label
        assert f"Overall: {series['direction']}" in label
    sheets = openpyxl.load_workbook(out / "trend.xlsx", read_only=True).sheetnames
    assert {"Series", "Element changes", "Group changes", "Disclosure audit"} <= set(sheets)


def test_refuses_different_trusts(tmp_path: Path) -> None:
    other = EXAMPLES / "elmbridge-post.xlsx"
    result = CliRunner().invoke(cli, ["trend", str(PRE), str(other), "-o", str(tmp_path)])
    assert result.exit_code == 6
    assert result.output.startswith("Error: ") and "different trusts" in result.output


def test_refuses_equal_periods(loaded: dict[str, culturekit.TrustData]) -> None:
    same = loaded[PERIODS[1]]
    twin = same.model_copy(
        update={"trust": same.trust.model_copy(update={"collected_on": dt.date(2026, 9, 1)})}
    )
    twin = twin.model_copy(update={"inputs": []})
    with pytest.raises(ComparisonError, match="period"):
        culturekit.trend([loaded[PERIODS[0]], same, twin])


def test_the_board_pack_shows_each_point_as_the_report_does(
    trend: culturekit.Trend, tmp_path: Path
) -> None:
    """Each source's chart is described as the HTML figure is and plots each element's
    shown scores (rounded half away from zero here), nothing for a hidden one."""
    from decimal import ROUND_HALF_UP, Decimal

    from bs4 import BeautifulSoup
    from pptx import Presentation

    written = culturekit.write_report(trend, tmp_path, ["html", "pptx"])
    soup = BeautifulSoup(written["html"].read_text("utf-8"), "html.parser")
    figures = {svg["aria-label"] for svg in soup.select("figure svg[aria-label]")}
    deck = Presentation(str(written["pptx"]))
    charts = [
        shape
        for slide in deck.slides
        for shape in slide.shapes
        if getattr(shape, "has_chart", False) and shape.has_chart
    ]
    assert len(charts) == len(trend.sources)
    assert all(slide.shapes.title is not None for slide in deck.slides)
    for frame, source in zip(charts, trend.sources, strict=True):
        assert frame._element.xpath("./p:nvGraphicFramePr/p:cNvPr/@descr")[0] in figures
        mine = {s.element_name: s for s in trend.series if s.source == source}
        plotted = list(frame.chart.plots[0].series)
        assert [p.name for p in plotted] == list(mine)
        for line in plotted:
            for value, point in zip(line.values, mine[line.name].points, strict=True):
                if point.score is None:
                    assert value is None
                else:
                    expected = Decimal(repr(point.score)).quantize(Decimal("0.01"), ROUND_HALF_UP)
                    assert Decimal(repr(value)) == expected

"""The Dashboard series sheet: read against the Dashboard sheet, every bad cell named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers.workbooks import STAFF_HEADER, make_workbook, staff_row

import culturekit
from culturekit.cli import cli
from culturekit.errors import ValidationError

TRUST = [
    ["field", "value"],
    ["trust_name", "Test Trust"],
    ["trust_code", "RXX"],
    ["period", "2025"],
]
DASHBOARD = [
    ["indicator", "element", "value", "benchmark", "higher_is_better", "unit", "target"],
    ["Sickness absence", "teamwork", 4.9, 5.0, "N", "%", 4.5],
    ["Turnover", "teamwork", 11.0, 12.0, "N", "%", None],
]


def book(tmp_path: Path, series: list[list[Any]], **extra: list[list[Any]]) -> Path:
    sheets: dict[str, list[list[Any]]] = {
        "Trust": TRUST,
        "Staff": [STAFF_HEADER, *[staff_row() for _ in range(12)]],
        "Dashboard": DASHBOARD,
        "Dashboard series": series,
        **extra,
    }
    return make_workbook(tmp_path, sheets)


def problems(path: Path) -> list[Any]:
    with pytest.raises(ValidationError) as caught:
        culturekit.load(path)
    return caught.value.problems


def test_a_series_is_read_with_its_indicators_meaning(tmp_path: Path) -> None:
    rows = [["indicator", "period", "value"]]
    rows += [["sickness absence", f"2024-{m:02d}", 5.0 + m / 10] for m in range(12, 0, -1)]
    rows += [["Turnover", dt.datetime(2024, 1, 31), 12.0], ["Turnover", "Feb 2024", 11.5]]
    data = culturekit.load(book(tmp_path, rows))
    first, second = data.dashboard_series.series
    assert first.indicator.indicator == "Sickness absence"
    assert first.indicator.target == 4.5 and first.indicator.higher_is_better is False
    assert first.periods == [dt.date(2024, m, 1) for m in range(1, 13)]  # sorted
    assert first.values == [5.0 + m / 10 for m in range(1, 13)]
    assert second.periods == [dt.date(2024, 1, 31), dt.date(2024, 2, 1)]


def test_bad_cells_are_named_by_row_and_column(tmp_path: Path) -> None:
    rows = [
        ["indicator", "period", "value"],
        ["Sickness absence", "2024-01", 5.0],
        ["Sickness absence", "2024-01", 5.1],  # twice
        ["Bed days", "2024-02", 5.1],  # not on the Dashboard sheet
        ["Turnover", "last spring", 5.1],
        ["Turnover", "2024-03", "lots"],
        [None, "2024-04", 5.0],
        ["Turnover", None, None],
    ]
    found = {(p.row, p.column, p.message.split(" (")[0]) for p in problems(book(tmp_path, rows))}
    assert all(p.sheet == "Dashboard series" for p in problems(book(tmp_path, rows)))
    assert found == {
        (3, "period", "'Sickness absence' has period 2024-01-01 twice"),
        (4, "indicator", "indicator is not on the Dashboard sheet"),
        (5, "period", "period is not a date or a month"),
        (6, "value", "value must be a number"),
        (7, "indicator", "indicator is required"),
        (8, "period", "period is required"),
        (8, "value", "value is required"),
    }


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    found = problems(book(tmp_path, [["indicator", "value"], ["Turnover", 1.0]]))
    assert [(p.sheet, p.column) for p in found] == [("Dashboard series", "period")]


def test_a_series_without_the_dashboard_sheet_is_refused(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path,
        {
            "Trust": TRUST,
            "Staff": [STAFF_HEADER, *[staff_row() for _ in range(12)]],
            "Dashboard series": [["indicator", "period", "value"], ["Turnover", "2024-01", 1]],
        },
    )
    (found,) = problems(path)
    assert found.sheet == "Dashboard series" and "needs the Dashboard sheet" in found.message


def test_an_indicator_named_twice_on_the_dashboard_is_ambiguous(tmp_path: Path) -> None:
    dashboard = [*DASHBOARD, ["Turnover", "vision_values", 11.0, 12.0, "N", "%", None]]
    rows = [["indicator", "period", "value"], ["Turnover", "2024-01", 1.0]]
    (found,) = problems(book(tmp_path, rows, Dashboard=dashboard))
    assert "more than one row of the Dashboard sheet (rows 3 and 4)" in found.message


def test_the_programme_start_is_a_trust_field(tmp_path: Path) -> None:
    rows = [["indicator", "period", "value"], ["Turnover", "2024-01", 1.0]]
    trust = [*TRUST, ["programme_start", dt.datetime(2024, 7, 15)]]
    data = culturekit.load(book(tmp_path, rows, Trust=trust))
    assert data.trust.programme_start == dt.date(2024, 7, 15)
    bad = [*TRUST, ["programme_start", "soon"]]
    (found,) = problems(book(tmp_path, rows, Trust=bad))
    assert found.message == "programme_start is not a date"


def test_the_command_exits_4_naming_the_sheet(tmp_path: Path) -> None:
    rows = [["indicator", "period", "value"], ["Turnover", "someday", 1.0]]
    result = CliRunner().invoke(
        cli, ["diagnose", str(book(tmp_path, rows)), "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 4
    assert "Dashboard series" in result.stderr and "period" in result.stderr
    assert "Traceback" not in result.stderr

"""Charts drawn in threads at once (a thread-pool or Dask executor) are drawn as alone:
matplotlib's settings are one global, which each chart sets only while it is drawn."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from culturekit.report.charts.figure import Interval
from culturekit.report.charts.intervals import interval_chart
from culturekit.report.charts.lines import pipeline_chart


def _intervals() -> str:
    rows = [
        (
            f"Element {k}",
            [
                Interval("Staff", 5 + k / 10, 4.5 + k / 10, 5.5 + k / 10, "#005EB8", "o"),
                Interval("Board", 6 - k / 10, None, None, "#ED8B00", "s"),
            ],
        )
        for k in range(6)
    ]
    return interval_chart(rows, "Scores with their intervals")


def _lines() -> str:
    bands = ["Band 5", "Band 6", "Band 7", "Band 8a", "Board"]
    series = [("BME staff", [30.0, 25.0, 20.0, 12.0, 8.0], "#005EB8", "o")]
    return pipeline_chart(bands, series, "Representation by band")


def test_charts_drawn_in_threads_are_those_drawn_alone() -> None:
    alone = {"intervals": _intervals(), "lines": _lines()}
    draws = {"intervals": _intervals, "lines": _lines}
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [(name, pool.submit(draws[name])) for _ in range(12) for name in draws]
        drawn = [(name, future.result()) for name, future in futures]
    assert all(svg == alone[name] for name, svg in drawn)
    # The style is culturekit's while it draws, and the program's again after.
    import matplotlib

    assert matplotlib.rcParams["svg.hashsalt"] != "culturekit"

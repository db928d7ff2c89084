"""A result's charts are drawn once for all its formats."""

from __future__ import annotations

import gc
from html import unescape
from typing import Any

import pytest

import culturekit
from culturekit.report.charts import diagnosis as diagnosis_charts_module
from culturekit.report.pdf import render_typst


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the diagnosis summary charts drawn while the test runs."""
    titles: list[str] = []
    draw = diagnosis_charts_module.interval_chart

    def counting(rows: Any, title: str, **options: Any) -> str:
        titles.append(title)
        return draw(rows, title, **options)

    monkeypatch.setattr(diagnosis_charts_module, "interval_chart", counting)
    return titles


def test_html_and_pdf_of_one_result_draw_its_charts_once(
    northwick_diagnosis: culturekit.Diagnosis, drawn: list[str]
) -> None:
    result = northwick_diagnosis.model_copy()  # a result no test has drawn yet
    html = culturekit.render_html(result)
    typst = render_typst(result)
    assert len(drawn) == 1
    # Both formats show that one drawing: its description is in each.
    assert drawn[0] in unescape(html)
    assert "<svg" in html and "<svg" in typst


def test_another_result_is_drawn_afresh(
    northwick_diagnosis: culturekit.Diagnosis, drawn: list[str]
) -> None:
    first = northwick_diagnosis.model_copy()
    culturekit.render_html(first)
    del first
    gc.collect()
    culturekit.render_html(northwick_diagnosis.model_copy())
    assert len(drawn) == 2

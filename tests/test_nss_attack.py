"""Disclosure attacks on the survey-based WRES and WDES measures of the NSS framework.

Small ethnicity and disability groups (tests/attack/nss.py) are diagnosed to every
format; the attacker (tests/attack/attacker.py) reads each measure's published group and
organisation percentages as means of their column's groups, beside the breakdowns, and
tries subtraction and linear programming on every small group.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from attack.attacker import attack, disclosed
from attack.nss import DESIGNS, THRESHOLD, nss_workbook
from attack.published import diagnosis_views
from attack.runs import run


@pytest.mark.parametrize("design", list(DESIGNS))
def test_equality_measures_give_no_small_group_away(design: str, tmp_path: Path):
    truth = nss_workbook(tmp_path, DESIGNS[design], seed=len(design))
    out = run(truth, tmp_path / "out")
    report = attack(out, truth)
    assert report.checked > 0
    assert not report.findings, "\n".join(disclosed(report))
    assert not report.notes, "\n".join(report.notes)
    # the attacker really had the measures to work with
    data = json.loads((out / "diagnosis.json").read_text(encoding="utf-8"))
    view = next(v for v in diagnosis_views(data) if v.source == "staff")
    read = {m for gs in view.breakdowns.values() for g in gs for m in g.means if " " in m}
    assert read, "no equality figure was read"


def test_no_equality_figure_of_a_small_group_is_published(tmp_path: Path):
    truth = nss_workbook(tmp_path, DESIGNS["two small ethnicity groups"], seed=3)
    out = run(truth, tmp_path / "out")
    data = json.loads((out / "diagnosis.json").read_text(encoding="utf-8"))
    small = {(g.column, g.label) for g in truth.small_groups}
    for standard in data["equality"]:
        labels = dict(zip(standard["groups"], standard["values"], strict=True))
        for measure in standard["measures"]:
            for figure in measure["groups"]:
                if (standard["column"], labels[figure["label"]]) in small:
                    assert figure["suppressed"] and "value" not in figure
                if figure.get("n") is not None:
                    assert figure["n"] >= THRESHOLD

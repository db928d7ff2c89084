"""Weighting the NSS themes by occupation group: weights given, or to a reference mix,
each capped at 5, against independent weighted means (numpy) of the sub-scores
recomputed here from the Staff sheet; unweighted without a Weights sheet."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers.workbooks import make_workbook
from test_nss_scoring import EXAMPLE, _expected_subscores, answers, scores  # noqa: F401

import culturekit
from culturekit.errors import ValidationError

CAP = 5.0
GROUPS = ["Nursing and midwifery", "Allied health professionals", "Admin"]


def with_weights(tmp_path: Path, rows: list[list[object]], name: str = "w.xlsx") -> Path:
    sheets = {}
    for sheet in ("Trust", "Staff"):
        frame = pd.read_excel(EXAMPLE, sheet_name=sheet, engine="openpyxl", dtype=object)
        values = [[None if pd.isna(v) else v for v in r] for r in frame.itertuples(index=False)]
        sheets[sheet] = [list(frame.columns), *values]
    sheets["Weights"] = rows
    return make_workbook(tmp_path, sheets, name=name)


def weighted_check(diagnosis, scores, weights: np.ndarray) -> None:  # noqa: F811
    expected = _expected_subscores(scores)
    for theme in diagnosis.themes.themes:
        means = []
        for sub in theme.subscores:
            values = expected[sub.name].to_numpy()
            kept = ~np.isnan(values)
            mean = np.sum(weights[kept] * values[kept]) / np.sum(weights[kept])
            assert sub.score == pytest.approx(mean, abs=1e-12)
            assert sub.ci_low < sub.score < sub.ci_high
            means.append(mean)
        assert theme.score == pytest.approx(np.mean(means), abs=1e-12)


def test_unweighted_by_default():
    result = culturekit.diagnose(EXAMPLE, framework="nhs-staff-survey")
    assert result.themes.weighting == "unweighted" and result.themes.weight_cap is None


def test_weights_given_are_capped(tmp_path: Path, answers, scores):  # noqa: F811
    given = {"Nursing and midwifery": 2.0, "Allied health professionals": 1.0, "Admin": 7.0}
    path = with_weights(tmp_path, [["group", "weight"], *given.items()])
    result = culturekit.diagnose(path, framework="nhs-staff-survey")
    assert result.themes.weighting == "weight" and result.themes.weight_cap == CAP
    weights = answers["staff_group"].map({g: min(CAP, w) for g, w in given.items()}).to_numpy()
    weighted_check(result, scores, weights.astype(float))
    plain = culturekit.diagnose(EXAMPLE, framework="nhs-staff-survey")
    moved = [
        abs(a.score - b.score)
        for a, b in zip(result.themes.themes, plain.themes.themes, strict=True)
    ]
    assert max(moved) > 0.01  # the planted nursing differences move Morale


def test_weights_to_a_reference_mix(tmp_path: Path, answers, scores):  # noqa: F811
    reference = {"Nursing and midwifery": 60, "Allied health professionals": 25, "Admin": 15}
    path = with_weights(tmp_path, [["group", "share"], *reference.items()])
    result = culturekit.diagnose(path, framework="nhs-staff-survey")
    assert result.themes.weighting == "share"
    sample = answers["staff_group"].value_counts(normalize=True)
    total = sum(reference.values())
    weights = {g: min(CAP, (reference[g] / total) / sample[g]) for g in reference}
    weighted_check(result, scores, answers["staff_group"].map(weights).to_numpy(dtype=float))


def test_equal_weights_change_nothing(tmp_path: Path):
    path = with_weights(tmp_path, [["group", "weight"], *([g, 3] for g in GROUPS)])
    weighted = culturekit.diagnose(path, framework="nhs-staff-survey")
    plain = culturekit.diagnose(EXAMPLE, framework="nhs-staff-survey")
    for a, b in zip(weighted.themes.themes, plain.themes.themes, strict=True):
        assert (a.score, a.ci_low, a.ci_high) == pytest.approx((b.score, b.ci_low, b.ci_high))
        for s, t in zip(a.subscores, b.subscores, strict=True):
            assert (s.score, s.ci_low, s.ci_high) == pytest.approx((t.score, t.ci_low, t.ci_high))
    # the equality measures and the six elements stay unweighted
    assert weighted.elements == plain.elements


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        ([["group", "weight"], ["Admin", 1]], "no weight for the staff_group group"),
        ([["group", "weight", "share"], ["Admin", 1, 1]], "not both"),
        ([["group"], ["Admin"]], "not neither"),
        ([["group", "weight"], *([g, 0] for g in GROUPS)], "must be a number above 0"),
        ([["group", "weight"], *([g, 1] for g in GROUPS), ["Admin", 2]], "given twice"),
    ],
)
def test_a_bad_weights_sheet_is_refused_clearly(tmp_path: Path, rows, said: str):
    with pytest.raises(ValidationError) as caught:
        culturekit.diagnose(with_weights(tmp_path, rows), framework="nhs-staff-survey")
    assert said in str(caught.value)

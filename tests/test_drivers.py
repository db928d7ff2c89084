"""What drives the outcome, end to end: a framework that names an outcome, a Staff sheet
with a planted driver, and the diagnosis's weights against an independent computation
(element scores by the test's own scorer, complete cases, then every subset fitted with
statsmodels OLS, or Johnson's construction on the data)."""

from __future__ import annotations

import copy
import itertools
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import yaml
from helpers.scoring import Scorer, read_sheet
from helpers.workbooks import STAFF_ITEMS, TRUST_ROWS, framework_data, make_workbook

import culturekit
from culturekit.errors import FrameworkError

OUTCOME_ITEMS = ["EN1", "EN2", "EN3"]
ELEMENTS = [e["id"] for e in framework_data()["elements"]]
PLANTED = ELEMENTS[2]  # the element the outcome is built to follow most
ELEMENT_OF = {i["code"]: i["element"] for i in framework_data()["instruments"]["staff"]["items"]}


def _framework(**drivers: Any) -> dict[str, Any]:
    data = copy.deepcopy(framework_data())
    data["id"] = "drivers-test"
    data["elements"].append({"id": "engagement", "name": "Staff engagement"})
    data["instruments"]["staff"]["items"] += [
        {"code": code, "element": "engagement", "text": f"Engagement item {code}."}
        for code in OUTCOME_ITEMS
    ]
    data["drivers"] = {"outcome": "engagement", **drivers}
    return data


def _staff_rows(n: int, seed: int) -> list[list[Any]]:
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=(n, len(ELEMENTS))) + rng.normal(size=(n, 1)) * 0.6
    outcome = 1.2 * latent[:, 2] + 0.5 * latent[:, 3] + 0.2 * latent[:, 0] + rng.normal(size=n)
    rows: list[list[Any]] = [["staff_group", *STAFF_ITEMS, *OUTCOME_ITEMS]]
    for r in range(n):
        answers: list[Any] = []
        for code in STAFF_ITEMS:
            element = ELEMENTS.index(ELEMENT_OF[code])
            value = latent[r, element] + rng.normal() * 0.7
            reverse = code.endswith("4")
            answers.append(_code(-value if reverse else value))
        answers += [_code(outcome[r] / 1.4 + rng.normal() * 0.5) for _ in OUTCOME_ITEMS]
        # Some respondents skip items: a few so many that they are not scored on an element.
        if r % 9 == 0:
            for i in rng.choice(len(answers), size=14, replace=False):
                answers[i] = None
        rows.append([rng.choice(["Nursing", "Medical", "Admin"]), *answers])
    return rows


def _code(value: float) -> int:
    return int(np.clip(np.round(value + 3), 1, 5))


def _diagnose(tmp: Path, framework: dict[str, Any], rows: list[list[Any]]) -> Any:
    path = make_workbook(tmp, {"Trust": TRUST_ROWS, "Staff": rows}, name="staff.xlsx")
    fw_path = tmp / "framework.yaml"
    fw_path.write_text(yaml.safe_dump(framework), encoding="utf-8")
    return culturekit.diagnose(path, framework=fw_path), path


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    rows = _staff_rows(260, seed=3)
    found = {}
    for method in ("relative_weights", "dominance"):
        tmp = tmp_path_factory.mktemp(method)
        diagnosis, path = _diagnose(tmp, _framework(method=method, resamples=500), rows)
        found[method] = diagnosis
    found["path"] = path
    return found


def _complete_cases(path: Path, framework: dict[str, Any]) -> pd.DataFrame:
    scorer = Scorer(framework)
    coded = scorer.code_frame(read_sheet(path, "Staff"), "staff")
    return scorer.element_scores(coded.codes, "staff").dropna()


def _r2(data: pd.DataFrame, columns: tuple[str, ...]) -> float:
    if not columns:
        return 0.0
    model = sm.OLS(data["engagement"], sm.add_constant(data[list(columns)])).fit()
    return float(model.rsquared)


def _dominance(data: pd.DataFrame) -> dict[str, float]:
    k = len(ELEMENTS)
    r2 = {s: _r2(data, s) for size in range(k + 1) for s in itertools.combinations(ELEMENTS, size)}
    out = {}
    for j in ELEMENTS:
        others = [e for e in ELEMENTS if e != j]
        by_size = []
        for size in range(k):
            gains = []
            for s in itertools.combinations(others, size):
                with_j = tuple(e for e in ELEMENTS if e in (*s, j))
                gains.append(r2[with_j] - r2[s])
            by_size.append(np.mean(gains))
        out[j] = float(np.mean(by_size))
    return out


def _johnson(data: pd.DataFrame) -> dict[str, float]:
    x = data[ELEMENTS].to_numpy()
    zx = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    y = data["engagement"].to_numpy()
    zy = (y - y.mean()) / y.std(ddof=1)
    u, _, vt = np.linalg.svd(zx, full_matrices=False)
    z = u @ vt * math.sqrt(len(y) - 1)
    beta = sm.OLS(zy, z).fit().params
    loadings = np.array([sm.OLS(zx[:, j], z).fit().params for j in range(len(ELEMENTS))])
    return dict(zip(ELEMENTS, (loadings**2) @ (beta**2), strict=True))


@pytest.mark.parametrize(
    ("method", "independent"), [("dominance", _dominance), ("relative_weights", _johnson)]
)
def test_weights_match_an_independent_computation(planted, method, independent) -> None:
    data = _complete_cases(planted["path"], _framework())
    expected = independent(data)
    analysis = planted[method].drivers
    assert analysis.run and analysis.method == method
    assert analysis.respondents == len(data)
    for driver in analysis.drivers:
        assert driver.weight == pytest.approx(expected[driver.id], abs=1e-9)
    full = _r2(data, tuple(ELEMENTS))
    assert analysis.r_squared == pytest.approx(full, abs=1e-9)
    assert sum(d.weight for d in analysis.drivers) == pytest.approx(full, abs=1e-9)


@pytest.mark.parametrize("method", ["dominance", "relative_weights"])
def test_the_planted_driver_comes_first_inside_its_interval(planted, method) -> None:
    analysis = planted[method].drivers
    assert analysis.drivers[0].id == PLANTED
    assert [d.rank for d in analysis.drivers] == list(range(1, len(ELEMENTS) + 1))
    for driver in analysis.drivers:
        assert driver.ci_low <= driver.weight <= driver.ci_high
        assert driver.share == pytest.approx(driver.weight / analysis.r_squared)
    assert analysis.r_squared_low <= analysis.r_squared <= analysis.r_squared_high
    assert analysis.resamples == 500 and analysis.resamples_used == 500


def test_scores_charted_are_the_published_staff_scores(planted) -> None:
    diagnosis = planted["dominance"]
    analysis = diagnosis.drivers
    published = {e.id: e.sources["staff"].score for e in diagnosis.elements}
    assert analysis.outcome_score == published["engagement"]
    for driver in analysis.drivers:
        assert driver.score == published[driver.id]
    mean = np.mean([published[e] for e in ELEMENTS])
    assert analysis.score_cut == pytest.approx(mean)
    assert analysis.impact_cut == pytest.approx(analysis.r_squared / len(ELEMENTS))
    for driver in analysis.drivers:
        high = driver.weight >= analysis.impact_cut
        low = driver.score < analysis.score_cut
        expected = {
            (True, True): "act_first",
            (True, False): "keep_up",
            (False, True): "watch",
            (False, False): "less_pressing",
        }[(high, low)]
        assert driver.quadrant == expected


def test_the_json_carries_the_analysis(planted) -> None:
    document = json.loads(planted["dominance"].to_json())
    assert document["drivers"]["outcome"] == "engagement"
    assert len(document["drivers"]["drivers"]) == len(ELEMENTS)


def test_same_data_same_intervals(planted, tmp_path: Path) -> None:
    again, _ = _diagnose(
        tmp_path, _framework(method="dominance", resamples=500), _staff_rows(260, seed=3)
    )
    assert again.drivers == planted["dominance"].drivers


def test_too_few_complete_cases_run_nothing(tmp_path: Path) -> None:
    diagnosis, path = _diagnose(tmp_path, _framework(min_respondents=250), _staff_rows(260, 3))
    assert len(_complete_cases(path, _framework())) < 250
    analysis = diagnosis.drivers
    assert not analysis.run and analysis.reason == "too_few_respondents"
    assert analysis.drivers == [] and analysis.respondents is None
    assert analysis.r_squared is None


def test_only_named_predictors_are_used(tmp_path: Path) -> None:
    chosen = [ELEMENTS[3], ELEMENTS[2]]
    diagnosis, path = _diagnose(
        tmp_path, _framework(predictors=chosen, resamples=200), _staff_rows(150, 4)
    )
    data = _framework()
    scorer = Scorer(data)
    coded = scorer.code_frame(read_sheet(path, "Staff"), "staff")
    complete = scorer.element_scores(coded.codes, "staff")[[*chosen, "engagement"]].dropna()
    assert diagnosis.drivers.respondents == len(complete)
    assert {d.id for d in diagnosis.drivers.drivers} == set(chosen)
    assert diagnosis.drivers.r_squared == pytest.approx(_r2(complete, tuple(chosen)), abs=1e-9)


def test_no_outcome_no_analysis_and_no_key(northwick_diagnosis) -> None:
    assert northwick_diagnosis.drivers is None
    assert "drivers" not in json.loads(northwick_diagnosis.to_json())


@pytest.mark.parametrize(
    ("drivers", "message"),
    [
        ({"outcome": "nowhere"}, "unknown scores: nowhere"),
        ({"predictors": ["engagement"]}, "cannot also be one of its predictors"),
        ({"predictors": [ELEMENTS[0], ELEMENTS[0]]}, "twice"),
        ({"min_respondents": 5}, "reporting_threshold"),
        ({"method": "guesswork"}, "method"),
    ],
)
def test_a_framework_naming_drivers_wrongly_is_refused(
    tmp_path: Path, drivers: dict[str, Any], message: str
) -> None:
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(_framework(**drivers)), encoding="utf-8")
    with pytest.raises(FrameworkError, match=message):
        culturekit.load_framework(path)


def test_the_report_shows_the_chart_its_points_in_words_and_the_method(planted) -> None:
    from culturekit.report.html import render_html

    diagnosis = planted["relative_weights"]
    html = render_html(diagnosis)
    section = html[html.index('<section class="block" id="drivers"') :]
    section = section[: section.index("</section>")]
    assert "What drives Staff engagement" in section
    assert '<svg role="img" aria-label="Impact by score' in section
    listed = section[section.index('<ul class="chart-points">') :]
    for driver in diagnosis.drivers.drivers:
        assert f"<li>{driver.name}: score {driver.score:.2f}, importance" in listed
    total = f"{100 * diagnosis.drivers.r_squared:.1f}%"
    assert f"<strong>{total}</strong>" in section
    methods = html[html.index('id="methods"') :]
    assert "relative weights analysis (Johnson, 2000)" in methods
    assert "statsmodels" in methods and "complete cases" in methods


def test_a_report_without_the_analysis_says_why(tmp_path: Path) -> None:
    from culturekit.report.html import render_html

    diagnosis, _ = _diagnose(tmp_path, _framework(min_respondents=250), _staff_rows(260, 3))
    html = render_html(diagnosis)
    section = html[html.index('<section class="block" id="drivers"') :]
    section = section[: section.index("</section>")]
    assert "Fewer than 250 staff were scored on Staff engagement" in section
    assert "<svg" not in section and "<table" not in section

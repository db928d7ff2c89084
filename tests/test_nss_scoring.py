"""The NSS example scored as the national reports score it, against an independent
computation: the answers recoded here from the questionnaire's coding (pandas), every
sub-score, theme and item checked, the theme = mean of sub-scores identity, reversed
coding and the burnout minimum."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from test_nss_framework import SUBSCORES

import culturekit
import culturekit.stats
from culturekit.results import Diagnosis

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "ashdown-nss-2024.xlsx"
FIVE = {1: 0.0, 2: 2.5, 3: 5.0, 4: 7.5, 5: 10.0}
REVERSED_FIVE = {c: 10.0 - s for c, s in FIVE.items()}


def _coding(code: str) -> dict[int, float]:
    """Box number to score, from the NSS coding (reversed items already reversed)."""
    if code in {"q5a", "q5c"} or code.startswith(("q12", "q26")):
        return REVERSED_FIVE
    if code in {"q11b", "q11c", "q11d", "q16a", "q16b"}:
        return {1: 0.0, 2: 10.0}  # Yes 0, No 10
    if code == "q15":
        return {1: 10.0, 2: 0.0}
    if code[:3] in {"q13", "q14"}:
        return (
            {1: 10.0, 2: 10.0, 3: 0.0} if code.endswith("d") else {1: 10.0, 2: 0, 3: 0, 4: 0, 5: 0}
        )
    if code == "q23a":
        return {1: 10.0, 2: 0.0}
    if code in {"q23b", "q23c", "q23d"}:
        return {1: 10.0, 2: 5.0, 3: 0.0}
    return FIVE


@pytest.fixture(scope="module")
def answers() -> pd.DataFrame:
    raw = pd.read_excel(EXAMPLE, sheet_name="Staff", engine="openpyxl")
    raw.columns = [str(c).strip().lower().rstrip(".") for c in raw.columns]
    return raw


@pytest.fixture(scope="module")
def scores(answers: pd.DataFrame) -> pd.DataFrame:
    codes = {c for _, items in SUBSCORES.values() for c in items}
    out = pd.DataFrame(index=answers.index)
    for code in sorted(codes):
        out[code] = answers[code].map(_coding(code))  # 9, Don't know ... become NaN
    appraised = answers["q23a"] == 1
    for code in ("q23b", "q23c", "q23d"):
        out[code] = out[code].where(appraised)
    return out


@pytest.fixture(scope="module")
def diagnosis() -> Diagnosis:
    return culturekit.diagnose(EXAMPLE, framework="nhs-staff-survey")


def _respondents(scores: pd.DataFrame, items: list[str], minimum: int) -> pd.Series:
    block = scores[items]
    return block.mean(axis=1).where(block.notna().sum(axis=1) >= minimum)


def _expected_subscores(scores: pd.DataFrame) -> dict[str, pd.Series]:
    return {
        name: _respondents(scores, items, 5 if name == "Burnout" else 1)
        for name, (_, items) in SUBSCORES.items()
    }


def test_every_subscore_matches(diagnosis: Diagnosis, scores: pd.DataFrame) -> None:
    expected = _expected_subscores(scores)
    assert diagnosis.themes is not None
    seen = 0
    for theme in diagnosis.themes.themes:
        for sub in theme.subscores:
            values = expected[sub.name].dropna().to_numpy()
            low, high = sps.t.interval(0.95, len(values) - 1, values.mean(), sps.sem(values))
            assert sub.n == len(values)
            assert sub.score == pytest.approx(values.mean(), abs=1e-12)
            assert (sub.ci_low, sub.ci_high) == pytest.approx((low, high), abs=1e-9)
            seen += 1
    assert seen == len(SUBSCORES)


def test_every_theme_is_the_mean_of_its_subscores(
    diagnosis: Diagnosis, scores: pd.DataFrame
) -> None:
    expected = _expected_subscores(scores)
    assert diagnosis.themes is not None
    for theme in diagnosis.themes.themes:
        names = [n for n, (t, _) in SUBSCORES.items() if t == theme.name]
        independent = np.mean([expected[n].mean() for n in names])
        assert theme.score == pytest.approx(independent, abs=1e-12)
        assert theme.score == pytest.approx(np.mean([s.score for s in theme.subscores]))
        assert theme.ci_low < theme.score < theme.ci_high


def test_theme_intervals_agree_with_a_jackknife(diagnosis: Diagnosis, scores: pd.DataFrame) -> None:
    expected = _expected_subscores(scores)
    assert diagnosis.themes is not None
    theme = next(t for t in diagnosis.themes.themes if t.name == "We are safe and healthy")
    block = np.column_stack([expected[s.name].to_numpy() for s in theme.subscores])
    block = block[~np.isnan(block).all(axis=1)]
    n = len(block)

    def statistic(rows: np.ndarray) -> float:
        return float(np.mean(np.nanmean(rows, axis=0)))

    leave_one_out = np.array([statistic(np.delete(block, i, axis=0)) for i in range(n)])
    se = np.sqrt((n - 1) / n * np.sum((leave_one_out - leave_one_out.mean()) ** 2))
    half = sps.t.ppf(0.975, n - 1) * se
    assert (theme.score - theme.ci_low) == pytest.approx(half, rel=0.02)


def test_reversed_items_score_the_other_way(diagnosis: Diagnosis, answers: pd.DataFrame) -> None:
    assert diagnosis.themes is not None
    items = {i.code: i for t in diagnosis.themes.themes for i in t.items}
    for code in ("q12a", "q26a", "q5a"):
        assert items[code].reverse
        assert items[code].score == pytest.approx((10 - (answers[code] - 1) * 2.5).mean())
    assert items["q16b"].score == pytest.approx((answers["q16b"].dropna() == 2).mean() * 10)
    assert items["q13a"].score == pytest.approx((answers["q13a"].dropna() == 1).mean() * 10)


def test_burnout_needs_five_of_seven(diagnosis: Diagnosis, answers: pd.DataFrame) -> None:
    assert diagnosis.themes is not None
    burnout = next(s for t in diagnosis.themes.themes for s in t.subscores if s.name == "Burnout")
    answered = answers[[f"q12{c}" for c in "abcdefg"]].notna().sum(axis=1)
    assert burnout.n == int((answered >= 5).sum())
    assert int(((answered > 0) & (answered < 5)).sum()) == 30  # the planted partial answers


def test_item_distributions(diagnosis: Diagnosis, answers: pd.DataFrame) -> None:
    assert diagnosis.themes is not None
    items = {i.code: i for t in diagnosis.themes.themes for i in t.items}
    for code in ("q2a", "q4c", "q6a", "q15", "q23b"):
        column = answers[code]
        if code == "q23b":
            column = column.where(answers["q23a"] == 1)
        valid = column[column.isin([p.code for p in items[code].distribution])]
        counts = valid.value_counts()
        assert items[code].answered == len(valid)
        for point in items[code].distribution:
            assert point.count == counts.get(point.code, 0)
            assert point.percent == pytest.approx(100 * counts.get(point.code, 0) / len(valid))


def test_small_trust_hides_every_figure(tmp_path: Path, answers: pd.DataFrame) -> None:
    few = tmp_path / "few.csv"
    answers.head(9).drop(columns=["respondent_id"]).to_csv(few, index=False)
    result = culturekit.diagnose(
        culturekit.load(
            staff=few,
            trust={"name": "T", "code": "RXX", "period": "1"},
            framework="nhs-staff-survey",
        ),
    )
    assert result.themes is not None
    for theme in result.themes.themes:
        assert theme.suppressed and theme.score is None
        assert all(s.suppressed and s.score is None for s in theme.subscores)
        assert all(i.suppressed for i in theme.items)
    assert '"score": null' not in result.to_json().split('"themes"')[1].split('"breakdowns"')[0]


def test_a_hidden_subscore_hides_its_theme(tmp_path: Path, answers: pd.DataFrame) -> None:
    # Only 8 people answer q4d (flexible working): the sub-score is hidden, and so is the
    # theme, which with work-life balance would give it back.
    some = answers.copy()
    some.loc[some.index[8:], "q4d"] = None
    path = tmp_path / "some.csv"
    some.drop(columns=["respondent_id"]).to_csv(path, index=False)
    result = culturekit.diagnose(
        culturekit.load(
            staff=path,
            trust={"name": "T", "code": "RXX", "period": "1"},
            framework="nhs-staff-survey",
        ),
    )
    assert result.themes is not None
    theme = next(t for t in result.themes.themes if t.name == "We work flexibly")
    assert theme.suppressed and theme.score is None
    assert [s.suppressed for s in theme.subscores] == [False, True]


def test_mean_of_means_without_gaps_is_the_t_interval_of_row_means() -> None:
    rng = np.random.default_rng(7)
    block = rng.uniform(0, 10, size=(60, 3))
    rows = block.mean(axis=1)
    low, high = sps.t.interval(0.95, len(rows) - 1, rows.mean(), sps.sem(rows))
    found = culturekit.stats.mean_of_means_ci(block, 0.95)
    assert found.mean == pytest.approx(rows.mean())
    assert (found.ci_low, found.ci_high) == pytest.approx((low, high), abs=1e-12)


def test_the_example_is_what_its_generator_writes(tmp_path: Path) -> None:
    import importlib.util
    import sys

    script = EXAMPLE.parent / "generate_nss.py"
    spec = importlib.util.spec_from_file_location("generate_nss", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(script.parent))
    try:
        spec.loader.exec_module(module)
        written = module.generate(tmp_path)
    finally:
        sys.path.remove(str(script.parent))
    assert written.read_bytes() == EXAMPLE.read_bytes()


def test_the_report_shows_the_people_promise_first(diagnosis: Diagnosis) -> None:
    from culturekit.report.html import render_html

    html = render_html(diagnosis)
    html = html[html.index("</nav>") :]  # the contents list names them too
    order = [
        html.index(text)
        for text in (
            'id="themes"',
            ">People Promise</h3>",
            "We are compassionate and inclusive",
            ">Staff Engagement</h3>",
            ">Morale</h3>",
            'id="summary"',
        )
    ]
    assert order == sorted(order)
    assert diagnosis.themes is not None
    burnout = next(s for t in diagnosis.themes.themes for s in t.subscores if s.name == "Burnout")
    assert f"{burnout.score:.2f}" in html

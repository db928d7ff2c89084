"""The example workbooks exist, follow the contract and hold their planted findings.

Everything is computed here from the raw cells, independently of culturekit's scoring,
so the examples can be trusted as test data for it.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from scipy import stats

from culturekit.framework import default_framework

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GENERATOR = EXAMPLES / "generate.py"
CONTRACT_SHEETS = [
    "Trust",
    "Staff",
    "Board",
    "Stakeholders",
    "Workforce",
    "Recruitment",
    "Dashboard",
]
WORKBOOKS = [f"{t}-{c}.xlsx" for t in ("northwick", "elmbridge") for c in ("pre", "post")]
ELEMENTS = [
    "vision_values",
    "goals_performance",
    "support_compassion",
    "learning_innovation",
    "equity_inclusion",
    "teamwork",
]

# What examples/README.md promises, per trust.
PLANTED = {
    "northwick": {
        "priorities": ["learning_innovation", "equity_inclusion"],
        "strengths": ["teamwork"],
        "improved": ["learning_innovation", "support_compassion"],
        "unchanged": ["vision_values", "goals_performance", "equity_inclusion", "teamwork"],
    },
    "elmbridge": {
        "priorities": ["support_compassion", "equity_inclusion"],
        "strengths": ["vision_values"],
        "improved": ["support_compassion", "goals_performance"],
        "unchanged": ["vision_values", "learning_innovation", "equity_inclusion", "teamwork"],
    },
}
TRUSTS = list(PLANTED)
WHITE = {"White British", "White Irish", "White Other"}
BME = {"Asian or Asian British", "Black or Black British", "Mixed", "Other"}
NOT_ANSWERED = {"don't know", "n/a", "not applicable"}


@cache
def sheets(name: str) -> dict[str, pd.DataFrame]:
    path = EXAMPLES / name
    if not path.exists():
        pytest.fail(f"{path} is missing: run python examples/generate.py")
    return pd.read_excel(path, sheet_name=None, engine="calamine")


@cache
def framework():
    return default_framework()


def codes_of(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """Answer codes 1-5 (negatively worded items reversed); NaN where not answered."""
    fw = framework()
    labels = {p.label.lower(): p.code for p in fw.scale.points}

    def code(value: object) -> float:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return np.nan
        if isinstance(value, str):
            text = value.strip().lower()
            if text in NOT_ANSWERED:
                return np.nan
            return float(labels[text])
        number = float(value)
        assert number in {1, 2, 3, 4, 5}, value
        return number

    out = {}
    for item in fw.items_of(source):
        column = frame[item.code].map(code)
        out[item.code] = 6 - column if item.reverse else column
    return pd.DataFrame(out)


def element_scores(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """Respondent-level element scores on 0-10 (at least half the items answered)."""
    fw = framework()
    codes = codes_of(frame, source)
    scores = {}
    for element in ELEMENTS:
        cols = [i.code for i in fw.items_of(source, element)]
        block = (codes[cols] - 1) * 2.5
        enough = block.notna().sum(axis=1) >= fw.min_share_answered * len(cols)
        scores[element] = block.mean(axis=1).where(enough)
    return pd.DataFrame(scores)


def cronbach_alpha(block: pd.DataFrame) -> float:
    block = block.dropna()
    k = block.shape[1]
    return k / (k - 1) * (1 - block.var(ddof=1).sum() / block.sum(axis=1).var(ddof=1))


# ---------------------------------------------------------------------------------------
# Shape
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", WORKBOOKS)
def test_workbook_has_every_contract_sheet_and_headers(name: str) -> None:
    path = EXAMPLES / name
    assert path.exists()
    assert path.stat().st_size < 2_000_000
    data = sheets(name)
    assert list(data) == CONTRACT_SHEETS
    fw = framework()
    assert list(data["Trust"].columns) == ["field", "value"]
    fields = dict(zip(data["Trust"]["field"], data["Trust"]["value"], strict=True))
    assert set(fields) == {
        "trust_name", "trust_code", "period", "collected_on", "trust_type", "staff_headcount",
    }  # fmt: skip
    staff_items = [i.code for i in fw.items_of("staff")]
    assert list(data["Staff"].columns) == [
        "respondent_id", "staff_group", "band", "directorate", "ethnicity", "gender",
        "disability", "age_band", "length_of_service", *staff_items, "comment",
    ]  # fmt: skip
    board_items = [i.code for i in fw.items_of("board")]
    assert list(data["Board"].columns) == ["member_id", "role", *board_items, "key_messages"]
    stake_items = [i.code for i in fw.items_of("stakeholders")]
    assert list(data["Stakeholders"].columns) == ["stakeholder_type", *stake_items, "comment"]
    assert list(data["Workforce"].columns) == [
        "band", "staff_group", "ethnicity", "gender", "disability", "age_band", "board_member",
        "executive", "left_in_period", "entered_disciplinary", "entered_capability",
        "accessed_training",
    ]  # fmt: skip
    assert list(data["Recruitment"].columns) == ["ethnicity", "disability", "appointed"]
    assert list(data["Dashboard"].columns) == [
        "indicator", "element", "value", "benchmark", "best", "worst", "higher_is_better",
        "unit", "source", "period",
    ]  # fmt: skip


@pytest.mark.parametrize("name", WORKBOOKS)
def test_sizes_and_values_are_in_range(name: str) -> None:
    data = sheets(name)
    fields = dict(zip(data["Trust"]["field"], data["Trust"]["value"], strict=True))
    staff, board, stake = data["Staff"], data["Board"], data["Stakeholders"]
    assert 1500 <= len(staff) <= 3000
    assert 12 <= len(board) <= 20
    assert 50 <= len(stake) <= 150
    assert staff["respondent_id"].is_unique
    assert 0.2 <= len(staff) / int(fields["staff_headcount"]) <= 0.6
    assert set(board["role"]) <= {"executive", "non-executive", "other"}
    assert set(stake["stakeholder_type"]) <= {
        "patient", "carer", "commissioner", "partner", "regulator", "other",
    }  # fmt: skip
    assert 0.05 <= staff["comment"].notna().mean() <= 0.15
    workforce = data["Workforce"]
    assert len(workforce) >= int(fields["staff_headcount"])
    assert set(workforce["disability"]) == {"Yes", "No", "Not declared"}
    for column in ("board_member", "executive", "left_in_period", "entered_disciplinary"):
        assert set(workforce[column]) == {"Y", "N"}
    assert len(data["Recruitment"]) >= 300
    dashboard = data["Dashboard"]
    assert 12 <= len(dashboard) <= 20
    lookup = framework().element_lookup()
    ids = {lookup[str(e).strip().lower().replace(" ", "_")] for e in dashboard["element"]}
    assert ids == set(ELEMENTS)
    assert set(dashboard["element"]) & set(ELEMENTS)  # some ids
    assert set(dashboard["element"]) - set(ELEMENTS)  # and some names


@pytest.mark.parametrize("name", WORKBOOKS)
def test_one_workforce_and_one_turnover_in_every_sheet(name: str) -> None:
    """The Workforce sheet's staff are the Trust sheet's headcount (its non-executive
    directors are on the board, not staff), and its leavers give the Dashboard's turnover
    by the NHS definition: leavers over the average of those in post at the start and at
    the end of the period."""
    data = sheets(name)
    fields = dict(zip(data["Trust"]["field"], data["Trust"]["value"], strict=True))
    workforce = data["Workforce"]
    non_executive = (workforce["board_member"] == "Y") & (workforce["executive"] == "N")
    assert non_executive.sum() >= 6
    employees = workforce[~non_executive]
    assert len(employees) == int(fields["staff_headcount"])
    start = len(employees)
    leavers = int((employees["left_in_period"] == "Y").sum())
    end = start - leavers
    dashboard = data["Dashboard"]
    turnover = dashboard[dashboard["indicator"].str.contains("turnover", case=False)]
    assert len(turnover) == 1
    assert round(100 * leavers / ((start + end) / 2), 1) == float(turnover["value"].iloc[0])


@pytest.mark.parametrize("name", WORKBOOKS)
def test_answer_cells_mix_numbers_labels_blanks_and_not_answered(name: str) -> None:
    staff = sheets(name)["Staff"]
    items = [i.code for i in framework().items_of("staff")]
    cells = staff[items].to_numpy().ravel()
    text = [c for c in cells if isinstance(c, str)]
    not_answered = [c for c in text if c.strip().lower() in NOT_ANSWERED]
    labels = [c for c in text if c.strip().lower() not in NOT_ANSWERED]
    blank = sum(1 for c in cells if not isinstance(c, str) and pd.isna(c))
    assert 0.02 <= len(labels) / cells.size <= 0.04
    assert 0.005 <= blank / cells.size <= 0.03
    assert 10 <= len(not_answered) <= 0.01 * cells.size
    assert any(c != c.title() and c.islower() for c in labels)  # labels in other cases
    codes_of(staff, "staff")  # every cell parses


# ---------------------------------------------------------------------------------------
# Planted findings
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", WORKBOOKS)
def test_scales_are_internally_consistent(name: str) -> None:
    fw = framework()
    codes = codes_of(sheets(name)["Staff"], "staff")
    for element in ELEMENTS:
        cols = [i.code for i in fw.items_of("staff", element)]
        alpha = cronbach_alpha(codes[cols])
        assert 0.65 <= alpha <= 0.9, (element, alpha)


@pytest.mark.parametrize("name", WORKBOOKS)
def test_board_rates_culture_above_staff(name: str) -> None:
    data = sheets(name)
    staff = element_scores(data["Staff"], "staff").mean()
    board = element_scores(data["Board"], "board").mean()
    gap = board - staff
    assert (gap > 0.5).sum() >= 4, gap.round(2).to_dict()
    assert 0.7 <= gap.mean() <= 1.8, gap.round(2).to_dict()


@pytest.mark.parametrize("name", WORKBOOKS)
def test_bme_and_disabled_staff_score_equity_lower(name: str) -> None:
    staff = sheets(name)["Staff"]
    scores = element_scores(staff, "staff")
    white = staff["ethnicity"].isin(WHITE)
    bme = staff["ethnicity"].isin(BME)
    disabled = staff["disability"] == "Yes"
    not_disabled = staff["disability"] == "No"
    for a, b in ((white, bme), (not_disabled, disabled)):
        gap = scores[a].mean() - scores[b].mean()
        assert gap["equity_inclusion"] >= 0.9, gap.round(2).to_dict()
        others = gap.drop("equity_inclusion").abs()
        assert (others < 0.35).all(), gap.round(2).to_dict()


@pytest.mark.parametrize("name", WORKBOOKS)
def test_a_group_below_the_reporting_threshold(name: str) -> None:
    staff = sheets(name)["Staff"]
    threshold = framework().reporting_threshold
    small = [
        (column, value)
        for column in ("staff_group", "directorate")
        for value, count in staff[column].value_counts().items()
        if 1 <= count < threshold
    ]
    assert small


@pytest.mark.parametrize("trust", TRUSTS)
@pytest.mark.parametrize("collection", ["pre", "post"])
def test_priorities_and_strengths(trust: str, collection: str) -> None:
    data = sheets(f"{trust}-{collection}.xlsx")
    staff = element_scores(data["Staff"], "staff").mean()
    stake = element_scores(data["Stakeholders"], "stakeholders").mean()
    planted = PLANTED[trust]
    for element in planted["priorities"]:
        assert staff[element] < 6.0, (element, staff[element])
        assert stake[element] < 6.0, (element, stake[element])
    for element in planted["strengths"]:
        assert staff[element] > 7.0, (element, staff[element])
    others = [e for e in ELEMENTS if e not in planted["priorities"]]
    assert staff[others].min() > 6.0
    assert stake[others].min() > 6.0

    dashboard = data["Dashboard"]
    lookup = framework().element_lookup()
    element = [lookup[str(e).strip().lower().replace(" ", "_")] for e in dashboard["element"]]
    relative = (dashboard["value"] - dashboard["benchmark"]) / dashboard["benchmark"].abs()
    better_sign = np.where(dashboard["higher_is_better"] == "Y", 1, -1)
    worse = pd.Series(relative * better_sign < -0.05).groupby(pd.Series(element)).sum()
    better = pd.Series(relative * better_sign > 0.05).groupby(pd.Series(element)).sum()
    assert worse[planted["priorities"]].sum() >= 0.8 * worse.sum()
    assert better.sum() >= 2
    if collection == "pre":
        assert (worse[planted["priorities"]] >= 2).all()


@pytest.mark.parametrize("trust", TRUSTS)
def test_planted_changes_and_non_changes(trust: str) -> None:
    pre = element_scores(sheets(f"{trust}-pre.xlsx")["Staff"], "staff")
    post = element_scores(sheets(f"{trust}-post.xlsx")["Staff"], "staff")
    planted = PLANTED[trust]
    for element in ELEMENTS:
        a, b = pre[element].dropna(), post[element].dropna()
        result = stats.ttest_ind(b, a, equal_var=False)
        diff = b.mean() - a.mean()
        if element in planted["improved"]:
            assert result.pvalue < 0.001 and 0.4 <= diff <= 1.0, (element, diff)
        elif element in planted["unchanged"]:
            assert result.pvalue > 0.05 and abs(diff) < 0.15, (element, diff, result.pvalue)


@pytest.mark.parametrize("trust", TRUSTS)
def test_pre_and_post_use_different_respondents(trust: str) -> None:
    pre = sheets(f"{trust}-pre.xlsx")["Staff"]
    post = sheets(f"{trust}-post.xlsx")["Staff"]
    assert not set(pre["respondent_id"]) & set(post["respondent_id"])
    assert len(pre) != len(post)
    assert abs(len(pre) - len(post)) / len(pre) < 0.15
    periods = [
        dict(zip(s["Trust"]["field"], s["Trust"]["value"], strict=True))["period"]
        for s in (sheets(f"{trust}-pre.xlsx"), sheets(f"{trust}-post.xlsx"))
    ]
    assert periods == ["2025 baseline", "2026 follow-up"]


def _rate(frame: pd.DataFrame, mask: pd.Series, column: str) -> float:
    return float((frame.loc[mask, column] == "Y").mean())


@pytest.mark.parametrize("name", WORKBOOKS)
def test_workforce_equality_findings(name: str) -> None:
    data = sheets(name)
    wf = data["Workforce"]
    white = wf["ethnicity"].isin(WHITE)
    bme = wf["ethnicity"].isin(BME)
    stated = white | bme
    assert (~stated).sum() > 0  # a declaration gap
    assert (wf["disability"] == "Not declared").mean() > 0.05

    def bme_share(mask: pd.Series) -> float:
        return float(bme[mask & stated].mean())

    overall = bme_share(pd.Series(True, index=wf.index))
    leaders = wf["band"].isin(framework().rules.leadership_bands) | (wf["board_member"] == "Y")
    assert bme_share(wf["band"].isin(["Band 5", "Band 6"])) > overall
    assert bme_share(leaders) < overall / 2
    assert bme_share(wf["board_member"] == "Y") < overall / 2

    disciplinary = _rate(wf, bme, "entered_disciplinary") / _rate(wf, white, "entered_disciplinary")
    assert 1.5 <= disciplinary <= 2.0
    training = _rate(wf, white, "accessed_training") / _rate(wf, bme, "accessed_training")
    assert 1.05 <= training <= 1.4
    older = wf["age_band"].isin(framework().rules.succession_age_bands)
    assert older[leaders].mean() >= 0.2

    rec = data["Recruitment"]
    likelihood = _rate(rec, rec["ethnicity"].isin(WHITE), "appointed") / _rate(
        rec, rec["ethnicity"].isin(BME), "appointed"
    )
    assert 1.5 <= likelihood <= 1.8


# ---------------------------------------------------------------------------------------
# Determinism
# ---------------------------------------------------------------------------------------


def _cell_values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    workbook = load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}
    finally:
        workbook.close()


def test_generator_is_deterministic(tmp_path: Path) -> None:
    # One workbook (the smallest) built twice in this process is enough to show the
    # generator depends on nothing but its seed; building all four takes minutes.
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    sys.modules["generate"] = generate
    spec.loader.exec_module(generate)
    trust = next(t for t in generate.TRUSTS if t.slug == "elmbridge")
    collection = next(c for c in trust.collections if c.key == "post")
    paths = []
    for run in ("a", "b"):
        path = tmp_path / f"{run}.xlsx"
        generate.save_reproducibly(
            generate.build_workbook(trust, collection, generate.default_framework()), path
        )
        paths.append(path)
    assert _cell_values(paths[0]) == _cell_values(paths[1])
    assert paths[0].read_bytes() == paths[1].read_bytes()

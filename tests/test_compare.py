"""Tests for culturekit.comparison (culturekit.compare).

Every expected statistic is computed here independently, from respondent scores this
module rebuilds from the raw answer codes (scipy, statsmodels, pingouin), never copied
from culturekit's own output.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
import scipy.stats as st
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as hst
from openpyxl import Workbook
from statsmodels.stats.multitest import multipletests

from culturekit.comparison import Comparison, compare
from culturekit.comparison.groups import joint_suppression as _joint_suppression
from culturekit.errors import ComparisonError
from culturekit.framework import Framework, default_framework
from culturekit.ingest.dashboard import DashboardData, DashboardIndicator
from culturekit.ingest.models import InputFile, SurveyData, TrustData, TrustInfo
from culturekit.report.presentation.comparison import comparison_warnings
from culturekit.report.presentation.methods import comparison_methods
from culturekit.report.presentation.words import verdict_mark
from culturekit.scoring.breakdowns import breakdown_by
from culturekit.scoring.perceptions import score_respondents

FW = default_framework()
ELEMENTS = [e.id for e in FW.elements]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REL = 1e-9

# What the synthetic collections plant (latent answer code, 1-5, before noise).
BASE = 3.3
IMPROVED = "support_compassion"  # staff: clearly better in post
WORSENED = "goals_performance"  # staff: clearly worse in post
SHIFT = 1.0


# --------------------------------------------------------------------------- builders


def answers(
    rng: np.random.Generator, n: int, source: str, latent: dict[str, float], drop: tuple = ()
) -> pd.DataFrame:
    """Raw answer codes (1-5) as a respondent would tick them; ~5% left blank."""
    columns = {}
    person = rng.normal(0.0, 0.6, size=n)
    for item in FW.items_of(source):
        if item.code in drop:
            continue
        favourable = np.clip(np.rint(latent[item.element] + person + rng.normal(0, 0.9, n)), 1, 5)
        raw = 6 - favourable if item.reverse else favourable
        raw[rng.random(n) < 0.05] = np.nan
        columns[item.code] = raw
    return pd.DataFrame(columns)


def survey(source: str, codes: pd.DataFrame, groups: dict[str, list] | None = None) -> SurveyData:
    groups = groups or {}
    frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in groups.items()})
    frame.index = codes.index
    return SurveyData(
        source=source,  # type: ignore[arg-type]
        codes=codes.astype(float),
        not_applicable=pd.DataFrame(False, index=codes.index, columns=codes.columns),
        groups=frame,
        group_names={k: k.replace("_", " ").capitalize() for k in groups},
        comments=None,
        rows=np.arange(2, len(codes) + 2),
        file="synthetic.xlsx",
        sheet=source.capitalize(),
    )


def trust_data(
    surveys: dict[str, SurveyData],
    *,
    code: str = "RXA",
    period: str = "2024 baseline",
    headcount: int | None = 1000,
    sha: str = "a" * 64,
    framework: Framework = FW,
) -> TrustData:
    return TrustData(
        trust=TrustInfo(name=f"Trust {code}", code=code, period=period, staff_headcount=headcount),
        framework=framework,
        surveys=surveys,
        inputs=[InputFile(path=f"{period}.xlsx", sha256=sha)],
    )


STAFF_GROUPS_PRE = {"Nursing": 150, "Medical": 80, "Admin": 45, "Estates": 25}
# Admin falls to 5 in post: hidden on both sides, and Estates with it (complementary).
STAFF_GROUPS_POST = {"Nursing": 150, "Medical": 80, "Admin": 5, "Estates": 65}


def labels(sizes: dict[str, int]) -> list[str]:
    return [g for g, n in sizes.items() for _ in range(n)]


def pair(seed: int = 7) -> tuple[TrustData, TrustData]:
    """A baseline and a follow-up with planted changes (the data every test starts from)."""
    rng = np.random.default_rng(seed)
    flat = dict.fromkeys(ELEMENTS, BASE)
    moved = flat | {IMPROVED: BASE + SHIFT, WORSENED: BASE - SHIFT}
    n = 300
    pre = trust_data(
        {
            "staff": survey(
                "staff",
                answers(rng, n, "staff", flat, drop=("EI4",)),
                {
                    "staff_group": labels(STAFF_GROUPS_PRE),
                    "site": ["North"] * 150 + ["South"] * 150,
                    "band": ["Band 5"] * n,
                },
            ),
            "board": survey("board", answers(rng, 15, "board", flat)),
            "stakeholders": survey("stakeholders", answers(rng, 60, "stakeholders", flat)),
        },
        period="2024 baseline",
        sha="a" * 64,
    )
    post = trust_data(
        {
            "staff": survey(
                "staff",
                answers(rng, n, "staff", moved, drop=("LI4",)),
                {
                    "staff_group": labels(STAFF_GROUPS_POST),
                    "site": ["North"] * 150 + ["South"] * 120 + ["East"] * 30,
                },
            ),
            # 8 board members in post: below the threshold of 11
            "board": survey("board", answers(rng, 8, "board", flat)),
            "stakeholders": survey("stakeholders", answers(rng, 60, "stakeholders", flat)),
        },
        period="2025 follow-up",
        sha="b" * 64,
    )
    return pre, post


@pytest.fixture(scope="module")
def data() -> tuple[TrustData, TrustData]:
    return pair()


@pytest.fixture(scope="module")
def result(data: tuple[TrustData, TrustData]) -> Comparison:
    return compare(*data)


# --------------------------------------------------------------------------- oracles


def element_scores(codes: pd.DataFrame, source: str, element: str) -> np.ndarray:
    """Respondent scores on an element, rebuilt from the raw codes by the NHS rule."""
    items = [i for i in FW.items_of(source, element) if i.code in codes.columns]
    block = np.column_stack(
        [((5 - codes[i.code]) if i.reverse else (codes[i.code] - 1)).to_numpy() * 2.5
         for i in items]
    )  # fmt: skip
    answered = (~np.isnan(block)).sum(axis=1)
    needed = math.ceil(0.5 * len(items))
    out = []
    for row, k in zip(block, answered, strict=True):
        if k >= needed:
            out.append(np.nanmean(row))
    return np.array(out)


def positive_answers(codes: pd.DataFrame, source: str, element: str) -> tuple[int, int]:
    items = [i for i in FW.items_of(source, element) if i.code in codes.columns]
    positive = answered = 0
    for item in items:
        col = codes[item.code].dropna().to_numpy()
        favourable = 6 - col if item.reverse else col
        positive += int((favourable >= 4).sum())
        answered += len(col)
    return positive, answered


def positive_by_respondent(
    codes: pd.DataFrame, source: str, element: str
) -> tuple[list[int], list[int]]:
    """Each respondent's favourable answers and answers given on the element's items."""
    items = [i for i in FW.items_of(source, element) if i.code in codes.columns]
    positive, answered = [], []
    for _, row in codes[[i.code for i in items]].iterrows():
        pos = ans = 0
        for item in items:
            code = row[item.code]
            if np.isnan(code):
                continue
            ans += 1
            pos += int((6 - code if item.reverse else code) >= 4)
        positive.append(pos)
        answered.append(ans)
    return positive, answered


def clustered_share(positive: list[int], answered: list[int]) -> tuple[float, float]:
    """statsmodels: the share of favourable answers and its variance, respondents as
    clusters (OLS of the answers on a constant, cluster-robust errors)."""
    y, who = [], []
    for person, (pos, ans) in enumerate(zip(positive, answered, strict=True)):
        y += [1.0] * pos + [0.0] * (ans - pos)
        who += [person] * ans
    fit = sm.OLS(np.array(y), np.ones(len(y))).fit(
        cov_type="cluster", cov_kwds={"groups": np.array(who)}
    )
    return float(fit.params[0]), float(fit.bse[0]) ** 2


def expected_verdict(pre: np.ndarray, post: np.ndarray, p_adjusted: float, tests: int) -> str:
    """The verdict rule worked out here: Welch's standard error and degrees of freedom
    by hand, the detectable change from scipy's t quantiles at alpha / tests."""
    va, vb = np.var(pre, ddof=1) / len(pre), np.var(post, ddof=1) / len(post)
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (len(pre) - 1) + vb**2 / (len(post) - 1))
    rules = FW.rules
    mdc = (
        st.t.ppf(1 - rules.change_alpha / (2 * tests), df) + st.t.ppf(rules.change_power, df)
    ) * se
    change = post.mean() - pre.mean()
    if p_adjusted < rules.change_alpha and round(abs(change), 2) > 0:
        return "better" if change > 0 else "worse"
    return "no clear change" if mdc <= rules.meaningful_change else "too few to tell"


def raw(data: TrustData, source: str) -> pd.DataFrame:
    return data.surveys[source].codes


def pairs_tested(pre: TrustData, post: TrustData) -> list[tuple[str, str]]:
    """Element × source pairs with at least 11 scored respondents on both sides."""
    out = []
    for element in ELEMENTS:
        for source in ("staff", "board", "stakeholders"):
            a = element_scores(raw(pre, source), source, element)
            b = element_scores(raw(post, source), source, element)
            if len(a) >= 11 and len(b) >= 11:
                out.append((element, source))
    return out


# --------------------------------------------------------------------------- statistics


def test_scores_change_interval_and_welch_test_match_scipy(data, result):
    pre, post = data
    for element, source in pairs_tested(pre, post):
        a = element_scores(raw(pre, source), source, element)
        b = element_scores(raw(post, source), source, element)
        got = result.element(element).sources[source]
        test = st.ttest_ind(b, a, equal_var=False)
        ci = test.confidence_interval(0.95)
        assert got.pre == pytest.approx(np.mean(a), rel=REL)
        assert got.post == pytest.approx(np.mean(b), rel=REL)
        assert got.change == pytest.approx(np.mean(b) - np.mean(a), rel=REL, abs=1e-12)
        assert got.ci_low == pytest.approx(ci.low, rel=1e-7)
        assert got.ci_high == pytest.approx(ci.high, rel=1e-7)
        assert got.p_value == pytest.approx(test.pvalue, rel=1e-7)
        assert got.n_pre == len(a) and got.n_post == len(b)


def test_hedges_g_matches_pingouin(data, result):
    pre, post = data
    for element, source in pairs_tested(pre, post):
        a = element_scores(raw(pre, source), source, element)
        b = element_scores(raw(post, source), source, element)
        expected = pg.compute_effsize(b, a, paired=False, eftype="hedges")
        assert result.element(element).sources[source].effect_size == pytest.approx(
            expected, rel=1e-9
        )


def test_holm_is_applied_across_every_element_and_source(data, result):
    pre, post = data
    pairs = pairs_tested(pre, post)
    assert len(pairs) == 12  # staff and stakeholders; board is too small in post
    p = []
    for element, source in pairs:
        a = element_scores(raw(pre, source), source, element)
        b = element_scores(raw(post, source), source, element)
        p.append(st.ttest_ind(b, a, equal_var=False).pvalue)
    expected = multipletests(p, method="holm")[1]
    got = [result.element(e).sources[s].p_adjusted for e, s in pairs]
    assert got == pytest.approx(list(expected), rel=1e-7)
    assert comparison_methods(result)["multiple_comparisons"] == "Holm"
    assert result.correction == "holm"


def test_fdr_bh_correction_on_request(data):
    pre, post = data
    got = compare(pre, post, correction="fdr_bh")
    pairs = pairs_tested(pre, post)
    p = [
        st.ttest_ind(
            element_scores(raw(post, s), s, e),
            element_scores(raw(pre, s), s, e),
            equal_var=False,
        ).pvalue
        for e, s in pairs
    ]
    expected = multipletests(p, method="fdr_bh")[1]
    assert [got.element(e).sources[s].p_adjusted for e, s in pairs] == pytest.approx(
        list(expected), rel=1e-7
    )
    assert comparison_methods(got)["multiple_comparisons"] == "Benjamini–Hochberg"
    with pytest.raises(ValueError, match="correction"):
        compare(pre, post, correction="bonferroni")  # type: ignore[arg-type]


def test_percent_positive_change_matches_clustered_statsmodels(data, result):
    """Each person gives several answers: the test has respondents as clusters."""
    pre, post = data
    pairs = pairs_tested(pre, post)
    p = []
    for element, source in pairs:
        x_a, n_a = positive_answers(raw(pre, source), source, element)
        x_b, n_b = positive_answers(raw(post, source), source, element)
        share_a, var_a = clustered_share(*positive_by_respondent(raw(pre, source), source, element))
        share_b, var_b = clustered_share(
            *positive_by_respondent(raw(post, source), source, element)
        )
        z = (share_b - share_a) / math.sqrt(var_a + var_b)
        p_value = 2 * st.norm.sf(abs(z))
        p.append(p_value)
        got = result.element(element).sources[source]
        assert got.percent_positive_pre == pytest.approx(100 * x_a / n_a, rel=REL)
        assert got.percent_positive_post == pytest.approx(100 * x_b / n_b, rel=REL)
        assert got.percent_positive_change == pytest.approx(
            100 * x_b / n_b - 100 * x_a / n_a, rel=1e-9, abs=1e-9
        )
        assert got.percent_positive_p == pytest.approx(p_value, rel=1e-7)
        independent = share_a * (1 - share_a) / n_a + share_b * (1 - share_b) / n_b
        assert got.percent_positive_design_effect == pytest.approx(
            (var_a + var_b) / independent, rel=1e-7
        )
        half = st.norm.ppf(0.975) * math.sqrt(var_a + var_b)
        assert got.percent_positive_ci_low == pytest.approx(100 * (share_b - share_a - half))
        assert got.percent_positive_ci_high == pytest.approx(100 * (share_b - share_a + half))
    expected = multipletests(p, method="holm")[1]
    got_adjusted = [result.element(e).sources[s].percent_positive_p_adjusted for e, s in pairs]
    assert got_adjusted == pytest.approx(list(expected), rel=1e-7)


def test_planted_changes_get_their_verdicts(data, result):
    improved = result.element(IMPROVED).sources["staff"]
    assert improved.verdict == "better" and verdict_mark(improved.verdict) == "▲"
    assert improved.change > 0.5 and improved.p_adjusted < 0.05
    worsened = result.element(WORSENED).sources["staff"]
    assert worsened.verdict == "worse" and verdict_mark(worsened.verdict) == "▼"
    pre, post = data
    tests = len(pairs_tested(pre, post))
    for element in ELEMENTS:
        if element in (IMPROVED, WORSENED):
            continue
        for source in ("staff", "stakeholders"):
            unchanged = result.element(element).sources[source]
            assert unchanged.p_adjusted >= 0.05
            a = element_scores(raw(pre, source), source, element)
            b = element_scores(raw(post, source), source, element)
            expected = expected_verdict(a, b, unchanged.p_adjusted, tests)
            assert unchanged.verdict == expected, (element, source)
            assert verdict_mark(unchanged.verdict) == (
                "●" if expected == "no clear change" else "○"
            )
    # 60 stakeholders a side cannot find half a point: never "no clear change".
    assert all(
        result.element(e).sources["stakeholders"].verdict == "too few to tell" for e in ELEMENTS
    )


def test_summary_lists_pairs_by_verdict(result):
    improved = {(r.element, r.source) for r in result.summary.improved}
    worsened = {(r.element, r.source) for r in result.summary.worsened}
    assert improved == {(IMPROVED, "staff")}
    assert worsened == {(WORSENED, "staff")}
    assert len(result.summary.no_clear_change) + len(result.summary.too_few_to_tell) == 10
    assert {r.source for r in result.summary.not_tested} == {"board"}
    assert result.summary.improved[0].element_name == "Support and compassion"


def test_side_below_threshold_is_suppressed_and_not_tested(result):
    board = result.element("teamwork").sources["board"]
    assert board.suppressed is True
    assert board.verdict == "not tested" and verdict_mark(board.verdict) == "–"
    assert board.reason == "fewer than 11 responses in 2025 follow-up"
    # the 8 post members give no figure; the 15 pre members may be shown
    assert board.post is None and board.n_post is None and board.percent_positive_post is None
    assert board.pre is not None and board.n_pre == 15
    assert board.change is None and board.p_value is None and board.p_adjusted is None
    assert board.effect_size is None


def test_zero_variance_is_not_tested_rather_than_failing():
    codes = pd.DataFrame({i.code: [4.0] * 20 for i in FW.items_of("staff")})
    pre = trust_data({"staff": survey("staff", codes)})
    post = trust_data({"staff": survey("staff", codes)}, period="2025", sha="c" * 64)
    got = compare(pre, post).element("teamwork").sources["staff"]
    assert got.verdict == "not tested" and not got.suppressed
    assert got.change == 0 and got.p_value is None
    assert "not tested" in got.reason


def test_methods_are_named(result):
    methods = comparison_methods(result)
    values = set(methods.values())
    for name in (
        "Welch's t-test on respondent scores",
        "Hedges' g",
        "Holm",
    ):
        assert name in values
    assert "respondent-clustered" in methods["percent_positive_test"]


# --------------------------------------------------------------------------- items


def item_score(codes: pd.DataFrame, code: str) -> float:
    item = next(i for i in FW.items_of("staff") if i.code == code)
    col = codes[code].dropna().to_numpy()
    return float(np.mean((5 - col if item.reverse else col - 1) * 2.5))


def test_items_matched_by_code_in_questionnaire_order(data, result):
    pre, post = data
    staff = [i for i in result.items if i.source == "staff"]
    expected_order = [
        i.code for i in FW.items_of("staff") if i.code not in ("EI4", "LI4")
    ]  # framework order is element order, then questionnaire order
    assert [i.code for i in staff] == expected_order
    for item in staff:
        a = item_score(raw(pre, "staff"), item.code)
        b = item_score(raw(post, "staff"), item.code)
        assert item.pre == pytest.approx(a, rel=REL)
        assert item.post == pytest.approx(b, rel=REL)
        assert item.change == pytest.approx(b - a, rel=1e-9, abs=1e-12)


def test_largest_item_changes_are_flagged_per_source(data, result):
    pre, post = data
    staff = [i for i in result.items if i.source == "staff"]
    changes = {
        i.code: item_score(raw(post, "staff"), i.code) - item_score(raw(pre, "staff"), i.code)
        for i in staff
    }
    top = sorted(changes, key=lambda c: -abs(changes[c]))[:5]
    flagged = [i for i in staff if i.largest_change]
    assert {i.code for i in flagged} == set(top)
    assert sorted(i.change_rank for i in flagged) == [1, 2, 3, 4, 5]
    assert next(i for i in flagged if i.change_rank == 1).code == top[0]
    stakeholders = [i for i in result.items if i.source == "stakeholders"]
    assert sum(i.largest_change for i in stakeholders) == 5


def test_items_on_one_side_only_are_listed(result):
    assert [(i.source, i.code) for i in result.items_only_pre] == [("staff", "LI4")]
    assert [(i.source, i.code) for i in result.items_only_post] == [("staff", "EI4")]
    assert result.items_only_post[0].element == "equity_inclusion"
    assert "EI4" not in {i.code for i in result.items}


def test_items_below_threshold_are_suppressed(result):
    board_items = [i for i in result.items if i.source == "board"]
    assert board_items and all(i.suppressed and i.post is None for i in board_items)
    assert all(not i.largest_change for i in board_items)


# --------------------------------------------------------------------------- breakdowns


def test_group_small_on_one_side_is_suppressed_on_both(result):
    groups = {g.label: g for g in _breakdown(result, "staff_group").groups}
    admin = groups["Admin"]
    assert admin.suppressed and admin.n_pre is None and admin.n_post is None
    assert admin.elements == {}
    assert admin.reason == "fewer than 11 responses in 2025 follow-up"
    # Estates is large on both sides but must go too, or Admin's post figure could be
    # worked out by subtraction; it is hidden on the pre side as well.
    estates = groups["Estates"]
    assert estates.suppressed
    assert "subtraction" in estates.reason
    dumped = json.loads(result.to_json())
    staff_group = next(b for b in dumped["breakdowns"] if b["by"] == "staff_group")
    hidden = {g["label"]: g for g in staff_group["groups"] if g["suppressed"]}
    assert set(hidden) == {"Admin", "Estates"}
    assert all("elements" not in g and "n_pre" not in g for g in hidden.values())


def _breakdown(result: Comparison, by: str):
    return next(b for b in result.breakdowns if b.by == by)


def test_shown_groups_have_pre_post_and_change(data, result):
    pre, post = data
    nursing = next(g for g in _breakdown(result, "staff_group").groups if g.label == "Nursing")
    assert not nursing.suppressed and (nursing.n_pre, nursing.n_post) == (150, 150)
    for element in ELEMENTS:
        a = element_scores(raw(pre, "staff").iloc[:150], "staff", element)
        b = element_scores(raw(post, "staff").iloc[:150], "staff", element)
        cell = nursing.elements[element]
        assert cell.pre == pytest.approx(np.mean(a), rel=REL)
        assert cell.post == pytest.approx(np.mean(b), rel=REL)
        assert cell.change == pytest.approx(np.mean(b) - np.mean(a), rel=1e-9, abs=1e-12)


def test_group_on_one_side_only_has_no_change(result):
    east = next(g for g in _breakdown(result, "site").groups if g.label == "East")
    assert not east.suppressed and east.n_pre == 0 and east.n_post == 30
    assert east.reason == "no respondents in 2024 baseline"
    assert all(c.pre is None and c.change is None and c.post is not None
               for c in east.elements.values())  # fmt: skip


def test_grouping_on_one_side_only_is_noted_not_compared(result):
    assert "band" not in {b.by for b in result.breakdowns}
    assert any("'Band'" in n and "pre collection only" in n for n in result.notices)


def test_comparison_hides_every_group_either_diagnosis_hides(data, result):
    """Read together, a diagnosis and the comparison must not reveal a hidden group."""
    for side in data:
        staff = side.surveys["staff"]
        scored = score_respondents(staff, FW)
        mask = scored.scored_any.to_numpy()
        for key in ("staff_group", "site"):
            diagnosis = breakdown_by(
                staff.groups[key][mask].fillna("Not stated"),
                scored.element_scores[mask], FW, "staff", key, key,
            )  # fmt: skip
            hidden_there = {g.label for g in diagnosis.groups if g.suppressed}
            hidden_here = {g.label for g in _breakdown(result, key).groups if g.suppressed}
            assert hidden_there <= hidden_here


@settings(max_examples=200, deadline=None)
@given(hst.lists(hst.tuples(hst.integers(0, 40), hst.integers(0, 40)), min_size=1, max_size=6))
def test_joint_suppression_protects_both_sides(sizes):
    labels = [f"g{i}" for i in range(len(sizes))]
    pre = {g: a for g, (a, _) in zip(labels, sizes, strict=True)}
    post = {g: b for g, (_, b) in zip(labels, sizes, strict=True)}
    hidden = _joint_suppression(pre, post, 11)
    for counts in (pre, post):
        shown = [g for g in labels if g not in hidden]
        # every shown group is empty or reportable on this side
        assert all(counts[g] == 0 or counts[g] >= 11 for g in shown)
        hidden_people = [counts[g] for g in hidden if counts[g] > 0]
        if hidden_people and shown and any(counts[g] > 0 for g in shown):
            # what is hidden cannot be narrowed to one small group by subtraction
            assert len(hidden_people) >= 2 and sum(hidden_people) >= 11


# --------------------------------------------------------------------------- response


def test_response_counts_and_rates(result):
    staff = result.response["staff"]
    assert (staff.respondents_pre, staff.respondents_post) == (300, 300)
    assert staff.rate_pre == pytest.approx(0.3) and staff.rate_post == pytest.approx(0.3)
    assert result.response["board"].respondents_post == 8
    assert result.response["board"].rate_pre is None
    # board 15 -> 8 is a fall of 47%: warned of
    assert any(
        "Board respondent numbers differ" in w and "bias" in w for w in comparison_warnings(result)
    )
    assert not any("Staff" in w for w in comparison_warnings(result))


def test_response_rate_difference_warns():
    pre, post = pair(seed=11)
    post = post.model_copy(
        update={"trust": post.trust.model_copy(update={"staff_headcount": 2000})}
    )
    got = compare(pre, post)
    assert got.response["staff"].rate_change == pytest.approx(0.15 - 0.3)
    assert any("Staff response rates differ" in w and "bias" in w for w in comparison_warnings(got))


def test_response_rate_exactly_ten_points_apart_does_not_warn():
    pre, post = pair(seed=11)
    post = post.model_copy(
        update={"trust": post.trust.model_copy(update={"staff_headcount": 750})}
    )  # 300 / 750 = 40% against 30%
    assert not any("response rates" in w for w in comparison_warnings(compare(pre, post)))


# --------------------------------------------------------------------------- checks


def test_different_trusts_are_refused_unless_allowed(data):
    pre, post = data
    other = post.model_copy(update={"trust": post.trust.model_copy(update={"code": "RYY"})})
    with pytest.raises(ComparisonError) as info:
        compare(pre, other)
    message = str(info.value)
    assert "RXA" in message and "RYY" in message and "allow_different_trusts=True" in message
    assert info.value.remedy == "allow_different_trusts"
    allowed = compare(pre, other, allow_different_trusts=True)
    assert allowed.trust.code == "RXA" and allowed.post.trust_code == "RYY"
    assert any("different trusts" in w for w in comparison_warnings(allowed))


def test_same_period_is_refused(data):
    pre, post = data
    same = post.model_copy(
        update={"trust": post.trust.model_copy(update={"period": "2024  Baseline"})}
    )
    with pytest.raises(ComparisonError, match="period"):
        compare(pre, same)


def test_same_data_twice_is_refused(data):
    pre, post = data
    with pytest.raises(ComparisonError, match="same"):
        compare(pre, pre)
    twin = post.model_copy(update={"inputs": list(pre.inputs)})
    with pytest.raises(ComparisonError, match="identical input files"):
        compare(pre, twin)


def test_different_framework_with_same_elements_is_a_notice(data):
    pre, post = data
    custom = FW.model_copy(update={"id": "our-framework", "version": "2"})
    got = compare(pre, post.model_copy(update={"framework": custom}))
    assert any("different frameworks" in n for n in got.notices)
    assert got.post.framework_id == "our-framework"


def test_different_framework_with_other_elements_is_refused(data):
    pre, post = data
    spec = FW.model_dump()
    spec["id"] = "five-elements"
    spec["elements"] = [e for e in spec["elements"] if e["id"] != "equity_inclusion"]
    for instrument in spec["instruments"].values():
        instrument["items"] = [i for i in instrument["items"] if i["element"] != "equity_inclusion"]
    five = Framework.model_validate(spec)
    with pytest.raises(ComparisonError, match="equity_inclusion"):
        compare(pre, post.model_copy(update={"framework": five}))


def test_source_on_one_side_only_is_noted(data):
    pre, post = data
    without = post.model_copy(
        update={"surveys": {k: v for k, v in post.surveys.items() if k != "stakeholders"}}
    )
    got = compare(pre, without)
    assert got.sources == ["staff", "board"]
    assert "stakeholders" not in got.element("teamwork").sources
    assert any("Stakeholders" in n and "pre collection" in n for n in got.notices)


# --------------------------------------------------------------------------- other sources


def dashboard(*rows: tuple[str, str, float, bool]) -> DashboardData:
    return DashboardData(
        indicators=[
            DashboardIndicator(
                indicator=name, element=element, value=value, higher_is_better=higher, row=i
            )
            for i, (name, element, value, higher) in enumerate(rows, start=2)
        ],
        file="dashboard.xlsx",
        sheet="Dashboard",
    )


def test_dashboard_indicators_matched_by_name_with_direction(data):
    pre, post = data
    before = dashboard(
        ("Staff turnover rate", "teamwork", 12.0, False),
        ("Appraisal rate", "learning_innovation", 80.0, True),
        ("Sickness absence", "support_compassion", 5.0, False),
        ("Old indicator", "vision_values", 1.0, True),
    )
    after = dashboard(
        ("  staff TURNOVER   rate", "teamwork", 10.5, False),
        ("Appraisal rate", "learning_innovation", 75.0, True),
        ("Sickness absence", "support_compassion", 5.0, False),
        ("New indicator", "vision_values", 2.0, True),
    )
    got = compare(
        pre.model_copy(update={"dashboard": before}), post.model_copy(update={"dashboard": after})
    ).dashboard
    assert got is not None
    by_name = {i.name.strip().lower(): i for i in got}
    turnover = by_name["staff turnover   rate"]
    assert (turnover.pre, turnover.post) == (12.0, 10.5)
    # 1.5 of 12 and 5 of 80 are beyond 5% of the value: moves, each by its sense of better.
    assert turnover.change == pytest.approx(-1.5) and turnover.verdict == "better"
    appraisal = by_name["appraisal rate"]
    assert appraisal.change == pytest.approx(-5.0) and appraisal.verdict == "worse"
    assert by_name["sickness absence"].verdict == "no clear change"  # did not move
    old = by_name["old indicator"]
    assert old.post is None and old.verdict == "not tested"
    assert by_name["new indicator"].pre is None and by_name["new indicator"].change is None
    assert compare(pre, post).dashboard is None  # no Dashboard sheet on either side


# --------------------------------------------------------------------------- JSON


def test_json_is_byte_identical_across_runs():
    first = compare(*pair()).to_json()
    second = compare(*pair()).to_json()
    assert first == second
    assert first.endswith("}\n")
    document = json.loads(first)
    for key in (
        "schema_version", "culturekit_version", "trust", "pre", "post", "elements", "items",
        "items_only_pre", "items_only_post", "breakdowns", "response", "warnings", "notices",
        "summary", "correction",
    ):  # fmt: skip
        assert key in document
    # The methods in words are the report's; the document carries their parameters.
    assert "methods" not in document
    staff = document["elements"][0]["sources"]["staff"]
    for key in (
        "pre", "post", "change", "ci_low", "ci_high", "p_value", "p_adjusted", "effect_size",
        "verdict", "n_pre", "n_post", "percent_positive_pre",
        "percent_positive_post", "percent_positive_change", "percent_positive_p",
        "percent_positive_p_adjusted", "suppressed", "reason",
    ):  # fmt: skip
        assert key in staff
    # The glyph is presentation: it left the JSON with schema 2.0.
    assert "symbol" not in staff and document["schema_version"] == "3.0"


# --------------------------------------------------------------------------- workbooks


def write_workbook(path: Path, period: str, codes: pd.DataFrame, code: str = "RXA") -> Path:
    book = Workbook()
    trust = book.active
    trust.title = "Trust"
    trust.append(["field", "value"])
    for row in (("trust_name", "Trust A"), ("trust_code", code), ("period", period)):
        trust.append(list(row))
    staff = book.create_sheet("Staff")
    staff.append(["respondent_id", *codes.columns])
    for i, row in enumerate(codes.itertuples(index=False), start=1):
        staff.append([i, *(None if np.isnan(v) else int(v) for v in row)])
    book.save(path)
    return path


def test_workbooks_compare_and_same_workbook_is_refused(tmp_path):
    rng = np.random.default_rng(3)
    flat = dict.fromkeys(ELEMENTS, BASE)
    pre = write_workbook(tmp_path / "pre.xlsx", "2024", answers(rng, 40, "staff", flat))
    post = write_workbook(tmp_path / "post.xlsx", "2025", answers(rng, 40, "staff", flat))
    got = compare(pre, post)
    assert got.pre.inputs[0].path.endswith("pre.xlsx") and len(got.pre.inputs[0].sha256) == 64
    assert compare(pre, post).to_json() == got.to_json()
    with pytest.raises(ComparisonError, match="same workbook"):
        compare(pre, pre)
    copy = shutil.copy(pre, tmp_path / "copy.xlsx")
    with pytest.raises(ComparisonError, match="same workbook"):
        compare(pre, copy)


# --------------------------------------------------------------------------- examples


EXAMPLE_TRUSTS = ("northwick", "elmbridge")
# examples/README.md, "Improved by the follow-up" and "Planted non-changes" per trust.
PLANTED_STAFF = {
    "northwick": {
        "improved": ("learning_innovation", "support_compassion"),
        "unchanged": ("vision_values", "goals_performance", "equity_inclusion", "teamwork"),
    },
    "elmbridge": {
        "improved": ("support_compassion", "goals_performance"),
        "unchanged": ("vision_values", "learning_innovation", "equity_inclusion", "teamwork"),
    },
}


def example_paths(trust: str) -> tuple[Path, Path]:
    paths = EXAMPLES / f"{trust}-pre.xlsx", EXAMPLES / f"{trust}-post.xlsx"
    if not all(p.exists() for p in paths):
        pytest.skip("example workbooks not generated")
    return paths


@pytest.mark.parametrize("trust", EXAMPLE_TRUSTS)
def test_example_trusts_show_their_planted_staff_changes(trust):
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for element in (*PLANTED_STAFF[trust]["improved"], *PLANTED_STAFF[trust]["unchanged"]):
        assert f"`{element}`" in readme
    got = compare(*example_paths(trust))
    for element in PLANTED_STAFF[trust]["improved"]:
        staff = got.element(element).sources["staff"]
        assert staff.verdict == "better", element
        assert staff.p_value < 0.001 and staff.p_adjusted < 0.05
        assert 0.4 < staff.change < 0.9 and staff.ci_low > 0
    for element in PLANTED_STAFF[trust]["unchanged"]:
        staff = got.element(element).sources["staff"]
        assert staff.verdict == "no clear change", element
        assert staff.p_value > 0.05 and staff.ci_low < 0 < staff.ci_high
    assert {(r.element, r.source) for r in got.summary.improved} == {
        (e, "staff") for e in PLANTED_STAFF[trust]["improved"]
    }
    assert not got.summary.worsened
    assert not [w for w in comparison_warnings(got) if "bias" in w]  # sample sizes differ by 6-8%
    # the small directorate (5-8 respondents) is hidden on both sides
    directorate = next(b for b in got.breakdowns if b.by == "directorate")
    small = "Research and innovation" if trust == "northwick" else "Forensic services"
    assert next(g for g in directorate.groups if g.label == small).suppressed


@pytest.mark.parametrize("trust", EXAMPLE_TRUSTS)
def test_example_trusts_workforce_and_dashboard_changes(trust):
    from culturekit.ingest.workbook import load
    from culturekit.scoring.workforce import score_workforce

    pre, post = (load(p) for p in example_paths(trust))
    got = compare(pre, post)
    assert got.workforce is not None and got.dashboard
    a = score_workforce(pre.workforce, pre.recruitment, pre.framework)
    b = score_workforce(post.workforce, post.recruitment, post.framework)
    for standard, before, after in (("wres", a.wres, b.wres), ("wdes", a.wdes, b.wdes)):
        for number, indicator in after.items():
            change = getattr(got.workforce, standard)[str(number)]
            old = before[number].value
            if old is None or indicator.value is None:
                assert change.change is None and change.reason
                continue
            assert change.change == pytest.approx(indicator.value - old)
            if indicator.unit == "ratio":
                # A move: 5% of the value or more, and not 0.00 as shown.
                moved = abs(indicator.value - old) >= 0.05 * max(indicator.value, old) and (
                    round(abs(indicator.value - old), 2) > 0
                )
                closer = abs(math.log(indicator.value)) < abs(math.log(old))
                expected = ("better" if closer else "worse") if moved else "no clear change"
                assert change.verdict == expected
    assert got.workforce.turnover.change == pytest.approx(b.turnover.percent - a.turnover.percent)

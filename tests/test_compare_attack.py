"""Disclosure attacks on ``compare``: no output of a comparison may give back a group of
fewer than the threshold in either collection, by itself or through the changes.

The attacker is the one of tests/test_disclosure_attack.py (its threat model is the module
docstring of tests/attack/attacker.py); on a comparison it also reads a hidden side as the
shown other side plus or minus the shown change, moves one collection's bounds by a change
onto the other, holds each collection's own diagnosis beside the comparison, and reads
the disclosure audit's record as the figures it prints.
"""

from __future__ import annotations

import json
from pathlib import Path

from attack.attacker import Finding, attack, attack_together
from attack.published import comparison_views, completed
from attack.runs import diagnose_each, run
from attack.truth import ALL, Group, Truth
from attack.workbooks import POST_PERIOD, generated_pair
from helpers.workbooks import TRUST_PERIOD
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import culturekit

# -- the comparison reader and the change attacks, on documents whose answer is known ------

ELEMENT = "teamwork"


def comparison(groups: list[dict], response: dict, sources: dict | None = None) -> dict:
    """A comparison document holding one breakdown by ``team`` of the staff source."""
    return {
        "pre": {"period": TRUST_PERIOD},
        "post": {"period": POST_PERIOD},
        "response": {"staff": {"source": "staff", **response}},
        "elements": [{"id": ELEMENT, "sources": {"staff": sources or {}}}],
        "breakdowns": [{"source": "staff", "by": "team", "groups": groups}],
    }


def shown(label: str, n_pre: int, n_post: int, pre: float | None, post: float | None) -> dict:
    change = post - pre if pre is not None and post is not None else None
    return {
        "label": label,
        "n_pre": n_pre,
        "n_post": n_post,
        "elements": {ELEMENT: {"pre": pre, "post": post, "change": change}},
    }


def hidden(label: str, reason: str, change: float | None = None, **sides: float) -> dict:
    cell = {"pre": None, "post": None, "change": change, **sides}
    return {"label": label, "suppressed": True, "reason": reason, "elements": {ELEMENT: cell}}


def truth_of(tmp_path: Path, groups: list[tuple[str, str | None, str, int, float]]) -> Truth:
    """(collection, column, label, count, mean of ELEMENT) for each group."""
    truth = Truth(tmp_path / "pre.xlsx", post=tmp_path / "post.xlsx")
    truth.groups = [
        Group("staff", column, label, count, {ELEMENT: mean}, collection)
        for collection, column, label, count, mean in groups
    ]
    return truth


def published(tmp_path: Path, data: dict) -> Path:
    out = tmp_path / "out"
    out.mkdir(parents=True)
    (out / "comparison.json").write_text(json.dumps(data), encoding="utf-8")
    return out


def test_a_hidden_side_is_filled_from_the_change_and_the_other_side():
    data = comparison(
        [hidden("b", "fewer than 11 responses in 2025 baseline", change=1.25, post=6.0)],
        {"respondents_pre": 40, "respondents_post": None, "respondents_change_percent": -25.0},
    )
    filled, derived = completed(data)
    cell = filled["breakdowns"][0]["groups"][0]["elements"][ELEMENT]
    assert cell["pre"] == 4.75
    assert filled["response"]["staff"]["respondents_post"] == 30
    assert {d.key for d in derived} == {"pre", "respondents_post"}
    assert data["breakdowns"][0]["groups"][0]["elements"][ELEMENT]["pre"] is None


def test_a_hidden_count_is_bounded_only_in_the_collections_its_reason_names():
    data = comparison(
        [
            shown("a", 30, 12, 5.0, 6.0),
            hidden("b", "fewer than 11 responses in 2026 follow-up"),
            hidden("c", "hidden so that a group of fewer than 11 cannot be worked out"),
        ],
        {"respondents_pre": 50, "respondents_post": 20},
    )
    views = {v.collection: v for v in comparison_views(data)}
    counts = {c: [g.count for g in v.breakdowns["team"]] for c, v in views.items()}
    assert (counts["post"][1].low, counts["post"][1].high) == (1, 10)
    # Unnamed: b may be absent from the pre collection, or large; a complement likewise.
    assert counts["pre"][1].low == 0 and counts["pre"][1].high > 1000
    assert counts["pre"][2].low == 0 and counts["post"][2].low == 0


def test_the_attacker_reads_a_hidden_side_from_the_change(tmp_path: Path):
    # b has 4 people before and 20 after; its pre mean is hidden but its post mean and the
    # change are shown, so pre = post - change.
    data = comparison(
        [
            shown("a", 30, 20, 5.0, 6.0),
            hidden("b", "fewer than 11 responses in 2025 baseline", change=-1.5, post=6.5),
        ],
        {"respondents_pre": 34, "respondents_post": 40},
    )
    truth = truth_of(tmp_path, [("pre", "team", "b", 4, 8.0), ("post", "team", "b", 20, 6.5)])
    report = attack(published(tmp_path, data), truth)
    methods = {(f.target, f.method) for f in report.findings}
    assert ("staff team=b (pre)", "change") in methods


def test_the_attacker_moves_bounds_across_a_change_of_two_hidden_sides(tmp_path: Path):
    # Before: 40 people, mean 5.0; a (25) at 4.0 shown, b (15) hidden to protect nothing
    # small -- its mean comes back as (200 - 100) / 15. After: b has 5 people (30 - 25)
    # and no overall mean is shown, so only the change ties b's mean after to before.
    before_b = (40 * 5.0 - 25 * 4.0) / 15
    change = 7.0 - before_b
    data = comparison(
        [
            shown("a", 25, 25, 4.0, 5.0),
            hidden("b", "fewer than 11 responses in 2026 follow-up", change=change),
        ],
        {"respondents_pre": 40, "respondents_post": 30},
        {"pre": 5.0, "n_pre": 40},
    )
    truth = truth_of(
        tmp_path,
        [
            ("pre", None, ALL, 40, 5.0),
            ("pre", "team", "a", 25, 4.0),
            ("pre", "team", "b", 15, before_b),
            ("post", None, ALL, 30, (25 * 5.0 + 5 * 7.0) / 30),
            ("post", "team", "a", 25, 5.0),
            ("post", "team", "b", 5, 7.0),
        ],
    )
    report = attack(published(tmp_path, data), truth)
    found = [f for f in report.findings if f.target == "staff team=b (post)"]
    assert [f.method for f in found if f.what.startswith("mean")] == ["change"]
    # Without the change, b's mean after is anywhere on the scale.
    data["breakdowns"][0]["groups"][1]["elements"][ELEMENT]["change"] = None
    report = attack(published(tmp_path / "without", data), truth)
    assert not [f for f in report.findings if f.what.startswith("mean")]


def test_a_diagnosis_held_beside_the_comparison_bounds_its_collection(tmp_path: Path):
    # b has 15 people before, shown with its mean in the pre diagnosis, and 5 after; the
    # comparison hides b on both sides but shows its change, and b's count after is
    # 30 - 25: the change moves the diagnosis's figure onto the small group.
    data = comparison(
        [
            shown("a", 25, 25, 4.0, 5.0),
            hidden("b", "fewer than 11 responses in 2026 follow-up", change=1.5),
        ],
        {"respondents_pre": 40, "respondents_post": 30},
    )
    diagnosis = {
        "response": {"staff": {"respondents": 40}},
        "elements": [{"id": ELEMENT, "sources": {"staff": {"n": 40, "score": 4.6}}}],
        "breakdowns": [
            {
                "source": "staff",
                "by": "team",
                "groups": [
                    {"label": "a", "n": 25, "scores": {ELEMENT: 4.0}},
                    {"label": "b", "n": 15, "scores": {ELEMENT: 5.6}},
                ],
            }
        ],
    }
    truth = truth_of(
        tmp_path,
        [
            ("pre", None, ALL, 40, 4.6),
            ("pre", "team", "a", 25, 4.0),
            ("pre", "team", "b", 15, 5.6),
            ("post", None, ALL, 30, (25 * 5.0 + 5 * 7.1) / 30),
            ("post", "team", "a", 25, 5.0),
            ("post", "team", "b", 5, 7.1),
        ],
    )
    out = published(tmp_path, data)
    own = tmp_path / "pre-diagnosis"
    own.mkdir()
    (own / "diagnosis.json").write_text(json.dumps(diagnosis), encoding="utf-8")
    # b's count after is pinned either way (the crafted comparison gives it by
    # subtraction); its mean is given back only with the diagnosis.
    means = [f for f in attack(out, truth).findings if f.what.startswith("mean")]
    assert not means
    report = attack_together(out, {"pre": own}, truth)
    means = [(f.target, f.method) for f in report.findings if f.what.startswith("mean")]
    assert means == [("staff team=b (post)", "change")]


def test_the_attacker_finds_what_a_leaky_comparison_would_show(tmp_path: Path):
    # team 2 has 9 people before and 25 after, so the comparison hides it; written back
    # into real outputs, its post mean with the change, or its count in the page, must be
    # found.
    truth = generated_pair(
        tmp_path, [(15, 30), (22, 12), (9, 25), (30, 30)], "crossed", (10, 11), (1, 1), 5
    )
    out = run(truth, tmp_path / "out")
    assert not attack(out, truth).findings
    before, after = (
        next(
            g
            for g in truth.groups
            if (g.column, g.label, g.collection) == ("directorate", "team 2", c)
        )
        for c in ("pre", "post")
    )
    path = out / "comparison.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    table = next(t for t in data["breakdowns"] if t["by"] == "directorate")
    entry = next(g for g in table["groups"] if g["label"] == "team 2")
    assert entry["suppressed"] and "n_pre" not in entry
    entry["elements"] = {
        e: {"pre": None, "post": after.means[e], "change": after.means[e] - m}
        for e, m in before.means.items()
    }
    # The board of 10 before: one item's mean, and one element's share of positive answers.
    board = next(
        g for g in truth.groups if (g.source, g.column, g.collection) == ("board", None, "pre")
    )
    item = next(i for i in data["items"] if i["source"] == "board")
    item["pre"] = board.means[item["element"]]
    answers = [
        i
        for i in truth.items
        if (i.source, i.element, i.collection) == ("board", item["element"], "pre")
    ]
    element = next(e for e in data["elements"] if e["id"] == item["element"])
    element["sources"]["board"]["percent_positive_pre"] = (
        100 * sum(i.positive for i in answers) / sum(i.answered for i in answers)
    )
    path.write_text(json.dumps(data), encoding="utf-8")
    html = out / "compare.html"
    page = html.read_text(encoding="utf-8")
    html.write_text(
        page.replace("</body>", "<table><tr><td>team 2</td><td>9 → 25</td></tr></table></body>"),
        encoding="utf-8",
    )
    report = attack(out, truth)
    found = {
        (f.what, f.method, f.where)
        for f in report.findings
        if f.target == "staff directorate=team 2 (pre)"
    }
    assert ("count", "direct", "html") in found
    assert {("mean of " + e, "change", "comparison.json") for e in before.means} <= found
    found = {f.what for f in report.findings if f.target == "board (pre)"}
    assert found == {f"mean of item {item['code']}", f"percent positive of {item['element']}"}


# -- what the attacker finds ---------------------------------------------------------------

# Pre: 20 staff in two teams of 10 (one site); post: two teams of 20. Every team and site is
# hidden, so neither column lists a group. Audited as if the reader knew each hidden team
# was 1 to 10, two of them holding 20 would be pinned at 10, and a record printing that
# interval ("10 to 10 people") would say so to anyone. A column listed without its groups
# tells the reader nothing, and the record states how many sizes are left, never where.
AUDIT_PRINTS_A_PINNED_SIZE = ([(10, 20), (10, 20)], "nested", (0, 0), (0, 0), 0)


def test_an_audit_that_cannot_pass_prints_no_hidden_size(tmp_path: Path):
    truth = generated_pair(tmp_path, *AUDIT_PRINTS_A_PINNED_SIZE)
    out = run(truth, tmp_path / "out")
    report = attack_together(out, diagnose_each(truth, tmp_path), truth)
    found = [f for f in report.findings if f.method == "audit"]
    assert not found, "\n".join(str(f) for f in found)
    records = json.loads((out / "comparison.json").read_text())["disclosure"]
    assert records and all(r["passed"] for r in records)
    assert not any("low" in str(r) for r in records), "a record states where a range lies"


def known(finding: Finding) -> bool:
    """The audit's record of a pinned hidden size: a finding of its own regression test."""
    return finding.method == "audit" and finding.what == "count"


# -- generated pairs -----------------------------------------------------------------------

# A team's size in one collection: absent, small, or large enough to show.
SIZES = st.one_of(st.just(0), st.integers(1, 10), st.integers(11, 30))
KINDS = st.sampled_from(["nested", "crossed", "rollup"])


@st.composite
def pairs(draw):
    teams = draw(st.lists(st.tuples(SIZES, SIZES), min_size=2, max_size=4))
    kind = draw(KINDS)
    boards = draw(st.tuples(st.integers(0, 14), st.integers(0, 14)))
    padded = draw(st.tuples(st.integers(0, 3), st.integers(0, 3)))
    seed = draw(st.integers(0, 10_000))
    return teams, kind, boards, padded, seed


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pairs())
# Each pattern the comparison must hold, whatever the random draws: a team small before
# and large after (and the reverse), a team in one collection only, a board small on one
# side with padded rows, and a small staff source on one side.
@example(([(25, 5), (6, 20), (20, 20)], "nested", (8, 12), (2, 1), 1))
@example(([(0, 14), (8, 0), (30, 25), (12, 3)], "rollup", (12, 8), (0, 3), 2))
@example(([(14, 4), (5, 15), (3, 0)], "crossed", (5, 0), (3, 0), 3))
@example(([(6, 18), (2, 17)], "nested", (0, 9), (0, 2), 4))
# A team small before whose natural complement is absent before (no one to hide it with).
@example(([(20, 20), (5, 15), (0, 15)], "rollup", (0, 0), (0, 0), 6))
def test_generated_pairs_disclose_nothing(tmp_path_factory, pair):
    folder = tmp_path_factory.mktemp("pair")
    try:
        truth = generated_pair(folder, *pair)
        out = run(truth, folder / "out")
    except culturekit.CulturekitError:
        return  # a collection too small to compare at all: nothing is published
    report = attack_together(out, diagnose_each(truth, folder), truth)
    assert report.checked > 0 or not (truth.small_groups or truth.texts)
    # Every finding but the audit record's pinned size, which the record test above holds.
    found = [f for f in report.findings if not known(f)]
    assert not found, "\n".join(str(f) for f in found)
    assert not report.notes, "\n".join(report.notes)

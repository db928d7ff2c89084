"""Findings leave scoring as data; the presentation layer words them.

The sentences for the Northwick diagnosis are those the reports show (scores to two
decimals, the one rule of :mod:`culturekit.report.presentation.numbers`); the
JSON documents hold the findings' kinds and figures and no sentence built from them.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

import culturekit
from culturekit.framework import default_framework
from culturekit.report.presentation.comparison import comparison_warnings
from culturekit.report.presentation.evidence import (
    disagreement_sentence,
    evidence_detail,
    ranked_evidence,
    worded_triangulation,
    workforce_evidence,
    workforce_finding,
)
from culturekit.report.presentation.methods import (
    board_rule,
    comparison_methods,
    dashboard_rule,
    equity_rule,
    triangulation_rule,
)
from culturekit.report.presentation.words import rating_label
from culturekit.results import Disagreement, Evidence
from culturekit.results.comparison import ComparisonWarning
from culturekit.results.workforce import WorkforceFinding

NORTHWICK_DETAILS = {
    "vision_values": [
        "6.60 out of 10, between 6 and 7",
        "7.79 out of 10, at or above 7",
        "6.61 out of 10, between 6 and 7",
        "0 of 3 indicators better than benchmark, 0 worse",
    ],
    "equity_inclusion": [
        "5.49 out of 10, below 6",
        "5.76 out of 10, below 6",
        "5.32 out of 10, below 6",
        "0 of 3 indicators better than benchmark, 3 worse",
        "White applicants 1.67 times as likely to be appointed (WRES 2); BME staff 1.68 "
        "times as likely to enter disciplinary (WRES 3); BME staff 8.6% of leaders against "
        "29.7% of all staff",
    ],
    "teamwork": [
        "7.56 out of 10, at or above 7",
        "8.59 out of 10, at or above 7",
        "6.48 out of 10, between 6 and 7",
        "2 of 2 indicators better than benchmark, 0 worse",
    ],
}

# Flagged gaps after the Holm adjustment of the twelve gap tests (tests/test_gaps.py): the
# board's vision and values gap (adjusted p 0.07) and the stakeholders' support and
# compassion gap (0.12) no longer are; the stakeholders' teamwork gap, below staff, is.
NORTHWICK_DISAGREEMENTS = {
    "vision_values": [],
    "support_compassion": [
        "Board rates support and compassion 1.14 points higher than staff do.",
    ],
    "equity_inclusion": [],
    "teamwork": ["Stakeholders rate teamwork 1.08 points lower than staff do."],
}

NORTHWICK_PRIORITIES = [
    [
        "Staff 5.49 out of 10, below 6",
        "Board 5.76 out of 10, below 6",
        "Stakeholders 5.32 out of 10, below 6",
        "Existing data: 0 of 3 indicators better than benchmark, 3 worse",
        "Workforce: White applicants 1.67 times as likely to be appointed (WRES 2); BME "
        "staff 1.68 times as likely to enter disciplinary (WRES 3); BME staff 8.6% of "
        "leaders against 29.7% of all staff",
    ],
    [
        "Staff 5.10 out of 10, below 6",
        "Stakeholders 5.29 out of 10, below 6",
        "Existing data: 0 of 3 indicators better than benchmark, 3 worse",
    ],
]

NORTHWICK_WORKFORCE = [
    "White applicants 1.67 times as likely to be appointed (WRES 2)",
    "BME staff 1.68 times as likely to enter disciplinary (WRES 3)",
    "BME staff 8.6% of leaders against 29.7% of all staff",
    "Disabled representation among leaders is below 0.8 times the workforce share",
    "White staff 1.18 times as likely to access training (WRES 4, within fair range)",
    "Non-disabled applicants 1.11 times as likely to be appointed (WDES 2, within fair range)",
]


def test_northwick_findings_read_as_they_always_have(
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    worded = {r.element: r for r in worded_triangulation(northwick_diagnosis)}
    for element, details in NORTHWICK_DETAILS.items():
        assert [e.detail for e in worded[element].evidence] == details
    for element, sentences in NORTHWICK_DISAGREEMENTS.items():
        assert worded[element].disagreements == sentences
    priorities = [ranked_evidence(p, northwick_diagnosis) for p in northwick_diagnosis.priorities]
    assert priorities == NORTHWICK_PRIORITIES
    assert [ranked_evidence(s, northwick_diagnosis) for s in northwick_diagnosis.strengths] == [
        [
            "Staff 7.56 out of 10, at or above 7",
            "Board 8.59 out of 10, at or above 7",
            "Existing data: 2 of 2 indicators better than benchmark, 0 worse",
        ]
    ]
    assert workforce_evidence(northwick_diagnosis.workforce) == NORTHWICK_WORKFORCE


def test_perception_wording_reads_the_frameworks_cut_offs() -> None:
    framework = default_framework()  # strength 7, priority 6
    rules = framework.rules.model_copy(update={"strength_score": 7.5, "priority_score": 5.5})
    other = framework.model_copy(update={"rules": rules})

    def word(score: float, signal: str, fw: Any) -> str:
        return evidence_detail(
            Evidence(source="staff", kind="perception", signal=signal, score=score), fw, "vision"
        )

    assert word(7.04, "positive", framework) == "7.04 out of 10, at or above 7"
    assert word(6.5, "neutral", other) == "6.50 out of 10, between 5.5 and 7.5"
    assert word(5.0, "negative", other) == "5.00 out of 10, below 5.5"


def test_dashboard_wording_agrees_in_number() -> None:
    one = Evidence(source="dashboard", kind="dashboard", signal="positive", better=1, worse=0)
    one = one.model_copy(update={"rated": 1})
    assert evidence_detail(one, None, "vision") == "1 of 1 indicator better than benchmark, 0 worse"


def test_disagreements_are_worded_with_each_sources_verb() -> None:
    def signal(source: str, other: str, staff: str) -> str:
        return disagreement_sentence(
            Disagreement(kind="signal", source=source, signal=other, compared_signal=staff),
            "Teamwork",
        )

    assert signal("board", "positive", "negative") == (
        "Board sees a strength where staff see a concern."
    )
    assert signal("stakeholders", "negative", "positive") == (
        "Stakeholders see a concern where staff see a strength."
    )
    assert signal("dashboard", "positive", "negative") == (
        "Existing data shows a strength where staff see a concern."
    )
    gap = Disagreement(kind="gap", source="stakeholders", difference=0.96)
    assert disagreement_sentence(gap, "Teamwork") == (
        "Stakeholders rate teamwork 0.96 points higher than staff do."
    )
    below = Disagreement(kind="gap", source="board", difference=-1.08)
    assert disagreement_sentence(below, "Teamwork") == (
        "Board rates teamwork 1.08 points lower than staff do."
    )


def test_a_finding_on_a_hidden_share_prints_no_figure() -> None:
    hidden = WorkforceFinding(
        kind="representation",
        assessment="no_concern",
        characteristic="disability",
        group="Disabled",
        leaders_percent=None,
        workforce_percent=3.6,
        floor=0.8,
    )
    text = workforce_finding(hidden)
    assert text == "Disabled representation among leaders is at least 0.8 times the workforce share"
    assert "3.6" not in text
    chance = WorkforceFinding(
        kind="likelihood",
        assessment="could_be_chance",
        standard="WDES",
        number=3,
        group="Disabled",
        value=1.5,
    )
    assert workforce_finding(chance) == (
        "Disabled staff 1.50 times as likely to enter capability (WDES 3, could be chance)"
    )


def test_rules_are_worded_from_the_results_parameters(
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    d = northwick_diagnosis
    assert "5%" in dashboard_rule(d) and "at least half" in dashboard_rule(d)
    assert "0.8 to 1.25" in equity_rule(d) and "Band 8a" in equity_rule(d)
    assert "public record" in board_rule() and "any board size" in board_rule()
    assert "at least 7 out of 10" in triangulation_rule(d) and "below 6" in triangulation_rule(d)
    rules = d.framework.rules.model_copy(update={"strength_score": 8.0})
    other = d.model_copy(update={"framework": d.framework.model_copy(update={"rules": rules})})
    assert "at least 8 out of 10" in triangulation_rule(other)


def test_comparison_methods_follow_its_parameters(northwick_comparison_pair: Any) -> None:
    comparison = northwick_comparison_pair
    methods = comparison_methods(comparison)
    assert methods["multiple_comparisons"] == "Holm"
    assert methods["reporting_threshold"] == str(comparison.framework.reporting_threshold)
    framework = comparison.framework.model_copy(update={"confidence_level": 0.9})
    other = comparison.model_copy(update={"framework": framework, "correction": "fdr_bh"})
    changed = comparison_methods(other)
    assert changed["multiple_comparisons"] == "Benjamini–Hochberg"
    assert changed["score_change_interval"].startswith("90% confidence interval")


def test_dashboard_marks_come_from_the_rating() -> None:
    assert rating_label("better") == "▲ Better than benchmark"
    assert rating_label("similar") == "● Similar to benchmark"
    assert rating_label("worse") == "▼ Worse than benchmark"
    assert rating_label("no benchmark") == "– No benchmark"


# ----------------------------------------------------------- no sentence in the JSON

# A code: one word, no spaces (signals, kinds, sources, standards, characteristics).
CODE = re.compile(r"^[A-Za-z0-9_-]+$")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_diagnosis_json_holds_findings_not_sentences(
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    document = json.loads(northwick_diagnosis.to_json())
    labels = {e["name"] for e in document["elements"]}
    structured = [
        *(e for t in document["triangulation"] for e in t["evidence"]),
        *(d for t in document["triangulation"] for d in t["disagreements"]),
        *document["workforce"]["evidence"],
        *(
            {k: v for k, v in r.items() if k != "name"}
            for r in (*document["priorities"], *document["strengths"])
        ),
        *(i for e in document["dashboard"]["elements"] for i in e["indicators"]),
    ]
    assert structured
    dashboard_labels = {
        i[key]
        for e in document["dashboard"]["elements"]
        for i in e["indicators"]
        for key in ("indicator", "unit", "source", "period")
        if i[key]
    }
    for entry in structured:
        assert isinstance(entry, dict), entry
        for text in _strings(entry):
            assert CODE.match(text) or text in labels | dashboard_labels, text
    for indicator in (i for e in document["dashboard"]["elements"] for i in e["indicators"]):
        assert "symbol" not in indicator and "word" not in indicator
    # and nowhere a phrase the findings' wording builds (the indicators' own readings,
    # "... times as likely ...", are the workforce analysis's, not the findings')
    whole = json.dumps(document)
    for phrase in ("out of 10", "of leaders against", "points higher", "than benchmark", "▲"):
        assert phrase not in whole, phrase


def test_comparison_json_holds_no_methods_in_words(northwick_comparison_pair: Any) -> None:
    document = json.loads(northwick_comparison_pair.to_json())
    assert "methods" not in document
    assert document["correction"] == "holm"
    whole = json.dumps(document)
    for phrase in ("Welch's t-test", "Hedges' g", "confidence interval", "▲", "▼"):
        assert phrase not in whole, phrase


@pytest.fixture(scope="module")
def northwick_comparison_pair(examples_dir: Any) -> culturekit.Comparison:
    return culturekit.compare(
        examples_dir / "northwick-pre.xlsx", examples_dir / "northwick-post.xlsx"
    )


def test_comparison_warnings_are_worded_from_the_documents_figures(
    northwick_comparison_pair: Any,
) -> None:
    c = northwick_comparison_pair
    staff = c.response["staff"]
    response = staff.model_copy(update={"rate_post": 0.45, "respondents_change_percent": -35.2})
    warned = c.model_copy(
        update={
            "response": {**c.response, "staff": response},
            "warnings": [
                ComparisonWarning(kind="different_trusts"),
                ComparisonWarning(kind="response_rates", source="staff", limit=0.1),
                ComparisonWarning(kind="respondents", source="staff", limit=0.3),
            ],
        }
    )
    pre, post = c.pre, c.post
    assert comparison_warnings(warned) == [
        f"The collections are of different trusts ({pre.trust_code} {pre.trust_name} and "
        f"{post.trust_code} {post.trust_name}): differences may reflect the organisations, "
        "not a change over time.",
        f"Staff response rates differ: 29% in {pre.period} and 45% in {post.period} (more "
        "than 10 percentage points apart); a change in who responded may bias the "
        "comparison.",
        f"Staff respondent numbers differ: {staff.respondents_pre} in {pre.period} and "
        f"{staff.respondents_post} in {post.period} (\u221235%, more than 30% apart); a change "
        "in who responded may bias the comparison.",
    ]
    document = json.loads(warned.to_json())
    assert all(set(w) == {"kind", "source", "limit"} for w in document["warnings"])

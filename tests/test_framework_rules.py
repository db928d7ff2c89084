"""The framework owns the rules: one default file, merged under a trust's own file, and
element roles instead of element ids.

Expected values are read from the default file as plain YAML, or worked out here from the
diagnosis' own published scores, never copied from culturekit's output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from helpers.workbooks import framework_data

import culturekit
from culturekit.errors import FrameworkError
from culturekit.framework import Framework, Rules, load_framework

EQUITY = "equity_inclusion"


def write_framework(tmp_path: Path, data: dict[str, Any], name: str = "fw.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def renamed(data: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """The framework with element ``old`` called ``new`` everywhere."""
    for element in data["elements"]:
        if element["id"] == old:
            element["id"] = new
    for instrument in data["instruments"].values():
        for item in instrument["items"]:
            if item["element"] == old:
                item["element"] = new
    return data


def test_rules_have_no_defaults_in_code() -> None:
    with pytest.raises(ValueError, match="strength_score"):
        Rules.model_validate({})


def test_a_file_without_rules_gets_the_default_files_rules(tmp_path: Path) -> None:
    data = framework_data()
    default_rules = data.pop("rules")
    defaults = {k: data.pop(k) for k in ("reporting_threshold", "confidence_level")}
    framework = load_framework(write_framework(tmp_path, data))
    assert framework.rules.model_dump(mode="json") == default_rules
    assert framework.reporting_threshold == defaults["reporting_threshold"]
    assert framework.confidence_level == defaults["confidence_level"]


def test_rules_a_file_states_replace_the_defaults_one_by_one(tmp_path: Path) -> None:
    data = framework_data()
    default_rules = data["rules"]
    data["rules"] = {"strength_score": 8.0, "leadership_bands": ["VSM"]}
    data["confidence_level"] = 0.9
    framework = load_framework(write_framework(tmp_path, data))
    assert framework.rules.strength_score == 8.0
    assert framework.rules.leadership_bands == ["VSM"]  # replaced whole, not added to
    assert framework.rules.priority_score == default_rules["priority_score"]
    assert framework.rules.gap_flag == default_rules["gap_flag"]
    assert framework.confidence_level == 0.9


def test_model_validate_merges_the_defaults_too() -> None:
    data = framework_data()
    data.pop("rules")
    assert Framework.model_validate(data).rules == culturekit.default_framework().rules


def test_an_unknown_rule_is_refused(tmp_path: Path) -> None:
    data = framework_data()
    data["rules"] = {"strenght_score": 8.0}
    with pytest.raises(FrameworkError, match="strenght_score"):
        load_framework(write_framework(tmp_path, data))


def test_an_unknown_role_is_refused(tmp_path: Path) -> None:
    data = framework_data()
    data["elements"][0]["roles"] = ["workforce_equality"]
    with pytest.raises(FrameworkError, match="workforce_equity"):
        load_framework(write_framework(tmp_path, data))


def test_a_role_belongs_to_one_element_at_most(tmp_path: Path) -> None:
    data = framework_data()
    data["elements"][0]["roles"] = ["workforce_equity"]
    with pytest.raises(FrameworkError, match="more than one element"):
        load_framework(write_framework(tmp_path, data))


def test_the_default_gives_the_equity_role_to_one_element() -> None:
    holders = [e["id"] for e in framework_data()["elements"] if e.get("roles")]
    assert holders == [EQUITY]
    assert culturekit.default_framework().element_with_role("workforce_equity").id == EQUITY


@pytest.fixture(scope="module")
def fairness_diagnosis(northwick_pre_path: Path, tmp_path_factory) -> culturekit.Diagnosis:
    """Northwick under a framework whose equity element is called ``fairness``."""
    tmp = tmp_path_factory.mktemp("fairness")
    framework = load_framework(write_framework(tmp, renamed(framework_data(), EQUITY, "fairness")))
    book = openpyxl.load_workbook(northwick_pre_path)
    for row in book["Dashboard"].iter_rows():
        for cell in row:
            if cell.value == EQUITY:
                cell.value = "fairness"
    path = tmp / "northwick.xlsx"
    book.save(path)
    return culturekit.diagnose(culturekit.load(path, framework=framework))


def test_the_equity_element_under_another_id_gets_the_workforce_evidence(
    fairness_diagnosis, northwick_diagnosis
) -> None:
    readings = {r.element: r for r in fairness_diagnosis.triangulation}
    fairness = readings["fairness"]
    work = [e for e in fairness.evidence if e.source == "workforce"]
    assert len(work) == 1
    assert work[0].signal == northwick_diagnosis.workforce.signal
    assert "workforce" not in fairness.missing_sources
    original = next(r for r in northwick_diagnosis.triangulation if r.element == EQUITY)
    assert fairness.reading == original.reading
    assert fairness.balance == original.balance
    for reading in readings.values():
        if reading.element != "fairness":
            assert all(e.source != "workforce" for e in reading.evidence)
            assert "workforce" not in reading.missing_sources


def test_no_element_with_the_role_is_said_not_silent(northwick_pre_path, tmp_path) -> None:
    data = framework_data()
    for element in data["elements"]:
        element.pop("roles", None)
    framework = load_framework(write_framework(tmp_path, data))
    got = culturekit.diagnose(culturekit.load(northwick_pre_path, framework=framework))
    assert all(e.source != "workforce" for r in got.triangulation for e in r.evidence)
    assert any("workforce_equity" in n for n in got.data_quality.notices)


def with_rules(tmp_path: Path, **rules: Any) -> Framework:
    data = framework_data()
    data["rules"] = rules
    return load_framework(write_framework(tmp_path, data, "rules.yaml"))


def test_outputs_carry_the_rules_typed(northwick_diagnosis) -> None:
    rules = northwick_diagnosis.framework.rules
    assert isinstance(rules, Rules)
    expected = framework_data()["rules"]
    assert rules.notable_difference == expected["notable_difference"]
    assert rules.direction_band == expected["direction_band"]
    assert rules.low_response_rate == expected["low_response_rate"]
    assert rules.change_alpha == expected["change_alpha"]
    published = yaml.safe_load(northwick_diagnosis.to_json())["framework"]["rules"]
    assert published == expected


def test_every_rule_is_in_the_methods_table() -> None:
    methods = (Path(__file__).parents[1] / "docs" / "methods.md").read_text(encoding="utf-8")
    for name, value in framework_data()["rules"].items():
        row = next((r for r in methods.splitlines() if r.startswith(f"| `rules.{name}` |")), None)
        assert row is not None, name
        if isinstance(value, float | int):
            assert f"| {value} |" in row, name
    assert set(framework_data()["rules"]) == set(Rules.model_fields)


@pytest.fixture(scope="module")
def strict_diagnosis(northwick_pre_path: Path, tmp_path_factory) -> culturekit.Diagnosis:
    framework = with_rules(
        tmp_path_factory.mktemp("strict"),
        strength_score=8.0,
        notable_difference=1.0,
        low_response_rate=0.99,
    )
    return culturekit.diagnose(culturekit.load(northwick_pre_path, framework=framework))


def expected_signal(score: float, strength: float, priority: float) -> str:
    return "positive" if score >= strength else "negative" if score < priority else "neutral"


def test_a_higher_strength_score_changes_the_perception_signals(
    strict_diagnosis, northwick_diagnosis
) -> None:
    priority = framework_data()["rules"]["priority_score"]
    changed = 0
    for diagnosis, strength in ((northwick_diagnosis, 7.0), (strict_diagnosis, 8.0)):
        for reading in diagnosis.triangulation:
            element = diagnosis.element(reading.element)
            for evidence in reading.evidence:
                if evidence.source in ("staff", "board", "stakeholders"):
                    score = element.sources[evidence.source].score
                    assert evidence.signal == expected_signal(score, strength, priority)
                    changed += diagnosis is strict_diagnosis and 7.0 <= score < 8.0
    assert changed > 0  # some score between 7 and 8 really moved from positive to neutral
    balances = [r.balance for r in strict_diagnosis.triangulation]
    assert balances != [r.balance for r in northwick_diagnosis.triangulation]


def test_a_larger_notable_difference_names_fewer_groups(
    strict_diagnosis, northwick_diagnosis
) -> None:
    for diagnosis, cut_off in ((northwick_diagnosis, 0.5), (strict_diagnosis, 1.0)):
        for element in diagnosis.elements:
            expected = sorted(
                (b.by, g.label, g.differences[element.id])
                for b in diagnosis.breakdowns
                if b.source == "staff"
                for g in b.groups
                if not g.suppressed
                and g.differences.get(element.id) is not None
                and abs(g.differences[element.id]) >= cut_off
            )
            got = sorted((g.by, g.label, g.difference) for g in element.notable_groups)
            assert got == expected
    loose = sum(len(e.notable_groups) for e in northwick_diagnosis.elements)
    strict = sum(len(e.notable_groups) for e in strict_diagnosis.elements)
    assert 0 < strict < loose


def test_the_low_response_rate_is_the_frameworks(strict_diagnosis, northwick_diagnosis) -> None:
    for diagnosis, cut_off in ((northwick_diagnosis, 0.3), (strict_diagnosis, 0.99)):
        staff = diagnosis.response["staff"]
        assert staff.rate is not None
        assert staff.low == (staff.rate < cut_off)
    assert strict_diagnosis.response["staff"].low


def test_low_response_callout_is_worded_from_the_rule() -> None:
    from types import SimpleNamespace

    from culturekit.report.presentation.rules import low_response_words

    def result(rate: float) -> SimpleNamespace:
        rules = SimpleNamespace(low_response_rate=rate)
        return SimpleNamespace(framework=SimpleNamespace(rules=rules, confidence_level=0.95))

    assert low_response_words(result(0.3)) == "3 in 10"
    assert low_response_words(result(0.5)) == "5 in 10"
    assert low_response_words(result(0.25)) == "25%"

"""The built-in NHS Staff Survey framework against the published scheme.

The expected tables below are written out here from the NSS scheme (sub-scores by
question number, reversed items, answer coding), not read from the framework file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import culturekit
from culturekit.cli import cli
from culturekit.framework import Framework, load_framework


def _letters(stem: str, last: str) -> list[str]:
    return [stem + chr(c) for c in range(ord("a"), ord(last) + 1)]


SUBSCORES: dict[str, tuple[str, list[str]]] = {
    "Compassionate culture": ("We are compassionate and inclusive", ["q6a", *_letters("q25", "d")]),
    "Compassionate leadership": (
        "We are compassionate and inclusive",
        ["q9f", "q9g", "q9h", "q9i"],
    ),
    "Diversity and equality": (
        "We are compassionate and inclusive",
        ["q15", "q16a", "q16b", "q21"],
    ),
    "Inclusion": ("We are compassionate and inclusive", ["q7h", "q7i", "q8b", "q8c"]),
    "Recognised and rewarded": (
        "We are recognised and rewarded",
        ["q4a", "q4b", "q4c", "q8d", "q9e"],
    ),
    "Autonomy and control": ("We each have a voice that counts", [*_letters("q3", "f"), "q5b"]),
    "Raising concerns": ("We each have a voice that counts", ["q20a", "q20b", "q25e", "q25f"]),
    "Health and safety climate": (
        "We are safe and healthy",
        ["q3g", "q3h", "q3i", "q5a", "q11a", "q13d", "q14d"],
    ),
    "Burnout": ("We are safe and healthy", _letters("q12", "g")),
    "Negative experiences": (
        "We are safe and healthy",
        ["q11b", "q11c", "q11d", *_letters("q13", "c"), *_letters("q14", "c")],
    ),
    "Development": ("We are always learning", _letters("q24", "e")),
    "Appraisals": ("We are always learning", _letters("q23", "d")),
    "Support for work-life balance": ("We work flexibly", ["q6b", "q6c", "q6d"]),
    "Flexible working": ("We work flexibly", ["q4d"]),
    "Team working": ("We are a team", [*_letters("q7", "g"), "q8a"]),
    "Line management": ("We are a team", _letters("q9", "d")),
    "Motivation": ("Staff Engagement", ["q2a", "q2b", "q2c"]),
    "Involvement": ("Staff Engagement", ["q3c", "q3d", "q3f"]),
    "Advocacy": ("Staff Engagement", ["q25a", "q25c", "q25d"]),
    "Thinking about leaving": ("Morale", ["q26a", "q26b", "q26c"]),
    "Work pressure": ("Morale", ["q3g", "q3h", "q3i"]),
    "Stressors": ("Morale", ["q3a", "q3e", "q5a", "q5b", "q5c", "q7c", "q9a"]),
}
REVERSED = {
    "q5a",
    "q5c",
    "q16a",
    "q16b",
    "q26a",
    "q26b",
    "q26c",
    "q11b",
    "q11c",
    "q11d",
    *_letters("q12", "g"),
    *_letters("q13", "c"),
    *_letters("q14", "c"),
}
# (first box's score, last box's score) of each item as worded
AGREEMENT = (0.0, 10.0)


@pytest.fixture(scope="module")
def nss() -> Framework:
    return load_framework("nhs-staff-survey")


def _subscores(fw: Framework) -> dict[str, tuple[str, list[str]]]:
    return {s.name: (t.name, list(s.items)) for t in fw.themes for s in t.subscores}


def test_every_subscore_has_the_published_items(nss: Framework) -> None:
    assert _subscores(nss) == SUBSCORES


def test_themes_come_in_the_national_reports_order(nss: Framework) -> None:
    assert nss.theme_groups() == ["People Promise", "Staff Engagement", "Morale"]
    assert [t.name for t in nss.themes][:7] == [
        "We are compassionate and inclusive",
        "We are recognised and rewarded",
        "We each have a voice that counts",
        "We are safe and healthy",
        "We are always learning",
        "We work flexibly",
        "We are a team",
    ]


def test_negatively_framed_items_are_reversed(nss: Framework) -> None:
    scored = {c for _, items in SUBSCORES.values() for c in items}
    reversed_items = {i.code for i in nss.items_of("staff") if i.reverse and i.code in scored}
    assert reversed_items == REVERSED


def test_burnout_needs_five_of_its_seven_items(nss: Framework) -> None:
    burnout = next(s for t in nss.themes for s in t.subscores if s.name == "Burnout")
    assert burnout.min_answered == 5


@pytest.mark.parametrize(
    ("code", "first", "last"),
    [
        ("q3a", 0.0, 10.0),  # agreement
        ("q26a", 10.0, 0.0),  # agreement, reversed
        ("q4a", 0.0, 10.0),  # very dissatisfied ... very satisfied
        ("q2a", 0.0, 10.0),  # never ... always
        ("q12a", 10.0, 0.0),  # never ... always, reversed
        ("q11c", 0.0, 10.0),  # Yes 0, No 10
        ("q16b", 0.0, 10.0),  # Yes 0, No 10
        ("q15", 10.0, 0.0),  # Yes 10, No 0
        ("q13a", 10.0, 0.0),  # Never 10 ... more than 10 incidents 0
    ],
)
def test_answer_coding(nss: Framework, code: str, first: float, last: float) -> None:
    item = nss.item("staff", code)
    scale = nss.scale_of(item)
    assert scale.score_of(scale.min_code, item.reverse) == first
    assert scale.score_of(scale.max_code, item.reverse) == last


def test_five_point_sets_are_coded_in_quarters(nss: Framework) -> None:
    for code in ("q3a", "q4b", "q2b", "q12c"):
        item = nss.item("staff", code)
        scale = nss.scale_of(item)
        scores = sorted(scale.score_of(c, item.reverse) for c in scale.codes)
        assert scores == [0.0, 2.5, 5.0, 7.5, 10.0]


def test_dont_know_and_not_applicable_are_not_scored(nss: Framework) -> None:
    assert 9 in nss.scale_of(nss.item("staff", "q6a")).excluded_codes
    assert 9 in nss.scale_of(nss.item("staff", "q15")).excluded_codes


def test_routed_items_name_their_filter(nss: Framework) -> None:
    for code in ("q23b", "q23c", "q23d"):
        asked = nss.item("staff", code).asked_if
        assert asked is not None and asked.item == "q23a" and asked.answers == [1]
    asked = nss.item("staff", "q11e").asked_if
    assert asked is not None and asked.item == "q11d"


def test_the_framework_names_no_unknown_element(nss: Framework) -> None:
    ids = {e.id for e in nss.elements}
    assert ids == {e.id for e in culturekit.default_framework().elements}
    assert {i.element for i in nss.items_of("staff")} <= ids | {None}


def test_cli_lists_both_frameworks() -> None:
    result = CliRunner().invoke(cli, ["framework", "--list"])
    assert result.exit_code == 0, result.output
    names = [line.split()[0] for line in result.output.splitlines()]
    assert names == ["clp-discover", "nhs-staff-survey"]


def test_cli_shows_and_writes_the_builtin(tmp_path: Path) -> None:
    shown = CliRunner().invoke(cli, ["framework", "--framework", "nhs-staff-survey"])
    assert shown.exit_code == 0, shown.output
    assert "id: nhs-staff-survey" in shown.output
    target = tmp_path / "nss.yaml"
    written = CliRunner().invoke(
        cli, ["framework", "--framework", "nhs-staff-survey", "--write", str(target)]
    )
    assert written.exit_code == 0, written.output
    assert load_framework(target) == load_framework("nhs-staff-survey")


def test_a_subscore_naming_an_unknown_item_is_refused(tmp_path: Path) -> None:
    text = (
        Path(culturekit.framework.defaults.BUILTIN_FRAMEWORKS["nhs-staff-survey"])
        .read_text(encoding="utf-8")
        .replace("items: [q2a, q2b, q2c]", "items: [q2a, q2b, q2z]")
    )
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(culturekit.errors.FrameworkError, match="q2z"):
        load_framework(path)

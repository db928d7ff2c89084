"""The summary a board reads first: its headline rule, each priority's strongest evidence,
the questions the framework holds, the glossary, and plain words on its page.

Expected values are worked out here: the headline from hand-made gaps by the rule in
docs/methods.md ("The summary"), the weakest items from the raw workbook cells with the
independent scorer, the framework's words from its YAML.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from helpers.scoring import Scorer, read_sheet
from helpers.workbooks import (
    STAFF_HEADER,
    STAFF_ITEMS,
    TRUST_ROWS,
    framework_data,
    make_workbook,
    staff_row,
)

import culturekit
from culturekit.framework import default_framework, load_framework
from culturekit.report.excel.diagnosis import render as render_xlsx
from culturekit.report.html import render_html
from culturekit.report.presentation.summary import summary
from culturekit.report.terminal import summary_table
from culturekit.results import Gap, RankedElement
from culturekit.scoring.summary import gap_patterns, headline

ELEMENTS = ["a", "b", "c", "d", "e", "f"]


def gaps(source: str, differences: dict[str, float | None], flagged: set[str]) -> list[Gap]:
    """One source's gaps with staff: ``None`` is a suppressed gap."""
    return [
        Gap(
            element=element,
            source=source,
            difference=difference,
            suppressed=difference is None,
            flagged=element in flagged,
        )
        for element, difference in differences.items()
    ]


def ranked(element: str) -> RankedElement:
    return RankedElement(element=element, name=element.upper(), balance=-1.0, evidence_sources=[])


def framework_with(**rules: Any) -> Any:
    framework = default_framework()
    return framework.model_copy(update={"rules": framework.rules.model_copy(update=rules)})


BOARD = {"a": 1.2, "b": 1.0, "c": 1.1, "d": 0.9, "e": 0.2, "f": -0.1}


def test_a_source_apart_from_staff_on_most_elements_is_the_headline() -> None:
    board = gaps("board", BOARD, {"a", "b", "c", "d"})
    got = headline(gap_patterns(board), [ranked("e")], [], default_framework())
    assert got.kind == "gap_pattern" and got.pattern is not None
    assert got.pattern.source == "board" and got.pattern.direction == "higher"
    assert got.pattern.elements == ["a", "b", "c", "d"]
    assert got.pattern.others == ["e", "f"]
    assert (got.pattern.compared, got.pattern.smallest, got.pattern.largest) == (6, 0.9, 1.2)


def test_half_the_elements_is_not_most_of_them() -> None:
    # 3 of 6 is not more than half (rules.headline_gap_share 0.5): the first priority leads.
    board = gaps("board", BOARD, {"a", "b", "c"})
    got = headline(gap_patterns(board), [ranked("e"), ranked("f")], [], default_framework())
    assert (got.kind, got.element) == ("priority", "e")


def test_the_share_is_the_frameworks() -> None:
    board = gaps("board", BOARD, {"a", "b", "c", "d"})  # 4 of 6, two thirds
    strict = framework_with(headline_gap_share=0.7)
    assert headline(gap_patterns(board), [ranked("e")], [], strict).kind == "priority"
    loose = framework_with(headline_gap_share=0.4)
    three = gaps("board", BOARD, {"a", "b", "c"})
    assert headline(gap_patterns(three), [ranked("e")], [], loose).kind == "gap_pattern"


def test_one_element_is_no_pattern_and_suppressed_gaps_are_not_compared() -> None:
    # Only one gap could be worked out: 1 of 1 is all of them, but no pattern.
    board = gaps("board", {"a": 1.5, "b": None, "c": None}, {"a"})
    (pattern,) = gap_patterns(board)
    assert (pattern.compared, pattern.others) == (1, [])
    assert headline([pattern], [ranked("b")], [], default_framework()).kind == "priority"


def test_gaps_below_staff_make_a_pattern_of_their_own() -> None:
    lower = {"a": -1.2, "b": -0.8, "c": -0.7, "d": -0.6, "e": -0.9, "f": 0.7}
    stakeholders = gaps("stakeholders", lower, {"a", "b", "c", "d", "e", "f"})
    higher, below = gap_patterns(stakeholders)
    assert (higher.direction, higher.elements) == ("higher", ["f"])
    assert (below.direction, below.elements) == ("lower", ["a", "b", "c", "d", "e"])
    assert (below.smallest, below.largest) == (0.6, 1.2)
    board = gaps("board", BOARD, {"a", "b", "c", "d"})
    got = headline(gap_patterns(board + stakeholders), [], [], default_framework())
    # 5 lower beats 4 higher, whatever the order the sources come in.
    assert got.pattern is not None and (got.pattern.source, got.pattern.direction) == (
        "stakeholders",
        "lower",
    )


def test_a_tie_goes_to_the_larger_gap_then_to_the_first_source() -> None:
    board = gaps("board", BOARD, {"a", "b", "c", "d"})  # largest 1.2
    wider = {"a": 1.6, "b": 1.0, "c": 1.1, "d": 0.9, "e": 0.0, "f": 0.0}
    stakeholders = gaps("stakeholders", wider, {"a", "b", "c", "d"})  # largest 1.6
    got = headline(gap_patterns(board + stakeholders), [], [], default_framework())
    assert got.pattern is not None and got.pattern.source == "stakeholders"
    same = gaps("stakeholders", BOARD, {"a", "b", "c", "d"})
    got = headline(gap_patterns(board + same), [], [], default_framework())
    assert got.pattern is not None and got.pattern.source == "board"


def test_without_a_pattern_or_a_priority_the_strength_then_nothing_leads() -> None:
    assert headline([], [], [ranked("c")], default_framework()).element == "c"
    assert headline([], [], [], default_framework()).kind == "no_clear_reading"


def test_northwick_headline_follows_the_rule_from_its_own_gaps(
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    d = northwick_diagnosis
    board = [g for g in d.gaps if g.source == "board" and g.difference is not None]
    higher = [g for g in board if g.flagged and g.difference > 0]
    assert d.summary is not None
    lead = d.summary.headline
    if len(higher) >= 2 and len(higher) > 0.5 * len(board):
        assert lead.kind == "gap_pattern" and lead.pattern is not None
        assert lead.pattern.elements == [g.element for g in higher]
        assert lead.pattern.largest == max(g.difference for g in higher)
        words = summary(d).headline
        assert words.startswith("The board sees the trust's culture more favourably")
        assert f"{len(higher)} of {len(board)} elements" in words
    else:
        assert (lead.kind, lead.element) == ("priority", d.priorities[0].element)


# ---------------------------------------------------------------- strongest evidence


def test_each_priority_leads_with_staff_and_their_least_favourable_item(
    northwick_diagnosis: culturekit.Diagnosis, northwick_pre_path: Path
) -> None:
    scorer = Scorer()
    coded = scorer.code_frame(read_sheet(northwick_pre_path, "Staff"), "staff")
    oriented = scorer.oriented(coded.codes, "staff")
    favourable = {
        code: float(oriented[code].dropna().isin(list(scorer.positive)).mean())
        for code in oriented.columns
    }
    for entries, pick in (
        (northwick_diagnosis.priorities, min),
        (northwick_diagnosis.strengths, max),
    ):
        for entry in entries:
            assert entry.lead_source == "staff"
            codes = [i["code"] for i in scorer.items("staff", entry.element)]
            assert entry.lead_item == pick(codes, key=lambda c: favourable[c])
    worded = summary(northwick_diagnosis)
    first = worded.priorities[0]
    item = next(i for i in scorer.items("staff", first.element) if i["code"] == "EI4")
    assert northwick_diagnosis.priorities[0].lead_item == "EI4"
    assert item["text"].rstrip(".") in first.evidence[1]
    assert f"{round(100 * favourable['EI4'])}% positive among staff" in first.evidence[1]


# ---------------------------------------------------------------- the framework's questions


def renamed_framework(tmp_path: Path, questions: dict[str, list[str]]) -> Path:
    """The default framework with every element given a new id and the questions given
    (an element missing from ``questions`` gets none)."""
    data = framework_data()
    new_ids = {e["id"]: f"theme_{n}" for n, e in enumerate(data["elements"], start=1)}
    for element in data["elements"]:
        element["id"] = new_ids[element["id"]]
        element["questions"] = questions.get(element["name"], [])
    for instrument in data["instruments"].values():
        for item in instrument["items"]:
            item["element"] = new_ids[item["element"]]
    path = tmp_path / "renamed.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def two_priorities(tmp_path: Path) -> Path:
    """30 staff who disagree with every learning and equity item and agree with the rest:
    learning and innovation and equity and inclusion are priorities, on staff alone."""
    items = framework_data()["instruments"]["staff"]["items"]
    reverse = {i["code"] for i in items if i.get("reverse")}
    low = {c for c in STAFF_ITEMS if c.startswith(("LI", "EI"))}
    # Unfavourable is 2 on a positive statement and 4 on a negatively worded one.
    answers = {c: (2 if c in low else 4) for c in STAFF_ITEMS}
    answers.update({c: 6 - answers[c] for c in reverse})
    rows = [staff_row(**answers) for _ in range(30)]
    return make_workbook(tmp_path, {"Trust": TRUST_ROWS, "Staff": [STAFF_HEADER, *rows]})


def test_questions_come_from_the_framework_whatever_its_element_ids(tmp_path: Path) -> None:
    asked = {"Learning and innovation": ["Who hears about near misses?", "What changed?"]}
    framework = load_framework(renamed_framework(tmp_path, asked))
    d = culturekit.diagnose(culturekit.load(two_priorities(tmp_path), framework=framework))
    worded = {p.name: p for p in summary(d).priorities}
    assert set(worded) == {"Learning and innovation", "Equity and inclusion"}
    assert worded["Learning and innovation"].questions == asked["Learning and innovation"]
    assert worded["Learning and innovation"].element.startswith("theme_")
    assert worded["Equity and inclusion"].questions == []  # none given, none invented
    page = summary_section(render_html(d))
    assert page.count("Questions to explore next") == 1
    assert "Who hears about near misses?" in page
    # On staff alone the confidence is low, and the summary says why.
    assert {p.confidence for p in worded.values()} == {"Low"}
    assert all(p.confidence_basis == "Only staff speak to it." for p in worded.values())


def test_the_default_questions_are_the_default_files(
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    data = {e["id"]: e.get("questions", []) for e in framework_data()["elements"]}
    assert all(data.values())  # every default element has questions to explore
    for entry in summary(northwick_diagnosis).priorities:
        assert entry.questions == data[entry.element]


# ---------------------------------------------------------------- words on the page


def summary_section(html: str) -> str:
    """The summary's own text, before the element-by-element readings table."""
    start = html.index('id="summary"')
    end = html.index('id="triangulation"')
    return re.sub(r"<[^>]+>", " ", html[start:end])


JARGON = (
    "alpha",
    "hedges",
    "holm",
    "signal",
    "balance",
    "complementary",
    "suppression",
    "p-value",
    "significant",
    "welch",
    "triangulat",
)


def test_the_summary_page_keeps_technical_terms_out(
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    page = summary_section(render_html(northwick_diagnosis)).lower()
    for term in JARGON:
        assert term not in page, term
    worded = summary(northwick_diagnosis)
    terminal = summary_table(northwick_diagnosis).lower()
    for term in JARGON:
        assert term not in terminal, term
    assert worded.headline in summary_table(northwick_diagnosis).replace("\n", " ")


def test_the_glossary_explains_the_words_the_summary_uses(
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    worded = summary(northwick_diagnosis)
    terms = [term for term, _ in worded.glossary]
    assert len(terms) <= 10  # short
    for word in ("Score", "% positive", "Perception gap", "Confidence"):
        assert word in terms
    page = summary_section(render_html(northwick_diagnosis))
    for term, meaning in worded.glossary:
        assert term in page and meaning.split(";")[0] in page
    # Words the page leans on are defined: each priority's reading and its confidence.
    assert "Priority, strength, mixed" in terms
    labels = [label for label, _ in worded.reading_rules]
    assert labels == ["Ranking", "Cut-offs", "Confidence"]


def test_the_cut_offs_and_glossary_read_the_frameworks_values(
    northwick_pre_path: Path, tmp_path: Path
) -> None:
    data = framework_data()
    data["rules"].update({"strength_score": 8.0, "priority_score": 5.5, "gap_flag": 0.75})
    data["confidence_level"] = 0.9
    path = tmp_path / "fw.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    d = culturekit.diagnose(culturekit.load(northwick_pre_path, framework=load_framework(path)))
    worded = summary(d)
    rules = dict(worded.reading_rules)
    assert "below 5.5 out of 10" in rules["Cut-offs"] and "8 or more" in rules["Cut-offs"]
    glossary = dict(worded.glossary)
    assert "at least 0.75 points" in glossary["Perception gap"]
    assert "90% interval" in glossary
    for entry in worded.priorities:
        assert "below the cut-off of 5.5" in entry.evidence[0]


def test_confidence_is_explained_where_it_is_shown(
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    html = render_html(northwick_diagnosis)
    worded = summary(northwick_diagnosis)
    for entry in (*worded.priorities, *worded.strengths):
        reading = next(r for r in northwick_diagnosis.triangulation if r.element == entry.element)
        others = len(reading.evidence) - 1
        assert entry.confidence_basis.startswith(f"Staff and {others} other sources speak")
        assert f"Confidence: {entry.confidence}" in html
    table = html[html.index('id="triangulation"') :]
    assert table.count("none contradicts another") == len(northwick_diagnosis.triangulation)


def test_the_workbook_readme_opens_with_the_summary(
    northwick_diagnosis: culturekit.Diagnosis, tmp_path: Path
) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(render_xlsx(northwick_diagnosis))
    book = openpyxl.load_workbook(path)
    sheet = book["README"]
    rows = {r[0]: r[1] for r in sheet.iter_rows(values_only=True) if r[0] is not None}
    readings = list(book["Triangulation"].iter_rows(values_only=True))
    basis = readings[0].index("Confidence rests on")
    assert all(r[basis].startswith("Staff and ") for r in readings[1:])
    worded = summary(northwick_diagnosis)
    assert rows["Headline"] == worded.headline
    first = worded.priorities[0]
    text = rows[f"Priority 1: {first.name}"]
    assert all(q in text for q in first.questions)
    assert all(line in text for line in first.evidence)
    assert rows["Cut-offs"] == dict(worded.reading_rules)["Cut-offs"]
    assert "Perception gap:" in rows["Words used"]


@pytest.mark.parametrize("kind", ["priority", "strength"])
def test_a_priority_or_strength_headline_names_the_sources(
    northwick_diagnosis: culturekit.Diagnosis, kind: str
) -> None:
    d = northwick_diagnosis
    entry = (d.priorities if kind == "priority" else d.strengths)[0]
    story = d.summary
    assert story is not None
    lead = story.headline.model_copy(update={"kind": kind, "element": entry.element})
    changed = d.model_copy(update={"summary": story.model_copy(update={"headline": lead})})
    words = summary(changed).headline
    assert words.startswith(entry.name)
    assert ("pressing priority" if kind == "priority" else "clearest strength") in words
    assert words.count(",") + words.count(" and ") >= len(entry.evidence_sources) - 1

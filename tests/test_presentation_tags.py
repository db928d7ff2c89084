"""The display data templates lay out: answer bars, tags, values in units, dates."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as NS

from culturekit.report import palette
from culturekit.report.presentation.bars import likert_key, stacked_bar
from culturekit.report.presentation.comparison import dashboard_tally
from culturekit.report.presentation.diagnosis import breakdown_view
from culturekit.report.presentation.numbers import change_in_unit, in_unit
from culturekit.report.presentation.tags import (
    change_tag,
    difference_words,
    gap_tag,
    parity_tag,
)
from culturekit.report.presentation.words import long_date


def test_stacked_bar_skips_empty_answers_and_labels_only_wide_segments() -> None:
    # 0, 3 and 37 of 40 answers: 0%, 7.5% and 92.5%. The favourable side rounds half up
    # to 93%, the neutral answers take the rest, 7%; the most favourable comes first.
    answers = [
        NS(code=1, label="No", count=0, percent=0.0, side="negative"),
        NS(code=2, label="Maybe", count=3, percent=7.5, side="neutral"),
        NS(code=3, label="Yes", count=37, percent=92.5, side="positive"),
    ]
    bar = stacked_bar(NS(distribution=answers, reverse=False))
    assert bar.label == "Yes 93%, Maybe 7%, No 0%"
    colours = palette.likert(3)
    assert [(s.width, s.colour, s.text) for s in bar.segments] == [
        ("93%", colours[2], "93"),
        ("7%", colours[1], ""),
    ]
    assert bar.segments[0].ink == palette.contrast_ink(colours[2])


def test_gap_tag_agrees_the_verb_with_the_source() -> None:
    assert gap_tag(NS(reading="higher", source="board")) == (
        "flag",
        "⚑ Board sees it more favourably",
    )
    assert gap_tag(NS(reading="lower", source="stakeholders")) == (
        "flag",
        "⚑ Stakeholders see it less favourably",
    )


def test_gap_tag_says_similar_only_of_a_similar_reading() -> None:
    assert gap_tag(NS(reading="similar", source="board")) == ("similar", "Similar view")
    assert gap_tag(NS(reading="unclear", source="board")) == ("none", "Unclear")
    assert gap_tag(NS(reading="too few to tell", source="board")) == ("none", "Too few to tell")
    assert gap_tag(NS(reading="not tested", source="board")) == ("none", "Not tested")


def test_difference_words() -> None:
    assert difference_words(-0.6) == "▼ lower"
    assert difference_words(0.6) == "▲ higher"


def test_change_and_parity_tags() -> None:
    assert change_tag(NS(verdict="better", change=1.0)) == ("better", "▲ Improved")
    assert change_tag(NS(verdict="worse", change=-1.0)) == ("worse", "▼ Worsened")
    assert change_tag(NS(verdict="no clear change", change=0.0)) == (
        "similar",
        "● No clear change",
    )
    assert change_tag(NS(verdict="no clear change", change=-0.01)) == (
        "similar",
        "● No clear change",
    )
    assert change_tag(NS(verdict="not tested", change=0.3)) == ("none", "– Direction not set")
    assert change_tag(NS(verdict="not tested", change=None)) == ("none", "– Not compared")
    assert parity_tag(NS(verdict="better", change=0.1)) == ("better", "▲ Closer to parity")
    assert parity_tag(NS(verdict="worse", change=0.1)) == ("worse", "▼ Further from parity")
    assert parity_tag(NS(verdict="no clear change", change=0.0)) == (
        "similar",
        "● No clear change",
    )
    assert parity_tag(NS(verdict="not tested", change=None)) == ("none", "– Not judged")


def test_values_and_changes_in_their_units() -> None:
    assert in_unit(None, "%") == "–"
    assert in_unit(12.345, "%") == "12.3%"
    assert in_unit(1.234, "ratio") == "1.23"
    # Halves round away from zero, as a spreadsheet rounds what it shows.
    assert in_unit(-1.25, "percentage points") == "−1.3 pts"
    assert in_unit(3.06, "days") == "3.1"
    assert change_in_unit(2.04, "percent") == "+2.0 pts"
    assert change_in_unit(0.123, "ratio") == "+0.12"
    assert change_in_unit(-0.04, "days") == "0.0"


def test_long_date_drops_the_leading_zero() -> None:
    assert long_date(dt.date(2026, 3, 4)) == "4 March 2026"
    assert long_date(dt.date(2026, 11, 14)) == "14 November 2026"


def test_breakdown_view() -> None:
    hidden = NS(suppressed=True)
    shown = NS(suppressed=False)
    view = breakdown_view(NS(groups=[hidden, hidden], overall={"a": 1.0, "b": 2.0}))
    assert view.none_shown and view.hidden_span == 3
    assert not breakdown_view(NS(groups=[hidden, shown], overall={"a": 1.0})).none_shown


def test_likert_key_colours_answers_as_the_bars_do() -> None:
    # Labels most favourable first, in the favourable colour first.
    assert likert_key(["Yes", "Maybe", "No"]) == list(
        zip(["Yes", "Maybe", "No"], palette.likert(3)[::-1], strict=True)
    )


def test_dashboard_tally_counts_by_each_indicators_sense_of_better() -> None:
    verdicts = ["better", "worse", "no clear change", "better", "not tested"]
    indicators = [NS(verdict=v) for v in verdicts]
    assert dashboard_tally(indicators) == (
        "Of 5 indicators, 2 improved, 1 worsened and 1 shows no clear change"
    )
    assert dashboard_tally([NS(verdict="not tested")]) == (
        "Of 1 indicator, 0 improved and 0 worsened"
    )

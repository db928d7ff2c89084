"""Tests for the Workforce and Recruitment sheets and the leadership workforce analysis.

Every expected figure is worked out by hand here (counts chosen so the arithmetic is easy
to follow), never copied from culturekit's output.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from culturekit.framework import default_framework
from culturekit.ingest.reader import Sheet
from culturekit.ingest.workforce import (
    BANDS,
    RecruitmentData,
    WorkforceData,
    parse_recruitment,
    parse_workforce,
)
from culturekit.names import normalise_name
from culturekit.report.presentation.evidence import workforce_evidence
from culturekit.report.presentation.methods import equity_rule
from culturekit.results.workforce import WorkforceResult
from culturekit.scoring.workforce import PIPELINE_BANDS, score_workforce

FW = default_framework()
T = FW.reporting_threshold  # 11


# --------------------------------------------------------------------------- builders


def framework_with(**rules: object):
    """The default framework with some rules changed."""
    return FW.model_copy(update={"rules": FW.rules.model_copy(update=rules)})


def make_sheet(
    columns: dict[str, list[object]],
    *,
    name: str = "Workforce",
    rows: list[int] | None = None,
) -> Sheet:
    """A Sheet as the reader builds it; ``columns`` keys are headers as a user writes them."""
    frame = pd.DataFrame({normalise_name(k): v for k, v in columns.items()}, dtype=object)
    frame = frame.astype(object).where(frame.notna(), None)
    n = len(frame)
    return Sheet(
        file="trust.xlsx",
        name=name,
        frame=frame,
        rows=np.array(rows if rows is not None else range(2, n + 2)),
        headers={normalise_name(k): k for k in columns},
    )


def staff(n: int, **values: object) -> list[dict[str, object]]:
    """``n`` employees with the same values."""
    return [dict(values) for _ in range(n)]


def workforce(people: list[dict[str, object]]) -> WorkforceData:
    keys: list[str] = []
    for person in people:
        keys += [k for k in person if k not in keys]
    columns = {k: [p.get(k) for p in people] for k in keys}
    problems: list = []
    data = parse_workforce(make_sheet(columns), FW, problems, [])
    assert problems == []
    assert data is not None
    return data


def recruitment(people: list[dict[str, object]]) -> RecruitmentData:
    keys: list[str] = []
    for person in people:
        keys += [k for k in person if k not in keys]
    columns = {k: [p.get(k) for p in people] for k in keys}
    problems: list = []
    data = parse_recruitment(make_sheet(columns, name="Recruitment"), FW, problems, [])
    assert problems == []
    assert data is not None
    return data


def applicants(ethnicity: str | None, appointed: int, shortlisted: int) -> list[dict]:
    return staff(appointed, ethnicity=ethnicity, appointed="Y") + staff(
        shortlisted - appointed, ethnicity=ethnicity, appointed="N"
    )


# --------------------------------------------------------------------------- ingest


def test_band_variants_are_canonical() -> None:
    sheet = make_sheet(
        {
            "Band": [
                "band 8A",
                "8a",
                "Band8a",
                5,
                5.0,
                "Band 5",
                " band-9 ",
                "vsm",
                "Medical",
                "OTHER",
                "Band 8d",
            ]
        }
    )
    problems: list = []
    data = parse_workforce(sheet, FW, problems, [])
    assert problems == []
    assert data is not None
    assert data.frame["band"].tolist() == [
        "Band 8a",
        "Band 8a",
        "Band 8a",
        "Band 5",
        "Band 5",
        "Band 5",
        "Band 9",
        "VSM",
        "Medical",
        "Other",
        "Band 8d",
    ]


def test_invalid_band_and_blank_band_are_problems_with_excel_rows() -> None:
    # Excel rows 2, 3, 5, 6: row 4 was wholly empty and dropped by the reader.
    sheet = make_sheet({"Band": ["Band 5", "Band 10", None, "Band 8"]}, rows=[2, 3, 5, 6])
    problems: list = []
    data = parse_workforce(sheet, FW, problems, [])
    assert data is not None
    found = sorted((p.row, p.column, p.value) for p in problems)
    assert found == [(3, "Band", "Band 10"), (5, "Band", None), (6, "Band", "Band 8")]
    assert all(p.sheet == "Workforce" and p.file == "trust.xlsx" for p in problems)
    assert all("Band 8a" in (p.expected or "") for p in problems)


def test_missing_band_column_is_one_problem() -> None:
    sheet = make_sheet({"Ethnicity": ["White British", "Asian"]})
    problems: list = []
    assert parse_workforce(sheet, FW, problems, []) is None
    assert len(problems) == 1
    assert problems[0].column == "band"


def test_ethnicity_groups() -> None:
    written = [
        "White British",
        "white irish",
        "White - Any other White background",
        "A White - British",
        "Any other White background",
        "Asian or Asian British - Indian",
        "Black African",
        "Mixed - White and Black Caribbean",
        "Chinese",
        None,
        "Not stated",
        "Prefer not to say",
        "NOT KNOWN",
        "Unknown",
        "Not declared",
        "Z Not Stated",
    ]
    data = workforce([{"band": "Band 5", "ethnicity": e} for e in written])
    assert data.frame["ethnicity_group"].tolist() == (
        ["White"] * 5 + ["BME"] * 4 + ["Not stated"] * 7
    )
    # as written, blank kept blank
    assert data.frame["ethnicity"].iloc[0] == "White British"
    assert pd.isna(data.frame["ethnicity"].iloc[9])


def test_yes_no_variants_and_invalid_flag() -> None:
    values = ["Y", "n", "Yes", "NO", "TRUE", "false", 1, 0, 1.0, None, "maybe"]
    sheet = make_sheet(
        {"Band": ["Band 5"] * len(values), "Left In Period": values},
        rows=list(range(10, 10 + len(values))),
    )
    problems: list = []
    data = parse_workforce(sheet, FW, problems, [])
    assert data is not None
    assert data.frame["left_in_period"].tolist()[:9] == [
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        False,
        True,
    ]
    assert pd.isna(data.frame["left_in_period"].iloc[9])
    assert len(problems) == 1
    (problem,) = problems
    assert (problem.row, problem.column, problem.value) == (20, "Left In Period", "maybe")
    assert "Y or N" in (problem.expected or "")


def test_disability_mapping_and_invalid_value() -> None:
    sheet = make_sheet(
        {
            "band": ["Band 5"] * 7,
            "Disability": [
                "Y",
                "no",
                "Prefer not to say",
                None,
                "Not Declared",
                "Yes",
                "sometimes",
            ],
        }
    )
    problems: list = []
    data = parse_workforce(sheet, FW, problems, [])
    assert data is not None
    assert data.frame["disability"].tolist()[:6] == [
        "Yes",
        "No",
        "Not declared",
        "Not declared",
        "Not declared",
        "Yes",
    ]
    assert [(p.row, p.column, p.value) for p in problems] == [(8, "Disability", "sometimes")]


def test_every_problem_is_collected() -> None:
    sheet = make_sheet(
        {
            "Band": ["Band 99", "Band 5", "Band 6"],
            "Board Member": ["Y", "perhaps", "N"],
            "Accessed Training": ["x", "Y", "2"],
        }
    )
    problems: list = []
    parse_workforce(sheet, FW, problems, [])
    found = sorted((p.row, p.column) for p in problems)
    assert found == [
        (2, "Accessed Training"),
        (2, "Band"),
        (3, "Board Member"),
        (4, "Accessed Training"),
    ]


def test_absent_optional_columns_are_na() -> None:
    data = workforce(staff(3, band="Band 5"))
    for column in ("board_member", "left_in_period", "entered_disciplinary", "age_band"):
        assert data.frame[column].isna().all()
    assert (data.frame["ethnicity_group"] == "Not stated").all()
    assert (data.frame["disability"] == "Not declared").all()


def test_recruitment_requires_appointed() -> None:
    problems: list = []
    sheet = make_sheet({"Ethnicity": ["Asian"]}, name="Recruitment")
    assert parse_recruitment(sheet, FW, problems, []) is None
    assert len(problems) == 1 and problems[0].column == "appointed"

    problems = []
    sheet = make_sheet(
        {"Ethnicity": ["Asian", "White", "White"], "Appointed": ["Y", None, "later"]},
        name="Recruitment",
    )
    data = parse_recruitment(sheet, FW, problems, [])
    assert data is not None
    assert sorted((p.row, p.column, p.value) for p in problems) == [
        (3, "Appointed", None),
        (4, "Appointed", "later"),
    ]
    assert data.frame["ethnicity_group"].tolist() == ["BME", "White", "White"]


# --------------------------------------------------------------------------- WRES 2 / WDES 2


def test_wres2_published_example() -> None:
    # 46.99% of White and 14.65% of BME shortlisted applicants appointed: 3.21.
    data = recruitment(applicants("White British", 4699, 10000) + applicants("Indian", 1465, 10000))
    result = score_workforce(None, data, FW)
    ind = result.wres[2]
    assert ind.available
    assert ind.value == pytest.approx((4699 / 10000) / (1465 / 10000))
    assert round(ind.value, 2) == 3.21
    assert ind.group_a is not None and ind.group_b is not None
    assert (ind.group_a.label, ind.group_a.numerator, ind.group_a.denominator) == (
        "White",
        4699,
        10000,
    )
    assert (ind.group_b.label, ind.group_b.numerator, ind.group_b.denominator) == (
        "BME",
        1465,
        10000,
    )
    assert ind.group_a.percent == pytest.approx(46.99)
    assert ind.group_b.rate == pytest.approx(0.1465)
    # Katz interval worked by hand.
    se = math.sqrt(1 / 4699 - 1 / 10000 + 1 / 1465 - 1 / 10000)
    assert ind.ci_low == pytest.approx(math.exp(math.log(4699 / 1465) - 1.959964 * se), rel=1e-5)
    assert ind.ci_high == pytest.approx(math.exp(math.log(4699 / 1465) + 1.959964 * se), rel=1e-5)
    assert ind.concern is True
    assert ind.significant is True
    assert "White applicants were 3.21 times as likely to be appointed from shortlisting" in (
        ind.reading
    )
    assert "as BME applicants" in ind.reading
    # No workforce sheet: the workforce indicators say so.
    assert not result.wres[3].available
    assert result.wres[3].missing_reason == "no Workforce sheet"


def test_ratio_with_no_applicants_in_a_group() -> None:
    data = recruitment(applicants("White British", 10, 40))
    ind = score_workforce(None, data, FW).wres[2]
    assert ind.available
    assert ind.value is None
    assert ind.missing_reason is not None and "no BME applicants" in ind.missing_reason
    assert ind.concern is False


def test_ratio_with_a_group_too_small() -> None:
    # 8 BME applicants: below min_group_for_ratio (11) and the reporting threshold.
    data = recruitment(
        applicants("White British", 10, 40)
        + applicants("Black African", 2, 8)
        + applicants("Not stated", 3, 12)
    )
    ind = score_workforce(None, data, FW).wres[2]
    assert ind.value is None
    assert "too small" in ind.reading
    assert ind.group_b is not None and ind.group_b.suppressed
    assert ind.group_b.numerator is None and ind.group_b.rate is None
    # The 12 undeclared (the next smallest) are hidden so that 8 is not derivable;
    # the 40 White applicants stay shown.
    assert ind.undeclared is not None and ind.undeclared.denominator is None
    assert ind.group_a is not None and ind.group_a.denominator == 40


def test_ratio_with_zero_rate_in_reference_group() -> None:
    data = recruitment(applicants("White British", 10, 40) + applicants("Black African", 0, 20))
    ind = score_workforce(None, data, FW).wres[2]
    assert ind.value is None
    assert "no BME applicants were appointed" in (ind.missing_reason or "")


def test_wdes2_non_disabled_vs_disabled() -> None:
    people = (
        staff(30, disability="N", appointed="Y")
        + staff(70, disability="N", appointed="N")
        + staff(15, disability="Y", appointed="Y")
        + staff(60, disability="Y", appointed="N")
        + staff(12, disability="Prefer not to say", appointed="N")
    )
    ind = score_workforce(None, recruitment(people), FW).wdes[2]
    # non-disabled 30/100 = 0.30, Disabled 15/75 = 0.20: 1.5
    assert ind.value == pytest.approx(1.5)
    assert ind.undeclared is not None and ind.undeclared.denominator == 12
    assert "Non-disabled applicants were 1.50 times as likely" in ind.reading


# --------------------------------------------------------------------------- WRES 3 / 4


def test_undeclared_staff_left_out_of_ratio_but_counted() -> None:
    people = (
        staff(11, band="Band 5", ethnicity="White British", entered_disciplinary="Y")
        + staff(99, band="Band 5", ethnicity="White British", entered_disciplinary="N")
        + staff(11, band="Band 5", ethnicity="Pakistani", entered_disciplinary="Y")
        + staff(44, band="Band 5", ethnicity="Pakistani", entered_disciplinary="N")
        + staff(11, band="Band 5", ethnicity="Not stated", entered_disciplinary="Y")
        + staff(11, band="Band 5", ethnicity=None, entered_disciplinary="N")
    )
    result = score_workforce(workforce(people), None, FW)
    ind = result.wres[3]
    # BME 11/55 = 0.2, White 11/110 = 0.1: 2.0. Counting the 22 undeclared (11 entered)
    # with either group would give a different figure.
    assert ind.value == pytest.approx(2.0)
    assert ind.group_a is not None and ind.group_a.label == "BME"
    assert (ind.group_a.numerator, ind.group_a.denominator) == (11, 55)
    assert ind.group_b is not None and (ind.group_b.numerator, ind.group_b.denominator) == (
        11,
        110,
    )
    assert ind.undeclared is not None
    assert (ind.undeclared.numerator, ind.undeclared.denominator) == (11, 22)
    assert ind.concern is True
    assert result.signal == "negative"
    assert any("(WRES 3" in e for e in workforce_evidence(result))
    # Training not recorded: WRES 4 unavailable, with a reason.
    assert not result.wres[4].available
    assert "accessed_training" in (result.wres[4].missing_reason or "")


def test_wres4_within_fair_range_gives_positive_signal() -> None:
    people = (
        staff(50, band="Band 5", ethnicity="White British", accessed_training="Y")
        + staff(50, band="Band 5", ethnicity="White British", accessed_training="N")
        + staff(24, band="Band 5", ethnicity="Asian", accessed_training="Y")
        + staff(26, band="Band 5", ethnicity="Asian", accessed_training="N")
    )
    result = score_workforce(workforce(people), None, FW)
    ind = result.wres[4]
    # White 50/100 = 0.5; BME 24/50 = 0.48: 1.0417
    assert ind.value == pytest.approx(0.5 / 0.48)
    assert ind.concern is False
    # No leaders at all, so representation cannot be judged; one ratio in range.
    assert result.signal == "positive"


def test_complementary_hidden_group_keeps_rate_but_not_counts() -> None:
    # Undeclared 4 (< 11) forces the smallest other group (BME, 60) to be hidden too.
    people = (
        staff(20, band="Band 5", ethnicity="White British", entered_disciplinary="Y")
        + staff(80, band="Band 5", ethnicity="White British", entered_disciplinary="N")
        + staff(12, band="Band 5", ethnicity="Asian", entered_disciplinary="Y")
        + staff(48, band="Band 5", ethnicity="Asian", entered_disciplinary="N")
        + staff(4, band="Band 5", ethnicity=None, entered_disciplinary="N")
    )
    ind = score_workforce(workforce(people), None, FW).wres[3]
    # BME 12/60 = 0.2, White 20/100 = 0.2: 1.0
    assert ind.value == pytest.approx(1.0)
    assert ind.undeclared is not None and ind.undeclared.denominator is None
    assert ind.group_a is not None
    assert ind.group_a.suppressed and ind.group_a.denominator is None
    assert ind.group_a.rate == pytest.approx(0.2)
    assert ind.ci_low is None and ind.ci_high is None


# --------------------------------------------------------------------------- WDES 3


def test_wdes3_withheld_when_few_entered_the_process() -> None:
    # 3 Disabled staff entered capability: with the rate over 30 they would be shown.
    people = (
        staff(3, band="Band 6", disability="Y", entered_capability="Y")
        + staff(27, band="Band 6", disability="Y", entered_capability="N")
        + staff(5, band="Band 6", disability="N", entered_capability="Y")
        + staff(95, band="Band 6", disability="N", entered_capability="N")
    )
    ind = score_workforce(workforce(people), None, FW).wdes[3]
    assert ind.value is None and ind.ci_low is None
    assert ind.missing_reason is not None and ind.missing_reason.startswith("Withheld")
    for group in (ind.group_a, ind.group_b):
        assert group is not None and group.numerator is None and group.rate is None
    assert '"numerator":3' not in ind.model_dump_json().replace(" ", "")


def test_wdes3_capability() -> None:
    people = (
        staff(11, band="Band 6", disability="Y", entered_capability="Y")
        + staff(99, band="Band 6", disability="Y", entered_capability="N")
        + staff(11, band="Band 6", disability="N", entered_capability="Y")
        + staff(209, band="Band 6", disability="N", entered_capability="N")
        + staff(15, band="Band 6", disability=None, entered_capability="N")
    )
    ind = score_workforce(workforce(people), None, FW).wdes[3]
    # Disabled 11/110 = 0.1; non-disabled 11/220 = 0.05: 2.0
    assert ind.value == pytest.approx(2.0)
    assert ind.concern is True
    assert "Disabled staff were 2.00 times as likely to enter the formal capability" in (
        ind.reading
    )


# --------------------------------------------------------------------------- representation


def test_complementary_suppression_in_a_representation_row() -> None:
    people = (
        staff(30, band="Band 7", ethnicity="White British")
        + staff(3, band="Band 7", ethnicity="Indian")
        + staff(12, band="Band 7", ethnicity=None)
        + staff(100, band="Band 5", ethnicity="White British")
    )
    result = score_workforce(workforce(people), None, FW)
    table = next(t for t in result.representation if t.characteristic == "ethnicity_group")
    assert [r.group for r in table.rows] == [*PIPELINE_BANDS, "Board"]
    row = next(r for r in table.rows if r.group == "Band 7")
    assert row.total == 45
    bme, white, unknown = row.cell("BME"), row.cell("White"), row.cell("Not stated")
    assert bme.suppressed and bme.count is None and bme.percent is None
    assert bme.reason == "fewer than 11 staff"
    # the next smallest (12) is hidden too, so 45 - 30 does not give the 3 away
    assert unknown.suppressed and unknown.count is None and unknown.percent is None
    assert "subtraction" in (unknown.reason or "")
    assert (white.count, white.suppressed) == (30, False)
    assert white.percent == pytest.approx(100 * 30 / 45)


def test_small_row_is_suppressed_whole() -> None:
    people = (
        staff(100, band="Band 5", ethnicity="White British")
        + staff(4, band="Band 9", ethnicity="White British")
        + staff(20, band="Band 8a", ethnicity="White British")
    )
    result = score_workforce(workforce(people), None, FW)
    table = next(t for t in result.representation if t.characteristic == "ethnicity_group")
    row = next(r for r in table.rows if r.group == "Band 9")
    assert row.suppressed and row.total is None
    assert all(c.count is None and c.percent is None for c in row.cells)
    # Headcount: Band 9 (4) hidden, and Band 8a (20, the next smallest) too.
    assert result.headcount is not None
    counts = {c.label: c for c in result.headcount.by_band}
    assert counts["Band 9"].count is None and counts["Band 8a"].count is None
    assert counts["Band 5"].count == 100
    # ... so the Band 8a representation row is hidden whole as well.
    row_8a = next(r for r in table.rows if r.group == "Band 8a")
    assert row_8a.suppressed and row_8a.total is None


def test_board_smaller_than_threshold() -> None:
    # 200 staff, 40 BME (20%); the board has 8 voting members, 2 BME (25%): +5 points.
    # Board composition is public record: shown with its counts at any size.
    people = (
        staff(6, band="VSM", ethnicity="White British", board_member="Y")
        + staff(2, band="VSM", ethnicity="Black African", board_member="Y")
        + staff(38, band="Band 5", ethnicity="Black African", board_member="N")
        + staff(154, band="Band 5", ethnicity="White British", board_member="N")
    )
    result = score_workforce(workforce(people), None, FW)
    ind = result.wres[9]
    assert ind.available
    assert ind.value == pytest.approx(25.0 - 20.0)
    assert (ind.numerator, ind.denominator) == (2, 8)
    assert ind.group_a is not None and ind.group_a.percent == pytest.approx(25.0)
    table = next(t for t in result.representation if t.characteristic == "ethnicity_group")
    board = table.rows[-1]
    assert board.group == "Board" and not board.suppressed
    assert (board.total, board.cell("BME").count, board.cell("White").count) == (8, 2, 6)
    assert result.headcount is not None and result.headcount.board.count == 8
    # The 8 board members are the VSM band: below the threshold, it stays hidden.
    vsm = next(r for r in table.rows if r.group == "VSM")
    assert vsm.suppressed and vsm.total is None


def test_wdes10_counts_executive_members() -> None:
    # Board: 12 voting + 12 non-voting executives = 24; 12 Disabled (50%).
    # Workforce: 224 in all, 12 + 20 = 32 Disabled (14.29%): +35.71 points.
    people = (
        staff(11, band="VSM", disability="N", board_member="Y")
        + staff(1, band="VSM", disability="Y", board_member="Y")
        + staff(11, band="VSM", disability="Y", board_member="N", executive="Y")
        + staff(1, band="VSM", disability="N", board_member="N", executive="Y")
        + staff(20, band="Band 5", disability="Y")
        + staff(180, band="Band 5", disability="N")
    )
    ind = score_workforce(workforce(people), None, FW).wdes[10]
    assert ind.value == pytest.approx(50.0 - 100 * 32 / 224)


def test_board_difference_shown_when_its_group_is_small() -> None:
    # Board of 12 (10 voting + 2 executives) with 3 Disabled (25%); the workforce 200 with
    # 20 Disabled (10%): +15 points, shown with its counts although 3 is below 11.
    people = (
        staff(9, band="VSM", disability="N", board_member="Y")
        + staff(1, band="VSM", disability="Y", board_member="Y")
        + staff(2, band="VSM", disability="Y", board_member="N", executive="Y")
        + staff(17, band="Band 5", disability="Y")
        + staff(171, band="Band 5", disability="N")
    )
    ind = score_workforce(workforce(people), None, FW).wdes[10]
    assert ind.value == pytest.approx(15.0)
    assert (ind.numerator, ind.denominator) == (3, 12)


def test_board_difference_withheld_when_the_workforce_share_is_hidden() -> None:
    # 9 Disabled staff in 300: the workforce share is hidden, and board share minus the
    # difference would give it back, so the difference is withheld; the board's counts stay.
    people = (
        staff(2, band="VSM", disability="Y", board_member="Y")
        + staff(10, band="VSM", disability="N", board_member="Y")
        + staff(7, band="Band 5", disability="Y")
        + staff(281, band="Band 5", disability="N")
    )
    ind = score_workforce(workforce(people), None, FW).wdes[10]
    assert ind.value is None
    assert ind.missing_reason is not None and ind.missing_reason.startswith("Withheld")
    assert (ind.numerator, ind.denominator) == (2, 12)
    assert ind.group_b is not None and ind.group_b.percent is None


def test_wres1_by_band_with_clinical_split() -> None:
    people = (
        staff(40, band="Band 5", ethnicity="White British", staff_group="Clinical")
        + staff(20, band="Band 5", ethnicity="Indian", staff_group="Clinical")
        + staff(30, band="Band 5", ethnicity="White British", staff_group="Non-clinical")
        + staff(15, band="Band 5", ethnicity="Indian", staff_group="non clinical")
    )
    ind = score_workforce(workforce(people), None, FW).wres[1]
    shares = {(s.band, s.staff_group): s for s in ind.by_band}
    assert set(shares) == {
        ("Band 5", "All staff"),
        ("Band 5", "Clinical"),
        ("Band 5", "Non-clinical"),
    }
    assert shares[("Band 5", "All staff")].percent == pytest.approx(100 * 35 / 105)
    assert shares[("Band 5", "Clinical")].count == 20
    assert shares[("Band 5", "Clinical")].percent == pytest.approx(100 * 20 / 60)
    assert shares[("Band 5", "Non-clinical")].percent == pytest.approx(100 * 15 / 45)
    assert ind.value == pytest.approx(100 * 35 / 105)


def test_leadership_headcount_counts_board_members_in_any_band() -> None:
    people = (
        staff(12, band="Band 8a")
        + staff(11, band="VSM", board_member="Y")
        + staff(3, band="Medical", board_member="Y")
        + staff(50, band="Band 5")
    )
    result = score_workforce(workforce(people), None, FW)
    assert result.headcount is not None
    assert result.headcount.leadership.count == 12 + 11 + 3
    assert result.headcount.board.count == 14
    assert result.headcount.total.count == 76
    assert [c.label for c in result.headcount.by_band] == list(BANDS)


def test_leadership_underrepresentation_is_negative() -> None:
    # Workforce 200: 60 BME (30%). Leaders (Band 8a+): 40, 4 BME (10%) < 0.8 x 30%.
    people = (
        staff(36, band="Band 8a", ethnicity="White British")
        + staff(4, band="Band 8a", ethnicity="Chinese")
        + staff(104, band="Band 5", ethnicity="White British")
        + staff(56, band="Band 5", ethnicity="Chinese")
    )
    result = score_workforce(workforce(people), None, FW)
    assert result.signal == "negative"
    # The leadership BME cell (4) is hidden, so the evidence gives no figure for it.
    text = " ".join(workforce_evidence(result))
    assert "BME representation among leaders is below 0.8" in text
    assert "10.0" not in text


# --------------------------------------------------------------------------- shares


def test_turnover_and_succession() -> None:
    people = (
        staff(10, band="Band 8a", age_band="55-59", left_in_period="Y")
        + staff(20, band="Band 8a", age_band="60-64", left_in_period="N")
        + staff(30, band="Band 8b", age_band="35-44", left_in_period="N")
        + staff(40, band="Band 5", age_band="25-34", left_in_period="Y")
        + staff(100, band="Band 5", age_band="55-59", left_in_period="N")
    )
    # 10 leaders left: shown only under a workforce threshold of 10 (see the outcome tests).
    result = score_workforce(workforce(people), None, framework_with(workforce_threshold=10))
    assert (result.turnover.count, result.turnover.total) == (50, 200)
    # Leavers over the average in post: 200 at the start, 150 at the end, 175 on average.
    assert result.turnover.base == 175
    assert result.turnover.percent == pytest.approx(100 * 50 / 175)
    assert (result.leadership_turnover.count, result.leadership_turnover.total) == (10, 60)
    assert result.leadership_turnover.percent == pytest.approx(100 * 10 / 55)
    # Leaders: 60, 30 aged 55-59 or 60-64
    assert (result.succession_risk.count, result.succession_risk.total) == (30, 60)
    assert result.succession_risk.percent == pytest.approx(50.0)
    assert result.succession_risk.unknown == 0


def test_succession_hidden_when_a_group_is_small() -> None:
    people = staff(5, band="Band 9", age_band="66+") + staff(40, band="Band 8a", age_band="35-44")
    share = score_workforce(workforce(people), None, FW).succession_risk
    assert share.suppressed and share.count is None and share.percent is None


def test_nothing_given() -> None:
    result = score_workforce(None, None, FW)
    assert result.headcount is None
    assert all(not i.available for i in [*result.wres.values(), *result.wdes.values()])
    assert result.signal is None
    assert not result.turnover.available
    dumped = json.loads(result.model_dump_json())
    assert sorted(dumped["wres"]) == ["1", "2", "3", "4", "9"]
    assert sorted(dumped["wdes"]) == ["1", "10", "2", "3"]
    assert WorkforceResult.model_validate_json(result.model_dump_json()) == result


def test_equity_rule_text_names_the_values() -> None:
    text = equity_rule(FW)
    assert "0.8 to 1.25" in text and "Band 8a" in text and "at least 11 leaders" in text


# --------------------------------------------------------------------------- property


GROUP_LABELS = {"White": "White British", "BME": "Black Caribbean", "Not stated": None}


@settings(max_examples=60, deadline=None)
@given(
    hst.lists(
        hst.tuples(hst.integers(0, 30), hst.integers(0, 30), hst.integers(0, 30)),
        min_size=4,
        max_size=4,
    )
)
def test_no_shown_cell_below_threshold_and_nothing_derivable(counts: list) -> None:
    bands = ["Band 5", "Band 6", "Band 7", "Band 8a"]
    people: list[dict] = []
    truth: dict[str, dict[str, int]] = {}
    for band, (white, bme, unknown) in zip(bands, counts, strict=True):
        truth[band] = {"White": white, "BME": bme, "Not stated": unknown}
        for group, n in truth[band].items():
            people += staff(n, band=band, ethnicity=GROUP_LABELS[group])
    if not people:
        return
    result = score_workforce(workforce(people), None, FW)
    table = next(t for t in result.representation if t.characteristic == "ethnicity_group")
    for row in table.rows:
        if row.group not in truth:
            continue
        real = truth[row.group]
        for cell in row.cells:
            if not cell.suppressed:
                assert cell.count == real[cell.category]
                assert cell.count == 0 or cell.count >= T
            else:
                assert cell.count is None and cell.percent is None
        if row.suppressed:
            assert row.total is None
            continue
        hidden = [real[c.category] for c in row.cells if c.suppressed]
        # total minus the shown cells gives only the sum of the hidden ones
        assert sum(hidden) == 0 or sum(hidden) >= T
        assert len([h for h in hidden if h > 0]) != 1
    # The same holds for the headcount by band.
    assert result.headcount is not None
    band_cells = result.headcount.by_band
    hidden_bands = [sum(truth[c.label].values()) for c in band_cells if c.suppressed]
    if result.headcount.total.count is not None:
        assert sum(hidden_bands) == 0 or sum(hidden_bands) >= T
    for cell in band_cells:
        if not cell.suppressed:
            assert cell.count == 0 or (cell.count is not None and cell.count >= T)


# ------------------------------------------------------- the board apart from the workforce


def _with_non_executives() -> list[dict[str, object]]:
    # Staff: 150 in Band 5 (30 Indian, 120 White British; 17 of the White staff left),
    # 20 in Band 8a (all White), 6 executive directors in VSM on the board.
    # Board: the 6 executives and 8 non-executive directors (band Other, 2 Black African).
    return (
        staff(30, band="Band 5", ethnicity="Indian", left_in_period="N")
        + staff(17, band="Band 5", ethnicity="White British", left_in_period="Y")
        + staff(103, band="Band 5", ethnicity="White British", left_in_period="N")
        + staff(20, band="Band 8a", ethnicity="White British", left_in_period="N")
        + staff(
            6, band="VSM", ethnicity="White British", board_member="Y", executive="Y",
            left_in_period="N",
        )
        + staff(2, band="Other", ethnicity="Black African", board_member="Y", executive="N")
        + staff(6, band="Other", ethnicity="White British", board_member="Y", executive="N")
    )  # fmt: skip


def test_non_executive_directors_are_on_the_board_not_in_the_workforce() -> None:
    result = score_workforce(workforce(_with_non_executives()), None, FW)
    hc = result.headcount
    assert hc is not None
    assert hc.total.count == 150 + 20 + 6
    assert hc.board.count == 14
    assert hc.non_executive is not None and hc.non_executive.count == 8
    assert hc.leadership.count == 20 + 6
    assert next(c for c in hc.by_band if c.label == "Other").count == 0
    # WRES 1: 30 of the 176 staff; WRES 9: 2 of the 14 voting members against it.
    assert (result.wres[1].numerator, result.wres[1].denominator) == (30, 176)
    wres9 = result.wres[9]
    assert (wres9.numerator, wres9.denominator) == (2, 14)
    assert wres9.value == pytest.approx(100 * 2 / 14 - 100 * 30 / 176)
    table = next(t for t in result.representation if t.characteristic == "ethnicity_group")
    assert table.overall is not None and table.overall.total == 176
    assert table.rows[-1].group == "Board" and table.rows[-1].total == 14
    # Turnover over the staff alone: 17 left of 176 in post at the start, 159 at the end.
    assert (result.turnover.count, result.turnover.total) == (17, 176)
    assert result.turnover.percent == pytest.approx(100 * 17 / ((176 + 159) / 2))


def test_a_board_member_with_no_executive_status_is_taken_as_staff() -> None:
    people = [dict(p) for p in _with_non_executives()]
    for person in people:
        if person.get("executive") == "N":
            person["executive"] = None
    hc = score_workforce(workforce(people), None, FW).headcount
    assert hc is not None
    assert hc.total.count == 176 + 8
    assert hc.non_executive is not None and hc.non_executive.count == 0
    assert hc.board.count == 14

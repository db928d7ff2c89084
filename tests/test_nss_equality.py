"""The survey-based WRES 5-8 and WDES 4-9 measures of the NSS example, against an
independent computation from the Staff sheet (pandas), with the fact sheet's definitions
written out here: question numbers, the answers counted, the answers left out."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import culturekit
from culturekit.results import Diagnosis

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ashdown-nss-2024.xlsx"
NSS = yaml.safe_load((ROOT / "culturekit/framework/nhs-staff-survey.yaml").read_text())
ANY_INCIDENT = {2, 3, 4, 5}
# (standard, number) -> (items, counted answers, answers that are not answers, groups)
DEFINITIONS = {
    ("WRES", "5"): (["q14a"], ANY_INCIDENT, set(), None),
    ("WRES", "6"): (["q14b", "q14c"], ANY_INCIDENT, set(), None),
    ("WRES", "7"): (["q15"], {1}, {3, 9}, None),
    ("WRES", "8"): (["q16b"], {1}, set(), None),
    ("WDES", "4a(i)"): (["q14a"], ANY_INCIDENT, set(), None),
    ("WDES", "4a(ii)"): (["q14b"], ANY_INCIDENT, set(), None),
    ("WDES", "4a(iii)"): (["q14c"], ANY_INCIDENT, set(), None),
    ("WDES", "4b"): (["q14d"], {1, 2}, {4, 5}, None),
    ("WDES", "5"): (["q15"], {1}, {3, 9}, None),
    ("WDES", "6"): (["q11e"], {1}, set(), None),
    ("WDES", "7"): (["q4b"], {4, 5}, set(), None),
    ("WDES", "8"): (["q31b"], {1}, {3}, ["Disabled"]),
}
GROUPS = {
    "WRES": ("ethnicity", {"White": "White", "BME": "BME"}),
    "WDES": ("disability", {"Disabled": "Yes", "Non-disabled": "No"}),
}
ENGAGEMENT = {"motivation": ["q2a", "q2b", "q2c"], "involvement": ["q3c", "q3d", "q3f"]}
ENGAGEMENT["advocacy"] = ["q25a", "q25c", "q25d"]


@pytest.fixture(scope="module")
def diagnosis() -> Diagnosis:
    return culturekit.diagnose(EXAMPLE, framework="nhs-staff-survey")


@pytest.fixture(scope="module")
def sheet() -> pd.DataFrame:
    raw = pd.read_excel(EXAMPLE, sheet_name="Staff", engine="openpyxl")
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    return raw


def respondents(sheet: pd.DataFrame) -> pd.Series:
    """Rows answering at least half the items of one of the six elements (any box that
    is scored counts as an answer)."""
    items = NSS["instruments"]["staff"]["items"]
    found = pd.Series(False, index=sheet.index)
    for element in {i["element"] for i in items if i["element"]}:
        codes = [i for i in items if i["element"] == element]
        answered = sum(_scored(sheet, i).notna().astype(int) for i in codes)
        found |= answered >= math.ceil(0.5 * len(codes))
    return found


def _scored(sheet: pd.DataFrame, item: dict) -> pd.Series:
    scale = NSS["answer_sets"][item["answers"]] if item.get("answers") else NSS["scale"]
    codes = {p["code"] for p in scale["points"]}
    return sheet[item["code"]].where(sheet[item["code"]].isin(codes))


def wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


def expected(sheet: pd.DataFrame, members: pd.Series, key: tuple[str, str]):
    items, counted, left_out, _ = DEFINITIONS[key]
    block = sheet.loc[members, items].astype(float)
    block = block.where(~block.isin(left_out))
    answered = block.notna().any(axis=1)
    hits = block.isin(counted).any(axis=1) & answered
    return int(hits.sum()), int(answered.sum())


def measures(diagnosis: Diagnosis):
    for standard in diagnosis.equality or []:
        for measure in standard.measures:
            yield standard, measure


def test_every_measure_is_worked_out(diagnosis: Diagnosis):
    found = {(s.standard, m.number) for s, m in measures(diagnosis)}
    assert found == set(DEFINITIONS) | {("WDES", "9a")}


def test_percentages_match_an_independent_computation(diagnosis: Diagnosis, sheet):
    people = respondents(sheet)
    assert people.all()  # the example's every row is a respondent
    checked = 0
    for standard, measure in measures(diagnosis):
        key = (standard.standard, measure.number)
        if key not in DEFINITIONS:
            continue
        column, values = GROUPS[standard.standard]
        if measure.organisation is not None:
            k, n = expected(sheet, people, key)
            assert measure.organisation.n == n
            assert measure.organisation.value == pytest.approx(100 * k / n)
            low, high = wilson(k, n)
            assert (measure.organisation.ci_low, measure.organisation.ci_high) == pytest.approx(
                (low, high)
            )
        assert [g.label for g in measure.groups] == (DEFINITIONS[key][3] or list(values))
        for figure in measure.groups:
            if figure.suppressed:
                continue
            k, n = expected(sheet, people & (sheet[column] == values[figure.label]), key)
            assert figure.n == n and figure.value == pytest.approx(100 * k / n)
            checked += 1
        shown = [g.value for g in measure.groups]
        if len(shown) == 2 and None not in shown:
            assert measure.difference == pytest.approx(shown[0] - shown[1])
    assert checked >= 15


def test_planted_findings(diagnosis: Diagnosis):
    """BME staff more often harassed by staff; Disabled staff less often feel valued."""
    found = {(s.standard, m.number): m for s, m in measures(diagnosis)}
    white, bme = found[("WRES", "6")].groups
    assert bme.value - white.value > 20
    disabled, others = found[("WDES", "7")].groups
    assert others.value - disabled.value > 5


def test_engagement_by_disability_is_the_mean_of_its_subscores(diagnosis: Diagnosis, sheet):
    five = {1: 0.0, 2: 2.5, 3: 5.0, 4: 7.5, 5: 10.0}
    measure = next(m for s, m in measures(diagnosis) if m.number == "9a")
    for figure in measure.groups:
        inside = sheet[sheet["disability"] == GROUPS["WDES"][1][figure.label]]
        subs = []
        for items in ENGAGEMENT.values():
            per_person = inside[items].apply(lambda c: c.map(five)).mean(axis=1, skipna=True)
            subs.append(per_person.dropna().mean())
        assert figure.value == pytest.approx(np.mean(subs))
    themes = {t.id: t for t in diagnosis.themes.themes}
    assert measure.organisation.value == pytest.approx(themes["staff_engagement"].score)


def test_without_the_column_the_standard_says_why(tmp_path: Path, sheet):
    from helpers.workbooks import make_workbook

    trust = pd.read_excel(EXAMPLE, sheet_name="Trust", engine="openpyxl")
    staff = sheet.drop(columns=["ethnicity"])
    rows = [list(staff.columns)] + [
        [None if pd.isna(v) else v for v in row] for row in staff.itertuples(index=False)
    ]
    path = make_workbook(
        tmp_path, {"Trust": [list(trust.columns), *trust.values.tolist()], "Staff": rows}
    )
    result = culturekit.diagnose(path, framework="nhs-staff-survey")
    wres = next(s for s in result.equality if s.standard == "WRES")
    assert wres.measures == [] and "ethnicity" in wres.missing

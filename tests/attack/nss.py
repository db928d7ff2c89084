"""NHS Staff Survey workbooks for the attacker: small ethnicity and disability groups.

The survey-based WRES and WDES measures are published by ethnicity and disability; these
workbooks put groups of 1 to threshold-1 respondents in those columns and record, as the
truth, each group's size and its true percentage on every measure (as a 0-10 mean: a
counted answer is 10), counted from the rows written. Nothing here uses culturekit: the
framework is read as plain YAML.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from helpers.workbooks import ROOT

from attack.truth import ALL, Group, Truth
from attack.workbooks import write

NSS = yaml.safe_load(
    (ROOT / "culturekit" / "framework" / "nhs-staff-survey.yaml").read_text(encoding="utf-8")
)
THRESHOLD = NSS["reporting_threshold"]
COLUMNS = ("staff_group", "ethnicity", "disability")
NOT_STATED = "Not stated"
# Answers that keep every measure's denominator the whole group: everyone is asked
# everything (q11d Yes, so q11e is asked; an appraisal, so q23b-d are), and no one picks
# an unscored box.
FIXED = {"q11d": 1, "q23a": 1}


def _codes(item: Mapping[str, Any]) -> list[int]:
    scale = NSS["answer_sets"][item["answers"]] if item.get("answers") else NSS["scale"]
    return [p["code"] for p in scale["points"]]


def _answers(rng: random.Random, groups: Mapping[str, str]) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for item in NSS["instruments"]["staff"]["items"]:
        code = item["code"]
        if code == "q31b" and groups["disability"] != "Yes":
            out[code] = None  # asked of Disabled staff only
            continue
        out[code] = FIXED.get(code, rng.choice(_codes(item)))
    return out


def measures() -> list[tuple[str, str, list[str], list[int], list[str] | None]]:
    """(name, column, items, counts, groups) of every percentage measure."""
    found = []
    for standard in NSS["survey_standards"]:
        for m in standard["measures"]:
            if "items" in m:
                name = f"{standard['standard']} {m['number']}"
                found.append((name, standard["column"], m["items"], m["counts"], m.get("groups")))
    return found


def nss_workbook(
    folder: Path, sizes: Mapping[str, Mapping[str, int]], seed: int, name: str = "nss.xlsx"
) -> Truth:
    """A Staff sheet whose columns have the given group sizes (each column's sizes add up
    to the same total), shuffled independently, with random answers."""
    rng = random.Random(seed)
    total = {sum(s.values()) for s in sizes.values()}
    assert len(total) == 1, "every column must hold everyone"
    n = total.pop()
    labels: dict[str, list[str]] = {}
    for column in COLUMNS:
        values = [label for label, k in sizes[column].items() for _ in range(k)]
        rng.shuffle(values)
        labels[column] = values
    people = [{c: labels[c][i] for c in COLUMNS} for i in range(n)]
    answers = [_answers(rng, p) for p in people]
    codes = [i["code"] for i in NSS["instruments"]["staff"]["items"]]
    header = ["respondent_id", *COLUMNS, *codes]
    rows = [
        [f"R{i:03d}", *(p[c] for c in COLUMNS), *(a[c] for c in codes)]
        for i, (p, a) in enumerate(zip(people, answers, strict=True))
    ]
    path = write(folder, name, {"Staff": [header, *rows]})
    truth = Truth(path, threshold=THRESHOLD, run_options={"framework": "nhs-staff-survey"})
    truth.groups.append(Group("staff", None, ALL, n, _means(answers)))
    for column in COLUMNS:
        for label in sizes[column]:
            inside = [a for p, a in zip(people, answers, strict=True) if p[column] == label]
            truth.groups.append(Group("staff", column, label, len(inside), _means(inside)))
    for a, b in ((x, y) for x in COLUMNS for y in COLUMNS if x < y):
        truth.atoms[("diagnosis", "staff", a, b)] = set(Counter((p[a], p[b]) for p in people))
    return truth


def _means(answers: Sequence[Mapping[str, int | None]]) -> dict[str, float]:
    """Each measure's share on 0-10, where everyone in ``answers`` answered its items."""
    means = {}
    for name, _, items, counts, _ in measures():
        asked = [a for a in answers if any(a[i] is not None for i in items)]
        if asked and len(asked) == len(answers):
            hits = sum(any(a[i] in counts for i in items) for a in asked)
            means[name] = 10.0 * hits / len(asked)
    return means


# Group sizes that make the equality tables hard: one small ethnicity group beside a shown
# one (subtraction from the organisation's figure), two small ones, and small disability
# groups whose complement is a large one.
DESIGNS: dict[str, dict[str, dict[str, int]]] = {
    "one small ethnicity group": {
        "staff_group": {"Nursing": 24, "Admin": 20},
        "ethnicity": {"White": 29, "BME": 12, NOT_STATED: 3},
        "disability": {"Yes": 12, "No": 32},
    },
    "two small ethnicity groups": {
        "staff_group": {"Nursing": 22, "Admin": 22},
        "ethnicity": {"White": 30, "BME": 8, NOT_STATED: 6},
        "disability": {"Yes": 14, "No": 28, NOT_STATED: 2},
    },
    "small Disabled group": {
        "staff_group": {"Nursing": 30, "Admin": 14},
        "ethnicity": {"White": 22, "BME": 22},
        "disability": {"Yes": 6, "No": 38},
    },
}

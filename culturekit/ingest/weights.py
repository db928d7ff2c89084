"""The Weights sheet: weighting the staff survey's scores by occupation group.

One row per group of the framework's weighting column (``staff_group`` for the NHS Staff
Survey), with either a ``weight`` (the weight itself) or a ``share`` (the group's share
of the reference mix the scores are weighted to: a percentage, a fraction or a headcount,
read relative to the column's total). Every bad cell is a Problem with its row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from culturekit.errors import Problem
from culturekit.framework.model import Framework
from culturekit.ingest.dashboard import parse_numbers
from culturekit.ingest.models import SurveyData
from culturekit.ingest.reader import Sheet
from culturekit.ingest.workforce import cell_text

KINDS = ("weight", "share")


@dataclass(frozen=True)
class WeightsData:
    """Each group's given weight (``kind`` "weight") or reference share ("share"; the
    shares add up to 1)."""

    kind: Literal["weight", "share"]
    values: dict[str, float]


def parse_weights(
    sheet: Sheet, framework: Framework, problems: list[Problem], notices: list[str]
) -> WeightsData | None:
    """Validate the Weights sheet (None, with problems, when it cannot be used)."""
    before = len(problems)
    if framework.weighting is None:
        problems.append(
            sheet.problem(
                f"the framework {framework.id} does not weight scores: remove the Weights "
                "sheet, or use a framework with a weighting setting (nhs-staff-survey)"
            )
        )
        return None
    frame = sheet.frame
    if "group" not in frame.columns:
        problems.append(sheet.problem("the Weights sheet needs a 'group' column", row=1))
    given = [k for k in KINDS if k in frame.columns]
    if len(given) != 1:
        problems.append(
            sheet.problem(
                "the Weights sheet needs one of the columns 'weight' (the weights) or "
                "'share' (the reference mix to weight to), not " + ("both" if given else "neither"),
                row=1,
            )
        )
    if len(problems) > before:
        return None
    kind = given[0]
    groups = cell_text(frame["group"])
    values, invalid, _ = parse_numbers(cell_text(frame[kind]))
    found: dict[str, float] = {}
    for position, (group, value, bad) in enumerate(zip(groups, values, invalid, strict=True)):
        row = int(sheet.rows[position])
        if group is None or group is np.nan or str(group) == "<NA>":
            problems.append(sheet.problem("group is blank", row=row, column="group"))
            continue
        label = " ".join(str(group).split())
        if label in found:
            problems.append(sheet.problem(f"group {label!r} is given twice", row=row))
            continue
        if bad or np.isnan(value) or value <= 0:
            problems.append(
                sheet.problem(
                    f"{kind} of group {label!r} must be a number above 0",
                    row=row,
                    column=kind,
                    expected="a number above 0",
                )
            )
            continue
        found[label] = float(value)
    if len(problems) > before:
        return None
    if not found:
        problems.append(sheet.problem("the Weights sheet names no group"))
        return None
    if kind == "share":
        total = sum(found.values())
        found = {g: v / total for g, v in found.items()}
    notices.append(
        f"{sheet.name}: scores weighted by {framework.weighting.column} "
        + ("with the weights given" if kind == "weight" else "to the reference mix given")
        + f", each weight capped at {framework.weighting.cap:g}"
    )
    return WeightsData(kind, found)


def unweighted_groups(weights: WeightsData, staff: SurveyData, framework: Framework) -> list:
    """A Problem for each group of the weighting column the Weights sheet leaves out (a
    respondent with the column blank is weighted 1)."""
    assert framework.weighting is not None
    key = framework.weighting.key
    if key not in staff.groups.columns:
        return [
            Problem(
                f"the Weights sheet weights by {framework.weighting.column}, which the "
                f"{staff.sheet} sheet does not have",
                file=staff.file,
                sheet=staff.sheet,
            )
        ]
    present = sorted({str(v) for v in staff.groups[key].dropna()})
    missing = [g for g in present if g not in weights.values]
    if not missing:
        return []
    return [
        Problem(
            f"the Weights sheet gives no {weights.kind} for the {framework.weighting.column} "
            f"group(s) {', '.join(repr(g) for g in missing)}: every group needs one",
            file=staff.file,
            sheet="Weights",
        )
    ]

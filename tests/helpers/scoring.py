"""An independent scorer of raw Staff/Board/Stakeholders cells, for checking culturekit.

It follows the documented conventions (input-format.md, domain.md, default.yaml) with
plain pandas, reading the framework as YAML. It shares no code with culturekit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from .workbooks import framework_data


def _label_key(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split()).lower()


@dataclass(frozen=True)
class Coded:
    """Raw cells coded: 1-5 as answered, NaN where not answered."""

    codes: pd.DataFrame  # as answered, before reversal
    not_applicable: pd.DataFrame  # "Don't know" / "N/A" cells
    blank: pd.DataFrame  # empty cells


class Scorer:
    def __init__(self, framework: dict[str, Any] | None = None) -> None:
        fw = framework or framework_data()
        self.fw = fw
        points = fw["scale"]["points"]
        self.labels = {_label_key(p["label"]): int(p["code"]) for p in points}
        self.codes_allowed = {int(p["code"]) for p in points}
        self.low = min(self.codes_allowed)
        self.high = max(self.codes_allowed)
        self.not_answered = {_label_key(v) for v in fw["scale"]["not_answered"]}
        self.positive = set(fw["scale"]["positive"])
        self.negative = set(fw["scale"]["negative"])
        self.min_share = float(fw.get("min_share_answered", 0.5))
        self.threshold = int(fw.get("reporting_threshold", 11))
        self.elements = [e["id"] for e in fw["elements"]]

    # -- framework -------------------------------------------------------------------
    def items(self, source: str, element: str | None = None) -> list[dict[str, Any]]:
        return [
            i
            for i in self.fw["instruments"][source]["items"]
            if element is None or i["element"] == element
        ]

    def reversed_items(self, source: str) -> set[str]:
        return {i["code"] for i in self.items(source) if i.get("reverse", False)}

    # -- cells -----------------------------------------------------------------------
    def cell(self, value: Any) -> tuple[float, str]:
        """(code, kind) with kind in answered / blank / not_applicable."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return math.nan, "blank"
        if isinstance(value, str):
            key = _label_key(value)
            if not key:
                return math.nan, "blank"
            if key in self.not_answered:
                return math.nan, "not_applicable"
            if key in self.labels:
                return float(self.labels[key]), "answered"
            number = float(key)
        else:
            number = float(value)
        if number not in self.codes_allowed:
            raise ValueError(f"not an answer: {value!r}")
        return number, "answered"

    def code_frame(self, frame: pd.DataFrame, source: str) -> Coded:
        codes, na, blank = {}, {}, {}
        for item in self.items(source):
            cells = [self.cell(v) for v in frame[item["code"]].tolist()]
            codes[item["code"]] = [c for c, _ in cells]
            na[item["code"]] = [k == "not_applicable" for _, k in cells]
            blank[item["code"]] = [k == "blank" for _, k in cells]
        index = frame.index
        return Coded(
            codes=pd.DataFrame(codes, index=index, dtype=float),
            not_applicable=pd.DataFrame(na, index=index),
            blank=pd.DataFrame(blank, index=index),
        )

    def oriented(self, codes: pd.DataFrame, source: str) -> pd.DataFrame:
        """Codes with negatively worded items reversed: 6 - code on the 1-5 scale."""
        out = codes.copy()
        for code in self.reversed_items(source):
            out[code] = (self.low + self.high) - out[code]
        return out

    def item_scores(self, codes: pd.DataFrame, source: str) -> pd.DataFrame:
        """0-10 per answer: (code - 1) x 2.5 after reversal."""
        return (self.oriented(codes, source) - 1.0) * 2.5

    def element_scores(self, codes: pd.DataFrame, source: str) -> pd.DataFrame:
        """Respondent x element: mean of answered items when enough were answered."""
        scores = self.item_scores(codes, source)
        out = {}
        for element in self.elements:
            cols = [i["code"] for i in self.items(source, element)]
            if not cols:
                continue
            block = scores[cols]
            needed = math.ceil(self.min_share * len(cols))
            enough = block.notna().sum(axis=1) >= needed
            out[element] = block.mean(axis=1).where(enough)
        return pd.DataFrame(out, index=codes.index)


def read_sheet(path: Any, sheet: str) -> pd.DataFrame:
    """One sheet's raw cells through openpyxl (not culturekit's calamine reader).

    Row 1 holds the headers; wholly empty rows are dropped; cells keep their Python type
    (int, float, str, None), so "N/A" stays text and is not read as missing.
    """
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(workbook[sheet].iter_rows(values_only=True))
    finally:
        workbook.close()
    header = [str(h).strip() if h is not None else None for h in rows[0]]
    body = [list(r) for r in rows[1:] if any(v is not None and v != "" for v in r)]
    return pd.DataFrame(body, columns=header, dtype=object)


def positive_negative(oriented: np.ndarray, scorer: Scorer) -> tuple[float, float, int]:
    values = oriented[~np.isnan(oriented)]
    answers = int(values.size)
    positive = 100.0 * float(np.isin(values, list(scorer.positive)).sum()) / answers
    negative = 100.0 * float(np.isin(values, list(scorer.negative)).sum()) / answers
    return positive, negative, answers

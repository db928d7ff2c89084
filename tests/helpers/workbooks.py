"""Small trust workbooks built cell by cell with openpyxl, for tests.

Nothing here uses culturekit: the workbooks are what an analyst would type into Excel.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
DEFAULT_FRAMEWORK_FILE = ROOT / "culturekit" / "framework" / "default.yaml"

TRUST_NAME = "Testshire Community Health NHS Trust"
TRUST_CODE = "RXT"
TRUST_PERIOD = "2025 baseline"
TRUST_ROWS: list[list[Any]] = [
    ["field", "value"],
    ["trust_name", TRUST_NAME],
    ["trust_code", TRUST_CODE],
    ["period", TRUST_PERIOD],
]


def framework_data() -> dict[str, Any]:
    """The packaged default framework, read as plain YAML (not through culturekit)."""
    return yaml.safe_load(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))


def item_codes(source: str) -> list[str]:
    return [item["code"] for item in framework_data()["instruments"][source]["items"]]


STAFF_ITEMS: list[str] = item_codes("staff")
BOARD_ITEMS: list[str] = item_codes("board")
STAKEHOLDER_ITEMS: list[str] = item_codes("stakeholders")


def make_workbook(
    tmp_path: Path,
    sheets: Mapping[str, Sequence[Sequence[Any]]],
    *,
    name: str = "trust.xlsx",
    hidden: Iterable[str] = (),
) -> Path:
    """Write ``sheets`` (sheet name -> rows, row 1 the headers) to ``tmp_path / name``.

    ``None`` leaves a cell empty; a row of only ``None`` is a wholly empty row. Sheets
    named in ``hidden`` are hidden in Excel.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    hidden = set(hidden)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title=title)
        for row_number, row in enumerate(rows, start=1):
            for column_number, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(row=row_number, column=column_number, value=value)
        if title in hidden:
            sheet.sheet_state = "hidden"
    path = Path(tmp_path) / name
    workbook.save(path)
    return path


def staff_row(group: Any = "Nursing", answer: Any = 3, **answers: Any) -> list[Any]:
    """One Staff row ``[staff_group, VV1..TW4]``: ``answer`` everywhere unless overridden."""
    return [group, *[answers.get(code, answer) for code in STAFF_ITEMS]]


STAFF_HEADER: list[str] = ["staff_group", *STAFF_ITEMS]


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()

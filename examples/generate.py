"""Write the fictional example workbooks in ``examples/``.

Two fictional trusts, each with a baseline ("pre") and a follow-up ("post") collection:

- Northwick General Hospital NHS Trust (RXN), an acute trust;
- Elmbridge Mental Health and Community NHS Trust (RXE).

Every workbook follows the input contract (Trust, Staff, Board, Stakeholders, Workforce,
Recruitment, Dashboard). The data are random but planted: each trust has a profile of
strengths, priorities, gaps and changes that a report should find. ``examples/README.md``
lists them. The output is deterministic: the same code and framework give byte-identical
files.

Usage: ``python examples/generate.py [OUTDIR]`` (default: the folder of this script).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# The profiles and sheets beside this script, and culturekit from a source checkout
# when it is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent))
try:
    import culturekit  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from profiles import FIXED_TIME, TRUSTS, Collection, TrustProfile
from series import PROGRAMME_START, SERIES, series_sheet
from sheets import (
    Rows,
    board_sheet,
    dashboard_sheet,
    recruitment_sheet,
    staff_sheet,
    stakeholder_sheet,
    trust_sheet,
    workforce_sheet,
)

from culturekit.framework import Framework, default_framework
from culturekit.xlsx import save_reproducibly as write_reproducibly

__all__ = [
    "TRUSTS",
    "build_series_workbook",
    "build_workbook",
    "default_framework",
    "generate",
    "save_reproducibly",
]
SERIES_EXAMPLE = "northwick-series.xlsx"


def _add_sheet(workbook: Workbook, title: str, header: list[str], rows: Rows) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header, start=1):
        sample = [len(str(r[index - 1])) for r in rows[:200] if r[index - 1] is not None]
        width = max([len(name), *sample]) + 2
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 60)
    if title == "Trust":
        sheet["B5"].number_format = "yyyy-mm-dd"


def build_workbook(trust: TrustProfile, collection: Collection, framework: Framework) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {
        "Trust": trust_sheet(trust, collection),
        "Staff": staff_sheet(trust, collection, framework),
        "Board": board_sheet(trust, collection, framework),
        "Stakeholders": stakeholder_sheet(trust, collection, framework),
        "Workforce": workforce_sheet(trust, collection),
        "Recruitment": recruitment_sheet(trust, collection),
        "Dashboard": dashboard_sheet(trust, collection),
    }
    for title, (header, rows) in sheets.items():
        _add_sheet(workbook, title, header, rows)
    props = workbook.properties
    props.creator = "culturekit examples/generate.py"
    props.title = f"{trust.name}, {collection.period} (fictional example)"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.lastModifiedBy = "culturekit"
    return workbook


def build_series_workbook(framework: Framework) -> Workbook:
    """Northwick's follow-up with 24 months of three dashboard indicators (examples/series.py):
    the Trust sheet gives the programme's start, the Dashboard sheet their targets."""
    trust = next(t for t in TRUSTS if t.slug == "northwick")
    collection = next(c for c in trust.collections if c.key == "post")
    workbook = build_workbook(trust, collection, framework)
    workbook["Trust"].append(["programme_start", PROGRAMME_START])
    workbook["Trust"].cell(row=workbook["Trust"].max_row, column=2).number_format = "yyyy-mm-dd"
    dashboard = workbook["Dashboard"]
    column = dashboard.max_column + 1
    dashboard.cell(row=1, column=column, value="target").font = Font(bold=True)
    targets = {s.indicator: s.target for s in SERIES}
    for row in range(2, dashboard.max_row + 1):
        dashboard.cell(row=row, column=column, value=targets.get(dashboard.cell(row, 1).value))
    header, rows = series_sheet()
    _add_sheet(workbook, "Dashboard series", header, rows)
    workbook.properties.title = f"{trust.name}, {collection.period}, with dashboard series"
    return workbook


def save_reproducibly(workbook: Workbook, path: Path) -> None:
    """Save with fixed time stamps (byte-identical on every run), atomically."""
    write_reproducibly(workbook, path, FIXED_TIME)


def generate(outdir: Path, framework: Framework | None = None) -> list[Path]:
    """Write the five example workbooks into ``outdir``; return their paths."""
    framework = framework or default_framework()
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for trust in TRUSTS:
        for collection in trust.collections:
            path = outdir / f"{trust.slug}-{collection.key}.xlsx"
            save_reproducibly(build_workbook(trust, collection, framework), path)
            written.append(path)
    path = outdir / SERIES_EXAMPLE
    save_reproducibly(build_series_workbook(framework), path)
    written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or (args and args[0] in {"-h", "--help"}):
        print(__doc__.strip().splitlines()[-1])
        return 0 if args and args[0] in {"-h", "--help"} else 2
    outdir = Path(args[0]) if args else Path(__file__).resolve().parent
    for path in generate(outdir):
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Write the fictional NHS Staff Survey example workbook in ``examples/``.

Ashdown Community Health NHS Trust (RYX), a fictional community trust, with 420 staff
answers in the NHS Staff Survey's own format: one row per respondent, columns named by
question number (q2a ... q26c), answers numbered as the questionnaire numbers its boxes.
The answers are random but planted (``examples/README.md`` lists what a report should
find). The output is deterministic: the same code gives a byte-identical file.

Usage: ``python examples/generate_nss.py [OUTDIR]`` (default: the folder of this script).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Font

sys.path.insert(0, str(Path(__file__).resolve().parent))
try:
    import culturekit  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from profiles import FIXED_TIME

from culturekit.framework import Framework, Item, load_framework
from culturekit.xlsx import save_reproducibly

FILE_NAME = "ashdown-nss-2024.xlsx"
RESPONDENTS = 420
SEED = 2024
GROUPS = {"Nursing and midwifery": 0.45, "Allied health professionals": 0.25, "Admin": 0.30}
# How favourable answers are on each sub-score (0-1; an item in several takes the lowest).
# Planted: burnout and appraisals low, team working and line management high.
FAVOURABLE = {
    "burnout": 0.30,
    "appraisals": 0.40,
    "team_working": 0.80,
    "line_management": 0.78,
    "negative_experiences": 0.80,
}
DEFAULT_FAVOURABLE = 0.62
# Planted: nursing staff think of leaving more and feel the work pressure more.
NURSING_LOWER = {"thinking_about_leaving": 0.25, "work_pressure": 0.20}
# Planted: this many respondents answer only 4 of the 7 burnout items (not scored on it).
PARTIAL_BURNOUT = 30
# Planted: this many respondents with no appraisal answer q23b-d anyway (routed out).
ROUTED_OUT = 12
# Ethnicity (q28 mapped to the WRES groups) and disability (q31a), a few left blank.
ETHNICITY = {"White": 0.78, "BME": 0.19, None: 0.03}
DISABILITY = {"Yes": 0.22, "No": 0.73, None: 0.05}
# Planted: BME staff report harassment, bullying or abuse from staff (q14b, q14c) more
# often: this share of them is redrawn as having had at least one incident.
BME_HARASSED = 0.25
# Planted: Disabled staff are less often satisfied that the trust values their work (q4b):
# this share of them is redrawn as dissatisfied; of those asked q31b, 70% say Yes.
DISABLED_UNVALUED = 0.30
ADJUSTMENTS_MADE = 0.70
# Read for the equality measures only, drawn after everything else so that the answers
# to every other item stay as they were.
LATER = ("q31b",)


def _subscores_of(framework: Framework) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for theme in framework.themes:
        for sub in theme.subscores:
            for code in sub.items:
                found.setdefault(code, []).append(sub.id)
    return found


def _answer(item: Item, framework: Framework, favourable: np.ndarray, rng) -> np.ndarray:
    """Box numbers: each respondent answers favourably with probability ``favourable``."""
    scale = framework.scale_of(item)
    good, bad = (
        (scale.negative, scale.positive) if item.reverse else (scale.positive, scale.negative)
    )
    neutral = [c for c in scale.codes if c not in good and c not in bad]
    draw = rng.random(len(favourable))
    shade = rng.random(len(favourable))
    unfavourable_share = 1 - favourable
    out = np.where(
        draw < favourable,
        np.array(good)[(shade * len(good)).astype(int)],
        np.array(bad)[(shade * len(bad)).astype(int)],
    )
    if neutral:  # a neutral box takes a fifth of each side's answers
        middle = rng.random(len(favourable)) < 0.2 * np.minimum(1, unfavourable_share + favourable)
        out = np.where(middle, neutral[0], out)
    return out.astype(object)


def staff_rows(framework: Framework) -> tuple[list[str], list[list[object]]]:
    rng = np.random.default_rng(SEED)
    n = RESPONDENTS
    groups = rng.choice(list(GROUPS), size=n, p=list(GROUPS.values()))
    person = rng.normal(0, 0.12, size=n)  # some people answer everything more warmly
    nursing = groups == "Nursing and midwifery"
    subscores = _subscores_of(framework)
    columns: dict[str, np.ndarray] = {}
    for item in framework.items_of("staff"):
        if item.code in LATER:
            continue
        subs = subscores.get(item.code, [])
        level = min([FAVOURABLE.get(s, DEFAULT_FAVOURABLE) for s in subs] or [DEFAULT_FAVOURABLE])
        drop = max([NURSING_LOWER.get(s, 0.0) for s in subs] or [0.0])
        favourable = np.clip(level + person - drop * nursing, 0.02, 0.98)
        columns[item.code] = _answer(item, framework, favourable, rng)
    # Unscored boxes: q6a Not applicable, q15 Don't know (both 9, as the NSS files code them).
    for code, share in (("q6a", 0.04), ("q15", 0.15)):
        columns[code][rng.random(n) < share] = 9
    # Appraisals: a third had none; they are routed past q23b-d, a few answer anyway.
    no_appraisal = rng.random(n) < 0.33
    columns["q23a"][:] = 1
    columns["q23a"][no_appraisal] = 2
    columns["q23a"][no_appraisal & (rng.random(n) < 0.06)] = 3  # Can't remember
    routed = np.flatnonzero(no_appraisal)
    for code in ("q23b", "q23c", "q23d"):
        columns[code][no_appraisal] = None
        columns[code][routed[:ROUTED_OUT]] = 1
    # q11e is asked only of those who came to work unwell (q11d Yes).
    columns["q11e"][columns["q11d"] != 1] = None
    # Partial burnout answers: 4 of the 7 items only.
    partial = rng.choice(n, size=PARTIAL_BURNOUT, replace=False)
    for code in ("q12e", "q12f", "q12g"):
        columns[code][partial] = None
    # Some blanks everywhere else, as in any survey.
    for code, values in columns.items():
        if code.startswith(("q11d", "q11e", "q12", "q23")):
            continue
        values[rng.random(n) < 0.03] = None
    ethnicity = rng.choice(len(ETHNICITY), size=n, p=list(ETHNICITY.values()))
    disability = rng.choice(len(DISABILITY), size=n, p=list(DISABILITY.values()))
    ethnic = np.array(list(ETHNICITY), dtype=object)[ethnicity]
    disabled = np.array(list(DISABILITY), dtype=object)[disability]
    bme = ethnic == "BME"
    for code in ("q14b", "q14c"):
        hit = bme & (rng.random(n) < BME_HARASSED) & (columns[code] != None)  # noqa: E711
        columns[code][hit] = rng.integers(2, 4, size=n)[hit]
    unvalued = (disabled == "Yes") & (rng.random(n) < DISABLED_UNVALUED)
    columns["q4b"][unvalued & (columns["q4b"] != None)] = 2  # noqa: E711
    made = np.where(rng.random(n) < ADJUSTMENTS_MADE, 1, np.where(rng.random(n) < 0.5, 2, 3))
    columns["q31b"] = np.where(disabled == "Yes", made, None).astype(object)
    header = ["respondent_id", "staff_group", "ethnicity", "disability", *columns]
    rows = [
        [
            f"A{k + 1:04d}",
            str(groups[k]),
            ethnic[k],
            disabled[k],
            *(_cell(columns[c][k]) for c in columns),
        ]
        for k in range(n)
    ]
    return header, rows


def _cell(value: object) -> object:
    return None if value is None else int(value)  # type: ignore[call-overload]


def build_workbook(framework: Framework) -> Workbook:
    workbook = Workbook()
    trust = workbook.active
    assert trust is not None
    trust.title = "Trust"
    trust.append(["field", "value"])
    for row in (
        ("trust_name", "Ashdown Community Health NHS Trust"),
        ("trust_code", "RYX"),
        ("period", "NHS Staff Survey 2024"),
        ("trust_type", "community"),
        ("staff_headcount", 700),
    ):
        trust.append(list(row))
    staff = workbook.create_sheet("Staff")
    header, rows = staff_rows(framework)
    staff.append(header)
    for row in rows:
        staff.append(row)
    for sheet in (trust, staff):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    props = workbook.properties
    props.creator = "culturekit examples/generate_nss.py"
    props.title = "Ashdown Community Health NHS Trust, NHS Staff Survey 2024 (fictional example)"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.lastModifiedBy = "culturekit"
    return workbook


def generate(outdir: Path) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / FILE_NAME
    save_reproducibly(build_workbook(load_framework("nhs-staff-survey")), path, FIXED_TIME)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or (args and args[0] in {"-h", "--help"}):
        print(__doc__.strip().splitlines()[-1])
        return 0 if args and args[0] in {"-h", "--help"} else 2
    outdir = Path(args[0]) if args else Path(__file__).resolve().parent
    path = generate(outdir)
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

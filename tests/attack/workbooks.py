"""Regression workbooks: one per way issue 11 lists that a small group can be recovered.

Each builder writes a workbook into a folder and returns a :class:`attack.truth.Truth`:
the path and the true figures of every group, item, workforce cell and outcome, and the
free text that no output may show. Nothing here uses culturekit; the workbooks are what an
analyst could type, and the truths are counted from the rows written.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers.workbooks import TRUST_ROWS, framework_data, make_workbook

from attack.truth import (
    ItemTruth,
    Outcome,
    Respondent,
    Truth,
    survey_truth,
)
from attack.workforce import Employee, workforce_cells, workforce_rows

_SCALE = framework_data()["scale"]
SCALE = {p["code"]: p["score"] for p in _SCALE["points"]}
POSITIVE = set(_SCALE["positive"])
NEGATIVE = set(_SCALE["negative"])
SHEETS = {"staff": "Staff", "board": "Board", "stakeholders": "Stakeholders"}


INSTRUMENTS = framework_data()["instruments"]


def items(source: str) -> list[dict[str, Any]]:
    return INSTRUMENTS[source]["items"]


def elements(source: str) -> list[str]:
    return list(dict.fromkeys(item["element"] for item in items(source)))


def answer(item: Mapping[str, Any], level: int) -> int:
    """The code a respondent at ``level`` gives ``item`` (mirrored when negatively worded)."""
    return 6 - level if item.get("reverse") else level


def people(
    rng: random.Random, source: str, groups: Sequence[Mapping[str, Any]]
) -> list[Respondent]:
    """One respondent per entry of ``groups``, with random answer levels per element."""
    return [Respondent(dict(g), {e: rng.randint(1, 5) for e in elements(source)}) for g in groups]


def sheet_rows(
    source: str,
    respondents: Sequence[Respondent],
    columns: Sequence[str],
    extra: Mapping[str, Sequence[Any]] | None = None,
) -> list[list[Any]]:
    extra = dict(extra or {})
    header = [*columns, *(item["code"] for item in items(source)), *extra]
    rows: list[list[Any]] = [header]
    for n, person in enumerate(respondents):
        answers = [
            None if item["code"] in person.skip else answer(item, person.levels[item["element"]])
            for item in items(source)
        ]
        rows.append(
            [
                *(person.groups.get(c) for c in columns),
                *answers,
                *(values[n] for values in extra.values()),
            ]
        )
    return rows


def item_truths(source: str, respondents: Sequence[Respondent], collection: str) -> list:
    truths = []
    for item in items(source):
        codes = [
            answer(item, p.levels[item["element"]])
            for p in respondents
            if item["code"] not in p.skip
        ]
        scored = [6 - c if item.get("reverse") else c for c in codes]
        truths.append(
            ItemTruth(
                source,
                item["code"],
                item["element"],
                len(codes),
                sum(c in POSITIVE for c in scored),
                sum(c in NEGATIVE for c in scored),
                collection,
            )
        )
    return truths


def spread(sizes: Mapping[str, int], column: str, **fixed: Any) -> list[dict[str, Any]]:
    """``{label: n}`` as n group dicts per label, in a stable order."""
    return [{column: label, **fixed} for label, n in sizes.items() for _ in range(n)]


def survey(
    truth: Truth,
    source: str,
    respondents: Sequence[Respondent],
    columns: Sequence[str],
    collection: str = "diagnosis",
) -> None:
    """Add the true groups, atoms and item counts of ``respondents`` to ``truth``."""
    groups, atoms = survey_truth(source, respondents, columns, SCALE, collection)
    truth.groups += groups
    truth.atoms.update(atoms)
    truth.items += item_truths(source, respondents, collection)


def write(folder: Path, name: str, sheets: dict[str, list[list[Any]]], **trust: Any) -> Path:
    rows = [list(r) for r in TRUST_ROWS]
    for key, value in trust.items():
        rows = [r for r in rows if r[0] != key] + [[key, value]]
    return make_workbook(folder, {"Trust": rows, **sheets}, name=name)


def plain_staff(rng: random.Random, n: int = 30) -> list[Respondent]:
    half = n // 2
    return people(rng, "staff", spread({"Nursing": half, "Admin": n - half}, "staff_group"))


# -- the eight ways -------------------------------------------------------------------------

ETHNICITY = {
    "White British": ("White", 40),
    "White Irish": ("White", 12),
    "White Other": ("White", 14),
    "Asian or Asian British": ("BME", 20),
    "Black or Black British": ("BME", 15),
    "Mixed": ("BME", 5),
}


def rollup_people(rng: random.Random, sizes: Mapping[str, int]) -> list[Respondent]:
    groups = [
        {"ethnicity": label, "ethnicity_group": ETHNICITY[label][0]}
        for label, n in sizes.items()
        for _ in range(n)
    ]
    return people(rng, "staff", groups)


ROLLUP_COLUMNS = ["ethnicity", "ethnicity_group"]
ROLLUP_OPTIONS = {"group_by": ["ethnicity_group"]}


def rollup(folder: Path, seed: int = 1) -> Truth:
    """Way 1: ``ethnicity_group`` (White / BME) rolls up ``ethnicity``; Mixed has 5."""
    rng = random.Random(seed)
    staff = rollup_people(rng, {k: n for k, (_, n) in ETHNICITY.items()})
    path = write(folder, "rollup.xlsx", {"Staff": sheet_rows("staff", staff, ROLLUP_COLUMNS)})
    truth = Truth(path, run_options=dict(ROLLUP_OPTIONS))
    survey(truth, "staff", staff, ROLLUP_COLUMNS)
    return truth


def margins(folder: Path, seed: int = 2) -> Truth:
    """Way 2: a band x ethnicity table beside a Leadership total (a Band 9 of 3 people),
    and WDES 1 by band with All staff = Clinical + Non-clinical (3 Disabled non-clinical
    staff in Band 7)."""
    rng = random.Random(seed)
    staff = plain_staff(rng)
    employees = [
        *Employee.many(200, "Band 5", "Clinical", disabled=12, bme=60),
        *Employee.many(150, "Band 6", "Clinical", disabled=11, bme=40),
        *Employee.many(80, "Band 7", "Clinical", disabled=21, bme=20),
        *Employee.many(20, "Band 7", "Non-clinical", disabled=3, bme=4),
        *Employee.many(40, "Band 8a", "Non-clinical", disabled=2, bme=12),
        *Employee.many(20, "Band 8b", "Clinical", bme=11),
        *Employee.many(3, "Band 9", "Non-clinical", bme=1),
    ]
    sheets = {"Staff": sheet_rows("staff", staff, ["staff_group"])}
    sheets["Workforce"] = workforce_rows(employees)
    truth = Truth(write(folder, "margins.xlsx", sheets))
    survey(truth, "staff", staff, ["staff_group"])
    truth.cells += workforce_cells(employees)
    return truth


def hidden_item(folder: Path, seed: int = 3) -> Truth:
    """Way 3: one item of a shown element answered by 8 of 30."""
    rng = random.Random(seed)
    element = next(
        e for e in elements("staff") if sum(i["element"] == e for i in items("staff")) > 2
    )
    code = next(i["code"] for i in items("staff") if i["element"] == element)
    staff = [
        Respondent(p.groups, p.levels, frozenset() if n < 8 else frozenset({code}))
        for n, p in enumerate(plain_staff(rng))
    ]
    truth = Truth(
        write(folder, "item.xlsx", {"Staff": sheet_rows("staff", staff, ["staff_group"])})
    )
    survey(truth, "staff", staff, ["staff_group"])
    return truth


KEY_MESSAGES = [
    f"Member {n} said the board must hear from night staff about ward {n} before winter."
    for n in range(1, 9)
]


def padded_board(folder: Path, seed: int = 4) -> Truth:
    """Way 4: a board of 8 and three rows holding only member_id and role, with key
    messages, run with comments asked for."""
    rng = random.Random(seed)
    staff = plain_staff(rng)
    board = people(rng, "board", spread({"executive": 5, "non-executive": 3}, "role"))
    rows = sheet_rows("board", board, ["member_id", "role"], {"key_messages": KEY_MESSAGES})
    for n in range(1, len(board) + 1):
        rows[n][0] = f"M{n}"
    for n, role in enumerate(["executive", "non-executive", "other"], start=9):
        rows.append([f"M{n}", role])
    sheets = {"Staff": sheet_rows("staff", staff, ["staff_group"]), "Board": rows}
    truth = Truth(write(folder, "board.xlsx", sheets), run_options={"include_comments": True})
    survey(truth, "staff", staff, ["staff_group"])
    survey(truth, "board", board, ["role"])
    truth.texts += KEY_MESSAGES
    return truth


FREE_TEXT = [
    "My manager shouts at me in front of patients and nobody on Ward 7 does anything.",
    "I reported bullying by the deputy director twice and was moved to nights afterwards.",
]


def free_text(folder: Path, seed: int = 5) -> Truth:
    """Way 5: an ``additional_comments`` column where two people wrote sentences."""
    rng = random.Random(seed)
    staff = plain_staff(rng, 40)
    comments = [FREE_TEXT[0], None, FREE_TEXT[1]] + [None] * 37
    rows = sheet_rows("staff", staff, ["staff_group"], {"additional_comments": comments})
    truth = Truth(write(folder, "free-text.xlsx", {"Staff": rows}))
    survey(truth, "staff", staff, ["staff_group"])
    truth.texts += FREE_TEXT
    return truth


def outcomes(folder: Path, seed: int = 6) -> Truth:
    """Way 6: 2 of 104 leaders left; 7 staff entered the disciplinary process."""
    rng = random.Random(seed)
    staff = plain_staff(rng)
    employees = [
        *Employee.many(150, "Band 5", "Clinical", bme=40, left=12, disciplinary=4),
        *Employee.many(150, "Band 6", "Clinical", bme=30, left=14, disciplinary=3),
        *Employee.many(60, "Band 8a", "Clinical", bme=12, left=1),
        *Employee.many(30, "Band 8b", "Non-clinical", bme=11, left=1),
        *Employee.many(14, "Band 8c", "Non-clinical", bme=0),
    ]
    sheets = {"Staff": sheet_rows("staff", staff, ["staff_group"])}
    sheets["Workforce"] = workforce_rows(employees)
    truth = Truth(write(folder, "outcomes.xlsx", sheets))
    survey(truth, "staff", staff, ["staff_group"])
    truth.cells += workforce_cells(employees)
    truth.outcomes += [Outcome("leaders who left", 2, 104), Outcome("disciplinary", 7, 404)]
    return truth


def evidence(folder: Path, seed: int = 7) -> Truth:
    """Way 7: 1 BME leader of 40 while 5% of staff are BME: "below 0.8 times the
    workforce share" leaves the hidden cell one possible value (a shown zero is zero)."""
    rng = random.Random(seed)
    staff = plain_staff(rng)
    employees = [
        *Employee.many(280, "Band 5", "Clinical", bme=15),
        *Employee.many(280, "Band 6", "Clinical", bme=14),
        *Employee.many(40, "Band 8a", "Non-clinical", bme=1),
    ]
    sheets = {"Staff": sheet_rows("staff", staff, ["staff_group"])}
    sheets["Workforce"] = workforce_rows(employees)
    truth = Truth(write(folder, "evidence.xlsx", sheets))
    survey(truth, "staff", staff, ["staff_group"])
    truth.cells += workforce_cells(employees)
    return truth


def compare_pair(folder: Path, seed: int = 8) -> Truth:
    """Way 8: pre and post collections, each with the roll-up pattern of way 1."""
    rng = random.Random(seed)
    post_sizes = {k: n + 3 for k, (_, n) in ETHNICITY.items()} | {"Mixed": 4}
    pre = rollup_people(rng, {k: n for k, (_, n) in ETHNICITY.items()})
    post = rollup_people(rng, post_sizes)
    pre_path = write(folder, "pre.xlsx", {"Staff": sheet_rows("staff", pre, ROLLUP_COLUMNS)})
    post_path = write(
        folder,
        "post.xlsx",
        {"Staff": sheet_rows("staff", post, ROLLUP_COLUMNS)},
        period="2026 follow-up",
    )
    truth = Truth(pre_path, post=post_path, run_options=dict(ROLLUP_OPTIONS))
    survey(truth, "staff", pre, ROLLUP_COLUMNS, "pre")
    survey(truth, "staff", post, ROLLUP_COLUMNS, "post")
    return truth


# -- generated pre/post pairs --------------------------------------------------------------

PAIR_COLUMNS = ["directorate", "unit"]  # a contract column, and one declared to the run
PAIR_OPTIONS = {"group_by": ["unit"]}
POST_PERIOD = "2026 follow-up"


def second_column(kind: str, team: int, rng: random.Random) -> str:
    """The ``unit`` of a member of team ``team``: teams nest in sites, roll up into two
    halves, or cross a shift drawn per person."""
    return {
        "nested": f"site {team // 2}",
        "crossed": f"shift {rng.randint(0, 1)}",
        "rollup": "upper" if team % 2 else "lower",
    }[kind]


def pair_staff(rng: random.Random, sizes: Sequence[int], kind: str) -> list[Respondent]:
    """``sizes[g]`` members of team g (none: the team is absent from the collection)."""
    rows = [
        {"directorate": f"team {g}", "unit": second_column(kind, g, rng)}
        for g, n in enumerate(sizes)
        for _ in range(n)
    ]
    return people(rng, "staff", rows)


def pair_board(
    rng: random.Random, size: int, padded: int, collection: str
) -> tuple[list[Respondent], list[list[Any]], list[str]]:
    """A board of ``size`` with key messages, then ``padded`` rows holding only a role."""
    members = people(rng, "board", [{"role": "executive"}] * size)
    messages = [
        f"Board member {n} ({collection}) said the night rota on ward {n} is unsafe."
        for n in range(1, size + 1)
    ]
    rows = sheet_rows("board", members, ["role"], {"key_messages": messages})
    return members, rows + [["other"]] * padded, messages


def generated_pair(
    folder: Path,
    teams: Sequence[tuple[int, int]],
    kind: str,
    boards: tuple[int, int],
    padded: tuple[int, int],
    seed: int,
) -> Truth:
    """A pre and a post collection of one trust: team g has ``teams[g]`` members in each
    (0: absent from that collection), nested, rolled up or crossed with ``unit``; a board
    of ``boards[k]`` members and ``padded[k]`` role-only rows (0 members: no Board sheet)."""
    rng = random.Random(seed)
    paths, collections = [], []
    for k, collection in enumerate(("pre", "post")):
        staff = pair_staff(rng, [t[k] for t in teams], kind)
        sheets = {"Staff": sheet_rows("staff", staff, PAIR_COLUMNS)}
        members, rows, messages = pair_board(rng, boards[k], padded[k], collection)
        if members:
            sheets["Board"] = rows
        period = {"period": POST_PERIOD} if collection == "post" else {}
        paths.append(write(folder, f"{collection}.xlsx", sheets, **period))
        collections.append((collection, staff, members, messages))
    truth = Truth(paths[0], post=paths[1], run_options=dict(PAIR_OPTIONS))
    for collection, staff, members, messages in collections:
        survey(truth, "staff", staff, PAIR_COLUMNS, collection)
        if members:
            survey(truth, "board", members, ["role"], collection)
            truth.texts += messages
    return truth


WAYS = {
    "rollup": rollup,
    "margins": margins,
    "hidden-item": hidden_item,
    "padded-board": padded_board,
    "free-text": free_text,
    "outcomes": outcomes,
    "evidence": evidence,
    "compare": compare_pair,
}


# -- generated Workforce sheets ----------------------------------------------------------

WHITE_WRITTEN = ("White British", "White Irish", "White Other")
BME_WRITTEN = ("Asian or Asian British", "Black or Black British", "Mixed", "Other")
UNDECLARED_WRITTEN = ("Prefer not to say", None)
GENDERS = ("Female", "Male", "Non-binary")


@dataclass(frozen=True)
class WorkforceDesign:
    """A Workforce sheet to write: band sizes, a board, and how often the rare values
    come up. Rows are drawn from ``seed``, so a design is its own reproduction."""

    bands: tuple[tuple[str, int], ...]  # (band, employees other than board members)
    clinical: tuple[float, ...]  # per band, the share of Clinical staff
    board: int  # voting board members
    board_in_vsm: int  # of whom executives in VSM; the rest are non-executives (Other)
    not_stated: float  # share of undeclared ethnicity
    not_declared: float  # share of undeclared disability
    unrecorded: float  # share of blank staff groups
    seed: int


def workforce_sheet(design: WorkforceDesign) -> list[list[Any]]:
    """The Workforce rows of ``design``, as an analyst would type them."""
    rng = random.Random(design.seed)
    header = ["band", "staff_group", "ethnicity", "gender", "disability"]
    rows: list[list[Any]] = [[*header, "board_member", "executive"]]

    def person(band: str, clinical: float, board: bool, executive: bool) -> list[Any]:
        if rng.random() < design.unrecorded:
            group = None
        else:
            group = "Clinical" if rng.random() < clinical else "Non-clinical"
        draw = rng.random()
        if draw < design.not_stated:
            ethnicity = rng.choice(UNDECLARED_WRITTEN)
        elif draw < design.not_stated + (1 - design.not_stated) * 0.3:
            ethnicity = rng.choice(BME_WRITTEN)
        else:
            ethnicity = rng.choice(WHITE_WRITTEN)
        draw = rng.random()
        if draw < design.not_declared:
            disability = rng.choice(("Not declared", None))
        else:
            disability = "Yes" if draw < design.not_declared + 0.08 else "No"
        gender = rng.choices(GENDERS, weights=(70, 28, 2))[0]
        yn = ("Y" if board else "N", "Y" if executive else "N")
        return [band, group, ethnicity, gender, disability, *yn]

    for (band, n), clinical in zip(design.bands, design.clinical, strict=True):
        rows += [person(band, clinical, False, False) for _ in range(n)]
    for k in range(design.board):
        executive = k < design.board_in_vsm
        rows.append(person("VSM" if executive else "Other", 0.3, True, executive))
    body = rows[1:]
    rng.shuffle(body)  # board members and bands interleaved, as in a real extract
    return [rows[0], *body]


def workforce_workbook(folder: Path, design: WorkforceDesign, name: str = "workforce.xlsx") -> Path:
    """A workbook with a small Staff sheet and the Workforce sheet of ``design``."""
    staff = plain_staff(random.Random(design.seed))
    sheets = {
        "Staff": sheet_rows("staff", staff, ["staff_group"]),
        "Workforce": workforce_sheet(design),
    }
    return write(folder, name, sheets)

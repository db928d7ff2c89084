"""The sheets of an example workbook, drawn from a trust's profile.

Each sheet has its own random stream (seeded by the trust, the collection and the sheet),
so changing one sheet never changes another.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from latent import answer_cells, answer_codes, item_offsets, latent_mean, person_effects
from profiles import (
    BME,
    BME_WEIGHTS,
    BOARD_LATENT_SD,
    BOARD_NOISE_SD,
    ELEMENTS,
    GENDERS,
    KEY_MESSAGES,
    LEADER_AGE_WEIGHTS,
    LEADERSHIP_BANDS,
    MEDICAL_AGE_WEIGHTS,
    MIXED_COMMENTS,
    NEGATIVE_COMMENTS,
    NOT_STATED,
    P_COMMENT,
    POSITIVE_COMMENTS,
    SEED,
    SERVICE_LENGTHS,
    SERVICE_WEIGHTS,
    STAFF_AGE_WEIGHTS,
    STAFF_DISABLED_SHARE,
    STAFF_GROUP_BANDS,
    STAFF_LATENT_SD,
    STAFF_NOISE_SD,
    STAKEHOLDER_GOOD,
    STAKEHOLDER_LATENT_SD,
    STAKEHOLDER_NOISE_SD,
    STAKEHOLDER_POOR,
    STAKEHOLDER_TYPES,
    SURVEY_AGE_BANDS,
    SURVEY_AGE_WEIGHTS,
    WHITE,
    WHITE_WEIGHTS,
    WORKFORCE_AGE_BANDS,
    Collection,
    TrustProfile,
)

from culturekit.framework import Framework, Item


def _choice(rng: np.random.Generator, weights: dict[str, float], size: int) -> np.ndarray:
    names = list(weights)
    p = np.array([weights[k] for k in names], dtype=float)
    return np.array(names, dtype=object)[rng.choice(len(names), size=size, p=p / p.sum())]


def _exact_flags(rng: np.random.Generator, mask: np.ndarray, rate: float) -> np.ndarray:
    """Flag exactly round(rate * count) of the rows in ``mask``, chosen at random."""
    flags = np.zeros(mask.size, dtype=bool)
    rows = np.flatnonzero(mask)
    count = round(rate * rows.size)
    if count:
        flags[rng.choice(rows, size=count, replace=False)] = True
    return flags


def _ethnicity(rng: np.random.Generator, bme_share: np.ndarray, not_stated: float) -> np.ndarray:
    """Detailed ethnic group per person, given each person's chance of being BME."""
    n = bme_share.size
    draw = rng.random(n)
    white = rng.choice(WHITE, size=n, p=WHITE_WEIGHTS)
    bme = rng.choice(BME, size=n, p=BME_WEIGHTS)
    stated = rng.random(n) >= not_stated
    out = np.where(draw < bme_share, bme, white).astype(object)
    out[~stated] = NOT_STATED
    return out


def _yn(flags: np.ndarray) -> list[str]:
    return ["Y" if f else "N" for f in flags]


def _rng(trust: TrustProfile, collection: Collection, sheet: int) -> np.random.Generator:
    """An independent stream per trust, collection and sheet (a collection beyond the
    bundled pre and post, such as a later one for a trend, has a stream of its own)."""
    order = _COLLECTION_STREAMS.get(collection.key, len(_COLLECTION_STREAMS))
    return np.random.default_rng([SEED, trust.number, order, sheet])


_COLLECTION_STREAMS = {"pre": 0, "post": 1}


def _target(means: dict[str, float], change: dict[str, float], element: str, post: bool) -> float:
    return means[element] + (change.get(element, 0.0) if post else 0.0)


# ---------------------------------------------------------------------------------------
# Sheets
# ---------------------------------------------------------------------------------------

Rows = list[list[object]]


def trust_sheet(trust: TrustProfile, collection: Collection) -> tuple[list[str], Rows]:
    rows: Rows = [
        ["trust_name", trust.name],
        ["trust_code", trust.code],
        ["period", collection.period],
        ["collected_on", collection.collected_on],
        ["trust_type", trust.trust_type],
        ["staff_headcount", collection.headcount],
    ]
    return ["field", "value"], rows


def staff_sheet(
    trust: TrustProfile, collection: Collection, framework: Framework
) -> tuple[list[str], Rows]:
    rng = _rng(trust, collection, 1)
    post = collection.key == "post"
    n = collection.respondents
    items = framework.items_of("staff")
    labels = [p.label for p in framework.scale.points]

    group = _choice(rng, trust.staff_groups, n)
    band = np.empty(n, dtype=object)
    for name in trust.staff_groups:
        members = group == name
        band[members] = _choice(rng, STAFF_GROUP_BANDS[name], int(members.sum()))
    corporate = np.isin(group, ["Admin and clerical", "Estates and ancillary"])
    clinical_dirs = {k: v for k, v in trust.directorates.items() if k != "Corporate services"}
    directorate = np.where(
        corporate & (rng.random(n) < 0.55),
        "Corporate services",
        _choice(rng, clinical_dirs, n),
    ).astype(object)
    small = rng.choice(n, size=collection.small_group_size, replace=False)
    directorate[small] = trust.small_directorate

    is_bme_chance = np.full(n, trust.ethnicity_bme_share)
    is_bme_chance[group == "Medical and dental"] = min(0.9, trust.ethnicity_bme_share * 1.8)
    ethnicity = _ethnicity(rng, is_bme_chance, 0.04)
    female_share = np.where(group == "Medical and dental", 0.5, 0.8)
    draw = rng.random(n)
    gender = np.where(
        draw < female_share * 0.985,
        GENDERS[0],
        np.where(draw < 0.985, GENDERS[1], np.where(draw < 0.99, GENDERS[2], GENDERS[3])),
    ).astype(object)
    disability = rng.choice(["Yes", "No", NOT_STATED], size=n, p=[STAFF_DISABLED_SHARE, 0.76, 0.05])
    age = rng.choice(SURVEY_AGE_BANDS, size=n, p=SURVEY_AGE_WEIGHTS)
    service = rng.choice(SERVICE_LENGTHS, size=n, p=SERVICE_WEIGHTS)

    strata = np.char.add(np.isin(ethnicity, BME).astype(str), disability.astype(str))
    effects = person_effects(rng, n, STAFF_LATENT_SD, strata=strata)
    codes = _staff_codes(rng, trust, post, items, effects, group, ethnicity, disability)
    cells = answer_cells(rng, codes, labels)
    comments = _staff_comments(rng, effects)

    header = [
        "respondent_id", "staff_group", "band", "directorate", "ethnicity", "gender",
        "disability", "age_band", "length_of_service", *[it.code for it in items], "comment",
    ]  # fmt: skip
    rows: Rows = []
    for r in range(n):
        rows.append(
            [
                collection.first_respondent_id + r,
                group[r],
                band[r],
                directorate[r],
                ethnicity[r],
                gender[r],
                disability[r],
                age[r],
                service[r],
                *cells[r],
                comments[r],
            ]
        )
    return header, rows


def _staff_codes(
    rng: np.random.Generator,
    trust: TrustProfile,
    post: bool,
    items: Sequence[Item],
    effects: np.ndarray,
    group: np.ndarray,
    ethnicity: np.ndarray,
    disability: np.ndarray,
) -> np.ndarray:
    """Staff answer codes, in the framework's item order.

    Each element's propensity is the planted mean, plus the staff group's effect, plus
    (equity_inclusion only) the BME and disability gaps, all centred so the trust's mean
    stays at the planted value.
    """
    bme = np.isin(ethnicity, BME).astype(float)
    disabled = (disability == "Yes").astype(float)
    blocks: list[np.ndarray] = []
    for e, element in enumerate(ELEMENTS):
        element_items = [it for it in items if it.element == element]
        if not element_items:
            continue
        theta = effects[:, e].copy()
        shift = {g: trust.group_effects.get(g, {}).get(element, 0.0) for g in trust.staff_groups}
        mean_shift = sum(trust.staff_groups[g] * s for g, s in shift.items())
        theta += np.array([shift[g] - mean_shift for g in group])
        spread2 = STAFF_LATENT_SD**2 + STAFF_NOISE_SD**2
        if element == "equity_inclusion":
            theta -= trust.equity_gap_bme * (bme - trust.ethnicity_bme_share)
            theta -= trust.equity_gap_disabled * (disabled - STAFF_DISABLED_SHARE)
            spread2 += trust.equity_gap_bme**2 * 0.2 + trust.equity_gap_disabled**2 * 0.15
        target = _target(trust.staff_means, trust.staff_change, element, post)
        theta += latent_mean(target, item_offsets(element_items), math.sqrt(spread2))
        blocks.append(answer_codes(rng, theta, element_items, STAFF_NOISE_SD))
    return _reorder(np.hstack(blocks), items)


def _reorder(codes: np.ndarray, items: Sequence[Item]) -> np.ndarray:
    """Columns generated element by element, put back in the framework's item order."""
    generated = [it.code for e in ELEMENTS for it in items if it.element == e]
    position = {code: i for i, code in enumerate(generated)}
    return codes[:, [position[it.code] for it in items]]


def _staff_comments(rng: np.random.Generator, effects: np.ndarray) -> list[str | None]:
    n = effects.shape[0]
    writes = rng.random(n) < P_COMMENT
    draw = rng.random(n)
    out: list[str | None] = [None] * n
    for r in np.flatnonzero(writes):
        z = effects[r] / STAFF_LATENT_SD
        if z.min() < -0.8:
            pool = NEGATIVE_COMMENTS[ELEMENTS[int(z.argmin())]]
        elif z.mean() > 0.4:
            pool = POSITIVE_COMMENTS[ELEMENTS[int(z.argmax())]]
        else:
            pool = MIXED_COMMENTS
        out[r] = pool[int(draw[r] * len(pool))]
    return out


def board_sheet(
    trust: TrustProfile, collection: Collection, framework: Framework
) -> tuple[list[str], Rows]:
    rng = _rng(trust, collection, 2)
    post = collection.key == "post"
    n = collection.board_members
    items = framework.items_of("board")
    labels = [p.label for p in framework.scale.points]
    executives = 7
    non_executives = 7 if n >= 15 else 6
    roles = ["executive"] * executives + ["non-executive"] * non_executives
    roles += ["other"] * (n - len(roles))
    effects = person_effects(rng, n, BOARD_LATENT_SD, centre=True)
    codes: list[np.ndarray] = []
    for e, element in enumerate(ELEMENTS):
        element_items = [it for it in items if it.element == element]
        if not element_items:
            continue
        target = _target(trust.staff_means, trust.staff_change, element, post)
        target = min(9.5, target + trust.board_uplift[element])
        spread = math.sqrt(BOARD_LATENT_SD**2 + BOARD_NOISE_SD**2)
        theta = effects[:, e] + latent_mean(target, item_offsets(element_items), spread)
        codes.append(answer_codes(rng, theta, element_items, BOARD_NOISE_SD))
    cells = answer_cells(rng, _reorder(np.hstack(codes), items), labels)
    messages = rng.permutation(len(KEY_MESSAGES))
    has_message = rng.random(n) < 0.6
    header = ["member_id", "role", *[it.code for it in items], "key_messages"]
    rows: Rows = []
    for r in range(n):
        message = KEY_MESSAGES[messages[r % len(messages)]] if has_message[r] else None
        rows.append([f"{trust.code}-B{r + 1:02d}", roles[r], *cells[r], message])
    return header, rows


def stakeholder_sheet(
    trust: TrustProfile, collection: Collection, framework: Framework
) -> tuple[list[str], Rows]:
    rng = _rng(trust, collection, 3)
    post = collection.key == "post"
    n = collection.stakeholders
    items = framework.items_of("stakeholders")
    labels = [p.label for p in framework.scale.points]
    kind = _choice(rng, STAKEHOLDER_TYPES, n)
    effects = person_effects(rng, n, STAKEHOLDER_LATENT_SD, centre=True)
    codes: list[np.ndarray] = []
    for e, element in enumerate(ELEMENTS):
        element_items = [it for it in items if it.element == element]
        if not element_items:
            continue
        target = _target(trust.stakeholder_means, trust.stakeholder_change, element, post)
        spread = math.sqrt(STAKEHOLDER_LATENT_SD**2 + STAKEHOLDER_NOISE_SD**2)
        theta = effects[:, e] + latent_mean(target, item_offsets(element_items), spread)
        codes.append(answer_codes(rng, theta, element_items, STAKEHOLDER_NOISE_SD))
    cells = answer_cells(rng, _reorder(np.hstack(codes), items), labels)
    writes = rng.random(n) < 0.3
    draw = rng.random(n)
    header = ["stakeholder_type", *[it.code for it in items], "comment"]
    rows: Rows = []
    for r in range(n):
        comment = None
        if writes[r]:
            pool = STAKEHOLDER_GOOD if effects[r].mean() > 0 else STAKEHOLDER_POOR
            comment = pool[int(draw[r] * len(pool))]
        rows.append([kind[r], *cells[r], comment])
    return header, rows


def workforce_sheet(trust: TrustProfile, collection: Collection) -> tuple[list[str], Rows]:
    """One row per employee, plus the non-executive directors (band Other)."""
    rng = _rng(trust, collection, 4)
    # The draws are made in a fixed order (roles, people, events, row order): the
    # workbooks stay byte-identical only while that order holds.
    band, board, executive = _workforce_roles(rng, trust, collection)
    people = _workforce_people(rng, trust, band, board, executive)
    turnover = next(i for i in trust.dashboard if i.workforce_turnover)
    planted = turnover.post if collection.key == "post" else turnover.pre
    events = _workforce_events(rng, people, board, executive, planted)
    order = rng.permutation(band.size)
    header = [
        "band", "staff_group", "ethnicity", "gender", "disability", "age_band",
        "board_member", "executive", "left_in_period", "entered_disciplinary",
        "entered_capability", "accessed_training",
    ]  # fmt: skip
    columns = [
        list(band), *(list(people[k]) for k in header[1:6]), _yn(board), _yn(executive),
        *(_yn(events[k]) for k in header[8:]),
    ]  # fmt: skip
    rows: Rows = [[str(col[i]) for col in columns] for i in order]
    return header, rows


def _workforce_roles(
    rng: np.random.Generator, trust: TrustProfile, collection: Collection
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each person's band, and who sits on the board and who is an executive."""
    executives = 7
    non_executives = 7 if collection.board_members >= 15 else 6
    employees = collection.headcount - executives
    band = np.concatenate(
        [
            _choice(rng, trust.band_weights, employees),
            np.array(["VSM"] * executives + ["Other"] * non_executives, dtype=object),
        ]
    )
    n = band.size
    board = np.zeros(n, dtype=bool)
    board[employees:] = True
    executive = np.zeros(n, dtype=bool)
    executive[employees : employees + executives] = True
    return band, board, executive


def _workforce_people(
    rng: np.random.Generator,
    trust: TrustProfile,
    band: np.ndarray,
    board: np.ndarray,
    executive: np.ndarray,
) -> dict[str, np.ndarray]:
    """Each person's staff group, ethnicity, gender, disability and age band."""
    n = band.size
    employees = n - int(board.sum())
    leader = np.isin(band, list(LEADERSHIP_BANDS)) | board
    bme_share = np.array([trust.bme_share_by_band[b] for b in band])
    ethnicity = _ethnicity(rng, bme_share, 0.035)
    board_ethnicity = np.array(["White British"] * (n - employees), dtype=object)
    board_ethnicity[1] = "White Irish"
    board_ethnicity[4] = "White Other"
    if trust.board_bme_members:
        board_ethnicity[-trust.board_bme_members :] = "Asian or Asian British"
    ethnicity[employees:] = board_ethnicity

    clinical_share = np.select(
        [band == "Medical", np.isin(band, ["Band 5", "Band 6", "Band 7"]), leader, band == "Other"],
        [1.0, 0.8, 0.4, 0.0],
        default=0.45,
    )
    clinical_share[board] = np.where(executive[board], 0.3, 0.0)
    staff_group = np.where(rng.random(n) < clinical_share, "clinical", "non-clinical")

    female_share = np.where(band == "Medical", 0.5, np.where(leader, 0.62, 0.79))
    draw = rng.random(n)
    gender = np.where(draw < female_share, "Female", "Male").astype(object)
    gender[draw > 0.997] = "Non-binary"

    disability = np.where(
        leader,
        rng.choice(["Yes", "No", "Not declared"], size=n, p=[0.025, 0.86, 0.115]),
        rng.choice(["Yes", "No", "Not declared"], size=n, p=[0.038, 0.80, 0.162]),
    )
    age = np.where(
        leader,
        rng.choice(WORKFORCE_AGE_BANDS, size=n, p=_norm(LEADER_AGE_WEIGHTS)),
        np.where(
            band == "Medical",
            rng.choice(WORKFORCE_AGE_BANDS, size=n, p=_norm(MEDICAL_AGE_WEIGHTS)),
            rng.choice(WORKFORCE_AGE_BANDS, size=n, p=_norm(STAFF_AGE_WEIGHTS)),
        ),
    )
    return {
        "staff_group": staff_group,
        "ethnicity": ethnicity,
        "gender": gender,
        "disability": disability,
        "age_band": age,
    }


def _workforce_events(
    rng: np.random.Generator,
    people: dict[str, np.ndarray],
    board: np.ndarray,
    executive: np.ndarray,
    turnover: float,
) -> dict[str, np.ndarray]:
    """Who left, entered a disciplinary or capability process, or accessed training."""
    ethnicity, disability = people["ethnicity"], people["disability"]
    white = np.isin(ethnicity, WHITE)
    bme = np.isin(ethnicity, BME)
    stated_not = ~(white | bme)
    older = np.isin(people["age_band"], ["61-65", "66+"])
    employee = ~board | executive
    left = _leavers(rng.random(board.size), ~board, older, int(employee.sum()), turnover)
    disciplinary = (
        _exact_flags(rng, white & employee, 0.010)
        | _exact_flags(rng, bme & employee, 0.017)
        | _exact_flags(rng, stated_not & employee, 0.011)
    )
    capability = (
        _exact_flags(rng, (disability == "No") & employee, 0.006)
        | _exact_flags(rng, (disability == "Yes") & employee, 0.0115)
        | _exact_flags(rng, (disability == "Not declared") & employee, 0.006)
    )
    training = (
        _exact_flags(rng, white & employee, 0.46)
        | _exact_flags(rng, bme & employee, 0.39)
        | _exact_flags(rng, stated_not & employee, 0.42)
    )
    return {
        "left_in_period": left,
        "entered_disciplinary": disciplinary,
        "entered_capability": capability,
        "accessed_training": training,
    }


def _leavers(
    draw: np.ndarray, eligible: np.ndarray, older: np.ndarray, in_post: int, turnover: float
) -> np.ndarray:
    """Exactly as many leavers as give the planted turnover (per cent, one decimal) of
    ``in_post`` staff, by the NHS definition (leavers over the average in post, those at
    the start and those left at the end); staff aged over 60 twice as likely to go."""
    wanted = round(turnover / 100 * in_post / (1 + turnover / 200))
    for leavers in (wanted, wanted - 1, wanted + 1):
        if round(100 * leavers / (in_post - leavers / 2), 1) == turnover:
            break
    else:
        raise ValueError(f"no number of leavers of {in_post} gives {turnover}%")
    priority = np.where(eligible, draw / np.where(older, 2.0, 1.0), np.inf)
    left = np.zeros(draw.size, dtype=bool)
    left[np.argsort(priority, kind="stable")[:leavers]] = True
    return left


def _norm(weights: Sequence[float]) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return p / p.sum()


def recruitment_sheet(trust: TrustProfile, collection: Collection) -> tuple[list[str], Rows]:
    """Shortlisted applicants; White applicants about 1.65 times as likely to be appointed."""
    rng = _rng(trust, collection, 5)
    n = collection.applicants
    ethnicity = _ethnicity(rng, np.full(n, min(0.9, trust.ethnicity_bme_share * 1.6)), 0.03)
    disability = rng.choice(["Yes", "No", "Not declared"], size=n, p=[0.09, 0.85, 0.06])
    # Within each ethnic group, exactly the planted share is appointed; Disabled applicants
    # are somewhat less likely to be the ones chosen.
    weight = np.where(disability == "Yes", 0.8, 1.0)
    appointed = np.zeros(n, dtype=bool)
    for mask, rate in (
        (np.isin(ethnicity, WHITE), 0.30),
        (np.isin(ethnicity, BME), 0.18),
        (ethnicity == NOT_STATED, 0.22),
    ):
        rows = np.flatnonzero(mask)
        count = round(rate * rows.size)
        if count:
            p = weight[rows] / weight[rows].sum()
            appointed[rng.choice(rows, size=count, replace=False, p=p)] = True
    header = ["ethnicity", "disability", "appointed"]
    rows_out: Rows = [
        [str(ethnicity[i]), str(disability[i]), "Y" if appointed[i] else "N"] for i in range(n)
    ]
    return header, rows_out


def dashboard_sheet(trust: TrustProfile, collection: Collection) -> tuple[list[str], Rows]:
    post = collection.key == "post"
    header = [
        "indicator", "element", "value", "benchmark", "best", "worst",
        "higher_is_better", "unit", "source", "period",
    ]  # fmt: skip
    rows: Rows = [
        [
            ind.name,
            ind.element,
            ind.post if post else ind.pre,
            ind.benchmark,
            ind.best,
            ind.worst,
            "Y" if ind.higher_is_better else "N",
            ind.unit,
            ind.source,
            collection.dashboard_period,
        ]
        for ind in trust.dashboard
    ]
    return header, rows

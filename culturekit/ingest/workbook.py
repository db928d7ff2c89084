"""Assembling a trust's validated data from one workbook or one file per source."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic

from culturekit.contract import DATA_SHEETS, HELP_SHEETS, REQUIRED_SOURCE
from culturekit.errors import Problem, ValidationError
from culturekit.framework import Framework, load_framework
from culturekit.framework.model import SOURCES
from culturekit.ingest.completeness import (
    missing_required,
    no_answers,
    requires_partial,
)
from culturekit.ingest.groupings import check_declared, declared_keys, with_groupings
from culturekit.ingest.models import InputFile, SurveyData, TrustData, TrustInfo
from culturekit.ingest.reader import RawWorkbook, Sheet, read_file
from culturekit.ingest.sheet_names import intended_sheet
from culturekit.ingest.survey import parse_survey
from culturekit.ingest.trust import parse_trust
from culturekit.ingest.weights import unweighted_groups
from culturekit.names import normalise_name

PathLike = str | Path
_HELP_SHEETS = {normalise_name(name) for name in HELP_SHEETS}
OTHER_SHEETS = tuple(normalise_name(name) for name in DATA_SHEETS)


def load(
    path: PathLike | None = None,
    *,
    staff: PathLike | None = None,
    board: PathLike | None = None,
    stakeholders: PathLike | None = None,
    workforce: PathLike | None = None,
    recruitment: PathLike | None = None,
    dashboard: PathLike | None = None,
    trust: TrustInfo | Mapping[str, Any] | None = None,
    framework: Framework | PathLike | None = None,
    group_by: Sequence[str] | None = None,
    partial: bool = False,
) -> TrustData:
    """Read and validate a trust's Discover data.

    ``path`` is a workbook with one sheet per source (see the input format); the keyword
    paths give a source as a file of its own (.xlsx or .csv) and take the place of that
    sheet in the workbook. ``trust`` supplies the Trust sheet's fields when no file has one.
    ``group_by`` names columns to break scores down by, beyond those the input format
    names and the framework's ``groupings`` (see :mod:`culturekit.ingest.groupings`); the
    returned data's framework lists them all.

    Data without staff answers are refused unless ``partial`` asks for a partial
    diagnosis: a diagnosis rests on the staff survey, and one made without it says so
    first. A sheet named nearly as a sheet of the input format (``Staf Survey``) and a
    survey sheet without answers are errors.
    Every problem found in every file is raised together as one
    :class:`~culturekit.errors.ValidationError`.
    """
    fw = framework if isinstance(framework, Framework) else load_framework(framework)
    fw = with_groupings(fw, group_by)
    sheet_keys = {s: normalise_name(fw.instruments[s].sheet) for s in fw.instruments}
    separate = {
        **{
            sheet_keys[s]: p
            for s, p in (("staff", staff), ("board", board), ("stakeholders", stakeholders))
            if s in sheet_keys
        },
        "workforce": workforce,
        "recruitment": recruitment,
        "dashboard": dashboard,
    }
    found = _Found()
    if path is not None:
        # A sheet given as a file of its own is not looked for in the workbook.
        given = {key for key, file in separate.items() if file is not None}
        _read_workbook(path, _contract_sheets(fw), given, found)
    for key, file in separate.items():
        if file is not None:
            _read_separate(key, file, found)
    if not found.books:
        raise ValidationError(
            [Problem("no input given: name a workbook, or one file per source", remedy="sources")]
        )
    used = set(found.chosen) | set(sheet_keys.values()) | set(OTHER_SHEETS)
    for book in found.books:
        first = book is found.books[0] and path is not None
        found.problems.extend(book.problems_for(used if first else set(book.problems)))
        found.notices.extend(book.notices)
    return _parse(found, path, trust, fw, sheet_keys, partial)


@dataclass
class _Found:
    """What the files hold before parsing: the books read and the sheet chosen per key."""

    books: list[RawWorkbook] = field(default_factory=list)
    chosen: dict[str, Sheet] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # The contract sheets (match keys) a sheet of the workbook was probably meant to be.
    meant: set[str] = field(default_factory=set)
    # The workbook's sheets (match keys) that a file of their own takes the place of.
    replaced: set[str] = field(default_factory=set)


def _contract_sheets(fw: Framework) -> dict[str, str]:
    """Every sheet the input format reads, by match key: the framework's perception
    sheets, then the others."""
    names = [fw.instruments[s].sheet for s in SOURCES if s in fw.instruments]
    return {normalise_name(name): name for name in [*names, *DATA_SHEETS]}


def _read_workbook(path: PathLike, wanted: dict[str, str], given: set[str], found: _Found) -> None:
    # Only the sheets of the input format are read; any other sheet is never decompressed
    # (a sheet given as a file of its own is not read from the workbook either).
    def choose(names: Sequence[str]) -> list[str]:
        return [n for n in names if normalise_name(n) in wanted and normalise_name(n) not in given]

    book = read_file(path, sheets=choose)
    found.books.append(book)
    absent = {k: name for k, name in wanted.items() if k not in book.sheets and k not in given}
    for key, sheet in book.sheets.items():
        if key in wanted:
            found.chosen[key] = sheet
    for name in book.unread:
        key = normalise_name(name)
        if key in given:
            found.replaced.add(key)
            continue
        if key in _HELP_SHEETS:
            continue
        if (meant := intended_sheet(name, absent)) is not None:
            found.meant.add(normalise_name(meant))
            found.problems.append(
                Problem(
                    f"not a sheet of the input format: did you mean {meant!r}? Rename it "
                    f"{meant!r} (case and spaces are ignored), or delete it if it holds no "
                    "Discover data",
                    file=str(path),
                    sheet=name,
                )
            )
        else:
            found.notices.append(f"{Path(path).name}: sheet {name!r} is not used")


def _read_separate(key: str, file: PathLike, found: _Found) -> None:
    """One source given as a file of its own: it takes the place of the workbook's sheet."""

    # The sheet named for the source and a Trust sheet; without the former, every sheet
    # (the file is that source's, so any of its sheets may be it).
    def choose(names: Sequence[str]) -> list[str]:
        if not any(normalise_name(n) == key for n in names):
            return list(names)
        return [n for n in names if normalise_name(n) in (key, "trust")]

    book = read_file(file, sheet_name=key.capitalize(), sheets=choose)
    found.books.append(book)
    sheet = book.sheets.get(key) or (
        next(iter(book.sheets.values())) if len(book.sheets) == 1 else None
    )
    if sheet is None:
        found.problems.append(
            Problem(
                f"no sheet called {key.capitalize()!r} (and more than one sheet to choose from)"
                if book.sheets
                else "the file has no data",
                file=str(file),
            )
        )
        return
    if key in found.chosen or key in found.replaced:
        found.notices.append(f"{sheet.file}: used for {key} instead of the workbook's sheet")
    found.chosen[key] = sheet
    if "trust" in book.sheets and "trust" not in found.chosen:
        found.chosen["trust"] = book.sheets["trust"]


def _parse(
    found: _Found,
    path: PathLike | None,
    trust: TrustInfo | Mapping[str, Any] | None,
    fw: Framework,
    sheet_keys: dict[str, str],
    partial: bool,
) -> TrustData:
    """Every chosen sheet parsed and validated; all problems raised together."""
    chosen, problems, notices = found.chosen, found.problems, found.notices
    empty = [name for book in found.books for name in book.empty]
    info = _trust_info(
        chosen.get("trust"),
        trust,
        problems,
        notices,
        empty="trust" in {normalise_name(n) for n in empty},
        file=str(path) if path is not None else None,
        meant="trust" in found.meant,
    )
    surveys = _surveys(chosen, fw, sheet_keys, problems, notices, partial)
    parts = _other_sources(chosen, fw, problems, notices)
    if parts.get("weights") is not None and "staff" in surveys:
        problems.extend(unweighted_groups(parts["weights"], surveys["staff"], fw))
    if not surveys and not any(v for k, v in parts.items() if k != "weights") and not problems:
        problems.append(
            Problem(
                "no Discover data found: the workbook needs at least one of the sheets "
                "Staff, Board, Stakeholders, Workforce, Dashboard, filled in"
                + (f" (empty: {', '.join(repr(n) for n in empty)})" if empty else ""),
                file=str(path) if path else None,
            )
        )
    elif requires_partial(surveys, partial) and not _explained(found, sheet_keys):
        problems.append(missing_required(fw, file=str(path) if path else None))
    if problems:
        raise ValidationError(problems, summary=_summary(problems))
    assert info is not None
    return TrustData(
        trust=info,
        framework=fw,
        surveys=surveys,
        inputs=[InputFile(path=str(b.path), sha256=b.sha256) for b in found.books],
        notices=notices,
        partial=REQUIRED_SOURCE not in surveys,
        **parts,
    )


def _explained(found: _Found, sheet_keys: dict[str, str]) -> bool:
    """Whether a problem already says why the required source has no answers: its sheet
    was read (and its own problems are listed), or a sheet looks meant to be it."""
    key = sheet_keys.get(REQUIRED_SOURCE)
    return key in found.chosen or key in found.meant


def _surveys(
    chosen: dict[str, Sheet],
    fw: Framework,
    sheet_keys: dict[str, str],
    problems: list[Problem],
    notices: list[str],
    partial: bool,
) -> dict[str, SurveyData]:
    """Each perception sheet parsed; a declared grouping no sheet has is an error, and so
    is a sheet without answers (but for the required source's under ``partial``)."""
    declared = declared_keys(fw)
    surveys = {}
    sheets = []
    items: dict[str, list[str]] = {}
    for source in SOURCES:
        key = sheet_keys.get(source)
        if key not in chosen:
            continue
        sheets.append(chosen[key])
        items[chosen[key].name] = [i.key for i in fw.items_of(source)]
        before = len(problems)
        parsed = parse_survey(chosen[key], source, fw, problems, notices, declared)
        if parsed is None:
            continue
        # Answers off the scale are listed cell by cell; only a sheet with nothing wrong
        # in it and no answer either is called empty.
        if not parsed.answered_any.any() and len(problems) == before:
            no_answers(chosen[key], source, partial, problems, notices)
            continue
        surveys[source] = parsed
    check_declared(declared, sheets, items, problems)
    return surveys


def _summary(problems: list[Problem]) -> str:
    files = sorted({p.file for p in problems if p.file})
    count = len(problems)
    where = f" in {', '.join(files)}" if files else ""
    return f"{count} problem{'s' if count != 1 else ''} found{where}"


def _trust_info(
    sheet: Sheet | None,
    given: TrustInfo | Mapping[str, Any] | None,
    problems: list[Problem],
    notices: list[str],
    *,
    empty: bool = False,
    file: str | None = None,
    meant: bool = False,
) -> TrustInfo | None:
    if given is not None:
        if isinstance(given, TrustInfo):
            return given
        # Spacing is tidied as on the Trust sheet; a name, code or period of spaces alone
        # is missing.
        fields = {
            k: " ".join(v.split()) if isinstance(v, str) else v for k, v in dict(given).items()
        }
        blank = [k for k in ("name", "code", "period") if not fields.get(k)]
        if blank:
            problems.append(Problem(f"trust details are missing: the {' and '.join(blank)}"))
            return None
        try:
            return TrustInfo.model_validate(fields)
        except pydantic.ValidationError as exc:
            said = "; ".join(
                f"the {error['loc'][0]} {fields.get(str(error['loc'][0]))!r}"
                + (
                    " is not an ODS code (3-5 letters and digits, e.g. RXX)"
                    if error["loc"][0] == "code"
                    else f" ({error['msg'].lower()})"
                )
                for error in exc.errors()
            )
            problems.append(Problem(f"trust details are invalid: {said}"))
            return None
    if sheet is None:
        if meant or any(
            p.sheet is not None and normalise_name(p.sheet) == "trust" for p in problems
        ):
            return None  # the Trust sheet is there (perhaps misnamed), and its problems listed
        problems.append(
            Problem(
                ("the Trust sheet is empty: fill in" if empty else "no Trust sheet: add one with")
                + " the fields trust_name, trust_code and period (see `culturekit template`), "
                "or give the trust's name, code and period",
                file=file,
                remedy="trust",
            )
        )
        return None
    return parse_trust(sheet, problems, notices)


def _other_sources(
    chosen: dict[str, Sheet],
    framework: Framework,
    problems: list[Problem],
    notices: list[str],
) -> dict[str, Any]:
    from culturekit.ingest.dashboard import parse_dashboard
    from culturekit.ingest.weights import parse_weights
    from culturekit.ingest.workforce import parse_recruitment, parse_workforce

    parsers = {
        "workforce": parse_workforce,
        "recruitment": parse_recruitment,
        "dashboard": parse_dashboard,
        "weights": parse_weights,
    }
    parts = {
        key: parser(chosen[key], framework, problems, notices) if key in chosen else None
        for key, parser in parsers.items()
    }
    if "dashboard_series" in chosen:
        from culturekit.ingest.dashboard_series import parse_dashboard_series

        # Read against the Dashboard sheet, whose rows give each series its meaning.
        parts["dashboard_series"] = parse_dashboard_series(
            chosen["dashboard_series"], parts["dashboard"], problems, notices
        )
    return parts

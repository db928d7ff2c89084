"""A blank trust workbook to fill in: instructions, the items, and one sheet per source.

The workbook follows the input contract (docs: input format): a ``Trust`` sheet with its
fields listed, the three survey sheets with one column per item of the framework, and the
Workforce, Recruitment, Dashboard and Dashboard series sheets. Header rows are bold and
frozen; answer and category cells carry drop-down lists; every item header has its wording
as a comment.

Kept light on purpose: openpyxl only (no pandas, no matplotlib), so ``culturekit
template`` is quick.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from culturekit.contract import (
    BANDS,
    DASHBOARD_COLUMNS,
    DASHBOARD_SERIES_COLUMNS,
    GROUPING_COLUMNS,
    RECRUITMENT_COLUMNS,
    REQUIRED_SOURCE,
    TRUST_TYPES,
    WORKFORCE_COLUMNS,
)
from culturekit.errors import OutputError, refuse_existing
from culturekit.files import refuse_overwriting_inputs
from culturekit.framework import Framework, Item, default_framework, load_framework
from culturekit.framework.model import SOURCES, Scale, Source
from culturekit.report.presentation.safe_text import excel_text, xml_text

__all__ = [
    "DASHBOARD_COLUMNS",
    "RECRUITMENT_COLUMNS",
    "TRUST_FIELDS",
    "WORKFORCE_COLUMNS",
    "contract_headers",
    "write_template",
]

# Rows given drop-down lists: enough for a large trust's whole workforce.
SURVEY_ROWS = 20_000
OTHER_ROWS = 5_000
# Excel keeps at most this many characters in a list validation's formula.
LIST_LIMIT = 255

ROLES = ("executive", "non-executive", "other")
STAKEHOLDER_TYPES = ("patient", "carer", "commissioner", "partner", "regulator", "other")
YES_NO = ("Y", "N")
WORKFORCE_DISABILITY = ("Yes", "No", "Not declared")
SURVEY_DISABILITY = ("Yes", "No", "Prefer not to say")
UNITS = ("%", "rate", "score", "days", "ratio")


@dataclass(frozen=True)
class TrustField:
    name: str
    required: bool
    notes: str


TRUST_FIELDS: tuple[TrustField, ...] = (
    TrustField("trust_name", True, "Text, e.g. Northwick General Hospital NHS Trust"),
    TrustField("trust_code", True, "ODS code: 3-5 letters and digits, e.g. RXX"),
    TrustField("period", True, 'Label of this collection, e.g. "2025 baseline"'),
    TrustField("collected_on", False, "Date the collection closed (a date)"),
    TrustField("trust_type", False, "One of: " + ", ".join(TRUST_TYPES)),
    TrustField("staff_headcount", False, "Whole number of staff, for response rates"),
    TrustField(
        "programme_start",
        False,
        "Date the programme started: the dashboard series are rebased there",
    ),
)

STAFF_GROUPING = ("respondent_id", *GROUPING_COLUMNS["staff"])

_ROW_MEANS: dict[str, str] = {
    "staff": "one row per respondent",
    "board": "one row per board member interviewed, with role and key_messages",
    "stakeholders": "one row per respondent, with stakeholder_type",
}

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_WRAP = Alignment(wrap_text=True, vertical="top")


def contract_headers(framework: Framework) -> dict[str, list[str]]:
    """Each sheet of the contract and its columns, item columns in the framework's order."""
    headers: dict[str, list[str]] = {"Trust": ["field", "value", "notes"]}
    layout: dict[Source, tuple[list[str], list[str]]] = {
        "staff": (list(STAFF_GROUPING), ["comment"]),
        "board": (["member_id", "role"], ["key_messages"]),
        "stakeholders": (["stakeholder_type"], ["comment"]),
    }
    for source in SOURCES:
        instrument = framework.instruments.get(source)
        if instrument is None:
            continue
        before, after = layout[source]
        headers[instrument.sheet] = [*before, *(i.code for i in instrument.items), *after]
    headers["Workforce"] = list(WORKFORCE_COLUMNS)
    headers["Recruitment"] = list(RECRUITMENT_COLUMNS)
    headers["Dashboard"] = list(DASHBOARD_COLUMNS)
    headers["Dashboard series"] = list(DASHBOARD_SERIES_COLUMNS)
    return headers


def write_template(
    path: str | Path,
    framework: Framework | str | Path | None = None,
    *,
    overwrite: bool = False,
) -> Path:
    """Write a blank input workbook to ``path`` (atomically) and return the path.

    ``framework`` is a Framework or a framework file (default: the packaged one). An
    existing file is replaced only with ``overwrite``; otherwise
    :class:`~culturekit.errors.ExistingFileError` is raised and the file is left alone.
    """
    path = Path(path)
    refuse_existing(path, overwrite)
    if not isinstance(framework, Framework):
        refuse_overwriting_inputs([path], [framework], remedy="choose another file to write")
        framework = load_framework(framework) if framework is not None else default_framework()
    workbook = _build(framework)
    _save_atomically(workbook, path)
    return path


# ---------------------------------------------------------------------------------------
# Building the workbook
# ---------------------------------------------------------------------------------------


def _build(framework: Framework) -> Workbook:
    workbook = Workbook()
    instructions = workbook.active
    assert instructions is not None
    instructions.title = "Instructions"
    _instructions_sheet(instructions, framework)
    _items_sheet(workbook.create_sheet("Items"), framework)
    lists = (
        _answers_sheet(workbook.create_sheet("Answers"), framework) if framework.answer_sets else {}
    )
    _trust_sheet(workbook.create_sheet("Trust"))
    headers = contract_headers(framework)
    for source in SOURCES:
        instrument = framework.instruments.get(source)
        if instrument is not None:
            sheet = workbook.create_sheet(instrument.sheet)
            _survey_sheet(
                sheet, source, headers[instrument.sheet], instrument.items, framework, lists
            )
    _workforce_sheet(workbook.create_sheet("Workforce"))
    _recruitment_sheet(workbook.create_sheet("Recruitment"))
    _dashboard_sheet(workbook.create_sheet("Dashboard"), framework)
    _series_sheet(workbook.create_sheet("Dashboard series"))
    workbook.properties.creator = "culturekit"
    workbook.properties.title = xml_text(f"culturekit input workbook ({framework.name})")
    return workbook


def _need(source: str) -> str:
    if source == REQUIRED_SOURCE:
        return (
            "Required: a diagnosis rests on it (without it, only a partial diagnosis, "
            "asked for explicitly)."
        )
    return "Optional."


def _instructions_sheet(sheet: Worksheet, framework: Framework) -> None:
    """A three-column table (topic, item, explanation), so it reads as a plain table."""
    scale = framework.scale
    leadership = ", ".join(framework.rules.leadership_bands)
    rows: list[tuple[str, object, str]] = [
        ("About", "Framework", f"{framework.name} (id {framework.id}, version "
         f"{framework.version})."),
        ("About", "This workbook", "Fill in one workbook per trust and per collection (for "
         "example a baseline and a follow-up). Then run: culturekit diagnose WORKBOOK."),
        ("About", "Headers", "Headers are in row 1 of every sheet: keep them. Header and sheet "
         "names ignore case and spaces (Staff Group = staff_group)."),
        ("About", "Unused sheets", "Delete a survey sheet you have no answers for: one with "
         "headers but no answers is refused, so an empty form is never read as a source. "
         "Leave another sheet empty, or delete it, if you have no data for it; the report "
         "says which sources it drew on and which were missing."),
        ("About", "Reference sheets", "The Instructions and Items sheets are for reference "
         "and are not read."),
        ("Sheets", "Trust", "Required. Who and when: fill in the value column; the notes "
         "column says which fields are required and their format."),
        *[
            ("Sheets", i.sheet, f"{_need(source)} {i.name}: "
             f"{_ROW_MEANS[source]}, one column per item (the Items sheet gives the "
             "wording; so does the comment on each item header).")
            for source, i in framework.instruments.items()
        ],
        ("Sheets", "Staff columns", "Grouping columns (staff_group, band, directorate, "
         "ethnicity, gender, disability, age_band, length_of_service) are optional; any "
         "other column is ignored unless declared as a grouping (see the input format)."),
        ("Sheets", "Workforce", "Optional. One row per employee, anonymised (for example an "
         "ESR extract): band (required), ethnicity, disability, board membership, turnover, "
         "disciplinary, capability and training. Gives the WRES and WDES indicators."),
        ("Sheets", "Recruitment", "Optional. One row per shortlisted applicant: ethnicity, "
         "disability, appointed (Y/N). Gives WRES indicator 2 and WDES metric 2."),
        ("Sheets", "Dashboard", "Optional. Culture and outcomes dashboard: one row per "
         "existing indicator with its element, value, benchmark, best, worst and whether "
         "higher is better."),
        ("Sheets", "Dashboard series", "Optional. The dashboard's indicators over time: one "
         "row per indicator and period (a date, or a month such as 2024-01), the indicator "
         "named as on the Dashboard sheet. Each is drawn as an XmR chart (Making Data "
         "Count); a chart of fewer than 13 points has trial limits."),
        *[
            ("Answer scale", p.code, f"{p.label} (scores {p.score:g} on the 0-10 scale)")
            for p in scale.points
        ],
        *[
            ("Answer sets", name, "; ".join(f"{p.code} = {p.label} ({p.score:g})"
             for p in answers.points) + "".join(f"; {e.code} = {e.label} (not scored)"
             for e in answers.excluded) + ". The Answers sheet lists them; the Items sheet "
             "says which items use them.")
            for name, answers in framework.answer_sets.items()
        ],
        ("Answer scale", "How to answer", "Type the number or the label, in any case, or "
         "choose from the drop-down list."),
        ("Answer scale", "Negatively worded items", "Enter answers as given: do not reverse "
         "them. culturekit reverses negatively worded items when scoring."),
        ("Not answered", "Blank, " + ", ".join(scale.not_answered), "Mean the question was "
         "not answered: counted apart and kept out of every percentage and average."),
        ("Anonymity", "Reporting threshold", f"Groups of fewer than "
         f"{framework.reporting_threshold} respondents are never reported, and a further "
         "group is hidden where needed so that a small group cannot be worked out by "
         "subtraction."),
        ("Anonymity", "Comments", f"Free-text comments are shown only for groups of at "
         f"least {framework.comment_threshold} respondents. Do not enter names or anything "
         "else that identifies a person."),
        ("Scoring", "Items answered", f"A respondent is scored on an element when they "
         f"answered at least {framework.min_share_answered:.0%} of its items."),
        ("Workforce", "band", ", ".join(BANDS) + f". Leadership means {leadership} and "
         "executive board members. Non-executive board members (board_member Y, "
         "executive N) count in the board, not in the workforce."),
        ("Workforce", "disability", "Yes, No or Not declared. Undeclared status is shown "
         "apart, never counted as not disabled."),
        ("Workforce", "ethnicity", "Any category. White British, White Irish and White "
         "Other count as White; other stated groups as BME; undeclared is shown apart."),
        ("Workforce", "Y/N columns", "board_member, executive, left_in_period, "
         "entered_disciplinary, entered_capability, accessed_training: Y or N."),
        ("Dashboard", "element", "One of: " + "; ".join(f"{e.name} ({e.id})"
         for e in framework.elements) + "."),
        ("Dashboard", "higher_is_better", "Y when a higher value is better (e.g. "
         "engagement), N when lower is better (e.g. sickness absence)."),
    ]  # fmt: skip
    _write_table(sheet, ["topic", "item", "explanation"], [list(r) for r in rows],
                 widths=[16, 28, 100])  # fmt: skip
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = _WRAP


def _items_sheet(sheet: Worksheet, framework: Framework) -> None:
    header = [
        "instrument",
        "sheet",
        "code",
        "element",
        "element_id",
        "wording",
        "negatively_worded",
    ]
    if framework.answer_sets:
        header.append("answers")
    rows: list[list[object]] = []
    for source, instrument in framework.instruments.items():
        for item in instrument.items:
            element = None if item.element is None else framework.element(item.element)
            row: list[object] = [
                source,
                instrument.sheet,
                item.code,
                "" if element is None else element.name,
                "" if element is None else element.id,
                item.text,
                "yes" if item.reverse else "no",
            ]
            if framework.answer_sets:
                row.append(item.answers or "scale")
            rows.append(row)
    _write_table(sheet, header, rows, widths=[13, 13, 9, 24, 20, 80, 18, 18])
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        row[0].alignment = _WRAP


def _trust_sheet(sheet: Worksheet) -> None:
    rows: list[list[object]] = [
        [f.name, None, ("required. " if f.required else "optional. ") + f.notes]
        for f in TRUST_FIELDS
    ]
    _write_table(sheet, ["field", "value", "notes"], rows, widths=[18, 44, 60])
    for position, field in enumerate(TRUST_FIELDS, start=2):
        cell = sheet.cell(row=position, column=2)
        if field.name in ("collected_on", "programme_start"):
            cell.number_format = "yyyy-mm-dd"
            _add_validation(
                sheet,
                DataValidation(type="date", operator="greaterThan", formula1="1"),
                cell.coordinate,
                error="Enter a date, e.g. 2025-03-14.",
            )
        elif field.name == "trust_type":
            _add_list(sheet, TRUST_TYPES, cell.coordinate, strict=False)
        elif field.name == "staff_headcount":
            _add_validation(
                sheet,
                DataValidation(type="whole", operator="greaterThan", formula1="0"),
                cell.coordinate,
                error="Enter a whole number of staff.",
            )


def _answers_sheet(sheet: Worksheet, framework: Framework) -> dict[str, str]:
    """One column per answer set (the scale first): its labels, its unscored boxes, then
    its codes. Returns each set's cell range, which its items' drop-downs list: a range,
    unlike a typed list, may hold labels with commas ("Yes, I reported it")."""
    sets: dict[str, Scale] = {"scale": framework.scale, **framework.answer_sets}
    columns = {name: _answer_options(scale) for name, scale in sets.items()}
    depth = max(len(v) for v in columns.values())
    rows = [[col[r] if r < len(col) else None for col in columns.values()] for r in range(depth)]
    _write_table(sheet, list(columns), rows, widths=[max(14, len(n) + 4) for n in columns])
    ranges = {}
    for position, (name, options) in enumerate(columns.items(), start=1):
        letter = get_column_letter(position)
        ranges[name] = f"Answers!${letter}$2:${letter}${len(options) + 1}"
    return ranges


def _answer_options(scale: Scale) -> list[object]:
    labels = [p.label for p in scale.points]
    unscored = [v for v in ("Don't know", "N/A") if v in scale.not_answered]
    unscored += [e.label for e in scale.excluded if e.label not in unscored]
    return [*labels, *unscored, *scale.codes, *sorted(scale.excluded_codes)]


def _range_validation(cells: str) -> DataValidation:
    return DataValidation(
        type="list",
        formula1=cells,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not an answer",
        error="Choose an answer from the list, or type its number (the Answers sheet).",
    )


def _survey_sheet(
    sheet: Worksheet,
    source: str,
    header: list[str],
    items: Sequence[Item],
    framework: Framework,
    lists: dict[str, str],
) -> None:
    codes = {item.code: item for item in items}
    widths = [max(9, len(c) + 3) if c in codes else _width(c) for c in header]
    wide = {"comment": 50, "key_messages": 50, "staff_group": 24, "directorate": 24}
    widths = [wide.get(c, w) for c, w in zip(header, widths, strict=True)]
    _write_table(sheet, header, [], widths=widths)
    last = SURVEY_ROWS + 1 if source == "staff" else OTHER_ROWS + 1
    for column, name in enumerate(header, start=1):
        letter = get_column_letter(column)
        cells = f"{letter}2:{letter}{last}"
        item = codes.get(name)
        if item is not None:
            wording = item.text + (" (negatively worded)" if item.reverse else "")
            about = wording
            if item.element is not None:
                about = f"{framework.element(item.element).name}: {wording}"
            sheet.cell(row=1, column=column).comment = _comment(about)
            validation = (
                _range_validation(lists[item.answers])
                if item.answers is not None
                else _answer_validation(framework)
            )
            if validation is not None:
                validation.promptTitle = item.code[:32]
                validation.prompt = xml_text(wording)[:255]
                validation.showInputMessage = True
                _add_validation(sheet, validation, cells)
        elif name == "role":
            _add_list(sheet, ROLES, cells)
        elif name == "stakeholder_type":
            _add_list(sheet, STAKEHOLDER_TYPES, cells)
        elif name == "band":
            _add_list(sheet, BANDS, cells, strict=False)
        elif name == "disability":
            _add_list(sheet, SURVEY_DISABILITY, cells, strict=False)


def _workforce_sheet(sheet: Worksheet) -> None:
    header = list(WORKFORCE_COLUMNS)
    _write_table(sheet, header, [], widths=[_width(c) for c in header])
    last = SURVEY_ROWS + 1
    for column, name in enumerate(header, start=1):
        letter = get_column_letter(column)
        cells = f"{letter}2:{letter}{last}"
        if name == "band":
            _add_list(sheet, BANDS, cells)
        elif name == "staff_group":
            _add_list(sheet, ("clinical", "non-clinical"), cells, strict=False)
        elif name == "disability":
            _add_list(sheet, WORKFORCE_DISABILITY, cells)
        elif name not in {"ethnicity", "gender", "age_band"}:
            _add_list(sheet, YES_NO, cells)
    sheet.cell(row=1, column=1).comment = _comment(
        "Required. Leadership means Band 8a and above, VSM and executive board members; "
        "non-executive board members (board_member Y, executive N) count in the board, "
        "not in the workforce."
    )


def _recruitment_sheet(sheet: Worksheet) -> None:
    header = list(RECRUITMENT_COLUMNS)
    _write_table(sheet, header, [], widths=[_width(c) for c in header])
    last = OTHER_ROWS + 1
    _add_list(sheet, WORKFORCE_DISABILITY, f"B2:B{last}")
    _add_list(sheet, YES_NO, f"C2:C{last}")


def _dashboard_sheet(sheet: Worksheet, framework: Framework) -> None:
    header = list(DASHBOARD_COLUMNS)
    widths = {"indicator": 50, "element": 26, "source": 30}
    _write_table(sheet, header, [], widths=[widths.get(c, _width(c)) for c in header])
    last = OTHER_ROWS + 1
    names = [e.name for e in framework.elements]
    ids = [e.id for e in framework.elements]
    both = [*names, *ids]
    if _fits(both):
        _add_list(sheet, both, f"B2:B{last}")
    else:  # names only; ids can still be typed
        _add_list(sheet, names, f"B2:B{last}", strict=False)
    for name in (
        "value",
        "benchmark",
        "best",
        "worst",
        "lower_quartile",
        "upper_quartile",
        "target",
    ):
        letter = get_column_letter(header.index(name) + 1)
        _add_validation(
            sheet,
            DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15"),
            f"{letter}2:{letter}{last}",
            error="Enter a number.",
        )
    _add_list(sheet, YES_NO, f"G2:G{last}")
    _add_list(sheet, UNITS, f"H2:H{last}", strict=False)
    notes = {
        "indicator": "Required. Name of the indicator.",
        "element": "Required. One of the six elements, by name or id.",
        "value": "Required. A number.",
        "higher_is_better": "Required. Y or N.",
        "benchmark": "Peer or national average.",
        "lower_quartile": "Optional, with upper_quartile: the benchmark group's 25th "
        "percentile. Inside the quartiles an indicator is similar to its group.",
        "upper_quartile": "Optional, with lower_quartile: the benchmark group's 75th percentile.",
        "target": "Optional. The trust's own target, for the assurance icon of the "
        "indicator's series (the Dashboard series sheet).",
    }
    for column, name in enumerate(header, start=1):
        if name in notes:
            sheet.cell(row=1, column=column).comment = _comment(notes[name])


def _series_sheet(sheet: Worksheet) -> None:
    header = list(DASHBOARD_SERIES_COLUMNS)
    _write_table(sheet, header, [], widths=[50, 14, 12])
    last = OTHER_ROWS + 1
    _add_validation(
        sheet,
        DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15"),
        f"C2:C{last}",
        error="Enter a number.",
    )
    notes = {
        "indicator": "Required. An indicator of the Dashboard sheet, named as there.",
        "period": "Required. A date, or a month such as 2024-01 or Jan 2024.",
        "value": "Required. A number: the indicator's value for the period.",
    }
    for column, name in enumerate(header, start=1):
        sheet.cell(row=1, column=column).comment = _comment(notes[name])


# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------


def _write_table(
    sheet: Worksheet, header: list[str], rows: list[list[object]], widths: Sequence[float]
) -> None:
    # The framework's own text (its name, elements, wording) is the input's: made safe.
    sheet.append([excel_text(v) for v in header])
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for row in rows:
        sheet.append([excel_text(v) if isinstance(v, str) else v for v in row])
    sheet.freeze_panes = "A2"
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _width(name: str) -> float:
    return max(12, len(name) + 4)


def _comment(text: str) -> Comment:
    comment = Comment(xml_text(text), "culturekit")
    comment.width = 300
    comment.height = 110
    return comment


def _list_formula(values: Sequence[object]) -> str:
    return '"' + ",".join(xml_text(str(v)) for v in values) + '"'


def _fits(values: Sequence[object]) -> bool:
    """Whether the values can be one list validation (no commas, 255 characters at most)."""
    text = ",".join(str(v) for v in values)
    return len(text) <= LIST_LIMIT and not any("," in str(v) or '"' in str(v) for v in values)


def _answer_validation(framework: Framework) -> DataValidation | None:
    """Labels, "Don't know", "N/A" and the codes if they fit one list; else labels only.

    A list validation holds one list of at most 255 characters. When the labels have to
    stand alone, the error message is switched off so that numbers can still be typed.
    """
    scale = framework.scale
    labels = [p.label for p in scale.points]
    extra = [v for v in ("Don't know", "N/A") if v in scale.not_answered]
    full = [*labels, *extra, *(str(c) for c in scale.codes)]
    if _fits(full):
        return DataValidation(
            type="list",
            formula1=_list_formula(full),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not an answer",
            error="Choose an answer from the list, or type its number "
            f"({scale.min_code}-{scale.max_code}).",
        )
    if not _fits(labels):
        return None
    return DataValidation(
        type="list", formula1=_list_formula(labels), allow_blank=True, showErrorMessage=False
    )


def _add_list(sheet: Worksheet, values: Sequence[str], cells: str, *, strict: bool = True) -> None:
    if not _fits(values):
        return
    validation = DataValidation(
        type="list", formula1=_list_formula(values), allow_blank=True, showErrorMessage=strict
    )
    _add_validation(sheet, validation, cells, error="Choose a value from the list.")


def _add_validation(
    sheet: Worksheet, validation: DataValidation, cells: str, *, error: str | None = None
) -> None:
    if error and not validation.error:
        validation.error = error
        validation.errorTitle = validation.errorTitle or "Check this value"
    validation.allow_blank = True
    sheet.add_data_validation(validation)
    validation.add(cells)


def _save_atomically(workbook: Workbook, path: Path) -> None:
    folder = path.parent
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".xlsx", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot write the template ({exc.strerror or exc})",
            hint="Check that the folder exists and is writable.",
        ) from None
    os.close(handle)
    temp = Path(temp_name)
    try:
        workbook.save(temp)
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write the template ({exc.strerror or exc})") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

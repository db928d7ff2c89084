"""The Excel workbook for analysts: ``report.xlsx``, built in memory with openpyxl.

A README sheet comes first (what each sheet holds, the trust, period, reporting
threshold and culturekit version), then one sheet per table of the result. Each sheet is
made by a *sheet builder*: a function from the result to a :class:`Table` (or ``None``
when the result has nothing for it). Builders are registered per result type with
:func:`sheet_builder`, in sheet order, so a new result type (a Comparison) only needs
its own builders::

    @sheet_builder(Comparison)
    def element_changes(result: Comparison) -> Table | None: ...

Conventions of every sheet:

* numbers are written as numbers (never as text), with a number format (``0.0``,
  ``0.0%``); percentages are stored as fractions (0.57 shown as 57.0%);
* a figure that is not shown holds the reason in words, in grey italics ("fewer than 11
  responses"): never 0, never blank;
* every text cell is made safe from formula injection: text starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return is prefixed with ``'`` (OWASP's advice for
  spreadsheets), so Excel shows it as text and never runs it;
* the header row is bold, frozen and filtered; columns have sensible widths;
* the bytes are deterministic: document dates come from ``SOURCE_DATE_EPOCH`` (or a
  fixed date) and the ZIP entries carry the same date, so the same result gives the
  same file.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from culturekit._version import __version__
from culturekit.errors import OutputError
from culturekit.results import Diagnosis

__all__ = [
    "Column",
    "Hidden",
    "Table",
    "builders_for",
    "neutralise",
    "render_xlsx",
    "sheet_builder",
    "workbook_timestamp",
]

# --------------------------------------------------------------------------- cells

# Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

SCORE = "0.0"
SCORE_2 = "0.00"
P_VALUE = "0.000"
PERCENT = "0.0%"
COUNT = "#,##0"
VALUE = "#,##0.0##"
TEXT = "@"

_HEADER_FILL = "005EB8"  # NHS Blue, white bold text: 6.4:1
_HIDDEN_COLOUR = "4C6272"  # NHS secondary text grey: 6.4:1 on white
_FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def neutralise(text: str) -> str:
    """``text`` made safe to put in a cell: never read as a formula by a spreadsheet."""
    return "'" + text if text.startswith(_FORMULA_START) else text


@dataclass(frozen=True)
class Hidden:
    """A figure that is not shown, and why (written as grey italic text)."""

    reason: str


@dataclass(frozen=True)
class Column:
    header: str
    number_format: str | None = None
    width: float | None = None
    """Characters; worked out from the content when None."""
    wrap: bool = False


@dataclass
class Table:
    """One sheet: a header row and data rows."""

    title: str
    """Sheet name (at most 31 characters, no ``[]:*?/\\``)."""
    about: str
    """What the sheet holds, for the README sheet."""
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    number_formats: dict[tuple[int, int], str] = field(default_factory=dict)
    """Per-cell number formats, by (row index, column index) within ``rows``."""


def _number(value: float | int | None, reason: str | None = None) -> Any:
    """A number to write, or why there is none."""
    if value is None:
        return Hidden(reason or "not available")
    if isinstance(value, float) and not math.isfinite(value):
        return Hidden(reason or "not computed")
    return value


def _fraction(percent: float | None, reason: str | None = None) -> Any:
    """A percentage (0-100) as a fraction for a ``0.0%`` format."""
    value = _number(percent, reason)
    return value / 100 if isinstance(value, int | float) else value


def _yes_no(flag: bool | None) -> str:
    return "" if flag is None else ("Yes" if flag else "No")


def _humanise(name: str) -> str:
    return name.replace("_", " ").capitalize()


# --------------------------------------------------------------------------- registry

SheetBuilder = Callable[[Any], "Table | None"]
_BUILDERS: dict[type, list[SheetBuilder]] = {}


def sheet_builder(result_type: type) -> Callable[[SheetBuilder], SheetBuilder]:
    """Register a sheet builder for ``result_type``; sheets follow registration order."""

    def register(builder: SheetBuilder) -> SheetBuilder:
        _BUILDERS.setdefault(result_type, []).append(builder)
        return builder

    return register


def builders_for(result: Any) -> list[SheetBuilder]:
    if not isinstance(result, Diagnosis):
        # Comparison and network sheets register themselves on import.
        import culturekit.report.excel_more  # noqa: F401
    for kind in type(result).__mro__:
        if kind in _BUILDERS:
            return _BUILDERS[kind]
    raise OutputError(f"Excel output is not available for a {type(result).__name__} yet")


# --------------------------------------------------------------------------- diagnosis


def _source_name(source: str) -> str:
    from culturekit.framework.model import SOURCE_NAMES

    special = {"dashboard": "Existing data", "workforce": "Workforce"}
    return SOURCE_NAMES.get(source, special.get(source, source.capitalize()))


@sheet_builder(Diagnosis)
def element_scores(d: Diagnosis) -> Table | None:
    table = Table(
        "Element scores",
        "Each element's score by source: mean out of 10 with its 95% confidence interval, "
        "respondents, % positive and % negative answers, Cronbach's alpha.",
        [
            Column("Element"),
            Column("Element id"),
            Column("Source"),
            Column("Score", SCORE),
            Column("CI low", SCORE),
            Column("CI high", SCORE),
            Column("Respondents (n)", COUNT),
            Column("% positive", PERCENT),
            Column("% negative", PERCENT),
            Column("Answers", COUNT),
            Column("Alpha", SCORE_2),
            Column("Alpha n", COUNT),
            Column("Items", COUNT),
        ],
    )
    for element in d.elements:
        for source, s in element.sources.items():
            why = s.reason if (s.suppressed or s.score is None) else None
            hidden = s.suppressed or s.score is None
            table.rows.append(
                [
                    element.name,
                    element.id,
                    _source_name(source),
                    _number(None if hidden else s.score, why),
                    _number(None if hidden else s.ci_low, why or "not computed"),
                    _number(None if hidden else s.ci_high, why or "not computed"),
                    _number(None if hidden else s.n, why),
                    _fraction(None if hidden else s.percent_positive, why),
                    _fraction(None if hidden else s.percent_negative, why),
                    _number(None if hidden else s.answers, why),
                    _number(None if hidden else s.alpha, why or "not computed"),
                    _number(None if hidden else s.alpha_n, why or "not computed"),
                    s.items,
                ]
            )
    return table if table.rows else None


@sheet_builder(Diagnosis)
def items(d: Diagnosis) -> Table | None:
    labels: list[str] = []
    for element in d.elements:
        for source_items in element.items.values():
            for item in source_items:
                for answer in item.distribution:
                    if answer.label not in labels:
                        labels.append(answer.label)
    columns = [
        Column("Element"),
        Column("Source"),
        Column("Item"),
        Column("Reversed"),
        Column("Wording", width=60, wrap=True),
        Column("Answered", COUNT),
        Column("Don't know / N/A", COUNT),
        Column("Blank", COUNT),
        Column("Score", SCORE),
        Column("% positive", PERCENT),
        Column("% negative", PERCENT),
        *(Column(f"{label} (n)", COUNT) for label in labels),
        *(Column(f"{label} (%)", PERCENT) for label in labels),
    ]
    table = Table(
        "Items",
        "Every question: its wording, how many answered, its score out of 10, % positive "
        "and negative, and the count and share of answers in each category (as answered, "
        "before negatively worded items, marked Reversed, are reversed).",
        columns,
    )
    for element in d.elements:
        for source, source_items in element.items.items():
            for item in source_items:
                why = item.reason if item.suppressed else None
                counts = {a.label: a for a in item.distribution}
                row: list[Any] = [
                    element.name,
                    _source_name(source),
                    item.code,
                    _yes_no(item.reverse),
                    item.text,
                ]
                if item.suppressed:
                    row += [Hidden(why or "not shown")] * (len(columns) - len(row))
                else:
                    row += [
                        _number(item.answered),
                        _number(item.not_applicable),
                        _number(item.blank),
                        _number(item.score, "not computed"),
                        _fraction(item.percent_positive, "not computed"),
                        _fraction(item.percent_negative, "not computed"),
                    ]
                    row += [
                        counts[label].count if label in counts else Hidden("not asked")
                        for label in labels
                    ]
                    row += [
                        counts[label].percent / 100 if label in counts else Hidden("not asked")
                        for label in labels
                    ]
                table.rows.append(row)
    return table if table.rows else None


@sheet_builder(Diagnosis)
def breakdowns(d: Diagnosis) -> Table | None:
    if not d.breakdowns:
        return None
    element_ids = [e.id for e in d.elements if any(e.id in b.overall for b in d.breakdowns)]
    names = {e.id: e.name for e in d.elements}
    columns = [Column("Source"), Column("By"), Column("Group"), Column("Respondents (n)", COUNT)]
    for element_id in element_ids:
        columns.append(Column(f"{names[element_id]}: score", SCORE))
        columns.append(Column(f"{names[element_id]}: difference", SCORE))
    table = Table(
        "Breakdowns",
        "Scores by group (staff group, band, directorate, ...): each group's respondents, "
        "its score for each element and its difference from the trust overall, in points "
        "out of 10. Hidden groups and cells say why.",
        columns,
    )
    for b in d.breakdowns:
        by = _humanise(b.by_label)
        response = d.response.get(b.source)
        overall: list[Any] = [
            _source_name(b.source),
            by,
            "Trust overall",
            _number(response.respondents if response else None),
        ]
        for element_id in element_ids:
            overall += [_number(b.overall.get(element_id), "not scored"), Hidden("reference")]
        table.rows.append(overall)
        for g in b.groups:
            row: list[Any] = [_source_name(b.source), by, g.label]
            if g.suppressed:
                row += [Hidden(g.reason or "not shown")] * (len(columns) - len(row))
            else:
                row.append(_number(g.n))
                for element_id in element_ids:
                    why = g.hidden_cells.get(element_id)
                    score = g.scores.get(element_id)
                    difference = g.differences.get(element_id)
                    row += [
                        _number(score, why or "not scored"),
                        _number(difference, why or "not scored"),
                    ]
            table.rows.append(row)
    return table


@sheet_builder(Diagnosis)
def gaps(d: Diagnosis) -> Table | None:
    if not d.gaps:
        return None
    names = {e.id: e.name for e in d.elements}
    table = Table(
        "Gaps",
        "Perception gaps: how much more (or less) favourably the board and stakeholders see "
        "each element than staff do, in points out of 10, with the 95% interval and "
        "Welch's t-test p-value; Flagged marks a gap the report highlights.",
        [
            Column("Element"),
            Column("Source"),
            Column("Compared with"),
            Column("Difference", SCORE),
            Column("CI low", SCORE),
            Column("CI high", SCORE),
            Column("p-value", P_VALUE),
            Column("Flagged"),
        ],
    )
    for g in d.gaps:
        why = g.reason if g.suppressed else None
        table.rows.append(
            [
                names.get(g.element, g.element),
                _source_name(g.source),
                _source_name(g.compared_with),
                _number(g.difference, why),
                _number(g.ci_low, why or "not computed"),
                _number(g.ci_high, why or "not computed"),
                _number(g.p_value, why or "not computed"),
                Hidden(why) if why else _yes_no(g.flagged),
            ]
        )
    return table


@sheet_builder(Diagnosis)
def response(d: Diagnosis) -> Table | None:
    if not d.response:
        return None
    table = Table(
        "Response",
        "Respondents scored for each source and, for staff, the response rate against the "
        "trust's headcount.",
        [
            Column("Source"),
            Column("Respondents", COUNT),
            Column("Headcount", COUNT),
            Column("Response rate", PERCENT),
            Column("Low response"),
        ],
    )
    for source, r in d.response.items():
        table.rows.append(
            [
                _source_name(source),
                r.respondents,
                _number(r.headcount, "not given"),
                _number(r.rate, "no headcount"),
                _yes_no(r.low),
            ]
        )
    return table


@sheet_builder(Diagnosis)
def dashboard(d: Diagnosis) -> Table | None:
    if d.dashboard is None:
        return None
    table = Table(
        "Dashboard",
        "The culture and outcomes dashboard (existing data): each indicator's value against "
        "its benchmark, in the indicator's unit, and its rating (better, similar, worse).",
        [
            Column("Element"),
            Column("Indicator", width=48, wrap=True),
            Column("Value", VALUE),
            Column("Benchmark", VALUE),
            Column("Best", VALUE),
            Column("Worst", VALUE),
            Column("Unit"),
            Column("Higher is better"),
            Column("Rating"),
            Column("Difference", VALUE),
            Column("Position (0 worst, 1 best)", SCORE_2),
            Column("Source", width=40, wrap=True),
            Column("Period"),
        ],
    )
    for element in d.dashboard.elements:
        for i in element.indicators:
            table.rows.append(
                [
                    element.name,
                    i.indicator,
                    _number(i.value),
                    _number(i.benchmark, "no benchmark"),
                    _number(i.best, "not given"),
                    _number(i.worst, "not given"),
                    i.unit or "",
                    _yes_no(i.higher_is_better),
                    i.rating,
                    _number(i.difference, "no benchmark"),
                    _number(i.position, "no range"),
                    i.source or "",
                    i.period or "",
                ]
            )
    return table if table.rows else None


@sheet_builder(Diagnosis)
def headcount(d: Diagnosis) -> Table | None:
    w = d.workforce
    if w is None or w.headcount is None:
        return None
    h = w.headcount
    table = Table(
        "Headcount",
        "Workforce headcount by band, then the whole workforce, leadership ("
        + ", ".join(h.leadership_bands)
        + " and board members) and the board.",
        [Column("Group"), Column("Headcount", COUNT)],
    )
    for count in [*h.by_band, h.total, h.leadership, h.board]:
        why = count.reason if count.suppressed else None
        table.rows.append([count.label, _number(count.count, why)])
    return table


@sheet_builder(Diagnosis)
def representation(d: Diagnosis) -> Table | None:
    w = d.workforce
    if w is None or not w.representation:
        return None
    table = Table(
        "Representation",
        "Staff by ethnicity, disability and gender across the pipeline (bands to board), "
        "one row per group and category: the count and its share of the group.",
        [
            Column("Characteristic"),
            Column("Group"),
            Column("Group total", COUNT),
            Column("Category"),
            Column("Count", COUNT),
            Column("% of group", PERCENT),
        ],
    )
    for t in w.representation:
        if not t.available:
            reason = Hidden(t.missing_reason or "not available")
            table.rows.append([t.title, "", reason, "", reason, reason])
            continue
        rows = [r for r in (t.overall, t.leadership) if r is not None] + list(t.rows)
        for r in rows:
            total = Hidden(r.reason or "not shown") if r.suppressed else _number(r.total)
            for cell in r.cells:
                hidden = cell.suppressed or r.suppressed
                why = (cell.reason or r.reason or "not shown") if hidden else None
                table.rows.append(
                    [
                        t.title,
                        r.group,
                        total,
                        cell.category,
                        _number(None if why else cell.count, why),
                        _fraction(None if why else cell.percent, why),
                    ]
                )
    return table


def _indicator_value(i: Any) -> tuple[Any, str]:
    """A WRES/WDES figure and its number format: percentages as fractions."""
    if i.value is None:
        return Hidden(i.missing_reason or "not available"), SCORE
    if i.unit == "percent":
        return i.value / 100, PERCENT
    if i.unit == "ratio":
        return _number(i.value), SCORE_2
    return _number(i.value), SCORE


@sheet_builder(Diagnosis)
def wres_wdes(d: Diagnosis) -> Table | None:
    w = d.workforce
    if w is None or not (w.wres or w.wdes):
        return None
    columns = [
        Column("Standard"),
        Column("Number", COUNT),
        Column("Title", width=44, wrap=True),
        Column("Unit"),
        Column("Value"),
        Column("CI low"),
        Column("CI high"),
        Column("Numerator", COUNT),
        Column("Denominator", COUNT),
    ]
    for group in ("Group A", "Group B", "Undeclared"):
        columns += [
            Column(group),
            Column(f"{group} numerator", COUNT),
            Column(f"{group} denominator", COUNT),
            Column(f"{group} rate", PERCENT),
        ]
    columns += [
        Column("Concern"),
        Column("Significant"),
        Column("Reading", width=60, wrap=True),
        Column("Definition", width=60, wrap=True),
    ]
    table = Table(
        "WRES WDES",
        "Workforce Race Equality Standard indicators and Workforce Disability Equality "
        "Standard metrics: the value (a percentage, a relative likelihood or a difference "
        "in percentage points) with the numerator and denominator behind it and each "
        "group's rate.",
        columns,
    )
    for indicators in (w.wres, w.wdes):
        for number in sorted(indicators):
            i = indicators[number]
            value, fmt = _indicator_value(i)
            why = i.missing_reason or "not available"
            unavailable = Hidden(why) if i.value is None else None
            row: list[Any] = [
                i.standard,
                i.number,
                i.title,
                i.unit,
                value,
                unavailable or _number(i.ci_low, "no interval"),
                unavailable or _number(i.ci_high, "no interval"),
                _number(i.numerator, "see groups"),
                _number(i.denominator, "see groups"),
            ]
            for rate in (i.group_a, i.group_b, i.undeclared):
                if rate is None:
                    row += [
                        "",
                        Hidden("not applicable"),
                        Hidden("not applicable"),
                        Hidden("not applicable"),
                    ]
                    continue
                rwhy = rate.reason if rate.suppressed else None
                row += [
                    rate.label,
                    _number(rate.numerator, rwhy),
                    _number(rate.denominator, rwhy),
                    _number(rate.rate, rwhy or "not computed"),
                ]
            row += [_yes_no(i.concern), _yes_no(i.significant), i.reading, i.definition]
            index = len(table.rows)
            table.number_formats[(index, 4)] = fmt
            table.number_formats[(index, 5)] = fmt
            table.number_formats[(index, 6)] = fmt
            table.rows.append(row)
    return table


@sheet_builder(Diagnosis)
def wres_wdes_by_band(d: Diagnosis) -> Table | None:
    w = d.workforce
    if w is None:
        return None
    table = Table(
        "WRES WDES 1 by band",
        "WRES indicator 1 and WDES metric 1 by band: the share of each band (clinical and "
        "non-clinical apart where known) who are BME, or Disabled.",
        [
            Column("Standard"),
            Column("Number", COUNT),
            Column("Band"),
            Column("Staff group"),
            Column("Band total", COUNT),
            Column("Count", COUNT),
            Column("% of band", PERCENT),
        ],
    )
    for indicators in (w.wres, w.wdes):
        for number in sorted(indicators):
            i = indicators[number]
            for share in i.by_band:
                why = share.reason if share.suppressed else None
                table.rows.append(
                    [
                        i.standard,
                        i.number,
                        share.band,
                        share.staff_group,
                        _number(share.total, why),
                        _number(share.count, why),
                        _fraction(share.percent, why),
                    ]
                )
    return table if table.rows else None


@sheet_builder(Diagnosis)
def workforce_shares(d: Diagnosis) -> Table | None:
    w = d.workforce
    if w is None:
        return None
    table = Table(
        "Turnover and succession",
        "Turnover of all staff and of leaders, and the share of leaders near retirement "
        "age (succession risk).",
        [
            Column("Measure", width=40),
            Column("Count", COUNT),
            Column("Total", COUNT),
            Column("Percent", PERCENT),
            Column("Not recorded", COUNT),
        ],
    )
    for share in (w.turnover, w.leadership_turnover, w.succession_risk):
        if not share.available:
            why: str | None = share.missing_reason or "not available"
        else:
            why = share.reason if share.suppressed else None
        table.rows.append(
            [
                share.label,
                _number(None if why else share.count, why),
                _number(None if why else share.total, why),
                _fraction(None if why else share.percent, why),
                _number(share.unknown, why or "not applicable"),
            ]
        )
    return table


@sheet_builder(Diagnosis)
def triangulation(d: Diagnosis) -> Table | None:
    if not d.triangulation:
        return None
    table = Table(
        "Triangulation",
        "Each element's overall reading (strength, mixed, priority) with its confidence and "
        "every piece of evidence from each source, one row per piece of evidence.",
        [
            Column("Element"),
            Column("Reading"),
            Column("Balance", SCORE_2),
            Column("Confidence"),
            Column("Evidence source"),
            Column("Signal"),
            Column("Evidence score", SCORE),
            Column("Evidence", width=60, wrap=True),
            Column("Missing sources"),
            Column("Where sources disagree", width=50, wrap=True),
        ],
    )
    for t in d.triangulation:
        missing = ", ".join(_source_name(s) for s in t.missing_sources)
        disagreements = " ".join(t.disagreements)
        for e in t.evidence or [None]:
            table.rows.append(
                [
                    t.name,
                    t.reading,
                    t.balance,
                    t.confidence,
                    _source_name(e.source) if e else "",
                    e.signal if e else "",
                    _number(e.score if e else None, "no score"),
                    e.detail if e else "",
                    missing,
                    disagreements,
                ]
            )
    return table


# --------------------------------------------------------------------------- README


def _readme_facts(result: Any) -> list[tuple[str, Any]]:
    if not hasattr(result, "trust"):  # a network summary: many trusts
        return [
            ("Trusts", ", ".join(t.label for t in result.trusts)),
            ("Reporting threshold", result.reporting_threshold),
            ("culturekit version", result.culturekit_version),
        ]
    trust = result.trust
    framework = result.framework
    facts: list[tuple[str, Any]] = [
        ("Trust", trust.name),
        ("Trust code", trust.code),
        ("Period", trust.period),
    ]
    if getattr(trust, "collected_on", None):
        facts.append(("Collected on", trust.collected_on.strftime("%d %B %Y").lstrip("0")))
    sources = getattr(result, "sources", None)
    if sources is not None and hasattr(sources, "present"):
        facts.append(("Sources", ", ".join(_source_name(s) for s in sources.present)))
        if sources.missing:
            facts.append(("Sources missing", ", ".join(_source_name(s) for s in sources.missing)))
    facts += [
        ("Reporting threshold", framework.reporting_threshold),
        ("Framework", f"{framework.name} (id {framework.id}, version {framework.version})"),
        ("culturekit version", getattr(result, "culturekit_version", None) or __version__),
    ]
    return facts


_CONVENTIONS = (
    "Scores are out of 10 (answers coded 0, 2.5, 5, 7.5, 10; higher is more favourable). "
    "Percentages are stored as fractions and shown as %. A figure that is not shown holds "
    "the reason in grey italics instead of a number: groups of fewer than {threshold} "
    "respondents are never shown, and where one group is hidden another may be hidden with "
    "it so that it cannot be worked out by subtraction. Text that would start with =, +, "
    "-, @ is prefixed with an apostrophe so that it is never read as a formula."
)


# --------------------------------------------------------------------------- writing


def workbook_timestamp() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else a fixed date: the same input, the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return max(dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC), _FIXED_DATE)
    return _FIXED_DATE


class _Writer:
    def __init__(self) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill

        self.workbook = Workbook()
        self.header_font = Font(bold=True, color="FFFFFF")
        self.header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
        self.header_align = Alignment(vertical="top", wrap_text=True)
        self.hidden_font = Font(italic=True, color=_HIDDEN_COLOUR)
        self.bold = Font(bold=True)
        self.title_font = Font(bold=True, size=14)
        self.wrap = Alignment(vertical="top", wrap_text=True)
        self.top = Alignment(vertical="top")

    def put(self, ws: Any, row: int, column: int, value: Any, number_format: str | None) -> Any:
        """Write one cell: numbers as numbers, text neutralised, hidden as reasons."""
        cell = ws.cell(row=row, column=column)
        if isinstance(value, Hidden):
            cell.value = neutralise(value.reason)
            cell.data_type = "s"
            cell.font = self.hidden_font
        elif isinstance(value, bool):
            cell.value = "Yes" if value else "No"
        elif isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                cell.value = "not computed"
                cell.font = self.hidden_font
            else:
                cell.value = value
                if number_format:
                    cell.number_format = number_format
        elif value is None:
            cell.value = None
        else:
            cell.value = neutralise(str(value))
            cell.data_type = "s"
        return cell

    def table_sheet(self, table: Table) -> None:
        from openpyxl.utils import get_column_letter

        ws = self.workbook.create_sheet(_sheet_title(table.title))
        for index, column in enumerate(table.columns, start=1):
            cell = self.put(ws, 1, index, column.header, None)
            cell.font = self.header_font
            cell.fill = self.header_fill
            cell.alignment = self.header_align
        for r, row in enumerate(table.rows):
            for c, value in enumerate(row):
                column = table.columns[c]
                fmt = table.number_formats.get((r, c), column.number_format)
                cell = self.put(ws, r + 2, c + 1, value, fmt)
                cell.alignment = self.wrap if column.wrap else self.top
        for index, column in enumerate(table.columns, start=1):
            values = [row[index - 1] for row in table.rows if index - 1 < len(row)]
            ws.column_dimensions[get_column_letter(index)].width = _width(column, values)
        ws.freeze_panes = "A2"
        last = get_column_letter(len(table.columns))
        ws.auto_filter.ref = f"A1:{last}{max(2, len(table.rows) + 1)}"

    def readme(self, result: Any, tables: Sequence[Table]) -> None:
        ws = self.workbook.active
        ws.title = "README"
        if hasattr(result, "trust"):
            kind = "Culture diagnosis" if isinstance(result, Diagnosis) else "Culture comparison"
            title = f"{kind}: {result.trust.name}"
        else:
            title = f"Network summary: {len(result.trusts)} trusts"
        self.put(ws, 1, 1, title, None).font = self.title_font
        self.put(
            ws, 2, 1, "Tables for analysts behind the culture report, made by culturekit.", None
        )
        row = 4
        for label, value in _readme_facts(result):
            self.put(ws, row, 1, label, None).font = self.bold
            self.put(ws, row, 2, value, COUNT if isinstance(value, int) else None)
            ws.cell(row=row, column=2).alignment = self.top
            row += 1
        row += 1
        threshold = (
            result.framework.reporting_threshold
            if hasattr(result, "framework")
            else result.reporting_threshold
        )
        self.put(ws, row, 1, "Conventions", None).font = self.bold
        note = self.put(ws, row, 2, _CONVENTIONS.format(threshold=threshold), None)
        note.alignment = self.wrap
        ws.row_dimensions[row].height = 90
        row += 2
        for column, header in enumerate(("Sheet", "What it holds"), start=1):
            cell = self.put(ws, row, column, header, None)
            cell.font = self.header_font
            cell.fill = self.header_fill
        row += 1
        for table in tables:
            self.put(ws, row, 1, _sheet_title(table.title), None).font = self.bold
            self.put(ws, row, 2, table.about, None).alignment = self.wrap
            ws.cell(row=row, column=1).alignment = self.top
            row += 1
        ws.column_dimensions["A"].width = 26
        ws.column_dimensions["B"].width = 100

    def to_bytes(self, stamp: dt.datetime) -> bytes:
        props = self.workbook.properties
        naive = stamp.astimezone(dt.UTC).replace(tzinfo=None)
        props.creator = f"culturekit {__version__}"
        props.created = naive
        props.modified = naive
        buffer = io.BytesIO()
        self.workbook.save(buffer)  # openpyxl stamps "modified" with the time: fixed below
        return _repack(buffer.getvalue(), naive, props)


def _repack(data: bytes, stamp: dt.datetime, props: Any) -> bytes:
    """The same workbook with fixed dates in docProps/core.xml and on every ZIP entry."""
    from openpyxl.xml.functions import tostring

    props.modified = stamp
    core = tostring(props.to_tree())
    date_time = stamp.timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = core if info.filename == "docProps/core.xml" else source.read(info)
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return cleaned[:31] or "Sheet"


def _width(column: Column, values: Iterable[Any]) -> float:
    if column.width is not None:
        return column.width
    longest = len(column.header) * 0.9
    for value in values:
        if isinstance(value, Hidden):
            text = value.reason
        elif isinstance(value, float):
            text = f"{value:,.2f}"
        elif isinstance(value, int):
            text = f"{value:,}"
        else:
            text = str(value or "")
        longest = max(longest, len(text))
    return round(min(max(longest + 2, 9), 50), 1)


def render_xlsx(result: Any) -> bytes:
    """The workbook of ``result`` (a Diagnosis; a Comparison once it has builders)."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:  # pragma: no cover - a dependency of culturekit
        raise OutputError("Excel output needs openpyxl: pip install openpyxl") from None
    tables = [t for t in (build(result) for build in builders_for(result)) if t is not None]
    writer = _Writer()
    writer.readme(result, tables)
    for table in tables:
        writer.table_sheet(table)
    return writer.to_bytes(workbook_timestamp())

"""The workforce section as the report shows it: sentences, table rows, hidden-cell marks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from culturekit.report import palette
from culturekit.report.presentation.numbers import score, signed, staff_percent, thousands
from culturekit.report.presentation.words import join_words

# Marks that stand for a long reason in a narrow cell; the reason is spelt out under the
# table. Beyond four, a reason is written in its cell however long it is.
MARKS: tuple[str, ...] = ("†", "‡", "§", "¶")
# A reason longer than this does not fit a cell two columns wide.
LONG_REASON = 28

CATEGORY_NAMES: dict[str, str] = {"Yes": "Disabled", "No": "Not disabled"}
ROW_NAMES: dict[str, str] = {"Leadership": "All leaders"}
# The pipeline chart's lines: (characteristic, category, series name, colour, marker). The
# two colours differ in lightness as well as hue, and the markers in shape, so the lines
# stay apart in greyscale. Disabled comes first so that, where both are 0, the smaller BME
# circle is drawn on top of the diamond and both stay visible.
PIPELINE_SERIES: tuple[tuple[str, str, str, str, str], ...] = (
    ("disability", "Yes", "Disabled staff", palette.DARK_ORANGE, "D"),
    ("ethnicity_group", "BME", "BME staff", palette.DARK_BLUE, "o"),
)
PIPELINE_TITLE = "Share of BME and of Disabled staff by band, Band 5 to board"
# The pipeline's caption states, for each characteristic, its target group's share.
PIPELINE_FINDINGS: tuple[tuple[str, str, str], ...] = (
    ("ethnicity_group", "BME", "BME"),
    ("disability", "Yes", "Disabled"),
)


@dataclass
class Hidden:
    """A cell that shows why its figure is hidden; ``mark`` when the reason is a note."""

    reason: str
    colspan: int
    mark: str | None = None


@dataclass
class HiddenMarks:
    """The long reasons of one table, each given a mark in the order first met."""

    reasons: list[str] = field(default_factory=list)

    def cell(self, reason: str | None, colspan: int) -> Hidden:
        reason = reason or "not shown"
        full = len(self.reasons) >= len(MARKS) and reason not in self.reasons
        if len(reason) <= LONG_REASON or colspan > 2 or full:
            return Hidden(reason, colspan)
        if reason not in self.reasons:
            self.reasons.append(reason)
        return Hidden(reason, colspan, MARKS[self.reasons.index(reason)])

    def notes(self) -> str:
        return " ".join(f"{MARKS[i]} {r.capitalize()}." for i, r in enumerate(self.reasons))


def _share(part: int | None, whole: int | None) -> float | None:
    # The leaders' share of all staff is not held by the result; it is worked out here
    # from two shown counts, so it reveals nothing they do not.
    if not whole or part is None:
        return None
    return 100 * part / whole


def leaders_sentence(w: Any) -> tuple[str | None, str]:
    """(the leaders' share of staff in words, or None; the sentence to say instead)."""
    hc = w.headcount
    if hc is None:
        return None, (
            "There is no Workforce sheet, so headcount, representation and turnover cannot "
            "be shown."
        )
    bands = join_words(hc.leadership_bands) or "no band"
    if not hc.total.suppressed and not hc.leadership.suppressed and hc.total.count:
        share = staff_percent(_share(hc.leadership.count, hc.total.count))
        # Markup: the apostrophe is text of the report's own, not data to escape.
        sentence = Markup(
            "{} of the trust's {} staff ({}) are leaders: staff in {}, and executive board members."
        )
        return sentence.format(
            thousands(hc.leadership.count), thousands(hc.total.count), share, bands
        ), ""
    return None, (f"The trust's leaders are its staff in {bands}, and its executive board members.")


def _measure(label: str, hidden: str | None, count: Any = None, of: Any = None, share: Any = None):
    if hidden is not None:
        return {"label": label, "hidden": hidden}
    return {
        "label": label,
        "hidden": None,
        "count": thousands(count),
        "of": of if isinstance(of, str) else thousands(of),
        "share": "" if share is None else staff_percent(share),
    }


def _in_post(base: float) -> str:
    """An average number in post: whole, or ending in a half."""
    return thousands(int(base)) if float(base).is_integer() else f"{base:,.1f}"


def _count_row(label: str, c: Any, of: int | None = None, share: float | None = None) -> dict:
    if c.suppressed or c.count is None:
        return _measure(label, c.reason or "not shown")
    return _measure(label, None, c.count, of, share)


def _share_row(label: str, s: Any) -> dict:
    if not s.available:
        return _measure(label, f"not available: {s.missing_reason}")
    if s.suppressed or s.percent is None:
        return _measure(label, s.reason or "not shown")
    # Turnover is out of the average number in post, which the table prints as its base.
    of = _in_post(s.base) if s.base is not None else s.total
    return _measure(label, None, s.count, of, s.percent)


def headcount_rows(w: Any) -> list[dict]:
    """The headcount, turnover and succession table, row by row."""
    hc = w.headcount
    whole = hc.total.count if not hc.total.suppressed else None
    return [
        _count_row("All staff", hc.total),
        _count_row("Leaders", hc.leadership, whole, _share(hc.leadership.count, whole)),
        _count_row("Board members, voting and executive", hc.board),
        *non_executive_rows(hc),
        _share_row("Staff who left in the period (turnover, of the average in post)", w.turnover),
        _share_row(
            "Leaders who left in the period (of the average in post)", w.leadership_turnover
        ),
        _share_row("Succession risk: leaders aged 55 and over", w.succession_risk),
    ]


def non_executive_rows(hc: Any) -> list[dict]:
    """The board's non-executive members: on the board, counted in no staff figure."""
    count = hc.non_executive
    if count is None or not count.count:
        return []
    return [_count_row("of whom non-executive, not counted as staff", count)]


def succession_note(w: Any) -> str | None:
    risk = w.succession_risk
    if not (risk.available and risk.unknown):
        return None
    many = risk.unknown != 1
    return (
        f"{thousands(risk.unknown)} leader{'s have' if many else ' has'} no age band recorded "
        f"and {'are' if many else 'is'} left out of the succession risk."
    )


def pipeline_caption(w: Any) -> dict[str, Any]:
    """The pipeline chart's finding in words, and whether a point sits on the axis."""
    parts, zero = [], False
    for characteristic, category, name in PIPELINE_FINDINGS:
        tab = next(
            (t for t in w.representation if t.characteristic == characteristic and t.available),
            None,
        )
        if tab is None:
            continue
        shown = [r for r in tab.rows if not r.suppressed]
        zero = zero or any(r.cell(category).count == 0 for r in shown)
        first = next((r for r in shown if not r.cell(category).suppressed), None)
        if first is None:
            continue
        text = f"{name} staff are {staff_percent(first.cell(category).percent)} of {first.group}"
        text += " staff" if first.group != "Board" else ""
        lead = tab.leadership.cell(category) if tab.leadership else None
        if lead and lead.percent is not None:
            text += f" and {staff_percent(lead.percent)} of all leaders"
        else:
            why = (lead.reason if lead else None) or "hidden"
            text += f"; their share of leaders is not shown ({why})"
        parts.append(text)
    return {"finding": f"{'; '.join(parts)}." if parts else "", "zero": zero}


@dataclass(frozen=True)
class PipelineLine:
    """One group's share of each band, None where the figure is hidden."""

    name: str
    colour: str
    marker: str
    values: list[float | None]


@dataclass(frozen=True)
class Pipeline:
    """The pipeline chart's bands, lines and text alternative."""

    bands: list[str]
    lines: list[PipelineLine]
    description: str


def _pipeline_values(table: Any, category: str) -> list[float | None]:
    """The table's own percentage of ``category`` in each row; None where it is hidden."""
    values: list[float | None] = []
    for row in table.rows:
        cell = None if row.suppressed else row.cell(category)
        values.append(None if cell is None or cell.suppressed else cell.percent)
    return values


def _ends(name: str, groups: list[str], values: list[float | None]) -> str:
    """The first and last points drawn, in words, for the chart's text alternative."""
    shown = [(g, v) for g, v in zip(groups, values, strict=True) if v is not None]
    if not shown:
        return ""
    (first, first_value), (last, last_value) = shown[0], shown[-1]
    if first == last:
        return f"{name}: {staff_percent(first_value)} of {first}."
    first_share, last_share = staff_percent(first_value), staff_percent(last_value)
    return f"{name}: {first_share} of {first}, {last_share} of {last}."


def pipeline(workforce: Any) -> Pipeline | None:
    """The share of BME and of Disabled staff in each band from Band 5 to the board, from
    the representation tables; None when neither has a point to draw."""
    tables = {t.characteristic: t for t in workforce.representation if t.available}
    bands: list[str] | None = None
    found: list[PipelineLine] = []
    findings: list[str] = []
    for characteristic, category, name, colour, marker in PIPELINE_SERIES:
        table = tables.get(characteristic)
        if table is None or category not in table.categories:
            continue
        groups = [row.group for row in table.rows]
        if bands is None:
            bands = groups
        elif groups != bands:  # every table has the same rows; never mix two layouts
            continue
        values = _pipeline_values(table, category)
        found.append(PipelineLine(name, colour, marker, values))
        findings.append(_ends(name, groups, values))
    if bands is None or not any(v is not None for line in found for v in line.values):
        return None
    description = f"{PIPELINE_TITLE}. {' '.join(f for f in findings if f)}".strip()
    return Pipeline(bands, found, description)


def representation_table(tab: Any) -> dict[str, Any]:
    """One characteristic's table by band, its hidden cells marked and the marks noted."""
    if not tab.available:
        return {"available": False, "title": tab.title, "missing_reason": tab.missing_reason}
    marks = HiddenMarks()
    span = 1 + 2 * len(tab.categories)
    rows = []
    extra = [r for r in (tab.leadership, tab.overall) if r is not None]
    for index, row in enumerate(tab.rows + extra):
        shown = {
            "label": ROW_NAMES.get(row.group, row.group),
            "head": index >= len(tab.rows),
            "hidden": marks.cell(row.reason, span) if row.suppressed else None,
            "total": thousands(row.total),
            "cells": [],
        }
        if not row.suppressed:
            shown["cells"] = [
                {"hidden": marks.cell(c.reason, 2)}
                if c.suppressed or c.count is None
                else {
                    "hidden": None,
                    "count": thousands(c.count),
                    "percent": staff_percent(c.percent),
                }
                for c in row.cells
            ]
        rows.append(shown)
    disability = tab.characteristic == "disability"
    return {
        "available": True,
        "title": tab.title,
        "characteristic": tab.characteristic,
        "categories": [CATEGORY_NAMES.get(c, c) if disability else c for c in tab.categories],
        "rows": rows,
        "notes": marks.notes(),
    }


def _group_line(g: Any, target: str | None = None, label: str | None = None) -> dict:
    """A compared group's rate: counts and percentage, or why they are not shown."""
    line = {"label": label or g.label, "figure": "", "note": ""}
    if g.numerator is not None and g.denominator is not None:
        line["figure"] = (
            f"{thousands(g.numerator)} of {thousands(g.denominator)} ({staff_percent(g.percent)})"
        )
    elif g.percent is not None:
        line["figure"] = staff_percent(g.percent)
        line["note"] = f"(counts not shown: {g.reason})"
    else:
        count = f"{target} count " if target and target not in g.label else ""
        line["note"] = f"{count}not shown ({g.reason or 'no figure'})"
    return line


def _interval(ind: Any) -> tuple[str, str]:
    """(kind, text) of an indicator's interval cell."""
    if ind.unit != "ratio":
        return "none", "–"
    if ind.ci_low is None or ind.ci_high is None:
        hidden = any(g is not None and g.suppressed for g in (ind.group_a, ind.group_b))
        if hidden:
            return "hidden", "not shown: it would give hidden counts back"
        return "empty", "none: a group had no cases"
    return "interval", f"{score(ind.ci_low, 'ratio')} to {score(ind.ci_high, 'ratio')}"


def _value(ind: Any) -> tuple[str, bool]:
    """(the value as printed, whether it is in percentage points)."""
    if ind.unit == "ratio":
        return score(ind.value, "ratio"), False
    if ind.unit == "percent":
        return staff_percent(ind.value), False
    return signed(ind.value, "staff_share"), True


def indicator_rows(indicators: dict[int, Any], standard: str, target: str) -> list[dict]:
    """The rows of a WRES or WDES table."""
    rows = []
    for number, ind in indicators.items():
        row: dict[str, Any] = {
            "id": f"{standard.lower()}-{number}",
            "label": f"{standard} {number}",
            "title": ind.title,
            "reading": ind.reading,
            "shown": ind.value is not None,
        }
        if ind.value is not None:
            value, points = _value(ind)
            lines = [_group_line(g, target) for g in (ind.group_a, ind.group_b) if g is not None]
            undeclared = ind.undeclared
            if ind.unit == "ratio":
                tag = (
                    ("negative", "▼ Outside fair range")
                    if ind.concern
                    else ("neutral", "● Within fair range")
                )
            else:
                tag = ("none", "– Not rated")
            by_band = "ethnicity_group" if standard == "WRES" else "disability"
            row |= {
                "value": value,
                "points": points,
                "groups": lines,
                "undeclared": None
                if undeclared is None
                else _group_line(undeclared, label=f"{undeclared.label} (left out)"),
                "interval": _interval(ind),
                "tag": tag,
                "by_band": f"wf-{by_band}" if number == 1 and ind.by_band else None,
            }
        rows.append(row)
    return rows


def workforce_context(w: Any) -> dict[str, Any]:
    """Everything the workforce section prints, worded."""
    leaders, no_leaders = leaders_sentence(w)
    return {
        "leaders": leaders,
        "no_leaders": no_leaders,
        "headcount": headcount_rows(w) if w.headcount else [],
        "succession_note": succession_note(w) if w.headcount else None,
        "pipeline": pipeline_caption(w),
        "representation": [representation_table(t) for t in w.representation],
        "wres": indicator_rows(w.wres, "WRES", "BME"),
        "wdes": indicator_rows(w.wdes, "WDES", "Disabled"),
        "definitions": [
            (f"{standard} {number}", ind.definition)
            for standard, indicators in (("WRES", w.wres), ("WDES", w.wdes))
            for number, ind in indicators.items()
        ],
    }

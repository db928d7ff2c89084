"""An attacker that tries to recover every small group from a run's published outputs.

Threat model (what the methods page cites)
------------------------------------------
The reader holds every output of one run at once: diagnosis.json or comparison.json at
full precision, every cell of report.xlsx (hidden sheets and cell comments included) and
the visible text of report.html. The reader knows the framework (scores lie on 0-10,
answers 4-5 are positive and 1-2 negative, reversed items mirror), and -- the
conservative, stronger assumption -- which combinations of grouping values are empty in
the data (``Truth.atoms``). A *small group* is one with 1 to threshold-1 members.

For every small group, item and workforce cell the attacker tries, in order:

(a) **direct reading**: the group's label printed in one row with its true count, or any
    outcome printed as "count of total" (or as a percentage of a shown total);
(b) **subtraction within one table**: the whole minus the shown groups of one column,
    when exactly one group of that column is hidden;
(c) **linear programming** over the atoms of every pair of grouping columns published
    (and over employee atoms for the workforce tables, over (item, answer) atoms for the
    items of an element): each atom has a whole-number count ``x >= 0`` and a score sum
    ``0 <= y <= 10 x``; shown counts are equalities; shown means times counts are sums;
    a figure shown to d decimals is an interval of +-0.5 x 10^-d; a suppressed figure
    whose reason reads "fewer than N" is 1 to N-1; a rule sentence about leaders'
    representation ("below 0.8 times the workforce share", "8.6% of leaders") bounds
    a share. HiGHS (``scipy.optimize.linprog(method="highs")``) gives the minimum and
    maximum of the target's count and, once the count is pinned, of its score sum.

A small group is **disclosed** when its count's interval is one value below the threshold,
or its count is pinned and the interval of one of its element means is narrower than
``tolerance`` (default 0.5 points on the 0-10 scale), or when any free text the truth
lists appears in any output. A finding is reported only when the recovered value is the
true one, so a wrong assumption of the attacker cannot fail a sound output. A whole
source (a board of 8) is a group whose count is public: only its means are attacked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from attack.linked_workforce import WorkforceTables, board_composition
from attack.lp import Count, Infeasible, Interval, LinkedTables, Mean, Ratio
from attack.outputs import Published, normalise, numbers, read_outputs
from attack.pinning import PinSearch
from attack.published import ItemTable, SurveyView, item_tables, strings, survey_views, walk
from attack.truth import ALL, Cell, Group, Truth

MISSING = "None"  # the label of respondents who left a grouping column blank
POSITIVE, NEGATIVE = {4, 5}, {1, 2}


@dataclass(frozen=True)
class Finding:
    target: str  # "staff ethnicity=Mixed (diagnosis)"
    what: str  # count, mean of <element>, answered, text, outcome
    method: str  # direct, subtraction, lp, text
    where: str  # diagnosis.json, xlsx, html
    detail: str

    def __str__(self) -> str:
        return f"{self.target}: {self.what} by {self.method} in {self.where} ({self.detail})"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # where the model did not fit the file
    checked: int = 0

    def add(self, finding: Finding) -> None:
        if finding not in self.findings:
            self.findings.append(finding)


def attack(
    out_dir: str | Path,
    truth: Truth,
    *,
    tolerance: float = 0.5,
    suppressed_nonzero: bool = True,
) -> Report:
    """Attack every output in ``out_dir`` for every small figure of ``truth``."""
    published = read_outputs(Path(out_dir))
    report = Report()
    attack_text(published, truth, report)
    attack_direct(published, truth, report)
    for name, data in published.json.items():
        for view in survey_views(data):
            attack_survey(view, truth, report, where=name, tolerance=tolerance)
        for table in item_tables(data):
            attack_items(table, truth, report, where=name)
        if isinstance(data.get("workforce"), dict) and "headcount" in data["workforce"]:
            attack_workforce(data["workforce"], truth, report, name, suppressed_nonzero)
    return report


def group_name(group: Group) -> str:
    column = f" {group.column}={group.label}" if group.column else ""
    return f"{group.source}{column} ({group.collection})"


# -- free text, direct reading, outcomes -----------------------------------------------------


def attack_text(published: Published, truth: Truth, report: Report) -> None:
    """Free text must not appear, whole or by its first 30 characters (a cut label)."""
    texts = {fmt: normalise(text) for fmt, text in published.texts.items()}
    for name, data in published.json.items():
        texts[name] = normalise(" ".join(strings(data)))
    for secret in truth.texts:
        report.checked += 1
        probe = normalise(secret)[:30]
        for where, text in texts.items():
            if probe in text:
                report.add(Finding(secret[:40], "text", "text", where, "free text printed"))


def attack_direct(published: Published, truth: Truth, report: Report) -> None:
    for group in truth.small_groups:
        if group.column is None:
            continue
        label = normalise(group.label)
        for name, data in published.json.items():
            for entry in walk(data):
                if normalise(str(entry.get("label", ""))) != label:
                    continue
                shown = [entry.get(k) for k in ("n", f"n_{group.collection}", "count")]
                if group.count in shown:
                    report.add(Finding(group_name(group), "count", "direct", name, "n shown"))
        for fmt, row in published.every_row():
            if label in (normalise(c) for c in row) and group.count in numbers(row):
                report.add(Finding(group_name(group), "count", "direct", fmt, " | ".join(row)))
    for outcome in truth.small_outcomes:
        attack_outcome(published, outcome.name, outcome.count, outcome.total, report)


def attack_outcome(published: Published, name: str, count: int, total: int, report) -> None:
    report.checked += 1
    for where, data in published.json.items():
        for entry in walk(data):
            if entry.get("suppressed"):
                continue
            shown = [entry.get("count"), entry.get("numerator")]
            whole = [entry.get("total"), entry.get("denominator")]
            percent = entry.get("percent")
            if total in whole and count in shown:
                report.add(Finding(name, "outcome", "direct", where, f"{count} of {total}"))
            elif (
                total in whole
                and isinstance(percent, float)
                and abs(percent * total / 100 - count) < 1e-6
            ):
                report.add(Finding(name, "outcome", "direct", where, f"{percent}% of {total}"))
    pattern = re.compile(rf"(?<![\d.,]){count} (?:of|out of) {total}(?![\d.,])")
    for where, text in published.texts.items():
        if pattern.search(text):
            report.add(Finding(name, "outcome", "direct", where, f"{count} of {total}"))
    for fmt, row in published.every_row():
        found = numbers(row)
        if count in found and total in found:
            report.add(Finding(name, "outcome", "direct", fmt, " | ".join(row)[:120]))


# -- survey groups ---------------------------------------------------------------------------


def attack_survey(
    view: SurveyView, truth: Truth, report: Report, *, where: str, tolerance: float
) -> None:
    targets = [
        g for g in truth.small_groups if g.source == view.source and g.collection == view.collection
    ]
    if not targets:
        return
    subtraction(view, targets, report, where)
    columns = sorted(view.breakdowns)
    pairs: list[tuple[str, ...]] = list(combinations(columns, 2)) or [(c,) for c in columns]
    for pair in pairs or [()]:
        tables = survey_tables(view, pair, truth)
        for group in targets:
            if group.column is not None and group.column not in pair:
                continue
            index = pair.index(group.column) if group.column else None
            target = tables.select(lambda a, i=index, g=group: i is None or a[i] == g.label)
            report.checked += 1
            try:
                pinned_figures(tables, target, group, report, where, tolerance)
            except Infeasible:
                report.notes.append(f"{where}: {view.source} {pair} does not fit the model")
                break


def subtraction(view: SurveyView, targets: Sequence[Group], report: Report, where: str) -> None:
    """The whole minus the shown groups of one column, when one group is hidden."""
    if view.total is None or not view.total.pinned:
        return
    for group in targets:
        shown = view.breakdowns.get(group.column or "", [])
        hidden = [g for g in shown if not g.count.pinned]
        if len(hidden) != 1 or hidden[0].label != group.label:
            continue
        rest = view.total.low - sum(g.count.low for g in shown if g.count.pinned)
        if rest == group.count:
            report.add(Finding(group_name(group), "count", "subtraction", where, f"= {rest}"))


def survey_tables(
    view: SurveyView, columns: Sequence[str], truth: Truth | None, *, missing: bool = True
) -> LinkedTables:
    """The programme over the atoms of ``columns`` (one or two grouping columns).

    Without ``truth`` every pair of labels may hold people, and so may a blank value
    (``missing``); with it, the attacker knows which combinations are empty.
    """
    atoms = _atoms(view, columns, truth, missing)
    measures = sorted(
        set(view.means).union(*(g.means for gs in view.breakdowns.values() for g in gs))
    )
    tables = LinkedTables(atoms, measures)
    everyone = frozenset(atoms)
    if view.total is not None:
        tables.add(Count(everyone, view.total))
    tables.extend(Mean(everyone, m, v) for m, v in view.means.items())
    for i, column in enumerate(columns):
        for group in view.breakdowns[column]:
            part = tables.select(lambda a, i=i, g=group: a[i] == g.label)
            tables.add(Count(part, group.count))
            tables.extend(Mean(part, m, v) for m, v in group.means.items())
    return tables


def _atoms(
    view: SurveyView, columns: Sequence[str], truth: Truth | None, missing: bool
) -> list[tuple]:
    if len(columns) == 2 and truth is not None:
        key = (view.collection, view.source, *columns)
        if key in truth.atoms:
            return sorted(truth.atoms[key])
    labels = []
    for column in columns:
        values = [g.label for g in view.breakdowns[column]]
        if truth is not None:
            given = [
                g
                for g in truth.groups
                if (g.source, g.column, g.collection) == (view.source, column, view.collection)
            ]
            total = next(
                (
                    g.count
                    for g in truth.groups
                    if g.column is None
                    and (g.source, g.collection) == (view.source, view.collection)
                ),
                None,
            )
            values = [g.label for g in given] or values
            if given and sum(g.count for g in given) == total:
                labels.append(values)
                continue
        labels.append([*values, MISSING] if missing else values)
    if not labels:
        return [(ALL,)]
    if len(labels) == 1:
        return [(v,) for v in labels[0]]
    return [(a, b) for a in labels[0] for b in labels[1]]


def pinned_figures(
    tables: LinkedTables,
    target: frozenset,
    group: Group,
    report: Report,
    where: str,
    tolerance: float,
) -> None:
    count = tables.count_bounds(target)
    if not (count.pinned and count.low == group.count):
        return
    if group.column is not None:
        report.add(Finding(group_name(group), "count", "lp", where, f"= {group.count}"))
    for element, true_mean in group.means.items():
        if element not in tables.measures:
            continue
        mean = tables.mean_bounds(target, element, group.count)
        if mean.width < tolerance and true_mean in mean:
            detail = f"{mean.low:.3f} to {mean.high:.3f} (true {true_mean:.3f})"
            report.add(Finding(group_name(group), f"mean of {element}", "lp", where, detail))


# -- items within an element -----------------------------------------------------------------


def attack_items(table: ItemTable, truth: Truth, report: Report, *, where: str) -> None:
    small = {
        i.code: i
        for i in truth.small_items
        if i.source == table.source and i.collection in ("diagnosis", "pre", "post")
    }
    hidden = [i for i in table.items if i.answered is None and i.code in small]
    if not hidden or table.answers is None:
        return
    tables = item_tables_lp(table)
    for item in hidden:
        true = small[item.code]
        report.checked += 1
        for what, codes, value in (
            ("answered", {1, 2, 3, 4, 5}, true.answered),
            ("positive answers", _scored(item.reverse, POSITIVE), true.positive),
            ("negative answers", _scored(item.reverse, NEGATIVE), true.negative),
        ):
            target = tables.select(lambda a, c=item.code, s=codes: a[0] == c and a[1] in s)
            try:
                bounds = tables.count_bounds(target)
            except Infeasible:
                report.notes.append(f"{where}: items of {table.element} do not fit the model")
                return
            if bounds.pinned and bounds.low == value:
                name = f"{table.source} item {item.code}"
                report.add(Finding(name, what, "lp", where, f"= {value}"))


def _scored(reverse: bool | None, codes: set[int]) -> set[int]:
    return {6 - c for c in codes} if reverse else set(codes)


def item_tables_lp(table: ItemTable) -> LinkedTables:
    atoms = [(i.code, c) for i in table.items for c in range(1, 6)]
    tables = LinkedTables(atoms)
    everything = frozenset(atoms)
    tables.add(Count(everything, Interval(table.answers, table.answers)))
    for item in table.items:
        for code, count in item.distribution.items():
            tables.add(Count(frozenset({(item.code, code)}), Interval(count, count)))
    if all(i.reverse is not None for i in table.items):
        for percent, codes in (
            (table.percent_positive, POSITIVE),
            (table.percent_negative, NEGATIVE),
        ):
            if percent is None:
                continue
            part = frozenset((i.code, c) for i in table.items for c in _scored(i.reverse, codes))
            tables.add(Ratio(part, everything, Interval.exact(percent / 100)))
    return tables


# -- workforce cells -------------------------------------------------------------------------


def attack_workforce(
    workforce: dict, truth: Truth, report: Report, where: str, suppressed_nonzero: bool
) -> None:
    cells = truth.small_cells
    if not cells:
        return
    linked = WorkforceTables(workforce, suppressed_nonzero=suppressed_nonzero)
    report.checked += len(cells)
    try:
        pinned = pinned_cells(linked, cells)
    except Infeasible:
        report.notes.append(f"{where}: the workforce tables do not fit the model")
        return
    for cell in pinned:
        report.add(Finding(f"workforce {cell.name}", "count", "lp", where, f"= {cell.count}"))


def pinned_cells(linked: WorkforceTables, cells: Iterable[Cell]) -> list[Cell]:
    """The cells whose count the published tables allow one value for, the true one."""
    search = PinSearch(linked.tables)
    return [c for c in cells if search.pinned(linked.select(c.where), c.count)]


def public_board_cells(workforce: dict, cells: Iterable[Cell]) -> list[Cell]:
    """The board cells that the public board composition alone pins to their count (the
    board's White members without a disability, when every member is without one)."""
    board = [c for c in cells if c.where.get("board") == frozenset({True})]
    if not board:
        return []
    return pinned_cells(board_composition(workforce), board)


def disclosed(report: Report) -> list[str]:
    """The findings as lines, for an assertion message."""
    return [str(f) for f in report.findings]


__all__: Iterable[str] = [
    "Finding",
    "Report",
    "attack",
    "disclosed",
    "pinned_cells",
    "public_board_cells",
    "survey_tables",
]

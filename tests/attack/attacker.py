"""An attacker that tries to recover every small group from a run's published outputs.

Threat model (what the methods page cites)
------------------------------------------
The reader holds every output of one run at once: diagnosis.json or comparison.json at
full precision, every cell of report.xlsx (hidden sheets and cell comments included) and
the visible text of report.html. The reader knows the framework (scores lie on 0-10,
answers 4-5 are positive and 1-2 negative, reversed items mirror), and -- the
conservative, stronger assumption -- which combinations of grouping values are empty in
the data (``Truth.atoms``). A *small group* is one with 1 to threshold-1 members.
For a comparison, :func:`attack_together` also gives the reader each collection's own
diagnosis (its JSON), as a trust publishes it before the follow-up.

For every small group, item and workforce cell the attacker tries, in order:

(a) **direct reading**: the group's label printed in one row with its true count, or any
    outcome printed as "count of total" (or as a percentage of a shown total);
(b) **subtraction within one table**: the whole minus the shown groups of one column,
    when exactly one group of that column is hidden;
(c) **changes** (a comparison): a side hidden beside a shown change and a shown other
    side is that side (post = pre + change), and the comparison's views are read with
    such sides filled in; a change shown while both sides are hidden ties the two
    collections, so each side's bounds moved by the change bound the other;
(d) **the audit's own record**: the narrowest count (and mean) interval it prints for a
    hidden cell of a source, when it is one value (or narrower than the tolerance) and
    a small group of that source has that figure (:func:`attack_audit_records`);
(e) **linear programming** over the atoms of every pair of grouping columns published
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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path

from attack.linked_workforce import WorkforceTables, board_composition
from attack.lp import Count, Infeasible, Interval, LinkedTables, Mean, Ratio
from attack.outputs import Published, normalise, numbers, read_outputs
from attack.pinning import PinSearch
from attack.published import (
    ItemTable,
    SurveyView,
    comparison_views,
    completed,
    diagnosis_views,
    figure_path,
    hidden_changes,
    is_comparison,
    item_tables,
    merged,
    strings,
    survey_views,
    walk,
)
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
    report = Report()
    attack_published(read_outputs(Path(out_dir)), truth, report, tolerance, suppressed_nonzero)
    return report


def attack_published(
    published: Published,
    truth: Truth,
    report: Report,
    tolerance: float = 0.5,
    suppressed_nonzero: bool = True,
) -> None:
    attack_text(published, truth, report)
    attack_direct(published, truth, report)
    for name, data in published.json.items():
        for view in survey_views(data):
            attack_survey(view, truth, report, where=name, tolerance=tolerance)
        for table in item_tables(data):
            attack_items(table, truth, report, where=name)
        if isinstance(data.get("workforce"), dict) and "headcount" in data["workforce"]:
            attack_workforce(data["workforce"], truth, report, name, suppressed_nonzero)
        if is_comparison(data):
            attack_changes(data, truth, report, where=name, tolerance=tolerance)


def attack_together(
    comparison: str | Path,
    diagnoses: Mapping[str, str | Path],
    truth: Truth,
    *,
    tolerance: float = 0.5,
) -> Report:
    """A comparison's outputs and each collection's own diagnosis (``diagnoses`` maps
    "pre" and "post" to their output folders), held at once.

    Each collection's figures in its diagnosis and in the comparison are of the same
    people, so the two outputs' views are merged before the programme is solved. Direct
    readings of a diagnosis are the diagnose attack's: a row of the other collection may
    print a small group's label beside a number that is not its figure.
    """
    report = Report()
    published = read_outputs(Path(comparison))
    attack_published(published, truth, report, tolerance)
    data = next(d for d in published.json.values() if is_comparison(d))
    views = {(v.collection, v.source): v for v in comparison_views(data)}
    joined = set()
    for collection, folder in diagnoses.items():
        own = read_outputs(Path(folder))
        attack_text(own, truth, report)
        for name, document in own.json.items():
            place = f"{name} ({collection})"
            attack_audit_records(
                document, truth, report, where=place, collection=collection, tolerance=tolerance
            )
            for view in diagnosis_views(document):
                key = (collection, view.source)
                views[key] = merged(views.get(key), replace(view, collection=collection))
                joined.add(key)
    attack_audit_records(data, truth, report, where="comparison.json", tolerance=tolerance)
    where = f"{' and '.join(sorted(diagnoses))} diagnoses with the comparison"
    for key in sorted(joined):  # the comparison's own views are attacked above
        attack_survey(views[key], truth, report, where=where, tolerance=tolerance)
    attack_changes(data, truth, report, where=where, tolerance=tolerance, views=views)
    return report


def attack_audit_records(
    data: Mapping,
    truth: Truth,
    report: Report,
    *,
    where: str,
    collection: str = "diagnosis",
    tolerance: float = 0.5,
) -> None:
    """The disclosure audit's record, read as the figures it prints.

    "Narrowest range left on a hidden size 10 to 10 people" says that one hidden cell of
    the source holds exactly 10; it names no cell, so it is a finding when a small group
    of that source and collection has that count (and likewise a mean interval narrower
    than ``tolerance`` holding a small group's mean). Records are ``disclosure`` in
    comparison.json (each naming its collection) and ``data_quality.disclosure`` in
    diagnosis.json (of ``collection``).
    """
    records = data.get("disclosure")
    if not isinstance(records, list):
        records = (data.get("data_quality") or {}).get("disclosure") or []
    for record in records:
        side = record.get("collection") or collection
        small = [
            g
            for g in truth.small_groups
            if (g.source, g.collection) == (record.get("source"), side)
        ]
        count, mean = record.get("narrowest_count"), record.get("narrowest_mean")
        report.checked += 1
        if count and count["low"] == count["high"]:
            named = [group_name(g) for g in small if g.count == count["low"]]
            if named:
                detail = f"a hidden size of {count['low']:g} to {count['high']:g} people"
                target = f"{record.get('source')} ({side})"
                report.add(
                    Finding(target, "count", "audit", where, f"{detail}: {', '.join(named)}")
                )
        if mean and mean["high"] - mean["low"] < tolerance:
            inside = Interval(mean["low"], mean["high"])
            named = [group_name(g) for g in small if any(m in inside for m in g.means.values())]
            if named:
                detail = f"a hidden mean of {mean['low']:.3f} to {mean['high']:.3f} points"
                target = f"{record.get('source')} ({side})"
                report.add(Finding(target, "mean", "audit", where, f"{detail}: {', '.join(named)}"))


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


# -- changes between the collections of a comparison ---------------------------------------


def attack_changes(
    data: dict,
    truth: Truth,
    report: Report,
    *,
    where: str,
    tolerance: float,
    views: Mapping[tuple[str, str], SurveyView] | None = None,
) -> None:
    """A hidden side given back by a shown change, directly or through the other side
    (bounded by ``views``, by default the comparison's own)."""
    filled_data, derived = completed(data)
    filled = {(d.where, d.key): d for d in derived}
    links = hidden_changes(data)
    if views is None:
        views = {(v.collection, v.source): v for v in comparison_views(data)}
    for group in truth.small_groups:
        if group.collection not in ("pre", "post"):
            continue
        if group.column is None:
            whole_source(filled_data, truth, group, report, where)
        for element, true_mean in group.means.items():
            path = figure_path(group.source, group.column, group.label, element)
            found = filled.get((path, group.collection))
            report.checked += 1
            if found is not None and abs(found.value - true_mean) < 1e-6:
                detail = f"{found.value:.3f} from {found.parts}"
                report.add(
                    Finding(group_name(group), f"mean of {element}", "change", where, detail)
                )
            if path in links:
                linked_mean(views, truth, group, element, links[path], report, where, tolerance)


def whole_source(data: dict, truth: Truth, group: Group, report: Report, where: str) -> None:
    """A small source's item means and shares of positive answers, which a comparison
    lists beside its element scores.

    Every respondent of an attacked workbook gives one answer level to all items of an
    element, so each item's mean is the element's.
    """
    side = group.collection
    for key in ("items", "items_only_pre", "items_only_post"):
        for item in data.get(key) or []:
            if not isinstance(item, dict) or item.get("source") != group.source:
                continue
            value, true = item.get(side), group.means.get(str(item.get("element")))
            if isinstance(value, int | float) and true is not None and abs(value - true) < 1e-6:
                what = f"mean of item {item.get('code')}"
                report.add(Finding(group_name(group), what, "direct", where, f"= {value:.3f}"))
    for element in data.get("elements", []):
        score = (element.get("sources") or {}).get(group.source) or {}
        shown = score.get(f"percent_positive_{side}")
        answers = [
            i
            for i in truth.items
            if (i.source, i.element, i.collection) == (group.source, element["id"], side)
        ]
        answered = sum(i.answered for i in answers)
        if not isinstance(shown, int | float) or not answered:
            continue
        true = 100 * sum(i.positive for i in answers) / answered
        if abs(shown - true) < 1e-6:
            what = f"percent positive of {element['id']}"
            report.add(Finding(group_name(group), what, "direct", where, f"= {shown:.3f}"))


def linked_mean(
    views: Mapping[tuple[str, str], SurveyView],
    truth: Truth,
    group: Group,
    element: str,
    change: float,
    report: Report,
    where: str,
    tolerance: float,
) -> None:
    """Bounds on a mean from its own collection's figures and from the other's, moved by
    the change (post = pre + change)."""
    other = "post" if group.collection == "pre" else "pre"
    mine = _mean_within(views.get((group.collection, group.source)), group, element, truth)
    theirs = _mean_within(views.get((other, group.source)), group, element, truth)
    if mine is None:
        return  # the group's count is not pinned in its own collection
    shift = change if group.collection == "post" else -change
    if theirs is not None:
        mine = Interval(max(mine.low, theirs.low + shift), min(mine.high, theirs.high + shift))
    true_mean = group.means[element]
    if mine.width < tolerance and true_mean in mine:
        detail = f"{mine.low:.3f} to {mine.high:.3f} with the change {change:+.3f}"
        report.add(Finding(group_name(group), f"mean of {element}", "change", where, detail))


def _mean_within(
    view: SurveyView | None, group: Group, element: str, truth: Truth
) -> Interval | None:
    """The interval the view's figures allow on the group's mean, None unless its count
    is pinned; the narrowest over the pairs of columns holding the group's."""
    if view is None:
        return None
    columns = sorted(view.breakdowns)
    if group.column is None:
        pairs: list[tuple[str, ...]] = [()]
    else:
        others = [c for c in columns if c != group.column]
        pairs = [(group.column, c) for c in others] or [(group.column,)]
        if group.column not in view.breakdowns:
            return None
    best = None
    for pair in pairs:
        tables = survey_tables(view, pair, truth)
        if element not in tables.measures:
            continue
        index = pair.index(group.column) if group.column else None
        target = tables.select(lambda a, i=index: i is None or a[i] == group.label)
        try:
            count = tables.count_bounds(target)
            if not count.pinned or count.low == 0:
                continue
            mean = tables.mean_bounds(target, element, int(count.low))
        except Infeasible:
            continue
        if best is None or mean.width < best.width:
            best = mean
    return best


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


def public_board_cells(
    workforce: dict,
    cells: Iterable[Cell],
    board_posts: Mapping[tuple[str, str], int] | None = None,
) -> list[Cell]:
    """The board cells that the public board composition and the printed zeros alone pin
    to their count (the board's White members without a disability, when every member is
    without one; the one executive's disability, when the Board row shows no Disabled
    member and the Leadership row no one undeclared)."""
    board = [c for c in cells if c.where.get("board") == frozenset({True})]
    if not board:
        return []
    return pinned_cells(board_composition(workforce, board_posts), board)


def disclosed(report: Report) -> list[str]:
    """The findings as lines, for an assertion message."""
    return [str(f) for f in report.findings]


__all__: Iterable[str] = [
    "Finding",
    "Report",
    "attack",
    "attack_audit_records",
    "attack_together",
    "disclosed",
    "pinned_cells",
    "public_board_cells",
    "survey_tables",
]

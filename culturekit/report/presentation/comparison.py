"""A comparison as the reports show it: verdict lists, findings in words, method notes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from culturekit.report.presentation.methods import comparison_methods
from culturekit.report.presentation.numbers import percent, signed
from culturekit.report.presentation.rules import confidence_label, rule, share_words
from culturekit.report.presentation.words import (
    RESPONDENTS,
    humanise,
    join_words,
    plural,
    score_owner,
    source_name,
)

# Plain words for the keys of :func:`comparison_methods`, in the order they are listed.
METHOD_LABELS: dict[str, str] = {
    "score": "Score",
    "score_change_test": "Test of a change in score",
    "score_change_interval": "Interval of a change in score",
    "effect_size": "Effect size",
    "percent_positive_test": "Test of a change in % positive",
    "percent_positive_interval": "Interval of a change in % positive",
    "percent_positive_note": "Reading % positive",
    "multiple_comparisons": "Correction for testing many changes",
    "multiple_comparisons_family": "What is corrected together",
    "significance_level": "Significance level",
    "verdicts": "Verdicts",
    "items": "Items",
    "breakdowns": "Groups",
    "figures": "Existing data and workforce",
    "reporting_threshold": "Reporting threshold (respondents)",
    "rounding": "Figures shown",
}

# The source whose pre and post scores are drawn in the first figure, when present.
CHART_SOURCE = "staff"

CORRECTION_AIMS: dict[str, str] = {
    "holm": "it keeps the chance of calling even one unchanged element changed (the "
    "family-wise error rate) below the significance level",
    "fdr_bh": "it keeps the expected share of false findings among the changes called "
    "significant (the false discovery rate) below the significance level",
}


# --------------------------------------------------------------------------- charts


def chart_source(comparison: Any) -> str | None:
    """The source whose pre and post scores the first figure draws: staff when compared."""
    if CHART_SOURCE in comparison.sources:
        return CHART_SOURCE
    return comparison.sources[0] if comparison.sources else None


def scores_chart_description(comparison: Any, source: str) -> str:
    """The text alternative of the chart of one source's pre and post scores."""
    return (
        f"{source_name(source)} scores by element, "
        f"{comparison.pre.period} and {comparison.post.period}"
    )


CHANGES_CHART_DESCRIPTION = "Change in element scores by source with confidence intervals"


# --------------------------------------------------------------------------- summary


def verdict_rules(comparison: Any) -> dict[str, str]:
    """The figures of the verdict rule as a report prints them (docs/methods.md)."""
    return {
        "alpha": f"{rule(comparison, 'change_alpha'):g}",
        "meaningful": f"{rule(comparison, 'meaningful_change'):g}",
        "power": share_words(float(rule(comparison, "change_power"))),
        "confidence": confidence_label(comparison),
        "figure_within": f"{100 * rule(comparison, 'figure_change_within'):g}%",
    }


@dataclass
class Entry:
    """One element under one verdict, with the sources that gave it that verdict."""

    id: str
    name: str
    changes: list[tuple[str, Any]] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        return [source for source, _ in self.changes]


def _entries(comparison: Any, refs: Iterable[Any]) -> list[Entry]:
    """Refs grouped by element, in framework order, each source in the report's order."""
    wanted = {(r.element, r.source) for r in refs}
    out = []
    for element in comparison.elements:
        changes = [
            (source, change)
            for source, change in element.sources.items()
            if (element.id, source) in wanted
        ]
        if changes:
            out.append(Entry(element.id, element.name, changes))
    return out


@dataclass
class Unmoved:
    """The elements of one source under one verdict that names no direction (no clear
    change, too few to tell)."""

    source: str
    names: list[str]
    every_element: bool


def _unmoved(comparison: Any, refs: Iterable[Any]) -> list[Unmoved]:
    """Refs grouped by source (report order), each with its elements in framework order."""
    wanted = {(r.element, r.source) for r in refs}
    out = []
    for source in comparison.sources:
        present = [e for e in comparison.elements if source in e.sources]
        names = [e.name for e in present if (e.id, source) in wanted]
        if names:
            out.append(Unmoved(source, names, len(names) == len(present)))
    return out


@dataclass
class Untested:
    """Elements one source could not test, for one reason."""

    source: str
    reason: str
    names: list[str]
    every_element: bool


def _untested(comparison: Any, refs: Iterable[Any]) -> list[Untested]:
    """Refs grouped by source and reason, so that one reason is said once."""
    wanted = {(r.element, r.source) for r in refs}
    out: list[Untested] = []
    for source in comparison.sources:
        present = [e for e in comparison.elements if source in e.sources]
        groups: dict[str, list[str]] = {}
        for element in present:
            if (element.id, source) in wanted:
                reason = element.sources[source].reason or "not tested"
                groups.setdefault(reason, []).append(element.name)
        out += [
            Untested(source, reason, names, len(names) == len(present))
            for reason, names in groups.items()
        ]
    return out


def summary_context(comparison: Any) -> dict[str, Any]:
    """The one-page summary's lists: what improved, worsened, showed no clear change, was
    too few to tell, was not tested."""
    s = comparison.summary
    tested = len(s.improved) + len(s.worsened) + len(s.no_clear_change) + len(s.too_few_to_tell)
    return {
        "improved": _entries(comparison, s.improved),
        "worsened": _entries(comparison, s.worsened),
        "no_clear_change": _unmoved(comparison, s.no_clear_change),
        "too_few_to_tell": _unmoved(comparison, s.too_few_to_tell),
        "not_tested": _untested(comparison, s.not_tested),
        "counts": {
            "tested": tested,
            "improved": len(s.improved),
            "worsened": len(s.worsened),
            "no_clear_change": len(s.no_clear_change),
            "too_few_to_tell": len(s.too_few_to_tell),
            "not_tested": len(s.not_tested),
        },
    }


def compared_sources(comparison: Any) -> list[str]:
    """What the comparison covers, in words: the survey sources, then the other data."""
    compared = [source_name(source) for source in comparison.sources]
    if comparison.dashboard is not None:
        compared.append(source_name("dashboard"))
    if comparison.workforce is not None:
        compared.append(source_name("workforce"))
    return compared


def _on(names: list[str], earlier: int, total: int) -> str:
    """``on Teamwork``; ``on any element`` when these are all ``total`` elements; ``on
    the other 4 elements`` when they are all but the ``earlier`` ones named before."""
    if len(names) == total and total > 1:
        return "on any element"
    if earlier and earlier + len(names) == total and len(names) > 1:
        return f"on the other {len(names)} elements"
    return f"on {join_words(names)}"


def source_finding(comparison: Any, source: str) -> str:
    """One sentence on what the tests found for ``source``, from the verdicts alone, in
    the verdicts' own words."""
    by_verdict: dict[str, list[str]] = {
        "better": [],
        "worse": [],
        "no clear change": [],
        "too few to tell": [],
        "not tested": [],
    }
    for element in comparison.elements:
        change = element.sources.get(source)
        if change is not None and change.verdict in by_verdict:
            by_verdict[change.verdict].append(element.name)
    name = score_owner(source)
    total = sum(len(names) for names in by_verdict.values())
    improved, worsened = by_verdict["better"], by_verdict["worse"]
    unclear, few = by_verdict["no clear change"], by_verdict["too few to tell"]
    untested = by_verdict["not tested"]
    if len(untested) == total:
        return f"{name} scores could not be tested on any element."
    moved = len(improved) + len(worsened)
    parts = []
    if improved:
        parts.append(f"improved on {join_words(improved)}")
    if worsened:
        parts.append(f"worsened on {join_words(worsened)}")
    if unclear:
        parts.append(f"showed no clear change {_on(unclear, moved, total)}")
    # A comma between the parts: element names have "and" in them.
    listed = ", ".join(parts[:-1]) + ", and " + parts[-1] if len(parts) > 1 else "".join(parts)
    clauses = [f"{name} scores {listed}"] if parts else []
    if few:
        people = RESPONDENTS.get(source, source)
        where = _on(few, moved + len(unclear), total)
        clauses.append(f"too few {people} answered to tell a change {where}")
    if untested:
        clauses.append(f"{name} scores could not be tested on {join_words(untested)}")
    sentence = "; ".join(clauses)
    return sentence[:1].upper() + sentence[1:] + "."


def methods_list(comparison: Any) -> list[tuple[str, str]]:
    methods = comparison_methods(comparison)
    known = [(METHOD_LABELS[k], methods[k]) for k in METHOD_LABELS if k in methods]
    other = [(humanise(k), v) for k, v in methods.items() if k not in METHOD_LABELS]
    return known + other


def _response_warning(comparison: Any, warning: Any) -> str:
    a, b = comparison.pre, comparison.post
    name = source_name(warning.source)
    response = comparison.response[warning.source]
    if warning.kind == "response_rates":
        return (
            f"{name} response rates differ: {percent(100 * response.rate_pre, 'response_rate')} in "
            f"{a.period} and {percent(100 * response.rate_post, 'response_rate')} in {b.period} "
            f"(more than {100 * warning.limit:.0f} percentage points apart); a change in who "
            "responded may bias the comparison."
        )
    return (
        f"{name} respondent numbers differ: {response.respondents_pre} in {a.period} and "
        f"{response.respondents_post} in {b.period} "
        f"({signed(response.respondents_change_percent, 'respondents_change')}%, more than "
        f"{100 * warning.limit:.0f}% apart); a change in who responded may bias the comparison."
    )


def warning_sentence(comparison: Any, warning: Any) -> str:
    """One difference between the collections that may bias the comparison, in words."""
    a, b = comparison.pre, comparison.post
    if warning.kind == "different_trusts":
        return (
            f"The collections are of different trusts ({a.trust_code} {a.trust_name} and "
            f"{b.trust_code} {b.trust_name}): differences may reflect the organisations, "
            "not a change over time."
        )
    if warning.kind == "collected_out_of_order":
        return (
            f"The pre collection ({a.period}, {a.collected_on.isoformat()}) was collected "
            f"after the post collection ({b.period}, {b.collected_on.isoformat()}); check "
            "that they were given in the right order."
        )
    return _response_warning(comparison, warning)


def comparison_warnings(comparison: Any) -> list[str]:
    """Every warning of the comparison, in words, in the order they were found."""
    return [warning_sentence(comparison, w) for w in comparison.warnings]


def dashboard_tally(indicators: list[Any]) -> str:
    """``Of 12 indicators, 5 improved, 2 worsened and 4 show no clear change``: the
    indicators' verdicts counted, by each indicator's sense of better."""
    count = len(indicators)
    tally = {
        verdict: sum(1 for i in indicators if i.verdict == verdict)
        for verdict in ("better", "worse", "no clear change")
    }
    parts = [f"{tally['better']} improved", f"{tally['worse']} worsened"]
    steady = tally["no clear change"]
    if steady:
        parts.append(f"{steady} {plural(steady, 'shows', 'show')} no clear change")
    return f"Of {count} {plural(count, 'indicator')}, {join_words(parts)}"

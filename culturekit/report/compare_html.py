"""The comparison report (``compare.html``): what changed between two collections.

Everything shown comes from the :class:`~culturekit.comparison.Comparison` model; this
module only orders, groups and words it. No statistic is computed here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from culturekit._version import __version__
from culturekit.comparison import (
    CORRECTION_NAMES,
    LARGEST_ITEM_CHANGES,
    SIGNIFICANCE,
    ChangeRef,
    Comparison,
    SourceChange,
)
from culturekit.framework.model import SOURCE_NAMES
from culturekit.report import charts, palette
from culturekit.report.environment import environment, generated_at
from culturekit.report.html import CONTENT_SECURITY_POLICY, render_template

# The source whose pre and post scores are drawn in the first figure, when present.
CHART_SOURCE = "staff"

# Whose scores, in a sentence ("Stakeholder scores improved ...").
SCORE_OWNERS: dict[str, str] = {"staff": "Staff", "board": "Board", "stakeholders": "Stakeholder"}

# Plain words for the keys of ``Comparison.methods``, in the order they are listed.
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
    "items": "Items",
    "breakdowns": "Groups",
    "reporting_threshold": "Reporting threshold (respondents)",
}

CORRECTION_AIMS: dict[str, str] = {
    "holm": "it keeps the chance of calling even one unchanged element changed (the "
    "family-wise error rate) below the significance level",
    "fdr_bh": "it keeps the expected share of false findings among the changes called "
    "significant (the false discovery rate) below the significance level",
}


# --------------------------------------------------------------------------- summary


@dataclass
class Entry:
    """One element under one verdict, with the sources that gave it that verdict."""

    id: str
    name: str
    changes: list[tuple[str, SourceChange]] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        return [source for source, _ in self.changes]


def _entries(comparison: Comparison, refs: Iterable[ChangeRef]) -> list[Entry]:
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
    """The elements on which one source did not change significantly."""

    source: str
    names: list[str]
    every_element: bool


def _unmoved(comparison: Comparison, refs: Iterable[ChangeRef]) -> list[Unmoved]:
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


def _untested(comparison: Comparison, refs: Iterable[ChangeRef]) -> list[Untested]:
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


def summary_context(comparison: Comparison) -> dict[str, Any]:
    """The one-page summary's lists: what improved, worsened, did not move, was not tested."""
    s = comparison.summary
    tested = len(s.improved) + len(s.worsened) + len(s.no_change)
    return {
        "improved": _entries(comparison, s.improved),
        "worsened": _entries(comparison, s.worsened),
        "no_change": _unmoved(comparison, s.no_change),
        "not_tested": _untested(comparison, s.not_tested),
        "counts": {
            "tested": tested,
            "improved": len(s.improved),
            "worsened": len(s.worsened),
            "no_change": len(s.no_change),
            "not_tested": len(s.not_tested),
        },
    }


def join_words(words: Sequence[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def source_finding(comparison: Comparison, source: str) -> str:
    """One sentence on what the tests found for ``source``, from the verdicts alone."""
    by_verdict: dict[str, list[str]] = {
        "better": [],
        "worse": [],
        "no change": [],
        "not tested": [],
    }
    for element in comparison.elements:
        change = element.sources.get(source)
        if change is not None and change.verdict in by_verdict:
            by_verdict[change.verdict].append(element.name)
    name = SCORE_OWNERS.get(source, source.capitalize())
    improved, worsened = by_verdict["better"], by_verdict["worse"]
    unmoved, untested = by_verdict["no change"], by_verdict["not tested"]
    if not (improved or worsened or unmoved):
        return f"{name} scores could not be tested on any element."
    parts = []
    if improved:
        parts.append(f"improved on {join_words(improved)}")
    if worsened:
        parts.append(f"worsened on {join_words(worsened)}")
    if unmoved and not parts:
        parts.append(
            "did not change significantly on "
            + ("any element" if not untested else join_words(unmoved))
        )
    elif unmoved:
        count = len(unmoved)
        parts.append(
            f"did not change significantly on the other {count} element{'s' if count != 1 else ''}"
            if not untested
            else f"did not change significantly on {join_words(unmoved)}"
        )
    if untested:
        parts.append(f"could not be tested on {join_words(untested)}")
    return f"{name} scores {join_words(parts)}."


# --------------------------------------------------------------------------- charts


def _score_chart(comparison: Comparison, source: str) -> str | None:
    """Pre and post scores of one source by element: points only (no interval is held)."""
    pre_style = palette.SOURCE_STYLE["pre"]
    post_style = palette.SOURCE_STYLE["post"]
    rows = []
    for element in comparison.elements:
        change = element.sources.get(source)
        if change is None:
            continue
        series = []
        if change.pre is not None:
            series.append(
                charts.Interval(comparison.pre.period, change.pre, None, None, *pre_style)
            )
        if change.post is not None:
            series.append(
                charts.Interval(comparison.post.period, change.post, None, None, *post_style)
            )
        rows.append((element.name, series))
    if not any(series for _, series in rows):
        return None
    name = SOURCE_NAMES.get(source, source.capitalize())
    return charts.interval_chart(
        rows,
        f"{name} scores by element, {comparison.pre.period} and {comparison.post.period}",
    )


def _axis_limit(values: Iterable[float]) -> float:
    """Half-width of a symmetric axis holding every value, rounded up to half a point."""
    largest = max((abs(v) for v in values), default=0.0)
    steps = int(largest / 0.5) + 1
    return max(1.0, 0.5 * steps)


def change_chart(
    rows: Sequence[tuple[str, Sequence[tuple[charts.Interval, bool]]]],
    title: str,
    *,
    axis_label: str = "Change in score, post − pre (points on the 0-10 scale)",
) -> str:
    """Dot-and-interval chart of changes on an axis centred on no change.

    One row per element, one dot per source; a filled dot is a significant change, a
    hollow one is not. Drawn with the shared chart helpers so it matches the others.
    """
    plt = charts._pyplot()
    series_per_row = max((len(s) for _, s in rows), default=1)
    height = 1.15 + len(rows) * (0.22 + 0.16 * series_per_row)
    fig, ax = plt.subplots(figsize=(7.2, max(2.0, height)), layout="constrained")
    limit = _axis_limit(
        v
        for _, series in rows
        for point, _ in series
        for v in (point.value, point.low, point.high)
        if v is not None
    )
    ax.set_xlim(-limit, limit)
    ax.axvline(0, color=palette.DARK_GREY, lw=1.2, zorder=1)
    seen: dict[str, charts.Interval] = {}
    for position, (_, series) in enumerate(rows):
        count = len(series)
        for index, (point, significant) in enumerate(series):
            y = position + (index - (count - 1) / 2) * 0.22
            if point.low is not None and point.high is not None:
                ax.hlines(y, point.low, point.high, color=point.colour, lw=2, zorder=2)
            ax.plot(
                point.value,
                y,
                marker=point.marker,
                linestyle="none",
                ms=7,
                zorder=3,
                color=point.colour,
                markerfacecolor=point.colour if significant else "white",
                markeredgecolor="white" if significant else point.colour,
                markeredgewidth=0.8 if significant else 1.6,
            )
            seen.setdefault(point.label, point)
    ax.set_yticks(range(len(rows)), [label for label, _ in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlabel(axis_label)
    ax.xaxis.grid(True, color=palette.PALE_GREY, lw=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    ax.text(
        0.01,
        1.0,
        "← lower in post",
        transform=ax.transAxes,
        ha="left",
        va="bottom",
        color=palette.DARK_GREY,
        fontsize=8,
    )
    ax.text(
        0.99,
        1.0,
        "higher in post →",
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        color=palette.DARK_GREY,
        fontsize=8,
    )
    handles = [
        plt.Line2D(
            [],
            [],
            marker=p.marker,
            color=p.colour,
            linestyle="-",
            lw=2,
            ms=7,
            markeredgecolor="white",
            label=name,
        )
        for name, p in seen.items()
    ]
    handles += [
        plt.Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            ms=7,
            color=palette.DARK_GREY,
            markeredgecolor="white",
            label="significant change",
        ),
        plt.Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            ms=7,
            color=palette.DARK_GREY,
            markerfacecolor="white",
            markeredgewidth=1.6,
            label="no significant change",
        ),
    ]
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncol=len(handles),
        frameon=False,
        fontsize=8,
        handlelength=1.6,
        columnspacing=1.2,
    )
    return charts._to_svg(fig, title)


def _changes_chart(comparison: Comparison) -> str | None:
    rows = []
    for element in comparison.elements:
        series = []
        for source in comparison.sources:
            change = element.sources.get(source)
            if change is None or change.change is None:
                continue
            colour, marker = palette.SOURCE_STYLE[source]
            series.append(
                (
                    charts.Interval(
                        SOURCE_NAMES.get(source, source.capitalize()),
                        change.change,
                        change.ci_low,
                        change.ci_high,
                        colour,
                        marker,
                    ),
                    change.verdict in ("better", "worse"),
                )
            )
        rows.append((element.name, series))
    if not any(series for _, series in rows):
        return None
    return change_chart(rows, "Change in element scores by source with confidence intervals")


def comparison_charts(comparison: Comparison) -> dict[str, Any]:
    """Every chart of the comparison report, as SVG text keyed by where it goes."""
    source = CHART_SOURCE if CHART_SOURCE in comparison.sources else None
    if source is None and comparison.sources:
        source = comparison.sources[0]
    return {
        "scores_source": source,
        "scores": _score_chart(comparison, source) if source else None,
        "changes": _changes_chart(comparison),
    }


# --------------------------------------------------------------------------- context


def _methods(comparison: Comparison) -> list[tuple[str, str]]:
    known = [
        (METHOD_LABELS[k], comparison.methods[k]) for k in METHOD_LABELS if k in comparison.methods
    ]
    other = [
        (k.replace("_", " ").capitalize(), v)
        for k, v in comparison.methods.items()
        if k not in METHOD_LABELS
    ]
    return known + other


def render_compare_html(
    comparison: Comparison,
    *,
    templates: str | Path | None = None,
    extra: dict[str, Any] | None = None,
) -> str:
    """The comparison report as HTML text (nothing is written)."""
    env = environment(templates)
    pre, post = comparison.pre.period, comparison.post.period
    context = {
        "c": comparison,
        "charts": comparison_charts(comparison),
        "summary": summary_context(comparison),
        "findings": [source_finding(comparison, s) for s in comparison.sources],
        "generated_at": generated_at(),
        "version": __version__,
        "csp": CONTENT_SECURITY_POLICY,
        "source_names": SOURCE_NAMES,
        "for_print": False,
        "trust": comparison.trust,
        "threshold": comparison.framework.reporting_threshold,
        "report_title": f"What changed: {comparison.trust.name}",
        "report_subtitle": f"{pre} to {post}",
        "element_names": {e.id: e.name for e in comparison.elements},
        "correction_name": CORRECTION_NAMES[comparison.correction],
        "correction_aim": CORRECTION_AIMS[comparison.correction],
        "confidence": f"{100 * comparison.framework.confidence_level:g}%",
        "methods_list": _methods(comparison),
        "join_words": join_words,
        "largest_items": LARGEST_ITEM_CHANGES,
        "significance": SIGNIFICANCE,
        **(extra or {}),
    }
    return render_template(env, "compare.html", context)

"""The short summary printed on the terminal after a run.

Every line passes through :func:`~culturekit.report.presentation.safe_text.terminal_text`
(table cells before their widths are measured), so text from the input never reaches the
terminal with a control character in it.
"""

from __future__ import annotations

import textwrap
from typing import Any

from culturekit.report.presentation import numbers
from culturekit.report.presentation.comparison import comparison_warnings
from culturekit.report.presentation.notices import (
    low_response_notice,
    missing_notice,
    partial_notice,
)
from culturekit.report.presentation.rules import confidence_label, rule, share_words
from culturekit.report.presentation.safe_text import terminal_text
from culturekit.report.presentation.summary import summary
from culturekit.report.presentation.words import (
    CORRECTION_NAMES,
    SURVEY_SOURCES,
    source_name,
    verdict_label,
)


def summary_table(diagnosis: Any) -> str:
    """Element scores by source as a plain-text table (no colour: it may be piped)."""
    sources = [s for s in SURVEY_SOURCES if s in diagnosis.response]
    readings = {t.element: t.reading for t in diagnosis.triangulation}
    header = ["Element", *(source_name(s) for s in sources)]
    if readings:
        header.append("Reading")
    rows = []
    for element in diagnosis.elements:
        row = [element.name]
        for source in sources:
            score = element.sources.get(source)
            if score is None:
                row.append("–")
            elif score.suppressed:
                row.append(f"<{diagnosis.framework.reporting_threshold}")
            else:
                row.append(numbers.score(score.score))
        if readings:
            row.append(readings.get(element.id, ""))
        rows.append([terminal_text(cell) for cell in row])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [
            c.rjust(w) if i < len(sources) else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells[1:], widths[1:], strict=True))
        ]
        return "  ".join([first, *rest]).rstrip()

    trust = diagnosis.trust
    worded = summary(diagnosis)
    out = [f"{trust.name} ({trust.code}), {trust.period}", ""]
    partial = partial_notice(diagnosis)
    if partial:
        out += [partial, ""]
    if worded.headline:
        out += [*_wrapped(worded.headline), ""]
    if sources:
        out += [line(header), "  ".join("-" * w for w in widths)]
        out += [line(r) for r in rows]
    respondents = ", ".join(
        f"{source_name(s).lower()} {r.respondents:,}" for s, r in diagnosis.response.items()
    )
    if respondents:
        out += ["", f"Respondents scored: {respondents}"]
    if diagnosis.priorities:
        out.append("Priorities: " + ", ".join(p.name for p in diagnosis.priorities))
    if diagnosis.strengths:
        out.append("Strengths: " + ", ".join(s.name for s in diagnosis.strengths))
    for notice in (missing_notice(diagnosis), low_response_notice(diagnosis)):
        if notice:
            out.append(f"Warning: {notice}")
    if diagnosis.data_quality.notices:
        count = len(diagnosis.data_quality.notices)
        out.append(f"{count} note{'s' if count != 1 else ''} on the data: see the report.")
    out += _summary_lines(worded)
    return _lines(out)


# The terminal may be of any width; the summary's sentences wrap at a readable one.
_WIDTH = 92


def _wrapped(text: str, indent: str = "", hang: str | None = None) -> list[str]:
    return textwrap.wrap(
        text, _WIDTH, initial_indent=indent, subsequent_indent=indent if hang is None else hang
    )


def _summary_lines(worded: Any) -> list[str]:
    """Each priority's strongest evidence and questions, the gap story, the rules."""
    out: list[str] = []
    for number, entry in enumerate(worded.priorities, start=1):
        out += ["", f"Priority {number}: {entry.name} (confidence {entry.confidence.lower()})"]
        out += _wrapped(entry.confidence_basis, "  ")
        for line in entry.evidence:
            out += _wrapped(line, "  - ", "    ")
        if entry.questions:
            out.append("  Questions to explore next:")
            for question in entry.questions:
                out += _wrapped(question, "  ? ", "    ")
    if worded.gap_story:
        out += ["", "How the views differ from staff's:"]
        for line in worded.gap_story:
            out += _wrapped(line, "  - ", "    ")
    if worded.priorities or worded.strengths:
        out.append("")
        for label, text in worded.reading_rules:
            out += _wrapped(f"{label}: {text}", "", "  ")
    return out


def comparison_table(comparison: Any) -> str:
    """Element changes by source, with the verdict in words (no colour: it may be piped).

    Shows only what the Comparison holds: nothing is computed here.
    """
    threshold = comparison.framework.reporting_threshold
    out = [
        f"{comparison.trust.name} ({comparison.trust.code}): "
        f"{comparison.pre.period} to {comparison.post.period}",
    ]
    respondents = ", ".join(
        f"{source_name(s).lower()} {r.respondents_pre:,} -> {r.respondents_post:,}"
        for s, r in comparison.response.items()
    )
    if respondents:
        out.append(f"Respondents: {respondents}")
    out.append("")
    confidence = f"{confidence_label(comparison)} CI"
    rows = [["Element", "Source", "Pre", "Post", "Change", confidence, "Adj. p", "Verdict"]]
    untested: dict[tuple[str, str], list[str]] = {}
    for element in comparison.elements:
        for n, (source, change) in enumerate(element.sources.items()):
            # A missing side is below the threshold when suppressed, otherwise not asked.
            hidden = f"<{threshold}" if change.suppressed else "–"
            pre = hidden if change.pre is None else numbers.score(change.pre)
            post = hidden if change.post is None else numbers.score(change.post)
            interval = (
                f"{numbers.change(change.ci_low)} to {numbers.change(change.ci_high)}"
                if change.ci_low is not None and change.ci_high is not None
                else "–"
            )
            rows.append(
                [
                    element.name if n == 0 else "",
                    source_name(source),
                    pre,
                    post,
                    numbers.change_between(change.pre, change.post)
                    if change.change is not None
                    else numbers.DASH,
                    interval,
                    numbers.p_value(change.p_adjusted),
                    verdict_label(change.verdict),
                ]
            )
            if change.verdict == "not tested":
                key = (source_name(source), change.reason or "not tested")
                untested.setdefault(key, []).append(element.name)
    if len(rows) > 1:
        out += _columns(rows, right={2, 3, 4, 5, 6})
        out.append("")

    def names(refs: list[Any]) -> str:
        listed = [f"{r.element_name} ({source_name(r.source).lower()})" for r in refs]
        return ", ".join(listed) or "none"

    def by_source(refs: list[Any]) -> str:
        """A source whose every element has this verdict is named once."""
        listed = []
        for source in comparison.sources:
            mine = [r for r in refs if r.source == source]
            present = sum(1 for e in comparison.elements if source in e.sources)
            if len(mine) == present and present > 1:
                listed.append(f"{source_name(source).lower()} (every element)")
            else:
                listed += [f"{r.element_name} ({source_name(source).lower()})" for r in mine]
        return ", ".join(listed) or "none"

    summary = comparison.summary
    steady, few = summary.no_clear_change, summary.too_few_to_tell
    tested = len(summary.improved) + len(summary.worsened) + len(steady) + len(few)
    out.append(f"Improved: {names(summary.improved)}")
    out.append(f"Worsened: {names(summary.worsened)}")
    out.append(f"No clear change: {by_source(steady)}")
    out.append(f"Too few to tell: {by_source(few)}")
    for (source, reason), elements in untested.items():
        out.append(f"Not tested ({source}): {', '.join(elements)}: {reason}")
    if tested:
        out.append(
            f"Adjusted p: {CORRECTION_NAMES.get(comparison.correction, comparison.correction)} "
            f"correction over {tested} tests; better or worse needs adjusted p < "
            f"{rule(comparison, 'change_alpha'):g}, otherwise too few to tell unless a change "
            f"of {rule(comparison, 'meaningful_change'):g} points would have been found "
            f"{share_words(float(rule(comparison, 'change_power')))} times. Different people "
            "answered each collection (independent samples)."
        )
    for warning in comparison_warnings(comparison):
        out.append(f"Warning: {warning}")
    if comparison.notices:
        count = len(comparison.notices)
        out.append(f"{count} note{'s' if count != 1 else ''} on the data: see the report.")
    return _lines(out)


def trend_table(trend: Any) -> str:
    """Each element and source's scores over the collections, its changes' verdicts and its
    overall direction (display data of :mod:`.presentation.trend`; nothing computed)."""
    from culturekit.report.presentation.trend import direction_label, series_views, trend_counts

    periods = [c.period for c in trend.collections]
    out = [f"{trend.trust.name} ({trend.trust.code}): {' -> '.join(periods)}", ""]
    steps = [f"{s.pre} -> {s.post}" for s in trend.steps]
    rows = [["Element", "Source", *periods, *steps, "Overall"]]
    shown_element = None
    for view in series_views(trend):
        rows.append(
            [
                view.element_name if view.element != shown_element else "",
                view.source_name,
                *[p.score or numbers.DASH for p in view.points],
                *[verdict_label(s.verdict) for s in view.steps],
                *([numbers.DASH] * (len(steps) - len(view.steps))),
                direction_label(view.direction),
            ]
        )
        shown_element = view.element
    if len(rows) > 1:
        out += _columns(rows, right=set(range(2, 2 + len(periods))))
        out.append("")
    out.append(trend_counts(trend))
    return _lines(out)


def batch_table(result: Any) -> str:
    """One line per workbook: what was written, skipped or why it failed."""
    rows = [["Workbook", "Trust", "Result"]]
    for trust in result.trusts:
        name = trust.name
        if trust.error:
            status = f"FAILED (exit {trust.exit_code}): {_first_problem(trust.error)}"
        elif trust.skipped:
            status = f"up to date ({trust.folder})"
        else:
            status = f"ok ({trust.folder})"
        rows.append([trust.path.name, name, status])
    for pair in result.pairs:
        status = (
            f"ok ({pair.folder})"
            if pair.error is None
            else f"FAILED (exit {pair.exit_code}): {_first_problem(pair.error)}"
        )
        rows.append([f"{pair.pre.name} -> {pair.post.name}", pair.label, "compare " + status])
    for trend in getattr(result, "trends", ()):
        status = (
            f"ok ({trend.folder})"
            if trend.error is None
            else f"FAILED (exit {trend.exit_code}): {_first_problem(trend.error)}"
        )
        span = f"{trend.collections[0].name} ... {trend.collections[-1].name}"
        rows.append([span, trend.label, f"trend of {len(trend.collections)} " + status])
    out = _columns(rows)
    if result.network_outputs:
        out += [
            "",
            "Network summary: " + ", ".join(str(p) for p in result.network_outputs.values()),
        ]
    if getattr(result, "not_read", None):
        count = len(result.not_read)
        out.append(
            f"Note: {count} workbook{'s' if count != 1 else ''} inside the output folder "
            f"{'were' if count != 1 else 'was'} not read (e.g. {result.not_read[0]}): a run "
            "never reads inside its own output folder, where its reports are"
        )
    ok = sum(1 for t in result.trusts if t.ok)
    skipped = sum(1 for t in result.trusts if t.skipped)
    # A re-run says how much it did not redo: outputs up to date with their input.
    unchanged = f", {skipped} of them up to date and not rebuilt" if skipped else ""
    out.append(f"{ok} of {len(result.trusts)} workbooks diagnosed{unchanged}")
    return _lines(out)


def _first_problem(error: str) -> str:
    """An error in one line: its first, and the first problem when that line introduces a
    list ("2 problems found in x.xlsx:")."""
    lines = [line.strip() for line in error.splitlines() if line.strip()]
    if len(lines) > 1 and lines[0].endswith(":"):
        return f"{lines[0]} {lines[1]}"
    return lines[0] if lines else error


def _lines(lines: list[str]) -> str:
    """The lines as the terminal's text: a line break inside one is shown, not made."""
    return "\n".join(terminal_text(line) for line in lines)


def _columns(rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    right = right or set()
    rows = [[terminal_text(cell) for cell in row] for row in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines

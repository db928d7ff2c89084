"""The short summary printed on the terminal after a run."""

from __future__ import annotations

from culturekit.framework.model import SOURCE_NAMES
from culturekit.report.environment import format_score
from culturekit.results import Diagnosis


def summary_table(diagnosis: Diagnosis) -> str:
    """Element scores by source as a plain-text table (no colour: it may be piped)."""
    sources = [s for s in ("staff", "board", "stakeholders") if s in diagnosis.response]
    readings = {t.element: t.reading for t in diagnosis.triangulation}
    header = ["Element", *(SOURCE_NAMES[s] for s in sources)]
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
                row.append(format_score(score.score))
        if readings:
            row.append(readings.get(element.id, ""))
        rows.append(row)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [c.rjust(w) if i < len(sources) else c.ljust(w)
                for i, (c, w) in enumerate(zip(cells[1:], widths[1:], strict=True))]
        return "  ".join([first, *rest]).rstrip()

    trust = diagnosis.trust
    out = [f"{trust.name} ({trust.code}), {trust.period}", ""]
    if sources:
        out += [line(header), "  ".join("-" * w for w in widths)]
        out += [line(r) for r in rows]
    respondents = ", ".join(
        f"{SOURCE_NAMES[s].lower()} {r.respondents:,}" for s, r in diagnosis.response.items()
    )
    if respondents:
        out += ["", f"Respondents scored: {respondents}"]
    if diagnosis.priorities:
        out.append("Priorities: " + ", ".join(p.name for p in diagnosis.priorities))
    if diagnosis.strengths:
        out.append("Strengths: " + ", ".join(s.name for s in diagnosis.strengths))
    if diagnosis.sources.missing:
        out.append("Missing sources: " + ", ".join(diagnosis.sources.missing))
    return "\n".join(out)

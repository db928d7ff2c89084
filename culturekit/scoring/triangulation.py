"""Bringing every Discover source together, element by element.

The rule, simple enough to redo by hand (the report's methods section words it, from
:func:`culturekit.report.presentation.methods.triangulation_rule`):

1. Each source that speaks to an element gives a signal. A perception source (staff,
   board, stakeholders): *positive* when its score is at least ``rules.strength_score``,
   *negative* when below ``rules.priority_score``, otherwise *neutral*. Existing data
   (the dashboard) and, for the element with the framework role ``workforce_equity``,
   the workforce analysis give the signal their own rules state.
2. Signals count +1, 0 and -1; staff count twice, as the most direct and largest source.
   The *balance* is the weighted sum divided by the total weight, from -1 to +1.
3. The reading is a *strength* when the balance is at least +0.5, a *priority* when it is
   at most -0.5, and *mixed* otherwise.
4. Confidence starts from the sources that speak: *high* with staff and at least two
   other sources, *medium* with two or three sources in all, *low* with one. It is one
   level lower when two sources give opposite signals (the reading then rests on how
   they are weighed), and one level lower again when staff's confidence interval spans
   a cut-off (staff's signal differs at its two ends); never below *low*.
5. Priorities are ranked by balance (lowest first), then staff score (lowest first);
   strengths by balance (highest first), then staff score (highest first).
6. Each priority's (or strength's) strongest evidence is its lead source, staff when
   they support the reading, otherwise the supporting board or stakeholders furthest
   beyond the cut-off, and that source's item with the fewest favourable answers (for a
   strength, the most).
"""

from __future__ import annotations

from culturekit.framework.model import Framework
from culturekit.results import (
    Confidence,
    Disagreement,
    ElementReading,
    ElementResult,
    Evidence,
    Gap,
    RankedElement,
    Reading,
    Signal,
)

# The weighing of signals is the method itself (docs/methods.md), not a threshold a trust
# tunes: a framework sets what makes a signal (strength_score, priority_score), and the
# balance cut-offs below read the same on every framework, so readings stay comparable.
STAFF_WEIGHT = 2
STRENGTH_BALANCE = 0.5
PRIORITY_BALANCE = -0.5
_VALUE = {"positive": 1, "neutral": 0, "negative": -1}
EVIDENCE_SOURCES = ("staff", "board", "stakeholders", "dashboard", "workforce")
# The workforce findings an element's evidence cites: the first ones, the clearest
# concerns, as the workforce analysis orders them.
WORKFORCE_CITED = 3
CONFIDENCE_LEVELS: tuple[Confidence, ...] = ("low", "medium", "high")


def perception_signal(score: float, framework: Framework) -> Signal:
    if score >= framework.rules.strength_score:
        return "positive"
    if score < framework.rules.priority_score:
        return "negative"
    return "neutral"


def triangulate(
    elements: list[ElementResult],
    gaps: list[Gap],
    framework: Framework,
    dashboard: object | None = None,
    workforce: object | None = None,
) -> list[ElementReading]:
    """One reading per element from every source that speaks to it (see module rule)."""
    equity = framework.element_with_role("workforce_equity")
    equity_id = equity.id if equity is not None else None
    readings = []
    for element in elements:
        evidence: list[Evidence] = []
        for source in ("staff", "board", "stakeholders"):
            score = element.sources.get(source)
            if score is None or score.score is None:
                continue
            signal = perception_signal(score.score, framework)
            evidence.append(
                Evidence(source=source, kind="perception", signal=signal, score=score.score)
            )
        dash = _dashboard_evidence(dashboard, element.id)
        if dash is not None:
            evidence.append(dash)
        takes_workforce = element.id == equity_id
        if takes_workforce:
            work = _workforce_evidence(workforce)
            if work is not None:
                evidence.append(work)
        readings.append(_reading(element, evidence, gaps, takes_workforce, framework))
    return readings


def _dashboard_evidence(dashboard: object | None, element_id: str) -> Evidence | None:
    if dashboard is None:
        return None
    entry = next((e for e in dashboard.elements if e.element == element_id), None)  # type: ignore[attr-defined]
    if entry is None or entry.signal is None:
        return None
    return Evidence(
        source="dashboard",
        kind="dashboard",
        signal=entry.signal,
        better=entry.better,
        worse=entry.worse,
        rated=entry.better + entry.similar + entry.worse,
    )


def _workforce_evidence(workforce: object | None) -> Evidence | None:
    if workforce is None or workforce.signal is None:  # type: ignore[attr-defined]
        return None
    cited = range(min(WORKFORCE_CITED, len(workforce.evidence)))  # type: ignore[attr-defined]
    return Evidence(
        source="workforce",
        kind="workforce",
        signal=workforce.signal,  # type: ignore[attr-defined]
        findings=list(cited),
    )


def _reading(
    element: ElementResult,
    evidence: list[Evidence],
    gaps: list[Gap],
    takes_workforce: bool,
    framework: Framework,
) -> ElementReading:
    weights = {e.source: STAFF_WEIGHT if e.source == "staff" else 1 for e in evidence}
    total = sum(weights.values())
    balance = sum(_VALUE[e.signal] * weights[e.source] for e in evidence) / total if total else 0.0
    if not evidence:
        reading: Reading = "mixed"
    elif balance >= STRENGTH_BALANCE:
        reading = "strength"
    elif balance <= PRIORITY_BALANCE:
        reading = "priority"
    else:
        reading = "mixed"
    present = {e.source for e in evidence}
    expected = [s for s in EVIDENCE_SOURCES if s != "workforce" or takes_workforce]
    signals = {e.signal for e in evidence}
    opposing = {"positive", "negative"} <= signals
    staff_spans = _staff_spans_cut_off(element, framework)
    if "staff" in present and len(present) >= 3:
        level = 2
    elif len(present) >= 2:
        level = 1
    else:
        level = 0
    level = max(0, level - opposing - staff_spans)
    return ElementReading(
        element=element.id,
        name=element.name,
        reading=reading,
        balance=balance,
        confidence=CONFIDENCE_LEVELS[level],
        opposing_signals=opposing,
        staff_spans_cut_off=staff_spans,
        evidence=evidence,
        missing_sources=[s for s in expected if s not in present],
        disagreements=_disagreements(element, evidence, gaps),
    )


def _staff_spans_cut_off(element: ElementResult, framework: Framework) -> bool:
    """Whether staff's signal differs at the two ends of their score's interval."""
    staff = element.sources.get("staff")
    if staff is None or staff.ci_low is None or staff.ci_high is None:
        return False
    low = perception_signal(staff.ci_low, framework)
    return low != perception_signal(staff.ci_high, framework)


def _disagreements(
    element: ElementResult, evidence: list[Evidence], gaps: list[Gap]
) -> list[Disagreement]:
    signals = {e.source: e.signal for e in evidence}
    found = []
    staff = signals.get("staff")
    for source in ("board", "stakeholders", "dashboard"):
        other = signals.get(source)
        if staff is None or other is None or other == staff:
            continue
        if {other, staff} == {"positive", "negative"}:
            found.append(
                Disagreement(kind="signal", source=source, signal=other, compared_signal=staff)
            )
    for gap in gaps:
        if gap.element == element.id and gap.flagged and gap.difference is not None:
            found.append(
                Disagreement(
                    kind="gap",
                    source=gap.source,
                    compared_with=gap.compared_with,
                    difference=gap.difference,
                )
            )
    return found


def ranked(
    readings: list[ElementReading], elements: list[ElementResult]
) -> tuple[list[RankedElement], list[RankedElement]]:
    """Priorities (weakest first) and strengths (strongest first)."""
    staff = {e.id: (e.sources["staff"].score if "staff" in e.sources else None) for e in elements}

    results = {e.id: e for e in elements}

    def entry(r: ElementReading) -> RankedElement:
        priority = r.reading == "priority"
        supporting = [e for e in r.evidence if e.signal == ("negative" if priority else "positive")]
        lead = _lead_source(supporting, priority)
        return RankedElement(
            element=r.element,
            name=r.name,
            balance=r.balance,
            evidence_sources=[e.source for e in supporting],
            lead_source=lead,
            lead_item=_lead_item(results.get(r.element), lead, priority),
        )

    def staff_score(r: ElementReading) -> float:
        value = staff.get(r.element)
        # the scale's midpoint, so an element without a staff score sorts between the others
        return 5.0 if value is None else value

    priorities = sorted(
        (r for r in readings if r.reading == "priority"), key=lambda r: (r.balance, staff_score(r))
    )
    strengths = sorted(
        (r for r in readings if r.reading == "strength"),
        key=lambda r: (-r.balance, -staff_score(r)),
    )
    return [entry(r) for r in priorities], [entry(r) for r in strengths]


def _lead_source(supporting: list[Evidence], priority: bool) -> str | None:
    """Staff when they support the reading (the largest, most direct source, counted
    twice); otherwise the supporting survey source whose score lies furthest beyond the
    cut-off."""
    scored = [e for e in supporting if e.kind == "perception" and e.score is not None]
    if any(e.source == "staff" for e in scored):
        return "staff"
    if not scored:
        return None
    furthest = min if priority else max
    return furthest(scored, key=lambda e: e.score or 0.0).source


def _lead_item(element: ElementResult | None, source: str | None, priority: bool) -> str | None:
    """The source's shown item with the fewest (priority) or most favourable answers."""
    if element is None or source is None:
        return None
    shown = [
        i
        for i in element.items.get(source, [])
        if not i.suppressed and i.percent_positive is not None
    ]
    if not shown:
        return None
    # min and max keep the first of equals: questionnaire order decides a tie.
    pick = min if priority else max
    return pick(shown, key=lambda i: i.percent_positive or 0.0).code

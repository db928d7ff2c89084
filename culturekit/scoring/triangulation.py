"""Bringing every Discover source together, element by element.

The rule, simple enough to redo by hand (stated in the report's methods section):

1. Each source that speaks to an element gives a signal. A perception source (staff,
   board, stakeholders): *positive* when its score is at least ``rules.strength_score``,
   *negative* when below ``rules.priority_score``, otherwise *neutral*. Existing data
   (the dashboard) and, for the element with the framework role ``workforce_equity``,
   the workforce analysis give the signal their own rules state.
2. Signals count +1, 0 and -1; staff count twice, as the most direct and largest source.
   The *balance* is the weighted sum divided by the total weight, from -1 to +1.
3. The reading is a *strength* when the balance is at least +0.5, a *priority* when it is
   at most -0.5, and *mixed* otherwise.
4. Confidence is *high* with staff and at least two other sources, *medium* with two or
   three sources in all, *low* with one.
5. Priorities are ranked by balance (lowest first), then staff score (lowest first);
   strengths by balance (highest first), then staff score (highest first).
"""

from __future__ import annotations

from typing import Literal

from culturekit.framework.model import SOURCE_NAMES, Framework
from culturekit.results import (
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

RULE = (
    "Each source that speaks to an element gives a signal: a perception score of at least "
    "{strength:g} out of 10 is positive, below {priority:g} negative, otherwise neutral; "
    "existing data and the workforce analysis give the signals their rules state. "
    "Signals count +1, 0 and -1, staff twice; the balance is the weighted sum over the "
    "total weight. A balance of at least +0.5 reads as a strength, at most -0.5 as a "
    "priority, otherwise mixed. Confidence is high with staff and two or more other "
    "sources, medium with two or three sources, low with one. Priorities are ranked by "
    "balance, then by staff score."
)


def perception_signal(score: float, framework: Framework) -> Signal:
    if score >= framework.rules.strength_score:
        return "positive"
    if score < framework.rules.priority_score:
        return "negative"
    return "neutral"


def _perception_detail(score: float, signal: Signal, framework: Framework) -> str:
    rules = framework.rules
    if signal == "positive":
        return f"{score:.1f} out of 10, at or above {rules.strength_score:g}"
    if signal == "negative":
        return f"{score:.1f} out of 10, below {rules.priority_score:g}"
    return f"{score:.1f} out of 10, between {rules.priority_score:g} and {rules.strength_score:g}"


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
                Evidence(
                    source=source,
                    signal=signal,
                    score=score.score,
                    detail=_perception_detail(score.score, signal, framework),
                )
            )
        dash = _dashboard_evidence(dashboard, element.id)
        if dash is not None:
            evidence.append(dash)
        takes_workforce = element.id == equity_id
        if takes_workforce:
            work = _workforce_evidence(workforce)
            if work is not None:
                evidence.append(work)
        readings.append(_reading(element, evidence, gaps, takes_workforce))
    return readings


def _dashboard_evidence(dashboard: object | None, element_id: str) -> Evidence | None:
    if dashboard is None:
        return None
    entry = next((e for e in dashboard.elements if e.element == element_id), None)  # type: ignore[attr-defined]
    if entry is None or entry.signal is None:
        return None
    rated = entry.better + entry.similar + entry.worse
    detail = (
        f"{entry.better} of {rated} indicator{'s' if rated != 1 else ''} better than "
        f"benchmark, {entry.worse} worse"
    )
    return Evidence(source="dashboard", signal=entry.signal, detail=detail)


def _workforce_evidence(workforce: object | None) -> Evidence | None:
    if workforce is None or workforce.signal is None:  # type: ignore[attr-defined]
        return None
    items = list(workforce.evidence)  # type: ignore[attr-defined]
    detail = "; ".join(items[:3]) if items else "WRES and WDES indicators"
    return Evidence(source="workforce", signal=workforce.signal, detail=detail)  # type: ignore[attr-defined]


def _reading(
    element: ElementResult, evidence: list[Evidence], gaps: list[Gap], takes_workforce: bool
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
    if "staff" in present and len(present) >= 3:
        confidence: Literal["high", "medium", "low"] = "high"
    elif len(present) >= 2:
        confidence = "medium"
    else:
        confidence = "low"
    return ElementReading(
        element=element.id,
        name=element.name,
        reading=reading,
        balance=balance,
        confidence=confidence,
        evidence=evidence,
        missing_sources=[s for s in expected if s not in present],
        disagreements=_disagreements(element, evidence, gaps),
    )


def _disagreements(element: ElementResult, evidence: list[Evidence], gaps: list[Gap]) -> list[str]:
    signals = {e.source: e.signal for e in evidence}
    notes = []
    staff = signals.get("staff")
    for source in ("board", "stakeholders", "dashboard"):
        other = signals.get(source)
        if staff is None or other is None or other == staff:
            continue
        name = SOURCE_NAMES.get(source, "Existing data")
        if source == "dashboard":
            name = "Existing data"
        verb = "sees" if source == "board" else ("see" if source == "stakeholders" else "shows")
        if other == "positive" and staff == "negative":
            notes.append(f"{name} {verb} a strength where staff see a concern.")
        elif other == "negative" and staff == "positive":
            notes.append(f"{name} {verb} a concern where staff see a strength.")
    for gap in gaps:
        if gap.element == element.id and gap.flagged and gap.difference is not None:
            name = SOURCE_NAMES[gap.source]
            verb = "rates" if gap.source == "board" else "rate"
            notes.append(
                f"{name} {verb} {element.name.lower()} {gap.difference:.1f} points higher "
                "than staff do."
            )
    return notes


def ranked(
    readings: list[ElementReading], elements: list[ElementResult]
) -> tuple[list[RankedElement], list[RankedElement]]:
    """Priorities (weakest first) and strengths (strongest first)."""
    staff = {e.id: (e.sources["staff"].score if "staff" in e.sources else None) for e in elements}

    def entry(r: ElementReading) -> RankedElement:
        return RankedElement(
            element=r.element,
            name=r.name,
            balance=r.balance,
            evidence=[
                f"{_label(e.source)} {e.detail}"
                for e in r.evidence
                if e.signal == ("negative" if r.reading == "priority" else "positive")
            ],
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


def _label(source: str) -> str:
    return {"dashboard": "Existing data:", "workforce": "Workforce:"}.get(
        source, f"{SOURCE_NAMES.get(source, source)}"
    )

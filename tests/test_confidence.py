"""How sure a triangulated reading is: the sources that speak, whether they oppose one
another, and whether staff's own signal is settled.

Each case is built by hand as result models; the expected level is worked out here from
the rule in docs/methods.md (Triangulation, step 4), not read from culturekit.
"""

from __future__ import annotations

import pytest

import culturekit
from culturekit.framework import default_framework
from culturekit.results import ElementResult, SourceScore
from culturekit.scoring.triangulation import triangulate

FRAMEWORK = default_framework()  # strength 7, priority 6


def element(**scores: tuple[float, float, float]) -> ElementResult:
    """An element scored by each named source: ``staff=(score, ci_low, ci_high)``."""
    return ElementResult(
        id="some_element",
        name="Some element",
        description="",
        sources={
            source: SourceScore(source=source, score=s, ci_low=low, ci_high=high, n=50, items=4)
            for source, (s, low, high) in scores.items()
        },
    )


CASES = [
    # staff and two others, all concerns, staff's interval clear of 6: high
    (
        {"staff": (5.0, 4.8, 5.2), "board": (5.5, 4.9, 6.1), "stakeholders": (5.2, 4.9, 5.5)},
        ("high", False, False),
    ),
    # the board sees a strength where staff see a concern: one level lower
    (
        {"staff": (5.0, 4.8, 5.2), "board": (8.0, 7.5, 8.5), "stakeholders": (5.2, 4.9, 5.5)},
        ("medium", True, False),
    ),
    # staff's interval spans 6, so their signal is not settled: one level lower
    (
        {"staff": (6.05, 5.9, 6.2), "board": (5.5, 4.9, 6.1), "stakeholders": (6.5, 6.2, 6.8)},
        ("medium", False, True),
    ),
    # staff's interval spans 7, and signals oppose: two levels lower
    (
        {"staff": (7.0, 6.9, 7.1), "board": (8.0, 7.5, 8.5), "stakeholders": (5.0, 4.7, 5.3)},
        ("low", True, True),
    ),
    # two sources: medium; opposing: low
    ({"staff": (5.0, 4.8, 5.2), "board": (5.5, 4.9, 6.1)}, ("medium", False, False)),
    ({"staff": (5.0, 4.8, 5.2), "board": (7.5, 7.0, 8.0)}, ("low", True, False)),
    # one source: low, and never lower
    ({"staff": (6.0, 5.5, 6.5)}, ("low", False, True)),
    # without staff, three sources are medium at most
    (
        {"board": (5.0, 4.0, 6.0), "stakeholders": (5.5, 5.0, 6.0)},
        ("medium", False, False),
    ),
]


@pytest.mark.parametrize(("scores", "expected"), CASES)
def test_confidence_follows_the_documented_rule(
    scores: dict[str, tuple[float, float, float]], expected: tuple[str, bool, bool]
) -> None:
    (reading,) = triangulate([element(**scores)], [], FRAMEWORK)
    assert (reading.confidence, reading.opposing_signals, reading.staff_spans_cut_off) == expected


def test_northwick_is_high_everywhere_for_the_reasons_stated(
    northwick_diagnosis: culturekit.Diagnosis,
) -> None:
    # Every source speaks to every element, none opposes another and staff's intervals
    # lie clear of both cut-offs: checked here from the published figures themselves.
    for reading, result in zip(
        northwick_diagnosis.triangulation, northwick_diagnosis.elements, strict=True
    ):
        staff = result.sources["staff"]
        assert not any(staff.ci_low < cut < staff.ci_high for cut in (6.0, 7.0))
        signals = {e.signal for e in reading.evidence}
        assert not {"positive", "negative"} <= signals
        assert len(reading.evidence) >= 4
        assert reading.confidence == "high"

"""The framework's rules and confidence level as a report reads them.

Every report reads cut-offs through :func:`rule`, so the one place that knows a rule's
default (for results written before the framework stated it) is :data:`RULE_DEFAULTS`.
"""

from __future__ import annotations

from typing import Any

# Defaults for rules that older results (or frameworks) do not state.
RULE_DEFAULTS: dict[str, Any] = {
    "alpha_warning": 0.6,
    "gap_flag": 0.5,
    "strength_score": 7.0,
    "priority_score": 6.0,
    "dashboard_similar_within": 0.05,
    "likelihood_fair_range": (0.8, 1.25),
    "leadership_bands": ["Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM"],
    "min_group_for_ratio": 11,
    "notable_difference": 0.5,
    "direction_band": 0.25,
    "low_response_rate": 0.3,
    "change_alpha": 0.05,
}


def rule(result: Any, name: str) -> Any:
    """The value of rule ``name`` in ``result``'s framework summary, or its default."""
    rules = getattr(getattr(result, "framework", None), "rules", None)
    value = rules.get(name) if isinstance(rules, dict) else getattr(rules, name, None)
    return RULE_DEFAULTS[name] if value is None else value


def confidence_level(result: Any) -> float:
    """The confidence level of the result's intervals (0.95 when it has no framework)."""
    framework = getattr(result, "framework", None)
    return getattr(framework, "confidence_level", None) or 0.95


def confidence_label(result: Any) -> str:
    """The confidence level as a report prints it: ``95%``."""
    return f"{100 * confidence_level(result):g}%"

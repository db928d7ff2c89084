"""The framework's rules and confidence level as a report reads them."""

from __future__ import annotations

from typing import Any


def _framework(result: Any) -> Any:
    if hasattr(result, "rules"):
        return result  # a framework, or a result's framework summary
    # Every document (diagnosis, comparison, network summary) states its framework.
    return result.framework


def rule(result: Any, name: str) -> Any:
    """The value of rule ``name`` in the framework ``result`` was computed with."""
    return getattr(_framework(result).rules, name)


def confidence_level(result: Any) -> float:
    """The confidence level of the result's intervals."""
    return float(_framework(result).confidence_level)


def confidence_label(result: Any) -> str:
    """The confidence level as a report prints it: ``95%``."""
    return f"{100 * confidence_level(result):g}%"


def share_words(share: float) -> str:
    """A share in words: 0.3 -> ``3 in 10``, 0.25 -> ``25%``."""
    tenths = share * 10
    if abs(tenths - round(tenths)) < 1e-9 and 0 < round(tenths) < 10:
        return f"{round(tenths)} in 10"
    return f"{100 * share:g}%"


def low_response_words(result: Any) -> str:
    """The low-response cut-off in words: 0.3 -> ``3 in 10``, 0.25 -> ``25%``."""
    return share_words(float(rule(result, "low_response_rate")))

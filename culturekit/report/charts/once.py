"""A result's charts drawn once, however many of its formats are rendered.

The HTML report and the PDF show the same charts; drawing them is most of a report's
rendering time. Results are immutable, so the charts drawn for one result object stay
right for as long as it lives, and are forgotten with it.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def once_per_result(draw: Callable[[T], R]) -> Callable[[T], R]:
    """``draw(result)``, kept for the life of ``result`` (the charts are only read)."""
    drawn: dict[int, tuple[weakref.ref[T], R]] = {}

    @functools.wraps(draw)
    def charts(result: T) -> R:
        key = id(result)
        found = drawn.get(key)
        if found is not None and found[0]() is result:
            return found[1]
        value = draw(result)
        try:
            # The entry goes when the result does, before its id can be another's.
            ref = weakref.ref(result, lambda _, key=key: drawn.pop(key, None))  # type: ignore[misc]
        except TypeError:  # an object without weak references is drawn each time
            return value
        drawn[key] = (ref, value)
        return value

    return charts

"""Where a mutation's choices come from: hypothesis in the tests, a seeded generator in
the benchmark, so that both draw from the same cases."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Chooser(Protocol):
    def integer(self, low: int, high: int) -> int:
        """A whole number from ``low`` to ``high``, both included."""
        ...

    def pick(self, options: Sequence[T]) -> T: ...


class DrawChooser:
    """Choices drawn by hypothesis (``st.data()``), so that they shrink and are printed."""

    def __init__(self, data: Any) -> None:
        from hypothesis import strategies as st

        self._data = data
        self._st = st

    def integer(self, low: int, high: int) -> int:
        return self._data.draw(self._st.integers(low, high))

    def pick(self, options: Sequence[T]) -> T:
        return self._data.draw(self._st.sampled_from(list(options)))


class RandomChooser:
    """Choices from a seeded generator: the same seed, the same cases."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        return self._random.randint(low, high)

    def pick(self, options: Sequence[T]) -> T:
        return self._random.choice(list(options))

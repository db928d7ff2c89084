"""A workbook's sheets worked on side by side, in threads.

Scanning a sheet and reading it are mostly done outside Python's lock (numpy over the
XML's bytes, python-calamine's Rust), so two sheets take little more than the larger
alone. Results come back in the order given, and a failure is raised for the first item,
in that order, that failed: the error a reader sees does not depend on which thread
finished first.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# At most this many threads; None: one a processor this process may run on.
_limit: int | None = None


def set_threads(count: int | None) -> None:
    """Work with at most ``count`` threads (1: one item after another), or one a processor
    (None). A pool worker sets 1: its fellow workers have the other processors."""
    global _limit
    _limit = count


def threads() -> int:
    if _limit is not None:
        return max(1, _limit)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextlib.contextmanager
def side_by_side(work: Callable[[T], R], items: Iterable[T]) -> Iterator[Iterator[R]]:
    """``work`` on each of ``items`` at once, its results taken in order within the block.

    A result is let go as soon as it is taken, so that the caller can free it before the
    next. Leaving the block early cancels what has not started and waits for the rest.
    """
    listed = list(items)
    count = min(len(listed), threads())
    if count <= 1:
        # One after another, lazily: nothing after a failure is worked on.
        yield map(work, listed)
        return
    with ThreadPoolExecutor(count, thread_name_prefix="culturekit-sheet") as pool:
        futures: list[Future[R] | None] = [pool.submit(work, item) for item in listed]
        try:
            yield _in_order(futures)
        finally:
            for future in futures:
                if future is not None:
                    future.cancel()


def _in_order(futures: list[Future[R] | None]) -> Iterator[R]:
    for index in range(len(futures)):
        yield _take(futures, index)


def _take(futures: list[Future[R] | None], index: int) -> R:
    future, futures[index] = futures[index], None
    assert future is not None
    return future.result()


def in_threads(work: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """Every result of ``work`` on ``items``, worked on at once, in order."""
    with side_by_side(work, items) as results:
        return list(results)

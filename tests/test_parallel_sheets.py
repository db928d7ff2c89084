"""Sheets worked on side by side: results in order, the first failure in order raised."""

from __future__ import annotations

import threading

import pytest

from culturekit.ingest import parallel
from culturekit.ingest.parallel import in_threads, side_by_side


@pytest.fixture(params=[1, 3], ids=["one thread", "three threads"])
def threads(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(parallel, "_limit", request.param)
    return int(request.param)


def test_results_come_in_the_order_given(threads: int) -> None:
    assert in_threads(lambda n: n * n, range(7)) == [0, 1, 4, 9, 16, 25, 36]


def test_the_first_failure_in_order_is_raised_whichever_ends_first(threads: int) -> None:
    second_failed = threading.Event()

    def work(n: int) -> int:
        if n == 1:
            # Fails only once the later item has failed (or at once, one after another).
            second_failed.wait(timeout=5 if threads > 1 else 0)
            raise ValueError("the first")
        if n == 2:
            second_failed.set()
            raise ValueError("the second")
        return n

    with pytest.raises(ValueError, match="the first"):
        in_threads(work, range(4))


def test_one_thread_stops_at_the_first_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_limit", 1)
    worked: list[int] = []

    def work(n: int) -> int:
        worked.append(n)
        if n == 1:
            raise ValueError(n)
        return n

    with pytest.raises(ValueError):
        in_threads(work, range(4))
    assert worked == [0, 1]


def test_a_result_is_let_go_once_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_limit", 2)
    import weakref

    class Result:
        pass

    seen: list[weakref.ref[Result]] = []
    with side_by_side(lambda _: Result(), range(2)) as results:
        for result in results:
            seen.append(weakref.ref(result))
            del result
            assert seen[-1]() is None


def test_threads_default_to_the_processors_this_process_may_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "_limit", None)
    assert parallel.threads() >= 1
    parallel.set_threads(1)
    try:
        assert parallel.threads() == 1
    finally:
        parallel.set_threads(None)

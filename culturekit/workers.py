"""The process pool a batch runs in, whose workers never outlive the command.

Workers ignore Ctrl-C: a terminal sends it to every process of the command, and the
command decides what happens (:mod:`culturekit.interrupts`). When the command is
stopped, or the code running the pool gives up on it, the workers are ended at once
(SIGTERM, then SIGKILL for any still running), and the temporary files any of them
could not remove are removed from the output folders.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from functools import partial
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from culturekit import interrupts
from culturekit.files import remove_stale_temporaries
from culturekit.ingest.parallel import set_threads, threads

# How long stopped workers have to remove their temporary files before they are killed.
STOP_GRACE_SECONDS = 3.0


def process_pool(count: int, preload: Callable[[], None] | None = None) -> ProcessPoolExecutor:
    """A pool of ``count`` workers set up by :func:`culturekit.interrupts.worker_started`,
    each of which runs ``preload`` (a picklable function: the imports its tasks need) as
    it starts, before its first task."""
    # The processors are shared among the workers: each reads its sheets with its share.
    share = max(1, threads() // count)
    return ProcessPoolExecutor(
        max_workers=count, initializer=partial(_worker_started, preload, share)
    )


@contextlib.contextmanager
def local_pool(
    count: int, out_dir: Path, preload: Callable[[], None] | None = None
) -> Iterator[ProcessPoolExecutor]:
    """A :func:`process_pool` for the block, ended as :func:`ended_on_stop` says and shut
    down after it.

    Where workers are forked (Linux), ``preload`` runs here first, so that every worker
    inherits what it imported instead of importing it again.
    """
    frozen = preload is not None and multiprocessing.get_start_method() == "fork"
    if preload is not None and frozen:
        preload()
        # What was imported lives as long as the workers: out of the collector's reach
        # while they run, so that a worker's collections do not write to (and so copy)
        # every page of it the fork shares.
        gc.freeze()
    pool = process_pool(count, preload)
    try:
        with ended_on_stop(pool, out_dir):
            yield pool
    finally:
        pool.shutdown(cancel_futures=True)
        if frozen:
            gc.unfreeze()


def _worker_started(preload: Callable[[], None] | None, share: int = 1) -> None:
    interrupts.worker_started()
    set_threads(share)
    if preload is not None:
        preload()


@contextlib.contextmanager
def ended_on_stop(pool: Executor, out_dir: Path) -> Iterator[None]:
    """End ``pool``'s workers if the command is stopped while the block runs, or if the
    block raises (Ctrl-C in a program of its own, an error): trusts nobody will see are
    not left to finish."""
    stop = partial(stop_workers, pool, out_dir)
    try:
        with interrupts.cleanup(stop):
            yield
    except BaseException:
        stop()
        raise


def stop_workers(pool: Executor, out_dir: Path) -> None:
    """End the pool's workers now, then remove the temporary files they left in
    ``out_dir`` and the folders in it."""
    # Python 3.14 has pool.terminate_workers(); before it, the pool's own processes.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    running = _wait_for(processes, STOP_GRACE_SECONDS)
    for process in running:
        with contextlib.suppress(Exception):
            process.kill()
    _wait_for(running, STOP_GRACE_SECONDS)
    for process in processes:
        # Reaped here, so that none is left for the system to collect after the command.
        with contextlib.suppress(Exception):
            process.join(0.1)
    gone = {process.pid for process in processes if process.pid is not None}
    with contextlib.suppress(OSError):
        for folder in [out_dir, *(p for p in out_dir.iterdir() if p.is_dir())]:
            remove_stale_temporaries(folder, gone)


def _wait_for(processes: list[Any], seconds: float) -> list[Any]:
    """Wait up to ``seconds`` for ``processes`` to end; return those still running."""
    pending = {}
    for process in processes:
        with contextlib.suppress(ValueError):  # a closed process has ended
            pending[process.sentinel] = process
    deadline = time.monotonic() + seconds
    while pending and (left := deadline - time.monotonic()) > 0:
        for ended in wait(list(pending), timeout=left):
            del pending[ended]
    return list(pending.values())

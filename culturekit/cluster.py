"""A Dask cluster for a batch: its scheduler reached by address or scheduler file, and
the executor the batch hands its tasks to.

The workers need culturekit (the same version) and the ``dask`` extra installed, nothing
else: they are sent each workbook's bytes and send back the rendered outputs (see
:mod:`culturekit.tasks`).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError, Executor
from dataclasses import dataclass
from pathlib import Path

from culturekit.errors import ClusterError

INSTALL_HINT = 'Install the Dask extra here and on every worker: pip install "culturekit[dask]"'


@dataclass(frozen=True)
class Cluster:
    """The executor of a connected cluster, and what the scheduler said of it."""

    executor: Executor
    address: str
    workers: int
    threads: int

    def description(self) -> str:
        """What the batch runs on, in a line."""
        if not self.workers:
            return (
                f"Dask scheduler {self.address}: no workers yet; the trusts wait for "
                "workers to join"
            )
        workers = f"{self.workers} worker{'s' if self.workers != 1 else ''}"
        threads = f"{self.threads} thread{'s' if self.threads != 1 else ''}"
        return f"Dask scheduler {self.address}: {workers}, {threads}"


def scheduler_address(scheduler: str) -> str:
    """The address in ``scheduler``: an address itself (``tcp://host:8786``, ``host:8786``,
    ``tls://...``) or the path of the scheduler file ``dask scheduler --scheduler-file``
    writes, read here rather than waited for (a missing file is an error at once)."""
    if "://" in scheduler or not (scheduler.endswith(".json") or Path(scheduler).is_file()):
        return scheduler
    path = Path(scheduler)
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ClusterError(f"{scheduler}: scheduler file not found") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ClusterError(f"{scheduler}: not a Dask scheduler file ({exc})") from None
    address = saved.get("address") if isinstance(saved, dict) else None
    if not isinstance(address, str) or not address:
        raise ClusterError(f"{scheduler}: not a Dask scheduler file (it gives no address)")
    return address


@contextlib.contextmanager
def dask_cluster(scheduler: str) -> Iterator[Cluster]:
    """A client of the Dask scheduler ``scheduler`` (see :func:`scheduler_address`) for
    the block, closed after it.

    Waits for the scheduler as long as Dask's ``distributed.comm.timeouts.connect``
    (30 s unless configured, e.g. ``DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=10s``).
    Raises :class:`~culturekit.errors.ClusterError` when dask.distributed is not
    installed, the scheduler cannot be reached, or the cluster stops answering while the
    block runs.
    """
    try:
        from dask.distributed import Client
    except ImportError:
        raise ClusterError(
            "running on a Dask cluster needs dask.distributed", hint=INSTALL_HINT
        ) from None
    address = scheduler_address(scheduler)
    try:
        client = Client(address, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        threads = client.nthreads()
        cluster = Cluster(
            executor=client.get_executor(),
            address=str(client.scheduler.address),
            workers=len(threads),
            threads=sum(threads.values()),
        )
        try:
            yield cluster
        except Exception as exc:
            if not _lost(exc):
                raise
            # What was written is whole and up to date: a re-run builds only the rest.
            raise ClusterError(
                f"the Dask cluster at {address} stopped answering ({type(exc).__name__}: "
                f"{exc}); the trusts already written are up to date, so running the batch "
                "again builds only the rest"
            ) from None
    finally:
        with contextlib.suppress(Exception):
            client.close()


@contextlib.contextmanager
def cluster_executor(
    scheduler: str | None, say: Callable[[str], None] | None = None
) -> Iterator[Executor | None]:
    """The executor of the Dask cluster ``scheduler`` for the block (see
    :func:`dask_cluster`), whose workers and threads ``say`` is told; none (the batch's
    own pool) without a scheduler."""
    if scheduler is None:
        yield None
        return
    with dask_cluster(scheduler) as cluster:
        if say is not None:
            say(cluster.description())
        yield cluster.executor


def _lost(exc: BaseException) -> bool:
    """Whether ``exc`` says the cluster was lost (its connection closed, its futures
    cancelled), not that something here went wrong."""
    return isinstance(exc, CancelledError) or type(exc).__module__.startswith("distributed.")

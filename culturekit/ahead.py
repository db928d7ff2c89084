"""Work run ahead in a forked child while the command gets on with what comes next.

A diagnose spends about as long importing what it will score and render with (scipy,
matplotlib, its own models) as it spends reading and checking the workbook, and neither
needs the other. So where a processor is free, :func:`ahead` forks a child to do the work
(read and validate the input) while this process does the rest (imports), then takes the
child's result, which is the work's own: the child is a copy of this process, running
the same code on the same input.

Only on Linux, only from a process running no other thread (a child forked from one
might wait forever on a lock that thread held), and only where another processor is free
(:func:`culturekit.ingest.parallel.threads`: a pool worker is set to one). Otherwise the
work is run here, and then the rest.

The child sends back its result or a :class:`~culturekit.errors.CulturekitError`, which
is raised here as it would have been; any other failure (a bug, a child that died) is not
carried across: the work is then run again here, so that it fails here as it would
without a child. The child ignores Ctrl-C, which the command handles; it is killed if the
command is stopped, and ends if the command dies.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

from culturekit import interrupts
from culturekit.errors import CulturekitError
from culturekit.ingest.parallel import threads

R = TypeVar("R")

_DONE, _FAILED = "done", "failed"


def ahead(work: Callable[[], R], meanwhile: Callable[[], object]) -> R:
    """``work()``'s result, ``meanwhile()`` having run here while a child did the work."""
    if not _can_fork():
        result = work()
        meanwhile()
        return result
    parent = os.getpid()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _run_child(work, write_end, parent)
    os.close(write_end)
    try:
        with interrupts.cleanup(lambda: _kill(pid)):
            meanwhile()
            with os.fdopen(read_end, "rb") as pipe:
                sent = pipe.read()
    except BaseException:
        _kill(pid)
        raise
    finally:
        _reap(pid)
    try:
        outcome, value = pickle.loads(sent)
    except Exception:  # the child died before it said anything whole
        return work()
    if outcome == _DONE:
        return value  # type: ignore[no-any-return]
    if isinstance(value, CulturekitError):
        raise value
    return work()


def _can_fork() -> bool:
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and threading.active_count() == 1
        and threads() > 1
    )


def _run_child(work: Callable[[], object], write_end: int, parent: int) -> None:
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        interrupts.end_with_parent(parent)
        try:
            message: tuple[str, object] = (_DONE, work())
        except CulturekitError as exc:
            message = (_FAILED, exc)
        except BaseException:
            message = (_FAILED, None)
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(message, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        code = 1
    finally:
        # Nothing of the parent's (its exit handlers, its buffered output) is run or
        # written twice: the child leaves at once.
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)

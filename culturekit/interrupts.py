"""Ctrl-C and SIGTERM stop a culturekit command cleanly, wherever they land.

Python's own Ctrl-C raises ``KeyboardInterrupt`` at whatever line happens to run: inside
an import, a ``__del__``, a pool worker's idle loop or interpreter shutdown it ends in a
traceback or an "Exception ignored" message, and a second Ctrl-C cuts the clean-up of
the first short. SIGTERM is not handled at all: the process just dies, leaving its
temporary files and its pool workers behind.

So the command's handler raises nothing. It ignores any further signal, runs the
clean-ups registered with :func:`cleanup` (stopping a batch's workers), removes the
temporary files this process was writing, says so on standard error and exits at once
with the documented code: 130 for Ctrl-C, 143 for SIGTERM (128 + the signal's number,
as a shell reports a process the signal ended).

Pool workers ignore Ctrl-C (a terminal sends it to every process of the command, and the
command decides) and on SIGTERM remove their own temporary files and exit.

Only the command installs the handlers: a program that imports culturekit keeps its own
signal handling. This module imports nothing of culturekit's, so the package can install
them first thing when it is run as the command (see ``culturekit/__init__.py``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence

EXIT_CODES: dict[int, int] = {signal.SIGINT: 130, signal.SIGTERM: 143}
_SAID: dict[int, str] = {
    signal.SIGINT: "interrupted",
    signal.SIGTERM: "stopped by SIGTERM",
}
_SIGNALS = tuple(EXIT_CODES)
# The ways the command is started: the console script and ``python -m``.
_COMMAND_SCRIPTS = {"culturekit", "culturekit-script"}
_COMMAND_MODULES = {"culturekit", "culturekit.cli"}

_cleanups: list[Callable[[], None]] = []
# The process that installed the handlers; a forked child that inherits them is not it.
_owner: int | None = None


def install() -> None:
    """Handle Ctrl-C and SIGTERM as described above, in this process."""
    global _owner
    _owner = os.getpid()
    for signum in _SIGNALS:
        signal.signal(signum, _stop)


def install_if_command() -> None:
    """:func:`install`, when this interpreter was started to run the culturekit command."""
    if is_command(getattr(sys, "orig_argv", ())):
        install()


def is_command(argv: Sequence[str]) -> bool:
    """Whether an interpreter's command line (``sys.orig_argv``) runs the culturekit
    command: its console script, ``python -m culturekit`` or ``python -m culturekit.cli``."""
    args = list(argv[1:])
    while args:
        arg = args.pop(0)
        if arg == "-":
            return False
        if not arg.startswith("-"):
            name = arg.replace("\\", "/").rsplit("/", 1)[-1]
            return name.partition(".")[0] in _COMMAND_SCRIPTS
        if arg.startswith("--"):
            if arg == "--check-hash-based-pycs" and args:
                args.pop(0)
            continue
        # Single-letter options, which may be run together (-Im culturekit, -Xdev).
        for at, letter in enumerate(arg[1:], start=2):
            if letter in "cmWX":
                value = arg[at:] or (args.pop(0) if args else "")
                if letter == "m":
                    return value in _COMMAND_MODULES
                if letter == "c":
                    return False
                break
    return False


def finish() -> None:
    """The command is done and its result stands: a signal from now on is ignored, so
    it cannot land in the interpreter's shutdown."""
    if _owner == os.getpid():
        for signum in _SIGNALS:
            signal.signal(signum, signal.SIG_IGN)


@contextlib.contextmanager
def cleanup(callback: Callable[[], None]) -> Iterator[None]:
    """Run ``callback`` if the command is stopped while the block runs."""
    _cleanups.append(callback)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            _cleanups.remove(callback)


def worker_started() -> None:
    """Set up a pool worker (a ``ProcessPoolExecutor`` initializer): Ctrl-C is ignored,
    SIGTERM removes the worker's temporary files and ends it, and on Linux the worker is
    sent SIGTERM when the process that started it dies, even by SIGKILL."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    end_with_parent()


def _stop(signum: int, frame: object) -> None:
    # A second Ctrl-C while cleaning up must not cut the clean-up short: it is bounded.
    for other in _SIGNALS:
        signal.signal(other, signal.SIG_IGN)
    command = os.getpid() == _owner
    if command:
        for callback in reversed(list(_cleanups)):
            with contextlib.suppress(Exception):
                callback()
    # Looked up, not imported: a process that never imported it wrote no temporary file.
    files = sys.modules.get("culturekit.files")
    if files is not None:
        with contextlib.suppress(Exception):
            files.remove_own_temporaries()
    code = EXIT_CODES.get(signum, 128 + signum)
    if command:
        for stream in (sys.stdout, sys.stderr):
            # The interrupted code may be inside a write to the same stream.
            with contextlib.suppress(Exception):
                stream.flush()
        message = f"Error: {_SAID.get(signum, 'stopped')}; no partial output was left behind\n"
        with contextlib.suppress(OSError):
            os.write(2, message.encode())
    os._exit(code)


def end_with_parent(parent: int | None = None) -> None:
    """Ask Linux to send this process SIGTERM when its parent dies; a child forked by
    ``parent`` (a process id) that outlived it already ends at once."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import multiprocessing

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    if parent is None:
        started_by = multiprocessing.parent_process()
        parent = started_by.pid if started_by is not None else None
    if parent is not None and os.getppid() != parent:
        os._exit(EXIT_CODES[signal.SIGTERM])  # the parent died before it could be asked

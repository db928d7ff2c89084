"""Run the command line on a hostile input without risking the process that asks.

:func:`run_forked` forks: the child runs the command in process through click's
``CliRunner`` (the modules the parent already imported make it quick), behind an
address-space limit, with its file descriptors sent to a file so that what C and Rust
libraries print is seen too. :func:`run_process` starts ``python -m culturekit.cli`` for
real, behind the same limit. Either way an abort, a crash or a hang is an
:class:`Outcome` (a signal, a timeout), not the end of the test run; and the child's own
peak memory comes back from ``wait4``.

POSIX only (fork, rlimits, process groups), like the tests that use it.
"""

from __future__ import annotations

import contextlib
import faulthandler
import fcntl
import os
import pickle
import pty
import resource
import select
import signal
import struct
import sys
import tempfile
import termios
import time
import traceback
import tty
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Generous bounds: every input of the corpus should finish in seconds, well under 1 GiB.
TIMEOUT = 60.0
MEMORY = 2 << 30


@dataclass
class Outcome:
    args: list[str]
    exit_code: int | None = None  # None: killed by a signal, or timed out
    stdout: str = ""
    stderr: str = ""
    raw: str = ""  # written straight to the file descriptors (C and Rust code, aborts)
    exception: str | None = None  # "module.Type: message" of an exception that escaped
    traceback: str = ""
    signal: int | None = None
    timed_out: bool = False
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # user and system time of the child (and what it waited for)
    max_rss: int = 0  # bytes

    @property
    def text(self) -> str:
        """Everything the command printed, however it printed it."""
        return "\n".join((self.stdout, self.stderr, self.raw, self.traceback))

    def summary(self) -> str:
        if self.timed_out:
            status = f"timed out after {self.seconds:.0f} s"
        elif self.signal is not None:
            status = f"killed by signal {self.signal} ({signal.Signals(self.signal).name})"
        else:
            status = f"exit {self.exit_code}"
        lines = [
            f"culturekit {' '.join(self.args)}: {status}, {self.seconds:.1f} s, "
            f"{self.max_rss / 2**20:.0f} MiB"
        ]
        if self.exception:
            lines.append(f"exception: {self.exception}")
        for label, text in (("stderr", self.stderr), ("raw", self.raw), ("", self.traceback)):
            if text.strip():
                lines.append(f"{label}: {_tail(text)}" if label else _tail(text, 3000))
        return "\n".join(lines)


def _tail(text: str, limit: int = 1500) -> str:
    """The start and the end of a long text (an abort says what failed first)."""
    text = text.strip()
    half = limit // 2
    return text if len(text) <= limit else f"{text[:half]}\n...\n{text[-half:]}"


def _limit_memory(memory: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def _wait(
    pid: int, timeout: float, started: float, drain: dict[int, bytearray] | None = None
) -> tuple[int | None, Outcome]:
    """Wait for ``pid`` (killing its process group on timeout), reading what it writes to
    the terminals in ``drain`` meanwhile; its exit status and rusage."""
    outcome = Outcome(args=[])
    drain = drain if drain is not None else {}
    deadline = started + timeout
    while True:
        _read_terminals(drain, 0.005)
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            outcome.timed_out = True
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            break
        if not drain:
            time.sleep(0.005)
    while drain and _read_terminals(drain, 0):
        pass
    outcome.seconds = time.monotonic() - started
    outcome.cpu_seconds = usage.ru_utime + usage.ru_stime
    outcome.max_rss = usage.ru_maxrss * 1024
    if os.WIFSIGNALED(status) and not outcome.timed_out:
        outcome.signal = os.WTERMSIG(status)
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    return code, outcome


def _read_terminals(terminals: dict[int, bytearray], wait: float) -> bool:
    """Read what is waiting on each pseudo-terminal; whether anything was."""
    if not terminals:
        return False
    ready, _, _ = select.select(list(terminals), [], [], wait)
    got = False
    for fd in ready:
        try:
            chunk = os.read(fd, 1 << 16)
        except OSError:  # the child closed its end
            chunk = b""
        terminals[fd] += chunk
        got = got or bool(chunk)
    return got


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "backslashreplace") if path.exists() else ""


def run_forked(
    args: list[str], *, cwd: Path | None = None, timeout: float = TIMEOUT, memory: int = MEMORY
) -> Outcome:
    """``culturekit ARGS`` through ``CliRunner`` in a forked child."""
    from click.testing import CliRunner

    from culturekit.cli import cli

    args = [str(a) for a in args]
    with tempfile.TemporaryDirectory(prefix="culturekit-fuzz-") as scratch:
        raw_path, result_path = Path(scratch, "raw"), Path(scratch, "result")
        sys.stdout.flush()
        sys.stderr.flush()
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            try:
                os.setpgid(0, 0)
                fd = os.open(raw_path, os.O_WRONLY | os.O_CREAT, 0o600)
                os.dup2(fd, 1)
                os.dup2(fd, 2)
                os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
                if cwd is not None:
                    os.chdir(cwd)
                # A crash's Python stack goes with the rest, not to the test run's stderr.
                faulthandler.enable(file=fd)
                _limit_memory(memory)
                # color=True: keep escape sequences, as a terminal gets them (click strips
                # them from anything that is not a terminal).
                result = CliRunner().invoke(cli, args, catch_exceptions=True, color=True)
                found: dict[str, object] = {
                    "exit_code": result.exit_code,
                    "stdout": result.stdout,
                    "stderr": result.stderr,
                }
                exc = result.exception
                if exc is not None and not isinstance(exc, SystemExit):
                    found["exception"] = f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}"
                    found["traceback"] = "".join(traceback.format_exception(*result.exc_info))
                Path(result_path).write_bytes(pickle.dumps(found))
            except BaseException as exc:  # the child reports whatever happened to it
                try:
                    Path(result_path).write_bytes(
                        pickle.dumps({"exception": f"in the child: {exc!r}"})
                    )
                finally:
                    os._exit(99)
            os._exit(0)
        status_code, outcome = _wait(pid, timeout, started)
        outcome.args = args
        outcome.raw = _read(raw_path)
        if result_path.exists() and outcome.signal is None and not outcome.timed_out:
            found = pickle.loads(result_path.read_bytes())
            outcome.exit_code = found.get("exit_code", status_code)  # type: ignore[assignment]
            outcome.stdout = str(found.get("stdout", ""))
            outcome.stderr = str(found.get("stderr", ""))
            outcome.exception = found.get("exception")  # type: ignore[assignment]
            outcome.traceback = str(found.get("traceback", ""))
        elif outcome.signal is None and not outcome.timed_out:
            # The command ended the process itself (os._exit, as on Ctrl-C).
            outcome.exit_code = status_code
    return outcome


def run_process(
    args: list[str], *, cwd: Path | None = None, timeout: float = TIMEOUT, memory: int = MEMORY
) -> Outcome:
    """``python -m culturekit.cli ARGS`` in a process of its own, its standard output and
    error each a pseudo-terminal (what a user sees, escape sequences included)."""
    args = [str(a) for a in args]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    argv = [sys.executable, "-m", "culturekit.cli", *args]
    terminals = [pty.openpty(), pty.openpty()]
    for _, child_end in terminals:
        tty.setraw(child_end)  # no "\n" to "\r\n": the text as the command wrote it
        fcntl.ioctl(child_end, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    sys.stdout.flush()
    sys.stderr.flush()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.setpgid(0, 0)
            os.dup2(terminals[0][1], 1)
            os.dup2(terminals[1][1], 2)
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            for ours, theirs in terminals:
                os.close(ours)
                os.close(theirs)
            if cwd is not None:
                os.chdir(cwd)
            _limit_memory(memory)
            os.execve(sys.executable, argv, env)
        finally:
            os._exit(127)
    drain = {ours: bytearray() for ours, _ in terminals}
    for _, theirs in terminals:
        os.close(theirs)
    try:
        status_code, outcome = _wait(pid, timeout, started, drain)
    finally:
        for ours, _ in terminals:
            os.close(ours)
    outcome.args = args
    outcome.exit_code = status_code if outcome.signal is None and not outcome.timed_out else None
    stdout, stderr = (drain[ours] for ours, _ in terminals)
    outcome.stdout = stdout.decode("utf-8", "backslashreplace")
    outcome.stderr = stderr.decode("utf-8", "backslashreplace")
    return outcome

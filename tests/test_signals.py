"""Ctrl-C and SIGTERM, wherever they land, sent to the real command in a child process.

Each run starts in a session of its own, so a signal can go to its whole process group,
as a terminal sends Ctrl-C, and the group can be searched afterwards for processes still
running. A run is stopped at a moment recognised from outside, through /proc:

- started: the process catches SIGTERM, so culturekit's handler is installed; the rest
  of its imports are still to come;
- importing: scipy is mapped, so the scientific libraries are being imported;
- reading: the workbook is open, or python-calamine is mapped, in any of the command's
  processes (it may read its input in a child while it imports the rest);
- rendering: matplotlib's Agg backend is mapped, so charts are being drawn;
- writing: an output's temporary file exists, or some outputs are in place and not all;
- finished: every output exists (the command is printing and shutting down).

After every stop: the exit code is the documented one (130 for Ctrl-C, 143 for SIGTERM;
0 when the command had already finished), standard error ends with the one ``Error:``
line and holds no traceback and no "Exception ignored", no process of the command is
still running, no temporary file is left and every output there is whole.

A moment can pass before it is seen (a temporary file lives a few milliseconds, and a
loaded machine may not look in time): such a run is repeated, never counted as a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bad_inputs import staff_rows
from helpers.workbooks import TRUST_ROWS, make_workbook

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="the runs are watched through /proc"
)

ROOT = Path(__file__).resolve().parents[1]
EPOCH = "1700000000"
# The documented exit codes: 128 + the signal's number, as a shell shows them.
EXIT = {signal.SIGINT: 130, signal.SIGTERM: 143}
LAST_LINE = {
    signal.SIGINT: "Error: interrupted; no partial output was left behind",
    signal.SIGTERM: "Error: stopped by SIGTERM; no partial output was left behind",
}
# Any hidden .tmp file: culturekit's temporary files, of this naming or any other.
TEMPORARY = re.compile(r"^\..+\.tmp$")
ATTEMPTS = 6
# How long the processes of a stopped command may take to disappear from /proc.
GONE_WITHIN = 2.0


# --------------------------------------------------------------------------- inputs


def _trust(code: str, period: str) -> list[list[object]]:
    rows = [list(row) for row in TRUST_ROWS]
    rows[1][1] = f"Trust {code} NHS Trust"
    rows[2][1] = code
    rows[3][1] = period
    return rows


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two trusts, each with two collections: the batch's compare pairs."""
    folder = tmp_path_factory.mktemp("inputs")
    for code in ("RXA", "RXB"):
        for year, period in (("2025", "2025 baseline"), ("2026", "2026 follow-up")):
            make_workbook(
                folder,
                {"Trust": _trust(code, period), "Staff": staff_rows(30)},
                name=f"{code.lower()}-{year}.xlsx",
            )
    return folder


# --------------------------------------------------------------------------- runs


@dataclass
class Run:
    process: subprocess.Popen[bytes]
    out: Path
    stderr_file: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def stderr(self) -> str:
        return self.stderr_file.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[[list[str], Path], Run]]:
    """``start(args, out)`` runs ``python -m culturekit *args``; every process of every
    run is killed at the end, whatever the test found."""
    groups: list[int] = []
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": path, "SOURCE_DATE_EPOCH": EPOCH}

    def run(args: list[str], out: Path) -> Run:
        name = f"run-{len(groups)}"
        stdout, stderr = tmp_path / f"{name}.out", tmp_path / f"{name}.err"
        with stdout.open("wb") as out_file, stderr.open("wb") as err_file:
            process = subprocess.Popen(
                [sys.executable, "-m", "culturekit", *args, "-o", str(out)],
                stdin=subprocess.DEVNULL,
                stdout=out_file,
                stderr=err_file,
                env=env,
                start_new_session=True,
            )
        groups.append(process.pid)
        return Run(process, out, stderr)

    yield run
    for group in groups:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, signal.SIGKILL)


def _proc(pid: int, name: str) -> str:
    try:
        return Path(f"/proc/{pid}/{name}").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def catches(signum: int) -> Callable[[Run], bool]:
    def seen(run: Run) -> bool:
        for line in _proc(run.pid, "status").splitlines():
            if line.startswith("SigCgt:"):
                return bool(int(line.split()[1], 16) & (1 << (signum - 1)))
        return False

    return seen


def group_pids(run: Run) -> list[int]:
    """The command's processes: it may read its input in a child of its own."""
    return [int(line.split(":", 1)[0]) for line in running_in_group(run.pid)] or [run.pid]


def maps(*names: str) -> Callable[[Run], bool]:
    def seen(run: Run) -> bool:
        for pid in group_pids(run):
            mapped = _proc(pid, "maps")
            if any(name in mapped for name in names):
                return True
        return False

    return seen


def opened(path: Path) -> Callable[[Run], bool]:
    def seen(run: Run) -> bool:
        for pid in group_pids(run):
            with contextlib.suppress(OSError):
                for fd in os.listdir(f"/proc/{pid}/fd"):
                    with contextlib.suppress(OSError):
                        if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
                            return True
        return False

    return seen


def either(*markers: Callable[[Run], bool]) -> Callable[[Run], bool]:
    return lambda run: any(marker(run) for marker in markers)


def files_in(run: Run) -> list[Path]:
    return [p for p in run.out.rglob("*") if p.is_file()] if run.out.exists() else []


def temporary(run: Run) -> bool:
    return any(TEMPORARY.match(p.name) for p in files_in(run))


def workers(count: int) -> Callable[[Run], bool]:
    """The command has started ``count`` processes of its own: its pool's workers."""

    def seen(run: Run) -> bool:
        children = Path(f"/proc/{run.pid}/task/{run.pid}/children")
        if children.exists():
            return len(_proc(run.pid, f"task/{run.pid}/children").split()) >= count
        return len(running_in_group(run.pid)) > count

    return seen


def written(*names: str, count: int = 1) -> Callable[[Run], bool]:
    """At least ``count`` files named one of ``names`` are in the output tree."""
    return lambda run: sum(p.name in names for p in files_in(run)) >= count


def partly(names: tuple[str, ...]) -> Callable[[Run], bool]:
    """Some of ``names`` are in the output tree, and not all of them."""

    def seen(run: Run) -> bool:
        present = {p.name for p in files_in(run)} & set(names)
        return 0 < len(present) < len(names)

    return seen


def reached(run: Run, marker: Callable[[Run], bool], timeout: float = 120.0) -> bool:
    """Wait until ``marker`` holds while the run is still going; False if it ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and run.process.poll() is None:
        if marker(run):
            return run.process.poll() is None
        time.sleep(0.002)
    return False


def running_in_group(group: int) -> list[str]:
    """The processes of process group ``group`` still running (zombies are not)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        stat = _proc(int(entry.name), "stat")
        if not stat:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # state, ppid, pgrp, ...
        if int(fields[2]) == group and fields[0] not in ("Z", "X"):
            found.append(f"{entry.name}: {_proc(int(entry.name), 'cmdline')!r}")
    return found


def stop_at(
    start: Callable[[list[str], Path], Run],
    args: list[str],
    out: Path,
    marker: Callable[[Run], bool],
    send: Callable[[Run], None],
    *,
    may_finish: bool = False,
) -> Run:
    """Run ``args`` into a fresh folder under ``out``, ``send`` its signal(s) once
    ``marker`` holds, and wait for the end. A run that ends before its moment is seen, or
    finishes before the signal lands (unless it ``may_finish``), is repeated."""
    for attempt in range(ATTEMPTS):
        run = start(args, out / f"attempt-{attempt}")
        if reached(run, marker):
            send(run)
            run.process.wait(timeout=120)
            if may_finish or run.process.returncode != 0:
                return run
        run.process.wait(timeout=120)
    pytest.fail(f"the moment was never caught in {ATTEMPTS} runs of {args}")


def to_group(signum: int, times: int = 1) -> Callable[[Run], None]:
    """Send ``signum`` to the run's process group, as a terminal sends Ctrl-C."""

    def send(run: Run) -> None:
        for index in range(times):
            if index:
                time.sleep(0.15)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(run.pid, signum)

    return send


def to_command(signum: int) -> Callable[[Run], None]:
    """Send ``signum`` to the command's own process only, as ``kill PID`` does."""
    return lambda run: run.process.send_signal(signum)


def assert_stopped_cleanly(run: Run, signum: int, *, may_finish: bool = False) -> None:
    stderr = run.stderr()
    assert "Traceback" not in stderr, stderr
    assert "Exception ignored" not in stderr, stderr
    code = run.process.returncode
    expected = {EXIT[signum], 0} if may_finish else {EXIT[signum]}
    assert code in expected, (code, stderr)
    if code != 0:
        assert stderr.rstrip().splitlines()[-1] == LAST_LINE[signum], stderr
    deadline = time.monotonic() + GONE_WITHIN
    while (left := running_in_group(run.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, f"still running after the command ended: {left}"
    for path in files_in(run):
        assert not TEMPORARY.match(path.name), f"temporary file left: {path}"
        assert_whole(path)


def assert_whole(path: Path) -> None:
    if path.suffix == ".html":
        assert path.read_text(encoding="utf-8").rstrip().endswith("</html>"), path
    elif path.suffix == ".json":
        json.loads(path.read_text(encoding="utf-8"))
    elif path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None, path


# --------------------------------------------------------------------------- diagnose

DIAGNOSE_OUTPUTS = ("report.html", "diagnosis.json")


@pytest.mark.parametrize(
    ("moment", "signum"),
    [
        ("started", signal.SIGINT),
        ("started", signal.SIGTERM),
        ("importing", signal.SIGTERM),
        ("reading", signal.SIGINT),
        ("rendering", signal.SIGTERM),
        ("writing", signal.SIGINT),
        ("finished", signal.SIGTERM),
    ],
)
def test_diagnose_stopped(
    start: Callable[[list[str], Path], Run],
    inputs: Path,
    tmp_path: Path,
    moment: str,
    signum: int,
) -> None:
    workbook = inputs / "rxa-2025.xlsx"
    markers = {
        "started": catches(signal.SIGTERM),
        "importing": maps("/scipy/"),
        "reading": either(opened(workbook), maps("calamine")),
        "rendering": maps("_backend_agg"),
        # Between outputs the command is still writing: the rest are still to come.
        "writing": either(temporary, partly(DIAGNOSE_OUTPUTS)),
        "finished": written(*DIAGNOSE_OUTPUTS, count=len(DIAGNOSE_OUTPUTS)),
    }
    run = stop_at(
        start,
        ["diagnose", str(workbook), "-q", "--format", "html,json"],
        tmp_path / "out",
        markers[moment],
        to_group(signum),
        may_finish=moment == "finished",
    )
    assert_stopped_cleanly(run, signum, may_finish=moment == "finished")


# --------------------------------------------------------------------------- batch

BATCH = ["batch", "--jobs", "2", "--format", "html,json"]


def test_ctrl_c_while_batch_workers_run(
    start: Callable[[list[str], Path], Run], inputs: Path, tmp_path: Path
) -> None:
    run = stop_at(
        start,
        [*BATCH, str(inputs)],
        tmp_path / "out",
        temporary,  # a worker is writing a trust's reports
        to_group(signal.SIGINT),
    )
    assert_stopped_cleanly(run, signal.SIGINT)


def test_ctrl_c_twice_while_batch_workers_run(
    start: Callable[[list[str], Path], Run], inputs: Path, tmp_path: Path
) -> None:
    run = stop_at(
        start,
        [*BATCH, str(inputs)],
        tmp_path / "out",
        workers(2),
        to_group(signal.SIGINT, times=2),
    )
    assert_stopped_cleanly(run, signal.SIGINT)


def test_ctrl_c_while_batch_compares_pairs(
    start: Callable[[list[str], Path], Run], inputs: Path, tmp_path: Path
) -> None:
    run = stop_at(
        start,
        [*BATCH, "--format", "json", "--compare", str(inputs)],
        tmp_path / "out",
        # Every trust diagnosed: the pairs are being compared.
        written(".culturekit-manifest.json", count=4),
        to_group(signal.SIGINT),
    )
    assert_stopped_cleanly(run, signal.SIGINT)


def test_sigterm_to_the_batch_command_ends_its_workers(
    start: Callable[[list[str], Path], Run], inputs: Path, tmp_path: Path
) -> None:
    run = stop_at(
        start,
        [*BATCH, str(inputs)],
        tmp_path / "out",
        workers(2),
        to_command(signal.SIGTERM),  # the workers get no signal but from the command
    )
    assert_stopped_cleanly(run, signal.SIGTERM)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's parent-death signal")
def test_workers_end_when_the_batch_command_is_killed(
    start: Callable[[list[str], Path], Run], inputs: Path, tmp_path: Path
) -> None:
    run = stop_at(
        start, [*BATCH, str(inputs)], tmp_path / "out", workers(2), to_command(signal.SIGKILL)
    )
    assert run.process.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 10
    while (left := running_in_group(run.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, f"workers outlived the killed command: {left}"


# --------------------------------------------------------------------------- library


def test_a_program_importing_culturekit_keeps_its_signal_handling(tmp_path: Path) -> None:
    code = (
        "import signal, culturekit, culturekit.cli\n"
        "print(signal.getsignal(signal.SIGINT) is signal.default_int_handler,"
        " signal.getsignal(signal.SIGTERM) is signal.SIG_DFL)\n"
    )
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": path},
        timeout=60,
        check=True,
    )
    assert done.stdout.split() == ["True", "True"]


def test_an_interrupted_batch_in_a_program_ends_its_workers(inputs: Path, tmp_path: Path) -> None:
    from culturekit.batch import batch

    def interrupt(event: object) -> None:
        raise KeyboardInterrupt

    def children() -> set[str]:
        return {
            line
            for line in running_in_group(os.getpgid(0))
            if _parent(int(line.split(":")[0])) == os.getpid()
        }

    # What this process ran before (a test's Dask cluster leaves multiprocessing's
    # resource tracker, which lives as long as the process) is not the batch's.
    before = children()
    out = tmp_path / "out"
    # The missing path fails at once, so the interrupt comes while the others are diagnosed.
    with pytest.raises(KeyboardInterrupt):
        batch(
            [tmp_path / "missing.xlsx", inputs], out, jobs=2, formats=["json"], progress=interrupt
        )
    left = children() - before
    assert not left, left
    assert not [p for p in out.rglob("*") if TEMPORARY.match(p.name)]


def _parent(pid: int) -> int:
    stat = _proc(pid, "stat")
    return int(stat.rsplit(")", 1)[1].split()[1]) if stat else 0


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["/venv/bin/python3", "/venv/bin/culturekit", "diagnose", "trust.xlsx"], True),
        (["python", "-m", "culturekit", "batch", "in/"], True),
        (["python", "-mculturekit.cli", "validate"], True),
        (["python", "-X", "dev", "-W", "error", "-Im", "culturekit"], True),
        (["python", "-u", "C:\\venv\\Scripts\\culturekit-script.py"], True),
        (["python", "-m", "pytest", "-m", "culturekit"], False),
        (["python", "-c", "import culturekit", "culturekit"], False),
        (["python", "-X", "culturekit", "analysis.py"], False),
        (["python", "-"], False),
        (["python"], False),
    ],
)
def test_the_command_is_recognised_from_the_interpreters_command_line(
    argv: list[str], command: bool
) -> None:
    from culturekit.interrupts import is_command

    assert is_command(argv) is command

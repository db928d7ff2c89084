"""Work run ahead in a forked child: the same result, the same errors, nothing left behind.

The test process runs threads of its own (pytest-xdist's), where culturekit never forks;
the tests that need a child say the process has no other thread.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bad_inputs import good_sheets
from helpers.workbooks import make_workbook

from culturekit import ahead as ahead_module
from culturekit.ahead import ahead
from culturekit.errors import (
    ClusterError,
    ComparisonError,
    CulturekitError,
    InputFileError,
    OutputError,
    Problem,
    ValidationError,
)
from culturekit.ingest import parallel

ROOT = Path(__file__).resolve().parents[1]

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux")


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(parallel, "_limit", 2)


@linux_only
def test_the_work_runs_in_a_child_while_this_process_does_the_rest(forking: None) -> None:
    here = os.getpid()
    done: list[int] = []
    assert ahead(os.getpid, lambda: done.append(os.getpid())) != here
    assert done == [here]


@linux_only
def test_a_culturekit_error_in_the_child_is_raised_here_whole(forking: None) -> None:
    problems = [Problem("a blank answer", file="t.xlsx", sheet="Staff", row=4, column="VV1")]

    def fails() -> None:
        raise ValidationError(problems, summary="the staff survey has a problem")

    with pytest.raises(ValidationError) as raised:
        ahead(fails, lambda: None)
    assert raised.value.problems == problems
    assert str(raised.value) == str(
        ValidationError(problems, summary="the staff survey has a problem")
    )


@linux_only
def test_any_other_failure_in_the_child_is_run_again_here(forking: None) -> None:
    here = os.getpid()

    def fails_in_a_child() -> str:
        if os.getpid() != here:
            raise RuntimeError("a bug")
        return "run here"

    assert ahead(fails_in_a_child, lambda: None) == "run here"


@linux_only
def test_a_child_that_dies_is_run_again_here(forking: None) -> None:
    here = os.getpid()

    def dies_in_a_child() -> str:
        if os.getpid() != here:
            os._exit(9)
        return "run here"

    assert ahead(dies_in_a_child, lambda: None) == "run here"


@linux_only
def test_a_failure_here_kills_the_child(forking: None, monkeypatch: pytest.MonkeyPatch) -> None:
    children: list[int] = []
    fork = os.fork

    def recorded_fork() -> int:
        pid = fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recorded_fork)

    def stopped() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ahead(lambda: threading.Event().wait(60), stopped)
    (child,) = children
    with pytest.raises(ChildProcessError):  # killed and reaped already
        os.waitpid(child, os.WNOHANG)


def test_without_a_free_processor_the_work_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_limit", 1)
    order: list[str] = []
    here = os.getpid()
    assert ahead(lambda: order.append("work") or os.getpid(), lambda: order.append("rest")) == here
    assert order == ["work", "rest"]


def test_in_a_process_with_threads_the_work_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ahead_module.threading, "active_count", lambda: 2)
    monkeypatch.setattr(parallel, "_limit", 2)
    assert ahead(os.getpid, lambda: None) == os.getpid()


@pytest.mark.parametrize(
    "error",
    [
        CulturekitError("plain"),
        InputFileError("t.xlsx: damaged", hint="Open it in Excel"),
        OutputError("no folder", remedy="out_dir"),
        ComparisonError("other trusts", remedy="allow_different_trusts"),
        ClusterError("no scheduler"),
        ValidationError([Problem("x", file="f.csv", row=2)], summary="one problem"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_every_error_survives_pickling(error: CulturekitError) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert str(back) == str(error)
    assert back.__dict__ == error.__dict__
    assert back.exit_code == error.exit_code


@linux_only
def test_the_command_reads_ahead_and_writes_what_a_program_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command (one thread, processors free: it reads in a child) and the Python API
    in this process (threads: it reads here) write the same report data."""
    import culturekit

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    workbook = make_workbook(tmp_path, good_sheets())
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    command = [sys.executable, "-m", "culturekit", "diagnose", str(workbook)]
    done = subprocess.run(
        [*command, "-o", str(tmp_path / "cli"), "-q", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    written = culturekit.write_report(culturekit.diagnose(workbook), tmp_path / "api", ["json"])
    assert (tmp_path / "cli" / "diagnosis.json").read_bytes() == written["json"].read_bytes()

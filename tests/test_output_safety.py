"""Nothing lost: inputs never change, outputs are whole or absent, runs repeat exactly.

- every command opens its inputs read-only: their bytes, times and folder are unchanged;
- no output is written over an input (under any name: a symbolic or hard link), nor into
  the templates folder; batch never reads inside its own output folder;
- each output is written to a temporary file and renamed into place, so a run killed at
  any moment leaves the old file or the new one, and the next run removes the temporary
  files a killed run could not;
- Ctrl-C gives ``Error: interrupted...`` and exit 130, with no partial file;
- the same input gives byte-identical JSON, and HTML that differs only in its generation
  time, which ``SOURCE_DATE_EPOCH`` fixes;
- a failure while rendering any format writes nothing at all (in a batch, nothing of
  that trust's).
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from bad_inputs import good_sheets, staff_rows
from click.testing import CliRunner, Result
from helpers.workbooks import TRUST_ROWS, make_workbook

from culturekit import files
from culturekit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = ("report.html", "diagnosis.json")
OLD = {
    "report.html": b"<!DOCTYPE html>\n<html><body><p>last year's report</p></body></html>\n",
    "diagnosis.json": b'{"old": true}\n',
}
TEMPORARY = re.compile(r"^\.(report\.html|diagnosis\.json)\.[0-9]+-[a-z0-9_]{8}\.tmp$")
EPOCH = "1700000000"  # 14 November 2023, 22:13 UTC
GENERATED = re.compile(r"\b\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} UTC\b")


def run(args: list[object], **env: str) -> Result:
    result = CliRunner(env=env or None).invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result


def state(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder``: its sha256 and modification time."""
    return {
        str(path.relative_to(folder)): (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def collections(tmp_path: Path) -> tuple[Path, Path]:
    """Two collections of one trust (pre and post), alone in a folder."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    post_trust = [list(row) for row in TRUST_ROWS]
    post_trust[3][1] = "2026 follow-up"
    pre = make_workbook(folder, good_sheets(Staff=staff_rows(30)), name="pre.xlsx")
    post = make_workbook(
        folder, {"Trust": post_trust, "Staff": staff_rows(30, VV1=5)}, name="post.xlsx"
    )
    return pre, post


def test_no_command_changes_its_inputs(tmp_path: Path, collections: tuple[Path, Path]) -> None:
    pre, post = collections
    folder = pre.parent
    before = state(folder)
    out = tmp_path / "out"
    commands: list[list[object]] = [
        ["validate", pre],
        ["diagnose", pre, "-o", out / "d", "--format", "html,json,xlsx"],
        ["compare", pre, post, "-o", out / "c", "--format", "html,json"],
        ["batch", folder, "-o", out / "b", "-j", "1", "--format", "html,json", "--compare"],
    ]
    for command in commands:
        result = run(command)
        assert result.exit_code == 0, (command[0], result.stderr)
        assert state(folder) == before, command[0]  # no byte, time or lock file changed


# --------------------------------------------------------------------------- interrupted runs


def subprocess_args(workbook: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "culturekit.cli",
        "diagnose",
        str(workbook),
        "-o",
        str(out),
        "--format",
        "html,json",
        "-q",
    ]


def subprocess_env() -> dict[str, str]:
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path, "SOURCE_DATE_EPOCH": EPOCH}


@pytest.fixture
def finished_run(tmp_path: Path) -> tuple[list[str], dict[str, bytes], float]:
    """A diagnose run left to finish: its command, its outputs and how long it took."""
    workbook = make_workbook(tmp_path, good_sheets())
    out = tmp_path / "out"
    args = subprocess_args(workbook, out)
    started = time.monotonic()
    subprocess.run(args, env=subprocess_env(), check=True, capture_output=True, timeout=300)
    duration = time.monotonic() - started
    new = {name: (out / name).read_bytes() for name in OUTPUTS}
    assert new["report.html"].rstrip().endswith(b"</html>")
    return args, new, duration


def restore_old(out: Path) -> None:
    for name, content in OLD.items():
        (out / name).write_bytes(content)


def assert_whole(out: Path, new: dict[str, bytes]) -> list[str]:
    """Each output is the old file or the new one; returns the other files left."""
    for name in OUTPUTS:
        content = (out / name).read_bytes()
        assert content in (OLD[name], new[name]), f"{name} is neither old nor new"
    assert (out / "report.html").read_bytes().rstrip().endswith(b"</html>")
    return sorted(p.name for p in out.iterdir() if p.name not in OUTPUTS)


# Runs culturekit in a child process whose writes pause after each temporary file is
# written and before it is renamed, saying so on stderr: a signal can then be sent at an
# exact write, not only at a random moment.
SLOW_WRITER = """
import os, sys, time
real_fsync = os.fsync
def fsync(fd):
    real_fsync(fd)
    sys.stderr.write("written, not yet renamed\\n")
    sys.stderr.flush()
    time.sleep(0.5)
os.fsync = fsync
from culturekit.cli import main
main()
"""


def signal_at_write(args: list[str], write: int, signum: int) -> tuple[int, str]:
    """Run ``args`` (a culturekit command) and send ``signum`` while temporary file number
    ``write`` is written but not yet renamed; return the exit code and stderr."""
    command = [sys.executable, "-c", SLOW_WRITER, *args[args.index("diagnose") :]]
    process = subprocess.Popen(
        command, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    seen = 0
    for line in process.stderr:
        if b"not yet renamed" in line:
            seen += 1
            if seen == write:
                process.send_signal(signum)
                break
    _, rest = process.communicate(timeout=120)
    assert seen == write, "the run wrote fewer files than expected"
    return process.returncode, rest.decode("utf-8", "replace")


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
@pytest.mark.parametrize(
    ("write", "expected"),
    [(1, ("old", "old")), (2, ("new", "old"))],
    ids=["killed-writing-report.html", "killed-writing-diagnosis.json"],
)
def test_run_killed_while_writing_leaves_whole_files(
    tmp_path: Path,
    finished_run: tuple[list[str], dict[str, bytes], float],
    write: int,
    expected: tuple[str, str],
) -> None:
    args, new, _ = finished_run
    out = tmp_path / "out"
    restore_old(out)
    code, _ = signal_at_write(args, write, signal.SIGKILL)
    assert code == -signal.SIGKILL
    left = assert_whole(out, new)
    found = tuple("new" if (out / n).read_bytes() == new[n] else "old" for n in OUTPUTS)
    assert found == expected
    # The killed process could not remove its temporary file: exactly one is left.
    assert len(left) == 1 and TEMPORARY.match(left[0]), left
    assert left[0].startswith(f".{OUTPUTS[write - 1]}.")
    # The next run removes it.
    subprocess.run(args, env=subprocess_env(), check=True, capture_output=True, timeout=300)
    assert assert_whole(out, new) == []


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process is POSIX")
@pytest.mark.parametrize(
    ("write", "expected"),
    [(1, ("old", "old")), (2, ("new", "old"))],
    ids=["ctrl-c-writing-report.html", "ctrl-c-writing-diagnosis.json"],
)
def test_ctrl_c_while_writing_leaves_no_partial_file(
    tmp_path: Path,
    finished_run: tuple[list[str], dict[str, bytes], float],
    write: int,
    expected: tuple[str, str],
) -> None:
    args, new, _ = finished_run
    out = tmp_path / "out"
    restore_old(out)
    code, stderr = signal_at_write(args, write, signal.SIGINT)
    assert code == 130, stderr
    assert stderr.startswith("Error: interrupted"), stderr
    assert "Traceback" not in stderr
    assert assert_whole(out, new) == []  # its own temporary file was removed
    found = tuple("new" if (out / n).read_bytes() == new[n] else "old" for n in OUTPUTS)
    assert found == expected


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_run_killed_at_random_moments_leaves_whole_files(
    tmp_path: Path, finished_run: tuple[list[str], dict[str, bytes], float]
) -> None:
    args, new, duration = finished_run
    out = tmp_path / "out"
    chance = random.Random(20251129)
    for moment in sorted(chance.uniform(0.05, 1.0) * duration for _ in range(5)):
        restore_old(out)
        process = subprocess.Popen(
            args, env=subprocess_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(moment)
        process.kill()
        process.wait(timeout=60)
        left = assert_whole(out, new)
        assert all(TEMPORARY.match(name) for name in left), left
    subprocess.run(args, env=subprocess_env(), check=True, capture_output=True, timeout=300)
    assert assert_whole(out, new) == []


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process is POSIX")
def test_ctrl_c_while_reading_gives_an_error(
    tmp_path: Path, finished_run: tuple[list[str], dict[str, bytes], float]
) -> None:
    args, new, duration = finished_run
    out = tmp_path / "out"
    restore_old(out)
    process = subprocess.Popen(
        args, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    time.sleep(max(1.0, 0.3 * duration))  # culturekit has started: it is loading
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert b"Traceback" not in stdout + stderr, stderr.decode()
    if process.returncode != 0:  # 0: it had already finished
        # When the interrupt lands while an extension module is being imported, CPython
        # may end the process by SIGINT after culturekit handled it; a shell shows both
        # as exit status 130.
        assert process.returncode in (130, -signal.SIGINT), stderr.decode()
        assert stderr.decode().startswith("Error: interrupted")
    assert assert_whole(out, new) == []


def test_next_run_removes_only_stale_temporaries(tmp_path: Path) -> None:
    workbook = make_workbook(tmp_path, good_sheets())
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # its pid now names no running process
    stale = out / f".report.html.{dead.pid}-abcd_123.tmp"
    old_style = out / ".diagnosis.json.q1w2e3r4.tmp"  # no pid: stale once old enough
    fresh_old_style = out / ".report.html.z9y8x7w6.tmp"
    running = out / f".report.html.{os.getpid()}-live1234.tmp"  # its writer is running
    theirs = [out / ".notes.tmp", out / "report.html.bak", out / ".report.html.tmp"]
    for path in (stale, old_style, fresh_old_style, running, *theirs):
        path.write_bytes(b"partial")
    hour_ago = time.time() - 3600
    os.utime(old_style, (hour_ago, hour_ago))
    result = run(["diagnose", workbook, "-o", out, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    left = {p.name for p in out.iterdir()}
    assert stale.name not in left and old_style.name not in left
    assert {fresh_old_style.name, running.name, *(p.name for p in theirs)} <= left


def test_write_atomic_interrupted_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.html"
    target.write_bytes(OLD["report.html"])

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(target, "<html>new</html>\n")
    assert target.read_bytes() == OLD["report.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


# --------------------------------------------------------------------------- repeatable


def test_same_input_gives_the_same_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    workbook = make_workbook(tmp_path, good_sheets())
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert run(["diagnose", workbook, "-o", out, "--format", "html,json"]).exit_code == 0
    assert (first / "diagnosis.json").read_bytes() == (second / "diagnosis.json").read_bytes()
    pages = [(out / "report.html").read_text(encoding="utf-8") for out in (first, second)]
    assert all(GENERATED.search(page) for page in pages)
    assert GENERATED.sub("<time>", pages[0]) == GENERATED.sub("<time>", pages[1])


def test_source_date_epoch_fixes_the_generation_time(tmp_path: Path) -> None:
    workbook = make_workbook(tmp_path, good_sheets())
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = run(
            ["diagnose", workbook, "-o", out, "--format", "html,json"], SOURCE_DATE_EPOCH=EPOCH
        )
        assert result.exit_code == 0
    html = [(out / "report.html").read_bytes() for out in (first, second)]
    assert html[0] == html[1]
    assert GENERATED.findall(html[0].decode("utf-8")) and all(
        found == "14 November 2023, 22:13 UTC"
        for found in GENERATED.findall(html[0].decode("utf-8"))
    )
    assert (first / "diagnosis.json").read_bytes() == (second / "diagnosis.json").read_bytes()


# --------------------------------------------------------------------------- all or nothing

BROKEN_TEMPLATES = [
    pytest.param("{% if %}", id="syntax-error"),
    pytest.param("{% include 'no-such-part.html' %}", id="missing-include"),
    pytest.param("{{ 1 / 0 }}", id="python-error"),
]


@pytest.mark.parametrize("template", BROKEN_TEMPLATES)
def test_rendering_failure_writes_nothing(tmp_path: Path, template: str) -> None:
    workbook = make_workbook(tmp_path, good_sheets())
    templates = tmp_path / "branding"
    templates.mkdir()
    (templates / "report.html").write_text(template, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    restore_old(out)
    before = state(out)
    # json and xlsx are rendered before html fails.
    result = run(
        ["diagnose", workbook, "-o", out, "--templates", templates, "--format", "json,xlsx,html"]
    )
    assert result.exit_code == 7, result.stderr
    assert result.stderr.startswith("Error: ")
    assert state(out) == before  # not one file written, the old ones untouched
    fresh = tmp_path / "fresh"
    result = run(
        ["diagnose", workbook, "-o", fresh, "--templates", templates, "--format", "json,xlsx,html"]
    )
    assert result.exit_code == 7
    assert not fresh.exists()


# --------------------------------------------------------------------------- never over an input


def refused(result: Result, target: Path) -> None:
    assert result.exit_code == 7, result.stderr
    assert result.stderr.startswith(f"Error: {target}: is an input of this run"), result.stderr
    assert "nothing was written" in result.stderr


def test_diagnose_never_writes_over_its_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    workbook = make_workbook(out, good_sheets(), name="report.xlsx")
    before = state(out)
    refused(run(["diagnose", workbook, "-o", out]), workbook)
    assert state(out) == before  # not even report.html, which replaces nothing


@pytest.mark.skipif(os.name != "posix", reason="links as POSIX makes them")
@pytest.mark.parametrize("link", [os.symlink, os.link], ids=["symbolic-link", "hard-link"])
def test_an_input_under_another_name_is_still_the_input(
    tmp_path: Path, link: Callable[[Path, Path], None]
) -> None:
    workbook = make_workbook(tmp_path, good_sheets())
    out = tmp_path / "out"
    out.mkdir()
    link(workbook, out / "report.xlsx")
    before = state(tmp_path)
    result = run(["diagnose", workbook, "-o", out, "--format", "json,xlsx"])
    refused(result, out / "report.xlsx")
    assert f"(the same file as {workbook})" in result.stderr
    assert state(tmp_path) == before
    assert os.path.samefile(out / "report.xlsx", workbook)


def test_compare_never_writes_over_its_input(collections: tuple[Path, Path]) -> None:
    pre, post = collections
    folder = pre.parent
    post = post.rename(folder / "compare.xlsx")
    before = state(folder)
    refused(run(["compare", pre, post, "-o", folder]), post)
    assert state(folder) == before


def test_batch_refuses_before_anything_runs(tmp_path: Path) -> None:
    """A workbook where batch would write that trust's report: nothing is written."""
    out = tmp_path / "out"
    (out / "report").mkdir(parents=True)
    workbook = make_workbook(out / "report", good_sheets(), name="report.xlsx")
    other = make_workbook(tmp_path, good_sheets(), name="other.xlsx")
    before = state(tmp_path)
    result = run(["batch", workbook, other, "-o", out, "-j", "1", "--format", "json,xlsx"])
    refused(result, workbook)
    assert state(tmp_path) == before


def test_nothing_is_written_into_the_templates_folder(tmp_path: Path) -> None:
    workbook = make_workbook(tmp_path, good_sheets())
    branding = tmp_path / "branding"
    branding.mkdir()
    (branding / "report.html").write_text('{% extends "default:report.html" %}', "utf-8")
    before = state(branding)
    result = run(["diagnose", workbook, "--templates", branding, "-o", branding])
    assert result.exit_code == 7, result.stderr
    assert result.stderr.startswith(f"Error: {branding / 'report.html'}: is inside the templates")
    assert state(branding) == before


def test_a_framework_file_is_never_replaced_by_what_it_makes(tmp_path: Path) -> None:
    framework = tmp_path / "framework.yaml"
    assert run(["framework", "--write", framework]).exit_code == 0
    framework.write_text(framework.read_text("utf-8") + "# our own notes\n", "utf-8")
    before = state(tmp_path)
    for command in (
        ["framework", "--framework", framework, "--write", framework, "--force"],
        ["template", framework, "--framework", framework, "--force"],
    ):
        result = run(command)
        refused(result, framework)
        assert "choose another file to write" in result.stderr
        assert state(tmp_path) == before


def test_batch_never_reads_inside_its_output_folder(tmp_path: Path) -> None:
    """Its output folder inside its input folder: the next run does not read the reports
    the last one wrote as trusts' workbooks, and says so."""
    folder = tmp_path / "trusts"
    folder.mkdir()
    make_workbook(folder, good_sheets(), name="northwick.xlsx")
    out = folder / "out"
    args = ["-o", out, "-j", "1", "--format", "json,xlsx"]
    first = run(["batch", folder, *args])
    assert first.exit_code == 0, first.stderr
    assert (out / "northwick" / "report.xlsx").exists()
    assert (out / "network" / "network.xlsx").exists()
    for paths in ([folder], [f"{folder}/**/*.xlsx"]):
        again = run(["batch", *paths, *args])
        assert again.exit_code == 0, again.stderr
        assert "1 of 1 workbooks diagnosed" in again.stdout
        assert "Note: 2 workbooks inside the output folder were not read" in again.stdout
        assert sorted(p.name for p in out.iterdir()) == ["network", "northwick"]


def test_batch_into_its_own_input_folder_reads_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "trusts"
    folder.mkdir()
    make_workbook(folder, good_sheets(), name="northwick.xlsx")
    before = state(folder)
    result = run(["batch", folder, "-o", folder, "-j", "1"])
    assert result.exit_code == 3, result.stderr
    assert (
        f"no workbooks found in the paths given (1 workbook inside the output folder {folder} "
        "was not read" in result.stderr
    )
    assert "choose one outside the folders given" in result.stderr
    assert state(folder) == before


def test_a_trust_whose_chart_fails_leaves_none_of_its_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """matplotlib's own failure (an unescaped mathtext label) for one trust of a batch:
    that trust fails with exit 7 and its last reports stay as they were; the other
    trust and the network summary are written."""
    from culturekit import batch as batch_module
    from culturekit.report import html
    from culturekit.report.charts.figure import new_figure, to_svg

    drawn = html.diagnosis_charts

    def charts(diagnosis: object) -> dict[str, object]:
        if diagnosis.trust.code == "RBD":  # type: ignore[attr-defined]
            figure, axes = new_figure(6.4, 4.8)
            axes.set_xlabel("Vision $\\frac{$ values")  # as a label was drawn before
            return {"summary": to_svg(figure, "Element scores")}
        return drawn(diagnosis)

    monkeypatch.setattr(html, "diagnosis_charts", charts)
    folder = tmp_path / "trusts"
    folder.mkdir()
    make_workbook(folder, good_sheets(), name="good.xlsx")
    bad_trust = [list(row) for row in TRUST_ROWS]
    bad_trust[2][1] = "RBD"
    make_workbook(folder, good_sheets(Trust=bad_trust), name="bad.xlsx")
    out = tmp_path / "out"
    (out / "bad").mkdir(parents=True)
    restore_old(out / "bad")  # last run's reports of the trust
    before = state(out / "bad")
    # json and xlsx are rendered before html fails.
    result = batch_module.batch([folder], out, jobs=1, formats=["json", "xlsx", "html"])
    failed = {t.path.name: t for t in result.trusts if not t.ok}
    assert list(failed) == ["bad.xlsx"]
    assert failed["bad.xlsx"].exit_code == 7
    assert "a chart could not be drawn" in (failed["bad.xlsx"].error or "")
    assert state(out / "bad") == before
    assert {p.name for p in (out / "good").iterdir()} == {
        "report.html",
        "report.xlsx",
        "diagnosis.json",
        ".culturekit-manifest.json",
    }
    assert (out / "network" / "network.json").exists()

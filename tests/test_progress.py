"""A batch's progress: a redrawn line on a terminal, plain lines elsewhere, and a re-run
that says what it did not rebuild."""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from bad_inputs import staff_rows
from click.testing import CliRunner
from helpers.workbooks import TRUST_ROWS, make_workbook

from culturekit.cli import cli
from culturekit.report.progress import BatchProgress


@dataclass
class Event:
    done: int
    total: int
    path: Path
    ok: bool
    message: str
    skipped: bool = False
    stage: str = "diagnosis"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def events() -> list[tuple[float, Event]]:
    """Four trusts: one up to date at once, one failing, two built 30 s apart."""
    return [
        (0.0, Event(1, 4, Path("a.xlsx"), True, "up to date", skipped=True)),
        (30.0, Event(2, 4, Path("b.xlsx"), True, "done")),
        (31.0, Event(3, 4, Path("c.xlsx"), False, "file not found")),
        (60.0, Event(4, 4, Path("d.xlsx"), True, "done")),
    ]


def run(interactive: bool) -> str:
    clock, stream = Clock(), io.StringIO()
    progress = BatchProgress(stream, interactive=interactive, clock=clock)
    for at, event in events():
        clock.now = 100.0 + at
        progress(event)
    return stream.getvalue()


def test_plain_lines_when_not_a_terminal() -> None:
    lines = run(interactive=False).splitlines()
    assert "\r" not in "".join(lines) and "\x1b" not in "".join(lines)
    # After b: 1 built in 30 s, 2 to go, so 60 s left.
    assert lines == [
        "[1/4] a.xlsx: ok (up to date); 1/4 done, 1 up to date",
        "[2/4] b.xlsx: ok (done); 2/4 done, 1 up to date, about 1 min left",
        # c's failure is done but says nothing of the pace: 1 built in 31 s, 1 to go.
        "[3/4] c.xlsx: FAILED (file not found); 3/4 done, 1 failed, 1 up to date, about 31 s left",
        "[4/4] d.xlsx: ok (done); 4/4 done, 1 failed, 1 up to date",
    ]


def test_one_redrawn_line_on_a_terminal() -> None:
    text = run(interactive=True)
    frames = text.split("\r")[1:]
    assert len(frames) == 4
    assert (
        frames[1]
        == "Diagnosing [############------------] 2/4 done, 1 up to date, about 1 min left\x1b[K"
    )
    assert frames[-1].startswith("Diagnosing [########################] 4/4 done, 1 failed")
    assert text.endswith("\x1b[K\n") and text.count("\n") == 1


def test_a_file_name_cannot_drive_the_terminal() -> None:
    stream = io.StringIO()
    BatchProgress(stream, interactive=False)(Event(1, 1, Path("x\x1b[2J.xlsx"), True, "done"))
    assert "\x1b" not in stream.getvalue() and "\\x1b[2J" in stream.getvalue()


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0.2, "1 s"),
        (44.4, "44 s"),
        (89, "1 min"),
        (91, "2 min"),
        (3600, "1 h"),
        (5500, "1 h 32 min"),
    ],
)
def test_time_left_in_words(seconds: float, words: str) -> None:
    from culturekit.report.progress import duration

    assert duration(seconds) == words


def test_a_re_run_skips_what_is_up_to_date_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for code in ("RXA", "RXB"):
        trust = [list(row) for row in TRUST_ROWS]
        trust[2][1] = code
        make_workbook(folder, {"Trust": trust, "Staff": staff_rows(12)}, name=f"{code}.xlsx")
    args = ["batch", str(folder), "-o", str(tmp_path / "out"), "-j", "1", "--format", "json"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[-1] == "2 of 2 workbooks diagnosed"
    # One input changes: only it is rebuilt.
    shutil.copy(folder / "RXA.xlsx", folder / "RXB.xlsx")
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[-1] == (
        "2 of 2 workbooks diagnosed, 1 of them up to date and not rebuilt"
    )
    rows = {line.split()[0]: line for line in again.stdout.splitlines() if ".xlsx" in line}
    assert "up to date" in rows["RXA.xlsx"] and "ok (" in rows["RXB.xlsx"]
    assert "[1/2] RXA.xlsx: ok (up to date)" in again.stderr
    assert "[2/2] RXB.xlsx: ok (done)" in again.stderr

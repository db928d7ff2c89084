"""The bundled examples' outputs, compared with the gold files in ``tests/gold/``.

These guard every refactor: a change of output must be deliberate, accepted with
``CULTUREKIT_ACCEPT_GOLD=1`` (see ``tests/goldtest.py``) and committed on its own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import goldtest
import pytest
from click.testing import CliRunner
from helpers.workbooks import ROOT

from culturekit.cli import cli

FORMATS = "html,json,xlsx"
# The board pack is a trust's, not a network's: diagnose and compare write it too.
REPORT_FORMATS = f"{FORMATS},pptx"


def _run(args: list[str], out: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    # Relative paths, as a user types them, in a folder of the test's own, so no output
    # (nor the width of a terminal table) depends on where the checkout is.
    work = out.parent
    (work / "examples").mkdir(exist_ok=True)
    for name in ("northwick-pre.xlsx", "northwick-post.xlsx", "elmbridge-pre.xlsx"):
        shutil.copyfile(ROOT / "examples" / name, work / "examples" / name)
    monkeypatch.chdir(work)
    monkeypatch.setenv("COLUMNS", "100")
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def _outputs(folder: Path) -> dict[str, str]:
    return {
        goldtest.gold_name(path): goldtest.as_text(path)
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def test_diagnosis_gold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "diagnosis"
    terminal = _run(
        ["diagnose", "examples/northwick-pre.xlsx", "-o", out.name, "--format", REPORT_FORMATS],
        out,
        monkeypatch,
    )
    goldtest.check("northwick-diagnosis", {**_outputs(out), "terminal.txt": terminal})


def test_comparison_gold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "comparison"
    terminal = _run(
        [
            "compare",
            "examples/northwick-pre.xlsx",
            "examples/northwick-post.xlsx",
            "-o",
            out.name,
            "--format",
            REPORT_FORMATS,
        ],
        out,
        monkeypatch,
    )
    goldtest.check("northwick-comparison", {**_outputs(out), "terminal.txt": terminal})


def test_network_gold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "batch"
    terminal = _run(
        [
            "batch",
            "examples/northwick-pre.xlsx",
            "examples/elmbridge-pre.xlsx",
            "-o",
            out.name,
            "-j",
            "1",
            "--format",
            FORMATS,
        ],
        out,
        monkeypatch,
    )
    goldtest.check("network", {**_outputs(out / "network"), "terminal.txt": terminal})

"""The bundled examples' outputs, compared with the gold files in ``tests/gold/``.

These guard every refactor: a change of output must be deliberate, accepted with
``CULTUREKIT_ACCEPT_GOLD=1`` (see ``tests/goldtest.py``) and committed on its own.
"""

from __future__ import annotations

from pathlib import Path

import goldtest
import pytest
from click.testing import CliRunner
from helpers.workbooks import ROOT

from culturekit.cli import cli

FORMATS = "html,json,xlsx"


def _run(args: list[str], out: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    # Relative input paths, as a user types them, so the outputs name no machine's folders.
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "100")
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout.replace(str(out), "OUT")


def _outputs(folder: Path) -> dict[str, str]:
    return {
        goldtest.gold_name(path): goldtest.as_text(path)
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def _scrubs(out: Path) -> list[goldtest.Scrub]:
    return [(str(out), "OUT")]


def test_diagnosis_gold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "diagnosis"
    terminal = _run(
        ["diagnose", "examples/northwick-pre.xlsx", "-o", str(out), "--format", FORMATS],
        out,
        monkeypatch,
    )
    goldtest.compare(
        "northwick-diagnosis", {**_outputs(out), "terminal.txt": terminal}, _scrubs(out)
    )


def test_comparison_gold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "comparison"
    terminal = _run(
        [
            "compare",
            "examples/northwick-pre.xlsx",
            "examples/northwick-post.xlsx",
            "-o",
            str(out),
            "--format",
            FORMATS,
        ],
        out,
        monkeypatch,
    )
    goldtest.compare(
        "northwick-comparison", {**_outputs(out), "terminal.txt": terminal}, _scrubs(out)
    )


def test_network_gold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "batch"
    terminal = _run(
        [
            "batch",
            "examples/northwick-pre.xlsx",
            "examples/elmbridge-pre.xlsx",
            "-o",
            str(out),
            "-j",
            "1",
            "--format",
            FORMATS,
        ],
        out,
        monkeypatch,
    )
    goldtest.compare(
        "network", {**_outputs(out / "network"), "terminal.txt": terminal}, _scrubs(out)
    )

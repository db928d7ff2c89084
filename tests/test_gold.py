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


def _typst(data: Path, model: str, name: str) -> dict[str, str]:
    """The PDF's Typst source (its text, every value it prints), from the run's JSON: the
    PDF's bytes depend on the fonts installed, its source does not."""
    import importlib

    from culturekit.report.pdf import render_typst

    module, _, cls = model.partition(":")
    result = getattr(importlib.import_module(module), cls).model_validate_json(
        data.read_text(encoding="utf-8")
    )
    return {name: render_typst(result)}


def test_diagnosis_gold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "diagnosis"
    terminal = _run(
        ["diagnose", "examples/northwick-pre.xlsx", "-o", out.name, "--format", REPORT_FORMATS],
        out,
        monkeypatch,
    )
    typst = _typst(out / "diagnosis.json", "culturekit.results:Diagnosis", "report.typ")
    goldtest.check("northwick-diagnosis", {**_outputs(out), **typst, "terminal.txt": terminal})


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
    typst = _typst(out / "comparison.json", "culturekit.comparison:Comparison", "compare.typ")
    goldtest.check("northwick-comparison", {**_outputs(out), **typst, "terminal.txt": terminal})


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
    summary = "culturekit.results.network:NetworkSummary"
    typst = _typst(out / "network" / "network.json", summary, "network.typ")
    goldtest.check("network", {**_outputs(out / "network"), **typst, "terminal.txt": terminal})

"""A command imports what it uses and nothing else: checked in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from bad_inputs import good_sheets
from helpers.workbooks import make_workbook

ROOT = Path(__file__).resolve().parents[1]


def loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    script = textwrap.dedent(code) + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=300,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_a_diagnosis_to_html_and_json_imports_no_comparison_solver_or_pyplot(
    tmp_path: Path,
) -> None:
    # A trust whose published figures the audit passes without a linear programme.
    workbook = make_workbook(tmp_path, good_sheets())
    loaded = loaded_after(
        f"""
        import culturekit
        culturekit.write_report(
            culturekit.diagnose({str(workbook)!r}), {str(tmp_path / "out")!r}, ["html", "json"]
        )
        """
    )
    assert "matplotlib.figure" in loaded  # the charts were drawn
    for unused in (
        "matplotlib.pyplot",
        "scipy.optimize",
        "culturekit.results.comparison",
        "culturekit.comparison",
        "culturekit.results.network",
        "openpyxl",
        "typst",
    ):
        assert unused not in loaded, unused


def test_the_command_line_help_imports_no_library() -> None:
    loaded = loaded_after(
        """
        from click.testing import CliRunner
        from culturekit.cli import cli
        assert CliRunner().invoke(cli, ["--help"]).exit_code == 0
        """
    )
    for heavy in ("pandas", "numpy", "matplotlib", "scipy", "pydantic", "jinja2"):
        assert heavy not in loaded, heavy

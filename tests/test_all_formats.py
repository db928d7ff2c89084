"""The command a trust runs after `pip install culturekit`: every format at once, from the
installed command, with nothing from the system (the PDF is Typst's, from pip)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from helpers.workbooks import EXAMPLES
from openpyxl import load_workbook
from pptx import Presentation

FORMATS = {
    "html": "report.html",
    "json": "diagnosis.json",
    "xlsx": "report.xlsx",
    "pdf": "report.pdf",
    "pptx": "report.pptx",
}


def test_diagnose_writes_all_five_formats(tmp_path: Path):
    command = shutil.which("culturekit") or ""
    args = [command] if command else [sys.executable, "-m", "culturekit"]
    out = tmp_path / "out"
    done = subprocess.run(
        [
            *args,
            "diagnose",
            str(EXAMPLES / "northwick-pre.xlsx"),
            "-o",
            str(out),
            "--format",
            ",".join(FORMATS),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    written = {p.name for p in out.iterdir()}
    assert set(FORMATS.values()) <= written
    assert "<html" in (out / "report.html").read_text(encoding="utf-8")[:500].lower()
    name = json.loads((out / "diagnosis.json").read_text(encoding="utf-8"))["trust"]["name"]
    assert name.startswith("Northwick")
    assert load_workbook(out / "report.xlsx", read_only=True).sheetnames
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF-")
    assert zipfile.is_zipfile(out / "report.pptx")
    deck = Presentation(str(out / "report.pptx"))
    assert len(deck.slides) >= 8

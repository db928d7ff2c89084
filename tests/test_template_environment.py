"""Templates are loaded once per process, without missing a template added to, or
edited in, a trust's folder."""

from __future__ import annotations

import os
from pathlib import Path

import culturekit


def test_a_template_added_to_the_folder_is_used(
    northwick_diagnosis: culturekit.Diagnosis, tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a report template", "utf-8")
    shipped = culturekit.render_html(northwick_diagnosis, templates=folder)
    assert "<svg" in shipped
    (folder / "report.html").write_text("Own report for {{ trust.name }}", "utf-8")
    own = culturekit.render_html(northwick_diagnosis, templates=folder)
    assert own == f"Own report for {northwick_diagnosis.trust.name}"
    # And an edit to it, as Jinja reloads a changed template.
    template = folder / "report.html"
    before = template.stat().st_mtime_ns
    template.write_text("Edited: {{ trust.name }}", "utf-8")
    os.utime(template, ns=(before + 10**9, before + 10**9))  # however coarse the clock
    edited = culturekit.render_html(northwick_diagnosis, templates=folder)
    assert edited == f"Edited: {northwick_diagnosis.trust.name}"
